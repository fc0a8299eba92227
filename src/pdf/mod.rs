//! The PDF writer: walks laid-out pages and writes them with krilla, tagged, with
//! outline, links and metadata, validated as PDF/UA-1 and PDF/A-2a.
//!
//! [`write`] reads like the export's table of contents: configure, draw pages, add
//! links, then outline, metadata and the tag tree.

mod pack;
mod runs;
mod tags;

use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target as PdfTarget};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::text::{Font, KrillaGlyph};
use krilla::{Document as PdfDocument, SerializeSettings};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use crate::error::Error;
use crate::fonts::{FontKind, Fonts};
use crate::frame::{Anchor, Artifact, Date, Info, Item, Laid, Tag, Target};
use crate::style::Rgb;

/// The fonts as krilla fonts, made once per engine: krilla hashes the whole font file
/// when one is made, so the layout's two fonts are made at once and each fallback font
/// the first time a document needs it. Each thread draws with copies of its own
/// ([`PdfFonts::get`]).
pub struct PdfFonts {
    /// Tells this engine's fonts from another's in a thread's copies.
    id: u64,
    fonts: Vec<LazyFont>,
}

/// A bundled font's name and data, and its krilla font once made.
type LazyFont = (&'static str, &'static [u8], OnceLock<Option<Font>>);

impl PdfFonts {
    /// Wraps the fonts for krilla.
    pub fn new(fonts: &Fonts) -> Result<Self, Error> {
        let all = fonts
            .files()
            .map(|(name, data)| (name, data, OnceLock::new()))
            .collect();
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let this = Self { id: NEXT.fetch_add(1, Ordering::Relaxed), fonts: all };
        this.get(FontKind::Regular as u8)?;
        this.get(FontKind::Bold as u8)?;
        Ok(this)
    }

    /// The krilla font of a face ([`Fonts::face`]), this thread's copy. krilla counts
    /// references to a font for every glyph it draws; two threads drawing with one font
    /// would contend for the cache line of its counts (batch on two cores lost ~15 % of
    /// its CPU time to that), so each thread takes a copy of its own, equal to the
    /// shared font (subset cache hits, the same bytes).
    fn get(&self, face: u8) -> Result<Font, Error> {
        let at = usize::from(face);
        let (name, data, shared) = self
            .fonts
            .get(at)
            .ok_or_else(|| Error::pdf(format!("no font {face}")))?;
        COPIES.with_borrow_mut(|copies| {
            let engine = match copies.iter().position(|(id, _)| *id == self.id) {
                Some(engine) => engine,
                None => {
                    if copies.len() >= COPIED_ENGINES {
                        copies.remove(0);
                    }
                    copies.push((self.id, vec![None; self.fonts.len()]));
                    copies.len() - 1
                }
            };
            let slot = copies
                .get_mut(engine)
                .and_then(|(_, fonts)| fonts.get_mut(at))
                .ok_or_else(|| Error::pdf(format!("no font {face}")))?;
            if let Some(font) = slot {
                return Ok(font.clone());
            }
            let copy = shared
                .get_or_init(|| Font::new((*data).into(), 0))
                .as_ref()
                .ok_or_else(|| Error::pdf(format!("krilla cannot read font {name}")))?
                .thread_copy();
            *slot = Some(copy.clone());
            Ok(copy)
        })
    }
}

/// The engines whose fonts a thread keeps copies of (the oldest is dropped beyond).
const COPIED_ENGINES: usize = 4;

thread_local! {
    /// This thread's copies of engines' fonts: by [`PdfFonts`] id, by face.
    static COPIES: std::cell::RefCell<Vec<(u64, Vec<Option<Font>>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Writes the laid-out document as PDF bytes.
pub fn write(laid: &Laid, fonts: &PdfFonts) -> Result<Vec<u8>, Error> {
    let mut document = PdfDocument::new_with(settings()?);
    let pdf_fonts = fonts;
    let mut contents = Drawn::new(laid.tree.nodes.len());

    for (index, page) in laid.pages.iter().enumerate() {
        let settings =
            PageSettings::from_wh(laid.size.width.get(), laid.size.height.get())
                .ok_or_else(|| Error::pdf("invalid page size"))?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        // Paint order is the layout's order (see `crate::frame`): a fill drawn before a
        // text covers nothing of it. Text lines merge into runs only within a stretch of
        // consecutive text items, so nothing is moved across a fill.
        let mut rest = page.items.as_slice();
        while let Some(first) = rest.first() {
            let text = rest.iter().take_while(|i| matches!(i, Item::Text { .. })).count();
            if text > 0 {
                let parent = |n: usize| laid.tree.nodes.get(n).and_then(|n| n.parent);
                for run in runs::runs(&rest[..text], parent) {
                    draw_text(&mut surface, run, pdf_fonts, &mut contents)?;
                }
                rest = &rest[text..];
                continue;
            }
            match first {
                Item::Rect { at, size, colour: c } => {
                    let (w, h) = (size.width.get(), size.height.get());
                    draw_rect(&mut surface, (at.x.get(), at.y.get(), w, h), *c)
                }
                Item::Leader { at, width, colour: c } => {
                    draw_leader(&mut surface, (at.x.get(), at.y.get(), width.get()), *c)
                }
                Item::Text { .. } | Item::Link { .. } => {}
            }
            rest = &rest[1..];
        }
        surface.finish();
        for item in &page.items {
            if let Item::Link { at, size, target, node, alt } = item {
                let (x, y) = (at.x.get(), at.y.get());
                let rect = Rect::from_xywh(x, y, size.width.get(), size.height.get())
                    .ok_or_else(|| {
                        Error::pdf(format!("empty link area on page {}", index + 1))
                    })?;
                let target = match target {
                    Target::Anchor(anchor) => {
                        let dest = destination(laid.anchors[*anchor]);
                        PdfTarget::Destination(dest.into())
                    }
                    Target::Uri(uri) => {
                        PdfTarget::Action(LinkAction::new(uri.clone()).into())
                    }
                };
                let link = LinkAnnotation::new(rect, target);
                let id = pdf_page
                    .add_tagged_annotation(Annotation::new_link(link, Some(alt.clone())));
                contents.push(*node, id);
            }
        }
        pdf_page.finish();
    }

    document.set_outline(outline(laid));
    document.set_metadata(metadata(&laid.info));
    document.set_tag_tree(tags::tree(&laid.tree, contents.nodes));
    let pdf = document
        .finish()
        .map_err(|e| Error::pdf_caused("finishing the document", e))?;
    Ok(pack::pack(pdf))
}

/// PDF/A-2a and PDF/UA-1 (PDF 1.7), tagged. Content streams are left uncompressed here:
/// [`pack`] compresses them together with the object streams.
fn settings() -> Result<SerializeSettings, Error> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_A)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| Error::pdf(format!("configuration: {e:?}")))?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: true,
        compress_content_streams: false,
        ..SerializeSettings::default()
    })
}

fn colour(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// What has been drawn for each structure node, in drawing order.
struct Drawn {
    nodes: tags::Contents,
    next: usize,
}

impl Drawn {
    fn new(nodes: usize) -> Self {
        Self { nodes: vec![Vec::new(); nodes], next: 0 }
    }

    fn push(&mut self, node: usize, id: Identifier) {
        self.nodes[node].push((self.next, id));
        self.next += 1;
    }
}

fn draw_text(
    surface: &mut Surface,
    run: runs::Run,
    fonts: &PdfFonts,
    contents: &mut Drawn,
) -> Result<(), Error> {
    let id = match run.tag {
        Tag::Node(_) => surface.start_tagged(ContentTag::Span(SpanTag::empty())),
        Tag::Artifact(kind) => surface.start_tagged(artifact(kind)),
    };
    surface.set_fill(Some(colour(run.colour)));
    let own = run.font as u8;
    if run.props.iter().all(|&(face, rtl)| face == own && !rtl) {
        let origin = Point::from_xy(run.x, run.y);
        surface.draw_glyphs(
            origin,
            &run.glyphs,
            fonts.get(own)?,
            &run.text,
            run.size,
            false,
        );
    } else {
        // One call per stretch of one face and direction (krilla draws a call in one
        // font, and marks a right-to-left stretch `/ReversedChars`), each starting where
        // the glyphs before it left the pen.
        let mut x = run.x;
        let mut i = 0;
        while i < run.glyphs.len() {
            let key = run.props.get(i).copied().unwrap_or((own, false));
            let mut j = i + 1;
            while j < run.glyphs.len() && run.props.get(j) == Some(&key) {
                j += 1;
            }
            let glyphs = &run.glyphs[i..j];
            let origin = Point::from_xy(x, run.y);
            let font = fonts.get(key.0)?;
            if key.1 {
                let (glyphs, text) = reversed_clusters(glyphs, &run.text);
                surface.draw_glyphs(origin, &glyphs, font, &text, run.size, false);
            } else {
                surface.draw_glyphs(origin, glyphs, font, &run.text, run.size, false);
            }
            x += glyphs.iter().map(|g| g.x_advance).sum::<f32>() * run.size;
            i = j;
        }
    }
    surface.end_tagged();
    if let Tag::Node(n) = run.tag {
        contents.push(n, id);
    }
    Ok(())
}

/// A right-to-left stretch (glyphs in visual order) with its own text: the clusters in
/// logical order, each cluster's characters reversed. The glyphs' ranges then fall
/// from first to last, so krilla marks the stretch `/ReversedChars`, and a reader that
/// reverses its characters gets logical order, also for a ligature standing for several
/// letters (Arabic lam-alef: without this "الأمل" reads back as "األمل").
fn reversed_clusters(glyphs: &[KrillaGlyph], text: &str) -> (Vec<KrillaGlyph>, String) {
    let mut reversed = String::new();
    let mut ranges: Vec<std::ops::Range<usize>> = vec![0..0; glyphs.len()];
    let mut last: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    for (i, g) in glyphs.iter().enumerate().rev() {
        ranges[i] = match &last {
            Some((from, to)) if *from == g.text_range => to.clone(),
            _ => {
                let start = reversed.len();
                reversed
                    .extend(text.get(g.text_range.clone()).unwrap_or("").chars().rev());
                let to = start..reversed.len();
                last = Some((g.text_range.clone(), to.clone()));
                to
            }
        };
    }
    let glyphs = glyphs
        .iter()
        .zip(ranges)
        .map(|(g, text_range)| KrillaGlyph { text_range, ..g.clone() })
        .collect();
    (glyphs, reversed)
}

/// The PDF artifact type of an artifact.
fn artifact(kind: Artifact) -> ContentTag<'static> {
    let kind = match kind {
        Artifact::Header => ArtifactType::Header,
        Artifact::Footer => ArtifactType::Footer,
        Artifact::Repeated => ArtifactType::PaginationOther,
        Artifact::Layout => ArtifactType::Layout,
    };
    ContentTag::Artifact(krilla::tagging::Artifact::with_kind(kind))
}

/// Rules and fills are layout artifacts.
fn draw_rect(surface: &mut Surface, (x, y, w, h): (f32, f32, f32, f32), c: Rgb) {
    let mut pb = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
        pb.push_rect(rect);
    }
    if let Some(path) = pb.finish() {
        surface.start_tagged(artifact(Artifact::Layout));
        surface.set_fill(Some(colour(c)));
        surface.draw_path(&path);
        surface.end_tagged();
    }
}

/// Width of a leader's dots, and the distance from one dot to the next, in points.
const LEADER_DOT: f32 = 0.9;
const LEADER_PITCH: f32 = 3.6;

/// A dotted leader: one stroke, dashed with zero-length dashes and round caps, so each
/// dash is a round dot; dots sit on a fixed grid from the page's left edge, so the
/// leaders of a table of contents line up.
fn draw_leader(surface: &mut Surface, (x, y, w): (f32, f32, f32), c: Rgb) {
    let start = (x / LEADER_PITCH).ceil() * LEADER_PITCH;
    let end = x + w;
    if end - start < LEADER_PITCH {
        return;
    }
    let mut pb = PathBuilder::new();
    pb.move_to(start, y - LEADER_DOT / 2.0);
    pb.line_to(end, y - LEADER_DOT / 2.0);
    let Some(path) = pb.finish() else { return };
    surface.start_tagged(artifact(Artifact::Layout));
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        width: LEADER_DOT,
        line_cap: LineCap::Round,
        dash: Some(StrokeDash { array: vec![0.0, LEADER_PITCH], offset: 0.0 }),
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
    surface.end_tagged();
}

/// Bookmarks mirroring the table of contents: sections with their elements below.
fn outline(laid: &Laid) -> Outline {
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for entry in &laid.outline {
        let node = OutlineNode::new(
            entry.title.clone(),
            destination(laid.anchors[entry.anchor]),
        );
        match (entry.depth, current.as_mut()) {
            (0, _) | (_, None) => {
                if let Some(done) = current.replace(node) {
                    outline.push_child(done);
                }
            }
            (_, Some(parent)) => parent.push_child(node),
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    outline
}

/// Where a link or bookmark goes: an anchor's page and place.
fn destination(anchor: Anchor) -> XyzDestination {
    XyzDestination::new(anchor.page, Point::from_xy(anchor.at.x.get(), anchor.at.y.get()))
}

/// Title, language, author and a date derived from the plan version (never the clock),
/// and a document id derived from the plan version and the request: no personal data.
fn metadata(info: &Info) -> Metadata {
    let m = &info.meta;
    let Date { year, month, day } = m.date;
    let date = DateTime::new(u16::try_from(year).unwrap_or(1970))
        .month(u8::try_from(month).unwrap_or(1))
        .day(u8::try_from(day).unwrap_or(1))
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    Metadata::new()
        .title(info.title.to_owned())
        .language("da".to_owned())
        .authors(vec![m.author.clone()])
        .creator(format!("minplan {}", env!("CARGO_PKG_VERSION")))
        .producer(format!("minplan {} (krilla)", env!("CARGO_PKG_VERSION")))
        .creation_date(date)
        .document_id(format!("{}/{}/{}", m.plan_version_id, m.version_number, m.variant))
}
