//! Glyph coverage: every character of the input must be drawable with the bundled fonts.
//!
//! A character no font can draw (Arabic or Tigrinya in a name, an emoji) is rejected with
//! the JSON path of the field and the character's code point, never drawn as tofu and
//! never silently dropped. Decision and reasons: README, "Glyph coverage".

use crate::error::Error;
use crate::layout::fonts::Fonts;
use crate::model::JsonPath;

/// Characters that are layout instructions, not glyphs.
fn is_layout_control(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t')
}

/// Unicode noncharacters (U+FDD0–U+FDEF and the last two code points of every plane):
/// not for interchange, and PDF/A refuses them in text (krilla's validation failed on
/// U+FFFF in a title, a 500 found by schemathesis), so they are unprintable input.
fn is_noncharacter(c: char) -> bool {
    let u = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

/// Whether the coverage check accepts `c` (the schema's text pattern is built from this).
pub(crate) fn printable(c: char, fonts: &Fonts) -> bool {
    if is_layout_control(c) {
        return true;
    }
    !c.is_control() && !is_noncharacter(c) && (c.is_ascii() || fonts.covers(c))
}

/// Checks every string in the JSON text. Fast when all is well: one pass over the raw
/// text; the exact field is looked up only when something is wrong.
pub fn check(json: &str, fonts: &Fonts) -> Result<(), Error> {
    let suspicious = json.contains("\\u") || json.chars().any(|c| !printable(c, fonts));
    if !suspicious {
        return Ok(());
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        return Ok(()); // Parsing reports malformed JSON better.
    };
    let mut problems = Vec::new();
    walk(&value, &JsonPath::default(), fonts, &mut problems);
    if problems.is_empty() {
        return Ok(());
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
) {
    match value {
        serde_json::Value::String(s) => {
            let mut bad: Vec<char> =
                s.chars().filter(|&c| !printable(c, fonts)).collect();
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
                        "character U+{:04X} {} cannot be printed: the bundled fonts have no glyph for it{more}",
                        first as u32,
                        describe(first)
                    ),
                ));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &path.index(i), fonts, out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                walk(v, &path.key(k), fonts, out);
            }
        }
        _ => {}
    }
}

fn describe(c: char) -> String {
    if c.is_control() {
        "(a control character)".into()
    } else {
        format!("({c:?})")
    }
}

#[cfg(test)]
mod tests {
    use super::is_noncharacter;

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
}
