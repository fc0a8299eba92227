//! End-to-end rendering: the sample and fixtures in all six combinations, checked with
//! `pdfcheck` for visible and hidden text, links, outline and metadata; conformance by
//! page-validation and outloud over every rendered PDF (`conformance`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
#[path = "render/conformance.rs"]
mod conformance;

use std::thread;

use common::*;
use minplan::frame::{Item, Tag};
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
    /// Never: ended items, data the document has no place for.
    Never,
}

impl Seen {
    fn by(self, audience: Audience, kind: VersionKind) -> bool {
        match self {
            Seen::All => true,
            Seen::NotAkasse => sees_integration(audience),
            Seen::CurrentNotAkasse => sees_integration(audience) && is_current(kind),
            Seen::Never => false,
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
    // The guidance is one plain text: never for the a-kasse (SPEC section 4).
    ("Her kan du læse, hvad du skal være opmærksom på", Seen::NotAkasse),
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
    // The exemption ended (31.12.2025) before this version (02.03.2026): only current
    // exemptions are printed (seed 000 §5.3.6).
    ("Delvist fritaget for tilbud i perioden", Seen::Never),
    ("Fritaget for tilbud under integrationsprogrammet", Seen::Never),
    ("Lærer i arabisk", Seen::CurrentNotAkasse),
    ("Al-Amal Grundskole", Seen::CurrentNotAkasse),
    ("Førstehjælp", Seen::CurrentNotAkasse),
    ("Aktivitetsparat", Seen::CurrentNotAkasse),
    ("Syrien", Seen::CurrentNotAkasse),
    ("Gift", Seen::CurrentNotAkasse),
    // The health intervention is completed: only current interventions are printed
    // (seed 001 ch. 7).
    ("Sundhedstilbud", Seen::Never),
    ("Otte gruppesessioner om søvn og stress", Seen::Never),
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
    if !sees_integration(audience) {
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
    // PDF/UA-1 and PDF/A-2a themselves: `conformance`, by page-validation and outloud.
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
    let (links, addresses): (Vec<_>, Vec<_>) = report["links"]
        .as_array()
        .unwrap()
        .iter()
        .partition(|l| l["uri"].is_null());
    assert_eq!(links.len(), outline.len(), "{name}: one TOC link per outline entry");
    // Every other link is a web or e-mail address in the text, described by itself.
    for link in &addresses {
        let uri = link["uri"].as_str().unwrap();
        let alt = link["contents"].as_str().unwrap();
        assert!(
            uri.starts_with("https://") || uri.starts_with("mailto:"),
            "{name}: link to {uri:?}"
        );
        assert!(uri.ends_with(alt), "{name}: {uri:?} described as {alt:?}");
        // An address too long for a line is broken after a "/" or before a ".".
        let page = link["page"].as_u64().unwrap() as usize;
        let squashed = pages[page - 1].replace(' ', "");
        assert!(squashed.contains(alt), "{name}: {alt:?} not on page {page}");
    }
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
fn signature_page_for_the_first_version_of_an_open_contract() {
    let signed = request(Jobcenter, Current).with_signature();
    let pdf = render_to_file("first-contract.json", signed);
    let report = inspect(&pdf);
    let pages = page_texts(&report);
    let last = pages.last().unwrap();
    for text in [
        "Underskrift",
        "Borgerens underskrift",
        "Kommunens underskrift",
        "Dato",
        "version 1 af planen",
        "Navn: Yonas Tesfay Gebremariam",
        // The caseworker signs for the municipality (seed 003 §2).
        "Navn: Mette Sørensen, Jobkonsulent, Jobcenter Aarhus",
    ] {
        assert!(last.contains(text), "signature page lacks {text:?}: {last}");
    }
    check_document(&report, &pdf);
    // Without the flag there is no signature page.
    let plain = render_to_file("first-contract.json", request(Jobcenter, Current));
    assert!(!grep(&plain, "Borgerens underskrift", false));
}

#[test]
fn signature_is_refused_with_the_reason() {
    // The shared sample's contract was first signed on 20.06.2025: later versions are
    // acknowledged, not signed (seed 000 §7.2).
    let signed = request(Jobcenter, Current).with_signature();
    let err = engine()
        .render(&sample("integration-contract-full.json"), signed)
        .unwrap_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.path, "signature");
    assert!(d.message.contains("first signed on 20.06.2025"), "{d}");
    assert!(d.message.contains("--acknowledgement"), "{d}");
    // Version 1 whose signing is registered was signed: it is not "a later version".
    let mut v1: serde_json::Value =
        serde_json::from_str(&sample("integration-contract-full.json")).unwrap();
    v1["plan_version"]["version_number"] = serde_json::json!(1);
    let err = engine().render(&v1.to_string(), signed).unwrap_err();
    let d = &err.diagnostics()[0];
    assert!(d
        .message
        .contains("version 1 of the integration contract is already signed"));
    assert!(!d.message.contains("later versions"), "{d}");
    for plan in ["education-plan.json", "closed-contract.json"] {
        assert!(engine().render(&sample(plan), signed).is_err(), "{plan}");
    }
    // Only the jobcenter's current version, even for a first contract version.
    for (audience, kind) in COMBINATIONS {
        if (audience, kind) == (Jobcenter, Current) {
            continue;
        }
        let request = request(audience, kind).with_signature();
        let err = engine().render(&sample("first-contract.json"), request).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.path, "signature");
        assert!(
            d.message.contains("only on the jobcenter's print of the current"),
            "{d}"
        );
    }
}

#[test]
fn acknowledgement_page_for_citizen_and_jobcenter() {
    for audience in [Citizen, Jobcenter] {
        let ack = request(audience, Current).with_acknowledgement();
        let pdf = render_to_file("integration-contract-full.json", ack);
        let report = inspect(&pdf);
        check_document(&report, &pdf);
        let pages = page_texts(&report);
        let last = pages.last().unwrap();
        for text in [
            "Kvittering",
            "modtaget og læst version 7 af Min plan – integrationskontrakt",
            "Borgerens underskrift",
            "Navn: Amina Khalil Al-Hassan",
            "Dato",
            // Where to return it, and the two other ways (seed 000 §7.2).
            "Jobcenter Aarhus Værkmestergade 15B 8000 Aarhus C",
            "Jobnet",
            "Digital Post",
        ] {
            assert!(last.contains(text), "{audience}: kvittering lacks {text:?}: {last}");
        }
        // The rest of the document is the plain one.
        let plain = engine()
            .render(&sample("integration-contract-full.json"), request(audience, Current))
            .unwrap();
        let plain = lopdf::Document::load_mem(&plain).unwrap().get_pages().len();
        assert_eq!(pages.len(), plain + 1, "{audience}: one page more");
    }
    // A version that is acknowledged already carries it on page 2 instead.
    let err = engine()
        .render(
            &sample("structured-guidance.json"),
            request(Citizen, Current).with_acknowledgement(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("already acknowledged on 04.03.2026"), "{err}");
    for (audience, kind) in
        [(Akasse, Current), (Citizen, Historical), (Jobcenter, Historical)]
    {
        let ack = request(audience, kind).with_acknowledgement();
        let err = engine()
            .render(&sample("integration-contract-full.json"), ack)
            .unwrap_err();
        assert_eq!(err.diagnostics()[0].path, "acknowledgement", "{audience} {kind}");
    }
}

/// The first version of a contract, ready to sign: caseworker, coordinating department,
/// guidance paragraphs marked by what they are about.
const FIRST_CONTRACT_MARKERS: &[(&str, Seen)] = &[
    ("Yonas Tesfay Gebremariam", Seen::All),
    ("Din sagsbehandler Mette Sørensen Jobkonsulent", Seen::All),
    ("Du kan altid se din plan", Seen::All),
    ("Lager og logistik", Seen::All),
    // Course id 48, Danish lessons as part of the programme: never for the a-kasse.
    ("Danskuddannelse 1, modul 1", Seen::NotAkasse),
    ("Du skal lære dansk, så du kan klare dig", Seen::NotAkasse),
    // "Børn", as the seed's field is labelled (seed 000 §5.3.2).
    ("Børn 0", Seen::NotAkasse),
    ("Forvaltning, der", Seen::NotAkasse),
    ("Sociale Forhold og Beskæftigelse, Integrationsenheden", Seen::NotAkasse),
    ("Du har en integrationskontrakt, fordi", Seen::NotAkasse),
    ("en ny Integrationskontrakt", Seen::NotAkasse),
    ("Danskuddannelse 1 er tilrettelagt", Seen::NotAkasse),
    ("Eritrea", Seen::CurrentNotAkasse),
    ("Ugift", Seen::CurrentNotAkasse),
    ("Jobparat", Seen::CurrentNotAkasse),
    ("Lagermedarbejder", Seen::CurrentNotAkasse),
];

/// Guidance as paragraphs; the contract's paragraph avoids every word an engine might
/// search for ("integrationskontrakt", "integrationsloven", "integrationsprogram").
const STRUCTURED_GUIDANCE_MARKERS: &[(&str, Seen)] = &[
    ("Farah Noor Haidari", Seen::All),
    ("Spørgsmål kan du sende til", Seen::All),
    ("Husk at melde dig syg", Seen::All),
    ("Din kontrakt gælder, indtil du får tidsubegrænset", Seen::NotAkasse),
    ("du skal kvittere for hver ny version", Seen::NotAkasse),
    ("Krav til jobsøgning (jobcenter)", Seen::All),
    ("Stillingsbetegnelser Social- og sundhedshjælper Køkkenmedhjælper", Seen::All),
    ("Brancher og faglige områder Ældrepleje", Seen::All),
    ("Geografiske områder Aarhus Kommune Skanderborg Kommune", Seen::All),
    ("registrere dem i din joblog", Seen::All),
    ("Kvitteret 04.03.2026 (på Jobnet)", Seen::All),
    ("Uddannelsesplan med jobmål (kombiplan)", Seen::All),
];

/// Interventions with national type ids: the course offers that are health or social
/// offers in substance (41–43, 50, 51) are hidden from the a-kasse like the health and
/// social lists; names come from the lists.
const TYPE_ID_MARKERS: &[(&str, Seen)] = &[
    ("Mestring af sygdom", Seen::NotAkasse),
    ("kronisk smerte", Seen::NotAkasse),
    ("Udskrivningskoordinator, individuel", Seen::NotAkasse),
    ("Udskrivningskoordinator, plads", Seen::NotAkasse),
    ("Socialt tilbud efter § 41, stk. 2, nr. 5, i LAB", Seen::NotAkasse),
    ("Behandlingstilbud efter § 41, stk. 2, nr. 5, i LAB", Seen::NotAkasse),
    ("Genoptræning af ryggen", Seen::NotAkasse),
    ("Støtte- og kontaktperson ved behov", Seen::NotAkasse),
    ("AMU-kursus i kontorarbejde med IT", Seen::All),
    ("Mentor, individuel", Seen::All),
    ("Virksomhedspraktik 10 timer om ugen", Seen::All),
    ("Krav til jobsøgning (a-kasse)", Seen::All),
    ("Receptionist", Seen::All),
    ("Peter Holm", Seen::All),
    ("Kontakt din koordinerende sagsbehandler", Seen::All),
];

/// Ended items beside current ones; plain-text guidance that speaks of the contract in
/// words no engine could list.
const ENDED_ITEMS_MARKERS: &[(&str, Seen)] = &[
    ("Løntilskud i byggemarked", Seen::Never),
    ("Mentorforløb afbrudt", Seen::Never),
    ("AMU-kursus i truckkørsel", Seen::Never),
    ("Kurset er bestået", Seen::Never),
    ("Fritaget for danskuddannelse under sygdom i foråret 2025", Seen::Never),
    ("Delvist fritaget for tilbud, mens brobygningen", Seen::CurrentNotAkasse),
    ("Fritaget for danskuddannelse, når uddannelsen starter", Seen::CurrentNotAkasse),
    ("Trin 3 af 4: Du søger om optagelse", Seen::All),
    ("Din kontrakt gælder, indtil du får", Seen::NotAkasse),
    ("Her kan du læse, hvad du skal være", Seen::NotAkasse),
    ("Dansktilegnelse Skal læses", Seen::NotAkasse),
    ("Danskuddannelse 3 er tilrettelagt", Seen::NotAkasse),
    // Agreements labelled as the seed names them (seed 001 §6.4).
    ("Øvrig aftale", Seen::All),
    ("Aftale med a-kasse", Seen::All),
    ("Aftale med jobcenter", Seen::All),
    ("(kommende)", Seen::All),
    ("Kvitteret 22.04.2026 af kommunen på borgerens vegne", Seen::All),
];

/// A job plan whose only job goal ended; the programme's Danish lessons (course id 48);
/// meeting places apart from the organisations' addresses; agreements older than the
/// latest of their kind.
const ENDED_JOB_GOAL_MARKERS: &[(&str, Seen)] = &[
    // The job goal ended 31.01.2026, before the version (02.03.2026): not current, and
    // no "Jobmål" heading over Danskmål alone (seed 001 §4, ch. 7; seed 000 §5.2.1).
    ("Kok i storkøkken", Seen::Never),
    ("Jobmål", Seen::Never),
    ("Dansktilegnelse Skal læses", Seen::NotAkasse),
    ("Danskmål Danskuddannelse 2", Seen::NotAkasse),
    ("For at nå mit mål, har vi aftalt", Seen::All),
    // Course id 48 follows "integration contract, general"; the list's name is printed.
    ("Danskuddannelse 2, modul 4", Seen::NotAkasse),
    ("Sprogcenter Gellerup", Seen::NotAkasse),
    ("en del af dit program", Seen::NotAkasse),
    ("Danskundervisning", Seen::Never),
    // The meeting place first, then the organisation (seed 001 §6.2).
    ("Hvor Mødested: Personaleindgangen, port 3", Seen::All),
    ("Nordlager A/S Industrivej 12", Seen::All),
    // The state with the period, never as a second status (seed 001 §6.2).
    ("Hvornår I gang, 09.02.2026", Seen::All),
    ("Status I gang", Seen::Never),
    // Per kind the latest agreement before the version, and the coming one; older ones
    // are history (seed 001 ch. 7, §6.4).
    ("Rådighedssamtale i a-kassen om jobsøgning som kok", Seen::Never),
    ("Samtale om at stoppe som kok", Seen::Never),
    ("CV-samtale i a-kassen om lager og logistik", Seen::All),
    ("Samtale om opstart i praktik på lageret", Seen::All),
    ("Opfølgning på praktikken", Seen::All),
];

/// A kombiplan with an education order, step 2: the plan description is the caseworker's
/// comments (seed 001 §5.2, Bilag 1); one job goal ended, one runs on.
const EDUCATION_ORDER_MARKERS: &[(&str, Seen)] = &[
    ("Sara Mikkelsen Lund", Seen::All),
    ("Din sagsbehandlers kommentarer til dig", Seen::All),
    ("For at nå mit mål", Seen::Never),
    ("Trin 2 af 4", Seen::All),
    ("Lager og logistik", Seen::All),
    ("Butiksassistent", Seen::Never),
    ("Samtale om uddannelsespålæg, trin 1", Seen::Never),
    ("Samtale om praktik før uddannelsen", Seen::All),
    ("Mødested: Kontoret ved rampe 2", Seen::All),
    ("Planlagt, 13.04.2026", Seen::All),
    ("I gang, fra 12.01.2026", Seen::All),
    ("Type", Seen::All),
];

/// Markers of `real-text.json`: what case systems really send (symbols, Word's bullets,
/// emoji, Arabic, Persian, Pashto, Tigrinya and Tamil script, a character no bundled
/// font has), each where the matrix puts its field.
const REAL_TEXT_MARKERS: &[(&str, Seen)] = &[
    ("Ayşe Dvořák-Nguyễn", Seen::All),
    ("Du skal søge ≥ 2 job om ugen → skriv ✓ i Jobnet", Seen::All),
    ("Aftalt: ☐ CV opdateret ☑ Jobnet ■ □ ● ★ ∞ ⇒ 👍 🙂 ☺", Seen::All),
    // Word's private-use bullets arrive as their Unicode characters.
    ("• Søg job hver uge", Seen::NotAkasse),
    ("▪ Mød op til samtaler i jobcentret", Seen::NotAkasse),
    ("➢ Ring til os, hvis du er syg", Seen::NotAkasse),
    ("✓ Husk lægeerklæringen", Seen::NotAkasse),
    // A + combining ring (as macOS writes it) is Å.
    ("Mac-måden: Århus", Seen::NotAkasse),
    ("Tigrinya (ትግርኛ)", Seen::NotAkasse),
    ("og tigrinya 🙂 og har en datter", Seen::NotAkasse),
];

/// The text layer of `real-text.json` holds every word as it went in, in logical order,
/// for every script: copying Arabic out of the PDF gives the Arabic that went in.
#[test]
fn real_text_round_trips_through_the_text_layer() {
    let pdf = render_to_file("real-text.json", request(Jobcenter, Current));
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    // pdftotext marks right-to-left runs with embedding controls; the words are the text.
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{200E}' | '\u{200F}'))
        .collect();
    let words = [
        // Arabic, with the lam-alef ligature (one glyph for two letters).
        "العربية",
        "مدرسة",
        "الأمل",
        "ملاحظة",
        "المواعيد",
        // Persian (Dari) and Pashto.
        "دری",
        "فارسی",
        "پښتو",
        // Tigrinya (Ge'ez script) and Tamil.
        "ትግርኛ",
        "தமிழ்",
        // Symbols, emoji, a name with diacritics from outside Danish.
        "≥",
        "→",
        "⇒",
        "∞",
        "👍",
        "Dvořák-Nguyễn",
        // No bundled font: drawn as a substitute, the text layer keeps the characters.
        "漢字",
    ];
    let missing: Vec<&str> =
        words.iter().copied().filter(|w| !text.contains(w)).collect();
    assert!(missing.is_empty(), "not in the text layer: {missing:?}\n{text}");
}

#[test]
fn new_fixtures_in_all_six_combinations() {
    let fixtures: [(&str, &[(&str, Seen)]); 7] = [
        ("real-text.json", REAL_TEXT_MARKERS),
        ("first-contract.json", FIRST_CONTRACT_MARKERS),
        ("structured-guidance.json", STRUCTURED_GUIDANCE_MARKERS),
        ("type-ids.json", TYPE_ID_MARKERS),
        ("ended-items.json", ENDED_ITEMS_MARKERS),
        ("ended-job-goal.json", ENDED_JOB_GOAL_MARKERS),
        ("education-order-kombiplan.json", EDUCATION_ORDER_MARKERS),
    ];
    thread::scope(|s| {
        for (fixture, markers) in fixtures {
            for (audience, kind) in COMBINATIONS {
                s.spawn(move || {
                    check_visibility(fixture, markers, request(audience, kind))
                });
            }
        }
    });
}

#[test]
fn current_items_in_date_order() {
    let pdf = render_to_file("ended-items.json", request(Citizen, Current));
    let text = page_texts(&inspect(&pdf)).join(" ");
    let at =
        |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle:?} missing"));
    // Interventions by start date (input order differs).
    assert!(at("Danskuddannelse 3, modul 4") < at("Praktik hos et tømrerfirma"));
    assert!(at("Praktik hos et tømrerfirma") < at("Brobygning på Aarhus Tech"));
    // Agreements by date (input order differs).
    assert!(at("Samtale i a-kassen om rådighed") < at("Samtale om uddannelsesvalg"));
    assert!(at("Samtale om uddannelsesvalg") < at("Informationsmøde om tømrer"));
    assert!(at("Informationsmøde om tømrer") < at("Opfølgning efter brobygningen"));
    // Danskmål sits under Dansktilegnelse in an education plan (seed 000 §5.2.1).
    assert!(at("Dansktilegnelse Skal læses") < at("Danskmål Danskuddannelse 3"));
}

const EDUCATION_MARKERS: &[(&str, Seen)] = &[
    ("Jonas Holm Frederiksen", Seen::All),
    ("Uddannelsesmål", Seen::All),
    ("Erhvervsuddannelse som elektriker, Aarhus Tech", Seen::All),
    ("Din sagsbehandlers kommentarer til dig", Seen::All),
    ("Seneste aftale med a-kasse", Seen::All),
    ("A-kassens forslag til indhold i Min plan", Seen::All),
    ("Krav til jobsøgning", Seen::All),
    ("en ny indsats", Seen::All),
    ("Ugentlig samtale med din mentor", Seen::All),
    ("Rådighedssamtale i a-kassen", Seen::All),
    // An interrupted, a completed and a cancelled intervention: not current.
    ("Matematik på E-niveau", Seen::Never),
    ("Afbrudt", Seen::Never),
    ("ergonomisk stol", Seen::Never),
    ("Befordringsgodtgørelse", Seen::Never),
    // No integration contract: no Danskmål, even though the input carries one.
    ("Danskuddannelse 3", Seen::Never),
    ("mellemlang eller lang skole- og uddannelsesbaggrund", Seen::Never),
    // A category the a-kasse never sees.
    ("Socialpædagogisk støtte", Seen::NotAkasse),
    // The guidance is one plain text, which the a-kasse never sees: its Vejledning is
    // empty and left out.
    ("Vejledning", Seen::NotAkasse),
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
    // Read as one text: without the running headers and footers that interrupt text
    // flowing across pages.
    let count = pages.len();
    let header = pages[1].split(" Om denne version").next().unwrap_or("");
    let expected = "Min plan – integrationskontrakt · Amina Khalil Al-Hassan · version ";
    assert!(header.starts_with(expected), "running header: {header:?}");
    for page in &pages[2..] {
        assert!(page.starts_with(header), "running header: {page:?}");
    }
    // So are the repeats of labels and titles marked "(fortsat)": artifacts, like them.
    let (_, laid) = engine()
        .layout(&sample("long-texts.json"), request(Citizen, Current))
        .unwrap();
    let all: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut p = p
                .replace(&format!("Side {} af {count}", i + 1), "")
                .replace(header, "");
            for item in &laid.pages[i].items {
                if let Item::Text { text, tag: Tag::Artifact(_), .. } = item {
                    p = p.replacen(&normalise(text), "", 1);
                }
            }
            p
        })
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
    // Agreements dated after the version carry "(kommende)" as a second line of their
    // date cell, which text extraction reads between the lines of the text beside it.
    // Only current agreements are printed (seed 001 ch. 7): every one dated on or after
    // the version's date arrives whole; the older ones are history, except the latest of
    // each kind.
    let without_upcoming = haystack.replace("(kommende)", "");
    let updated = input["plan_version"]["updated_on"].as_str().unwrap();
    let mut current = 0;
    for row in input["plan"]["agreements"].as_array().unwrap() {
        let text = row["text"].as_str().unwrap();
        if row["date"].as_str().unwrap() >= updated {
            assert!(without_upcoming.contains(&squash(text)), "lost agreement: {text}");
            current += 1;
        }
    }
    assert!(current >= 25, "{current} current agreements");
    let history = squash("Opfølgningssamtale nummer 1 om praktik,");
    assert!(!without_upcoming.contains(&history), "an old agreement is printed");
    // The languages table repeats its header on every page it spans.
    let header = "Sprog Forstå Tale Læse Skrive";
    let with_header = pages.iter().filter(|p| p.contains(header)).count();
    let with_rows = pages
        .iter()
        .filter(|p| p.contains("Pashto") || p.contains("Arabisk Kan ikke"))
        .count();
    assert!(with_header >= with_rows, "header rows repeat");
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

/// Text and solid fills are drawn without a graphics state of their own, and the font is
/// set only when it changes: only strokes (the leaders) are wrapped in `q … cm … Q`, and the
/// pages set a font fewer times than they start text objects.
#[test]
fn content_streams_set_state_only_when_it_changes() {
    let json = sample("reference-12.json");
    let pdf = engine().render(&json, request(Citizen, Current)).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let (mut saves, mut transforms, mut strokes, mut fonts, mut texts) = (0, 0, 0, 0, 0);
    for (_, page) in doc.get_pages() {
        let content =
            lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
        for op in &content.operations {
            match op.operator.as_str() {
                "q" => saves += 1,
                "S" => strokes += 1,
                "Tf" => fonts += 1,
                "BT" => texts += 1,
                "cm" => transforms += 1,
                _ => {}
            }
        }
    }
    assert!(texts > 100, "{texts} text objects");
    assert_eq!(saves, strokes, "only strokes get a graphics state of their own");
    assert_eq!(transforms, strokes, "text and fills are placed in page space");
    assert!(fonts < texts, "{fonts} Tf for {texts} text objects");
}

/// Reals in the page content are written to a thousandth (vendor/pdf-writer patch 4):
/// `1/1000` pt is far below any device's resolution, and the shortest round-trip form
/// of an f32 (`19.999939`, `0.101960786`) made a third of each content stream.
#[test]
fn content_reals_have_at_most_three_decimals() {
    let json = sample("reference-12.json");
    let pdf = engine().render(&json, request(Citizen, Current)).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let mut reals = 0;
    for (_, page) in doc.get_pages() {
        let content = doc.get_page_content(page);
        // Numbers only: leave out strings (hex and literal) before looking.
        let mut plain = Vec::with_capacity(content.len());
        let mut inside = None;
        for &b in &content {
            match (inside, b) {
                (None, b'<') | (None, b'(') => inside = Some(b),
                (Some(b'<'), b'>') | (Some(b'('), b')') => {
                    inside = None;
                    plain.push(b' ');
                }
                (None, _) => plain.push(b),
                _ => {}
            }
        }
        for token in String::from_utf8_lossy(&plain)
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        {
            if let Some((_, decimals)) = token.split_once('.') {
                reals += 1;
                assert!(decimals.len() <= 3, "{token} has more than three decimals");
                assert!(!decimals.ends_with('0'), "{token} has a trailing zero");
            }
        }
    }
    assert!(reals > 1000, "only {reals} reals seen");
}

/// Every line of text starts on the paper, inside the text column, wherever its position
/// is written: `1 0 0 1 x y Tm`, or `x y Td` relative to the line before in the same text
/// object (vendored krilla patch 9; a stale line start would put text off the page). The
/// line starts are replayed operator by operator, for every layout and audience.
#[test]
fn every_line_starts_inside_the_text_column() {
    let json = sample("ended-items.json");
    for layout in ["default", "large-print", "inl-2016"] {
        let style = minplan::style::Style::built_in(layout).unwrap().unwrap();
        let engine = minplan::Engine::new(style.clone()).unwrap();
        let left = style.page.margin_left_mm * minplan::style::MM - 1.0;
        let right =
            (style.page.width_mm - style.page.margin_right_mm) * minplan::style::MM;
        let height = style.page.height_mm * minplan::style::MM;
        for (audience, kind) in COMBINATIONS {
            let pdf = engine.render(&json, request(audience, kind)).unwrap();
            let doc = lopdf::Document::load_mem(&pdf).unwrap();
            let mut relative = 0;
            for (_, page) in doc.get_pages() {
                let content =
                    lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
                let (mut x, mut y) = (0.0f32, 0.0f32);
                for op in &content.operations {
                    let n = |i: usize| op.operands[i].as_float().unwrap();
                    match op.operator.as_str() {
                        "BT" => (x, y) = (0.0, 0.0),
                        "Tm" => (x, y) = (n(4), n(5)),
                        "Td" => {
                            (x, y) = (x + n(0), y + n(1));
                            relative += 1;
                        }
                        _ => continue,
                    }
                    if op.operator != "BT" {
                        assert!(
                            (left..right).contains(&x) && (0.0..height).contains(&y),
                            "{layout} {audience}/{kind}: a line starts at ({x}, {y})"
                        );
                    }
                }
            }
            assert!(relative > 10, "{layout} {audience}/{kind}: {relative} Td");
        }
    }
}

/// Structure elements are written without the optional `/Type/StructElem` (vendored
/// pdf-writer patch 5): hundreds of them in a tagged document.
#[test]
fn structure_elements_leave_out_their_optional_type() {
    let json = sample("reference-12.json");
    let pdf = engine().render(&json, request(Citizen, Current)).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let mut elements = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.has(b"S") && dict.has(b"P") {
            elements += 1;
            assert!(!dict.has(b"Type"), "a structure element with a /Type: {dict:?}");
        }
    }
    assert!(elements > 100, "only {elements} structure elements");
}
