//! Packaging: the library embeds without the service and command-line stack; the
//! Kubernetes manifests in `deploy/` are valid for Kubernetes (`kubernetes-validate
//! --strict`, installed by `tests/setup.sh`) and consistent with the service, the command
//! line and the image they run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn deploy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy")
}

fn manifests() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(deploy_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 2, "deploy/ holds the service and the archive job");
    paths
}

fn python(args: &[&str]) -> Output {
    let out = Command::new("python3").args(args).output().expect("python3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named"),
        "a Python package is missing: run tests/setup.sh\n{stderr}"
    );
    out
}

fn kubernetes_validate(paths: &[PathBuf]) -> Output {
    let mut args = vec!["-m", "kubernetes_validate", "--strict", "--quiet"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    python(&args)
}

/// Every document of every manifest, as JSON.
fn documents() -> Vec<Value> {
    let script = "import json, sys, yaml\n\
                  print(json.dumps([d for f in sys.argv[1:] for d in yaml.safe_load_all(open(f))]))";
    let paths = manifests();
    let mut args = vec!["-c", script];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let out = python(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn find<'a>(docs: &'a [Value], kind: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind}"))
}

/// The value of `--name=value` in a container's args.
fn arg<'a>(container: &'a Value, name: &str) -> Option<&'a str> {
    let prefix = format!("--{name}=");
    container["args"]
        .as_array()?
        .iter()
        .find_map(|a| a.as_str()?.strip_prefix(&prefix))
}

#[test]
fn manifests_are_valid_kubernetes() {
    let out = kubernetes_validate(&manifests());
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The validator does reject a misspelt field: the check above is not vacuous.
    let service = std::fs::read_to_string(deploy_dir().join("service.yaml")).unwrap();
    let broken = service.replace("readinessProbe:", "readynessProbe:");
    assert_ne!(broken, service);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("broken-service.yaml");
    std::fs::write(&path, broken).unwrap();
    assert!(!kubernetes_validate(&[path]).status.success());
}

#[test]
fn the_service_probes_served_routes_and_runs_locked_down() {
    let docs = documents();
    let deployment = find(&docs, "Deployment");
    let pod = &deployment["spec"]["template"]["spec"];
    let container = &pod["containers"][0];
    let openapi = minplan::server::openapi(&serde_json::Value::Null);
    for (probe, path) in [("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")] {
        assert_eq!(container[probe]["httpGet"]["path"], path, "{probe}");
        assert!(openapi["paths"][path]["get"].is_object(), "{path} is served");
    }
    // Listens where the Service sends traffic.
    let listen = arg(container, "listen").unwrap();
    let port = container["ports"][0]["containerPort"].as_u64().unwrap();
    assert!(listen.ends_with(&format!(":{port}")), "{listen} vs {port}");
    let service = find(&docs, "Service");
    assert_eq!(service["spec"]["ports"][0]["targetPort"], container["ports"][0]["name"]);
    // One render slot per CPU of the limit.
    let cpus = container["resources"]["limits"]["cpu"].as_str().unwrap();
    assert_eq!(arg(container, "concurrency"), Some(cpus));
    // Non-root, as the image's USER, on a read-only root filesystem.
    let containerfile =
        std::fs::read_to_string(deploy_dir().join("Containerfile")).unwrap();
    let user = containerfile.lines().find_map(|l| l.strip_prefix("USER ")).unwrap();
    let uid: u64 = user.split(':').next().unwrap().parse().unwrap();
    assert_eq!(pod["securityContext"]["runAsUser"], uid);
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    assert_eq!(container["securityContext"]["readOnlyRootFilesystem"], true);
    // The autoscaler, the disruption budget and the Service all find the pods.
    let labels = &deployment["spec"]["template"]["metadata"]["labels"];
    let hpa = find(&docs, "HorizontalPodAutoscaler");
    assert_eq!(hpa["spec"]["scaleTargetRef"]["name"], deployment["metadata"]["name"]);
    assert_eq!(hpa["spec"]["metrics"][0]["resource"]["name"], "cpu");
    let pdb = find(&docs, "PodDisruptionBudget");
    for selector in
        [&pdb["spec"]["selector"]["matchLabels"], &service["spec"]["selector"]]
    {
        for (key, value) in selector.as_object().unwrap() {
            assert_eq!(&labels[key], value, "{key}");
        }
    }
}

#[test]
fn the_archive_job_has_one_shard_per_index() {
    let docs = documents();
    let job = find(&docs, "Job");
    assert_eq!(job["spec"]["completionMode"], "Indexed");
    let container = &job["spec"]["template"]["spec"]["containers"][0];
    let args: Vec<&str> = container["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(args[0], "batch");
    let shards: u64 = arg(container, "shards").unwrap().parse().unwrap();
    assert_eq!(job["spec"]["completions"], shards, "--shards is the number of indexes");
    assert!(args.contains(&"--resume"), "a retried index resumes");
    assert_eq!(container["securityContext"]["readOnlyRootFilesystem"], true);
    // The binary takes these arguments as they are, in pod 3 of the job, with the
    // volumes' paths replaced by local ones.
    let mounts = &container["volumeMounts"];
    let input_dir = mounts[0]["mountPath"].as_str().unwrap();
    let output_dir = mounts[1]["mountPath"].as_str().unwrap();
    let local = Path::new(env!("CARGO_TARGET_TMPDIR")).join("archive-job");
    let _ = std::fs::remove_dir_all(&local);
    std::fs::create_dir_all(local.join("input")).unwrap();
    let input = args[1].replace(input_dir, local.join("input").to_str().unwrap());
    std::fs::write(&input, "").unwrap();
    let output = local.join("output");
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace(input_dir, local.join("input").to_str().unwrap()))
        .map(|a| a.replace(output_dir, output.to_str().unwrap()))
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_minplan"))
        .args(&args)
        .env("JOB_COMPLETION_INDEX", "3")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(output.join(format!("manifest-3-of-{shards}.jsonl")).exists());
}

/// The crates a build of the library with these cargo arguments compiles (normal
/// dependencies, host platform), from the lock file and the local registry cache.
fn library_crates(features: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "--locked", "-e", "normal", "--prefix", "none"])
        .args(["--format", "{p}", "--manifest-path"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .args(features)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut crates: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    crates.sort();
    crates.dedup();
    crates
}

#[test]
fn the_library_embeds_without_the_service_and_command_line_stack() {
    let heavy = ["axum", "tokio", "clap", "indicatif", "tracing-subscriber", "mimalloc"];
    let core = library_crates(&["--no-default-features"]);
    assert!(core.contains(&"krilla".to_owned()), "{core:?}");
    for name in heavy {
        assert!(!core.iter().any(|c| c == name), "the library alone compiles {name}");
    }
    // sha2 is the core's: file names of ids that could be CPR numbers are digests.
    assert!(!core.iter().any(|c| c == "prometheus-client"), "{core:?}");
    // A render runs on the caller's thread: the thread pool is the batch's and the
    // service's.
    assert!(!core.iter().any(|c| c == "rayon" || c == "rayon-core"), "{core:?}");
    // The binary's build does take them: the check above is not vacuous.
    let full = library_crates(&[]);
    for name in heavy {
        assert!(full.iter().any(|c| c == name), "the binary's build lacks {name}");
    }
    // The fuzz target builds the core only.
    let fuzz = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/Cargo.toml"),
    )
    .unwrap();
    assert!(
        fuzz.contains(r#"minplan = { path = "..", default-features = false }"#),
        "{fuzz}"
    );
}

/// The layers of `src/lib.rs`'s crate docs (`# Layers`): each numbered line one layer,
/// its modules named in backticks before the first `:`. Returns module → layer number.
fn layers(lib: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let section = lib.lines().skip_while(|l| !l.starts_with("//! # Layers"));
    for line in section.skip(1).take_while(|l| l.starts_with("//!")) {
        let line = line.trim_start_matches("//!").trim();
        let Some((number, rest)) = line.split_once(". ") else { continue };
        let Ok(layer) = number.parse::<usize>() else { continue };
        let names = rest.split(':').next().unwrap_or("");
        for name in names.split('`').skip(1).step_by(2) {
            out.push((name.to_owned(), layer));
        }
    }
    out
}

/// The crate paths a source text names outside comments: `crate::model::…` gives
/// `model`, `crate::{Engine, Error}` gives `Engine` and `Error`.
fn crate_paths(source: &str) -> Vec<String> {
    let code: String = source
        .lines()
        .map(|l| l.split_once("//").map_or(l, |(code, _)| code))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let prefix = concat!("crate", "::");
    for (at, _) in code.match_indices(prefix) {
        if code[..at].ends_with('$')
            || code[..at].ends_with(|c: char| c.is_alphanumeric())
        {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => out.push(std::mem::take(&mut name)),
                    _ if depth == 0 => name.push(c),
                    _ => {}
                }
            }
            out.push(name);
        } else {
            out.push(rest.to_owned());
        }
    }
    out.iter()
        .map(|p| {
            let p = p.trim();
            let end = p
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(p.len());
            p[..end].to_owned()
        })
        .filter(|p| !p.is_empty() && p != "self")
        .collect()
}

/// Imports point down: a module of `src/` names, through `crate::`, only modules of the
/// layers listed before its own in the crate docs (`src/lib.rs`, `# Layers`); an item
/// of the crate root counts as the module it is re-exported from.
#[test]
fn every_import_points_down_the_layers_of_the_crate_docs() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let layers = layers(&lib);
    let layer = |module: &str| layers.iter().find(|(m, _)| m == module).map(|l| l.1);
    // The crate root's re-exports, `pub use module::{A, B}`: name → module.
    let mut reexports: Vec<(String, String)> = Vec::new();
    for line in lib.lines().filter(|l| l.starts_with("pub use ")) {
        let path = line.trim_start_matches("pub use ").trim_end_matches(';');
        let Some((module, names)) = path.split_once("::") else { continue };
        for name in names.trim_matches(|c| c == '{' || c == '}').split(',') {
            let name = name.rsplit("::").next().unwrap_or(name).trim();
            reexports.push((name.to_owned(), module.to_owned()));
        }
    }
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut upward = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_owned();
        if module == "main" {
            continue; // The command line: a crate of its own, using the public API.
        }
        let Some(own) = layer(&module) else {
            panic!("src/{} is in no layer of the crate docs", relative.display());
        };
        let source = std::fs::read_to_string(file).unwrap();
        for name in crate_paths(&source) {
            let target = match layer(&name) {
                Some(_) => name.clone(),
                None => reexports
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or_else(|| "lib".to_owned(), |(_, m)| m.clone()),
            };
            checked += 1;
            let Some(theirs) = layer(&target) else {
                panic!("src/{} names crate::{name}, in no layer", relative.display())
            };
            if target != module && theirs >= own {
                upward.push(format!(
                    "src/{} (layer {own}) uses crate::{name} ({target}, layer {theirs})",
                    relative.display()
                ));
            }
        }
    }
    assert!(layers.len() >= 10 && checked > 100, "{layers:?}, {checked} paths");
    assert!(upward.is_empty(), "imports that do not point down:\n{}", upward.join("\n"));
}
