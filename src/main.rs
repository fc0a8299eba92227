//! The `minplan` command line: render, validate and inspect plan versions.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use minplan::style::Style;
use minplan::{Audience, Engine, Error, Request, VersionKind};

/// The binary's allocator: rendering allocates many small objects (glyph runs, PDF
/// objects); mimalloc renders the reference document 5–20 % faster than glibc's malloc
/// (README, Dependencies).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Renders Danish employment-service plans ("Min plan", "Min plan – integrationskontrakt")
/// to tagged, archivable PDF (PDF/UA-1, PDF/A-2a).
///
/// Exit status: 0 success, 1 invalid input (each problem is printed with its JSON path
/// and line:column), 2 usage or I/O error, 3 internal error.
#[derive(Parser)]
#[command(name = "minplan", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render a plan version to PDF for one audience and version kind.
    ///
    /// What the PDF shows follows the visibility matrix (SPEC section 4): the a-kasse never
    /// sees the integration contract, historical versions carry no CV, and so on.
    Render {
        #[command(flatten)]
        target: Target,
        /// Where to write the PDF; `-` for standard output.
        #[arg(short, long, value_name = "OUT.pdf")]
        output: PathBuf,
    },
    /// Check a plan version without rendering it; prints every problem found.
    Validate {
        /// The plan-version JSON; `-` for standard input.
        #[arg(value_name = "INPUT.json")]
        input: PathBuf,
    },
    /// Print the laid-out pages as readable text (page, position, font, role, text).
    Layout {
        #[command(flatten)]
        target: Target,
    },
    /// Serve the HTTP render service: POST /v1/render, POST /v1/validate, GET /healthz,
    /// /readyz, /openapi.json, /schema/plan-version.json.
    ///
    /// Renders run on a pool of one thread per core (--concurrency slots, --queue waiting);
    /// beyond that the service answers 503 with Retry-After. Errors are
    /// application/problem+json. Logs (stderr) carry request id, route, audience, version,
    /// status, duration and size, never plan content. SIGTERM or Ctrl-C stops accepting
    /// connections and lets requests in flight finish.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
        listen: String,
        /// Largest accepted body in bytes (413 beyond).
        #[arg(long, default_value_t = 2 * 1024 * 1024, value_name = "BYTES")]
        max_body: usize,
        /// Renders at once (default: one per core).
        #[arg(long, value_name = "N")]
        concurrency: Option<usize>,
        /// Requests that may wait for a render slot before 503 (default: 4 per slot).
        #[arg(long, value_name = "N")]
        queue: Option<usize>,
        /// Seconds a client has to send its body (408 beyond).
        #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = seconds)]
        body_timeout: f64,
        /// Seconds a client has to send a request's head (line and headers); then the
        /// connection is closed.
        #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = seconds)]
        header_timeout: f64,
        /// Seconds a shutdown (SIGTERM, Ctrl-C) may take: renders in flight finish, then
        /// every connection is closed. Keep it below the pod's grace period (30 s in
        /// deploy/service.yaml).
        #[arg(long, default_value_t = 25.0, value_name = "SECONDS", value_parser = seconds)]
        shutdown_timeout: f64,
        /// Log level: error, warn, info (one line per request) or debug.
        #[arg(long, default_value = "info", value_name = "LEVEL")]
        log_level: String,
        /// A layout: a built-in name (default, large-print) or a file path.
        #[arg(long, value_name = "NAME|FILE")]
        layout: Option<String>,
    },
    /// Print the composed document as JSON: what the PDF says for this audience and
    /// version kind (headings, paragraphs, tables, in reading order), before layout.
    ///
    /// Hidden content is already gone here. `bench/compare.sh` feeds this to Typst so
    /// both engines set exactly the same content.
    Compose {
        #[command(flatten)]
        target: Target,
    },
    /// Render many plan versions in parallel on all cores, one PDF per input and request.
    ///
    /// INPUT is an NDJSON file (`-` for standard input) with one plan version per line, or
    /// one envelope per line: {"audience": "…", "version": "…", "signature": false,
    /// "acknowledgement": false,
    /// "input": {…plan version…}}; or a directory of *.json plan versions. Plain plan
    /// versions are rendered for every --audience × --version given. Files are named
    /// <plan version id>-v<number>-<audience>-<version>.pdf (never by CPR number). A bad
    /// input is reported with its line number or file name and does not stop the others;
    /// the exit status is 1 if any failed.
    ///
    /// The input is streamed (memory does not grow with it). Each PDF is written under a
    /// temporary name and renamed when complete; the manifest (JSON lines: input, output,
    /// sha256, pages, bytes, status, error) is appended as renders finish, so a run
    /// stopped in any way can go on with --resume.
    Batch {
        /// NDJSON file, `-` for standard input, or a directory of JSON files.
        #[arg(value_name = "INPUT")]
        input: PathBuf,
        /// Directory for the PDFs (created if missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Audiences for plain plan versions, comma-separated.
        #[arg(long, value_enum, value_delimiter = ',')]
        audience: Vec<Audience>,
        /// Version kinds for plain plan versions, comma-separated.
        #[arg(long = "version", value_enum, value_delimiter = ',', value_name = "KIND")]
        version_kind: Vec<VersionKind>,
        /// Add the signature page (see `minplan render --help`).
        #[arg(long)]
        signature: bool,
        /// Add the acknowledgement page, kvittering (see `minplan render --help`).
        #[arg(long)]
        acknowledgement: bool,
        /// Worker threads (default: one per core).
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<usize>,
        /// A layout: a built-in name (default, large-print) or a file path.
        #[arg(long, value_name = "NAME|FILE")]
        layout: Option<String>,
        /// The manifest [default: OUTDIR/manifest.jsonl, or OUTDIR/manifest-I-of-N.jsonl
        /// for a shard].
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
        /// Go on from an earlier run: skip each render the manifest lists whose file is
        /// still there with the listed SHA-256, for the same input.
        #[arg(long)]
        resume: bool,
        /// Render only shard I of N (0 <= I < N). Inputs are split by plan version id:
        /// the N shards cover every input exactly once and name files as one run would.
        #[arg(long, value_name = "I/N", conflicts_with = "shards")]
        shard: Option<minplan::batch::Shard>,
        /// Split the input into N shards and render the one JOB_COMPLETION_INDEX names
        /// (a Kubernetes Indexed Job with N completions).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        shards: Option<u64>,
    },
    /// Print a readable dump of a minplan PDF, read back from the file: metadata, outline,
    /// and per page the text lines in reading order with their structure role, links with
    /// their targets, and artifacts (running header, footer) marked as such.
    ///
    /// The dump is stable (no coordinates, no bytes): it is the artifact a golden-file
    /// suite snapshots and reviews as text (README, Golden-file tests).
    Inspect {
        /// The PDF; `-` for standard input.
        #[arg(value_name = "FILE.pdf")]
        input: PathBuf,
        /// Where to write the dump [default: standard output].
        #[arg(short, long, value_name = "OUT.txt", default_value = "-")]
        output: PathBuf,
    },
    /// Compare two PDFs: exit 0 when identical; otherwise exit 1 with a summary — whether
    /// the text changed or only positions and breaks ("layout only"), which pages changed,
    /// metadata changes — then the unified diff of the two dumps (see `inspect`).
    ///
    /// Exit status 2 when a file cannot be read. Works on PDFs from different minplan
    /// versions.
    Diff {
        /// The old PDF (the golden file).
        #[arg(value_name = "OLD.pdf")]
        old: PathBuf,
        /// The new PDF.
        #[arg(value_name = "NEW.pdf")]
        new: PathBuf,
        /// Lines of context around each change in the diff of the dumps.
        #[arg(long, default_value_t = 3, value_name = "LINES")]
        context: usize,
        /// Print the summary only (verdict, pages, metadata), not the diff of the dumps.
        #[arg(long)]
        summary: bool,
    },
}

#[derive(clap::Args)]
struct Target {
    /// The plan-version JSON; `-` for standard input.
    #[arg(value_name = "INPUT.json")]
    input: PathBuf,
    /// Who the PDF is for.
    #[arg(long, value_enum)]
    audience: Audience,
    /// Which version of the plan this is.
    #[arg(long = "version", value_enum, value_name = "KIND")]
    version_kind: VersionKind,
    /// Add the signature page: lines for citizen and municipality. Only for the first,
    /// not yet signed version of an open integration contract, jobcenter, current version.
    #[arg(long)]
    signature: bool,
    /// Add the acknowledgement page (kvittering), where the citizen confirms having
    /// received and read this version. Citizen or jobcenter, current version, not yet
    /// acknowledged; later versions of a contract are acknowledged, not signed.
    #[arg(long)]
    acknowledgement: bool,
    /// A layout: a built-in name (default, large-print) or a file path.
    #[arg(long, value_name = "NAME|FILE")]
    layout: Option<String>,
}

/// A failure and the exit status it maps to.
#[derive(Debug)]
enum Failure {
    /// An engine error: its kind decides the exit status ([`Error::exit_code`]).
    Engine(Error),
    /// A usage or I/O problem; exit 2.
    Usage(String),
    /// A bug; exit 3.
    Internal(String),
    /// Already reported (batch failures); exit 1.
    Reported,
}

impl Failure {
    /// The exit status (the contract in `minplan --help`): an engine error's own
    /// ([`Error::exit_code`]), 2 for usage and I/O, 3 for a bug, 1 for failures already
    /// reported.
    fn exit_code(&self) -> u8 {
        match self {
            Failure::Engine(e) => e.exit_code(),
            Failure::Usage(_) => 2,
            Failure::Internal(_) => 3,
            Failure::Reported => 1,
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Engine(e)
    }
}

fn main() -> ExitCode {
    // A panic is a bug: its message may quote the input, so only its location is kept
    // (minplan::panic), and it is reported below as an internal error, exit 3.
    minplan::panic::install_hook(|_| {});
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let outcome = match minplan::panic::catch(|| Ok(run(cli.command))) {
        Ok(outcome) => outcome,
        Err(e) => Err(Failure::Engine(e)),
    };
    let (code, lines) = report(outcome);
    for line in lines {
        // Every line to standard error passes the one redaction (SPEC section 5).
        eprintln!("{}", minplan::redact::line(&line));
    }
    ExitCode::from(code)
}

/// Prints a command-line error without the value given (it may be a CPR number typed
/// into the wrong flag): which flag, and what it takes. Help and version as clap prints
/// them.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) => Some(list.join(", ")),
        _ => None,
    };
    let flag = context(ContextKind::InvalidArg).unwrap_or_else(|| "an argument".into());
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
        ErrorKind::InvalidValue => match context(ContextKind::ValidValue) {
            Some(valid) => {
                format!("invalid value for '{flag}' (expected one of: {valid})")
            }
            None => format!("invalid value for '{flag}'"),
        },
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(ToString::to_string);
            format!("invalid value for '{flag}': {}", why.unwrap_or_default())
        }
        _ => e.render().to_string().lines().next().unwrap_or_default().to_owned(),
    };
    let message = message.trim_start_matches("error: ");
    eprintln!("error: {}", minplan::redact::line(message));
    eprintln!("For more information, try '--help'.");
    ExitCode::from(2)
}

/// A number of seconds for a flag: finite, above 0, at most an hour. The message names
/// the rule, not the value.
fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 3600.0 => Ok(s),
        _ => Err("expected a number of seconds above 0 and at most 3600".into()),
    }
}

/// The exit status and the lines to print for the outcome of a command.
fn report(outcome: Result<(), Failure>) -> (u8, Vec<String>) {
    let internal = |what: String| {
        let what = what.trim_start_matches("internal error: ").to_owned();
        format!("error: internal error: {what} (a bug in minplan, not in the input; please report it)")
    };
    let Err(failure) = outcome else { return (0, Vec::new()) };
    let lines = match &failure {
        Failure::Engine(Error::Invalid(list)) => {
            list.iter().map(|d| format!("error: {d}")).collect()
        }
        Failure::Engine(e) if e.is_internal() => vec![internal(minplan::error::chain(e))],
        Failure::Engine(e) => vec![format!("error: {}", minplan::error::chain(e))],
        Failure::Reported => Vec::new(),
        Failure::Usage(m) => vec![format!("error: {m}")],
        Failure::Internal(m) => vec![internal(m.clone())],
    };
    (failure.exit_code(), lines)
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Render { target, output } => {
            let (engine, json, request) = prepare(&target)?;
            let (pdf, warnings) = engine.render_with_warnings(&json, request)?;
            warnings.iter().for_each(|w| eprintln!("warning: {w}"));
            write_output(&output, &pdf)
        }
        Command::Validate { input } => {
            let json = read_input(&input)?;
            let engine = Engine::new(Style::default_layout()?)?;
            let (_, warnings) = engine.check(&json)?;
            warnings.iter().for_each(|w| eprintln!("warning: {w}"));
            eprintln!("{}: valid", minplan::redact::line(&input.display().to_string()));
            Ok(())
        }
        Command::Batch {
            input,
            output,
            audience,
            version_kind,
            signature,
            acknowledgement,
            jobs,
            layout,
            manifest,
            resume,
            shard,
            shards,
        } => {
            let shard = match (shard, shards) {
                (Some(shard), _) => shard,
                (None, Some(n)) => {
                    minplan::batch::Shard::from_job_index(n).map_err(Failure::Usage)?
                }
                (None, None) => minplan::batch::Shard::ALL,
            };
            batch(BatchArgs {
                input,
                output,
                audiences: audience,
                versions: version_kind,
                signature,
                acknowledgement,
                jobs,
                layout,
                manifest,
                resume,
                shard,
            })
        }
        Command::Serve {
            listen,
            max_body,
            concurrency,
            queue,
            body_timeout,
            header_timeout,
            shutdown_timeout,
            log_level,
            layout,
        } => {
            let mut config = minplan::server::Config { max_body, ..Default::default() };
            if let Some(n) = concurrency {
                config.concurrency = n.max(1);
                config.queue = 4 * config.concurrency;
            }
            if let Some(n) = queue {
                config.queue = n;
            }
            // Each checked by `seconds`: finite, above 0.
            config.body_timeout = std::time::Duration::from_secs_f64(body_timeout);
            config.header_timeout = std::time::Duration::from_secs_f64(header_timeout);
            config.shutdown_timeout =
                std::time::Duration::from_secs_f64(shutdown_timeout);
            serve(&listen, config, &log_level, layout.as_deref())
        }
        Command::Compose { target } => {
            let (engine, json, request) = prepare(&target)?;
            let (doc, _) = engine.layout(&json, request)?;
            let mut text = serde_json::to_string_pretty(&doc)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            text.push('\n');
            write_output(Path::new("-"), text.as_bytes())
        }
        Command::Layout { target } => {
            let (engine, json, request) = prepare(&target)?;
            let (_, laid) = engine.layout(&json, request)?;
            write_output(Path::new("-"), laid.dump().as_bytes())
        }
        Command::Inspect { input, output } => {
            let pdf = read_bytes(&input)?;
            let inspection = minplan::inspect::inspect(&pdf)
                .map_err(|e| Failure::Usage(format!("{}: {e}", shown(&input))))?;
            write_output(&output, inspection.dump().as_bytes())
        }
        Command::Diff { old, new, context, summary } => {
            let (a, b) = (read_bytes(&old)?, read_bytes(&new)?);
            let comparison = minplan::inspect::compare(&a, &b).map_err(|e| {
                Failure::Usage(format!("{} or {}: {e}", shown(&old), shown(&new)))
            })?;
            let report = if summary {
                comparison.summary()
            } else {
                comparison.report(&shown(&old), &shown(&new), context)
            };
            write_output(Path::new("-"), report.as_bytes())?;
            if comparison.identical() {
                Ok(())
            } else {
                Err(Failure::Reported)
            }
        }
    }
}

/// Runs a batch: streams the inputs, renders in parallel with a progress bar on a
/// terminal, prints failures as they happen and a summary.
fn batch(args: BatchArgs) -> Result<(), Failure> {
    use minplan::batch::{Options, Outcome, Status};
    let BatchArgs {
        input,
        output,
        audiences,
        versions,
        signature,
        acknowledgement,
        jobs,
        layout,
        ..
    } = args;
    if let Some(n) = jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| Failure::Internal(e.to_string()))?;
    }
    // A panic fails one input (reported with it); its message may quote input text, so
    // only its place is printed (minplan::panic).
    minplan::panic::install_hook(|at| eprintln!("error: internal: panicked at {at}"));
    let engine = Engine::new(load_layout(layout.as_deref())?)?;
    std::fs::create_dir_all(&output).map_err(|e| {
        Failure::Usage(format!("cannot create {}: {e}", output.display()))
    })?;
    let options = Options {
        defaults: minplan::batch::Defaults {
            audiences,
            versions,
            signature,
            acknowledgement,
        },
        manifest: args
            .manifest
            .unwrap_or_else(|| output.join(args.shard.manifest_name())),
        out_dir: output,
        resume: args.resume,
        shard: args.shard,
        // Standard input is the file behind it, where there is one.
        input: Some(if input == Path::new("-") {
            PathBuf::from("/dev/stdin")
        } else {
            input.clone()
        }),
    };
    let bar = progress_bar(&input, &options)?;
    let report = |outcome: &Outcome| {
        bar.inc(1);
        let Status::Failed(e) = &outcome.status else { return };
        let lines: Vec<String> = match e {
            Error::Invalid(list) => list
                .iter()
                .map(|d| format!("error: {}: {d}", outcome.input))
                .collect(),
            other => vec![format!(
                "error: {}: {}",
                outcome.input,
                minplan::error::chain(other)
            )],
        };
        bar.suspend(|| {
            lines.iter().for_each(|l| eprintln!("{}", minplan::redact::line(l)));
        });
    };
    // An envelope around the largest admitted plan version still fits on a line.
    let max_line = engine.limits().max_bytes + 64 * 1024;
    let started = std::time::Instant::now();
    let cannot_read = |e: std::io::Error| {
        Failure::Usage(format!("cannot read {}: {e}", input.display()))
    };
    let mut skipped = 0;
    let summary = if input.is_dir() {
        let sources = minplan::batch::directory(&input, max_line).map_err(cannot_read)?;
        skipped = sources.skipped();
        minplan::batch::run(&engine, sources, &options, &report)
    } else if input == Path::new("-") {
        let sources = minplan::batch::ndjson(std::io::stdin().lock(), max_line);
        minplan::batch::run(&engine, sources, &options, &report)
    } else {
        let file = std::fs::File::open(&input).map_err(cannot_read)?;
        let sources = minplan::batch::ndjson(std::io::BufReader::new(file), max_line);
        minplan::batch::run(&engine, sources, &options, &report)
    }
    .map_err(|e| Failure::Usage(format!("batch stopped: {e}")))?;
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    let rate = if elapsed > 0.0 { summary.rendered as f64 / elapsed } else { 0.0 };
    let resumed = if summary.resumed > 0 {
        format!(", {} already done", summary.resumed)
    } else {
        String::new()
    };
    let skipped = if skipped > 0 {
        format!(", {skipped} directory entries skipped (not *.json files)")
    } else {
        String::new()
    };
    eprintln!(
        "rendered {}, failed {}{resumed}{skipped}, {elapsed:.2} s, {rate:.1} docs/s",
        summary.rendered, summary.failed
    );
    if summary.failed > 0 {
        return Err(Failure::Reported);
    }
    Ok(())
}

/// A progress bar on a terminal (hidden otherwise). Its length is known for a file or a
/// directory (lines counted in one quick pass, divided among shards), not for stdin.
fn progress_bar(
    input: &Path,
    options: &minplan::batch::Options,
) -> Result<indicatif::ProgressBar, Failure> {
    if !std::io::stderr().is_terminal() {
        return Ok(indicatif::ProgressBar::hidden());
    }
    let inputs = if input.is_dir() {
        std::fs::read_dir(input).map(|d| d.count() as u64).ok()
    } else if input == Path::new("-") {
        None
    } else {
        count_lines(input).ok()
    };
    let defaults = &options.defaults;
    let per = (defaults.audiences.len().max(1) * defaults.versions.len().max(1)) as u64;
    let template = match inputs {
        Some(n) => {
            let share = options.shard.share(n);
            let bar = indicatif::ProgressBar::new(share * per);
            let style = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} {per_sec} eta {eta}",
            );
            return style
                .map(|s| bar.with_style(s))
                .map_err(|e| Failure::Internal(e.to_string()));
        }
        None => "{spinner} {pos} {per_sec}",
    };
    indicatif::ProgressStyle::with_template(template)
        .map(|s| indicatif::ProgressBar::no_length().with_style(s))
        .map_err(|e| Failure::Internal(e.to_string()))
}

/// Lines in a file, read in blocks (nothing is kept).
fn count_lines(path: &Path) -> std::io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0; 1 << 16];
    let mut lines = 0;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(lines);
        }
        lines += buf
            .get(..n)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
    }
}

/// Runs the HTTP service until SIGTERM or Ctrl-C.
fn serve(
    listen: &str,
    config: minplan::server::Config,
    log_level: &str,
    layout: Option<&str>,
) -> Result<(), Failure> {
    let level: tracing::Level = log_level
        .parse()
        .map_err(|_| Failure::Usage(format!("unknown log level {log_level:?}")))?;
    // The log passes the one redaction, at every level (SPEC section 5).
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(|| minplan::redact::Redacting(std::io::stderr()))
        .init();
    let engine = Engine::new(load_layout(layout)?)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Internal(e.to_string()))?;
    let served = runtime.block_on(async {
        // Signals are caught from here on, before the service says it is up.
        let stop = minplan::server::shutdown_signal();
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| Failure::Usage(format!("cannot listen on {listen}: {e}")))?;
        let address = listener.local_addr().map_err(|e| Failure::Usage(e.to_string()))?;
        tracing::info!(
            %address, concurrency = config.concurrency, queue = config.queue,
            max_body = config.max_body, "minplan serving"
        );
        let app = minplan::server::app(std::sync::Arc::new(engine), config.clone());
        minplan::server::serve_with(listener, app, stop, &config)
            .await
            .map_err(|e| Failure::Internal(e.to_string()))
    });
    // Whatever a connection still holds is not waited for: the shutdown bound is the
    // service's, not its clients'.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    served?;
    tracing::info!("stopped");
    Ok(())
}

/// The batch subcommand's arguments.
struct BatchArgs {
    input: PathBuf,
    output: PathBuf,
    audiences: Vec<Audience>,
    versions: Vec<VersionKind>,
    signature: bool,
    acknowledgement: bool,
    jobs: Option<usize>,
    layout: Option<String>,
    manifest: Option<PathBuf>,
    resume: bool,
    shard: minplan::batch::Shard,
}

fn prepare(target: &Target) -> Result<(Engine, String, Request), Failure> {
    let style = load_layout(target.layout.as_deref())?;
    let engine = Engine::new(style)?;
    let json = read_input(&target.input)?;
    let request = Request {
        audience: target.audience,
        version_kind: target.version_kind,
        signature: target.signature,
        acknowledgement: target.acknowledgement,
    };
    Ok((engine, json, request))
}

/// A layout built into the program by name (`default`, `large-print`: it works from any
/// directory), or a layout file by path.
fn load_layout(name: Option<&str>) -> Result<Style, Failure> {
    let name = name.unwrap_or("default");
    if let Some(style) = Style::built_in(name) {
        return Ok(style?);
    }
    let path = PathBuf::from(name);
    if !(name.ends_with(".json") || name.contains('/') || path.is_file()) {
        let names: Vec<&str> = minplan::style::BUILT_IN.iter().map(|(n, _)| *n).collect();
        return Err(Failure::Usage(format!(
            "no layout named {name:?}: give a file path or one of {}",
            names.join(", ")
        )));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Failure::Usage(format!("cannot read layout {}: {e}", path.display()))
    })?;
    Ok(Style::from_json(&text)?)
}

fn read_input(path: &Path) -> Result<String, Failure> {
    let mut text = String::new();
    let result = if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    result.map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    // A byte order mark (Windows editors write one) is not part of the JSON.
    match text.strip_prefix('\u{feff}') {
        Some(rest) => Ok(rest.to_owned()),
        None => Ok(text),
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let result = if path == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    result.map_err(|e| Failure::Usage(format!("cannot read {}: {e}", shown(path))))?;
    Ok(bytes)
}

/// A file name as output shows it: CPR-shaped runs withheld and control characters
/// escaped, so a name can neither leak a number nor forge a line of output.
fn shown(path: &Path) -> String {
    minplan::redact::line(&path.display().to_string())
}

fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let result = if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        match out.write_all(bytes).and_then(|_| out.flush()) {
            // A closed pipe (`minplan … | head`) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    } else {
        std::fs::write(path, bytes)
    };
    result.map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use minplan::Diagnostic;

    #[test]
    fn each_failure_has_its_exit_status_and_one_line() {
        let invalid = Error::Invalid(vec![
            Diagnostic::content("a", "x"),
            Diagnostic::unprintable("b", "y"),
        ]);
        let panic = Error::Panic { location: Some("src/model/dates.rs:121".into()) };
        let pdf = Error::pdf_caused(
            "finishing the document",
            std::io::Error::other("two\nlines"),
        );
        let cases = [
            (Ok(()), 0, 0),
            (Err(Failure::Engine(invalid)), 1, 2),
            (Err(Failure::Engine(Error::setup("font \"x\"", "cannot be parsed"))), 3, 1),
            (
                Err(Failure::Engine(Error::Io {
                    path: "in.json".into(),
                    source: std::io::Error::other("gone"),
                })),
                2,
                1,
            ),
            (
                Err(Failure::Engine(Error::Layout(
                    minplan::error::LayoutError::ContentsUnsettled { passes: 8 },
                ))),
                3,
                1,
            ),
            (Err(Failure::Usage("no such file".into())), 2, 1),
            (Err(Failure::Reported), 1, 0),
            (Err(Failure::Engine(panic)), 3, 1),
            (Err(Failure::Engine(pdf)), 3, 1),
            (Err(Failure::Internal("pool".into())), 3, 1),
        ];
        for (outcome, code, lines) in cases {
            let what = format!("{outcome:?}");
            let (got, printed) = report(outcome);
            assert_eq!((got, printed.len()), (code, lines), "{what}: {printed:?}");
            assert!(printed
                .iter()
                .all(|l| l.starts_with("error: ") && !l.contains('\n')));
            if code == 3 {
                assert!(printed[0].contains("internal error"), "{printed:?}");
            }
        }
        let (_, printed) = report(Err(Failure::Engine(Error::Panic {
            location: Some("src/model/dates.rs:121".into()),
        })));
        assert!(printed[0].contains("panic at src/model/dates.rs:121 ("), "{printed:?}");
    }
}
