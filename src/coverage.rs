//! Characters: which are input errors, and which are drawn as a substitute (a warning).
//!
//! A plan version is never refused for the characters of its text (SPEC section 5).
//! The bundled fonts and their fallback chain ([`crate::fonts`]) draw Danish,
//! Latin, Greek, Cyrillic, Arabic script, Ethiopic, Tamil, symbols and emoji; a
//! character none of them can draw (e.g. Chinese) is drawn as a visible substitute
//! ([`SUBSTITUTE`]) while the text layer keeps it, and the render says so with a
//! [`Warning`] naming the field and the code point.
//!
//! Still an input error, because it is no text at all: the C0 control characters other
//! than tab, line feed and carriage return, DEL and the C1 controls (U+0080–U+009F; a
//! C1 control in a text is a text decoded in the wrong encoding), and the Unicode
//! noncharacters (not for interchange; PDF/A refuses them). Decision and reasons:
//! README, "Characters".

use crate::error::Error;
use crate::fonts::{Fonts, SUBSTITUTE};
use crate::model::JsonPath;
use crate::normalise;

/// A character drawn as a substitute: the render succeeds and says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The JSON path of the field.
    pub path: String,
    /// The character.
    pub character: char,
    /// What is said about it.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Unicode noncharacters (U+FDD0–U+FDEF and the last two code points of every plane):
/// not for interchange, and PDF/A refuses them in text (krilla's validation fails on
/// U+FFFF in a title), so they are unprintable input.
fn is_noncharacter(c: char) -> bool {
    let u = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

/// Whether `c` may stand in a text (the schema's text pattern is built from this):
/// everything but control characters (other than tab, line feed, carriage return) and
/// noncharacters.
pub(crate) fn printable(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t') || (!c.is_control() && !is_noncharacter(c))
}

/// Whether a layout's label may hold `c`: text the engine chooses is drawn by the bundled
/// fonts themselves, never as a substitute.
pub(crate) fn drawable(c: char, fonts: &Fonts) -> bool {
    printable(c) && drawn(c, fonts)
}

/// Whether `c` is drawn as it is (no warning): by some bundled font, or it needs no
/// glyph, or normalisation turns it into something drawable.
fn drawn(c: char, fonts: &Fonts) -> bool {
    c.is_ascii() || fonts.covers(c) || normalise::word(c).is_some()
}

/// Whether the JSON text has an escape or a character that is not printable or not
/// drawn as it is: ASCII is judged byte by byte, and a non-ASCII character found
/// printable and drawn is remembered (a text repeats its few letters outside ASCII),
/// so the fonts are asked once per such letter, not once per occurrence.
fn suspicious(json: &str, fonts: &Fonts) -> bool {
    if json.contains("\\u") {
        return true;
    }
    let bytes = json.as_bytes();
    let mut fine = ['\0'; 16];
    let mut remembered = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')) || b == 0x7F {
                return true;
            }
            i += 1;
            continue;
        }
        let Some(c) = json.get(i..).and_then(|rest| rest.chars().next()) else {
            return true;
        };
        i += c.len_utf8();
        if fine.contains(&c) {
            continue;
        }
        if !printable(c) || !drawn(c, fonts) {
            return true;
        }
        fine[remembered % fine.len()] = c;
        remembered += 1;
    }
    false
}

/// Checks every string in the JSON text: an error for characters that are no text, and
/// the warnings for those drawn as a substitute. Fast when all is well: one pass over
/// the raw text; the exact field is looked up only when something is found.
pub fn check(json: &str, fonts: &Fonts) -> Result<Vec<Warning>, Error> {
    if !suspicious(json, fonts) {
        return Ok(Vec::new());
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        return Ok(Vec::new()); // Parsing reports malformed JSON better.
    };
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    walk(&value, &JsonPath::default(), fonts, &mut problems, &mut warnings);
    if problems.is_empty() {
        return Ok(warnings);
    }
    Err(Error::Invalid(crate::model::validate::diagnostics(
        json,
        crate::error::Kind::Unprintable,
        problems,
    )))
}

fn walk(
    value: &serde_json::Value,
    path: &JsonPath,
    fonts: &Fonts,
    out: &mut Vec<(JsonPath, String)>,
    warnings: &mut Vec<Warning>,
) {
    match value {
        serde_json::Value::String(s) => {
            let mut bad: Vec<char> = s.chars().filter(|&c| !printable(c)).collect();
            bad.dedup();
            if let Some(&first) = bad.first() {
                let more = if bad.len() > 1 {
                    format!(" (and {} more)", bad.len() - 1)
                } else {
                    String::new()
                };
                out.push((
                    path.clone(),
                    format!(
                        "character U+{:04X} {} cannot be printed: it is not text{more}",
                        first as u32,
                        describe(first)
                    ),
                ));
            }
            let mut seen: Vec<char> = Vec::new();
            for c in s.chars().filter(|&c| printable(c) && !drawn(c, fonts)) {
                if seen.contains(&c) {
                    continue;
                }
                seen.push(c);
                let message = if normalise::private_use(c) {
                    format!(
                        "U+{:04X} is a private-use character no bundled font defines; \
                         drawn as \u{FFFD}",
                        c as u32
                    )
                } else {
                    format!(
                        "U+{:04X} '{c}' has no glyph in the bundled fonts; drawn as {SUBSTITUTE}",
                        c as u32
                    )
                };
                warnings.push(Warning { path: path.to_string(), character: c, message });
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &path.index(i), fonts, out, warnings);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                walk(v, &path.key(k), fonts, out, warnings);
            }
        }
        _ => {}
    }
}

fn describe(c: char) -> String {
    if c.is_control() {
        "(a control character)".into()
    } else {
        "(a noncharacter)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::{drawn, is_noncharacter, printable, suspicious};
    use crate::fonts::{FontChoice, Fonts};

    #[test]
    fn the_fast_scan_agrees_with_the_rule_per_character() {
        let choice = FontChoice {
            regular: "NotoSans-Regular".into(),
            bold: "NotoSans-Bold".into(),
        };
        let fonts = Fonts::load(&choice).unwrap_or_else(|e| panic!("{e}"));
        let rule = |s: &str| {
            s.contains("\\u") || s.chars().any(|c| !printable(c) || !drawn(c, &fonts))
        };
        for s in [
            "{\"a\":\"Søg job æøå ÆØÅ é\"}",
            "æææææææææææææææææææææ 漢",
            "ø x\u{7f}",
            "tab\there\r\n",
            "a\u{1}b",
            "\\u0041",
            "ø\u{85}",
            "🙂 ሳ العربية ≥ ∞",
            "ø\u{FFFF}",
            "",
        ] {
            assert_eq!(suspicious(s, &fonts), rule(s), "{s:?}");
        }
    }

    #[test]
    fn noncharacters_are_not_printable() {
        for c in
            ['\u{FFFF}', '\u{FFFE}', '\u{FDD0}', '\u{FDEF}', '\u{1FFFF}', '\u{10FFFE}']
        {
            assert!(is_noncharacter(c), "{c:?}");
        }
        for c in ['a', 'Ø', '\u{FFFD}', '\u{FDCF}', '\u{FDF0}', '\u{FFFC}'] {
            assert!(!is_noncharacter(c), "{c:?}");
        }
    }

    #[test]
    fn controls_are_input_errors_and_everything_else_is_text() {
        for c in ['\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{FFFF}'] {
            assert!(!printable(c), "{c:?}");
        }
        for c in
            ['\t', '\n', '\r', 'a', '漢', '\u{E000}', '\u{F0B7}', '\u{202E}', '\u{E0001}']
        {
            assert!(printable(c), "{c:?}");
        }
    }
}
