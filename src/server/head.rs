//! A connection's first request head, read and checked before hyper sees it.
//!
//! hyper answers a head it cannot parse (a malformed request line, a `Content-Length`
//! that is not a number or two that differ, a head over its buffer) by itself, with an
//! empty body and no hook to change it. Every answer of the service is
//! `application/problem+json`, so [`read`] takes the first head of each connection
//! (within the header timeout, at most [`MAX_HEAD`] bytes), checks its syntax and its
//! framing (`Content-Length`, `Transfer-Encoding`), and on a fault answers a problem and
//! closes the connection. A head that passes is replayed to hyper, with whatever the
//! client sent after it, through [`Rewind`].
//!
//! Keep-alive: later requests on the same connection are read by hyper alone. A framing
//! fault in one of them gets hyper's own answer (400, or 431 for a head over hyper's
//! buffer, with an empty body) and the connection closes. Checking every request here
//! would mean finding where each body ends (its length, or its chunks) ahead of hyper: a
//! second HTTP/1.1 parser in front of the first. A client that meets that answer has sent
//! a broken head after a good one on the same connection; a fresh connection's first
//! request always gets a problem document.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

use super::problem::Problem;

/// The largest first head (request line and header fields) read, in bytes: beyond, 431.
pub const MAX_HEAD: usize = 64 * 1024;

/// The most header fields in a head (hyper's limit too): beyond, 431.
const MAX_FIELDS: usize = 100;

/// What is wrong with a request head. Names the field, never its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Over [`MAX_HEAD`] bytes or [`MAX_FIELDS`] header fields (431).
    TooLarge,
    /// The request line or a header field is not HTTP/1.1 syntax.
    Syntax,
    /// The request target is not a URI.
    Target,
    /// A `Content-Length` that is not one decimal number (negative, signed, letters,
    /// empty, a list).
    ContentLengthInvalid,
    /// `Content-Length` given more than once (even with the same value).
    ContentLengthRepeated,
    /// A `Transfer-Encoding` other than one `chunked`, or in an HTTP/1.0 request.
    TransferEncoding,
    /// Both `Content-Length` and `Transfer-Encoding`: two framings of one body.
    TwoFramings,
}

impl Fault {
    /// The header field at fault (`content-length`), or the part of the head.
    pub fn path(self) -> &'static str {
        match self {
            Self::TooLarge => "head",
            Self::Syntax => "head",
            Self::Target => "request-target",
            Self::ContentLengthInvalid | Self::ContentLengthRepeated => "content-length",
            Self::TransferEncoding => "transfer-encoding",
            Self::TwoFramings => "content-length",
        }
    }

    /// What is wrong, in words that name no value.
    pub fn message(self) -> &'static str {
        match self {
            Self::TooLarge => "the request head is over the limit (64 KiB, 100 fields)",
            Self::Syntax => "the request line or a header field is not HTTP/1.1 syntax",
            Self::Target => "the request target is not a URI",
            Self::ContentLengthInvalid => "Content-Length is not a decimal number",
            Self::ContentLengthRepeated => "Content-Length is given more than once",
            Self::TransferEncoding => {
                "Transfer-Encoding is not one \"chunked\" (or the request is HTTP/1.0)"
            }
            Self::TwoFramings => "Content-Length and Transfer-Encoding are both given",
        }
    }

    /// A short name for the log.
    pub fn name(self) -> &'static str {
        match self {
            Self::TooLarge => "too-large",
            Self::Syntax => "syntax",
            Self::Target => "target",
            Self::ContentLengthInvalid => "content-length-invalid",
            Self::ContentLengthRepeated => "content-length-repeated",
            Self::TransferEncoding => "transfer-encoding",
            Self::TwoFramings => "two-framings",
        }
    }
}

/// Reads and checks the first request head on `stream` within `timeout`: the stream with
/// the bytes read replayed first, for hyper; or `None` when the client sent no whole head
/// in time or closed (the connection is dropped), or when the head was at fault (a
/// problem was answered and the connection closed).
pub async fn read<S>(mut stream: S, timeout: Duration) -> Option<Rewind<S>>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut bytes = Vec::with_capacity(1024);
    let verdict = tokio::time::timeout(timeout, async {
        let mut chunk = [0u8; 8192];
        let mut parsed = 0;
        loop {
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            let from = bytes.len().saturating_sub(3);
            bytes.extend_from_slice(chunk.get(..n).unwrap_or_default());
            // Parse when a head may have ended here (an empty line) or is over the limit,
            // and at a line's end once the head has doubled since the last parse (a bad
            // request line is answered at once): a head trickled a byte at a time is not
            // parsed a byte at a time.
            let tail = bytes.get(from..).unwrap_or_default();
            let ended = tail.windows(2).any(|w| w == b"\n\n")
                || tail.windows(3).any(|w| w == b"\n\r\n");
            let line = tail.contains(&b'\n') && bytes.len() >= 2 * parsed;
            if ended || line || bytes.len() > MAX_HEAD {
                parsed = bytes.len();
                if let Some(verdict) = check(&bytes) {
                    return Some(verdict);
                }
            }
        }
    })
    .await
    .ok()??;
    match verdict {
        Ok(()) => Some(Rewind { prefix: bytes, at: 0, inner: stream }),
        Err(fault) => {
            refuse(&mut stream, fault).await;
            None
        }
    }
}

/// `Some(verdict)` once `bytes` hold a whole head (or too much for one), `None` while a
/// head is still arriving.
fn check(bytes: &[u8]) -> Option<Result<(), Fault>> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
    let mut request = httparse::Request::new(&mut fields);
    match request.parse(bytes) {
        Ok(httparse::Status::Partial) if bytes.len() > MAX_HEAD => {
            Some(Err(Fault::TooLarge))
        }
        Ok(httparse::Status::Partial) => None,
        Ok(httparse::Status::Complete(n)) if n > MAX_HEAD => Some(Err(Fault::TooLarge)),
        Ok(httparse::Status::Complete(_)) => Some(framing(&request)),
        Err(httparse::Error::TooManyHeaders) => Some(Err(Fault::TooLarge)),
        Err(_) => Some(Err(Fault::Syntax)),
    }
}

/// The checks hyper makes of a parsed head, made here so that a fault is a problem
/// document; stricter than hyper where a body's framing could be read two ways (a
/// repeated `Content-Length`, both framings at once: RFC 9112 section 6.3 allows refusing
/// them).
fn framing(request: &httparse::Request<'_, '_>) -> Result<(), Fault> {
    let target = request.path.unwrap_or_default();
    if axum::http::Uri::try_from(target).is_err() {
        return Err(Fault::Target);
    }
    let mut length = false;
    let mut chunked = false;
    for field in request.headers.iter() {
        if field.name.eq_ignore_ascii_case("content-length") {
            if length {
                return Err(Fault::ContentLengthRepeated);
            }
            let value = field.value.trim_ascii();
            // Digits only: `u64::from_str` would take a sign.
            if value.is_empty()
                || !value.iter().all(u8::is_ascii_digit)
                || std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse::<u64>().ok())
                    .is_none()
            {
                return Err(Fault::ContentLengthInvalid);
            }
            length = true;
        } else if field.name.eq_ignore_ascii_case("transfer-encoding") {
            if chunked
                || request.version != Some(1)
                || !field.value.trim_ascii().eq_ignore_ascii_case(b"chunked")
            {
                return Err(Fault::TransferEncoding);
            }
            chunked = true;
        }
    }
    if length && chunked {
        return Err(Fault::TwoFramings);
    }
    Ok(())
}

/// Answers `fault` as a problem document and closes the connection; what the client
/// still sends is read (at most 256 KiB for 1 s) so that closing does not reset the
/// connection before the client has read the answer.
async fn refuse<S>(stream: &mut S, fault: Fault)
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let problem = Problem::bad_head(fault);
    tracing::info!(
        path = "(head)",
        status = problem.status,
        problem = fault.name(),
        "request head refused"
    );
    if stream.write_all(&problem.http1()).await.is_err() {
        return;
    }
    let _ = stream.shutdown().await;
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let mut sink = [0u8; 8192];
        let mut total = 0;
        while total < 256 * 1024 {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n,
            }
        }
    })
    .await;
}

/// A stream that first gives back bytes already read from it.
pub struct Rewind<S> {
    prefix: Vec<u8>,
    at: usize,
    inner: S,
}

impl<S: AsyncRead + Unpin> AsyncRead for Rewind<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let rest = this.prefix.get(this.at..).unwrap_or_default();
        if rest.is_empty() {
            return Pin::new(&mut this.inner).poll_read(cx, buf);
        }
        let n = rest.len().min(buf.remaining());
        buf.put_slice(rest.get(..n).unwrap_or_default());
        this.at += n;
        if this.at >= this.prefix.len() {
            this.prefix = Vec::new();
            this.at = 0;
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Rewind<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::{check, Fault};

    fn verdict(fields: &str) -> Option<Result<(), Fault>> {
        check(format!("POST /v1/validate HTTP/1.1\r\nHost: x\r\n{fields}\r\n").as_bytes())
    }

    #[test]
    fn framing_faults_are_named() {
        let cases = [
            ("Content-Length: 5\r\n", Ok(())),
            ("Content-Length:  5 \r\n", Ok(())),
            ("Transfer-Encoding: chunked\r\n", Ok(())),
            (
                "Content-Length: 5\r\nContent-Length: 5\r\n",
                Err(Fault::ContentLengthRepeated),
            ),
            (
                "Content-Length: 5\r\nContent-Length: 6\r\n",
                Err(Fault::ContentLengthRepeated),
            ),
            ("Content-Length: -5\r\n", Err(Fault::ContentLengthInvalid)),
            ("Content-Length: +5\r\n", Err(Fault::ContentLengthInvalid)),
            ("Content-Length: abc\r\n", Err(Fault::ContentLengthInvalid)),
            ("Content-Length: 5, 5\r\n", Err(Fault::ContentLengthInvalid)),
            ("Content-Length: \r\n", Err(Fault::ContentLengthInvalid)),
            (
                "Content-Length: 99999999999999999999999\r\n",
                Err(Fault::ContentLengthInvalid),
            ),
            ("Transfer-Encoding: gzip, chunked\r\n", Err(Fault::TransferEncoding)),
            (
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                Err(Fault::TransferEncoding),
            ),
            (
                "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
                Err(Fault::TwoFramings),
            ),
            ("Bad Name: x\r\n", Err(Fault::Syntax)),
        ];
        for (fields, expected) in cases {
            assert_eq!(verdict(fields), Some(expected), "{fields:?}");
        }
        let http10 = "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(check(http10.as_bytes()), Some(Err(Fault::TransferEncoding)));
    }

    #[test]
    fn a_head_is_judged_once_whole_or_too_large() {
        assert_eq!(check(b"GET /healthz HTTP/1.1\r\nHost: x\r\n"), None);
        assert_eq!(check(b"GET /healthz HT"), None);
        assert_eq!(check(b"GET /\x01 HTTP/1.1\r\n\r\n"), Some(Err(Fault::Syntax)));
        let long = format!("GET /healthz HTTP/1.1\r\nX: {}", "a".repeat(super::MAX_HEAD));
        assert_eq!(check(long.as_bytes()), Some(Err(Fault::TooLarge)));
        let many: String = (0..101).map(|i| format!("X-{i}: 1\r\n")).collect();
        let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(check(many.as_bytes()), Some(Err(Fault::TooLarge)));
    }
}
