//! The layout engine: a composed [`Document`] in, positioned pages out.
//!
//! Stages, each in its own file:
//! 1. [`collect`]: blocks → chunks, the unbreakable vertical pieces (a line of text, a
//!    table row band, a heading), each knowing whether it must stay with the next.
//! 2. [`pages`]: chunks → pages (page breaks, keep-with-next, repeated table headers),
//!    then footers once the page count is known.
//!
//! The table of contents needs the pages its entries land on, which are known only after
//! pagination; so layout runs again with the numbers found until they stop changing
//! (a bounded number of passes, like typst's introspection loop).

mod collect;
mod hyphenate;
pub mod links;
mod pages;
pub mod text;

use crate::document::Document;
use crate::error::{Error, LayoutError};
use crate::frame::Info;
use crate::style::Style;

pub use crate::frame::Laid;
use text::Shaper;

/// At most this many layout passes to settle the table of contents' page numbers.
const MAX_PASSES: usize = 5;

/// Lays out a document.
pub fn layout(
    doc: &Document,
    style: &Style,
    fonts: &crate::fonts::Fonts,
) -> Result<Laid, Error> {
    let mut shaper = Shaper::new(fonts);
    // First guess: every entry on a page with a two-digit number, so the guess is as wide
    // as most real numbers will be.
    let entries = doc.flat_blocks().into_iter().filter(|b| is_toc_heading(b)).count();
    let mut numbers: Vec<usize> = vec![10; entries];
    let mut collected = collect::collect(doc, style, &mut shaper, &numbers);
    let info = Info { title: doc.title.clone(), meta: doc.meta.clone() };
    for _ in 0..MAX_PASSES {
        let placed = pages::place(&collected, style);
        let found: Vec<usize> = placed.anchors.iter().map(|a| a.page + 1).collect();
        if found == numbers {
            let heads = (doc.running_header.as_str(), doc.band.as_deref());
            return Ok(pages::finish(
                collected,
                placed,
                style,
                &mut shaper,
                heads,
                &info,
            ));
        }
        numbers = found;
        // Only the table of contents depends on the numbers: set it again, then
        // paginate everything again (its height may have changed).
        collect::retoc(&mut collected, doc, style, &mut shaper, &numbers);
    }
    Err(Error::Layout(LayoutError::ContentsUnsettled { passes: MAX_PASSES }))
}

fn is_toc_heading(block: &crate::document::Block) -> bool {
    matches!(block, crate::document::Block::Heading { in_toc: true, .. })
}
