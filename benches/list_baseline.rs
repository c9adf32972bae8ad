//! The bare library path that issue 4's list target is measured against: wasm-wave's own
//! parser and type check, lowering and the call, in-process, with nothing of wavecall.
//!
//! `cargo bench --bench list_baseline -- COMPONENT CALL_FILE [RUNS]` prints the mean and the
//! fastest time in milliseconds of: instantiate, parse the call text, type-check it against
//! the export, call. `bench/run.sh` compares wavecall's whole process with it.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use wasmtime::component::wasm_wave::untyped::UntypedFuncCall;
use wasmtime::component::{Component, Linker, Type, Val};
use wasmtime::{Config, Engine, Store};

fn main() -> Result<()> {
    // `cargo bench` adds `--bench`; the rest are ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [component, call_file, rest @ ..] = args.as_slice() else {
        bail!("usage: list_baseline COMPONENT CALL_FILE [RUNS]");
    };
    let runs: usize = rest.first().map_or(Ok(10), |r| r.parse())?;
    let mut config = Config::new();
    config.wasm_component_model(true);
    let engine = Engine::new(&config)?;
    let component = Component::from_file(&engine, component)?;
    let linker = Linker::<()>::new(&engine);
    let text = std::fs::read_to_string(call_file).context("failed to read the call")?;
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component)?;
        let call = UntypedFuncCall::parse(text.trim())?;
        let func = instance
            .get_func(&mut store, call.name())
            .context("no such export")?;
        let ty = func.ty(&store);
        let params: Vec<Type> = ty.params().map(|(_, t)| t).collect();
        let args: Vec<Val> = call.to_wasm_params(&params)?;
        let mut results = vec![Val::Bool(false); ty.results().len()];
        func.call(&mut store, &args, &mut results)?;
        times.push(start.elapsed());
    }
    let mean = times.iter().sum::<Duration>() / runs as u32;
    let min = times.iter().min().copied().unwrap_or_default();
    println!(
        "{:.1} {:.1}",
        mean.as_secs_f64() * 1000.0,
        min.as_secs_f64() * 1000.0
    );
    Ok(())
}
