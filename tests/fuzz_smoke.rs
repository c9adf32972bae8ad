//! A short, deterministic run of the fuzz targets (`fuzz/src/targets.rs`) on every
//! `cargo test`: a few thousand seeded cases each, and the inputs that once found bugs.
//!
//! The long runs are `cargo run --release --bin stable` in `fuzz/` (stable Rust) or
//! `cargo +nightly fuzz run TARGET` (libFuzzer); see `docs/sandbox.md`.

mod support;

#[path = "../fuzz/src/targets.rs"]
mod targets;

use targets::{Pool, Rng};
use wavecall::{EngineOptions, Program, Runtime, Source};

fn fixture(runtime: &Runtime, name: &str) -> Program {
    let path = support::fixtures::path(name);
    runtime
        .load(&Source::Path(path))
        .unwrap_or_else(|e| panic!("load {name}: {e:?}"))
}

fn pool() -> Pool {
    let runtime = Runtime::new(EngineOptions::default()).unwrap();
    let types = fixture(&runtime, "types");
    Pool::new(0x5eed, 16, &[types])
}

#[test]
fn call_text_smoke() {
    let pool = pool();
    let mut rng = Rng(1);
    let converted = (0..3_000)
        .filter(|_| targets::call_text(&pool, &mut rng))
        .count();
    // Unmutated calls convert: a harness whose calls never do would test nothing.
    assert!(converted > 500, "only {converted} of 3000 calls converted");
}

#[test]
fn round_trip_smoke() {
    let pool = pool();
    let mut rng = Rng(2);
    for _ in 0..5_000 {
        targets::round_trip(&pool, &mut rng);
    }
}

#[test]
fn component_bytes_smoke() {
    let runtime = Runtime::new(EngineOptions {
        fuel: Some(100_000),
        max_memory: Some(16 << 20),
        ..EngineOptions::default()
    })
    .unwrap();
    let seeds: Vec<Vec<u8>> = ["shapes", "types", "traps"]
        .iter()
        .map(|name| std::fs::read(support::fixtures::path(name)).unwrap())
        .collect();
    let mut rng = Rng(3);
    for i in 0..600 {
        let bytes = targets::mutate_bytes(&seeds[i % seeds.len()], &mut rng);
        targets::component_bytes(&runtime, &bytes);
    }
    for bytes in [
        &b""[..],
        b"\0asm",
        b"\0asm\x0d\0\x01\0",
        b"(component",
        b"\xff\xfe",
    ] {
        targets::component_bytes(&runtime, bytes);
    }
}

/// Found by `stable component_bytes 1000000 7` at iteration 987,838: a mutated fixture that
/// Wasmtime compiles but on which wit-parser's decoder hit `unreachable!()`. The panic is
/// caught, and the WIT is rebuilt from the component's types instead.
#[test]
fn wit_decode_panic_falls_back_to_the_component_types() {
    let runtime = Runtime::new(EngineOptions::default()).unwrap();
    let bytes = include_bytes!("data/wit-decode-panic.wasm");
    targets::component_bytes(&runtime, bytes);
    let wit = wavecall::wit::ComponentWit::decode(bytes).unwrap();
    let partial = wit
        .partial
        .as_ref()
        .expect("rebuilt from the component's types");
    assert_eq!(partial.reason, "it panics on this component");
    let names: Vec<String> = wit.exports().iter().map(|e| e.func.name.clone()).collect();
    assert!(names.contains(&"version".to_string()), "{names:?}");
}

/// Call texts that stress the parser's limits: deep nesting, long numbers and strings.
#[test]
fn extreme_call_texts() {
    let pool = pool();
    let (name, params, _) = pool
        .funcs
        .iter()
        .find(|(name, _, _)| name == "echo-nested-list")
        .unwrap();
    for text in [
        format!("{name}({}{})", "[".repeat(100_000), "]".repeat(100_000)),
        format!("{name}({}", "[".repeat(100_000)),
        format!("{name}([[{}]])", "9".repeat(100_000)),
        format!("{name}(\"{}\")", "x".repeat(1_000_000)),
        format!("{name}({})", "(".repeat(50_000)),
        format!("{name}({})", "{a: ".repeat(50_000)),
        format!("{name}({})", "some(".repeat(50_000)),
    ] {
        assert!(
            !targets::check_call(&text, name, params),
            "accepted {text:.80}"
        );
    }
}
