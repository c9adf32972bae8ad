//! A workaround, to delete when wit-parser no longer crashes: running its decoder in a
//! forked child first, so that a crash ends the child and not the process.
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
//! Forking is process-wide behaviour a library must not impose: it is safe only while no
//! other thread holds a lock the child needs (the allocator's are fork-safe, but a
//! backtrace being captured on another thread is not), so it is off unless a front end
//! asks for it; the command line does.

/// How decoding `binary` would fail the process, if it would: a panic, or a crash.
///
/// The decoder runs once in a forked child, its output discarded; only if the child
/// decodes (or returns an ordinary error) does the caller decode in-process. This costs a
/// fork, on the paths that need WIT only: listing it, explaining, and error messages.
#[cfg(unix)]
pub(super) fn decoder_failure(binary: &[u8]) -> Option<&'static str> {
    // SAFETY: the child runs only the decoder (allocation, no locks shared with other
    // threads beyond the allocator's, which glibc makes fork-safe) and leaves with `_exit`,
    // running no destructors or atexit handlers of the parent's state.
    unsafe {
        match libc::fork() {
            -1 => None, // No child: decode in-process, with the panic still caught there.
            0 => {
                let devnull = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
                if devnull >= 0 {
                    libc::dup2(devnull, 2);
                }
                let survived = std::panic::catch_unwind(|| wit_component::decode(binary).is_ok());
                libc::_exit(if survived.is_ok() { 0 } else { 1 });
            }
            child => {
                let mut status = 0;
                while libc::waitpid(child, &mut status, 0) == -1 {
                    if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                        return None;
                    }
                }
                if !libc::WIFEXITED(status) {
                    Some(
                        "crashes on this component (it recurses without end on cyclic package \
                         dependencies)",
                    )
                } else if libc::WEXITSTATUS(status) != 0 {
                    Some("panics on this component")
                } else {
                    None
                }
            }
        }
    }
}

/// Without `fork`, the decoder runs in-process only.
#[cfg(not(unix))]
pub(super) fn decoder_failure(_binary: &[u8]) -> Option<&'static str> {
    None
}
