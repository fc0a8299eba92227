//! Conformance judged by checkers minplan did not write, over every PDF the suite renders:
//! page-validation (PDF/A-2a and PDF/UA-1 profiles; a validator that claims parity with
//! veraPDF's corpus) and outloud (PDF/UA-1 plus the screen-reader semantics a validator
//! cannot see). `tests/tools/conformance.py` runs one Python process per checker over a
//! directory of PDFs. A checker that is missing, of another version or crashing fails the
//! test; nothing is skipped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;

use lopdf::{Dictionary, Object};
use minplan::{Audience, VersionKind};

use crate::common::*;

/// The checkers' versions `tests/setup.sh` installs; the README's conformance table was
/// measured with them.
const PAGE_VALIDATION: &str = "0.11.0";
const OUTLOUD: &str = "0.2.1";

/// A fresh directory under the test target's temporary directory.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `tests/tools/conformance.py MODE PATH`: its JSON report, or its text (`read`).
/// Exit 0 (all pass) and 1 (some fail) are reports; anything else is a missing or broken
/// checker, and fails here.
fn conformance(mode: &str, path: &Path) -> Vec<u8> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/conformance.py");
    let out = Command::new("python3")
        .arg(script)
        .args([mode, path.to_str().unwrap()])
        .output()
        .expect("python3 runs tests/tools/conformance.py");
    assert!(
        matches!(out.status.code(), Some(0 | 1))
            && (mode != "read" || out.status.success()),
        "conformance.py {mode} did not run ({:?}); run tests/setup.sh\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// One checker's report over every PDF in `dir`, of the pinned version.
fn check(checker: &str, dir: &Path) -> serde_json::Value {
    let report: serde_json::Value =
        serde_json::from_slice(&conformance(checker, dir)).unwrap();
    let want = if checker == "page" { PAGE_VALIDATION } else { OUTLOUD };
    assert_eq!(
        report["version"], want,
        "{}: another version than tests/setup.sh installs",
        report["checker"]
    );
    report
}

/// Each file's failures, as `file: failure` lines.
fn failures(report: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for (file, r) in report["files"].as_object().unwrap() {
        for f in r["failures"].as_array().unwrap() {
            let checker = report["checker"].as_str().unwrap();
            out.push(format!("{checker}: {file}: {}", f.as_str().unwrap()));
        }
    }
    out
}

/// A fixture under `samples/` that is a plan version (fixtures other than plan versions,
/// such as batch inputs, are not rendered).
fn is_plan_version(name: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(&sample(name)).is_ok_and(|v| {
        v.get("plan_version").is_some() && v.get("schema_version").is_some()
    })
}

/// Every PDF the suite renders — each plan-version fixture in `samples/` × the six
/// combinations × each layout in `layouts/`, and the signature and kvittering pages —
/// passes page-validation's PDF/A-2a and PDF/UA-1 profiles and outloud with no failure.
#[test]
fn every_pdf_passes_page_validation_and_outloud() {
    let dir = fresh_dir("conformance");
    let jobs: Vec<_> = renderings()
        .into_iter()
        .filter(|(_, sample, _)| is_plan_version(sample))
        .collect();
    let next = AtomicUsize::new(0);
    let written = Mutex::new((0, 0));
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while let Some((layout, sample, request)) =
                    jobs.get(next.fetch_add(1, Ordering::Relaxed))
                {
                    let Some(pdf) = rendered(layout, sample, *request) else { continue };
                    let name = rendering_name(layout, sample, *request);
                    std::fs::write(dir.join(format!("{name}.pdf")), pdf).unwrap();
                    let mut w = written.lock().unwrap();
                    w.0 += 1;
                    w.1 += usize::from(request.signature || request.acknowledgement);
                }
            });
        }
    });
    let (pdfs, extra) = written.into_inner().unwrap();
    assert!(pdfs >= 6 * layouts().len() * 2, "only {pdfs} PDFs rendered");
    assert!(extra > 0, "no signature or kvittering page");

    let (page, outloud) = thread::scope(|s| {
        let page = s.spawn(|| check("page", &dir));
        let outloud = s.spawn(|| check("outloud", &dir));
        (page.join().unwrap(), outloud.join().unwrap())
    });
    for report in [&page, &outloud] {
        assert_eq!(
            report["summary"]["files"], pdfs,
            "{}: files checked",
            report["checker"]
        );
    }
    let rules = &page["summary"]["rules"];
    println!(
        "page-validation {PAGE_VALIDATION}: {pdfs} PDFs; PDF/A-2a {}/{} rules passed, \
         PDF/UA-1 {}/{} (fewest passed in any file, of all)",
        rules["2a"]["passed"],
        rules["2a"]["total"],
        rules["ua1"]["passed"],
        rules["ua1"]["total"]
    );
    println!(
        "outloud {OUTLOUD}: {pdfs} PDFs; rules per file (min, max): {}; waived: {}",
        outloud["summary"]["rules"], outloud["summary"]["waived"]
    );
    for profile in ["2a", "ua1"] {
        assert!(rules[profile]["total"].as_u64().unwrap() > 100, "{profile}: {rules}");
    }
    let mut all = failures(&page);
    all.extend(failures(&outloud));
    assert!(all.is_empty(), "{} failures:\n{}", all.len(), all.join("\n"));
}

/// The catalog of a PDF loaded with lopdf.
fn catalog(doc: &mut lopdf::Document) -> &mut Dictionary {
    doc.catalog_mut().unwrap()
}

/// The first structure element of type `s` for which `pick` is true.
fn element<'d>(
    doc: &'d mut lopdf::Document,
    s: &[u8],
    pick: impl Fn(&Dictionary) -> bool,
) -> &'d mut Dictionary {
    doc.objects
        .values_mut()
        .filter_map(|o| o.as_dict_mut().ok())
        .find(|d| d.get(b"S").and_then(Object::as_name).is_ok_and(|n| n == s) && pick(d))
        .unwrap_or_else(|| panic!("no {} element", String::from_utf8_lossy(s)))
}

/// Whether a structure element's kids hold marked content (an MCID).
fn has_mcid(d: &Dictionary) -> bool {
    d.get(b"K")
        .and_then(Object::as_array)
        .is_ok_and(|k| k.iter().any(|o| matches!(o, Object::Integer(_))))
}

/// The checkers can fail: copies of a good PDF, each broken in one way, are reported by
/// the checkers that test that rule. The untouched copy, written the same way, passes.
#[test]
fn checkers_report_broken_copies() {
    let json = sample("integration-contract-full.json");
    let good = engine()
        .render(&json, request(Audience::Citizen, VersionKind::Current))
        .unwrap();
    let dir = fresh_dir("conformance-broken");
    type Break = fn(&mut lopdf::Document);
    // (file, how it is broken, page-validation's rule, outloud's rule)
    let cases: [(&str, Break, Option<&str>, &str); 5] = [
        ("control", |_| {}, None, ""),
        (
            "no-lang",
            |doc| {
                catalog(doc).remove(b"Lang");
            },
            Some("ua1 PDFUA1-TEXT-LANGUAGE-001"),
            "DOC-013",
        ),
        (
            "th-without-scope",
            |doc| {
                element(doc, b"TH", |_| true).remove(b"A");
            },
            Some("ua1 PDFUA1-TABLE-HEADERS-SCOPE-001"),
            "TBL-002",
        ),
        (
            // The address's text taken out of its Link, which keeps only the annotation:
            // conformant to PDF/UA-1's machine-checkable rules, so only outloud sees it.
            "empty-link",
            |doc| {
                let link = element(doc, b"Link", has_mcid);
                let kids = link.get(b"K").and_then(Object::as_array).unwrap().clone();
                let objr = kids.into_iter().filter(|o| !matches!(o, Object::Integer(_)));
                link.set("K", Object::Array(objr.collect()));
            },
            None,
            "LNK-003",
        ),
        (
            "display-doc-title-off",
            |doc| {
                let prefs = match catalog(doc).get(b"ViewerPreferences").unwrap() {
                    Object::Reference(id) => Some(*id),
                    _ => None,
                };
                let prefs = match prefs {
                    Some(id) => doc.get_object_mut(id).unwrap().as_dict_mut().unwrap(),
                    None => catalog(doc)
                        .get_mut(b"ViewerPreferences")
                        .unwrap()
                        .as_dict_mut()
                        .unwrap(),
                };
                prefs.set("DisplayDocTitle", false);
            },
            Some("ua1 PDFUA1-VIEWER-PREFERENCES-001"),
            "DOC-011",
        ),
    ];
    for (name, break_it, ..) in &cases {
        let mut doc = lopdf::Document::load_mem(&good).unwrap();
        break_it(&mut doc);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        std::fs::write(dir.join(format!("{name}.pdf")), bytes).unwrap();
    }
    let (page, outloud) = thread::scope(|s| {
        let page = s.spawn(|| check("page", &dir));
        let outloud = s.spawn(|| check("outloud", &dir));
        (page.join().unwrap(), outloud.join().unwrap())
    });
    let found = |report: &serde_json::Value, name: &str| -> Vec<String> {
        let file = &report["files"][format!("{name}.pdf")];
        let list = file["failures"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: {file}"));
        list.iter().map(|f| f.as_str().unwrap().to_owned()).collect()
    };
    for (name, _, page_rule, outloud_rule) in cases {
        let (p, o) = (found(&page, name), found(&outloud, name));
        if name == "control" {
            assert!(
                p.is_empty() && o.is_empty(),
                "the untouched copy fails: {p:?} {o:?}"
            );
            continue;
        }
        match page_rule {
            Some(rule) => assert!(
                p.iter().any(|f| f.starts_with(&format!("{rule}:"))),
                "{name}: page-validation does not report {rule}: {p:?}"
            ),
            None => assert!(p.is_empty(), "{name}: page-validation reports {p:?}"),
        }
        assert!(
            o.iter().any(|f| f.starts_with(&format!("{outloud_rule}:"))),
            "{name}: outloud does not report {outloud_rule}: {o:?}"
        );
    }
}

/// A screen reader reads an address inside a sentence as a link, where it stands: the
/// address's text is the content of its Link element (ISO 32000-1 §14.8.4.4.2), and the
/// words after it follow it, in paragraphs and in table cells.
#[test]
fn addresses_are_read_as_links_where_they_stand() {
    let mut input: serde_json::Value =
        serde_json::from_str(&sample("integration-contract-full.json")).unwrap();
    let sentence =
        "Se jobnet.dk eller skriv til jobcenter@aarhus.dk, så svarer vi inden \
                    for en uge.";
    input["plan"]["plan_description"]["text"] = sentence.into();
    let pdf = engine()
        .render(&input.to_string(), request(Audience::Citizen, VersionKind::Current))
        .unwrap();
    let path = write_pdf("conformance-read", "sample.pdf", &pdf);
    let read = String::from_utf8(conformance("read", &path)).unwrap();
    for line in [
        "Se [jobnet.dk] eller skriv til [jobcenter@aarhus.dk], så svarer vi inden for en uge.",
        "Telefon +45 89 40 00 00 · E-mail [jobcenter@aarhus.dk]",
        "Kontaktperson: Hans Jørgensen, Afdelingsleder, +45 87 13 50 00, [hajo@aarhus.dk]",
    ] {
        assert!(read.contains(line), "not read as {line:?}:\n{read}");
    }
}
