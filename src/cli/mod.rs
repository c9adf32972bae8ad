//! The `wavecall` command line: everything only the binary needs. It uses the library
//! through its public API alone, as any other front end would; the library never prints.

pub mod color;
pub mod commands;
pub mod errors;
mod logger;
mod progress;
mod repl;

use anyhow::Result;
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::wit::WitDecoder;
use wavecall::{Runtime, RuntimeBuilder};

/// Writes `text` to standard output. A write that fails (a full disk, `> /dev/full`) is the
/// user's to fix, like a bad argument: exit status 2. A closed pipe is no error at all
/// (`main` exits quietly).
pub fn print(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .classify(FailureClass::Usage, || {
            "failed to write to standard output".into()
        })
}

/// The runtime every command builds from `runtime` (its limits and cache): with the
/// progress line for a slow compile, and the WIT decoder guarded against wit-parser's
/// crashes.
pub fn runtime(runtime: RuntimeBuilder) -> Result<Runtime> {
    progress::report(runtime.wit_decoder(WIT_DECODER)).build()
}

/// How the command line decodes WIT: wit-parser first runs in a child process (this program
/// again, `wavecall __decode-wit`), so that its crash on a hostile component cannot end this
/// one (`wavecall::wit::decode_in_child`).
pub const WIT_DECODER: WitDecoder = WitDecoder::Guarded(decode_in_child);

fn decode_in_child(binary: &[u8]) -> Option<String> {
    let program = std::env::current_exe().ok()?;
    wavecall::wit::decode_in_child(&program, &[commands::DECODE_WIT], binary)
}
