//! Chunks → pages: pagination (run), then footers once the page count is known
//! (finalize).

use super::collect::{Chunk, Collected};
use super::fonts::FontKind;
use super::frame::{Artifact, Item, Laid, Page, Tag};
use super::text::Shaper;
use crate::style::{Style, MM};

/// Places the chunks on pages and adds the footers.
pub fn paginate(collected: &Collected, style: &Style, shaper: &mut Shaper) -> Laid {
    let Collected { chunks, headers, tree, outline, .. } = collected;
    let p = &style.page;
    let top = p.margin_top_mm * MM;
    let bottom = (p.height_mm - p.margin_bottom_mm) * MM;
    let room = bottom - top;

    let mut pages = vec![Page::default()];
    let mut anchors = vec![(0, 0.0); outline.len()];
    let mut y = top;
    for (i, chunk) in chunks.iter().enumerate() {
        let at_top = y <= top;
        if chunk.page_break {
            if !at_top {
                pages.push(Page::default());
                y = top;
            }
            continue;
        }
        let gap = if at_top { 0.0 } else { chunk.gap };
        let needed = gap + chain_height(&chunks[i..], room);
        if !at_top && y + needed > bottom {
            pages.push(Page::default());
            y = top;
        }
        let at_top = y <= top;
        let index = pages.len() - 1;
        let Some(page) = pages.last_mut() else { continue };
        if at_top {
            if let Some(h) = chunk.header.and_then(|h| headers.get(h)) {
                place(page, h, y);
                y += h.height;
            }
        } else {
            y += chunk.gap;
        }
        if let Some(a) = chunk.anchor {
            anchors[a] = (index, y);
        }
        place(page, chunk, y);
        y += chunk.height;
    }

    finalize(&mut pages, style, shaper);
    Laid {
        size: (style.page_width(), style.page_height()),
        pages,
        tree: tree.clone(),
        anchors,
        outline: outline.clone(),
    }
}

/// Height of a chunk plus the chunks it must stay with; a chain taller than a page is
/// cut to its first chunk (it will break anyway, and the first piece must still move
/// as a whole).
fn chain_height(chunks: &[Chunk], room: f32) -> f32 {
    let mut height = 0.0;
    for (i, c) in chunks.iter().enumerate() {
        if c.page_break {
            break;
        }
        height += if i == 0 { c.height } else { c.gap + c.height };
        if !c.keep_with_next {
            break;
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

/// Adds "Side X af Y" to every page.
fn finalize(pages: &mut [Page], style: &Style, shaper: &mut Shaper) {
    let total = pages.len();
    let size = style.sizes.footer;
    let baseline = (style.page.height_mm - style.page.footer_baseline_mm) * MM;
    for (i, page) in pages.iter_mut().enumerate() {
        let text = style
            .labels
            .footer
            .replace("{page}", &(i + 1).to_string())
            .replace("{pages}", &total.to_string());
        let line = shaper.line(FontKind::Regular, &text);
        let x = (style.page_width() - line.width * size) / 2.0;
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
