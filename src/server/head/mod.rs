//! Request heads, read and checked before hyper sees them.
//!
//! hyper answers a head it cannot parse (a malformed request line, a `Content-Length`
//! that is not a number or two that differ, a head over its buffer) by itself, with an
//! empty body and no hook to change it. Every answer of the service is
//! `application/problem+json`, so [`Checked`] stands between the client and hyper: it
//! holds each request head back until it is whole (at most [`MAX_HEAD`] bytes), checks
//! its syntax and its framing (`Content-Length`, `Transfer-Encoding`), and passes it on;
//! it follows each body to its end ([`body`]) to find the next head on a kept-alive
//! connection. A faulty head never reaches hyper: in its place hyper reads a stand-in
//! request, after the requests before it, which the service answers with the problem
//! (400, or 431 for a head over the limit), closing the connection. [`Verdicts`] tells
//! the service which request that is, so a client cannot send the stand-in itself.
//!
//! [`read`] waits for a connection's first head within the header timeout; later heads
//! are under hyper's own header timeout, which runs while a head is held here.

mod body;
mod stream;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::AsyncRead;

use body::{Body, Chunk};
pub use stream::Checked;

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

/// Reads and checks the first request head on `stream` within `timeout`: the stream,
/// for hyper, with the head (or the stand-in for a refused one) held for it; `None`
/// when the client sent no whole head in time, or closed (the connection is dropped).
pub async fn read<S>(
    stream: S,
    timeout: Duration,
    verdicts: Arc<Verdicts>,
) -> Option<Checked<S>>
where
    S: AsyncRead + Unpin,
{
    let mut checked = Checked::new(stream, verdicts);
    let judged = tokio::time::timeout(
        timeout,
        std::future::poll_fn(|cx| loop {
            if checked.first_head_judged() {
                return std::task::Poll::Ready(true);
            }
            if checked.closed() {
                return std::task::Poll::Ready(false);
            }
            if std::task::ready!(checked.poll_fill(cx)).is_err() {
                return std::task::Poll::Ready(false);
            }
        }),
    )
    .await;
    matches!(judged, Ok(true)).then_some(checked)
}

/// Which request of a connection stands in for a refused head, and why: written by the
/// connection's [`Checked`] stream, read by the service, request by request.
#[derive(Debug, Default)]
pub struct Verdicts {
    /// Requests the service has seen on the connection.
    requests: AtomicU64,
    /// The index of the stand-in request and the fault of the head it replaces.
    refused: Mutex<Option<(u64, Fault)>>,
}

impl Verdicts {
    /// Records that the request at `index` stands in for a head refused for `fault`.
    fn refuse(&self, index: u64, fault: Fault) {
        *self.refused.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((index, fault));
    }

    /// Called for each request of the connection, in order: the fault of the head it
    /// stands in for, if it is the stand-in.
    pub fn next(&self) -> Option<Refused> {
        let index = self.requests.fetch_add(1, Ordering::Relaxed);
        match *self.refused.lock().unwrap_or_else(PoisonError::into_inner) {
            Some((at, fault)) if at == index => Some(Refused(fault)),
            _ => None,
        }
    }
}

/// A request extension: this request stands in for a head refused for this fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused(pub Fault);

/// `Some(verdict)` once `bytes` start with a whole head (or too much for one), `None`
/// while a head is still arriving: a good head's length and what its body is.
fn check(bytes: &[u8]) -> Option<Result<(usize, Body), Fault>> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
    let mut request = httparse::Request::new(&mut fields);
    match request.parse(bytes) {
        Ok(httparse::Status::Partial) if bytes.len() > MAX_HEAD => {
            Some(Err(Fault::TooLarge))
        }
        Ok(httparse::Status::Partial) => None,
        Ok(httparse::Status::Complete(n)) if n > MAX_HEAD => Some(Err(Fault::TooLarge)),
        Ok(httparse::Status::Complete(n)) => {
            Some(framing(&request).map(|body| (n, body)))
        }
        Err(httparse::Error::TooManyHeaders) => Some(Err(Fault::TooLarge)),
        Err(_) => Some(Err(Fault::Syntax)),
    }
}

/// The checks hyper makes of a parsed head, made here so that a fault is a problem
/// document; stricter than hyper where a body's framing could be read two ways (a
/// repeated `Content-Length`, both framings at once: RFC 9112 section 6.3 allows refusing
/// them). A good head's body: its length, chunked, or none.
fn framing(request: &httparse::Request<'_, '_>) -> Result<Body, Fault> {
    let target = request.path.unwrap_or_default();
    if axum::http::Uri::try_from(target).is_err() {
        return Err(Fault::Target);
    }
    let mut length = None;
    let mut chunked = false;
    for field in request.headers.iter() {
        if field.name.eq_ignore_ascii_case("content-length") {
            if length.is_some() {
                return Err(Fault::ContentLengthRepeated);
            }
            let value = field.value.trim_ascii();
            // Digits only: `u64::from_str` would take a sign.
            if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
                return Err(Fault::ContentLengthInvalid);
            }
            length = std::str::from_utf8(value).ok().and_then(|v| v.parse::<u64>().ok());
            if length.is_none() {
                return Err(Fault::ContentLengthInvalid);
            }
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
    match (length, chunked) {
        (Some(_), true) => Err(Fault::TwoFramings),
        (_, true) => Ok(Body::Chunked(Chunk::Start)),
        (Some(0) | None, false) => Ok(Body::Over),
        (Some(n), false) => Ok(Body::Length(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::{check, Body, Chunk, Fault};

    fn verdict(fields: &str) -> Option<Result<(), Fault>> {
        check(format!("POST /v1/validate HTTP/1.1\r\nHost: x\r\n{fields}\r\n").as_bytes())
            .map(|v| v.map(|_| ()))
    }

    #[test]
    fn a_good_head_tells_its_length_and_where_its_body_ends() {
        let head = "POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n";
        let bytes = format!("{head}{{\"a\": true}}GET /");
        assert_eq!(check(bytes.as_bytes()), Some(Ok((head.len(), Body::Length(12)))));
        let head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(
            check(head.as_bytes()),
            Some(Ok((head.len(), Body::Chunked(Chunk::Start))))
        );
        for head in
            ["GET / HTTP/1.1\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"]
        {
            assert_eq!(check(head.as_bytes()), Some(Ok((head.len(), Body::Over))));
        }
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
