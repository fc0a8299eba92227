//! Errors as data, typed by the stage that raises them.
//!
//! Every problem with the input, the request or a layout file is a [`Diagnostic`] naming
//! its path and, where known, the line and column, so a caller can fix all of them in one
//! go ([`Error::Invalid`]). The other variants are the stages that can fail for a reason
//! that is not the caller's: setting up the engine ([`Error::Setup`]), the layout stage
//! ([`Error::Layout`]), the PDF stage ([`Error::Pdf`]), a file ([`Error::Io`]), a caught
//! panic ([`Error::Panic`]); each carries its data and wraps its cause
//! ([`std::error::Error::source`]). The error decides, in one place, what the command
//! line exits with ([`Error::exit_code`]) and what the service answers
//! ([`Error::http_status`]); no caller guesses the class of an error from its message.

use std::fmt;
use std::path::PathBuf;

/// What sort of problem a [`Diagnostic`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The text is not JSON at all (or not UTF-8).
    Malformed,
    /// Well-formed JSON of the wrong shape: a wrong type, an unknown or missing field, a
    /// value not in a string code list.
    Structure,
    /// Right shape, invalid content: a date that does not exist, an unknown code id, a
    /// CPR number that is not one, an empty required text.
    Content,
    /// Over one of the engine's input limits (size, depth, string or list length).
    Limit,
    /// A character the bundled fonts cannot draw.
    Unprintable,
    /// The request, not the document: a missing or unknown audience or version kind, a
    /// query parameter that is not one.
    Request,
    /// A page asked for that SPEC section 3 does not allow here: a signature page for a
    /// version that is not the first, unsigned version of an open contract, a kvittering
    /// for a version acknowledged already, either for the a-kasse. An input error like
    /// invalid content (exit 1, HTTP 422), with the reason.
    Refused,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 7] = [
        Self::Malformed,
        Self::Structure,
        Self::Content,
        Self::Limit,
        Self::Unprintable,
        Self::Request,
        Self::Refused,
    ];

    /// The HTTP status for this kind: 400 for what is not a well-formed request
    /// (malformed JSON, bad parameters), 422 for a well-formed document that is not a
    /// valid plan version or a page refused.
    fn http_status(self) -> u16 {
        match self {
            Self::Malformed | Self::Request => 400,
            Self::Structure
            | Self::Content
            | Self::Limit
            | Self::Unprintable
            | Self::Refused => 422,
        }
    }

    /// A short name, as used in problem documents: `malformed`, `structure`, …
    pub fn name(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::Structure => "structure",
            Self::Content => "content",
            Self::Limit => "limit",
            Self::Unprintable => "unprintable",
            Self::Request => "request",
            Self::Refused => "refused",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One problem with the input or the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What sort of problem it is; decides the HTTP status and the exit code.
    pub kind: Kind,
    /// Where: a JSON path like `integration.exemptions[0].id`, or a request parameter
    /// like `signature`; empty for the document as a whole.
    pub path: String,
    /// Line and column (1-based) in the JSON text, where the problem is in the input.
    pub position: Option<(usize, usize)>,
    /// What is wrong, in plain words. Never contains a CPR number.
    pub message: String,
}

impl Diagnostic {
    /// A problem of `kind` at a JSON path, position not yet known.
    pub fn new(kind: Kind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { kind, path: path.into(), position: None, message: message.into() }
    }

    /// The text is not JSON (the whole document: no path).
    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(Kind::Malformed, "", message)
    }

    /// Well-formed JSON of the wrong shape at `path`.
    pub fn structure(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Kind::Structure, path, message)
    }

    /// Invalid content at `path`.
    pub fn content(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Kind::Content, path, message)
    }

    /// An input limit exceeded at `path`.
    pub fn limit(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Kind::Limit, path, message)
    }

    /// An unprintable character at `path`.
    pub fn unprintable(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Kind::Unprintable, path, message)
    }

    /// A problem with the request (parameter `path`), not the document.
    pub fn request(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Kind::Request, path, message)
    }

    /// A page (request flag `path`: `signature`, `acknowledgement`) refused, with why.
    pub fn refused(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Kind::Refused, path, message)
    }

    /// The same diagnostic at a line and column of the JSON text.
    pub fn with_position(mut self, position: Option<(usize, usize)>) -> Self {
        self.position = position;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "(document)" } else { &self.path };
        match self.position {
            Some((line, column)) => {
                write!(f, "{path} (line {line}, column {column}): {}", self.message)
            }
            None => write!(f, "{path}: {}", self.message),
        }
    }
}

/// A cause carried by an [`Error`].
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a render did not produce a PDF, by the stage that failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The input, the request or a layout file is invalid (model, visibility and style
    /// stages); each problem is listed with its kind and path. Exit 1; HTTP 400 or 422.
    Invalid(Vec<Diagnostic>),
    /// The engine could not be set up from what is built into the program: a bundled
    /// font or the built-in layout is unusable. A bug in the build; exit 3, HTTP 500.
    Setup {
        /// What could not be used (`font "…"`, `the built-in default layout`).
        what: String,
        /// Why.
        problem: String,
        /// The underlying error (a JSON error in the built-in layout), if any.
        source: Option<Cause>,
    },
    /// The layout stage could not lay the document out: a bug; exit 3, HTTP 500.
    Layout(LayoutError),
    /// The PDF stage could not write the pages: a bug, never bad input; exit 3, HTTP 500.
    Pdf {
        /// Which step failed.
        message: String,
        /// The underlying error (krilla's), if any.
        source: Option<Cause>,
    },
    /// A file could not be read or written (batch). Exit 2; HTTP 500.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The work panicked and the panic was caught: a bug; exit 3, HTTP 500. Only the
    /// location is kept, never the panic's message, which may quote input values.
    Panic {
        /// `file:line` of the panic, where known.
        location: Option<String>,
    },
}

/// How the layout stage failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LayoutError {
    /// The table of contents' page numbers changed the pagination again in every pass.
    ContentsUnsettled {
        /// The passes made.
        passes: usize,
    },
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ContentsUnsettled { passes } => write!(
                f,
                "table of contents page numbers did not settle in {passes} passes"
            ),
        }
    }
}

impl Error {
    /// The engine's setup failed on `what` (a bundled font, the built-in layout).
    pub fn setup(what: impl Into<String>, problem: impl Into<String>) -> Self {
        Self::Setup { what: what.into(), problem: problem.into(), source: None }
    }

    /// The engine's setup failed on `what`, caused by `source`.
    pub fn setup_caused(
        what: impl Into<String>,
        problem: impl Into<String>,
        source: impl Into<Cause>,
    ) -> Self {
        Self::Setup {
            what: what.into(),
            problem: problem.into(),
            source: Some(source.into()),
        }
    }

    /// A PDF-writing failure without an underlying error.
    pub fn pdf(message: impl Into<String>) -> Self {
        Self::Pdf { message: message.into(), source: None }
    }

    /// A PDF-writing failure caused by `source`.
    pub fn pdf_caused(message: impl Into<String>, source: impl Into<Cause>) -> Self {
        Self::Pdf { message: message.into(), source: Some(source.into()) }
    }

    /// The diagnostics of an invalid input, empty for other errors.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Self::Invalid(list) => list,
            _ => &[],
        }
    }

    /// Whether this is a bug in minplan rather than a problem with the input, the
    /// request, a layout file or a file: exit 3, HTTP 500 "internal".
    pub fn is_internal(&self) -> bool {
        match self {
            Self::Invalid(_) | Self::Io { .. } => false,
            Self::Setup { .. }
            | Self::Layout(_)
            | Self::Pdf { .. }
            | Self::Panic { .. } => true,
        }
    }

    /// The HTTP status for this error: for invalid input the strictest of its
    /// diagnostics' statuses (a malformed document is 400 even when other problems were
    /// found; 400 bad parameters; 422 an invalid plan version or a page refused), 500
    /// for everything else.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::Invalid(list) => status_of(list),
            Self::Setup { .. }
            | Self::Layout(_)
            | Self::Pdf { .. }
            | Self::Io { .. }
            | Self::Panic { .. } => 500,
        }
    }

    /// The command line's exit status: 1 invalid input (the document, the request or a
    /// layout file), 2 a file that cannot be read or written, 3 an internal error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Invalid(_) => 1,
            Self::Io { .. } => 2,
            Self::Setup { .. }
            | Self::Layout(_)
            | Self::Pdf { .. }
            | Self::Panic { .. } => 3,
        }
    }
}

/// The HTTP status of a list of diagnostics: the strictest of their kinds' (422 for none).
pub(crate) fn status_of(diagnostics: &[Diagnostic]) -> u16 {
    diagnostics.iter().map(|d| d.kind.http_status()).min().unwrap_or(422)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(list) => {
                for (i, d) in list.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Self::Setup { what, problem, .. } => write!(f, "setup: {what}: {problem}"),
            Self::Layout(e) => write!(f, "layout: {e}"),
            Self::Pdf { message, .. } => write!(f, "pdf: {message}"),
            Self::Io { path, .. } if path.as_os_str().is_empty() => {
                f.write_str("cannot read the file")
            }
            Self::Io { path, .. } => write!(f, "cannot access {}", path.display()),
            Self::Panic { location: Some(at) } => {
                write!(f, "internal error: panic at {at}")
            }
            Self::Panic { location: None } => write!(f, "internal error: a panic"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Setup { source, .. } | Self::Pdf { source, .. } => {
                source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
            }
            Self::Io { source, .. } => Some(source),
            Self::Invalid(_) | Self::Layout(_) | Self::Panic { .. } => None,
        }
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(list: Vec<Diagnostic>) -> Self {
        Self::Invalid(list)
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Self::Invalid(vec![d])
    }
}

/// `error` and its causes on one line: `pdf: finishing: font … cannot be embedded`.
pub fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        text.push_str(": ");
        text.push_str(&e.to_string());
        cause = e.source();
    }
    text.replace('\n', "; ")
}

/// A result with diagnostics as its error.
pub type Result<T> = std::result::Result<T, Error>;
