//! End-to-end rendering: the sample and fixtures in all six combinations, checked with
//! `pdfcheck` for visible and hidden text, links, outline, metadata and conformance.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::thread;

use common::*;
use minplan::{Audience, Request, VersionKind};

use Audience::{Akasse, Citizen, Jobcenter};
use VersionKind::{Current, Historical};

/// Who may see a marker: restated from SPEC section 4 independently of the engine's table.
#[derive(Clone, Copy)]
enum Seen {
    All,
    /// Integration contract, general; also Danskmål and Dansktilegnelse.
    NotAkasse,
    /// Exemptions, CV, person category, nationality, marital status.
    CurrentNotAkasse,
}

impl Seen {
    fn by(self, audience: Audience, kind: VersionKind) -> bool {
        match self {
            Seen::All => true,
            Seen::NotAkasse => audience != Akasse,
            Seen::CurrentNotAkasse => audience != Akasse && kind == Current,
        }
    }
}

/// Markers of the reference sample and who may see them.
const SAMPLE_MARKERS: &[(&str, Seen)] = &[
    ("240390-1234", Seen::All),
    ("Amina Khalil Al-Hassan", Seen::All),
    ("Jobcenter Aarhus", Seen::All),
    ("Værkmestergade 15B", Seen::All),
    ("Social- og sundhedshjælper", Seen::All),
    ("Madservice og rengøring i ældreplejen", Seen::All),
    ("Vi aftalte, at du kontakter Plejecenter Møllevang", Seen::All),
    ("Virksomhedspraktik 25 timer om ugen", Seen::All),
    ("Lærdansk Aarhus", Seen::All),
    ("Samtale om opstart i virksomhedspraktik", Seen::All),
    ("Frist for læsning af planen", Seen::All),
    ("16.03.2026", Seen::All),
    ("Her kan du læse, hvad du skal være opmærksom på", Seen::All),
    // Integration contract, general.
    ("Min plan – integrationskontrakt", Seen::NotAkasse),
    ("Flygtning - konventionsstatus", Seen::NotAkasse),
    ("Amina bor med sin mand og tre børn", Seen::NotAkasse),
    ("undervist i arabisk på en grundskole", Seen::NotAkasse),
    ("Helbredsvurdering gennemført hos egen læge", Seen::NotAkasse),
    ("Sag er påbegyndt", Seen::NotAkasse),
    ("et nyt danskmål", Seen::NotAkasse),
    ("ændringer i din integrationskontrakt", Seen::NotAkasse),
    ("Du har en integrationskontrakt, fordi", Seen::NotAkasse),
    // Danskmål and Dansktilegnelse.
    ("kort skole- og uddannelsesbaggrund", Seen::NotAkasse),
    ("Dansktilegnelse", Seen::NotAkasse),
    ("12.11.2025", Seen::NotAkasse),
    // Exemptions, CV, visitation, nationality, marital status.
    ("Delvist fritaget for tilbud i perioden", Seen::CurrentNotAkasse),
    ("Fritaget for tilbud under integrationsprogrammet", Seen::CurrentNotAkasse),
    ("Lærer i arabisk", Seen::CurrentNotAkasse),
    ("Al-Amal Grundskole", Seen::CurrentNotAkasse),
    ("Førstehjælp", Seen::CurrentNotAkasse),
    ("Aktivitetsparat", Seen::CurrentNotAkasse),
    ("Syrien", Seen::CurrentNotAkasse),
    ("Gift", Seen::CurrentNotAkasse),
    // The health intervention: never for the a-kasse (seed 001, 6.1).
    ("Sundhedstilbud", Seen::NotAkasse),
    ("Otte gruppesessioner om søvn og stress", Seen::NotAkasse),
];

/// Checks one rendered PDF: markers present or absent everywhere, conformance, links.
fn check_visibility(sample: &str, markers: &[(&str, Seen)], request: Request) {
    let pdf = render_to_file(sample, request);
    let report = inspect(&pdf);
    let text = page_texts(&report).join(" ");
    let (audience, kind) = (request.audience, request.version_kind);
    let mut hidden = Vec::new();
    for (marker, seen) in markers {
        if seen.by(audience, kind) {
            assert!(
                text.contains(&normalise(marker)),
                "{sample} {audience}/{kind}: {marker:?} must be shown"
            );
        } else {
            hidden.push(*marker);
        }
    }
    // Hidden markers must appear nowhere in the file (text, outline, metadata, streams).
    if !hidden.is_empty() && grep_any(&pdf, &hidden) {
        let found: Vec<&&str> = hidden.iter().filter(|m| grep(&pdf, m, false)).collect();
        panic!("{sample} {audience}/{kind}: hidden data leaked: {found:?}");
    }
    if audience == Akasse {
        assert!(
            !grep(&pdf, "integration", true),
            "{sample}: the a-kasse PDF mentions integration"
        );
    }
    check_document(&report, &pdf);
}

/// Properties every PDF must have: conformance, metadata without CPR, working navigation.
fn check_document(report: &serde_json::Value, pdf: &std::path::Path) {
    let name = pdf.display();
    assert_eq!(report["qpdf_check"]["ok"], true, "{name}: qpdf --check");
    assert_eq!(report["xmp"]["pdfaid:part"], "2", "{name}: PDF/A part");
    assert_eq!(report["xmp"]["pdfaid:conformance"], "A", "{name}: PDF/A conformance");
    assert_eq!(report["xmp"]["pdfuaid:part"], "1", "{name}: PDF/UA part");
    assert_eq!(report["lang"], "da", "{name}: document language");
    assert_eq!(report["tagged"]["marked"], true, "{name}: tagged");
    assert_eq!(
        report["pdfua"]["summary"]["errors"], 0,
        "{name}: pdfua errors {}",
        report["pdfua"]
    );
    let info = report["info"].to_string() + &report["xmp"].to_string();
    assert!(
        !info.contains("240390-1234") && !info.contains("111295-4321"),
        "{name}: CPR in metadata"
    );

    let pages = page_texts(report);
    let count = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Side {} af {count}", i + 1)),
            "{name}: footer of page {}",
            i + 1
        );
    }
    // Every outline entry lands on the page where its heading is.
    let outline = report["outline"].as_array().unwrap();
    assert!(!outline.is_empty(), "{name}: no outline");
    for entry in outline {
        let title = normalise(entry["title"].as_str().unwrap());
        let page = entry["page"].as_u64().unwrap() as usize;
        assert!(
            pages[page - 1].contains(&title),
            "{name}: outline {title:?} -> page {page}"
        );
    }
    // Every TOC entry is a link to the page its heading is on, and says that number.
    let links = report["links"].as_array().unwrap();
    assert_eq!(links.len(), outline.len(), "{name}: one TOC link per outline entry");
    for (link, entry) in links.iter().zip(outline) {
        let dest = link["dest_page"].as_u64().unwrap() as usize;
        assert_eq!(link["resolves"], true);
        assert_eq!(
            dest,
            entry["page"].as_u64().unwrap() as usize,
            "{name}: TOC vs outline"
        );
        let alt = link["contents"].as_str().unwrap();
        assert!(alt.ends_with(&format!(", side {dest}")), "{name}: link text {alt:?}");
        let title = normalise(entry["title"].as_str().unwrap());
        assert!(
            pages[dest - 1].contains(&title),
            "{name}: link {title:?} -> page {dest}"
        );
        assert!(
            pages[0].contains(&format!("{title} {dest}")) || link["page"] != 1,
            "{name}: TOC line for {title:?} shows page {dest}"
        );
    }
    // Page 2 is in the table of contents (unlike the portal's PDF, seed 000 section 6).
    assert_eq!(outline[0]["page"], 2, "{name}: page 2 is the first TOC entry");
}

#[test]
fn sample_in_all_six_combinations() {
    thread::scope(|s| {
        for (audience, kind) in COMBINATIONS {
            s.spawn(move || {
                check_visibility(
                    "integration-contract-full.json",
                    SAMPLE_MARKERS,
                    request(audience, kind),
                )
            });
        }
    });
}

#[test]
fn signature_page_for_jobcenter_current() {
    let signed = Request { audience: Jobcenter, version_kind: Current, signature: true };
    let pdf = render_to_file("integration-contract-full.json", signed);
    let report = inspect(&pdf);
    let pages = page_texts(&report);
    let last = pages.last().unwrap();
    for text in ["Underskrift", "Borgerens underskrift", "Kommunens underskrift", "Dato"]
    {
        assert!(last.contains(text), "signature page lacks {text:?}: {last}");
    }
    assert!(
        last.contains("Navn: Amina Khalil Al-Hassan")
            && last.contains("Navn: Jobcenter Aarhus")
    );
    check_document(&report, &pdf);
    // Without the flag there is no signature page.
    let plain =
        render_to_file("integration-contract-full.json", request(Jobcenter, Current));
    assert!(!grep(&plain, "Borgerens underskrift", false));
}

#[test]
fn signature_for_other_audiences_is_an_error() {
    for (audience, kind) in COMBINATIONS {
        if (audience, kind) == (Jobcenter, Current) {
            continue;
        }
        let request = Request { audience, version_kind: kind, signature: true };
        let err = engine()
            .render(&sample("integration-contract-full.json"), request)
            .unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.path, "signature");
        assert!(
            d.message.contains("only for audience jobcenter, version current"),
            "{d}"
        );
    }
}

const EDUCATION_MARKERS: &[(&str, Seen)] = &[
    ("Jonas Holm Frederiksen", Seen::All),
    ("Uddannelsesmål", Seen::All),
    ("Erhvervsuddannelse som elektriker, Aarhus Tech", Seen::All),
    ("Din sagsbehandlers kommentarer til dig", Seen::All),
    ("Seneste aftale med a-kasse", Seen::All),
    ("A-kassens forslag til indhold i Min Plan", Seen::All),
    ("Krav til jobsøgning", Seen::All),
    ("en ny indsats", Seen::All),
    ("Ugentlig samtale med din mentor", Seen::All),
    ("Matematik på E-niveau", Seen::All),
    ("Afbrudt", Seen::All),
    ("Rådighedssamtale i a-kassen", Seen::All),
    // Danskmål sits under Dansktilegnelse when there is no job goal.
    ("Danskuddannelse 3", Seen::NotAkasse),
    ("mellemlang eller lang skole- og uddannelsesbaggrund", Seen::NotAkasse),
    // Categories the a-kasse never sees.
    ("Socialpædagogisk støtte", Seen::NotAkasse),
    ("ergonomisk stol", Seen::NotAkasse),
    ("Befordringsgodtgørelse", Seen::NotAkasse),
];

#[test]
fn education_plan_without_integration() {
    thread::scope(|s| {
        for (audience, kind) in COMBINATIONS {
            s.spawn(move || {
                check_visibility(
                    "education-plan.json",
                    EDUCATION_MARKERS,
                    request(audience, kind),
                )
            });
        }
    });
    let pdf = render_to_file("education-plan.json", request(Citizen, Current));
    assert!(!grep(&pdf, "integrationskontrakt", true), "no contract, no mention of one");
    assert!(!grep(&pdf, "Jobmål", false), "elements without data are left out");
}

#[test]
fn closed_contract_shows_only_its_notification() {
    let markers: &[(&str, Seen)] = &[
        ("en ny plan, hvor integrationskontrakten er afsluttet", Seen::NotAkasse),
        ("Virksomhedspraktik", Seen::All),
    ];
    for (audience, kind) in
        [(Citizen, Current), (Akasse, Current), (Jobcenter, Historical)]
    {
        check_visibility("closed-contract.json", markers, request(audience, kind));
    }
    let pdf = render_to_file("closed-contract.json", request(Citizen, Current));
    assert!(
        !grep(&pdf, "Stamdata", false),
        "a closed contract has no Integration section"
    );
    assert!(!grep(&pdf, "Min plan – integrationskontrakt", false));
}

#[test]
fn long_texts_flow_across_pages_without_loss() {
    let pdf = render_to_file("long-texts.json", request(Citizen, Current));
    let report = inspect(&pdf);
    check_document(&report, &pdf);
    let pages = page_texts(&report);
    assert!(pages.len() >= 10, "expected a long document, got {} pages", pages.len());
    // Read as one text: without the footers that interrupt text flowing across pages.
    let count = pages.len();
    let all: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| p.replace(&format!("Side {} af {count}", i + 1), ""))
        .collect();
    let all = all.join(" ");
    let input: serde_json::Value =
        serde_json::from_str(&sample("long-texts.json")).unwrap();
    // Every free text arrives whole (white space and line-end hyphens aside).
    let squash = |s: &str| normalise(s).replace(' ', "").replace('\u{2010}', "-");
    let haystack = squash(&all);
    let texts = [
        &input["plan"]["plan_description"]["text"],
        &input["integration"]["competences"]["language_experience"],
        &input["plan"]["interventions"][4]["what"],
    ];
    for text in texts {
        let text = text.as_str().unwrap();
        assert!(text.len() >= 2000, "fixture text too short");
        for paragraph in text.split("\n\n") {
            assert!(
                haystack.contains(&squash(paragraph)),
                "lost text: {}…",
                &paragraph[..60]
            );
        }
    }
    for row in input["plan"]["agreements"].as_array().unwrap() {
        assert!(haystack.contains(&squash(row["text"].as_str().unwrap())));
    }
    // The languages table repeats its header on every page it spans.
    let header = "Sprog Forstå Tale Læse Skrive";
    let with_header = pages.iter().filter(|p| p.contains(header)).count();
    let with_rows = pages
        .iter()
        .filter(|p| p.contains("Pashto") || p.contains("Arabisk Kan ikke"))
        .count();
    assert!(with_header >= with_rows, "header rows repeat");
}

/// What a person sees is what the file says (SPEC section 5): every word of the text
/// layer has ink on the rendered page, for every fixture in `samples/`, all six
/// combinations and the signature page, in every layout under `layouts/`.
#[test]
fn every_word_is_visible() {
    let mut jobs = Vec::new();
    for layout in layouts() {
        for sample in samples() {
            for (audience, kind) in COMBINATIONS {
                jobs.push((layout.clone(), sample.clone(), request(audience, kind)));
            }
            let signed = Request { audience: Jobcenter, version_kind: Current, signature: true };
            jobs.push((layout.clone(), sample.clone(), signed));
        }
    }
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((layout, sample, request)) = jobs.get(i) else { break };
                let pdf = engine_for(layout).render(&common::sample(sample), *request).unwrap();
                let sig = if request.signature { "-signature" } else { "" };
                let stem = sample.trim_end_matches(".json");
                let (a, k) = (request.audience, request.version_kind);
                let name = format!("{layout}-{stem}-{a}-{k}{sig}.pdf");
                let path = write_pdf("inkcheck", &name, &pdf);
                for word in invisible_words(&path) {
                    failures.lock().unwrap().push(format!("{name} {word}"));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "invisible words:\n{}", failures.join("\n"));
}

#[test]
fn rerender_is_byte_identical() {
    let json = sample("integration-contract-full.json");
    for (audience, kind) in COMBINATIONS {
        let a = engine().render(&json, request(audience, kind)).unwrap();
        let b = engine().render(&json, request(audience, kind)).unwrap();
        assert!(a == b, "{audience}/{kind}: two renders differ");
        let doc = lopdf::Document::load_mem(&a).unwrap();
        assert!(
            doc.get_pages().len() >= 4,
            "{audience}/{kind}: {} pages",
            doc.get_pages().len()
        );
    }
    // And across processes: the CLI writes the same bytes as the library.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minplan"))
        .args([
            "render",
            "samples/integration-contract-full.json",
            "--audience",
            "citizen",
        ])
        .args(["--version", "current", "-o", "-"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout == engine().render(&json, request(Citizen, Current)).unwrap());
}
