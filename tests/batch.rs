//! `minplan batch`: parallel rendering of many inputs, a bad one reported and skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::path::PathBuf;
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_minplan"))
        .args([
            "batch",
            "-",
            "-o",
            dir.to_str().unwrap(),
            "--audience",
            "citizen,jobcenter",
        ])
        .args(["--version", "current", "-j", "2"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "a failed line makes the exit status 1");
    assert!(stderr.contains("error: line 4: plan_version"), "{stderr}");
    assert!(stderr.contains("rendered 13, failed 1"), "{stderr}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_minplan"))
        .args(["batch", "-", "-o", dir.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(sample().to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
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
