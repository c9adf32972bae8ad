//! A short, deterministic run of the fuzz targets (`fuzz/src/targets/`) on every
//! `cargo test`: a few thousand seeded cases each, and the inputs that once found bugs.
//!
//! The long runs are `cargo run --release --bin stable` in `fuzz/` (stable Rust) or
//! `cargo +nightly fuzz run TARGET` (libFuzzer); see `docs/sandbox.md`.

mod support;

#[path = "../fuzz/src/targets/mod.rs"]
mod targets;

use targets::{Choices, Pool, Rng};
use wavecall::{Program, Runtime, Source};

fn fixture(runtime: &Runtime, name: &str) -> Program {
    let path = support::fixtures::path(name);
    runtime
        .load(Source::Path(path))
        .unwrap_or_else(|e| panic!("load {name}: {e:?}"))
}

fn pool() -> Pool {
    let runtime = Runtime::new().unwrap();
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
fn completion_smoke() {
    let runtime = Runtime::new().unwrap();
    for name in ["types", "resources", "shapes"] {
        let program = fixture(&runtime, name);
        let mut rng = Rng(7);
        for _ in 0..20_000 {
            targets::completion(&program, &mut rng);
        }
    }
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
    let runtime = Runtime::builder()
        .fuel(100_000)
        .max_memory(16 << 20)
        .build()
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
    let runtime = Runtime::new().unwrap();
    let bytes = include_bytes!("data/wit-decode-panic.wasm");
    targets::component_bytes(&runtime, bytes);
    let wit = wavecall::wit::Wit::decode(bytes).unwrap();
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

#[test]
fn spec_file_smoke() {
    let runtime = Runtime::new().unwrap();
    let types = fixture(&runtime, "types");
    let pool = Pool::new(0x5eed, 2, &[types]);
    let dir = tempfile::tempdir().unwrap();
    let run = targets::SpecRun {
        component: support::fixtures::path("types"),
        dir: dir.path().to_path_buf(),
        every: 200,
    };
    let mut rng = Rng(4);
    let parsed = (0..1_000)
        .filter(|_| targets::spec_file(&pool, Some(&run), &mut rng))
        .count();
    // Many specs parse (about a fifth: half are mutated, and values are often odd on
    // purpose): a generator whose specs never do would test nothing past the parser.
    assert!(parsed > 100, "only {parsed} of 1000 specs parsed");
}

#[cfg(unix)]
#[test]
fn cli_values_smoke() {
    let dir = tempfile::tempdir().unwrap();
    let files = targets::FileBox::new(dir.path());
    let mut rng = Rng(5);
    for _ in 0..1_000 {
        targets::cli_values(&files, &mut rng);
    }
    // The limits of a real call at the edges: no practical limit, never an overflow.
    for (timeout, bytes) in [
        (Some(std::time::Duration::MAX), Some(u64::MAX)),
        (
            Some(std::time::Duration::from_secs(i64::MAX as u64)),
            Some(0),
        ),
        (None, Some(1)),
    ] {
        targets::call_with_limits(timeout, bytes, &mut Rng(rng.next_u64()));
    }
}

/// Found by `stable call_text` (seed 1, iteration 150): a binding name holding a line break
/// made the caret's label a second line.
#[test]
fn a_label_with_a_line_break_stays_on_the_caret_line() {
    assert!(!targets::check_call("\"\"\"\nC = f()", "f", &[]));
}
