//! A Rust program that uses wavecall as a library, without its command line.
//!
//! Run it with `cargo run --example embed`. It loads the bundled shapes component, calls
//! `area` once from WAVE text and once with typed values, and prints both results.

use std::time::Duration;

use anyhow::Result;
use wavecall::render::Format;
use wavecall::{Runtime, Val};

fn main() -> Result<()> {
    // Limits suitable for untrusted code: two seconds and 64 MiB per memory, for every call.
    let runtime = Runtime::builder()
        .timeout(Duration::from_secs(2))
        .max_memory(64 << 20)
        .build()?;
    let program = runtime.load(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/shapes.wasm"))?;
    let mut session = program.session().start()?;

    // From WAVE text, as on the command line.
    let outcome = session.invoke("area(circle({radius: 2.0}))")?;
    println!(
        "area from text:  {}",
        session.render(&outcome, Format::Wave)
    );

    // With typed values: find the export, build the argument, read the typed result.
    let area = program.exports().resolve("area")?;
    let square = Val::Variant(
        "rect".into(),
        Some(Box::new(Val::Record(vec![
            ("width".into(), Val::Float32(3.0)),
            ("height".into(), Val::Float32(3.0)),
        ]))),
    );
    let outcome = session.call(area, &[square])?;
    if let [Val::Float32(value)] = outcome.results.as_slice() {
        println!("area from values: {value}");
    }
    Ok(())
}
