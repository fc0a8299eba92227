//! Errors as data: every problem with the input is a [`Diagnostic`] naming the JSON path
//! and, where known, the line and column, so a caller can fix all of them in one go.
//!
//! Each diagnostic carries a [`Kind`]; the HTTP service answers with
//! [`Kind::http_status`] and the command line exits with [`Kind::exit_code`], so no caller
//! ever has to guess the class of an error from its message. Failures that are not the
//! input's fault ([`Error::Pdf`], [`Error::Panic`]) wrap their cause ([`std::error::Error::source`]).

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
    /// invalid content (issue 9: exit 1, HTTP 422), with the reason.
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

    /// The HTTP status the service answers for this kind: 400 for what is not a
    /// well-formed request (malformed JSON, bad parameters), 422 for a well-formed
    /// document that is not a valid plan version.
    pub fn http_status(self) -> u16 {
        match self {
            Self::Malformed | Self::Request => 400,
            Self::Structure
            | Self::Content
            | Self::Limit
            | Self::Unprintable
            | Self::Refused => 422,
        }
    }

    /// The command line's exit status: 1, invalid input, for every kind (2 is kept for
    /// usage and I/O errors, 3 for bugs).
    pub fn exit_code(self) -> u8 {
        1
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

/// Why a render did not produce a PDF.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The input or the request is invalid; each problem is listed with its kind.
    Invalid(Vec<Diagnostic>),
    /// The layout file is unusable (a configuration problem, never the input's fault).
    Layout {
        /// What is wrong with it.
        message: String,
        /// The underlying error (a JSON error in the layout file), if any.
        source: Option<Cause>,
    },
    /// The PDF could not be made: a bug, never bad input.
    Pdf {
        /// Which step failed.
        message: String,
        /// The underlying error (krilla's), if any.
        source: Option<Cause>,
    },
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The work panicked and the panic was caught: a bug. Only the location is kept,
    /// never the panic's message, which may quote input values.
    Panic {
        /// `file:line` of the panic, where known.
        location: Option<String>,
    },
}

impl Error {
    /// A layout problem without an underlying error.
    pub fn layout(message: impl Into<String>) -> Self {
        Self::Layout { message: message.into(), source: None }
    }

    /// A layout problem caused by `source`.
    pub fn layout_caused(message: impl Into<String>, source: impl Into<Cause>) -> Self {
        Self::Layout { message: message.into(), source: Some(source.into()) }
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

    /// Whether this is a bug in minplan (a PDF failure or a caught panic) rather than a
    /// problem with the input, the request, the layout or a file.
    pub fn is_internal(&self) -> bool {
        matches!(self, Self::Pdf { .. } | Self::Panic { .. })
    }

    /// The HTTP status for this error: the strictest of its diagnostics' statuses (a
    /// malformed document is 400 even when other problems were found), 500 otherwise.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::Invalid(list) => {
                list.iter().map(|d| d.kind.http_status()).min().unwrap_or(422)
            }
            _ => 500,
        }
    }

    /// The command line's exit status: 1 invalid input, 2 layout or file problem,
    /// 3 internal error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Invalid(list) => list.first().map_or(1, |d| d.kind.exit_code()),
            Self::Layout { .. } | Self::Io { .. } => 2,
            Self::Pdf { .. } | Self::Panic { .. } => 3,
        }
    }
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
            Self::Layout { message, .. } => write!(f, "layout: {message}"),
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
            Self::Layout { source, .. } | Self::Pdf { source, .. } => {
                source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
            }
            Self::Io { source, .. } => Some(source),
            Self::Invalid(_) | Self::Panic { .. } => None,
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

/// A value together with warnings that did not stop it from being made.
#[derive(Debug, Clone)]
pub struct Warned<T> {
    /// The value.
    pub output: T,
    /// What the caller should know about it.
    pub warnings: Vec<String>,
}
