//! Chunks → pages: pagination (run), then the running header and the footers once the
//! page count is known (finalize).
//!
//! Every page-break rule lives here, read from the chunks: a chunk stays with the next
//! when `keep_with_next` says so (short rows, orphans and widows, kept groups), and a
//! heading's `hold` extends that to two rows or lines of what follows; a chunk starting
//! a page brings its repeats (a table's header row, an item's title and a label marked
//! "(fortsat)").

use super::collect::{Chunk, Collected};
use super::text::Shaper;
use crate::fonts::FontKind;
use crate::frame::{Anchor, Artifact, Info, Item, Laid, Page, Tag};
use crate::geom::Size;
use crate::style::{Style, MM};

/// A page with fewer content lines than this after balancing is a failure of
/// balancing (DESIGN.md: "a last page with one to three lines").
const MIN_PAGE_LINES: usize = 3;

/// At most this many extra pagination runs to balance the last page.
const MAX_BALANCING: usize = 3;

/// Places the chunks on pages, balances the last page, and adds the running header and
/// the footers.
pub fn paginate(
    collected: &Collected,
    style: &Style,
    shaper: &mut Shaper,
    running_header: &str,
    info: &Info,
) -> Laid {
    let mut forced = Vec::new();
    let mut placed = place_all(collected, style, &forced);
    for _ in 0..MAX_BALANCING {
        match balance(&collected.chunks, &placed.starts) {
            Some(at) => {
                forced.push(at);
                placed = place_all(collected, style, &forced);
            }
            None => break,
        }
    }
    let Placed { mut pages, anchors, .. } = placed;
    finalize(&mut pages, style, shaper, running_header);
    Laid {
        size: Size::new(style.page_width(), style.page_height()),
        pages,
        tree: collected.tree.clone(),
        anchors,
        outline: collected.outline.clone(),
        info: info.clone(),
    }
}

/// Pages with their content placed, and the index of the first chunk of each page.
struct Placed {
    pages: Vec<Page>,
    anchors: Vec<Anchor>,
    starts: Vec<usize>,
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

/// Places the chunks on pages; a chunk in `forced` starts a new page.
fn place_all(collected: &Collected, style: &Style, forced: &[usize]) -> Placed {
    let Collected { chunks, repeats, outline, .. } = collected;
    let p = &style.page;
    let top = p.margin_top_mm * MM;
    let bottom = (p.height_mm - p.margin_bottom_mm) * MM;
    let room = bottom - top;

    let mut pages = vec![Page::default()];
    let mut starts = vec![0];
    let mut anchors = vec![Anchor::default(); outline.len()];
    let mut y = top;
    for (i, chunk) in chunks.iter().enumerate() {
        let at_top = y <= top;
        if chunk.page_break {
            if !at_top {
                pages.push(Page::default());
                starts.push(i + 1);
                y = top;
            }
            continue;
        }
        let gap = if at_top { 0.0 } else { chunk.gap };
        let needed = gap + chain_height(&chunks[i..], room);
        if !at_top && (y + needed > bottom || forced.contains(&i)) {
            pages.push(Page::default());
            starts.push(i);
            y = top;
        }
        let at_top = y <= top;
        let index = pages.len() - 1;
        let Some(page) = pages.last_mut() else { continue };
        if at_top {
            if let Some(h) = chunk.header.and_then(|h| repeats.get(h)) {
                place(page, h, y);
                y += h.height;
            }
            if let Some(o) = chunk.overlay.and_then(|o| repeats.get(o)) {
                place(page, o, y);
            }
        } else {
            y += chunk.gap;
        }
        if let Some(a) = chunk.anchor {
            anchors[a] = Anchor::new(index, y);
        }
        place(page, chunk, y);
        y += chunk.height;
    }
    Placed { pages, anchors, starts }
}

/// Height of a chunk plus the chunks it must stay with: up to the first chunk that
/// may end a page, or further while a heading's `hold` asks for more such ends. A
/// chain taller than a page is cut to its first chunk (it will break anyway, and the
/// first piece must still move as a whole).
fn chain_height(chunks: &[Chunk], room: f32) -> f32 {
    let mut height = 0.0;
    let mut ends = 0;
    let mut needed = 1;
    for (i, c) in chunks.iter().enumerate() {
        if c.page_break {
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

fn place(page: &mut Page, chunk: &Chunk, y: f32) {
    page.items.extend(chunk.items.iter().cloned().map(|mut item| {
        match &mut item {
            Item::Text { y: iy, .. }
            | Item::Rect { y: iy, .. }
            | Item::Leader { y: iy, .. }
            | Item::Link { y: iy, .. } => *iy += y,
        }
        item
    }));
}

/// Adds the running header to pages 2 onwards and "Side X af Y" to every page, both
/// centred on or aligned with the text column (not the paper) and tagged as artifacts.
fn finalize(
    pages: &mut [Page],
    style: &Style,
    shaper: &mut Shaper,
    running_header: &str,
) {
    let total = pages.len();
    let size = style.sizes.footer;
    let p = &style.page;
    let left = p.margin_left_mm * MM;
    let width = (p.width_mm - p.margin_left_mm - p.margin_right_mm) * MM;
    let baseline = (p.height_mm - p.footer_baseline_mm) * MM;
    let header_baseline = p.header_baseline_mm * MM;
    let header = shaper.line(FontKind::Regular, running_header);
    // A header wider than the column (a very long name) is set smaller to fit.
    let header_size =
        if header.width * size > width { width / header.width } else { size };
    for (i, page) in pages.iter_mut().enumerate() {
        if i > 0 && !running_header.is_empty() {
            page.items.push(Item::Text {
                x: left,
                y: header_baseline,
                font: FontKind::Regular,
                size: header_size,
                colour: style.colours.muted,
                glyphs: header.glyphs.clone(),
                text: header.text.clone(),
                tag: Tag::Artifact(Artifact::Header),
            });
            let rule_y = header_baseline + 0.45 * size;
            let colour = style.colours.rule;
            page.items
                .push(Item::Rect { x: left, y: rule_y, w: width, h: 0.4, colour });
        }
        let text = style
            .labels
            .footer
            .replace("{page}", &(i + 1).to_string())
            .replace("{pages}", &total.to_string());
        let line = shaper.line(FontKind::Regular, &text);
        let x = left + (width - line.width * size) / 2.0;
        page.items.push(Item::Text {
            x,
            y: baseline,
            font: FontKind::Regular,
            size,
            colour: style.colours.muted,
            glyphs: line.glyphs,
            text: line.text,
            tag: Tag::Artifact(Artifact::Footer),
        });
    }
}
