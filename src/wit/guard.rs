//! A workaround, to delete when wit-parser no longer crashes: running its decoder in a child
//! process first, so that a crash ends the child and not the process.
//!
//! wit-parser 0.254 (and its `main` as of wasm-tools a7ef4778a) recurses without bound in
//! `decoding.rs`'s `visit_package` on a component whose packages depend on each other in a
//! cycle, and reaches `unreachable!` on other components Wasmtime accepts (both found by
//! fuzzing; `tests/data/wit-decode-cycle.wasm`, `tests/data/wit-decode-panic.wasm`). No
//! report of either is in the wasm-tools tracker as of this writing; the recursion is at
//! <https://github.com/bytecodealliance/wasm-tools/blob/a7ef4778a/crates/wit-parser/src/decoding.rs#L1559>.
//! A stack overflow aborts the whole process, which no handler can catch. When an upgrade
//! decodes both files in-process (`tests/cli/bad-input/wit-decoder.wat` without the guard),
//! delete this file and [`WitDecoder::Guarded`](super::WitDecoder::Guarded).
//!
//! The child is a process of its own, started afresh, not a fork: a forked child of a
//! process with other threads can deadlock on a lock one of them held at the fork (seen:
//! std's backtrace lock, taken by `anyhow` in the decoder, while a test thread captured a
//! backtrace). A library cannot start a program of its own, so the front end says how: it
//! hands [`WitDecoder::Guarded`](super::WitDecoder::Guarded) a function that runs
//! [`decode_in_child`] with a program (usually itself, with an argument) whose `main` calls
//! [`decode_child_main`].

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

/// The child's exit status when the decoder panicked.
const PANICKED: i32 = 101;

/// What the child runs: decodes the component on standard input and returns the exit
/// status for the parent: 0 when wit-parser returns (a WIT world or an ordinary error),
/// 101 when it panics. A stack overflow aborts the child, which the parent sees as
/// a signal. Nothing is printed (the panic message included).
pub fn decode_child_main() -> i32 {
    let mut binary = Vec::new();
    if std::io::stdin().read_to_end(&mut binary).is_err() {
        return 0; // The parent decodes in-process, with its panic still caught.
    }
    std::panic::set_hook(Box::new(|_| {}));
    match std::panic::catch_unwind(|| wit_component::decode(&binary).is_ok()) {
        Ok(_) => 0,
        Err(_) => PANICKED,
    }
}

/// How decoding `binary` would fail this process, if it would: runs `program` with `args`
/// (which must run [`decode_child_main`]) on `binary` and reads its exit status. `None` means
/// in-process decoding is safe, or that no child could be started (then the decoder runs
/// in-process, its panics still caught there).
pub fn decode_in_child(program: &Path, args: &[&str], binary: &[u8]) -> Option<String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    // A child that exits before reading everything (it crashed) closes the pipe: the
    // status below says why, so the write error says nothing more.
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(binary);
    }
    let status = child.wait().ok()?;
    failure(status)
}

fn failure(status: ExitStatus) -> Option<String> {
    match status.code() {
        Some(0) => None,
        Some(PANICKED) => Some("panics on this component".to_string()),
        // Another exit status: not our child's; decode in-process, panics caught.
        Some(_) => None,
        // Killed by a signal: the stack overflow's abort.
        None => Some(
            "crashes on this component (it recurses without end on cyclic package dependencies)"
                .to_string(),
        ),
    }
}
