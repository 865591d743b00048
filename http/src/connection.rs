//! Connections: a listener whose connections give hyper's own error answers a problem body.
//!
//! hyper answers a request it cannot parse (a URI over 64 KiB: 414; headers too large: 431; a
//! malformed request line: 400) by itself, with an empty body, before any of our layers sees a
//! request, and offers no hook to change that answer. So the connection's write side spots such
//! a head (an error status without `content-type`, which none of our own answers lacks, see
//! `startup::problem_for_bare_errors`) and writes a problem in its place.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use axum::http::StatusCode;
use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use crate::error::{status_problem, PROBLEM_JSON};

/// A TCP listener whose connections are [`ProblemIo`]s.
pub struct ProblemListener(pub TcpListener);

impl Listener for ProblemListener {
    type Io = ProblemIo<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, addr) = Listener::accept(&mut self.0).await;
        (ProblemIo { inner: stream, replacing: None }, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Listener::local_addr(&self.0)
    }
}

/// A connection that rewrites hyper's bodiless error answers as problems.
pub struct ProblemIo<T> {
    inner: T,
    /// The problem being written in place of a head of `len` bytes, and how much of it is out.
    replacing: Option<Replacement>,
}

struct Replacement {
    bytes: Vec<u8>,
    written: usize,
    len: usize,
}

/// The problem answer for `head` when it is one of hyper's bodiless error answers.
fn replacement(head: &[u8]) -> Option<Vec<u8>> {
    let end = head.windows(4).position(|w| w == b"\r\n\r\n")?;
    let text = std::str::from_utf8(&head[..end]).ok()?;
    let mut lines = text.split("\r\n");
    let code = lines.next()?.strip_prefix("HTTP/1.")?.get(2..5)?;
    let status = StatusCode::from_bytes(code.as_bytes()).ok()?;
    let headers: Vec<&str> = lines.collect();
    let has = |name: &str| {
        headers.iter().any(|h| h.split(':').next().is_some_and(|n| n.eq_ignore_ascii_case(name)))
    };
    if !(status.is_client_error() || status.is_server_error()) || has("content-type") {
        return None;
    }
    // Outside any request's scope (hyper answered before the router), so in English.
    let detail = match status {
        StatusCode::URI_TOO_LONG => tatrack_i18n::msg("problem-url-too-long"),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => tatrack_i18n::msg("problem-headers-too-large"),
        _ => tatrack_i18n::msg("problem-request-unparsable"),
    };
    let body = serde_json::to_vec(&status_problem(status, &detail)).ok()?;
    let reason = status.canonical_reason().unwrap_or("Error");
    let mut lines = vec![format!("HTTP/1.1 {} {reason}", status.as_str())];
    let kept = headers.iter().filter(|h| !h.to_ascii_lowercase().starts_with("content-length"));
    lines.extend(kept.map(|h| (*h).to_owned()));
    lines.push(format!("content-type: {PROBLEM_JSON}"));
    lines.push(format!("content-length: {}\r\n\r\n", body.len()));
    let mut bytes = lines.join("\r\n").into_bytes();
    bytes.extend(body);
    Some(bytes)
}

impl<T: AsyncWrite + Unpin> ProblemIo<T> {
    /// Writes the pending replacement; ready with the length of the head it stands for.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        while let Some(r) = &mut self.replacing {
            if r.written == r.bytes.len() {
                let len = r.len;
                self.replacing = None;
                return Poll::Ready(Ok(len));
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &r.bytes[r.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            r.written += n;
        }
        Poll::Ready(Ok(0))
    }

    /// Starts replacing `buf` if it opens with one of hyper's bodiless error heads.
    fn intercept(&mut self, buf: &[u8]) -> bool {
        if self.replacing.is_none() && buf.starts_with(b"HTTP/1.") {
            if let Some(bytes) = replacement(buf) {
                let len = buf.windows(4).position(|w| w == b"\r\n\r\n").map_or(buf.len(), |end| end + 4);
                self.replacing = Some(Replacement { bytes, written: 0, len });
            }
        }
        self.replacing.is_some()
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for ProblemIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for ProblemIo<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.intercept(buf) {
            return self.poll_replacement(cx);
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if bufs.first().is_some_and(|first| self.intercept(first)) {
            return self.poll_replacement(cx);
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::replacement;

    #[test]
    fn only_bodiless_error_heads_are_replaced() {
        let hyper =
            b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: Mon, 30 Nov 2026 06:00:00 GMT\r\n\r\n";
        let answer = String::from_utf8(replacement(hyper).expect("replaced")).expect("text");
        let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
        assert!(head.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{head}");
        assert!(head.contains("content-type: application/problem+json"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())), "{head}");
        assert!(head.contains("date: Mon"), "{head}");
        let problem: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert_eq!(problem["status"], 414);
        assert_eq!(problem["type"], "/problems/http-414");

        let ours = b"HTTP/1.1 404 Not Found\r\ncontent-type: application/problem+json\r\ncontent-length: 2\r\n\r\n{}";
        assert!(replacement(ours).is_none());
        assert!(replacement(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(replacement(b"HTTP/1.1 204 No Content\r\n\r\n").is_none());
    }
}
