//! How a text may be broken: the setting (hyphenation on or off, marked parts with
//! their own rules) and the state of one text's breaking.

use std::ops::Range;

use crate::layout::hyphenate;

/// Hyphenate into the rest of a line only when it is at least this part of the line:
/// smaller gaps are normal for ragged-right text and hyphens there only add noise.
pub(super) const HYPHENATE_GAP: f32 = 0.18;

/// At most this many lines in a row end in a hyphen (a ladder of hyphens is harder to
/// read than a ragged edge).
const MAX_HYPHENS_IN_A_ROW: usize = 2;

/// How a text may be broken into lines.
#[derive(Debug, Clone, Copy, Default)]
pub struct Setting<'a> {
    /// Hyphenate words that would leave a large gap: on for prose, off for headings and
    /// labels. Words starting with a capital letter (names and places, in Danish) are
    /// never hyphenated, like TeX's `\uchyph=0`.
    pub hyphenate: bool,
    /// Parts set by their own rules, ascending and not overlapping.
    pub marks: &'a [Mark],
}

/// A part of a text with its own setting rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The rule.
    pub kind: MarkKind,
}

/// How a marked part may be broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Never hyphenated, broken only at spaces (names, addresses).
    NoHyphen,
    /// Kept on one line if it fits on one (phone numbers).
    Unbroken,
    /// A web or e-mail address: kept on one line if it fits, else broken after a `/` or
    /// before a `.` without an added hyphen; never hyphenated.
    Address,
}

/// State of breaking one text: its setting and the hyphens just set.
pub(super) struct Breaker<'a> {
    pub(super) setting: Setting<'a>,
    pub(super) hyphenated_in_a_row: usize,
}

impl Setting<'_> {
    /// The mark covering byte `at` of the whole text.
    pub(super) fn mark_at(&self, at: usize) -> Option<MarkKind> {
        self.marks.iter().find(|m| m.range.contains(&at)).map(|m| m.kind)
    }

    /// Whether the line may break before byte `pos` of the paragraph starting at `at`:
    /// after a hard hyphen only if a fragment of at least [`hyphenate::MIN_FRAGMENT`]
    /// letters stays before it ("a-kasse" stays whole, "Social-" may end a line); not
    /// inside an address or phone number; and inside a name or address only at a space
    /// ("Al-Hassan" stays whole).
    pub(super) fn may_break(&self, paragraph: &str, at: usize, pos: usize) -> bool {
        let before = &paragraph[..pos];
        if let Some(head) = before.strip_suffix('-') {
            let word = head.rsplit(char::is_whitespace).next().unwrap_or("");
            if word.chars().filter(|c| c.is_alphanumeric()).count()
                < hyphenate::MIN_FRAGMENT
            {
                return false;
            }
        }
        let abs = at + pos;
        match self.marks.iter().find(|m| m.range.start < abs && abs < m.range.end) {
            None => true,
            Some(m) => {
                m.kind == MarkKind::NoHyphen
                    && paragraph[..pos].ends_with(char::is_whitespace)
            }
        }
    }
}

/// Latin letters: Basic Latin to Latin Extended-B and Latin Extended Additional.
fn latin(c: char) -> bool {
    c < '\u{250}' || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

impl Breaker<'_> {
    /// Whether prose `word` may be hyphenated into the rest of a line: Danish
    /// hyphenation patterns apply to Latin letters only, so a word with a letter of
    /// another script (Arabic, Ethiopic, Tamil, Greek) is never hyphenated.
    pub(super) fn may_hyphenate(&self, word: &str) -> bool {
        let capital = word
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase);
        let latin = word.chars().all(|c| !c.is_alphabetic() || latin(c));
        self.setting.hyphenate
            && latin
            && !capital
            && self.hyphenated_in_a_row < MAX_HYPHENS_IN_A_ROW
    }
}
