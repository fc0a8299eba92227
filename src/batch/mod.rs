//! Batch rendering at archive scale: many plan versions, all cores, one PDF per input
//! and request, a manifest of everything done, resumable and splittable.
//!
//! Input is NDJSON (one plan version per line, or an envelope
//! `{"audience": …, "version": …, "signature": …, "acknowledgement": …, "input": {plan version}}`) or a
//! directory of JSON files. It streams through in chunks: each chunk is parsed and
//! validated in parallel, named in input order (so names are deterministic), then
//! rendered and written in parallel; nothing of a chunk is kept after it. Memory is
//! bounded by the chunk, not by the input: the only thing that grows is 16 bytes per
//! file name given (to number repeated names) and, with `--resume`, 16 bytes per entry
//! of the old manifest.
//!
//! Each PDF is written to a hidden temporary name unique to the process
//! (`.NAME.PID-N.tmp`, created exclusively, so never through a symbolic link) and renamed
//! when complete, only over a regular file or nothing and never over an input file, so a
//! crash never leaves a partial file under a final name; then its manifest line is
//! appended ([`manifest`]). A bad input, or a render that panics, fails that input only;
//! so does a file of a directory that cannot be read.

mod input;
mod manifest;
mod requests;
mod shard;

use std::collections::HashMap;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rayon::prelude::*;
use requests::{probe_id, requests};

pub use input::{directory, ndjson, Directory, InputId, Ndjson, Source};
pub use manifest::{sha256_hex, Entry, Finished, Manifest, Render};
pub use shard::Shard;

use crate::model::PlanVersion;
use crate::visibility::{Audience, Request, VersionKind};
use crate::{Engine, Error};

/// Inputs handled per chunk, at most.
const CHUNK: usize = 256;
/// Bytes of input text per chunk, at most (inputs may be up to the size limit each).
const CHUNK_BYTES: usize = 16 << 20;

/// What the command line asks for when an input does not say.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// Audiences to render each plain plan version for.
    pub audiences: Vec<Audience>,
    /// Version kinds to render each plain plan version for.
    pub versions: Vec<VersionKind>,
    /// Add signature lines.
    pub signature: bool,
    /// Add the acknowledgement page (kvittering).
    pub acknowledgement: bool,
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    /// Requests for inputs that do not carry their own.
    pub defaults: Defaults,
    /// Where the PDFs go (must exist).
    pub out_dir: PathBuf,
    /// The manifest file (JSON lines).
    pub manifest: PathBuf,
    /// Go on from the manifest of an earlier run: skip each render it lists whose file
    /// is still there with the hash it lists, for the same input.
    pub resume: bool,
    /// This process's share of the input.
    pub shard: Shard,
    /// The input file or directory: neither the manifest nor a PDF is ever written over
    /// it or a file in it (compared as files, so a link or another name for it counts).
    pub input: Option<PathBuf>,
}

/// A PDF written.
#[derive(Debug, Clone)]
pub struct Written {
    /// Its file name in the output directory.
    pub file_name: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Pages.
    pub pages: usize,
    /// Size in bytes.
    pub bytes: usize,
    /// Characters drawn as a substitute (field path and code point each).
    pub warnings: Arc<[String]>,
}

/// How one render (or an input that yields none) ended.
#[derive(Debug)]
pub enum Status {
    /// Rendered and written.
    Rendered(Written),
    /// Already done by an earlier run (`--resume`): the file name.
    Resumed(String),
    /// Not rendered, and why.
    Failed(Error),
}

/// The result of one render.
#[derive(Debug)]
pub struct Outcome {
    /// Which input.
    pub input: InputId,
    /// For whom, when known (a line that does not parse has no request).
    pub request: Option<Request>,
    /// What happened.
    pub status: Status,
}

/// Counts of a whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// PDFs written.
    pub rendered: u64,
    /// Renders skipped because an earlier run did them (`--resume`).
    pub resumed: u64,
    /// Renders or inputs that failed.
    pub failed: u64,
}

/// What a batch renders with: the [`Engine`], or a stand-in in tests.
pub trait Renderer: Sync {
    /// Parses and checks a plan version.
    fn validate(&self, json: &str) -> Result<PlanVersion, Error>;
    /// Parses and checks a plan version, with the warnings of characters that will be
    /// drawn as a substitute ([`crate::coverage::Warning`], as text).
    fn check(&self, json: &str) -> Result<(PlanVersion, Vec<String>), Error> {
        self.validate(json).map(|plan| (plan, Vec::new()))
    }
    /// Renders a checked plan version: the PDF and its number of pages.
    fn render(
        &self,
        plan: &PlanVersion,
        request: Request,
    ) -> Result<(Vec<u8>, usize), Error>;
    /// What besides the input and the request decides the PDF's bytes (engine version
    /// and layout), for `--resume`.
    fn fingerprint(&self) -> String {
        String::new()
    }
}

impl Renderer for Engine {
    fn validate(&self, json: &str) -> Result<PlanVersion, Error> {
        Engine::validate(self, json)
    }

    fn check(&self, json: &str) -> Result<(PlanVersion, Vec<String>), Error> {
        let (plan, warnings) = Engine::check(self, json)?;
        Ok((plan, warnings.iter().map(ToString::to_string).collect()))
    }

    fn render(
        &self,
        plan: &PlanVersion,
        request: Request,
    ) -> Result<(Vec<u8>, usize), Error> {
        let (_, laid) = self.layout_plan(plan, request)?;
        Ok((self.write_pdf(&laid)?, laid.pages.len()))
    }

    fn fingerprint(&self) -> String {
        format!("minplan {} layout {}", env!("CARGO_PKG_VERSION"), self.style().digest())
    }
}

/// Renders every source of this shard into `options.out_dir`, appending to the manifest
/// as renders finish; `report` sees each outcome as it happens (for messages and a
/// progress bar). Stops early only if the manifest or the input cannot be read or
/// written.
pub fn run(
    renderer: &(impl Renderer + ?Sized),
    sources: impl Iterator<Item = io::Result<Source>>,
    options: &Options,
    report: &(dyn Fn(&Outcome) + Sync),
) -> io::Result<Summary> {
    remove_stale_temporaries(&options.out_dir);
    let inputs = input_files(options.input.as_deref());
    let (manifest, finished) =
        Manifest::open(&options.manifest, &inputs, options.resume)?;
    let batch = Batch {
        renderer,
        options,
        manifest,
        finished,
        inputs,
        fingerprint: renderer.fingerprint(),
        temporary: AtomicU64::new(0),
        report,
        rendered: AtomicU64::new(0),
        resumed: AtomicU64::new(0),
        failed: AtomicU64::new(0),
    };
    let mut names = Names::default();
    let mut chunk = Vec::new();
    let mut bytes = 0;
    for source in sources {
        let source = source?;
        bytes += source.len();
        chunk.push(source);
        if chunk.len() >= CHUNK || bytes >= CHUNK_BYTES {
            batch.chunk(std::mem::take(&mut chunk), &mut names)?;
            bytes = 0;
        }
    }
    batch.chunk(chunk, &mut names)?;
    Ok(Summary {
        rendered: batch.rendered.into_inner(),
        resumed: batch.resumed.into_inner(),
        failed: batch.failed.into_inner(),
    })
}

/// Removes the temporary files (`.NAME.PID-N.tmp`) of runs that were killed: those whose
/// process is gone. Another run's files, while it runs, are left alone. Where there is no
/// `/proc` to ask, nothing is removed.
fn remove_stale_temporaries(out_dir: &std::path::Path) {
    let proc = std::path::Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(out_dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(stem) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some((_, tag)) = stem.rsplit_once('.') else { continue };
        let Some((pid, n)) = tag.split_once('-') else { continue };
        let numeric = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if numeric(pid) && numeric(n) && !proc.join(pid).exists() {
            // A link is removed itself, never followed.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The input file, or the files of the input directory, as metadata (followed through
/// links): what no output may be written over.
fn input_files(input: Option<&std::path::Path>) -> Vec<std::fs::Metadata> {
    let Some(input) = input else { return Vec::new() };
    let Ok(meta) = std::fs::metadata(input) else { return Vec::new() };
    if !meta.is_dir() {
        return vec![meta];
    }
    std::fs::read_dir(input)
        .map(|entries| {
            entries
                .filter_map(|e| std::fs::metadata(e.ok()?.path()).ok())
                .filter(std::fs::Metadata::is_file)
                .collect()
        })
        .unwrap_or_default()
}

/// A run in progress.
struct Batch<'a, R: ?Sized> {
    renderer: &'a R,
    options: &'a Options,
    manifest: Manifest,
    finished: Finished,
    inputs: Vec<std::fs::Metadata>,
    /// [`Renderer::fingerprint`].
    fingerprint: String,
    /// Temporary files made so far (for unique names).
    temporary: AtomicU64,
    report: &'a (dyn Fn(&Outcome) + Sync),
    rendered: AtomicU64,
    resumed: AtomicU64,
    failed: AtomicU64,
}

/// A validated render, ready to go.
struct Job {
    input: InputId,
    input_sha256: Arc<str>,
    request_sha256: String,
    plan: Arc<PlanVersion>,
    warnings: Arc<[String]>,
    request: Request,
}

/// What one source turned into.
enum Prepared {
    /// Another shard's.
    NotMine,
    /// Renders to do, or why each cannot be done.
    Jobs(Vec<Result<Job, Outcome>>),
}

impl<R: Renderer + ?Sized> Batch<'_, R> {
    fn chunk(&self, sources: Vec<Source>, names: &mut Names) -> io::Result<()> {
        let prepared: Vec<Prepared> =
            sources.into_par_iter().map(|source| self.prepare(source)).collect();
        // Name in input order, so names do not depend on thread timing.
        let mut jobs = Vec::new();
        for prepared in prepared {
            let Prepared::Jobs(list) = prepared else { continue };
            for job in list {
                match job {
                    Ok(job) => {
                        let name = names.unique(crate::file_name(&job.plan, job.request));
                        jobs.push((job, name));
                    }
                    Err(outcome) => self.finish(&outcome, None)?,
                }
            }
        }
        jobs.into_par_iter().try_for_each(|(job, name)| {
            let outcome = self.render(&job, name);
            self.finish(&outcome, Some((&job.input_sha256, &job.request_sha256)))
        })
    }

    /// Parses and validates one source into its renders, if it is this shard's. A panic
    /// fails the source, not the run.
    fn prepare(&self, source: Source) -> Prepared {
        let id = source.id.clone();
        catch_unwind(AssertUnwindSafe(|| self.prepare_source(source))).unwrap_or_else(
            |_| {
                Prepared::Jobs(vec![Err(Outcome {
                    input: id,
                    request: None,
                    status: Status::Failed(internal("validating this input panicked")),
                })])
            },
        )
    }

    fn prepare_source(&self, source: Source) -> Prepared {
        let Source { id, position, text } = source;
        let shard = self.options.shard;
        let fail = |request, e| {
            Err(Outcome { input: id.clone(), request, status: Status::Failed(e) })
        };
        let text = match text {
            Ok(text) => text,
            Err(e) if shard.owns(None, position) => {
                return Prepared::Jobs(vec![fail(None, e)])
            }
            Err(_) => return Prepared::NotMine,
        };
        if !shard.is_all() && !shard.owns(probe_id(&text).as_deref(), position) {
            return Prepared::NotMine;
        }
        let (json, requests) = match requests(&text, &self.options.defaults) {
            Ok(found) => found,
            Err(e) => return Prepared::Jobs(vec![fail(None, e)]),
        };
        let (plan, warnings) = match self.renderer.check(json) {
            Ok((plan, warnings)) => (Arc::new(plan), Arc::<[String]>::from(warnings)),
            Err(e) => {
                let request = match requests.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                };
                return Prepared::Jobs(vec![fail(request, e)]);
            }
        };
        let input_sha256: Arc<str> = sha256_hex(text.as_bytes()).into();
        let jobs = requests
            .into_iter()
            .map(|request| match request.check() {
                Ok(()) => Ok(Job {
                    input: id.clone(),
                    input_sha256: input_sha256.clone(),
                    request_sha256: self.request_sha256(request),
                    plan: plan.clone(),
                    warnings: warnings.clone(),
                    request,
                }),
                Err(d) => fail(Some(request), Error::Invalid(vec![d])),
            })
            .collect();
        Prepared::Jobs(jobs)
    }

    /// SHA-256 of everything that decides a render's bytes besides the input's text.
    fn request_sha256(&self, r: Request) -> String {
        sha256_hex(
            format!(
                "{}\0{}\0{}\0{}\0{}",
                self.fingerprint,
                r.audience,
                r.version_kind,
                r.signature,
                r.acknowledgement
            )
            .as_bytes(),
        )
    }

    /// Why `path` may not be replaced by a PDF, if it may not: it is a link or anything
    /// but a regular file, or it is an input file.
    fn unwritable(&self, path: &std::path::Path) -> Option<&'static str> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if meta.file_type().is_symlink() {
            return Some("is a symbolic link; nothing is written through it");
        }
        if !meta.is_file() {
            return Some("is not a regular file");
        }
        if self.inputs.iter().any(|input| manifest::same_file(input, &meta)) {
            return Some("is an input file");
        }
        None
    }

    /// Writes `pdf` to `path` through a new temporary file of this process.
    fn write(&self, path: &std::path::Path, name: &str, pdf: &[u8]) -> io::Result<()> {
        use std::io::Write as _;
        let n = self.temporary.fetch_add(1, Ordering::Relaxed);
        let temporary = self
            .options
            .out_dir
            .join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .and_then(|mut file| file.write_all(pdf));
        let renamed = written.and_then(|()| match self.unwritable(path) {
            Some(why) => Err(io::Error::other(format!("the output {why}"))),
            None => std::fs::rename(&temporary, path),
        });
        if renamed.is_err() {
            // Only a file this call created: `create_new` never opened an existing one.
            if std::fs::symlink_metadata(&temporary).is_ok_and(|m| m.is_file()) {
                let _ = std::fs::remove_file(&temporary);
            }
        }
        renamed
    }

    /// Renders one job to its file, unless `--resume` finds it done.
    fn render(&self, job: &Job, name: String) -> Outcome {
        let path = self.options.out_dir.join(&name);
        let outcome = |status| Outcome {
            input: job.input.clone(),
            request: Some(job.request),
            status,
        };
        if self.options.resume && self.unwritable(&path).is_none() {
            let done = std::fs::read(&path).is_ok_and(|pdf| {
                self.finished.contains(Render {
                    output: &name,
                    input_sha256: &job.input_sha256,
                    request_sha256: &job.request_sha256,
                    sha256: &sha256_hex(&pdf),
                })
            });
            if done {
                return outcome(Status::Resumed(name));
            }
        }
        let rendered = catch_unwind(AssertUnwindSafe(|| {
            self.renderer.render(&job.plan, job.request)
        }));
        let (pdf, pages) = match rendered {
            Ok(Ok(done)) => done,
            Ok(Err(e)) => return outcome(Status::Failed(e)),
            Err(_) => return outcome(Status::Failed(internal("the render panicked"))),
        };
        if let Err(e) = self.write(&path, &name, &pdf) {
            return outcome(Status::Failed(Error::Io { path: name.into(), source: e }));
        }
        outcome(Status::Rendered(Written {
            sha256: sha256_hex(&pdf),
            pages,
            bytes: pdf.len(),
            file_name: name,
            warnings: job.warnings.clone(),
        }))
    }

    /// Records an outcome: counts it, appends its manifest line (a resumed render has
    /// its line already) and reports it.
    fn finish(&self, outcome: &Outcome, hashes: Option<(&str, &str)>) -> io::Result<()> {
        let mut entry = Entry {
            input: &outcome.input,
            input_sha256: hashes.map(|h| h.0),
            request_sha256: hashes.map(|h| h.1),
            audience: outcome.request.map(|r| r.audience),
            version: outcome.request.map(|r| r.version_kind),
            output: None,
            sha256: None,
            pages: None,
            bytes: None,
            status: "ok",
            error: None,
            warnings: None,
        };
        let message;
        match &outcome.status {
            Status::Rendered(w) => {
                self.rendered.fetch_add(1, Ordering::Relaxed);
                entry.output = Some(&w.file_name);
                entry.sha256 = Some(&w.sha256);
                entry.pages = Some(w.pages);
                entry.bytes = Some(w.bytes);
                entry.warnings = Some(&w.warnings[..]).filter(|w| !w.is_empty());
                self.manifest.append(&entry)?;
            }
            Status::Resumed(_) => {
                self.resumed.fetch_add(1, Ordering::Relaxed);
            }
            Status::Failed(e) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                // Engine messages name paths, never values; the one redaction of every
                // output channel again here, as the manifest outlives the run.
                message = crate::redact::line(&crate::error::chain(e));
                entry.status = "error";
                entry.error = Some(&message);
                self.manifest.append(&entry)?;
            }
        }
        (self.report)(outcome);
        Ok(())
    }
}

/// A caught panic: its location (if minplan's hook recorded one), never its message.
fn internal(_what: &str) -> Error {
    Error::Panic { location: crate::panic::last_location() }
}

/// File names given so far, to number repeats (`-2`, `-3`, … in input order). Holds a
/// 128-bit digest per name, not the name.
#[derive(Default)]
struct Names(HashMap<u128, u32>);

impl Names {
    /// The name, or the name with `-2`, `-3`, … if earlier inputs already took it. A
    /// numbered name cannot collide with another input's name: names from
    /// [`crate::file_name`] never end in a digit.
    fn unique(&mut self, name: String) -> String {
        let seen = self.0.entry(manifest::digest128(&[&name])).or_insert(0);
        *seen += 1;
        if *seen == 1 {
            return name;
        }
        format!("{}-{seen}.pdf", name.trim_end_matches(".pdf"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_get_a_number_in_order() {
        let mut names = Names::default();
        assert_eq!(names.unique("a.pdf".into()), "a.pdf");
        assert_eq!(names.unique("b.pdf".into()), "b.pdf");
        assert_eq!(names.unique("a.pdf".into()), "a-2.pdf");
        assert_eq!(names.unique("a.pdf".into()), "a-3.pdf");
    }
}
