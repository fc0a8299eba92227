//! Breaking one paragraph into lines: fitting words, hyphenating at compound seams and
//! syllables, breaking addresses, and cutting what fits nowhere.

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::setting::{Breaker, MarkKind, HYPHENATE_GAP};
use std::rc::Rc;

use super::{prefix, Glyph, Line, Shaped, Shaper, PROBE_BYTES};
use crate::fonts::FontKind;
use crate::layout::{hyphenate, links};

impl Shaper<'_> {
    /// Breaks one paragraph (no `\n`) starting at byte `at` of the whole text.
    pub(super) fn break_paragraph(
        &mut self,
        font: FontKind,
        text: &str,
        at: usize,
        max: f32,
        breaker: &mut Breaker,
        out: &mut Vec<Line>,
    ) {
        let mut line = LineBuilder::default();
        let mut start = 0;
        let setting = breaker.setting;
        let breaks = linebreaks(text)
            .filter(|b| b.1 == BreakOpportunity::Allowed || b.0 == text.len())
            .filter(|b| b.0 == text.len() || setting.may_break(text, at, b.0));
        for (end, _) in breaks {
            let mut from = start;
            start = end;
            while from < end {
                let segment = &text[from..end];
                // The part of the segment to work with: all of it, unless its start alone
                // is wider than a whole line.
                let (part, long) = self.probe(font, segment, from, max);
                if long.is_none() {
                    let shaped = self.shape_at(font, segment, from);
                    let ink = shaped.width - shaped.trailing;
                    if line.width + line.trailing + ink <= max
                        || (line.is_empty() && ink <= max)
                    {
                        line.push(&shaped, segment, at + from);
                        break;
                    }
                }
                let mark = setting.mark_at(at + from);
                // Too wide: hyphenate the word into the rest of this line, if that
                // rest is wide enough to matter (ragged right tolerates small gaps) and
                // the setting allows it; a word wider than a whole line may always be
                // hyphenated, rather than cut anywhere.
                let room = max - line.width - line.trailing;
                let alone = line.is_empty();
                let worth = long.is_none()
                    && match mark {
                        Some(MarkKind::Address | MarkKind::Unbroken) => false,
                        _ if alone => true,
                        Some(MarkKind::NoHyphen) => false,
                        None => breaker.may_hyphenate(part) && room > max * HYPHENATE_GAP,
                    };
                if let Some((head, rest)) =
                    worth.then(|| self.hyphenate(font, part, room)).flatten()
                {
                    line.push_hyphenated(&head, &segment[..rest], at + from);
                    out.push(line.finish(false));
                    breaker.hyphenated_in_a_row += 1;
                    from += rest;
                    continue;
                }
                if !line.is_empty() {
                    if line.text.ends_with('\u{AD}') {
                        // The line breaks at a soft hyphen the input put there: show it.
                        let hyphen = self.shape(font, "-");
                        line.show_soft_hyphen(&hyphen);
                    }
                    out.push(line.finish(true));
                    breaker.hyphenated_in_a_row = 0;
                    continue;
                }
                // A single token wider than the line (a URL, a code): break it where
                // it has to, so nothing runs off the page; an address only after a `/`
                // or before a `.`, if it can.
                let cut = match mark {
                    Some(MarkKind::Address) => self.address_cut(font, part, max),
                    _ => None,
                };
                let cut = cut
                    .unwrap_or_else(|| self.emergency_cut(font, part, from, long, max));
                let head = self.shape_at(font, &segment[..cut], from);
                line.push(&head, &segment[..cut], at + from);
                out.push(line.finish(false));
                breaker.hyphenated_in_a_row = 0;
                from += cut;
            }
        }
        if !line.is_empty() || out.is_empty() || text.is_empty() {
            out.push(line.finish(false));
            breaker.hyphenated_in_a_row = 0;
        }
    }

    /// The start of `segment` (at byte `at` of the paragraph) to set a line from: the
    /// whole segment, or a prefix of it already wider than `max` (then with its glyphs),
    /// whichever is shorter.
    fn probe<'t>(
        &mut self,
        font: FontKind,
        segment: &'t str,
        at: usize,
        max: f32,
    ) -> (&'t str, Option<Rc<Shaped>>) {
        let mut bytes = PROBE_BYTES;
        loop {
            let probe = prefix(segment, bytes);
            if probe.len() == segment.len() || probe.is_empty() {
                return (segment, None);
            }
            let start = self.shape_at(font, probe, at);
            if start.width - start.trailing > max {
                return (probe, Some(start));
            }
            bytes *= 2;
        }
    }

    /// The longest hyphenated head of `segment` that fits in `room` em, breaking at a
    /// compound's seam if one fits, else at a syllable: the glyphs of `head-` and the
    /// byte length of the head.
    fn hyphenate(
        &mut self,
        font: FontKind,
        segment: &str,
        room: f32,
    ) -> Option<(Rc<Shaped>, usize)> {
        let word = segment.trim_end();
        // Hyphenate the letters only: leave leading and trailing punctuation attached.
        let core_start = word.find(char::is_alphabetic)?;
        let core_end = word
            .rfind(char::is_alphabetic)
            .map(|i| i + word[i..].chars().next().map_or(1, char::len_utf8))?;
        let core = &word[core_start..core_end];
        let breaks = hyphenate::breaks(core);
        if breaks.seams.is_empty() && breaks.syllables.is_empty() {
            return None;
        }
        // Widths of the word's heads, to shape only the heads that may fit.
        let whole = self.shape(font, word);
        for candidates in [&breaks.seams, &breaks.syllables] {
            for &b in candidates.iter().rev() {
                let head_len = core_start + b;
                let head_width: f32 = whole
                    .glyphs
                    .iter()
                    .filter(|g| g.range.end <= head_len)
                    .map(|g| g.x_advance)
                    .sum();
                if head_width > room {
                    continue;
                }
                let candidate = format!("{}-", &word[..head_len]);
                let shaped = self.shape(font, &candidate);
                if shaped.width <= room {
                    return Some((shaped, head_len));
                }
            }
        }
        None
    }

    /// Where to cut a web or e-mail address wider than a line: at the last place after a
    /// `/` or before a `.` that fits, if any.
    fn address_cut(&mut self, font: FontKind, segment: &str, max: f32) -> Option<usize> {
        let address = segment.trim_end();
        links::breaks(address)
            .into_iter()
            .rev()
            .find(|&b| self.shape(font, &address[..b]).width <= max)
    }

    /// Where to cut a token (at byte `at` of the paragraph) that does not fit on a line
    /// of its own: after the last character that fits (at least one, so the loop always
    /// advances).
    fn emergency_cut(
        &mut self,
        font: FontKind,
        segment: &str,
        at: usize,
        shaped: Option<Rc<Shaped>>,
        max: f32,
    ) -> usize {
        let shaped = shaped.unwrap_or_else(|| self.shape_at(font, segment, at));
        let mut width = 0.0;
        let mut cut = 0;
        for g in &shaped.glyphs {
            width += g.x_advance;
            if width > max && cut > 0 {
                break;
            }
            cut = cut.max(g.range.end);
        }
        // Never split a character or leave a combining mark alone at the next line.
        while cut < segment.len() && !segment.is_char_boundary(cut) {
            cut += 1;
        }
        cut.clamp(1.min(segment.len()), segment.len())
    }
}

/// Collects glyphs for one line.
#[derive(Default)]
struct LineBuilder {
    glyphs: Vec<Glyph>,
    text: String,
    width: f32,
    /// Width of trailing white space, dropped if the line ends here.
    trailing: f32,
    /// Byte offset of the line's start in the whole text.
    start: usize,
}

impl LineBuilder {
    fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
    }

    /// Adds a shaped piece of text that starts at byte `at` of the whole text.
    fn push(&mut self, shaped: &Shaped, text: &str, at: usize) {
        if self.text.is_empty() {
            self.start = at;
        }
        let offset = self.text.len();
        self.glyphs.extend(shaped.glyphs.iter().map(|g| Glyph {
            range: g.range.start + offset..g.range.end + offset,
            ..g.clone()
        }));
        self.text.push_str(text);
        self.width += self.trailing + shaped.width - shaped.trailing;
        self.trailing = shaped.trailing;
    }

    /// Adds `head-`: the glyphs of the head plus a hyphen, whose text is a soft hyphen.
    fn push_hyphenated(&mut self, shaped: &Shaped, head: &str, at: usize) {
        if self.text.is_empty() {
            self.start = at;
        }
        let offset = self.text.len();
        let soft = offset + head.len();
        for g in &shaped.glyphs {
            let range = if g.range.start >= head.len() {
                soft..soft + '\u{AD}'.len_utf8()
            } else {
                g.range.start + offset..(g.range.end + offset).min(soft)
            };
            self.glyphs.push(Glyph { range, ..g.clone() });
        }
        self.text.push_str(head);
        self.text.push('\u{AD}');
        self.width += self.trailing + shaped.width;
        self.trailing = 0.0;
    }

    /// Draws the soft hyphen that ends the line as a hyphen (its text stays U+00AD).
    fn show_soft_hyphen(&mut self, hyphen: &Shaped) {
        let at = self.text.len() - '\u{AD}'.len_utf8();
        let Some(first) = self.glyphs.iter().position(|g| g.range.start >= at) else {
            return;
        };
        let hidden: f32 = self.glyphs[first..].iter().map(|g| g.x_advance).sum();
        self.glyphs.truncate(first);
        self.glyphs.extend(
            hyphen
                .glyphs
                .iter()
                .map(|g| Glyph { range: at..at + '\u{AD}'.len_utf8(), ..g.clone() }),
        );
        self.width += hyphen.width - hidden;
    }

    /// Ends the line. With `space`, one trailing space stays (glyph and text): the word
    /// boundary at a line end must be a real space for text extraction and screen readers
    /// (PDF/A-2a, PDF/UA); it is invisible and not counted in the width.
    fn finish(&mut self, space: bool) -> Line {
        let content = self.text.trim_end_matches([' ', '\t']).len();
        let keep = if space && content < self.text.len() { content + 1 } else { content };
        self.glyphs.retain(|g| g.range.start < keep);
        self.text.truncate(keep);
        let line = Line {
            glyphs: std::mem::take(&mut self.glyphs),
            text: std::mem::take(&mut self.text),
            width: self.width,
            start: self.start,
            shift: 0.0,
        };
        self.width = 0.0;
        self.trailing = 0.0;
        line
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Mark, MarkKind, Setting, Shaper};
    use crate::fonts::{FontKind, Fonts};
    use crate::layout::links;
    use crate::style::Style;

    fn set(text: &str, max: f32, setting: Setting) -> Vec<String> {
        let style = Style::default_layout().unwrap_or_else(|e| panic!("{e}"));
        let fonts = Fonts::load(&style.fonts).unwrap_or_else(|e| panic!("{e}"));
        let mut shaper = Shaper::new(&fonts);
        let lines = shaper.lines_with(FontKind::Regular, text, max, setting);
        lines.into_iter().map(|l| l.text.replace('\u{ad}', "-")).collect()
    }

    const PROSE: Setting = Setting { hyphenate: true, marks: &[] };

    #[test]
    fn a_compound_breaks_at_its_seam() {
        let lines = set("aftalt med koordinatorassistenten i dag", 14.0, PROSE);
        assert!(lines.iter().any(|l| l.ends_with("koordinator-")), "{lines:?}");
    }

    #[test]
    fn labels_and_capitalised_words_are_not_hyphenated() {
        let label = Setting { hyphenate: false, marks: &[] };
        let text = "Startdato for integrationsprogrammet";
        assert!(set(text, 14.0, label).iter().all(|l| !l.ends_with('-')));
        let name = "Vi mødes på Værkmestergade Værkmestergade Værkmestergade";
        assert!(set(name, 14.0, PROSE).iter().all(|l| !l.ends_with('-')));
    }

    #[test]
    fn a_soft_hyphen_is_a_break_that_shows_a_hyphen() {
        let text = "vi taler om beskæftigelses\u{AD}indsatsen";
        let style = Style::default_layout().unwrap_or_else(|e| panic!("{e}"));
        let fonts = Fonts::load(&style.fonts).unwrap_or_else(|e| panic!("{e}"));
        let mut shaper = Shaper::new(&fonts);
        let lines = shaper.lines_with(FontKind::Regular, text, 14.0, PROSE);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].text.ends_with("beskæftigelses\u{AD}"), "{:?}", lines[0].text);
        let hyphen = shaper.line(FontKind::Regular, "-").glyphs[0].id;
        assert_eq!(lines[0].glyphs.last().map(|g| g.id), Some(hyphen));
    }

    #[test]
    fn at_most_two_hyphenated_lines_in_a_row() {
        let text = "beskæftigelsesindsatsen ".repeat(12);
        let lines = set(&text, 16.0, PROSE);
        assert!(lines.iter().filter(|l| l.ends_with('-')).count() >= 2, "{lines:?}");
        for run in lines.windows(3) {
            assert!(!run.iter().all(|l| l.ends_with('-')), "{lines:?}");
        }
    }

    #[test]
    fn phone_numbers_and_addresses_stay_whole() {
        let text =
            "Ring til os på +45 87 13 50 00 eller skriv til jobcenter@aarhus.dk i dag";
        let mut marks: Vec<Mark> = links::find(text)
            .into_iter()
            .map(|f| Mark { range: f.range, kind: MarkKind::Address })
            .collect();
        marks.extend(
            links::phones(text)
                .into_iter()
                .map(|range| Mark { range, kind: MarkKind::Unbroken }),
        );
        marks.sort_by_key(|m| m.range.start);
        for max in [12.0, 13.0, 14.0, 16.0, 18.0] {
            let lines = set(text, max, Setting { hyphenate: true, marks: &marks });
            assert!(lines.iter().any(|l| l.contains("+45 87 13 50 00")), "{lines:?}");
            assert!(lines.iter().any(|l| l.contains("jobcenter@aarhus.dk")), "{lines:?}");
        }
    }
}
