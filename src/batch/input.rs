//! Where inputs come from, one at a time: NDJSON lines read as they are needed (never the
//! whole file), or the `*.json` files of a directory in name order.

use std::fmt;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};

use crate::{Diagnostic, Error};

/// Which input: its line (1-based) in the NDJSON, or its file name in the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputId {
    /// A line of the NDJSON input.
    Line(u64),
    /// A file of the input directory.
    File(String),
}

impl fmt::Display for InputId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Line(n) => write!(f, "line {n}"),
            Self::File(name) => f.write_str(name),
        }
    }
}

/// In the manifest: the line number as a number, the file name as a string.
impl Serialize for InputId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Line(n) => serializer.serialize_u64(*n),
            Self::File(name) => serializer.serialize_str(name),
        }
    }
}

/// One input document: a plan version or an envelope, or why it could not be read.
#[derive(Debug)]
pub struct Source {
    /// Which input this is.
    pub id: InputId,
    /// Its place in the input, from 0 (for shard assignment when it has no readable id).
    pub position: u64,
    /// The text, or why there is none (over the size limit, not UTF-8).
    pub text: Result<String, Error>,
}

impl Source {
    /// Bytes of text held (for chunk sizing).
    pub(super) fn len(&self) -> usize {
        self.text.as_ref().map_or(0, String::len)
    }
}

fn unreadable(message: String) -> Error {
    Error::Invalid(vec![Diagnostic::malformed(message)])
}

/// The non-empty lines of NDJSON, read as they are asked for. A line longer than
/// `max_line` bytes is skipped unread (only counted) and comes back as an error, so
/// memory stays bounded whatever the input holds.
pub fn ndjson<R: BufRead>(reader: R, max_line: usize) -> Ndjson<R> {
    Ndjson { reader, max_line, line: 0, buf: Vec::new() }
}

/// The iterator of [`ndjson`].
pub struct Ndjson<R> {
    reader: R,
    max_line: usize,
    line: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> Ndjson<R> {
    /// Reads one line into `buf` (without its newline), up to `max_line` bytes; returns
    /// `None` at the end, `Some(false)` when the line was longer (the rest is skipped).
    fn read_line(&mut self) -> io::Result<Option<bool>> {
        self.buf.clear();
        let limit = u64::try_from(self.max_line).unwrap_or(u64::MAX).saturating_add(1);
        let n =
            io::Read::take(&mut self.reader, limit).read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(None);
        }
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
            return Ok(Some(true));
        }
        if self.buf.len() <= self.max_line {
            return Ok(Some(true)); // the last line, without a newline
        }
        // Over the limit: skip to the end of the line without keeping it.
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.reader.consume(i + 1);
                    break;
                }
                None => {
                    let len = chunk.len();
                    self.reader.consume(len);
                }
            }
        }
        Ok(Some(false))
    }
}

impl<R: BufRead> Iterator for Ndjson<R> {
    type Item = io::Result<Source>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let fits = match self.read_line() {
                Ok(Some(fits)) => fits,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            self.line += 1;
            let id = InputId::Line(self.line);
            let position = self.line - 1;
            if !fits {
                let message =
                    format!("the line is over the limit of {} bytes", self.max_line);
                return Some(Ok(Source { id, position, text: Err(unreadable(message)) }));
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = String::from_utf8(std::mem::take(&mut self.buf))
                .map_err(|e| {
                    let at = e.utf8_error().valid_up_to();
                    unreadable(format!("the line is not UTF-8 (byte {})", at + 1))
                })
                .map(strip_bom);
            return Some(Ok(Source { id, position, text }));
        }
    }
}

/// The `*.json` files of a directory in name order, each read when it is reached. A file
/// that cannot be read (gone, no permission, over `max_bytes` as counted while reading,
/// not UTF-8) is a [`Source`] with the reason, never the end of the run. Only the names
/// are held (about 100 bytes per file).
pub fn directory(dir: &Path, max_bytes: usize) -> io::Result<Directory> {
    let mut skipped = 0;
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        match entry.map(|e| e.path()) {
            Ok(p) if p.extension().is_some_and(|x| x == "json") && p.is_file() => {
                paths.push(p);
            }
            _ => skipped += 1,
        }
    }
    paths.sort();
    Ok(Directory { paths: paths.into_iter(), position: 0, max_bytes, skipped })
}

/// The iterator of [`directory`].
pub struct Directory {
    paths: std::vec::IntoIter<PathBuf>,
    position: u64,
    max_bytes: usize,
    skipped: u64,
}

impl Directory {
    /// Entries of the directory that are not `*.json` files (or could not be listed):
    /// not read, counted for the summary.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }
}

impl Iterator for Directory {
    type Item = io::Result<Source>;

    fn next(&mut self) -> Option<Self::Item> {
        let path = self.paths.next()?;
        let position = self.position;
        self.position += 1;
        // The operator's file name identifies the input; echoed with CPR-shaped runs
        // withheld and control characters escaped (SPEC section 5).
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let id = InputId::File(crate::redact::line(&name));
        let text = read_bounded(&path, self.max_bytes).and_then(|bytes| {
            String::from_utf8(bytes).map_err(|e| {
                let at = e.utf8_error().valid_up_to();
                unreadable(format!("the file is not UTF-8 (byte {})", at + 1))
            })
        });
        Some(Ok(Source { id, position, text: text.map(strip_bom) }))
    }
}

/// The file's bytes, at most `max_bytes` of them: the limit counts what is read, not what
/// the file system reports (a link to `/proc/kallsyms` reports 0).
fn read_bounded(path: &Path, max_bytes: usize) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let io_error = |source| Error::Io { path: PathBuf::new(), source };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let limit = u64::try_from(max_bytes).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() > max_bytes {
        return Err(unreadable(format!(
            "the file is over the limit of {max_bytes} bytes"
        )));
    }
    Ok(bytes)
}

/// The text without a leading UTF-8 byte order mark (Windows editors write one).
pub(super) fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, max: usize) -> Vec<(InputId, Result<String, String>)> {
        ndjson(text.as_bytes(), max)
            .map(|s| {
                let s = s.unwrap_or_else(|e| panic!("{e}"));
                (s.id, s.text.map_err(|e| e.to_string()))
            })
            .collect()
    }

    #[test]
    fn lines_keep_their_numbers_and_blank_lines_are_skipped() {
        let got = read("{}\n\n  \n{\"a\":1}", 100);
        assert_eq!(
            got,
            [
                (InputId::Line(1), Ok("{}".to_owned())),
                (InputId::Line(4), Ok("{\"a\":1}".to_owned()))
            ]
        );
    }

    #[test]
    fn a_line_over_the_limit_is_an_error_and_the_next_line_is_read() {
        let long = "x".repeat(50);
        let got = read(&format!("{{}}\n{long}\n{{\"b\":2}}\n{long}"), 10);
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].1, Ok("{}".to_owned()));
        assert!(got[1].1.as_ref().is_err_and(|e| e.contains("over the limit of 10")));
        assert_eq!(got[2], (InputId::Line(3), Ok("{\"b\":2}".to_owned())));
        assert!(got[3].1.is_err(), "the last line, too long, without a newline");
        // Exactly at the limit is fine, with or without a newline.
        assert_eq!(read("0123456789\n0123456789", 10).len(), 2);
        assert!(read("0123456789\n0123456789", 10).iter().all(|(_, t)| t.is_ok()));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_an_error_for_that_line() {
        let got: Vec<_> = ndjson(&b"{}\n\xff\xfe\n{}\n"[..], 100)
            .map(|s| s.map(|s| s.text.is_ok()).unwrap_or(false))
            .collect();
        assert_eq!(got, [true, false, true]);
    }
}
