//! `minplan batch`: parallel rendering of many inputs, a bad one reported and skipped; the
//! manifest, `--resume` after a kill, `--shard`, and a panic failing one input only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::minplan;
use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn sample() -> serde_json::Value {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/samples/integration-contract-full.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn ndjson_with_a_bad_line_renders_the_rest() {
    let mut lines = Vec::new();
    for i in 0..6 {
        let mut plan = sample();
        plan["plan_version"]["id"] = format!("PV-T-{i}").into();
        lines.push(plan.to_string());
    }
    lines.insert(3, r#"{"schema_version": 1, "plan_version": 7}"#.to_owned());
    let envelope = serde_json::json!({"audience": "akasse", "version": "historical", "input": sample()});
    lines.push(envelope.to_string());
    let dir = out_dir("batch-ndjson");
    let args =
        ["batch", "-", "-o", dir.to_str().unwrap(), "--audience", "citizen,jobcenter"];
    let args = [&args[..], &["--version", "current", "-j", "2"]].concat();
    let out = minplan(&args, Some(lines.join("\n").as_bytes()));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "a failed line makes the exit status 1");
    assert!(stderr.contains("error: line 4: plan_version"), "{stderr}");
    assert!(stderr.contains("rendered 13, failed 1"), "{stderr}");
    let names: Vec<String> = pdfs(&dir).into_keys().collect();
    assert_eq!(names.len(), 13);
    assert!(names.contains(&"PV-T-0-v7-citizen-current.pdf".to_owned()));
    assert!(names.contains(&"PV-T-5-v7-jobcenter-current.pdf".to_owned()));
    assert!(names.contains(&"PV-2026-000731-v7-akasse-historical.pdf".to_owned()));
    assert!(names.iter().all(|n| !n.contains("240390")), "no CPR number in file names");
    for name in &names {
        let pdf = std::fs::read(dir.join(name)).unwrap();
        assert!(pdf.starts_with(b"%PDF-1.7"));
    }
}

#[test]
fn directory_input_and_deterministic_names() {
    let input = out_dir("batch-dir-in");
    std::fs::create_dir_all(&input).unwrap();
    // The same plan version twice: the second gets a suffix, in input (name) order.
    std::fs::write(input.join("a.json"), sample().to_string()).unwrap();
    std::fs::write(input.join("b.json"), sample().to_string()).unwrap();
    std::fs::write(input.join("notes.txt"), "not an input").unwrap();
    let dir = out_dir("batch-dir-out");
    let out = Command::new(env!("CARGO_BIN_EXE_minplan"))
        .args(["batch", input.to_str().unwrap(), "-o", dir.to_str().unwrap()])
        .args(["--audience", "akasse", "--version", "current"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let a = std::fs::read(dir.join("PV-2026-000731-v7-akasse-current.pdf")).unwrap();
    let b = std::fs::read(dir.join("PV-2026-000731-v7-akasse-current-2.pdf")).unwrap();
    assert!(a == b, "same input, same bytes");
}

#[test]
fn missing_audience_is_reported_per_line() {
    let dir = out_dir("batch-noaudience");
    let args = ["batch", "-", "-o", dir.to_str().unwrap()];
    let out = minplan(&args, Some(sample().to_string().as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1: audience"));
}

#[test]
fn pool_and_lone_renders_are_byte_identical() {
    // A lone render compresses in parallel, one on a pool thread sequentially: same bytes.
    let json = common::sample("reference-12.json");
    let request =
        common::request(minplan::Audience::Citizen, minplan::VersionKind::Current);
    let lone = common::engine().render(&json, request).unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let pooled = pool.install(|| common::engine().render(&json, request).unwrap());
    assert!(lone == pooled, "a render on a pool thread differs from a lone render");
}

/// `n` NDJSON lines of the sample, each its own plan version `PV-<tag>-<i>`.
fn lines(tag: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let mut plan = sample();
            plan["plan_version"]["id"] = format!("PV-{tag}-{i}").into();
            plan.to_string()
        })
        .collect()
}

fn write_input(name: &str, lines: &[String]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn batch_command(input: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_minplan"));
    command
        .args(["batch", input.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--audience", "citizen", "--version", "current", "-j", "2"])
        .args(extra);
    command
}

/// The manifest's entries.
fn manifest(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `name → bytes` of every PDF in `dir`.
fn pdfs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    minplan::batch::sha256_hex(bytes)
}

#[test]
fn the_manifest_lists_every_render_with_its_hash() {
    let mut input = lines("M", 3);
    input.insert(
        1,
        r#"{"schema_version": 1, "plan_version": 7, "citizen": {"cpr": "240390-1234"}}"#
            .into(),
    );
    let path = write_input("batch-manifest.ndjson", &input);
    let dir = out_dir("batch-manifest");
    let out = batch_command(&path, &dir, &["--audience", "akasse"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let entries = manifest(&dir.join("manifest.jsonl"));
    assert_eq!(entries.len(), 7, "3 inputs × 2 audiences and the bad line: {entries:?}");
    let files = pdfs(&dir);
    assert_eq!(files.len(), 6);
    for entry in &entries {
        if entry["status"] == "error" {
            assert_eq!(entry["input"], 2, "the line number");
            assert!(entry["output"].is_null() && entry["sha256"].is_null());
            assert!(entry["error"].as_str().unwrap().contains("plan_version"), "{entry}");
            continue;
        }
        assert_eq!(entry["status"], "ok");
        let name = entry["output"].as_str().unwrap();
        let pdf = &files[name];
        assert_eq!(entry["sha256"], sha256(pdf), "{name}");
        assert_eq!(entry["bytes"], pdf.len());
        let pages = lopdf::Document::load_mem(pdf).unwrap().get_pages().len();
        assert_eq!(entry["pages"], pages, "{entry}");
        assert!(["citizen", "akasse"].contains(&entry["audience"].as_str().unwrap()));
        assert_eq!(entry["version"], "current");
        assert!(entry["input"].is_u64());
    }
    let text = std::fs::read_to_string(dir.join("manifest.jsonl")).unwrap();
    assert!(!text.contains("240390") && !text.contains("2403901234"), "{text}");
    // `--manifest` puts it elsewhere.
    let elsewhere =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("batch-manifest-elsewhere.jsonl");
    // The manifest is appended to, never truncated: start from none.
    let _ = std::fs::remove_file(&elsewhere);
    let dir = out_dir("batch-manifest-2");
    let out = batch_command(&path, &dir, &["--manifest", elsewhere.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(manifest(&elsewhere).len(), 4);
    assert!(!dir.join("manifest.jsonl").exists());
}

#[test]
fn killed_mid_run_then_resumed_every_pdf_is_whole_and_listed() {
    let input = lines("K", 300);
    let path = write_input("batch-kill.ndjson", &input);
    let dir = out_dir("batch-kill");
    let manifest_path = dir.join("manifest.jsonl");
    let mut child =
        batch_command(&path, &dir, &[]).stderr(Stdio::null()).spawn().unwrap();
    // Kill (SIGKILL) once some renders are done, well before the end.
    let started = std::time::Instant::now();
    while std::fs::read_to_string(&manifest_path).map_or(0, |t| t.lines().count()) < 20 {
        assert!(started.elapsed().as_secs() < 60, "the batch did not start");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = pdfs(&dir);
    let listed = manifest(&manifest_path).len();
    assert!(listed < input.len(), "killed after it finished: nothing tested");
    // No partial file under a final name: whatever is there is a whole PDF.
    for (name, pdf) in &before {
        assert!(lopdf::Document::load_mem(pdf).is_ok(), "{name} is not a whole PDF");
    }

    let out = batch_command(&path, &dir, &["--resume"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("already done"), "{stderr}");
    let after = pdfs(&dir);
    assert_eq!(after.len(), input.len());
    let entries = manifest(&manifest_path);
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    for entry in &entries {
        assert_eq!(entry["status"], "ok", "{entry}");
        listed.insert(
            entry["output"].as_str().unwrap().into(),
            entry["sha256"].as_str().unwrap().into(),
        );
    }
    assert_eq!(listed.len(), input.len(), "every PDF listed once");
    for (name, pdf) in &after {
        assert_eq!(listed[name], sha256(pdf), "{name}: manifest hash");
        assert!(lopdf::Document::load_mem(pdf).is_ok(), "{name}");
    }
    for (name, pdf) in &before {
        assert!(after[name] == *pdf, "{name} changed on resume");
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The same bytes as an uninterrupted run, for a few.
    let clean = out_dir("batch-kill-clean");
    let some = write_input("batch-kill-some.ndjson", &input[..5]);
    assert!(batch_command(&some, &clean, &[]).output().unwrap().status.success());
    for (name, pdf) in pdfs(&clean) {
        assert!(after[&name] == pdf, "{name} differs from an uninterrupted run");
    }
    assert_eq!(pdfs(&clean).len(), 5);
}

#[test]
fn resume_renders_again_what_changed_or_went_missing() {
    let input = lines("R", 4);
    let path = write_input("batch-resume.ndjson", &input);
    let dir = out_dir("batch-resume");
    assert!(batch_command(&path, &dir, &[]).output().unwrap().status.success());
    let first = pdfs(&dir);
    let names: Vec<&String> = first.keys().collect();
    std::fs::remove_file(dir.join(names[0])).unwrap();
    std::fs::write(dir.join(names[1]), b"%PDF-1.7 truncated").unwrap();
    let out = batch_command(&path, &dir, &["--resume"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rendered 2, failed 0, 2 already done"), "{stderr}");
    assert_eq!(pdfs(&dir), first);
}

#[test]
fn two_shards_render_exactly_what_one_run_renders() {
    // Repeated plan versions (numbered names), envelopes and a bad line.
    let mut input = lines("S", 30);
    input.extend(lines("S", 3));
    input.push(r#"{"schema_version": 1, "plan_version": 7}"#.into());
    input.push(
        serde_json::json!({"audience": "akasse", "version": "historical", "input": sample()})
            .to_string(),
    );
    let path = write_input("batch-shards.ndjson", &input);
    let whole = out_dir("batch-shards-whole");
    let out = batch_command(&path, &whole, &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let split = out_dir("batch-shards-split");
    let mut failed = 0;
    for shard in ["0/2", "1/2"] {
        let out = batch_command(&path, &split, &["--shard", shard]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        failed += usize::from(stderr.contains("failed 1"));
        assert!(!stderr.contains("rendered 0,"), "both shards have work: {stderr}");
    }
    assert_eq!(failed, 1, "the bad line fails in exactly one shard");
    let one = pdfs(&whole);
    assert_eq!(one.len(), 34);
    assert!(one.contains_key("PV-S-0-v7-citizen-current-2.pdf"));
    assert!(pdfs(&split) == one, "the shards' files differ from one run's");
    // Each input in exactly one shard's manifest.
    let mut inputs: Vec<u64> = ["manifest-0-of-2.jsonl", "manifest-1-of-2.jsonl"]
        .iter()
        .flat_map(|m| manifest(&split.join(m)))
        .map(|e| e["input"].as_u64().unwrap())
        .collect();
    inputs.sort_unstable();
    assert_eq!(inputs, (1..=input.len() as u64).collect::<Vec<_>>());
    // In a Kubernetes Indexed Job the index comes from the environment.
    let indexed = out_dir("batch-shards-indexed");
    let out = batch_command(&path, &indexed, &["--shards", "2"])
        .env("JOB_COMPLETION_INDEX", "1")
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1));
    assert!(indexed.join("manifest-1-of-2.jsonl").exists());
    let out = batch_command(&path, &indexed, &["--shards", "2"])
        .env_remove("JOB_COMPLETION_INDEX")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--shards without the index is a usage error");
}

/// Renders with the engine but panics for one plan version.
struct Panicky;

impl minplan::batch::Renderer for Panicky {
    fn validate(&self, json: &str) -> minplan::Result<minplan::model::PlanVersion> {
        common::engine().validate(json)
    }
    fn render(
        &self,
        plan: &minplan::model::PlanVersion,
        request: minplan::Request,
    ) -> minplan::Result<(Vec<u8>, usize)> {
        assert!(plan.plan_version.id != "PV-P-2", "injected fault");
        minplan::batch::Renderer::render(common::engine(), plan, request)
    }
}

#[test]
fn a_panic_fails_that_input_only() {
    use minplan::batch::{Defaults, Options, Outcome, Shard, Status};
    let dir = out_dir("batch-panic");
    std::fs::create_dir_all(&dir).unwrap();
    let input = lines("P", 5).join("\n");
    let options = Options {
        defaults: Defaults {
            audiences: vec![minplan::Audience::Jobcenter],
            versions: vec![minplan::VersionKind::Current],
            signature: false,
            acknowledgement: false,
        },
        out_dir: dir.clone(),
        manifest: dir.join("manifest.jsonl"),
        resume: false,
        shard: Shard::ALL,
        input: None,
    };
    let failures = std::sync::Mutex::new(Vec::new());
    let report = |o: &Outcome| {
        if let Status::Failed(e) = &o.status {
            failures.lock().unwrap().push((o.input.to_string(), e.to_string()));
        }
    };
    let sources = minplan::batch::ndjson(input.as_bytes(), 1 << 20);
    let summary = minplan::batch::run(&Panicky, sources, &options, &report).unwrap();
    assert_eq!((summary.rendered, summary.failed), (4, 1));
    let failures = failures.into_inner().unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].0, "line 3");
    assert!(failures[0].1.contains("internal error"), "{failures:?}");
    assert!(!failures[0].1.contains("injected fault"), "no internals in the outcome");
    assert_eq!(pdfs(&dir).len(), 4);
    let entries = manifest(&dir.join("manifest.jsonl"));
    assert_eq!(entries.iter().filter(|e| e["status"] == "error").count(), 1);
}

/// Runs `minplan batch` to the end; returns its exit status and standard error.
fn run_batch(input: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    let output = batch_command(input, out, extra).output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into())
}

#[test]
fn the_manifest_is_never_the_input() {
    let out = out_dir("batch-manifest-input");
    std::fs::create_dir_all(&out).unwrap();
    let input = write_input("batch-manifest-input.ndjson", &lines("MI", 2));
    let before = std::fs::read(&input).unwrap();
    // By its name, and by another name for the same file (a hard link).
    let alias = out.join("alias.ndjson");
    std::fs::hard_link(&input, &alias).unwrap();
    for manifest in [&input, &alias] {
        let (code, stderr) =
            run_batch(&input, &out, &["--manifest", manifest.to_str().unwrap()]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("is an input file"), "{stderr}");
        assert_eq!(std::fs::read(&input).unwrap(), before, "the input is untouched");
    }
    assert!(pdfs(&out).is_empty());
}

#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_symbolic_link() {
    use std::os::unix::fs::symlink;
    let out = out_dir("batch-links");
    std::fs::create_dir_all(&out).unwrap();
    let victim = out.join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let input = write_input("batch-links.ndjson", &lines("L", 2));
    let name = "PV-L-0-v7-citizen-current.pdf";
    // The temporary name of earlier versions, and the final name, planted as links.
    symlink(&victim, out.join(format!(".{name}.tmp"))).unwrap();
    symlink(&victim, out.join(name)).unwrap();
    let (code, stderr) = run_batch(&input, &out, &[]);
    assert_eq!(code, 1, "the render into the link fails, the other succeeds: {stderr}");
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::symlink_metadata(out.join(name))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(out.join("PV-L-1-v7-citizen-current.pdf").is_file());
    // A manifest planted as a link stops the run before anything is written.
    let out2 = out_dir("batch-links-manifest");
    std::fs::create_dir_all(&out2).unwrap();
    symlink(&victim, out2.join("manifest.jsonl")).unwrap();
    let (code, stderr) = run_batch(&input, &out2, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(pdfs(&out2).is_empty());
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".tmp") && n != &format!(".{name}.tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn ids_that_share_safe_letters_never_share_a_file_across_runs() {
    let out = out_dir("batch-collide");
    std::fs::create_dir_all(&out).unwrap();
    let person = |id: &str, name: &str| {
        let mut plan = sample();
        plan["plan_version"]["id"] = id.into();
        plan["citizen"]["full_name"] = name.into();
        plan.to_string()
    };
    let first = write_input("batch-collide-1.ndjson", &[person("a/b", "Person Eins")]);
    let second = write_input("batch-collide-2.ndjson", &[person("a.b", "Person Zwei")]);
    assert_eq!(run_batch(&first, &out, &[]).0, 0);
    let after_first = pdfs(&out);
    assert_eq!(after_first.len(), 1);
    let (code, stderr) = run_batch(&second, &out, &["--resume"]);
    assert_eq!(code, 0, "{stderr}");
    let after_second = pdfs(&out);
    assert_eq!(after_second.len(), 2, "{:?}", after_second.keys());
    for (name, bytes) in &after_first {
        assert_eq!(&after_second[name], bytes, "{name}: the first person's PDF is kept");
    }
    // Deterministic: the same id gets the same name in another directory.
    let out2 = out_dir("batch-collide-again");
    std::fs::create_dir_all(&out2).unwrap();
    assert_eq!(run_batch(&first, &out2, &[]).0, 0);
    assert_eq!(
        pdfs(&out2).keys().collect::<Vec<_>>(),
        after_first.keys().collect::<Vec<_>>()
    );
}

#[test]
fn two_runs_at_once_into_one_directory_keep_every_line() {
    let out = out_dir("batch-concurrent");
    std::fs::create_dir_all(&out).unwrap();
    let a = write_input("batch-concurrent-a.ndjson", &lines("CA", 12));
    let b = write_input("batch-concurrent-b.ndjson", &lines("CB", 12));
    // Two different inputs and, at the same time, the same input twice.
    let runs: Vec<_> = [&a, &b, &a]
        .into_iter()
        .map(|input| {
            batch_command(input, &out, &[])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let entries = manifest(&out.join("manifest.jsonl"));
    assert_eq!(entries.len(), 36, "every run's every line");
    assert!(entries.iter().all(|e| e["status"] == "ok"));
    let files = pdfs(&out);
    assert_eq!(files.len(), 24);
    for e in &entries {
        let name = e["output"].as_str().unwrap();
        assert_eq!(
            sha256(&files[name]),
            e["sha256"].as_str().unwrap(),
            "{name} is whole"
        );
    }
}

#[test]
fn resume_with_another_layout_renders_again() {
    let out = out_dir("batch-resume-layout");
    std::fs::create_dir_all(&out).unwrap();
    let input = write_input("batch-resume-layout.ndjson", &lines("RL", 3));
    assert_eq!(run_batch(&input, &out, &[]).0, 0);
    let default = pdfs(&out);
    let (code, stderr) = run_batch(&input, &out, &["--resume"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("rendered 0") && stderr.contains("3 already done"),
        "{stderr}"
    );
    let (code, stderr) =
        run_batch(&input, &out, &["--resume", "--layout", "large-print"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("rendered 3") && !stderr.contains("already done"),
        "{stderr}"
    );
    let large = pdfs(&out);
    assert!(default.iter().all(|(name, bytes)| &large[name] != bytes));
    // And with it again, all done.
    let (_, stderr) = run_batch(&input, &out, &["--resume", "--layout", "large-print"]);
    assert!(stderr.contains("3 already done"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_directory_batch_fails_bad_files_one_by_one() {
    use std::os::unix::fs::symlink;
    let input = out_dir("batch-dir-isolation-in");
    std::fs::create_dir_all(&input).unwrap();
    let plan = |id: &str| {
        let mut plan = sample();
        plan["plan_version"]["id"] = id.into();
        plan.to_string()
    };
    std::fs::write(input.join("a.json"), plan("PV-D-a")).unwrap();
    // A byte order mark, as Windows editors write it.
    std::fs::write(input.join("b.json"), format!("\u{feff}{}", plan("PV-D-b"))).unwrap();
    // Reports size 0, holds megabytes: the limit counts what is read.
    symlink("/proc/kallsyms", input.join("c.json")).unwrap();
    // Opens, then fails to read (as root too).
    symlink("/proc/self/mem", input.join("d.json")).unwrap();
    std::fs::write(input.join("e.json"), plan("PV-D-e")).unwrap();
    // Skipped and counted: not *.json, a directory.
    std::fs::write(input.join("notes.txt"), "x").unwrap();
    std::fs::create_dir_all(input.join("sub.json")).unwrap();
    let out = out_dir("batch-dir-isolation-out");
    let (code, stderr) = run_batch(&input, &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("rendered 3, failed 2"), "{stderr}");
    assert!(stderr.contains("2 directory entries skipped"), "{stderr}");
    let entries = manifest(&out.join("manifest.jsonl"));
    let error = |input: &str| {
        entries
            .iter()
            .find(|e| e["input"] == input)
            .and_then(|e| e["error"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(error("c.json").contains("over the limit"), "{entries:?}");
    assert!(error("d.json").contains("os error"), "the reason: {entries:?}");
    assert_eq!(pdfs(&out).len(), 3);
}

#[test]
fn file_names_are_echoed_without_cpr_numbers_or_control_characters() {
    let input = out_dir("batch-names-in");
    std::fs::create_dir_all(&input).unwrap();
    for name in ["240390-1234.json", "240390 1234\nerror: forged.json", "2403901234.json"]
    {
        std::fs::write(input.join(name), "{\"broken\"").unwrap();
    }
    let out = out_dir("batch-names-out");
    let (code, stderr) = run_batch(&input, &out, &[]);
    assert_eq!(code, 1);
    let manifest_text = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    for text in [&stderr, &manifest_text] {
        for marker in ["240390-1234", "240390 1234", "2403901234"] {
            assert!(!text.contains(marker), "{marker} in {text}");
        }
        assert!(text.contains("(number withheld)"), "{text}");
    }
    assert!(!stderr.lines().any(|l| l.starts_with("error: forged")), "{stderr}");
    assert_eq!(manifest(&out.join("manifest.jsonl")).len(), 3);
}

#[test]
fn a_plan_version_id_that_could_be_a_cpr_number_names_no_file() {
    let out = out_dir("batch-cpr-id");
    let ids = ["240390-1234", "240390 1234", "2403901234"];
    let lines: Vec<String> = ids
        .iter()
        .map(|id| {
            let mut plan = sample();
            plan["plan_version"]["id"] = (*id).into();
            plan.to_string()
        })
        .collect();
    let input = write_input("batch-cpr-id.ndjson", &lines);
    let (code, stderr) = run_batch(&input, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let names: Vec<String> = pdfs(&out).into_keys().collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let manifest_text = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    for id in ids {
        assert!(!names.iter().any(|n| n.contains(id)), "{names:?}");
        assert!(!manifest_text.contains(id), "{manifest_text}");
    }
    assert!(names.iter().all(|n| n.starts_with("id.")), "{names:?}");
}

/// A run killed mid-write leaves its temporary file; the next run removes it, and never
/// one of a run still going.
#[test]
fn temporary_files_of_killed_runs_are_removed_and_others_kept() {
    let out = out_dir("batch-stale-tmp");
    std::fs::create_dir_all(&out).unwrap();
    let dead = out.join(".PV-X-v7-citizen-current.pdf.999999999-3.tmp");
    let alive =
        out.join(format!(".PV-Y-v7-citizen-current.pdf.{}-0.tmp", std::process::id()));
    std::fs::write(&dead, "partial").unwrap();
    std::fs::write(&alive, "being written").unwrap();
    let input = write_input("batch-stale-tmp.ndjson", &lines("ST", 1));
    assert_eq!(run_batch(&input, &out, &[]).0, 0);
    assert!(!dead.exists(), "a dead run's temporary file is removed");
    assert!(alive.exists(), "a running process's temporary file is kept");
}
