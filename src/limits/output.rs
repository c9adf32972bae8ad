//! The guest's standard output and error: where they go, and the cap on how much passes.
//!
//! [`GuestOutput`] routes both streams: to wavecall's own (the default, as `wasmtime run`
//! does), both to wavecall's stderr (so that stdout carries results alone, as
//! `run --format json` needs), or into memory buffers ([`CapturedOutput`], one pair per
//! spec file in `wavecall test`, read back after each test).
//!
//! Past the cap the guest's writes still succeed (a guest that fails on a failed write would
//! only trade one problem for another), but the bytes are dropped and one marker line says
//! so. The cap counts every byte the guest asked to write: over the whole session on a
//! terminal stream, since the last [`CapturedOutput::take_stdout`] (or `take_stderr`) in a
//! buffer.

use std::io::{self, Write};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use tokio::io::AsyncWrite;
use wasmtime_wasi::WasiCtxBuilder;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError, StreamResult};

use super::format_bytes;

/// How much a guest may write in one go (the permit `check-write` hands out).
const PERMIT: usize = 64 << 10;

/// Where the guest's stdout and stderr go.
#[derive(Debug, Clone, Default)]
pub enum GuestOutput {
    /// To wavecall's own stdout and stderr.
    #[default]
    Inherit,
    /// Both to wavecall's stderr, so that its stdout carries nothing but results.
    Stderr,
    /// Into memory, to be read back from the [`CapturedOutput`] (a clone shares the buffers).
    Capture(CapturedOutput),
}

/// Memory buffers that receive what the guest writes under [`GuestOutput::Capture`].
///
/// Clones share the buffers, so a caller keeps one clone and reads from it while the
/// sessions write into theirs.
#[derive(Debug, Clone, Default)]
pub struct CapturedOutput {
    stdout: Arc<Mutex<Counted>>,
    stderr: Arc<Mutex<Counted>>,
}

impl CapturedOutput {
    /// Empty buffers.
    pub fn new() -> CapturedOutput {
        CapturedOutput::default()
    }

    /// What the guest wrote to its stdout since the last take (cut at the cap, with the
    /// marker); the cap counts afresh from here.
    pub fn take_stdout(&self) -> Vec<u8> {
        lock(&self.stdout).take()
    }

    /// What the guest wrote to its stderr since the last take, as [`Self::take_stdout`].
    pub fn take_stderr(&self) -> Vec<u8> {
        lock(&self.stderr).take()
    }
}

/// Installs the routing on a WASI context that inherits stdio, with `cap` bytes at most
/// through each of stdout and stderr.
pub(crate) fn route(wasi: &mut WasiCtxBuilder, output: &GuestOutput, cap: Option<u64>) {
    let capped = |guest, sink| CappedOutput::new(guest, sink, cap.unwrap_or(u64::MAX));
    let (stdout, stderr) = match output {
        // Wasmtime's own streams, unless there is a cap to count.
        GuestOutput::Inherit if cap.is_none() => return,
        GuestOutput::Inherit => (Sink::Stdout, Sink::Stderr),
        GuestOutput::Stderr => (Sink::Stderr, Sink::Stderr),
        GuestOutput::Capture(buffers) => (
            Sink::Buffer(buffers.stdout.clone()),
            Sink::Buffer(buffers.stderr.clone()),
        ),
    };
    wasi.stdout(capped(Guest::Stdout, stdout))
        .stderr(capped(Guest::Stderr, stderr));
}

/// Which of the guest's streams, for the marker line.
#[derive(Debug, Clone, Copy)]
enum Guest {
    Stdout,
    Stderr,
}

/// Where the bytes go.
#[derive(Debug, Clone)]
enum Sink {
    Stdout,
    Stderr,
    Buffer(Arc<Mutex<Counted>>),
}

impl Sink {
    fn write_all(&self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout => io::stdout().write_all(bytes),
            Sink::Stderr => io::stderr().write_all(bytes),
            Sink::Buffer(buffer) => {
                lock(buffer).bytes.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    fn flush(&self) -> io::Result<()> {
        match self {
            Sink::Stdout => io::stdout().flush(),
            Sink::Stderr => io::stderr().flush(),
            Sink::Buffer(_) => Ok(()),
        }
    }
}

/// The bytes the guest asked to write, and (in a buffer) those that were kept.
#[derive(Debug, Default)]
struct Counted {
    written: u64,
    bytes: Vec<u8>,
}

impl Counted {
    fn take(&mut self) -> Vec<u8> {
        self.written = 0;
        std::mem::take(&mut self.bytes)
    }
}

/// A poisoned lock only means a writer panicked; the count and bytes are still usable.
fn lock(counted: &Mutex<Counted>) -> std::sync::MutexGuard<'_, Counted> {
    counted.lock().unwrap_or_else(|e| e.into_inner())
}

/// A guest stream that passes at most `cap` bytes on to its sink.
///
/// Clones share the count: WASI hands out a new stream on every `get-stdout`. A buffer sink
/// keeps its count beside the bytes, so that taking them starts the count afresh.
#[derive(Debug, Clone)]
pub(crate) struct CappedOutput {
    guest: Guest,
    sink: Sink,
    cap: u64,
    count: Arc<Mutex<Counted>>,
}

impl CappedOutput {
    fn new(guest: Guest, sink: Sink, cap: u64) -> CappedOutput {
        let count = match &sink {
            Sink::Buffer(buffer) => buffer.clone(),
            Sink::Stdout | Sink::Stderr => Arc::default(),
        };
        CappedOutput {
            guest,
            sink,
            cap,
            count,
        }
    }

    /// Writes what fits under the cap, and the marker when this write is the first to drop
    /// bytes (with `--max-output 0`, the very first byte).
    fn write(&self, bytes: &[u8]) -> io::Result<()> {
        let before = {
            let mut count = lock(&self.count);
            let before = count.written;
            count.written = before.saturating_add(bytes.len() as u64);
            before
        };
        let room = self.cap.saturating_sub(before);
        if bytes.len() as u64 <= room {
            return self.sink.write_all(bytes);
        }
        // Written exactly up to the cap so far means the marker is still to come (a cap of
        // 0 included); past it, the marker was written by the write that crossed it.
        if before > self.cap {
            return Ok(());
        }
        self.sink.write_all(&bytes[..room as usize])?;
        let name = match self.guest {
            Guest::Stdout => "stdout",
            Guest::Stderr => "stderr",
        };
        let marker = format!(
            "\n[wavecall: the guest's {name} was cut at {} (--max-output)]\n",
            format_bytes(self.cap)
        );
        self.sink.write_all(marker.as_bytes())?;
        self.sink.flush()
    }
}

impl IsTerminal for CappedOutput {
    fn is_terminal(&self) -> bool {
        match self.sink {
            Sink::Stdout => std::io::IsTerminal::is_terminal(&io::stdout()),
            Sink::Stderr => std::io::IsTerminal::is_terminal(&io::stderr()),
            Sink::Buffer(_) => false,
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
        self.sink.flush().map_err(stream_error)
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
        Poll::Ready(self.sink.flush())
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captured(cap: u64) -> (CapturedOutput, CappedOutput) {
        let buffers = CapturedOutput::new();
        let sink = Sink::Buffer(buffers.stdout.clone());
        (buffers, CappedOutput::new(Guest::Stdout, sink, cap))
    }

    #[test]
    fn cuts_at_the_cap_with_one_marker() {
        let (buffers, out) = captured(5);
        out.write(b"abc").unwrap();
        out.write(b"defg").unwrap();
        out.write(b"hij").unwrap();
        assert_eq!(
            String::from_utf8(buffers.take_stdout()).unwrap(),
            "abcde\n[wavecall: the guest's stdout was cut at 5 bytes (--max-output)]\n"
        );
    }

    #[test]
    fn exactly_at_the_cap_is_not_cut() {
        let (buffers, out) = captured(3);
        out.write(b"abc").unwrap();
        assert_eq!(buffers.take_stdout(), b"abc");
        out.write(b"").unwrap();
        assert_eq!(buffers.take_stdout(), b"");
    }

    #[test]
    fn a_cap_of_zero_still_says_so() {
        let (buffers, out) = captured(0);
        out.write(b"x").unwrap();
        out.write(b"y").unwrap();
        assert_eq!(
            String::from_utf8(buffers.take_stdout()).unwrap(),
            "\n[wavecall: the guest's stdout was cut at 0 bytes (--max-output)]\n"
        );
    }

    #[test]
    fn taking_starts_the_count_afresh() {
        let (buffers, out) = captured(4);
        out.write(b"12345").unwrap();
        assert!(buffers.take_stdout().starts_with(b"1234\n[wavecall"));
        // A clone, as WASI makes on every `get-stdout`, shares the count.
        out.clone().write(b"abcd").unwrap();
        assert_eq!(buffers.take_stdout(), b"abcd");
        assert!(buffers.take_stderr().is_empty());
    }
}
