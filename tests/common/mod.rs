//! Shared test helpers: rendering fixtures and inspecting PDFs with `pdfcheck`.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use minplan::style::Style;
use minplan::{Audience, Engine, Request, VersionKind};

/// All six audience × version-kind combinations.
pub const COMBINATIONS: [(Audience, VersionKind); 6] = [
    (Audience::Citizen, VersionKind::Current),
    (Audience::Jobcenter, VersionKind::Current),
    (Audience::Akasse, VersionKind::Current),
    (Audience::Citizen, VersionKind::Historical),
    (Audience::Jobcenter, VersionKind::Historical),
    (Audience::Akasse, VersionKind::Historical),
];

/// One engine for the whole test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Style::default_layout().unwrap()).unwrap())
}

/// The text of a sample under `samples/`.
pub fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A request without signature.
pub fn request(audience: Audience, version_kind: VersionKind) -> Request {
    Request::new(audience, version_kind)
}

/// Renders `sample` and writes it under `target/tmp/test-pdfs/`, returning the path.
pub fn render_to_file(sample_name: &str, request: Request) -> PathBuf {
    let pdf = engine().render(&sample(sample_name), request).unwrap();
    let stem = sample_name.trim_end_matches(".json");
    let sig = if request.signature { "-signature" } else { "" };
    let name = format!("{stem}-{}-{}{sig}.pdf", request.audience, request.version_kind);
    write_pdf("test-pdfs", &name, &pdf)
}

/// Writes `pdf` as `target/tmp/<dir>/<name>` (for pdfcheck), returning the path.
pub fn write_pdf(dir: &str, name: &str, pdf: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

fn pdfcheck_path() -> PathBuf {
    match std::env::var_os("MINPLAN_PDFCHECK") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/pdfcheck"),
    }
}

fn run_pdfcheck(args: &[&str]) -> std::process::Output {
    let out = Command::new("python3")
        .arg(pdfcheck_path())
        .args(args)
        .output()
        .expect("python3 runs pdfcheck");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("is not installed"),
        "pdfcheck's tools are missing: run ../shared/tools/install-pdf-tools.sh\n{stderr}"
    );
    out
}

/// pdfcheck's JSON report of a PDF.
pub fn inspect(pdf: &Path) -> serde_json::Value {
    let out = run_pdfcheck(&[pdf.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "pdfcheck failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Whether the literal `needle` occurs anywhere in the PDF: text, outline, metadata,
/// annotations, structure tree, raw streams.
pub fn grep(pdf: &Path, needle: &str, ignore_case: bool) -> bool {
    let pattern = format!("--grep={needle}");
    let mut args = vec![pattern.as_str(), "-F", pdf.to_str().unwrap()];
    if ignore_case {
        args.push("-i");
    }
    let out = run_pdfcheck(&args);
    match out.status.code() {
        Some(0) => true,
        Some(1) => false,
        _ => panic!("pdfcheck --grep failed: {}", String::from_utf8_lossy(&out.stderr)),
    }
}

/// Whether any of `needles` (literals) occurs anywhere in the PDF; one pdfcheck run.
pub fn grep_any(pdf: &Path, needles: &[&str]) -> bool {
    let escaped: Vec<String> = needles.iter().map(|n| regex_escape(n)).collect();
    let pattern = format!("--grep=(?:{})", escaped.join("|"));
    let out = run_pdfcheck(&[pattern.as_str(), pdf.to_str().unwrap()]);
    match out.status.code() {
        Some(0) => true,
        Some(1) => false,
        _ => panic!("pdfcheck --grep failed: {}", String::from_utf8_lossy(&out.stderr)),
    }
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.^$|?*+()[]{}-/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whitespace-collapsed text of every page (index 0 = page 1), soft hyphens joined.
pub fn page_texts(report: &serde_json::Value) -> Vec<String> {
    report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| normalise(p["text"].as_str().unwrap_or("")))
        .collect()
}

/// Collapses white space and joins words hyphenated at line ends.
pub fn normalise(text: &str) -> String {
    let joined = text.replace("\u{ad}\n", "").replace("\u{ad}", "");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where `needle` (a literal) occurs in the PDF: pdfcheck's `(where, context)` pairs, e.g.
/// `("page 2 text [layout]", "…")`, `("outline title (level 1)", "…")`.
pub fn grep_matches(pdf: &Path, needle: &str) -> Vec<(String, String)> {
    let pattern = format!("--grep={needle}");
    let out = run_pdfcheck(&[pattern.as_str(), "-F", pdf.to_str().unwrap()]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "pdfcheck --grep failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let field = |k: &str| m[k].as_str().unwrap_or_default().to_owned();
            (field("where"), field("context"))
        })
        .collect()
}

/// The text of every page as `pdftotext -layout` extracts it, normalised.
pub fn extracted_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    normalise(&String::from_utf8_lossy(&out.stdout))
}
