//! Web and e-mail addresses in text: found by their syntax, so that each becomes a link
//! (SPEC section 5: "web addresses and e-mail addresses are links") and is never
//! hyphenated.
//!
//! Compose marks the addresses it knows (the jobcenter's e-mail, a contact's); free
//! text written by a caseworker can hold more ("se mere på borger.dk"), which only their
//! form can tell. This is typography, not a decision about what may be shown.

use std::ops::Range;

/// Top-level domains a bare address ("jobnet.dk", "borger.dk/arbejde") may end in; with
/// `https://` or `www.` any domain is an address.
const BARE_TLDS: &[&str] =
    &["dk", "com", "org", "net", "eu", "info", "nu", "de", "se", "no", "gov", "io"];

/// A link found in a text: where it is, and where it leads (`https:…`, `mailto:…`).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte range of the address in the text.
    pub range: Range<usize>,
    /// The URI it opens.
    pub uri: String,
}

/// Every web and e-mail address in `text`, in order.
pub fn find(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    // Cheap exit for the usual paragraph: an address needs a dot.
    if !text.contains('.') {
        return out;
    }
    let mut start = 0;
    for token in text.split(char::is_whitespace) {
        let at = start;
        start += token.len() + 1;
        let (lead, core) = trim_punctuation(token);
        if let Some(uri) = uri(core) {
            let begin = at + lead;
            out.push(Found { range: begin..begin + core.len(), uri });
        }
    }
    out
}

/// Splits off opening brackets and quotes before, and sentence punctuation and closing
/// brackets after, an address: `(jobnet.dk),` → `jobnet.dk`.
fn trim_punctuation(token: &str) -> (usize, &str) {
    let core = token.trim_start_matches(['(', '[', '<', '"', '\'', '«', '»', '“', '„']);
    let lead = token.len() - core.len();
    let core = core.trim_end_matches([
        '.', ',', ';', ':', '!', '?', ')', ']', '>', '"', '\'', '«', '»', '”',
    ]);
    (lead, core)
}

/// The URI an address opens, if `token` is one.
fn uri(token: &str) -> Option<String> {
    if token.len() < 4 || !token.is_ascii() {
        return None;
    }
    if let Some((local, domain)) = token.split_once('@') {
        let local_ok = !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
        return (local_ok && is_domain(domain, None)).then(|| format!("mailto:{token}"));
    }
    let lower = token.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://").or(lower.strip_prefix("http://")) {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        return is_domain(host, None).then(|| token.to_owned());
    }
    let host = lower.split(['/', '?', '#']).next().unwrap_or("");
    let known = if lower.starts_with("www.") { None } else { Some(BARE_TLDS) };
    is_domain(host, known).then(|| format!("https://{token}"))
}

/// Whether `host` is a domain name of two or more labels, ending in a top-level domain
/// of letters (one of `tlds`, if given).
fn is_domain(host: &str, tlds: Option<&[&str]>) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let Some(tld) = labels.last() else { return false };
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && tlds.is_none_or(|t| t.contains(&tld.to_ascii_lowercase().as_str()))
}

/// A part of a set line: running text, or (part of) one address.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The line's glyphs it holds.
    pub glyphs: Range<usize>,
    /// The bytes of the line's text it stands for.
    pub text: Range<usize>,
    /// The address (an index into the `found` it was cut by) it belongs to; `None` for
    /// running text.
    pub address: Option<usize>,
}

/// A set line cut where it enters or leaves an address, so each address's text can be
/// the content of its own Link structure element (ISO 32000-1 §14.8.4.4.2; PDF/UA-1
/// §7.18.5): `glyphs` are the byte ranges of the line's glyphs in its text, `start` the
/// line's offset in the text `found` was found in, `len` the length of the line's text.
/// A glyph is part of an address when all its bytes are. The pieces cover every glyph
/// and every byte, in order; one piece of running text when the line holds no address,
/// or when its glyphs are not in text order (the line is then not cut).
pub fn pieces(
    glyphs: &[Range<usize>],
    start: usize,
    len: usize,
    found: &[Found],
) -> Vec<Piece> {
    let whole = vec![Piece { glyphs: 0..glyphs.len(), text: 0..len, address: None }];
    let in_order = glyphs.windows(2).all(|w| w[0].start <= w[1].start)
        && glyphs.last().is_none_or(|g| g.start <= len);
    if found.is_empty() || !in_order {
        return whole;
    }
    let address = |g: &Range<usize>| {
        let (from, to) = (start + g.start, start + g.end);
        found.iter().position(|f| from >= f.range.start && to <= f.range.end)
    };
    let mut out: Vec<Piece> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        let address = address(g);
        match out.last_mut() {
            Some(last) if last.address == address => last.glyphs.end = i + 1,
            Some(last) if g.start == last.text.start => return whole,
            Some(last) => {
                last.text.end = g.start;
                out.push(Piece { glyphs: i..i + 1, text: g.start..len, address });
            }
            None => out.push(Piece { glyphs: i..i + 1, text: 0..len, address }),
        }
    }
    if out.is_empty() {
        whole
    } else {
        out
    }
}

/// Phone numbers in `text`, by their form: a run of space-separated groups of two to
/// four digits (the first may start with `+`), eight digits or more in all ("+45 87 13
/// 50 00", "89 40 00 00"). Byte ranges, ascending; kept on one line when they fit.
pub fn phones(text: &str) -> Vec<Range<usize>> {
    /// A run of groups: start, end, digits so far.
    type Run = (usize, usize, usize);
    fn flush(run: Option<Run>, out: &mut Vec<Range<usize>>) {
        if let Some((s, e, d)) = run {
            if d >= 8 {
                out.push(s..e);
            }
        }
    }
    let mut out = Vec::new();
    let mut run: Option<Run> = None;
    let mut start = 0;
    for token in text.split(' ') {
        let at = start;
        start += token.len() + 1;
        let core = token.trim_end_matches([',', '.', ';', ')']);
        let digits = core.strip_prefix('+').unwrap_or(core);
        let group =
            (2..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
        if !group || core.starts_with('+') {
            flush(run.take(), &mut out);
        }
        if group {
            let (s, _, d) = run.unwrap_or((at, at, 0));
            run = Some((s, at + core.len(), d + digits.len()));
            // Punctuation after a group ends the number.
            if core.len() != token.len() {
                flush(run.take(), &mut out);
            }
        }
    }
    flush(run, &mut out);
    out
}

/// Where an address wider than a line may be broken, without an added hyphen: after a
/// `/` (not inside `//`) or before a `.`; byte offsets within `address`, ascending.
pub fn breaks(address: &str) -> Vec<usize> {
    let bytes = address.as_bytes();
    let mut out = Vec::new();
    for i in 1..bytes.len() {
        let after_slash = bytes[i - 1] == b'/' && bytes[i] != b'/';
        let before_dot = bytes[i] == b'.' && bytes[i - 1] != b'.';
        if (after_slash || before_dot) && address.is_char_boundary(i) {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uris(text: &str) -> Vec<(&str, String)> {
        find(text).into_iter().map(|f| (&text[f.range], f.uri)).collect()
    }

    #[test]
    fn finds_web_and_mail_addresses_in_prose() {
        assert_eq!(
            uris(
                "Skriv til jobcenter@aarhus.dk, eller se https://www.borger.dk/arbejde."
            ),
            vec![
                ("jobcenter@aarhus.dk", "mailto:jobcenter@aarhus.dk".to_owned()),
                (
                    "https://www.borger.dk/arbejde",
                    "https://www.borger.dk/arbejde".to_owned()
                ),
            ]
        );
        assert_eq!(
            uris("på Jobnet (jobnet.dk), under Min plan"),
            vec![("jobnet.dk", "https://jobnet.dk".to_owned())]
        );
        assert_eq!(
            uris("www.aarhus.dk"),
            vec![("www.aarhus.dk", "https://www.aarhus.dk".into())]
        );
    }

    #[test]
    fn abbreviations_and_numbers_are_not_addresses() {
        for text in [
            "kl. 10.00",
            "bek. § 16, stk. 8",
            "f.eks. i 3.-6. klasse",
            "PV-2026.1",
            "m.m.",
        ] {
            assert!(find(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_line_is_cut_where_an_address_starts_and_ends() {
        // "se jobnet.dk, eller" set from byte 10 of its text, one glyph per byte.
        let text = "se jobnet.dk, eller";
        let whole = format!("0123456789{text}");
        let found = find(&whole);
        let glyphs: Vec<Range<usize>> = (0..text.len()).map(|i| i..i + 1).collect();
        let cut = pieces(&glyphs, 10, text.len(), &found);
        let parts: Vec<(&str, Option<usize>)> =
            cut.iter().map(|p| (&text[p.text.clone()], p.address)).collect();
        assert_eq!(parts, vec![("se ", None), ("jobnet.dk", Some(0)), (", eller", None)]);
        assert_eq!(cut[1].glyphs, 3..12);
        // A line without an address, or with glyphs out of text order, stays whole.
        let plain = pieces(&glyphs, 0, text.len(), &[]);
        assert_eq!(plain, vec![Piece { glyphs: 0..19, text: 0..19, address: None }]);
        let mut reversed = glyphs.clone();
        reversed.reverse();
        assert_eq!(pieces(&reversed, 10, text.len(), &found).len(), 1);
    }

    #[test]
    fn phone_numbers_by_their_form() {
        let text =
            "Ring på +45 87 13 50 00, eller 89 40 00 00. Kl. 10 00 og 2 x 3 timer.";
        let found: Vec<&str> = phones(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, vec!["+45 87 13 50 00", "89 40 00 00"]);
    }

    #[test]
    fn addresses_break_after_a_slash_or_before_a_dot() {
        let a = "https://www.borger.dk/arbejde";
        let cuts: Vec<&str> = breaks(a).into_iter().map(|i| &a[i..]).collect();
        assert_eq!(
            cuts,
            vec!["www.borger.dk/arbejde", ".borger.dk/arbejde", ".dk/arbejde", "arbejde"]
        );
    }
}
