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
fn a_control_character_exits_1_naming_field_and_code_point() {
    let json =
        std::fs::read_to_string(format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .replacen("Amina Khalil Al-Hassan", r"Amina \u001b", 1);
    let args =
        ["render", "-", "--audience", "citizen", "--version", "current", "-o", "-"];
    let o = minplan(&args, Some(json.as_bytes()));
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "no PDF is written");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("citizen.full_name (line 16, column 18)"), "{stderr}");
    assert!(stderr.contains("U+001B"), "{stderr}");
    assert!(!stderr.contains("240390-1234"), "{stderr}");
}

#[test]
fn a_character_without_a_glyph_renders_with_a_warning() {
    let json =
        std::fs::read_to_string(format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .replacen("Amina Khalil Al-Hassan", "ሳባ ተስፋይ 漢", 1);
    let args =
        ["render", "-", "--audience", "citizen", "--version", "current", "-o", "-"];
    let o = minplan(&args, Some(json.as_bytes()));
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.starts_with(b"%PDF"), "the PDF is written");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        stderr.trim(),
        "warning: citizen.full_name: U+6F22 '漢' has no glyph in the bundled fonts; \
         drawn as \u{2B1A}"
    );
    // `validate` lists the warnings and exits 0.
    let o = minplan(&["validate", "-"], Some(json.as_bytes()));
    assert_eq!(o.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("warning: citizen.full_name: U+6F22"), "{stderr}");
    assert!(stderr.contains("valid"), "{stderr}");
}
