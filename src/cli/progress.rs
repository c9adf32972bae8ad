//! One line on standard error while a slow compile runs.
//!
//! A cold compile of a large component (an 18 MB componentize-py one) takes tens of seconds;
//! silence would look like a hang. The line appears only when the compile has already taken
//! a second (so small components never show it), only when standard error is a terminal
//! (logs and CI output stay clean), and never with `-q`:
//!
//! ```text
//! compiling `python.wasm` (18.3 MB), cached for next time… done in 21.4s
//! ```

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use wavecall::{LoadProgress, RuntimeBuilder};

/// How long a compile runs before the line appears.
const AFTER: Duration = Duration::from_secs(1);

static QUIET: OnceLock<bool> = OnceLock::new();

/// Records `-q`, once, before any command runs.
pub fn set_quiet(quiet: bool) {
    let _ = QUIET.set(quiet);
}

/// Gives `runtime` the progress line, unless quiet or standard error is not a terminal.
pub fn report(runtime: RuntimeBuilder) -> RuntimeBuilder {
    let quiet = QUIET.get().copied().unwrap_or(false);
    if quiet || !std::io::stderr().is_terminal() {
        return runtime;
    }
    let printer = Printer::new(
        AFTER,
        Arc::new(|text: &str| {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        }),
    );
    runtime.on_progress(move |event: &LoadProgress| printer.event(event))
}

/// Where the line is written.
type Out = Arc<dyn Fn(&str) + Send + Sync>;

/// Prints the line for compiles that outlast `after`.
struct Printer {
    after: Duration,
    out: Out,
    pending: Mutex<Option<Pending>>,
}

/// A compile under way: its timer thread, and whether the line is out.
struct Pending {
    finished: Sender<()>,
    timer: JoinHandle<()>,
    shown: Arc<AtomicBool>,
}

impl Printer {
    fn new(after: Duration, out: Out) -> Printer {
        Printer {
            after,
            out,
            pending: Mutex::new(None),
        }
    }

    fn event(&self, event: &LoadProgress) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            LoadProgress::Compiling {
                name,
                bytes,
                cached,
            } => {
                let line = start_line(name, *bytes, *cached);
                let (finished, wait) = mpsc::channel::<()>();
                let shown = Arc::new(AtomicBool::new(false));
                let (after, out, flag) = (self.after, self.out.clone(), shown.clone());
                let timer = std::thread::spawn(move || {
                    if let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(after) {
                        out(&line);
                        flag.store(true, Ordering::SeqCst);
                    }
                });
                *pending = Some(Pending {
                    finished,
                    timer,
                    shown,
                });
            }
            LoadProgress::Compiled { elapsed, .. } => {
                let Some(done) = pending.take() else {
                    return;
                };
                let _ = done.finished.send(());
                // The timer either printed the line already or never will.
                let _ = done.timer.join();
                if done.shown.load(Ordering::SeqCst) {
                    (self.out)(&format!(" done in {:.1}s\n", elapsed.as_secs_f64()));
                }
            }
        }
    }
}

/// `compiling `python.wasm` (18.3 MB), cached for next time…`
fn start_line(name: &str, bytes: u64, cached: bool) -> String {
    let file = std::path::Path::new(name)
        .file_name()
        .map_or(name.into(), |f| f.to_string_lossy());
    let size = match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b => format!("{} KB", b.div_ceil(1000)),
    };
    let cache = if cached { ", cached for next time" } else { "" };
    format!("compiling `{file}` ({size}){cache}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(after: Duration) -> (Printer, Arc<Mutex<String>>) {
        let text = Arc::new(Mutex::new(String::new()));
        let sink = text.clone();
        let out: Out = Arc::new(move |s: &str| sink.lock().unwrap().push_str(s));
        (Printer::new(after, out), text)
    }

    fn compiling() -> LoadProgress {
        LoadProgress::Compiling {
            name: "dir/python.wasm".into(),
            bytes: 18_332_551,
            cached: true,
        }
    }

    fn compiled(secs: f64) -> LoadProgress {
        LoadProgress::Compiled {
            name: "dir/python.wasm".into(),
            elapsed: Duration::from_secs_f64(secs),
        }
    }

    #[test]
    fn a_slow_compile_gets_one_line_with_its_time() {
        let (printer, text) = capture(Duration::from_millis(10));
        printer.event(&compiling());
        std::thread::sleep(Duration::from_millis(200));
        printer.event(&compiled(21.43));
        assert_eq!(
            *text.lock().unwrap(),
            "compiling `python.wasm` (18.3 MB), cached for next time… done in 21.4s\n"
        );
    }

    #[test]
    fn a_quick_compile_prints_nothing() {
        let (printer, text) = capture(Duration::from_secs(60));
        printer.event(&compiling());
        printer.event(&compiled(0.2));
        assert_eq!(*text.lock().unwrap(), "");
    }

    #[test]
    fn sizes_and_the_cache_are_named() {
        assert_eq!(
            start_line("a.wasm", 1_500, false),
            "compiling `a.wasm` (2 KB)…"
        );
        assert_eq!(
            start_line("/x/b.wat", 2_000_000, true),
            "compiling `b.wat` (2.0 MB), cached for next time…"
        );
    }
}
