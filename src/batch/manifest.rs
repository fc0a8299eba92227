//! The manifest: one JSON object per render, appended as each finishes, so it is
//! complete up to the moment a run stops, however it stops. `--resume` reads it back.
//!
//! It is opened for appending, never truncated: two runs into one directory keep each
//! other's lines. Each line is written whole under an exclusive lock on the file
//! ([`File::lock`]), so concurrent runs cannot interleave. It is never opened through a
//! symbolic link and is never one of the input files (compared as files, not by name).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::InputId;
use crate::{Audience, VersionKind};

/// One line of the manifest.
#[derive(Debug, Serialize)]
pub struct Entry<'a> {
    /// The input's line number, or its file name.
    pub input: &'a InputId,
    /// SHA-256 of the input's text (line or file), so `--resume` notices a changed input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_sha256: Option<&'a str>,
    /// SHA-256 of the whole request: engine version, layout, audience, version kind and
    /// pages asked for, so `--resume` renders again what another request would change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_sha256: Option<&'a str>,
    /// Who the render was for, when the input said or the command line did.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "display")]
    pub audience: Option<Audience>,
    /// Current or historical, likewise.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "display")]
    pub version: Option<VersionKind>,
    /// The PDF's file name in the output directory; absent on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<&'a str>,
    /// SHA-256 of the PDF, hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<&'a str>,
    /// The PDF's pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    /// The PDF's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<usize>,
    /// `ok` or `error`.
    pub status: &'static str,
    /// What went wrong (JSON paths and reasons; never a CPR number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
    /// Characters drawn as a substitute: field path and code point each (the render
    /// succeeded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warnings: Option<&'a [String]>,
}

/// Writes `citizen`, `historical`: the words of the command line and the API.
fn display<T: std::fmt::Display, S: serde::Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.collect_str(v),
        None => serializer.serialize_none(),
    }
}

/// What `--resume` needs of an earlier entry.
#[derive(Deserialize)]
struct Done {
    status: String,
    output: Option<String>,
    sha256: Option<String>,
    input_sha256: Option<String>,
    request_sha256: Option<String>,
}

/// Renders an earlier run finished: a 128-bit digest of output name, input hash, request
/// hash and PDF hash per `ok` entry (16 bytes each, however large the entries).
#[derive(Default)]
pub struct Finished(HashSet<u128>);

/// What identifies one render: its file, the input's text, the whole request, the PDF.
#[derive(Debug, Clone, Copy)]
pub struct Render<'a> {
    /// The PDF's file name.
    pub output: &'a str,
    /// SHA-256 of the input's text.
    pub input_sha256: &'a str,
    /// SHA-256 of the request (see [`Entry::request_sha256`]).
    pub request_sha256: &'a str,
    /// SHA-256 of the PDF.
    pub sha256: &'a str,
}

impl Finished {
    /// Whether the manifest lists this render: the same output, from the same input for
    /// the same request, with the hash the file has now.
    pub fn contains(&self, render: Render) -> bool {
        self.0.contains(&key(render))
    }
}

fn key(r: Render) -> u128 {
    digest128(&[r.output, r.input_sha256, r.request_sha256, r.sha256])
}

/// The first 128 bits of the SHA-256 of `parts`, each followed by a NUL: a key that
/// stands for them in a set (a collision needs about 2^64 keys).
pub(super) fn digest128(parts: &[&str]) -> u128 {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    let mut first = [0; 16];
    first.copy_from_slice(&digest[..16]);
    u128::from_le_bytes(first)
}

/// The manifest file, open for appending from any thread.
pub struct Manifest(Mutex<File>);

/// Whether two metadata describe the same file.
pub(super) fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        a.len() == b.len()
            && a.modified().ok() == b.modified().ok()
            && a.is_file() == b.is_file()
    }
}

fn refuse(path: &Path, why: &str) -> io::Error {
    let name = crate::redact::line(&path.display().to_string());
    io::Error::other(format!("the manifest {name} {why}"))
}

impl Manifest {
    /// Opens the manifest at `path` for appending, creating it if missing: never through a
    /// symbolic link, never when it is one of `inputs` (the input files, as metadata). A
    /// last line cut short by a crash is dropped. With `resume`, also reads what earlier
    /// runs finished.
    pub fn open(
        path: &Path,
        inputs: &[std::fs::Metadata],
        resume: bool,
    ) -> io::Result<(Self, Finished)> {
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            if meta.file_type().is_symlink() {
                return Err(refuse(
                    path,
                    "is a symbolic link; nothing is written through it",
                ));
            }
            if !meta.is_file() {
                return Err(refuse(path, "is not a regular file"));
            }
        }
        let mut file =
            OpenOptions::new().read(true).append(true).create(true).open(path)?;
        let opened = file.metadata()?;
        // The name could have been swapped for a link between the look and the open.
        let now = std::fs::symlink_metadata(path)?;
        if now.file_type().is_symlink() || !same_file(&opened, &now) {
            return Err(refuse(path, "changed while it was opened"));
        }
        if inputs.iter().any(|input| same_file(input, &opened)) {
            return Err(refuse(path, "is an input file; it is never written"));
        }
        file.lock()?;
        let read = Self::read(&mut file, resume);
        file.unlock()?;
        let finished = read?;
        Ok((Self(Mutex::new(file)), finished))
    }

    /// Reads the complete lines (keeping what they finished when `resume`) and cuts a
    /// last line a crash left incomplete. Called with the lock held.
    fn read(file: &mut File, resume: bool) -> io::Result<Finished> {
        let mut finished = Finished::default();
        let len = file.metadata()?.len();
        if len == 0 {
            return Ok(finished);
        }
        if !resume {
            let mut last = [0];
            file.seek(SeekFrom::Start(len - 1))?;
            file.read_exact(&mut last)?;
            if last == *b"\n" {
                return Ok(finished);
            }
        }
        file.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::new(&mut *file);
        let mut line = Vec::new();
        let mut complete: u64 = 0;
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line)?;
            if n == 0 || line.last() != Some(&b'\n') {
                break;
            }
            complete += n as u64;
            if !resume {
                continue;
            }
            let Ok(done) = serde_json::from_slice::<Done>(&line) else { continue };
            if let (Some(output), Some(sha256), Some(input), Some(request)) =
                (done.output, done.sha256, done.input_sha256, done.request_sha256)
            {
                if done.status == "ok" {
                    finished.0.insert(key(Render {
                        output: &output,
                        input_sha256: &input,
                        request_sha256: &request,
                        sha256: &sha256,
                    }));
                }
            }
        }
        drop(reader);
        if complete < len {
            file.set_len(complete)?;
        }
        Ok(finished)
    }

    /// Appends one entry as one line, in one write, under the file's lock.
    pub fn append(&self, entry: &Entry) -> io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(io::Error::other)?;
        line.push(b'\n');
        let mut file = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        file.lock()?;
        let written = file.write_all(&line);
        let unlocked = file.unlock();
        written.and(unlocked)
    }
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_line_lists_its_warnings() {
        let warnings = ["plan.plan_description.text: U+6F22 '漢' has no glyph in the \
                         bundled fonts; drawn as \u{2B1A}"
            .to_owned()];
        let entry = Entry {
            input: &InputId::Line(1),
            input_sha256: None,
            request_sha256: None,
            audience: Some(Audience::Citizen),
            version: Some(VersionKind::Current),
            output: Some("a.pdf"),
            sha256: None,
            pages: Some(1),
            bytes: Some(4),
            status: "ok",
            error: None,
            warnings: Some(&warnings),
        };
        let line = serde_json::to_value(&entry).unwrap_or_default();
        assert_eq!(line["status"], "ok");
        assert_eq!(line["warnings"][0], warnings[0].as_str());
        let quiet =
            serde_json::to_value(Entry { warnings: None, ..entry }).unwrap_or_default();
        assert!(quiet.get("warnings").is_none());
    }

    #[test]
    fn resume_keeps_complete_lines_and_drops_a_cut_one() {
        let dir =
            std::env::temp_dir().join(format!("minplan-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let path = dir.join("manifest.jsonl");
        let (pdf, input) = (sha256_hex(b"%PDF"), sha256_hex(b"{}"));
        let ok = Entry {
            input: &InputId::Line(1),
            input_sha256: Some(&input),
            request_sha256: Some("r"),
            audience: Some(Audience::Citizen),
            version: Some(VersionKind::Current),
            output: Some("a.pdf"),
            sha256: Some(&pdf),
            pages: Some(1),
            bytes: Some(4),
            status: "ok",
            error: None,
            warnings: None,
        };
        let _ = std::fs::remove_file(&path);
        let (manifest, _) =
            Manifest::open(&path, &[], false).unwrap_or_else(|e| panic!("{e}"));
        manifest.append(&ok).unwrap_or_else(|e| panic!("{e}"));
        drop(manifest);
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        let whole = text.len();
        text.push_str("{\"input\": 2, \"out");
        std::fs::write(&path, &text).unwrap_or_default();

        let (manifest, finished) =
            Manifest::open(&path, &[], true).unwrap_or_else(|e| panic!("{e}"));
        let done = Render {
            output: "a.pdf",
            input_sha256: &input,
            request_sha256: "r",
            sha256: &pdf,
        };
        assert!(finished.contains(done));
        let other_pdf = sha256_hex(b"%PDF-other");
        assert!(!finished.contains(Render { sha256: &other_pdf, ..done }));
        let other_input = sha256_hex(b"{ }");
        assert!(!finished.contains(Render { input_sha256: &other_input, ..done }));
        assert!(!finished.contains(Render { request_sha256: "other layout", ..done }));
        manifest
            .append(&Entry { output: Some("b.pdf"), ..ok })
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text[whole..].starts_with("{\"input\":1,"), "{text}");
        assert!(text
            .lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
        std::fs::remove_dir_all(&dir).unwrap_or_default();
    }

    #[test]
    fn sha256_is_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
