//! The PDF writer: walks laid-out pages and writes them with krilla, tagged, with
//! outline, links and metadata, validated as PDF/UA-1 and PDF/A-2a.
//!
//! [`write`] reads like the export's table of contents: configure, draw pages, add
//! links, then outline, metadata and the tag tree.

mod pack;
mod runs;
mod tags;

use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::text::Font;
use krilla::{Document as PdfDocument, SerializeSettings};

use crate::document::Meta;
use crate::error::Error;
use crate::layout::fonts::{FontKind, Fonts};
use crate::layout::frame::{Item, Laid, Tag};
use crate::style::Rgb;

/// The PDF's document-level facts.
pub struct PdfInfo<'a> {
    /// Title (metadata and window title).
    pub title: &'a str,
    /// Facts without personal data.
    pub meta: &'a Meta,
}

/// The layout's fonts as krilla fonts, made once per engine: krilla hashes the whole
/// font file when one is made.
pub struct PdfFonts([Font; 2]);

impl PdfFonts {
    /// Wraps the layout's fonts for krilla.
    pub fn new(fonts: &Fonts) -> Result<Self, Error> {
        Ok(Self([font(fonts, FontKind::Regular)?, font(fonts, FontKind::Bold)?]))
    }
}

/// Writes the laid-out document as PDF bytes.
pub fn write(laid: &Laid, info: &PdfInfo, fonts: &PdfFonts) -> Result<Vec<u8>, Error> {
    let mut document = PdfDocument::new_with(settings()?);
    let pdf_fonts = &fonts.0;
    let mut contents: Vec<Vec<Identifier>> = vec![Vec::new(); laid.tree.nodes.len()];

    for (index, page) in laid.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(laid.size.0, laid.size.1)
            .ok_or_else(|| Error::pdf("invalid page size"))?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        for run in runs::runs(&page.items) {
            draw_text(&mut surface, run, pdf_fonts, &mut contents);
        }
        for item in &page.items {
            if let Item::Rect { x, y, w, h, colour: c } = item {
                draw_rect(&mut surface, (*x, *y, *w, *h), *c);
            }
        }
        surface.finish();
        for item in &page.items {
            if let Item::Link { x, y, w, h, anchor, node, alt } = item {
                let (target_page, target_y) = laid.anchors[*anchor];
                let rect = Rect::from_xywh(*x, *y, *w, *h).ok_or_else(|| {
                    Error::pdf(format!("empty link area on page {}", index + 1))
                })?;
                let dest =
                    XyzDestination::new(target_page, Point::from_xy(0.0, target_y));
                let link = LinkAnnotation::new(rect, Target::Destination(dest.into()));
                let id = pdf_page
                    .add_tagged_annotation(Annotation::new_link(link, Some(alt.clone())));
                contents[*node].push(id);
            }
        }
        pdf_page.finish();
    }

    document.set_outline(outline(laid));
    document.set_metadata(metadata(info));
    document.set_tag_tree(tags::tree(&laid.tree, contents));
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

fn font(fonts: &Fonts, kind: FontKind) -> Result<Font, Error> {
    let loaded = fonts.get(kind);
    Font::new(loaded.data.into(), 0)
        .ok_or_else(|| Error::pdf(format!("krilla cannot read font {}", loaded.name)))
}

fn colour(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw_text(
    surface: &mut Surface,
    run: runs::Run,
    fonts: &[Font; 2],
    contents: &mut [Vec<Identifier>],
) {
    let id = match run.tag {
        Tag::Node(_) => surface.start_tagged(ContentTag::Span(SpanTag::empty())),
        Tag::Artifact => surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::PaginationOther,
        ))),
    };
    surface.set_fill(Some(colour(run.colour)));
    let font = fonts[run.font as usize].clone();
    let origin = Point::from_xy(run.x, run.y);
    surface.draw_glyphs(origin, &run.glyphs, font, &run.text, run.size, false);
    surface.end_tagged();
    if let Tag::Node(n) = run.tag {
        contents[n].push(id);
    }
}

/// Rules and fills are layout artifacts.
fn draw_rect(surface: &mut Surface, (x, y, w, h): (f32, f32, f32, f32), c: Rgb) {
    let mut pb = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
        pb.push_rect(rect);
    }
    if let Some(path) = pb.finish() {
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Layout,
        )));
        surface.set_fill(Some(colour(c)));
        surface.draw_path(&path);
        surface.end_tagged();
    }
}

/// Bookmarks mirroring the table of contents: sections with their elements below.
fn outline(laid: &Laid) -> Outline {
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for entry in &laid.outline {
        let (page, y) = laid.anchors[entry.anchor];
        let node = OutlineNode::new(
            entry.title.clone(),
            XyzDestination::new(page, Point::from_xy(0.0, y)),
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

/// Title, language, author and a date derived from the plan version (never the clock),
/// and a document id derived from the plan version and the request: no personal data.
fn metadata(info: &PdfInfo) -> Metadata {
    let m = info.meta;
    let (year, month, day) = m.date;
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
