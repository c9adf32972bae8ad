//! The typed WAVE parser against the reference path (wasm-wave's tree and wavecall's
//! converter) and wasm-wave's typed parser, for a few thousand seeded cases on every
//! `cargo test`: the short run of the differential fuzz target `fuzz/src/typed_wave.rs`.
//!
//! The long run: `cargo run --release --bin stable -- typed_wave 5000000` in `fuzz/`.

#[path = "../fuzz/src/typed_wave.rs"]
mod typed_wave;

use typed_wave::{Pool, Rng, Tally};

#[test]
fn typed_parser_agrees_with_the_reference() {
    let pool = Pool::new(0x7e5d, 12);
    let mut rng = Rng(1);
    let mut tally = Tally::default();
    let cases: u64 = std::env::var("TYPED_WAVE_CASES").map_or(6_000, |n| n.parse().unwrap());
    for _ in 0..cases {
        typed_wave::typed_wave(&pool, &mut rng, &mut tally);
    }
    // A harness whose cases all fail, or all pass, would compare little.
    assert!(tally.accepted > 1_000, "{tally:?}");
    assert!(tally.refused > 1_000, "{tally:?}");
    assert!(tally.from_wave > 1_000, "{tally:?}");
}

/// Lists long enough for the room of the rest to be projected and put on huge pages
/// (`src/invocation/typed/grow.rs`), of numbers (their own loop) and of strings.
#[test]
fn long_lists_agree_with_the_reference() {
    let funcs = typed_wave::params_of(
        "package long:lists;\n\nworld w {\n  export f: func(xs: list<u32>, ys: list<string>, \
         zs: list<s8>);\n}\n",
    );
    let params = &funcs[0];
    let n = 150_000;
    let xs: Vec<String> = (0..n).map(|i| (i * 7919 % 1_000_003).to_string()).collect();
    let ys: Vec<String> = (0..n).map(|i| format!("\"s{i}\\t\"")).collect();
    // Other spacing than `, `, and a comment, part way through.
    let zs: Vec<String> = (0..n).map(|i| (i % 256 - 128).to_string()).collect();
    let text = format!(
        "f([{}], [{}], [{} // the end\n])",
        xs.join(", "),
        ys.join(","),
        zs.join(" ,\n")
    );
    let values = typed_wave::agree(&text, params).expect("both accept");
    let wasmtime::component::Val::List(first) = &values[0] else {
        panic!("not a list: {:?}", values[0]);
    };
    assert_eq!(first.len(), n as usize);
    assert_eq!(first[1], wasmtime::component::Val::U32(7919));
    // One bad item at the very end refuses the whole call, on both paths.
    let last = format!("{} // the end", zs[zs.len() - 1]);
    let bad = text.replace(&last, "128 // the end");
    assert_ne!(bad, text);
    assert!(typed_wave::agree(&bad, params).is_none());
}
