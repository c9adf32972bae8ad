//! The guest's standard output and error, inherited from wavecall but capped.
//!
//! Past the cap the guest's writes still succeed (a guest that fails on a failed write would
//! only trade one problem for another), but the bytes are dropped and one marker line says
//! so. The cap counts every byte the guest asked to write, over the whole session.

use std::io::{self, Write};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use tokio::io::AsyncWrite;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError, StreamResult};

use super::format_bytes;

/// How much a guest may write in one go (the permit `check-write` hands out).
const PERMIT: usize = 64 << 10;

/// Which of wavecall's own streams the guest writes to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stdio {
    Stdout,
    Stderr,
}

impl Stdio {
    fn name(self) -> &'static str {
        match self {
            Stdio::Stdout => "stdout",
            Stdio::Stderr => "stderr",
        }
    }

    fn write_all(self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Stdio::Stdout => io::stdout().write_all(bytes),
            Stdio::Stderr => io::stderr().write_all(bytes),
        }
    }

    fn flush(self) -> io::Result<()> {
        match self {
            Stdio::Stdout => io::stdout().flush(),
            Stdio::Stderr => io::stderr().flush(),
        }
    }
}

/// A guest stream that passes at most `cap` bytes on to wavecall's stream.
///
/// Clones share the count: WASI hands out a new stream on every `get-stdout`.
#[derive(Debug, Clone)]
pub(crate) struct CappedOutput {
    target: Stdio,
    cap: u64,
    written: Arc<Mutex<u64>>,
}

impl CappedOutput {
    pub(crate) fn new(target: Stdio, cap: u64) -> CappedOutput {
        CappedOutput {
            target,
            cap,
            written: Arc::new(Mutex::new(0)),
        }
    }

    /// Writes what fits under the cap, and the marker when this write is the first to drop
    /// bytes (with `--max-output 0`, the very first byte).
    fn write(&self, bytes: &[u8]) -> io::Result<()> {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let before = *written;
        *written = before.saturating_add(bytes.len() as u64);
        if before > self.cap || (before == self.cap && before == *written) {
            // Already cut (and marked), or nothing to write.
            return Ok(());
        }
        let room = usize::try_from(self.cap - before).unwrap_or(usize::MAX);
        if bytes.len() <= room {
            return self.target.write_all(bytes);
        }
        self.target.write_all(&bytes[..room])?;
        let marker = format!(
            "\n[wavecall: the guest's {} was cut at {} (--max-output)]\n",
            self.target.name(),
            format_bytes(self.cap)
        );
        self.target.write_all(marker.as_bytes())?;
        self.target.flush()
    }
}

impl IsTerminal for CappedOutput {
    fn is_terminal(&self) -> bool {
        match self.target {
            Stdio::Stdout => std::io::IsTerminal::is_terminal(&io::stdout()),
            Stdio::Stderr => std::io::IsTerminal::is_terminal(&io::stderr()),
        }
    }
}

impl StdoutStream for CappedOutput {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

fn stream_error(err: io::Error) -> StreamError {
    StreamError::LastOperationFailed(wasmtime::Error::from(err))
}

impl OutputStream for CappedOutput {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        CappedOutput::write(self, &bytes).map_err(stream_error)
    }

    fn flush(&mut self) -> StreamResult<()> {
        self.target.flush().map_err(stream_error)
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(PERMIT)
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for CappedOutput {
    async fn ready(&mut self) {}
}

impl AsyncWrite for CappedOutput {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(CappedOutput::write(&self, buf).map(|()| buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.target.flush())
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
