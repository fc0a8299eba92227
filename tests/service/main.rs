//! The service's tests, one binary: what runs around the engine — the command line,
//! batch mode, the HTTP service and the packaging (deployment manifests, the library's
//! dependency graph). Run one module with `cargo test --profile ci --test service MOD::`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod batch;
mod cli;
mod packaging;
mod server;

/// `minplan` with `args`, run in the package's directory with `stdin` on its standard
/// input: its exit status and both outputs.
fn minplan(args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
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

/// `minplan serve` with `args`, started as a child with its log on a pipe: the child, the
/// address it says it listens on, and a thread that returns the whole log once it ends.
fn spawn_server(
    args: &[&str],
) -> (std::process::Child, String, std::thread::JoinHandle<String>) {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_minplan"))
        .arg("serve")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut log = String::new();
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line.clone());
            log.push_str(&line);
            log.push('\n');
        }
        log
    });
    let address = loop {
        let line = rx.recv_timeout(std::time::Duration::from_secs(20)).unwrap();
        if let Some(at) = line.split("address=").nth(1) {
            break at.split_whitespace().next().unwrap().to_owned();
        }
    };
    (child, address, reader)
}
