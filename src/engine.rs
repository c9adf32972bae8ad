//! The Wasmtime engine configuration: what changes compiled code, and the limits on a guest.

use std::time::Duration;

use anyhow::Result;
use wasmtime::{Config, Engine};

use crate::cache::{CacheOptions, IncompatibleArtifact, SettingsMismatch};
use crate::error::{ClassifyExt, FailureClass};

/// Settings for the Wasmtime engine and the limits on every call made with it.
///
/// The limits are all off by default; a front end that runs unvetted code should set them.
/// See [`crate::limits`] for what each one does when it is hit.
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// Fuel given to each call (and to instantiation): roughly one unit per WebAssembly
    /// instruction.
    pub fuel: Option<u64>,
    /// Wall-clock time each call (and instantiation) may take, measured by epoch interruption.
    pub timeout: Option<Duration>,
    /// The most bytes any one linear memory or table may grow to.
    pub max_memory: Option<u64>,
    /// The most bytes of native stack WebAssembly code may use.
    pub max_stack: Option<usize>,
    /// Where compiled components are cached; on by default.
    pub cache: CacheOptions,
    /// The most bytes the guest may write to each of stdout and stderr in a session; the
    /// rest is dropped, after a marker line.
    pub max_output: Option<u64>,
}

impl EngineOptions {
    /// Builds the Wasmtime engine these options describe.
    pub fn build_engine(&self) -> Result<Engine> {
        crate::limits::check(self)?;
        let engine = Engine::new(&self.config(self.fuel.is_some(), self.timeout.is_some()))
            .classify(FailureClass::Usage, || {
                "failed to configure the WebAssembly engine".into()
            })?;
        if let Some(timeout) = self.timeout {
            crate::limits::start_ticker(&engine, timeout);
        }
        Ok(engine)
    }

    fn config(&self, fuel: bool, epochs: bool) -> Config {
        let mut config = Config::new();
        config.wasm_component_model(true);
        config.consume_fuel(fuel);
        config.epoch_interruption(epochs);
        if let Some(stack) = self.max_stack {
            config.max_wasm_stack(stack);
        }
        config
    }

    /// Says which code-changing settings an artifact that does not fit these options was
    /// compiled with, by trying each combination of fuel and epochs on and off; leaves it
    /// unknown when none fits (another wavecall, another CPU).
    pub(crate) fn diagnose(&self, err: &mut IncompatibleArtifact) {
        for (fuel, epochs) in [(false, false), (false, true), (true, false), (true, true)] {
            let Ok(engine) = Engine::new(&self.config(fuel, epochs)) else {
                continue;
            };
            if crate::cache::engine_digest(&engine) == err.artifact_engine {
                err.settings = Some(SettingsMismatch {
                    artifact_fuel: fuel,
                    artifact_timeout: epochs,
                    run_fuel: self.fuel.is_some(),
                    run_timeout: self.timeout,
                });
                return;
            }
        }
    }
}
