//! Compares two PDFs as a reviewer of a golden file needs: did the *text* change (what a
//! reader is told), or only where it sits (line and page breaks, positions)?
//!
//! The text compared is the tagged content in reading order, as words with their
//! structure role, with what the layout makes up removed: artifacts (running header,
//! footer, repeated headings, "(fortsat)" lines), hyphens set at line ends (U+00AD in the
//! text layer) and the page numbers of the table of contents. Two documents whose texts
//! agree differ in layout only.

use std::fmt::{self, Write as _};

use super::dump::{printable, role};
use super::{inspect, Inspection, Line, ReadError, Role};

/// What changed, most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The files are byte for byte the same.
    Identical,
    /// The text changed: a reader is told something else.
    TextChanged,
    /// The same text, set differently: line or page breaks, positions.
    LayoutOnly,
    /// The same pages; document facts (title, producer, …) differ.
    MetadataOnly,
    /// The same text, positions and facts; the bytes differ (compression, object order).
    BytesOnly,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Identical => "identical",
            Self::TextChanged => "text changed",
            Self::LayoutOnly => "layout only (the same text, other breaks or positions)",
            Self::MetadataOnly => "metadata only",
            Self::BytesOnly => "bytes only (the same text, positions and metadata)",
        })
    }
}

/// The comparison of two PDFs.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The verdict.
    pub verdict: Verdict,
    /// Page counts, old and new.
    pub pages: (usize, usize),
    /// Pages (1-based) whose lines, roles, positions or links differ, or that exist on one
    /// side only.
    pub changed_pages: Vec<usize>,
    /// Document facts that differ: key, old, new.
    pub metadata: Vec<(String, String, String)>,
    old: Inspection,
    new: Inspection,
}

/// Compares two PDFs.
pub fn compare(old: &[u8], new: &[u8]) -> Result<Comparison, ReadError> {
    let a = inspect(old)?;
    let b = inspect(new)?;
    let pages = (a.pages.len(), b.pages.len());
    let changed_pages: Vec<usize> = (0..pages.0.max(pages.1))
        .filter(|&i| match (a.pages.get(i), b.pages.get(i)) {
            (Some(p), Some(q)) => !same_page(p, q),
            _ => true,
        })
        .map(|i| i + 1)
        .collect();
    let metadata: Vec<(String, String, String)> = a
        .meta
        .iter()
        .zip(&b.meta)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, y)| (x.0.to_owned(), x.1.clone(), y.1.clone()))
        .collect();
    let verdict = if old == new {
        Verdict::Identical
    } else if words(&a) != words(&b) {
        Verdict::TextChanged
    } else if !changed_pages.is_empty() || a.outline != b.outline {
        Verdict::LayoutOnly
    } else if !metadata.is_empty() {
        Verdict::MetadataOnly
    } else {
        Verdict::BytesOnly
    };
    Ok(Comparison { verdict, pages, changed_pages, metadata, old: a, new: b })
}

impl Comparison {
    /// Whether the files are the same bytes.
    pub fn identical(&self) -> bool {
        self.verdict == Verdict::Identical
    }

    /// What a reviewer reads first: the verdict, page counts, changed pages and metadata.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.verdict);
        if self.identical() {
            return out;
        }
        let _ = writeln!(out, "pages: {} → {}", self.pages.0, self.pages.1);
        if !self.changed_pages.is_empty() {
            let list: Vec<String> =
                self.changed_pages.iter().map(usize::to_string).collect();
            let _ = writeln!(out, "changed pages: {}", list.join(", "));
        }
        for (key, old, new) in &self.metadata {
            let _ = writeln!(
                out,
                "metadata {key}: \"{}\" → \"{}\"",
                printable(old),
                printable(new)
            );
        }
        out
    }

    /// The summary, then the unified diff of the two dumps (`context` lines around each
    /// change), or a note that only positions moved.
    pub fn report(&self, old_name: &str, new_name: &str, context: usize) -> String {
        let mut out = self.summary();
        if self.identical() {
            return out;
        }
        let (a, b) = (self.old.dump(), self.new.dump());
        if a == b {
            let _ = writeln!(out, "the dumps are identical: only positions moved");
            return out;
        }
        let diff = similar::TextDiff::from_lines(&a, &b);
        let _ = write!(
            out,
            "\n{}",
            diff.unified_diff().context_radius(context).header(old_name, new_name)
        );
        out
    }
}

fn same_page(p: &super::PageView, q: &super::PageView) -> bool {
    let key =
        |l: &Line| (role(l), l.text.clone(), (l.x * 10.0).round(), (l.y * 10.0).round());
    p.size == q.size
        && p.links == q.links
        && p.lines.len() == q.lines.len()
        && p.lines.iter().zip(&q.lines).all(|(a, b)| key(a) == key(b))
}

/// The text a reader is told: words of tagged content in reading order, each with its
/// structure role, without what the layout makes up.
fn words(doc: &Inspection) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    // A word broken over a line end continues in the next line's first word.
    let mut joined = false;
    for line in doc.pages.iter().flat_map(|p| &p.lines) {
        let Role::Content { role, in_toc } = &line.role else { continue };
        let mut text = line.text.as_str();
        if *in_toc {
            // The entry's page number is the layout's: drop a trailing number.
            text = text.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end();
        }
        let mut words = text.split_whitespace();
        if joined {
            if let (Some(last), Some(first)) = (out.last_mut(), words.next()) {
                last.1.push_str(first);
            }
        }
        out.extend(words.map(|w| (role.clone(), w.to_owned())));
        joined = false;
        if let Some(last) = out.last_mut() {
            if last.1.ends_with('\u{AD}') {
                last.1.pop();
                joined = true;
            } else if last.1.len() > 1
                && last.1.ends_with('-')
                && last.1.chars().rev().nth(1).is_some_and(char::is_alphanumeric)
            {
                // A line broken after a hyphen of the word itself ("a-" | "kasse").
                joined = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::PageView;

    fn doc(pages: &[&[(&str, &str)]]) -> Inspection {
        let line = |&(role, text): &(&str, &str)| Line {
            role: match role {
                "footer" => Role::Artifact("footer"),
                "toc" => Role::Content { role: "Link".into(), in_toc: true },
                r => Role::Content { role: r.into(), in_toc: false },
            },
            text: text.into(),
            x: 0.0,
            y: 0.0,
        };
        Inspection {
            meta: Vec::new(),
            outline: Vec::new(),
            pages: pages
                .iter()
                .map(|p| PageView {
                    size: (1.0, 1.0),
                    lines: p.iter().map(line).collect(),
                    links: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn breaks_hyphens_toc_numbers_and_artifacts_are_layout() {
        let a = doc(&[
            &[("toc", "Plan … 3"), ("footer", "Side 1 af 2")],
            &[
                ("P", "Om beskæftigelses\u{AD}"),
                ("P", "indsatsen og a-"),
                ("P", "kassen"),
            ],
        ]);
        let b = doc(&[
            &[("toc", "Plan … 4"), ("footer", "Side 1 af 3")],
            &[("P", "Om")],
            &[("P", "beskæftigelsesindsatsen og a-kassen")],
        ]);
        assert_eq!(words(&a), words(&b));
    }

    #[test]
    fn a_word_or_a_role_is_text() {
        let a = doc(&[&[("P", "Du skal bestå Prøve i Dansk 2")]]);
        let b = doc(&[&[("P", "Du skal bestå Prøve i Dansk 3")]]);
        assert_ne!(words(&a), words(&b));
        let c = doc(&[&[("TD", "Du skal bestå Prøve i Dansk 2")]]);
        assert_ne!(words(&a), words(&c));
    }
}
