//! What a person sees (SPEC section 5), checked on rendered pages: every word has ink
//! (`../shared/tools/inkcheck`), addresses are links, and the pages of every fixture
//! look as reviewed: small reference images under `tests/ref/`, compared with a
//! tolerance. `MINPLAN_UPDATE_REFS=1 cargo test --profile ci --test engine visual::`
//! writes them anew; a change in what is drawn then shows in review as a changed picture.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;

use common::*;
use minplan::{Audience, VersionKind};

use Audience::Citizen;
use VersionKind::Current;

/// What a person sees is what the file says (SPEC section 5): every word of the text
/// layer has ink on the rendered page, for every fixture in `samples/`, all six
/// combinations and the signature page, in every layout under `layouts/`.
#[test]
fn every_word_is_visible() {
    let jobs = renderings();
    let failures = std::sync::Mutex::new(Vec::new());
    let pages = std::sync::Mutex::new((0, 0));
    let next = std::sync::atomic::AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((layout, sample, request)) = jobs.get(i) else { break };
                let Some(pdf) = rendered(layout, sample, *request) else { continue };
                let name = rendering_name(layout, sample, *request);
                let path = write_pdf("inkcheck", &format!("{name}.pdf"), &pdf);
                let invisible = invisible_words(&path);
                let mut p = pages.lock().unwrap();
                p.0 += 1;
                p.1 += usize::from(request.signature || request.acknowledgement);
                drop(p);
                for word in invisible {
                    failures.lock().unwrap().push(format!("{name} {word}"));
                }
            });
        }
    });
    let (checked, extra) = pages.into_inner().unwrap();
    assert!(checked >= 6 * samples().len() * layouts().len(), "{checked} PDFs checked");
    assert!(extra > 0, "no signature or kvittering page was checked");
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "invisible words:\n{}", failures.join("\n"));
}

/// Web and e-mail addresses in the text are link annotations (`mailto:`, `https:`)
/// described by the address itself (SPEC section 5; PDF/UA's Link with /Contents).
#[test]
fn addresses_are_links() {
    let json = sample("integration-contract-full.json");
    let pdf = engine().render(&json, request(Citizen, Current)).unwrap();
    let report = inspect(&write_pdf("addresses", "sample.pdf", &pdf));
    let uris: Vec<(&str, &str)> = report["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| Some((l["uri"].as_str()?, l["contents"].as_str()?)))
        .collect();
    for address in ["jobcenter@aarhus.dk", "hajo@aarhus.dk"] {
        let uri = format!("mailto:{address}");
        assert!(uris.contains(&(uri.as_str(), address)), "{address}: {uris:?}");
    }
}

/// Resolution of the reference images: enough to see layout, small to commit.
const REF_DPI: &str = "30";

/// A pixel differs when its grey level is this far from the reference's.
const PIXEL_TOLERANCE: u8 = 48;

/// A page matches when at most this share of its pixels differ (anti-aliasing and
/// rasteriser versions move a few edge pixels; a moved line moves thousands).
const PAGE_TOLERANCE: f64 = 0.002;

/// A greyscale image.
struct Grey {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

/// Renders every page of a PDF in grey at [`REF_DPI`] with poppler's pdftoppm.
fn rasterise(pdf: &Path) -> Vec<Grey> {
    let dir = pdf.with_extension("pages");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", REF_DPI, "-gray"])
        .arg(pdf)
        .arg(dir.join("p"))
        .status()
        .expect("pdftoppm runs");
    assert!(status.success(), "pdftoppm failed on {}", pdf.display());
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| read_pgm(&std::fs::read(f).unwrap())).collect()
}

/// Parses a binary PGM (P5, 8 bit), as pdftoppm writes it.
fn read_pgm(data: &[u8]) -> Grey {
    let mut fields = Vec::new();
    let mut at = 2;
    while fields.len() < 3 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields
            .push(std::str::from_utf8(&data[start..at]).unwrap().parse::<u32>().unwrap());
    }
    assert_eq!(&data[..2], b"P5");
    assert_eq!(fields[2], 255, "8-bit PGM");
    let pixels = data[at + 1..].to_vec();
    assert_eq!(pixels.len(), (fields[0] * fields[1]) as usize);
    Grey { width: fields[0], height: fields[1], pixels }
}

/// Writes a greyscale PNG: one IDAT, no filters (the reference images are small).
fn write_png(path: &Path, image: &Grey) {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.sum().to_be_bytes());
    }
    let mut raw = Vec::with_capacity(image.pixels.len() + image.height as usize);
    for row in image.pixels.chunks(image.width as usize) {
        raw.push(0);
        raw.extend(row);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut z, &raw).unwrap();
    let mut header = Vec::new();
    header.extend(image.width.to_be_bytes());
    header.extend(image.height.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]); // 8 bit, grey, deflate, adaptive filters, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    std::fs::write(path, out).unwrap();
}

/// Reads a PNG written by [`write_png`] (grey, 8 bit, unfiltered rows).
fn read_png(data: &[u8]) -> Grey {
    assert_eq!(&data[..8], b"\x89PNG\r\n\x1a\n");
    let (mut at, mut width, mut height, mut idat) = (8, 0, 0, Vec::new());
    while at + 8 <= data.len() {
        let len = u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize;
        let kind = &data[at + 4..at + 8];
        let body = &data[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(body[..4].try_into().unwrap());
                height = u32::from_be_bytes(body[4..8].try_into().unwrap());
                assert_eq!(&body[8..10], &[8, 0], "8-bit grey");
            }
            b"IDAT" => idat.extend(body),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&idat[..]), &mut raw)
        .unwrap();
    let mut pixels = Vec::with_capacity((width * height) as usize);
    for row in raw.chunks(width as usize + 1) {
        assert_eq!(row[0], 0, "unfiltered rows");
        pixels.extend(&row[1..]);
    }
    Grey { width, height, pixels }
}

/// The share of pixels that differ by more than [`PIXEL_TOLERANCE`]; 1 for images of
/// different sizes.
fn difference(a: &Grey, b: &Grey) -> f64 {
    if (a.width, a.height) != (b.width, b.height) {
        return 1.0;
    }
    let differ = a
        .pixels
        .iter()
        .zip(&b.pixels)
        .filter(|(x, y)| x.abs_diff(**y) > PIXEL_TOLERANCE)
        .count();
    differ as f64 / a.pixels.len() as f64
}

/// Every page of the shared sample in the six combinations, and of every other fixture
/// as the widest audience sees it (jobcenter, current), looks like its reference image in
/// `tests/ref/` (`MINPLAN_UPDATE_REFS=1` writes them anew).
#[test]
fn sample_pages_match_their_reference_images() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ref");
    let update = std::env::var_os("MINPLAN_UPDATE_REFS").is_some_and(|v| v == "1");
    if update {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut failures = Vec::new();
    let mut compared = 0;
    // The shared sample in the six combinations, and every other fixture once; among
    // them the pages of real text: Arabic inside a Danish sentence (page 3), a character
    // drawn as a substitute (page 3), right-to-left paragraphs and scripts in a table
    // (page 5), Word's bullets (page 6).
    let mut renders: Vec<(String, &str, minplan::Request)> = COMBINATIONS
        .iter()
        .map(|&(audience, kind)| {
            let name = format!("sample-{audience}-{kind}");
            (name, "integration-contract-full.json", request(audience, kind))
        })
        .collect();
    let fixtures = samples();
    for fixture in fixtures.iter().filter(|f| *f != "integration-contract-full.json") {
        let stem = fixture.trim_end_matches(".json");
        let request = request(Audience::Jobcenter, VersionKind::Current);
        renders.push((format!("{stem}-jobcenter-current"), fixture, request));
    }
    for (name, fixture, request) in renders {
        let pdf = engine().render(&sample(fixture), request);
        let path = write_pdf("ref", &format!("{name}.pdf"), &pdf.unwrap());
        let pages = rasterise(&path);
        for (i, page) in pages.iter().enumerate() {
            let file = dir.join(format!("{name}-{}.png", i + 1));
            if update {
                write_png(&file, page);
                continue;
            }
            let Ok(data) = std::fs::read(&file) else {
                failures.push(format!("{}: no reference image", file.display()));
                continue;
            };
            compared += 1;
            let share = difference(page, &read_png(&data));
            if share > PAGE_TOLERANCE {
                let actual =
                    write_pdf("ref", &format!("{name}-{}.actual.png", i + 1), &[]);
                write_png(&actual, page);
                failures.push(format!(
                    "{name} page {}: {:.2} % of pixels differ from {} (now: {})",
                    i + 1,
                    share * 100.0,
                    file.display(),
                    actual.display()
                ));
            }
        }
        // No reference page beyond the last page rendered now.
        let extra = dir.join(format!("{name}-{}.png", pages.len() + 1));
        if extra.exists() {
            failures.push(format!(
                "{name}: {} pages now, more in {}",
                pages.len(),
                dir.display()
            ));
        }
    }
    assert!(update || compared > 0, "no reference images compared");
    assert!(
        failures.is_empty(),
        "{}\nMINPLAN_UPDATE_REFS=1 writes them anew.",
        failures.join("\n")
    );
}

/// The image code round-trips and the tolerance sees a moved line.
#[test]
fn reference_images_round_trip_and_see_a_change() {
    let mut page = Grey { width: 40, height: 30, pixels: vec![255; 1200] };
    let path = write_pdf("ref", "roundtrip.png", &[]);
    write_png(&path, &page);
    let back = read_png(&std::fs::read(&path).unwrap());
    assert_eq!(difference(&page, &back), 0.0);
    for x in 5..35 {
        page.pixels[10 * 40 + x] = 0;
    }
    assert!(difference(&page, &back) > PAGE_TOLERANCE);
}
