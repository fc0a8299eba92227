//! Where a request's body ends in the bytes of a connection, so that the head after it
//! can be checked before hyper reads it.
//!
//! The chunked states follow hyper's own decoder (`proto/h1/decode.rs`, `ChunkedState`)
//! byte for byte: the body ends exactly where hyper's does. Wherever hyper would refuse
//! the bytes (a size that is not hex, a missing CR or LF, an overflow), the body becomes
//! [`Body::Opaque`]: everything after is passed on unchecked, hyper fails the request
//! (the handler answers 400) and closes the connection, so no later head is read.

/// The part of a connection's byte stream the body is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body, or it has ended: the next bytes are a request head.
    Over,
    /// This many body bytes are still to come (`Content-Length`).
    Length(u64),
    /// A chunked body (`Transfer-Encoding: chunked`), where in it.
    Chunked(Chunk),
    /// Bytes hyper refuses as a body: passed on, never scanned again.
    Opaque,
}

/// Where a chunked body is: hyper's `ChunkedState`, with the chunk's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// The first hex digit of a chunk size.
    Start,
    /// More hex digits, with the size so far.
    Size(u64),
    /// Blanks after the size.
    SizeBlank(u64),
    /// A chunk extension, up to CR.
    Extension(u64),
    /// The LF after the size line's CR.
    SizeLf(u64),
    /// This many data bytes still to come.
    Data(u64),
    /// The CR after the data.
    DataCr,
    /// The LF after the data.
    DataLf,
    /// A trailer field, up to CR.
    Trailer,
    /// The LF after a trailer field's CR.
    TrailerLf,
    /// A CR (the end) or a trailer field's first byte.
    EndCr,
    /// The LF of the end.
    EndLf,
}

/// The value of a hex digit.
fn hex(b: u8) -> Option<u64> {
    char::from(b).to_digit(16).map(u64::from)
}

impl Body {
    /// Takes from the front of `bytes` what belongs to the body and returns how much;
    /// when the body ends within `bytes`, `self` is [`Body::Over`] and the rest is the
    /// next head.
    pub fn skip(&mut self, bytes: &[u8]) -> usize {
        let mut used = 0;
        while used < bytes.len() {
            match *self {
                Body::Over => break,
                Body::Opaque => return bytes.len(),
                Body::Length(left) => {
                    let rest = bytes.len() - used;
                    let take = usize::try_from(left).map_or(rest, |l| l.min(rest));
                    used += take;
                    let left = left.saturating_sub(take as u64);
                    *self = if left == 0 { Body::Over } else { Body::Length(left) };
                }
                Body::Chunked(Chunk::Data(left)) => {
                    let rest = bytes.len() - used;
                    let take = usize::try_from(left).map_or(rest, |l| l.min(rest));
                    used += take;
                    let left = left.saturating_sub(take as u64);
                    *self = Body::Chunked(if left == 0 {
                        Chunk::DataCr
                    } else {
                        Chunk::Data(left)
                    });
                }
                Body::Chunked(chunk) => {
                    let Some(&b) = bytes.get(used) else { break };
                    used += 1;
                    *self = match chunk.step(b) {
                        Some(Some(next)) => Body::Chunked(next),
                        Some(None) => Body::Over,
                        None => Body::Opaque,
                    };
                }
            }
        }
        used
    }
}

impl Chunk {
    /// The state after byte `b`: `Some(None)` when the body has ended, `None` where
    /// hyper refuses the byte.
    fn step(self, b: u8) -> Option<Option<Chunk>> {
        let next = match (self, b) {
            (Chunk::Start, _) => Chunk::Size(hex(b)?),
            (Chunk::Size(n), b'\t' | b' ') => Chunk::SizeBlank(n),
            (Chunk::Size(n), b';') => Chunk::Extension(n),
            (Chunk::Size(n), b'\r') => Chunk::SizeLf(n),
            (Chunk::Size(n), _) => Chunk::Size(n.checked_mul(16)?.checked_add(hex(b)?)?),
            (Chunk::SizeBlank(n), b'\t' | b' ') => Chunk::SizeBlank(n),
            (Chunk::SizeBlank(n), b';') => Chunk::Extension(n),
            (Chunk::SizeBlank(n), b'\r') => Chunk::SizeLf(n),
            (Chunk::SizeBlank(_), _) => return None,
            (Chunk::Extension(n), b'\r') => Chunk::SizeLf(n),
            (Chunk::Extension(_), b'\n') => return None,
            (Chunk::Extension(n), _) => Chunk::Extension(n),
            (Chunk::SizeLf(0), b'\n') => Chunk::EndCr,
            (Chunk::SizeLf(n), b'\n') => Chunk::Data(n),
            (Chunk::SizeLf(_), _) => return None,
            // Data is skipped in `Body::skip`, a run at a time; a zero-length run ends it.
            (Chunk::Data(_), _) => return None,
            (Chunk::DataCr, b'\r') => Chunk::DataLf,
            (Chunk::DataCr, _) => return None,
            (Chunk::DataLf, b'\n') => Chunk::Start,
            (Chunk::DataLf, _) => return None,
            (Chunk::Trailer, b'\r') => Chunk::TrailerLf,
            (Chunk::Trailer, _) => Chunk::Trailer,
            (Chunk::TrailerLf, b'\n') => Chunk::EndCr,
            (Chunk::TrailerLf, _) => return None,
            (Chunk::EndCr, b'\r') => Chunk::EndLf,
            (Chunk::EndCr, _) => Chunk::Trailer,
            (Chunk::EndLf, b'\n') => return Some(None),
            (Chunk::EndLf, _) => return None,
        };
        Some(Some(next))
    }
}

#[cfg(test)]
mod tests {
    use super::{Body, Chunk};

    /// Feeds `bytes` in pieces of `step` and returns where the body ended, if it did.
    fn end(mut body: Body, bytes: &[u8], step: usize) -> (Option<usize>, Body) {
        let mut at = 0;
        for piece in bytes.chunks(step) {
            let used = body.skip(piece);
            at += used;
            if body == Body::Over {
                return (Some(at), body);
            }
            assert_eq!(used, piece.len(), "a piece is used whole until the end");
        }
        (None, body)
    }

    #[test]
    fn a_length_body_ends_after_its_bytes() {
        for step in [1, 3, 100] {
            let (at, _) = end(Body::Length(5), b"helloGET / HTTP/1.1", step);
            assert_eq!(at, Some(5));
        }
        assert_eq!(end(Body::Length(50), b"hello", 2), (None, Body::Length(45)));
    }

    #[test]
    fn a_chunked_body_ends_where_hypers_does() {
        let chunked = Body::Chunked(Chunk::Start);
        let cases: [(&[u8], Option<usize>); 6] = [
            (b"5\r\nhello\r\n0\r\n\r\nGET", Some(15)),
            (b"5;name=value\r\nhello\r\n0\r\n\r\nGET", Some(26)),
            (b"A \t\r\n0123456789\r\n0\r\n\r\nG", Some(22)),
            (b"3\r\nabc\r\n0\r\nExpires: x\r\nX: y\r\n\r\nGET", Some(31)),
            (b"0\r\n\r\n", Some(5)),
            (b"5\r\nhello\r\n0\r\n", None),
        ];
        for (bytes, expected) in cases {
            for step in [1, 2, 7, 64] {
                let (at, _) = end(chunked, bytes, step);
                assert_eq!(
                    at,
                    expected,
                    "{:?} in pieces of {step}",
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }

    #[test]
    fn bytes_hyper_refuses_make_the_rest_opaque() {
        let chunked = Body::Chunked(Chunk::Start);
        let cases: [&[u8]; 7] = [
            b"zz\r\n{}\r\n0\r\n\r\n",
            b"5\nhello\r\n0\r\n\r\n",
            b"5 x\r\nhello\r\n0\r\n\r\n",
            b"5;a\nb\r\nhello\r\n0\r\n\r\n",
            b"5\r\nhelloXX0\r\n\r\n",
            b"10000000000000000\r\n",
            b"0\r\nX: y\rZ",
        ];
        for bytes in cases {
            let (at, body) = end(chunked, bytes, 1);
            assert_eq!(
                (at, body),
                (None, Body::Opaque),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
