#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wavecall::Program;
use wavecall_fuzz::targets::{Bytes, completion};

/// The `types` fixture, built by `cargo test` in the main crate.
fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/tmp/fixtures/types.wasm"
        );
        wavecall::Runtime::new()
            .expect("engine")
            .load(dir)
            .expect("the types fixture")
    })
}

fuzz_target!(|data: &[u8]| {
    completion(program(), &mut Bytes(data));
});
