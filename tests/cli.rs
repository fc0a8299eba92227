//! The command line: exit codes, messages, standard input and output.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn minplan(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minplan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or_default()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

const SAMPLE: &str = "samples/integration-contract-full.json";

#[test]
fn render_writes_a_pdf() {
    let out =
        std::env::temp_dir().join(format!("minplan-cli-{}.pdf", std::process::id()));
    let args =
        ["render", SAMPLE, "--audience", "akasse", "--version", "historical", "-o"];
    let o = minplan(&[&args[..], &[out.to_str().unwrap()]].concat(), None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    let _ = std::fs::remove_file(out);
}

#[test]
fn stdin_to_stdout() {
    let json = std::fs::read(format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let args = [
        "render",
        "-",
        "--audience",
        "jobcenter",
        "--version",
        "current",
        "--acknowledgement",
    ];
    let o = minplan(&[&args[..], &["-o", "-"]].concat(), Some(&json));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.starts_with(b"%PDF-"));
}

#[test]
fn signature_on_a_signed_contract_is_refused_with_the_reason() {
    // The shared sample's contract was first signed on 20.06.2025 (seed 000 §7.2).
    let args = [
        "render",
        SAMPLE,
        "--audience",
        "jobcenter",
        "--version",
        "current",
        "--signature",
    ];
    let o = minplan(&[&args[..], &["-o", "-"]].concat(), None);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "error: signature: the contract was first signed on 20.06.2025; later versions \
             are acknowledged (--acknowledgement), not signed"
        ),
        "{err}"
    );
    // The first version of a new contract is signed.
    let first = "samples/first-contract.json";
    let args = [
        "render",
        first,
        "--audience",
        "jobcenter",
        "--version",
        "current",
        "--signature",
    ];
    let o = minplan(&[&args[..], &["-o", "-"]].concat(), None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // … and not acknowledged.
    let args = ["render", first, "--audience", "citizen", "--version", "current"];
    let o = minplan(&[&args[..], &["--acknowledgement", "-o", "-"]].concat(), None);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("it is signed (--signature)"));
}

#[test]
fn validate_reports_every_error_and_exits_1() {
    let json =
        std::fs::read_to_string(format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .replacen(r#"{ "id": 69,"#, r#"{ "id": 70,"#, 1)
            .replacen(
                r#""danish_goal": { "id": 2 }"#,
                r#""danish_goal": { "id": 4 }"#,
                1,
            );
    let o = minplan(&["validate", "-"], Some(json.as_bytes()));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains(
        "error: integration.exemptions[0].id (line 136, column 15): 70 is not an exemption id \
         (expected 68 or 69)"
    ));
    assert!(err.contains("error: plan.danish_goal.id (line 37, column 28)"), "{err}");
    let o = minplan(&["validate", SAMPLE], None);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn signature_for_citizen_exits_1() {
    let args = [
        "render",
        SAMPLE,
        "--audience",
        "citizen",
        "--version",
        "current",
        "--signature",
    ];
    let o = minplan(&[&args[..], &["-o", "-"]].concat(), None);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("error: signature"));
}

#[test]
fn usage_errors_exit_2() {
    let o = minplan(
        &["render", SAMPLE, "--audience", "nobody", "--version", "current", "-o", "-"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let o = minplan(
        &[
            "render",
            "no-such.json",
            "--audience",
            "citizen",
            "--version",
            "current",
            "-o",
            "-",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read no-such.json"));
    let o = minplan(&["frobnicate"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_explains_each_command() {
    let o = minplan(&["--help"], None);
    let help = String::from_utf8(o.stdout).unwrap();
    for word in ["render", "validate", "layout", "Exit status"] {
        assert!(help.contains(word), "--help lacks {word}");
    }
    let o = minplan(&["render", "--help"], None);
    let help = String::from_utf8(o.stdout).unwrap();
    for word in [
        "--audience",
        "--version",
        "--signature",
        "--acknowledgement",
        "--layout",
        "--output",
        "akasse",
    ] {
        assert!(help.contains(word), "render --help lacks {word}");
    }
}

#[test]
fn compose_prints_the_audiences_document_as_json() {
    let compose = |audience: &str| {
        let args = ["compose", SAMPLE, "--audience", audience, "--version", "current"];
        let o = minplan(&args, None);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(doc["blocks"].as_array().unwrap().len() > 20);
        doc.to_string()
    };
    let citizen = compose("citizen");
    assert!(citizen.contains("Indholdsfortegnelse"));
    assert!(citizen.contains("Syrien"), "the citizen sees the nationality");
    assert!(citizen.contains("søvnproblemer"), "and the health notes");
    // The a-kasse's document already lacks the integration contract's data.
    let akasse = compose("akasse");
    assert!(akasse.contains("Indholdsfortegnelse"));
    assert!(!akasse.contains("Syrien"));
    assert!(!akasse.contains("søvnproblemer"));
}

#[test]
fn unprintable_character_exits_1_naming_field_and_code_point() {
    let json =
        std::fs::read_to_string(format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .replacen("Amina Khalil Al-Hassan", "ሳባ ተስፋይ", 1);
    let args =
        ["render", "-", "--audience", "citizen", "--version", "current", "-o", "-"];
    let o = minplan(&args, Some(json.as_bytes()));
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "no PDF is written");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("citizen.full_name (line 16, column 18)"), "{stderr}");
    assert!(stderr.contains("U+1233"), "{stderr}");
    assert!(!stderr.contains("240390-1234"), "{stderr}");
}

/// Renders `json` through the command line into the temporary directory; returns the path.
fn render_to(name: &str, json: &[u8], audience: &str, layout: Option<&str>) -> String {
    let dir =
        std::env::temp_dir().join(format!("minplan-cli-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(name).to_str().unwrap().to_owned();
    let mut args = vec!["render", "-", "--audience", audience, "--version", "current"];
    if let Some(layout) = layout {
        args.extend(["--layout", layout]);
    }
    args.extend(["-o", &out]);
    let o = minplan(&args, Some(json));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// `minplan diff` tells a reviewer first whether the text changed or only the layout:
/// identical files exit 0; a changed name, a moved page break and another audience exit 1
/// with the verdict, the changed pages and the lines that changed.
#[test]
fn diff_tells_a_text_change_from_a_layout_change() {
    let json = std::fs::read(format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let text = String::from_utf8(json.clone()).unwrap();
    let renamed = text.replace("Amina Khalil Al-Hassan", "Amina Khalil Al-Hassan Nouri");
    assert_ne!(renamed, text);
    let layout = std::env::temp_dir()
        .join(format!("minplan-cli-diff-layout-{}.json", std::process::id()));
    std::fs::write(&layout, r#"{"name": "deep-top", "page": {"margin_top_mm": 70}}"#)
        .unwrap();

    let base = render_to("base.pdf", &json, "citizen", None);
    let again = render_to("again.pdf", &json, "citizen", None);
    let name = render_to("name.pdf", renamed.as_bytes(), "citizen", None);
    let moved = render_to("moved.pdf", &json, "citizen", Some(layout.to_str().unwrap()));
    let akasse = render_to("akasse.pdf", &json, "akasse", None);
    let diff = |a: &str, b: &str| {
        let o = minplan(&["diff", a, b], None);
        (o.status.code(), String::from_utf8(o.stdout).unwrap())
    };

    let (code, out) = diff(&base, &again);
    assert_eq!((code, out.as_str()), (Some(0), "identical\n"));

    let (code, out) = diff(&base, &name);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("text changed\n"), "{out}");
    assert!(out.contains("\n-  [TD] Amina Khalil Al-Hassan\n"), "{out}");
    assert!(out.contains("\n+  [TD] Amina Khalil Al-Hassan Nouri\n"), "{out}");
    // The name is on page 1 (title block), page 2 and every running header.
    assert!(out.contains("changed pages: 1, 2, 3"), "{out}");

    let (code, out) = diff(&base, &moved);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("layout only"), "{out}");
    assert!(out.contains("changed pages: "), "{out}");
    // The breaks moved: the dump shows lines leaving one page for the next.
    assert!(out.contains("\n@@ "), "{out}");

    let (code, out) = diff(&base, &akasse);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("text changed\n"), "{out}");
    assert!(
        out.contains(
            "metadata title: \"Min plan – integrationskontrakt\" → \"Min plan\""
        ),
        "{out}"
    );
    assert!(out.contains("\n-  [H2] Integration\n"), "{out}");

    // A file that is not a PDF is exit 2, named.
    let o = minplan(&["diff", &base, SAMPLE], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a readable PDF"));
}

/// `minplan inspect` reads a PDF back: metadata, outline, roles, artifacts and links.
#[test]
fn inspect_reads_a_pdf_back() {
    let json = std::fs::read(format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let pdf = render_to("inspect.pdf", &json, "citizen", None);
    let o = minplan(&["inspect", &pdf], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dump = String::from_utf8(o.stdout).unwrap();
    for expected in [
        "minplan inspect 1\ntitle: Min plan – integrationskontrakt\nlanguage: da\n",
        "conformance: PDF/A-2a, PDF/UA-1\n",
        "\noutline:\n  Om denne version af planen → page 2\n",
        "\npage 1 of 6 (595.3 × 841.9 pt)\n",
        "  [H1] Min plan – integrationskontrakt\n",
        "  [Link] Om denne version af planen … 2\n",
        "  [TD] 240390-1234\n",
        "  [footer] Side 2 af 6\n",
        "\npage 2 of 6 (595.3 × 841.9 pt)\n  [header] Min plan – integrationskontrakt",
        "  link [Link] → page 2 \"Om denne version af planen, side 2\"\n",
    ] {
        assert!(dump.contains(expected), "missing {expected:?} in\n{dump}");
    }
    // The same dump from standard input.
    let bytes = std::fs::read(&pdf).unwrap();
    let o = minplan(&["inspect", "-"], Some(&bytes));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), dump);
}

/// The README's worked golden-file example runs: it records, finds nothing changed on a
/// rerun, and names a changed document with the verdict when a golden file differs.
#[test]
fn golden_suite_example_runs() {
    let root = env!("CARGO_MANIFEST_DIR");
    let script =
        std::fs::read_to_string(format!("{root}/examples/golden-suite.sh")).unwrap();
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    assert!(
        readme.contains("examples/golden-suite.sh record"),
        "README shows the example"
    );
    assert!(script.contains("minplan\" diff"));
    let dir = std::env::temp_dir().join(format!("minplan-golden-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let run = |mode: &str| {
        Command::new("bash")
            .args(["examples/golden-suite.sh", mode, dir.to_str().unwrap()])
            .current_dir(root)
            .env("MINPLAN", env!("CARGO_BIN_EXE_minplan"))
            .output()
            .unwrap()
    };
    let o = run("record");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dump = std::fs::read_to_string(dir.join("first-contract-jobcenter-current.txt"))
        .unwrap();
    assert!(dump.starts_with("minplan inspect 1\n"), "{dump}");
    let o = run("check");
    assert_eq!(String::from_utf8_lossy(&o.stdout), "all golden files identical\n");
    assert!(o.status.success());
    // A golden file from another layout: the suite names it, as layout only.
    let golden = dir.join("integration-contract-full-citizen-current.pdf");
    let layout = dir.join("large.json");
    std::fs::write(&layout, r#"{"name": "x", "page": {"margin_top_mm": 60}}"#).unwrap();
    let sample = format!("{root}/{SAMPLE}");
    let args = ["render", &sample, "--audience", "citizen", "--version", "current"];
    let extra = ["--layout", layout.to_str().unwrap(), "-o", golden.to_str().unwrap()];
    assert!(minplan(&[&args[..], &extra[..]].concat(), None).status.success());
    let o = run("check");
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("integration-contract-full-citizen-current: layout only"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// What README's "Golden-file tests" guarantees: the bytes depend on the input's content
/// and the request only — not on the time zone, locale or thread count, nor on the
/// input's key order or how its strings are escaped.
#[test]
fn output_does_not_depend_on_environment_or_key_order() {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/{SAMPLE}")).unwrap();
    // Keys sorted (serde_json's map), every non-ASCII character written as \u escapes.
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut escaped = String::new();
    for c in serde_json::to_string(&value).unwrap().chars() {
        if c.is_ascii() {
            escaped.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                escaped.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    assert_ne!(escaped, text);
    let render = |input: &str, env: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_minplan"));
        command
            .args([
                "render",
                "-",
                "--audience",
                "citizen",
                "--version",
                "current",
                "-o",
                "-",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().unwrap();
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(input.as_bytes()).unwrap();
        drop(pipe);
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    let base =
        render(&text, &[("TZ", "UTC"), ("LC_ALL", "C"), ("RAYON_NUM_THREADS", "1")]);
    let other = [
        ("TZ", "Pacific/Kiritimati"),
        ("LC_ALL", "da_DK.UTF-8"),
        ("RAYON_NUM_THREADS", "8"),
    ];
    assert!(
        render(&text, &other) == base,
        "time zone, locale or threads changed the bytes"
    );
    assert!(render(&escaped, &[]) == base, "key order or escaping changed the bytes");
}
