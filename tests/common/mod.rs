//! Shared test helpers: rendering fixtures and inspecting PDFs with `pdfcheck`.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use minplan::style::Style;
use minplan::{Audience, Engine, Request, VersionKind};

/// All six audience × version-kind combinations: every version kind's audiences in turn,
/// taken from the definitions. A new audience or version kind stops this compiling until
/// the count is raised (and the oracles below decide what it sees).
pub const COMBINATIONS: [(Audience, VersionKind); 6] = {
    let (audiences, kinds) = (Audience::ALL, VersionKind::ALL);
    assert!(audiences.len() * kinds.len() == 6, "raise the count of COMBINATIONS");
    let mut out = [(Audience::Citizen, VersionKind::Current); 6];
    let mut i = 0;
    while i < out.len() {
        out[i] = (audiences[i % audiences.len()], kinds[i / audiences.len()]);
        i += 1;
    }
    out
};

/// Whether an audience sees the integration contract (general), Danskmål and
/// Dansktilegnelse, and the intervention categories kept from the a-kasse: SPEC section
/// 4, restated independently of the engine's matrix. No wildcard: a new audience is
/// decided here before the tests compile.
pub fn sees_integration(audience: Audience) -> bool {
    match audience {
        Audience::Citizen | Audience::Jobcenter => true,
        Audience::Akasse => false,
    }
}

/// Whether a version kind shows what only the current version shows (exemptions, the CV,
/// person category, nationality, marital status; SPEC section 4). No wildcard.
pub fn is_current(kind: VersionKind) -> bool {
    match kind {
        VersionKind::Current => true,
        VersionKind::Historical => false,
    }
}

/// One engine for the whole test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Style::default_layout().unwrap()).unwrap())
}

/// An engine for a layout under `layouts/` by name, one per name for the whole binary.
pub fn engine_for(layout: &str) -> &'static Engine {
    static ENGINES: OnceLock<std::sync::Mutex<Vec<(String, &'static Engine)>>> =
        OnceLock::new();
    if layout == "default" {
        return engine();
    }
    let mut engines = ENGINES.get_or_init(Default::default).lock().unwrap();
    if let Some((_, e)) = engines.iter().find(|(n, _)| n == layout) {
        return e;
    }
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("layouts/{layout}.json"));
    let json = std::fs::read_to_string(&path).unwrap();
    let engine: &'static Engine =
        Box::leak(Box::new(Engine::new(Style::from_json(&json).unwrap()).unwrap()));
    engines.push((layout.to_owned(), engine));
    engine
}

/// The layouts shipped in `layouts/`, by name, `default` first.
pub fn layouts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".json").map(str::to_owned)
        })
        .collect();
    names.sort_by_key(|n| (n != "default", n.clone()));
    names
}

/// The fixtures in `samples/`, by file name, sorted.
pub fn samples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

/// Every rendering the visual checks make, as (layout, sample, request): each layout
/// under `layouts/` × each fixture × the six combinations, plus the signature page
/// (jobcenter, current) and the kvittering page (citizen and jobcenter, current).
/// A signature or kvittering the rules refuse for a fixture is skipped by [`laid_out`].
pub fn renderings() -> Vec<(String, String, Request)> {
    let mut out = Vec::new();
    for layout in layouts() {
        for sample in samples() {
            for (audience, kind) in COMBINATIONS {
                out.push((layout.clone(), sample.clone(), request(audience, kind)));
            }
            let current = |a| request(a, VersionKind::Current);
            out.push((
                layout.clone(),
                sample.clone(),
                current(Audience::Jobcenter).with_signature(),
            ));
            for a in [Audience::Citizen, Audience::Jobcenter] {
                out.push((
                    layout.clone(),
                    sample.clone(),
                    current(a).with_acknowledgement(),
                ));
            }
        }
    }
    out
}

/// A file name for one rendering: `layout-sample-audience-kind[-signature|-kvittering]`.
pub fn rendering_name(layout: &str, sample: &str, request: Request) -> String {
    let stem = sample.trim_end_matches(".json");
    let extra = match (request.signature, request.acknowledgement) {
        (true, _) => "-signature",
        (_, true) => "-kvittering",
        _ => "",
    };
    format!("{layout}-{stem}-{}-{}{extra}", request.audience, request.version_kind)
}

/// Lays out one rendering; `None` when the engine refuses a signature or kvittering
/// page for that fixture (SPEC section 3), which is not what the visual checks test.
pub fn laid_out(
    layout: &str,
    sample_name: &str,
    request: Request,
) -> Option<minplan::frame::Laid> {
    match engine_for(layout).layout(&sample(sample_name), request) {
        Ok((_, laid)) => Some(laid),
        Err(_) if request.signature || request.acknowledgement => None,
        Err(e) => panic!("{layout} {sample_name} {request:?}: {e}"),
    }
}

/// Renders one rendering to PDF; `None` as for [`laid_out`].
pub fn rendered(layout: &str, sample_name: &str, request: Request) -> Option<Vec<u8>> {
    match engine_for(layout).render(&sample(sample_name), request) {
        Ok(pdf) => Some(pdf),
        Err(_) if request.signature || request.acknowledgement => None,
        Err(e) => panic!("{layout} {sample_name} {request:?}: {e}"),
    }
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
    // The name says everything the request asks for, so tests running at the same
    // time never write one file.
    let name = rendering_name("", sample_name, request);
    write_pdf("test-pdfs", &format!("{}.pdf", name.trim_start_matches('-')), &pdf)
}

/// Writes `pdf` as `target/tmp/<dir>/<name>` (for pdfcheck), returning the path.
pub fn write_pdf(dir: &str, name: &str, pdf: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    // Written aside and renamed: tests of one binary run at the same time, and two may
    // write the same rendering while a third reads it.
    static WRITES: std::sync::atomic::AtomicUsize =
        std::sync::atomic::AtomicUsize::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let part = dir.join(format!("{name}.{n}.part"));
    std::fs::write(&part, pdf).unwrap();
    std::fs::rename(&part, &path).unwrap();
    path
}

/// A shared tool under `../shared/tools/`, or where the environment variable says.
fn tool_path(var: &str, name: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/tools")
            .join(name),
    }
}

/// The words of the PDF's text layer that have no ink on the rendered page (painted
/// over, in the background colour, off the page), as `page N: "word"` lines; empty when
/// every word is visible. Runs `../shared/tools/inkcheck` (poppler's pdftoppm and
/// pdftotext), the visual oracle behind SPEC section 5's "what a person sees is what the
/// file says".
pub fn invisible_words(pdf: &Path) -> Vec<String> {
    let out = Command::new("python3")
        .arg(tool_path("MINPLAN_INKCHECK", "inkcheck"))
        .args([pdf.to_str().unwrap(), "--json"])
        .output()
        .expect("python3 runs inkcheck");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "inkcheck failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["words"].as_u64().unwrap() > 0, "{}: no words at all", pdf.display());
    report["invisible"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| format!("page {}: {}", w["page"], w["word"]))
        .collect()
}

fn pdfcheck_path() -> PathBuf {
    tool_path("MINPLAN_PDFCHECK", "pdfcheck")
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

/// pdfcheck's JSON report of a PDF (without its pdfua subset: page-validation checks
/// PDF/UA-1 whole, `tests/render/conformance.rs`).
pub fn inspect(pdf: &Path) -> serde_json::Value {
    let out = run_pdfcheck(&[pdf.to_str().unwrap(), "--no-pdfua"]);
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

/// Ten or more digits in a row from some character on, allowing one dash among them:
/// what could be a CPR number (what `redact_cpr` hides).
pub fn cpr_like(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).any(|start| {
        let (mut digits, mut dash) = (0, false);
        for (i, &c) in chars[start..].iter().enumerate() {
            if c.is_ascii_digit() {
                digits += 1;
            } else if c == '-' && !dash && i > 0 {
                dash = true;
            } else {
                break;
            }
            if digits >= 10 {
                return true;
            }
        }
        false
    })
}
