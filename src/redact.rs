//! The one redaction for every channel that leaves the process (SPEC section 5, "Nothing
//! about a person outside the PDF"): standard error, the log at every level, the batch
//! manifest, HTTP bodies and headers. Messages are built to carry JSON paths, kinds and
//! positions, never values; this is the net under that rule, for what a message cannot
//! avoid echoing (the operator's own file names) and for any slip.
//!
//! A CPR number is withheld in each spelling a case system or a person uses: `ddmmyy-xxxx`,
//! `ddmmyy xxxx` and `ddmmyyxxxx` (also with a non-breaking space or a typographic dash).

use std::io;

/// What a withheld number is replaced by.
pub const WITHHELD: &str = "(number withheld)";

/// Characters that may join the two digit groups of a CPR number: a dash, a space, a
/// non-breaking space, and the dashes word processors substitute for `-`.
fn is_separator(c: char) -> bool {
    matches!(c, '-' | ' ' | '\u{a0}' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}')
}

/// Whether a run of digits and separators could hold a CPR number: a group of ten or more
/// digits, or two neighbouring groups joined by one separator with ten or more digits
/// between them ("1-240390-1234" too: any part that could be one takes the whole run).
fn cpr_in_run(run: &[char]) -> bool {
    let groups: Vec<usize> = run.split(|&c| is_separator(c)).map(<[char]>::len).collect();
    groups.iter().any(|&g| g >= 10)
        || groups.windows(2).any(|w| w[0] > 0 && w[1] > 0 && w[0] + w[1] >= 10)
}

/// `text` with every run of digits that could be a CPR number, in any spelling, replaced
/// by [`WITHHELD`]. Everything else is kept as it is.
pub fn cpr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        // Separators at either end of the run belong to the text around it.
        let start = run.iter().position(|&c| !is_separator(c)).unwrap_or(run.len());
        let end = run.iter().rposition(|&c| !is_separator(c)).map_or(start, |i| i + 1);
        let (lead, rest) = run.split_at(start);
        let (core, trail) = rest.split_at(end - start);
        out.extend(lead);
        if cpr_in_run(core) {
            out.push_str(WITHHELD);
        } else {
            out.extend(core);
        }
        out.extend(trail);
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || is_separator(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Whether `text` could hold a CPR number: ten digits in a row, or six and four joined by
/// one separator (`ddmmyy-xxxx`, `ddmmyy xxxx`, `ddmmyyxxxx`). Narrower than [`cpr`],
/// which withholds any ten digits split once (`2026-000731` too): this decides whether an
/// identifier may name a file, where `PV-2026-000731` must stay what it is.
pub fn has_cpr(text: &str) -> bool {
    let mut groups: Vec<usize> = vec![0];
    let mut last_separator = false;
    for c in text.chars().chain(std::iter::once('x')) {
        if c.is_ascii_digit() {
            if let Some(g) = groups.last_mut() {
                *g += 1;
            }
            last_separator = false;
        } else if is_separator(c) && !last_separator {
            groups.push(0);
            last_separator = true;
        } else {
            if groups.iter().any(|&g| g >= 10)
                || groups.windows(2).any(|w| w[0] >= 6 && w[1] >= 4)
            {
                return true;
            }
            groups = vec![0];
            last_separator = false;
        }
    }
    false
}

/// One line for a log or a terminal: CPR numbers withheld and control characters escaped
/// (`\n`, `\u{1b}`), so a file name cannot forge a line or move the cursor.
pub fn line(text: &str) -> String {
    let withheld = cpr(text);
    if !withheld.chars().any(char::is_control) {
        return withheld;
    }
    withheld
        .chars()
        .map(
            |c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            },
        )
        .collect()
}

/// A writer that withholds CPR numbers in what passes through it, for the log: the
/// formatter writes each event whole, so a number is never split between two writes.
#[derive(Debug)]
pub struct Redacting<W>(pub W);

impl<W: io::Write> io::Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(cpr(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// A message from serde (or a parser built like it) without the input value it quotes:
/// `unknown variant `240390-1234`, expected one of `citizen`, …` becomes `unknown
/// variant, expected one of `citizen`, …`. What follows ", expected" is the contract's
/// text, never input; what stands before it is rebuilt from serde's fixed words only.
pub fn serde_message(message: &str) -> String {
    // serde appends " at line L column C" for JSON; positions are reported separately.
    let message = message.rsplit_once(" at line ").map_or(message, |(m, _)| m);
    let expected = message.rsplit_once(", expected ").map(|(_, e)| e);
    let head = message.split_once(['`', '"']).map_or(message, |(h, _)| h).trim_end();
    let with = |what: &str| match expected {
        Some(e) => format!("{what}, expected {e}"),
        None => what.to_owned(),
    };
    for fixed in ["unknown variant", "unknown field", "duplicate field", "missing field"]
    {
        if message.starts_with(fixed) {
            if fixed == "missing field" || fixed == "duplicate field" {
                // The field's name is the contract's, not the input's: keep it.
                return cpr(message);
            }
            if message.ends_with("there are no variants")
                || message.contains("there are no fields")
            {
                return format!("{fixed}, there is none to choose here");
            }
            return with(fixed);
        }
    }
    for fixed in ["invalid type", "invalid value", "invalid length"] {
        if let Some(rest) = message.strip_prefix(fixed) {
            // "invalid type: string \"…\"": keep the kind of value (`string`, `integer`,
            // `map`), never the value.
            let kind = rest
                .trim_start_matches(':')
                .trim_start()
                .split([' ', ','])
                .next()
                .filter(|k| k.chars().all(|c| c.is_ascii_alphabetic()))
                .unwrap_or("");
            let what = if kind.is_empty() {
                fixed.to_owned()
            } else {
                format!("{fixed}: {kind}")
            };
            return with(&what);
        }
    }
    // Anything else: serde's own words up to the first quoted part.
    with(&cpr(head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_cpr_number_is_withheld() {
        for spelling in ["240390-1234", "240390 1234", "2403901234", "240390\u{a0}1234"] {
            let text = format!("depression, CPR {spelling}.");
            assert_eq!(cpr(&text), "depression, CPR (number withheld).", "{spelling}");
            assert!(has_cpr(&text));
        }
        assert_eq!(cpr("x 0-000000-0000 y"), "x (number withheld) y");
        assert_eq!(cpr("\"2403901234\""), "\"(number withheld)\"");
        for kept in ["12345--67890 2026-03-02 1-2", "line 3, column 17", "- 12 -", ""] {
            assert_eq!(cpr(kept), kept);
            assert!(!has_cpr(kept), "{kept}");
        }
        // An identifier that cannot be a CPR number names its file.
        for id in ["PV-2026-000731", "12345-67890", "2026-03-02"] {
            assert!(!has_cpr(id), "{id}");
        }
        assert!(has_cpr("PV-1-240390-1234") && has_cpr("x2403901234y"));
    }

    #[test]
    fn lines_escape_control_characters() {
        assert_eq!(line("a\nerror: forged"), "a\\nerror: forged");
        assert_eq!(line("240390-1234.json"), "(number withheld).json");
    }

    #[test]
    fn serde_messages_lose_the_value() {
        let cases = [
            (
                "unknown variant `240390-1234`, expected one of `citizen`, `jobcenter`, `akasse`",
                "unknown variant, expected one of `citizen`, `jobcenter`, `akasse`",
            ),
            (
                "unknown field `Amina er syg`, expected `id` or `name` at line 1 column 9",
                "unknown field, expected `id` or `name`",
            ),
            (
                "invalid type: string \"Amina, expected x\", expected u32",
                "invalid type: string, expected u32",
            ),
            ("invalid value: integer `-4`, expected u8", "invalid value: integer, expected u8"),
            ("missing field `id`", "missing field `id`"),
        ];
        for (from, to) in cases {
            assert_eq!(serde_message(from), to);
        }
    }
}
