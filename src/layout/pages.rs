//! Chunks → pages: pagination (run), then the running header and the footers once the
//! page count is known (finalize).
//!
//! Every page-break rule lives here, read from the chunks: a chunk stays with the next
//! when `keep_with_next` says so (short rows, orphans and widows, kept groups), and a
//! heading's `hold` extends that to two rows or lines of what follows, within its own
//! part (never binding a finished part to the next heading); a chunk starting a page
//! brings its repeats (a table's header row, an item's title and a label marked
//! "(fortsat)"). A short last page is pulled back onto the page before by tightening
//! the space between blocks there, within the layout's `spacing.max_squeeze`, before
//! lines are carried forward to it.

use std::ops::Range;

use super::collect::{Chunk, Collected};
use super::text::Shaper;
use crate::fonts::FontKind;
use crate::frame::{Anchor, Artifact, Info, Item, Laid, Page, Tag};
use crate::geom::{Point, Pt, Size};
use crate::style::{Style, MM};

/// A page with fewer content lines than this after balancing is a failure of
/// balancing (DESIGN.md: "a last page with one to three lines").
const MIN_PAGE_LINES: usize = 3;

/// At most this many extra pagination runs to balance the last page.
const MAX_BALANCING: usize = 3;

/// A last page filled less than this fraction of the type area is pulled back onto
/// the page before, when tightening that page's spacing makes room.
const SHORT_PAGE: f32 = 0.25;

/// Squeeze is tried in this many steps up to the layout's maximum (the least that
/// pulls the page back is kept).
const SQUEEZE_STEPS: usize = 4;

/// Places the chunks on pages and balances the last page: where everything goes, and
/// the page each anchor lands on. Nothing is copied; [`finish`] moves the items there.
pub fn place(collected: &Collected, style: &Style) -> Placed {
    let mut forced = Vec::new();
    let squeeze = pull_back(collected, style);
    let mut placed = place_all(collected, style, &forced, &squeeze);
    for _ in 0..MAX_BALANCING {
        match balance(&collected.chunks, &placed.starts) {
            Some(at) => {
                forced.push(at);
                placed = place_all(collected, style, &forced, &squeeze);
            }
            None => break,
        }
    }
    placed
}

/// The pages of a placement: the chunks' items moved where they are placed (repeats
/// copied to each page that repeats them), then the running header and the footers.
pub fn finish(
    collected: Collected,
    placed: Placed,
    style: &Style,
    shaper: &mut Shaper,
    heads: (&str, Option<&str>),
    info: &Info,
) -> Laid {
    let Collected { mut chunks, repeats, tree, outline, .. } = collected;
    let Placed { pages, anchors, .. } = placed;
    let mut pages: Vec<Page> = pages
        .iter()
        .map(|placements| materialise(placements, &mut chunks, &repeats))
        .collect();
    finalize(&mut pages, style, shaper, heads);
    Laid {
        size: Size::new(style.page_width(), style.page_height()),
        pages,
        tree,
        anchors,
        outline,
        info: info.clone(),
    }
}

/// Pages with their content placed, the index of the first chunk of each page, and how
/// far each page is filled (points from the top of the type area). A page is the chunks
/// placed on it and the height each is placed at: pagination runs several times to pull
/// back and balance pages (and again for each pass of the table of contents), and only
/// the run that is kept moves the items ([`finish`]).
pub struct Placed {
    pages: Vec<Vec<Placement>>,
    /// Where each outline entry landed.
    pub anchors: Vec<Anchor>,
    starts: Vec<usize>,
    fill: Vec<f32>,
}

/// A chunk range whose gaps shrink by a fraction.
type Squeeze = (Range<usize>, f32);

/// The squeezes that pull short last pages back: for each page that ends a run (the
/// last page, or the last before a deliberate page break) filled less than
/// [`SHORT_PAGE`], the least squeeze (in [`SQUEEZE_STEPS`] up to the layout's
/// `max_squeeze`) of the space between blocks on it and the page before that makes
/// it fit on the page before; none where even the most does not.
fn pull_back(collected: &Collected, style: &Style) -> Vec<Squeeze> {
    let chunks = &collected.chunks;
    let room = type_area(style).1 - type_area(style).0;
    let most = style.spacing.max_squeeze;
    let mut squeeze: Vec<Squeeze> = Vec::new();
    let mut tried = 0;
    let mut placed = place_all(collected, style, &[], &squeeze);
    while tried < placed.pages.len() {
        let k = tried;
        tried += 1;
        let deliberate =
            |k: usize| placed.starts[k] > 0 && chunks[placed.starts[k] - 1].page_break;
        let ends_run = k + 1 == placed.pages.len() || deliberate(k + 1);
        if k == 0 || deliberate(k) || !ends_run || placed.fill[k] >= SHORT_PAGE * room {
            continue;
        }
        let end = placed.starts.get(k + 1).copied().unwrap_or(chunks.len());
        let range = placed.starts[k - 1]..end;
        for step in 1..=SQUEEZE_STEPS {
            let mut tighter = squeeze.clone();
            tighter.push((range.clone(), most * step as f32 / SQUEEZE_STEPS as f32));
            let next = place_all(collected, style, &[], &tighter);
            if next.pages.len() < placed.pages.len() {
                squeeze = tighter;
                placed = next;
                tried = k;
                break;
            }
        }
    }
    squeeze
}

/// Top and bottom of the type area, in points from the page top.
fn type_area(style: &Style) -> (f32, f32) {
    let p = &style.page;
    (p.margin_top_mm * MM, (p.height_mm - p.margin_bottom_mm) * MM)
}

/// Where to start a page earlier, if it holds fewer than [`MIN_PAGE_LINES`]
/// lines (the last page, or the last before a deliberate page break) and more can be
/// carried forward from the page before (not across a deliberate page break, not the
/// whole page before, never leaving a heading without what it holds).
fn balance(chunks: &[Chunk], starts: &[usize]) -> Option<usize> {
    for (k, pair) in starts.windows(2).enumerate() {
        let [previous, start] = *pair else { continue };
        let end = starts.get(k + 2).copied().unwrap_or(chunks.len());
        let lines = chunks[start..end].iter().filter(|c| is_content(c)).count();
        if lines == 0 || lines >= MIN_PAGE_LINES {
            continue;
        }
        let mut at = start.checked_sub(MIN_PAGE_LINES - lines)?;
        loop {
            // Move whole chains: never leave a chunk behind that must stay with the next.
            while at > 0 && chunks[at - 1].keep_with_next {
                at -= 1;
            }
            // A heading left behind must keep what it holds.
            let short = (previous..at).rev().find(|&j| {
                let ends = chunks[j..at].iter().filter(|c| !c.keep_with_next).count();
                chunks[j].hold > 0 && ends < usize::from(chunks[j].hold)
            });
            match short {
                Some(j) if j < at => at = j,
                _ => break,
            }
        }
        let deliberate = chunks[at..start].iter().any(|c| c.page_break);
        if at > previous && !deliberate {
            return Some(at);
        }
    }
    None
}

/// A chunk with text of the content (not only rules or artifacts).
fn is_content(chunk: &Chunk) -> bool {
    chunk
        .items
        .iter()
        .any(|i| matches!(i, Item::Text { tag: Tag::Node(_), .. }))
}

/// Places the chunks on pages; a chunk in `forced` starts a new page; the gaps of the
/// chunks in a `squeeze` range shrink by its fraction.
fn place_all(
    collected: &Collected,
    style: &Style,
    forced: &[usize],
    squeeze: &[Squeeze],
) -> Placed {
    let Collected { chunks, repeats, outline, .. } = collected;
    let (top, bottom) = type_area(style);
    let room = bottom - top;
    let gap_of = |i: usize, c: &Chunk| {
        let f = squeeze
            .iter()
            .filter(|(r, _)| r.contains(&i))
            .map(|s| s.1)
            .sum::<f32>();
        c.gap * (1.0 - f.clamp(0.0, style.spacing.max_squeeze))
    };

    let mut pages: Vec<Vec<Placement>> = vec![Vec::new()];
    let mut starts = vec![0];
    let mut fill = Vec::new();
    let mut anchors = vec![Anchor::default(); outline.len()];
    let mut y = top;
    for (i, chunk) in chunks.iter().enumerate() {
        let at_top = y <= top;
        if chunk.page_break {
            if !at_top {
                pages.push(Vec::new());
                starts.push(i + 1);
                fill.push(y - top);
                y = top;
            }
            continue;
        }
        let gap = if at_top { 0.0 } else { gap_of(i, chunk) };
        let needed = gap + chain_height(&chunks[i..], room);
        if !at_top && (y + needed > bottom || forced.contains(&i)) {
            pages.push(Vec::new());
            starts.push(i);
            fill.push(y - top);
            y = top;
        }
        let at_top = y <= top;
        let index = pages.len() - 1;
        let Some(page) = pages.last_mut() else { continue };
        if at_top {
            if let Some((h, header)) =
                chunk.header.and_then(|h| Some(h).zip(repeats.get(h)))
            {
                page.push((Source::Repeat(h), y));
                y += header.height;
            }
            if let Some(o) = chunk.overlay.filter(|&o| o < repeats.len()) {
                page.push((Source::Repeat(o), y));
            }
        } else {
            y += gap_of(i, chunk);
        }
        if let Some(a) = chunk.anchor {
            anchors[a] = Anchor::new(index, y);
        }
        page.push((Source::Chunk(i), y));
        y += chunk.height;
    }
    fill.push(y - top);
    Placed { pages, anchors, starts, fill }
}

/// Height of a chunk plus the chunks it must stay with: up to the first chunk that
/// may end a page, or further while a heading's `hold` asks for more such ends within
/// its part (up to the next heading after an end, or a deliberate page break). A
/// chain taller than a page is cut to its first chunk (it will break anyway, and the
/// first piece must still move as a whole).
fn chain_height(chunks: &[Chunk], room: f32) -> f32 {
    let mut height = 0.0;
    let mut ends = 0;
    let mut needed = 1;
    for (i, c) in chunks.iter().enumerate() {
        // A heading after the end of a part starts a new part: the headings before
        // hold only what their own part has.
        let new_part = i > 0 && c.hold > 0 && !chunks[i - 1].keep_with_next;
        if c.page_break || new_part {
            break;
        }
        height += if i == 0 { c.height } else { c.gap + c.height };
        needed = needed.max(ends + usize::from(c.hold));
        if !c.keep_with_next {
            ends += 1;
            if ends >= needed {
                break;
            }
        }
    }
    if height > room {
        chunks.first().map_or(0.0, |c| c.height)
    } else {
        height
    }
}

/// A chunk placed on a page, and the height it is placed at.
type Placement = (Source, f32);

/// Which chunk: one of the content's (placed once) or a repeat (placed on every page
/// that continues what it heads).
#[derive(Clone, Copy)]
enum Source {
    Chunk(usize),
    Repeat(usize),
}

/// The page of placed chunks: their items, moved to where they are placed.
fn materialise(
    placements: &[Placement],
    chunks: &mut [Chunk],
    repeats: &[Chunk],
) -> Page {
    let mut page = Page::default();
    let len = |source: &Source| match *source {
        Source::Chunk(i) => chunks.get(i).map_or(0, |c| c.items.len()),
        Source::Repeat(i) => repeats.get(i).map_or(0, |c| c.items.len()),
    };
    page.items
        .reserve(placements.iter().map(|(source, _)| len(source)).sum());
    for &(source, y) in placements {
        let shift = |mut item: Item| {
            item.shift_down(Pt(y));
            item
        };
        match source {
            Source::Chunk(i) => {
                if let Some(chunk) = chunks.get_mut(i) {
                    page.items
                        .extend(std::mem::take(&mut chunk.items).into_iter().map(shift));
                }
            }
            Source::Repeat(i) => {
                if let Some(chunk) = repeats.get(i) {
                    page.items.extend(chunk.items.iter().cloned().map(shift));
                }
            }
        }
    }
    page
}

/// Adds the running header to pages 2 onwards and "Side X af Y" to every page, both
/// centred on or aligned with the text column (not the paper) and tagged as artifacts.
/// With a `band` (a historical version) the top of every page is a band in the heading
/// colour, its text in the table header's fill (a contrast the layout check ensures):
/// the band's text on page 1, the running header (which then names it first) after.
fn finalize(
    pages: &mut [Page],
    style: &Style,
    shaper: &mut Shaper,
    (running_header, band): (&str, Option<&str>),
) {
    let total = pages.len();
    let size = style.sizes.footer;
    let p = &style.page;
    let left = p.margin_left_mm * MM;
    let width = (p.width_mm - p.margin_left_mm - p.margin_right_mm) * MM;
    let baseline = (p.height_mm - p.footer_baseline_mm) * MM;
    let header_baseline = p.header_baseline_mm * MM;
    let (font, band_size) = match band {
        Some(_) => (FontKind::Bold, style.sizes.small.max(size)),
        None => (FontKind::Regular, size),
    };
    let pad = band_size * 0.6;
    let fit = |line: &super::text::Line, room: f32| {
        if line.width * band_size > room {
            room / line.width
        } else {
            band_size
        }
    };
    let header = shaper.line(font, running_header);
    let banner = band.map(|b| shaper.line(font, b));
    // A header wider than the column (a very long name) is set smaller to fit.
    let inner = if band.is_some() { width - 2.0 * pad } else { width };
    let header_size = fit(&header, inner);
    for (i, page) in pages.iter_mut().enumerate() {
        let line = if i > 0 && !running_header.is_empty() {
            Some((&header, header_size))
        } else {
            banner.as_ref().filter(|_| i == 0).map(|b| (b, fit(b, inner)))
        };
        if let Some((line, line_size)) = line {
            let (x, colour) = match band {
                Some(_) => {
                    let top = header_baseline - 1.3 * band_size;
                    let h = 1.8 * band_size;
                    let fill = style.colours.heading;
                    page.items.push(Item::Rect {
                        at: Point::new(left, top),
                        size: Size::new(width, h),
                        colour: fill,
                    });
                    (left + pad, style.colours.header_fill)
                }
                None => (left, style.colours.muted),
            };
            page.items.push(Item::Text {
                at: Point::new(x, header_baseline),
                font,
                size: Pt(line_size),
                colour,
                glyphs: line.glyphs.clone(),
                text: line.text.clone(),
                tag: Tag::Artifact(Artifact::Header),
            });
            if band.is_none() {
                let rule_y = header_baseline + 0.45 * size;
                let colour = style.colours.rule;
                page.items.push(Item::Rect {
                    at: Point::new(left, rule_y),
                    size: Size::new(width, 0.4),
                    colour,
                });
            }
        }
        let text = style
            .labels
            .footer
            .replace("{page}", &(i + 1).to_string())
            .replace("{pages}", &total.to_string());
        let line = shaper.line(FontKind::Regular, &text);
        let x = left + (width - line.width * size) / 2.0;
        page.items.push(Item::Text {
            at: Point::new(x, baseline),
            font: FontKind::Regular,
            size: Pt(size),
            colour: style.colours.muted,
            glyphs: line.glyphs,
            text: line.text,
            tag: Tag::Artifact(Artifact::Footer),
        });
    }
}
