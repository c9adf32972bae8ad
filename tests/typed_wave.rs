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
