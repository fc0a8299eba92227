//! The connection as hyper reads it: each request head held back until it is whole and
//! checked, the bytes of bodies passed on as they come.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::body::Body;
use super::{check, Fault, Verdicts};

/// What hyper reads in place of a refused head: a request the service answers with the
/// problem (it knows which request it is from [`Verdicts`]), closing the connection.
const STAND_IN: &[u8] = b"GET / HTTP/1.1\r\nhost: minplan\r\nconnection: close\r\n\r\n";

/// After a refused head, what the client still sends is read and dropped, up to this
/// many bytes, so that closing does not reset the connection before the client has read
/// the answer.
const DISCARD: usize = 256 * 1024;

/// How long the closing of a connection with a refused head waits for the client to
/// close its side.
const LINGER: Duration = Duration::from_secs(1);

/// A client connection whose request heads are checked before hyper reads them.
pub struct Checked<S> {
    inner: S,
    /// Bytes read from the client that hyper has not had.
    held: Vec<u8>,
    /// Of `held`, the bytes hyper has had (dropped now and then).
    given: usize,
    /// Of `held`, the bytes hyper may have: bodies and checked heads. After it, a head
    /// still arriving.
    ready: usize,
    /// In a body, or at a head.
    body: Body,
    /// How long the held head was when it was last parsed.
    parsed: usize,
    /// Heads passed to hyper.
    heads: u64,
    /// The client has closed its side (or its reads failed).
    eof: bool,
    /// A head was refused: the stand-in is (or was) hyper's last request.
    refused: bool,
    /// Bytes dropped after the refused head.
    discarded: usize,
    /// The wait for the client to close, once the answer to a refused head is sent.
    linger: Option<Pin<Box<tokio::time::Sleep>>>,
    verdicts: Arc<Verdicts>,
}

impl<S: AsyncRead + Unpin> Checked<S> {
    /// Checks the heads of `inner`, recording a refused one in `verdicts`.
    pub fn new(inner: S, verdicts: Arc<Verdicts>) -> Self {
        Self {
            inner,
            held: Vec::with_capacity(1024),
            given: 0,
            ready: 0,
            body: Body::Over,
            parsed: 0,
            heads: 0,
            eof: false,
            refused: false,
            discarded: 0,
            linger: None,
            verdicts,
        }
    }

    /// Whether the first head is whole and checked (passed or refused).
    pub fn first_head_judged(&self) -> bool {
        self.heads > 0 || self.refused
    }

    /// Whether the client closed before that.
    pub fn closed(&self) -> bool {
        self.eof
    }

    /// Reads what the client sent next into `held` and scans it.
    pub fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.given == self.ready && self.given > 0 {
            self.held.drain(..self.given);
            self.ready -= self.given;
            self.given = 0;
        }
        let mut chunk = [0u8; 8192];
        let mut read = ReadBuf::new(&mut chunk);
        ready!(Pin::new(&mut self.inner).poll_read(cx, &mut read))?;
        if read.filled().is_empty() {
            self.eof = true;
        } else {
            self.held.extend_from_slice(read.filled());
            self.scan();
        }
        Poll::Ready(Ok(()))
    }

    /// Moves `ready` over the bodies and the good heads that `held` now holds; refuses
    /// a faulty head.
    fn scan(&mut self) {
        while !self.refused {
            let Some(rest) = self.held.get(self.ready..).filter(|r| !r.is_empty()) else {
                return;
            };
            if self.body != Body::Over {
                self.ready += self.body.skip(rest);
                if self.body != Body::Over {
                    return;
                }
                continue;
            }
            // A head: parsed when it may have ended (an empty line), at a line's end once
            // it has doubled since the last parse (a bad request line is answered at
            // once), or when it is over the limit; a head trickled in a byte at a time
            // is not parsed a byte at a time.
            let new = rest.get(self.parsed.saturating_sub(3)..).unwrap_or_default();
            let ended = new.windows(2).any(|w| w == b"\n\n")
                || new.windows(3).any(|w| w == b"\n\r\n");
            let line = new.contains(&b'\n') && rest.len() >= 2 * self.parsed;
            if !(ended || line || rest.len() > super::MAX_HEAD) {
                return;
            }
            self.parsed = rest.len();
            match check(rest) {
                None => return,
                Some(Ok((length, body))) => {
                    self.ready += length;
                    self.body = body;
                    self.parsed = 0;
                    self.heads += 1;
                }
                Some(Err(fault)) => self.refuse(fault),
            }
        }
    }

    /// Puts the stand-in where the faulty head was; nothing after it reaches hyper.
    fn refuse(&mut self, fault: Fault) {
        self.verdicts.refuse(self.heads, fault);
        self.held.truncate(self.ready);
        self.held.extend_from_slice(STAND_IN);
        self.ready = self.held.len();
        self.refused = true;
    }

    /// Reads and drops what the client sends after a refused head, up to [`DISCARD`]
    /// bytes or its end.
    fn poll_discard(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        while self.discarded < DISCARD && !self.eof {
            let mut chunk = [0u8; 8192];
            let mut read = ReadBuf::new(&mut chunk);
            match Pin::new(&mut self.inner).poll_read(cx, &mut read) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(())) if !read.filled().is_empty() => {
                    self.discarded += read.filled().len();
                }
                Poll::Ready(_) => self.eof = true,
            }
        }
        Poll::Ready(())
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Checked<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.given < this.ready {
                let rest = this.held.get(this.given..this.ready).unwrap_or_default();
                let n = rest.len().min(buf.remaining());
                buf.put_slice(rest.get(..n).unwrap_or_default());
                this.given += n;
                return Poll::Ready(Ok(()));
            }
            if this.refused {
                // hyper is answering the stand-in, and closes after it: it learns of
                // nothing more (an end here would be a request cut short).
                let _ = this.poll_discard(cx);
                return Poll::Pending;
            }
            if this.eof {
                // An unfinished head and the end: hyper sees both.
                if this.ready < this.held.len() {
                    this.ready = this.held.len();
                    continue;
                }
                return Poll::Ready(Ok(()));
            }
            ready!(this.poll_fill(cx))?;
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Checked<S> {
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

    /// Closes the connection; after a refused head, first waits (at most [`LINGER`])
    /// for the client to close its side, reading what it sends.
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.linger.is_none() {
            ready!(Pin::new(&mut this.inner).poll_shutdown(cx))?;
            if !this.refused {
                return Poll::Ready(Ok(()));
            }
            this.linger = Some(Box::pin(tokio::time::sleep(LINGER)));
        }
        if let Some(linger) = this.linger.as_mut() {
            if linger.as_mut().poll(cx).is_pending() && this.poll_discard(cx).is_pending()
            {
                return Poll::Pending;
            }
        }
        Poll::Ready(Ok(()))
    }
}
