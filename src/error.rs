//! Errors as data: every problem with the input is a [`Diagnostic`] naming the JSON path
//! and, where known, the line and column, so a caller can fix all of them in one go.

use std::fmt;

/// One problem with the input or the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where: a JSON path like `integration.exemptions[0].id`, or a request parameter
    /// like `--signature`; empty for the document as a whole.
    pub path: String,
    /// Line and column (1-based) in the JSON text, where the problem is in the input.
    pub position: Option<(usize, usize)>,
    /// What is wrong, in plain words. Never contains a CPR number.
    pub message: String,
}

impl Diagnostic {
    /// A problem at a JSON path, position not yet known.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), position: None, message: message.into() }
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

/// How the message of the one diagnostic for input that is not JSON at all begins.
pub const MALFORMED_JSON: &str = "malformed JSON";

/// Why a render did not produce a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input or the request is invalid; each problem is listed.
    Invalid(Vec<Diagnostic>),
    /// The layout file is unusable.
    Layout(String),
    /// The PDF could not be written (a bug or a validator finding, never bad input).
    Pdf(String),
}

impl Error {
    /// Whether the input was not well-formed JSON (as opposed to JSON with invalid
    /// content): the HTTP service answers 400 for the one and 422 for the other.
    pub fn is_malformed_json(&self) -> bool {
        self.diagnostics()
            .iter()
            .any(|d| d.message.starts_with(MALFORMED_JSON))
    }

    /// The diagnostics of an invalid input, empty for other errors.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Self::Invalid(list) => list,
            _ => &[],
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
            Self::Layout(msg) => write!(f, "layout: {msg}"),
            Self::Pdf(msg) => write!(f, "pdf: {msg}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<Vec<Diagnostic>> for Error {
    fn from(list: Vec<Diagnostic>) -> Self {
        Self::Invalid(list)
    }
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
