//! Normalisation of the input's text, in one place, before the limits, validation and
//! layout see it: what Unicode (or a word processor) writes in several ways becomes one.
//!
//! - NFC: a decomposed `a` + combining ring (as macOS writes it) is `å`.
//! - CR LF and CR become a line feed; U+2028 LINE SEPARATOR a line feed, U+2029
//!   PARAGRAPH SEPARATOR a blank line (a paragraph break); a tab a space.
//! - Zero-width space, zero-width no-break space and the byte order mark are dropped.
//! - The soft hyphen stays: it is a hyphenation opportunity (UAX #14 breaks after it).
//! - The private-use code points that Word and Outlook put into plain text for the
//!   bullets and symbols of the Symbol and Wingdings fonts (U+F020–U+F0FF: the font's
//!   byte plus 0xF000) become the Unicode characters those fonts draw there ([`word`]).
//!   Other private-use code points have no meaning outside their private agreement and
//!   PDF/A-2a allows none in the text layer: they become U+FFFD REPLACEMENT CHARACTER.
//!
//! Only string values and keys change, inside their quotes; the rest of the JSON text
//! stays as it is, so line numbers in error messages still point into the input.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The Unicode character for a Symbol- or Wingdings-font code point as Word emits it
/// (U+F000 plus the font's byte), for the bullets of Word's bullet library and the
/// symbols its AutoCorrect inserts. Sources: the Unicode Consortium's mapping of the
/// Adobe Symbol encoding (`Public/MAPPINGS/VENDORS/ADOBE/symbol.txt`: 0xB7 bullet,
/// 0xB3 greaterequal, 0xA3 lessequal, 0xAE arrowright, 0xDE arrowdblright) and the
/// Wingdings characters added in Unicode 7.0 (proposal L2/11-052R; table at
/// <https://www.alanwood.net/demos/wingdings.html>: 0xA7 ▪, 0xD8 ➢, 0xFC ✓, 0xFB ✗,
/// 0x76 ❖, 0x6E ■, 0x6F □, 0x4A ☺, 0x4B 😐, 0x4C ☹, 0xE0 and 0xE8 arrows). Where
/// the two fonts disagree on a byte, the bullet Word uses wins (0xB7: Symbol's •, not
/// Wingdings' clock; 0xA7 and 0xD8: Wingdings' ▪ and ➢, not Symbol's ♣ and ¬).
pub fn word(c: char) -> Option<char> {
    Some(match u32::from(c) {
        0xF020 => ' ',
        0xF0B7 => '•',
        0xF0A7 => '▪',
        0xF0D8 => '➢',
        0xF0FC => '✓',
        0xF0FB => '✗',
        0xF076 => '❖',
        0xF06E => '■',
        0xF06F => '□',
        0xF04A => '☺',
        0xF04B => '😐',
        0xF04C => '☹',
        0xF0E0 | 0xF0E8 | 0xF0AE => '→',
        0xF0DE => '⇒',
        0xF0B3 => '≥',
        0xF0A3 => '≤',
        _ => return None,
    })
}

/// Private use: the BMP's area and planes 15 and 16.
pub fn private_use(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Whether a string value may change under [`text`] (cheap; false for almost all).
fn special(c: char) -> bool {
    c >= '\u{300}'
        && (matches!(c, '\u{2028}' | '\u{2029}' | '\u{200B}' | '\u{FEFF}')
            || private_use(c))
}

/// Whether [`text`] may change `s` (no allocation).
fn changes(s: &str) -> bool {
    s.contains(['\r', '\t'])
        || s.chars().any(special)
        || is_nfc_quick(s.chars()) != IsNormalized::Yes
}

/// One text, normalised.
pub fn text(s: &str) -> Cow<'_, str> {
    if !changes(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' => out.push('\n'),
            '\u{2029}' => out.push_str("\n\n"),
            '\t' => out.push(' '),
            '\u{200B}' | '\u{FEFF}' => {}
            c if private_use(c) => out.push(word(c).unwrap_or('\u{FFFD}')),
            c => out.push(c),
        }
    }
    Cow::Owned(out.nfc().collect())
}

/// The JSON text with every string normalised ([`text`]); borrowed when nothing changes
/// (one pass over the bytes for a document without escapes or characters from U+0300).
pub fn json(json: &str) -> Cow<'_, str> {
    let bytes = json.as_bytes();
    let maybe = bytes.iter().enumerate().any(|(i, &b)| {
        b >= 0xCC || (b == b'\\' && matches!(bytes.get(i + 1), Some(b'u' | b'r' | b't')))
    });
    if !maybe {
        return Cow::Borrowed(json);
    }
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < bytes.len() && bytes[i] != b'"' {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        let end = (i + 1).min(bytes.len());
        i = end;
        let Some(literal) = json.get(start..end) else { continue };
        let escaped = ["\\u", "\\r", "\\t"].iter().any(|e| literal.contains(e));
        if !escaped && !changes(literal) {
            continue;
        }
        let Ok(value) = serde_json::from_str::<String>(literal) else { continue };
        if let Cow::Owned(changed) = text(&value) {
            if let Ok(encoded) = serde_json::to_string(&changed) {
                out.push_str(&json[copied..start]);
                out.push_str(&encoded);
                copied = end;
            }
        }
    }
    if copied == 0 {
        return Cow::Borrowed(json);
    }
    out.push_str(&json[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_spelling_for_one_text() {
        assert_eq!(text("a\u{30A}"), "å");
        assert_eq!(text("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(text("a\u{2028}b\u{2029}c\td"), "a\nb\n\nc d");
        assert_eq!(text("\u{FEFF}a\u{200B}b\u{AD}c"), "ab\u{AD}c");
        assert_eq!(text("\u{F0B7} a \u{F0A7} b \u{F0D8} c \u{F0FC}"), "• a ▪ b ➢ c ✓");
        assert_eq!(text("\u{E000}"), "\u{FFFD}");
        assert!(matches!(text("Åse Ærø søger ≥ 2 job"), Cow::Borrowed(_)));
    }

    #[test]
    fn only_strings_change_in_the_json() {
        let raw =
            "{\n  \"a\": \"x\\r\\ny\",\n  \"b\": \"\u{F0B7} punkt\",\n  \"c\": 7\n}";
        assert_eq!(
            json(raw),
            "{\n  \"a\": \"x\\ny\",\n  \"b\": \"• punkt\",\n  \"c\": 7\n}"
        );
        let plain = "{\"a\": \"æøå \\n \\\" ok\"}";
        assert!(matches!(json(plain), Cow::Borrowed(_)));
    }
}
