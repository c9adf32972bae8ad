//! The Wasmtime engine a runtime builds: the settings that change compiled code.

use anyhow::Result;
use wasmtime::{Config, Engine, InstanceAllocationStrategy};

use crate::cache::{IncompatibleArtifact, SettingsMismatch};
use crate::error::{ClassifyExt, FailureClass};
use crate::limits::{Limits, Metering};
use crate::wit::WitDecoder;

/// What a program keeps of the runtime that loaded it: the engine it was compiled with,
/// the limits its sessions get by default, what the engine meters, how its WIT is decoded.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) engine: Engine,
    pub(crate) limits: Limits,
    pub(crate) metering: Metering,
    pub(crate) wit_decoder: WitDecoder,
}

/// Builds the engine for a runtime with `limits` (its defaults for every session) that
/// meters what `metering` says.
pub(crate) fn build(limits: &Limits, metering: Metering) -> Result<Engine> {
    limits.check()?;
    build_with(limits, metering, InstanceAllocationStrategy::OnDemand)
        .classify(FailureClass::Usage, || {
            "failed to configure the WebAssembly engine".into()
        })
}

/// Builds an engine that compiles as [`build`]'s does, allocating instances by `strategy`
/// (a pooled program's own engine, `pool.rs`), with its own epoch ticker when time is
/// metered.
pub(crate) fn build_with(
    limits: &Limits,
    metering: Metering,
    strategy: InstanceAllocationStrategy,
) -> Result<Engine> {
    let mut config = config(metering, limits.max_stack);
    config.allocation_strategy(strategy);
    let engine = Engine::new(&config)?;
    if metering.timeout {
        crate::limits::start_ticker(&engine, limits.timeout);
    }
    Ok(engine)
}

fn config(metering: Metering, max_stack: Option<usize>) -> Config {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.consume_fuel(metering.fuel);
    config.epoch_interruption(metering.timeout);
    if let Some(stack) = max_stack {
        config.max_wasm_stack(stack);
    }
    config
}

/// Says which code-changing settings an artifact that does not fit this runtime was
/// compiled with, by trying each combination of fuel and epochs on and off; leaves it
/// unknown when none fits (another wavecall, another CPU).
pub(crate) fn diagnose(limits: &Limits, metering: Metering, err: &mut IncompatibleArtifact) {
    for (fuel, timeout) in [(false, false), (false, true), (true, false), (true, true)] {
        let tried = Metering { fuel, timeout };
        let Ok(engine) = Engine::new(&config(tried, limits.max_stack)) else {
            continue;
        };
        if crate::cache::engine_digest(&engine) == err.artifact_engine {
            err.settings = Some(SettingsMismatch {
                artifact_fuel: fuel,
                artifact_timeout: timeout,
                run_fuel: metering.fuel,
                run_timeout: limits.timeout.filter(|_| metering.timeout),
            });
            return;
        }
    }
}
