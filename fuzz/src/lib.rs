//! wavecall's fuzz targets; see `targets/mod.rs`.

#[path = "targets/mod.rs"]
pub mod targets;
pub mod typed_wave;

use std::sync::OnceLock;

use wavecall::Runtime;
use wavecall::wit::WitDecoder;

/// The pool of function types the call-text and round-trip targets draw from: 64 generated
/// worlds of 8 functions, built once per process.
pub fn pool() -> &'static targets::Pool {
    static POOL: OnceLock<targets::Pool> = OnceLock::new();
    POOL.get_or_init(|| targets::Pool::new(0x5eed, 64, &[]))
}

/// The pool for the spec-file target: the functions of the `types` fixture in `dir` (so
/// that a spec run against it has calls that resolve), and 8 generated worlds.
pub fn fixture_pool(dir: &str) -> targets::Pool {
    let runtime = Runtime::new().expect("engine");
    let types = runtime
        .load(std::path::Path::new(dir).join("types.wasm"))
        .expect("the types fixture (built by `cargo test` in the main crate)");
    targets::Pool::new(0x5eed, 8, &[types])
}

/// An engine for the component-bytes target, with limits so that no input can hang it.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        // As on the command line, wit-parser first decodes in a child process (this program
        // again, `__decode-wit`: `bin/stable.rs`), so that its known crash is not a finding.
        Runtime::builder()
            .fuel(100_000)
            .max_memory(16 << 20)
            .wit_decoder(WitDecoder::Guarded(decode_in_child))
            .build()
            .expect("engine")
    })
}

/// The argument that makes the fuzz runner decode WIT for its parent.
pub const DECODE_WIT: &str = "__decode-wit";

fn decode_in_child(binary: &[u8]) -> Option<String> {
    let program = std::env::current_exe().ok()?;
    wavecall::wit::decode_in_child(&program, &[DECODE_WIT], binary)
}

/// The pool of parameter lists the typed-WAVE target draws from: 64 worlds of 8 functions.
pub fn typed_pool() -> &'static typed_wave::Pool {
    static POOL: OnceLock<typed_wave::Pool> = OnceLock::new();
    POOL.get_or_init(|| typed_wave::Pool::new(0x7e5d, 64))
}
