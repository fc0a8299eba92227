//! Input limits: what a plan version may hold before anything is parsed.
//!
//! Hostile or broken input must get a clear error, and bounded time and memory, not a
//! thousand-page PDF. One pass over the raw JSON text checks the total size, the nesting
//! depth, the length of every string and the number of items in every list, and names the
//! JSON path and position of each violation. The defaults are far above any real plan
//! (SPEC section 3: free texts hold up to 2,048 characters, 4,000 for experience with a
//! language) and low enough that the largest input they admit renders in well under a
//! second (README, "Robustness and privacy").
//!
//! Malformed JSON is not this module's business: the scan stops where the text stops
//! making sense and leaves the report to the parser.

use super::locate::{position, JsonPath, Seg};
use crate::error::Diagnostic;

/// Bounds on one input document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Size of the JSON text in bytes.
    pub max_bytes: usize,
    /// Nesting depth of objects and arrays (the contract itself needs 6).
    pub max_depth: usize,
    /// Characters in one string (after unescaping).
    pub max_string_chars: usize,
    /// Items in one list (interventions, languages, CV entries, …).
    pub max_list_items: usize,
}

impl Limits {
    /// The defaults: 1 MiB, depth 32, 20,000 characters per string, 1,000 items per list.
    /// (The sample is 7 KB; a 1 MiB plan already fills 300–3,500 pages.)
    pub const DEFAULT: Limits = Limits {
        max_bytes: 1024 * 1024,
        max_depth: 32,
        max_string_chars: 20_000,
        max_list_items: 1_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Stop collecting after this many violations: the first ones say enough.
const MAX_REPORTED: usize = 20;

/// One open container during the scan.
enum Frame {
    /// An object, with the byte range of the current member's key (without quotes).
    Object(Option<(usize, usize)>),
    /// An array, with the number of items begun so far.
    Array(usize),
}

/// Checks `json` against `limits`. Every violation is reported with its JSON path and
/// position, up to a handful; nesting too deep stops the scan at once.
pub fn check(json: &str, limits: &Limits) -> Result<(), Vec<Diagnostic>> {
    if json.len() > limits.max_bytes {
        return Err(vec![Diagnostic::limit(
            "",
            format!(
                "the document is {} bytes; the limit is {} bytes",
                json.len(),
                limits.max_bytes
            ),
        )]);
    }
    let bytes = json.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut problems = Vec::new();
    // In an object, whether the next string is a member's key.
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() && problems.len() < MAX_REPORTED {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let Some((end, chars)) = string_end(bytes, start) else { break };
                if expect_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some((start, end));
                    }
                    expect_key = false;
                    i = end + 1;
                    continue;
                }
                if let Some(problem) = begin_item(json, &mut stack, i, limits) {
                    problems.push(problem);
                }
                if chars > limits.max_string_chars {
                    problems.push(violation(
                        json,
                        &stack,
                        i,
                        format!(
                            "the text has {chars} characters; the limit is {}",
                            limits.max_string_chars
                        ),
                    ));
                }
                i = end + 1;
                continue;
            }
            open @ (b'{' | b'[') => {
                if let Some(problem) = begin_item(json, &mut stack, i, limits) {
                    problems.push(problem);
                }
                if stack.len() >= limits.max_depth {
                    problems.push(violation(
                        json,
                        &stack,
                        i,
                        format!("nested deeper than {} levels", limits.max_depth),
                    ));
                    break;
                }
                if open == b'{' {
                    stack.push(Frame::Object(None));
                    expect_key = true;
                } else {
                    stack.push(Frame::Array(0));
                }
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                expect_key = matches!(stack.last(), Some(Frame::Object(_)));
            }
            b':' => {}
            c if c.is_ascii_whitespace() => {}
            _ => {
                // A scalar: numbers, true, false, null. Count it as a list item.
                if let Some(problem) = begin_item(json, &mut stack, i, limits) {
                    problems.push(problem);
                }
                while i + 1 < bytes.len() && !b",]} \t\r\n".contains(&bytes[i + 1]) {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Counts a value starting at `at` as an item of the enclosing array, if any.
fn begin_item(
    json: &str,
    stack: &mut [Frame],
    at: usize,
    limits: &Limits,
) -> Option<Diagnostic> {
    let Some(Frame::Array(count)) = stack.last_mut() else { return None };
    *count += 1;
    if *count != limits.max_list_items + 1 {
        return None;
    }
    // Report the list once, at its first item over the limit.
    let message = format!("the list has more than {} items", limits.max_list_items);
    let mut problem = violation(json, stack, at, message);
    if let Some((head, _)) = problem.path.rsplit_once('[') {
        problem.path = head.to_owned();
    }
    Some(problem)
}

/// The end (index of the closing quote) and character count of the string starting at
/// `start`, or `None` if the text ends first.
fn string_end(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let mut chars = 0;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Some((i, chars)),
            b'\\' => {
                // \uXXXX is one character; any other escape is two bytes for one.
                i += if bytes.get(i + 1) == Some(&b'u') { 6 } else { 2 };
                chars += 1;
            }
            b => {
                // Count characters, not bytes: skip UTF-8 continuation bytes.
                if b & 0xC0 != 0x80 {
                    chars += 1;
                }
                i += 1;
            }
        }
    }
    None
}

/// A diagnostic at byte offset `at`, with the path of the open containers.
fn violation(json: &str, stack: &[Frame], at: usize, message: String) -> Diagnostic {
    let mut path = JsonPath::default();
    for frame in stack {
        match frame {
            Frame::Object(Some((start, end))) => {
                let key = json.get(*start..*end).unwrap_or("?");
                path.0.push(Seg::Key(key.to_owned()));
            }
            Frame::Object(None) => {}
            Frame::Array(count) => path.0.push(Seg::Index(count.saturating_sub(1))),
        }
    }
    Diagnostic::limit(super::validate::redact_cpr(&path.to_string()), message)
        .with_position(Some(position(json, at)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn small() -> Limits {
        Limits { max_bytes: 200, max_depth: 4, max_string_chars: 5, max_list_items: 3 }
    }

    #[test]
    fn within_limits() {
        assert_eq!(check(r#"{"a": [1, 2, 3], "b": {"c": "12345"}}"#, &small()), Ok(()));
        // Keys do not count as texts; escapes count as one character.
        assert_eq!(check(r#"{"a_very_long_key": "\u00e6\n\"x"}"#, &small()), Ok(()));
        assert_eq!(check(r#"{"b": "æøåÆØ"}"#, &small()), Ok(()));
    }

    #[test]
    fn too_long_strings_are_named_by_path_and_position() {
        let json = "{\"plan\": {\"items\": [\"ok\",\n  \"123456\"]}, \"x\": \"abcdefg\"}";
        let problems = check(json, &small()).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].path, "plan.items[1]");
        assert_eq!(problems[0].position, Some((2, 3)));
        assert!(problems[0].message.contains("6 characters; the limit is 5"));
        assert_eq!(problems[1].path, "x");
    }

    #[test]
    fn long_lists_are_reported_once() {
        let problems = check(r#"{"l": [{}, {}, {}, {}, {}]}"#, &small()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "l");
        assert!(problems[0].message.contains("more than 3 items"));
    }

    #[test]
    fn deep_nesting_stops_the_scan() {
        let problems = check(r#"{"a": {"b": [[{"c": 1}]]}}"#, &small()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "a.b[0][0]");
        assert!(problems[0].message.contains("deeper than 4"));
        // A pathological depth costs nothing but the scan.
        let deep = "[".repeat(100_000);
        let huge = Limits { max_bytes: usize::MAX, ..Limits::DEFAULT };
        assert_eq!(check(&deep, &huge).unwrap_err().len(), 1);
    }

    #[test]
    fn size_is_checked_first() {
        let json = format!("\"{}\"", "x".repeat(300));
        let problems = check(&json, &small()).unwrap_err();
        assert!(problems[0].message.contains("302 bytes; the limit is 200 bytes"));
    }

    #[test]
    fn malformed_text_is_left_to_the_parser() {
        for text in ["{\"a\": \"unterminated", "{{{", "]]]", "\"\\", "nul", ""] {
            assert_eq!(check(text, &small()), Ok(()), "{text:?}");
        }
    }
}
