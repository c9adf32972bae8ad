//! The Wasmtime engine configuration: what changes compiled code, and the limits on a guest.

use std::time::Duration;

use anyhow::Result;
use wasmtime::{Config, Engine};

use crate::cache::CacheOptions;

/// Settings for the Wasmtime engine and the limits on every call made with it.
///
/// The limits are all off by default; a front end that runs unvetted code should set them.
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// Fuel given to each session: roughly one unit per WebAssembly instruction.
    pub fuel: Option<u64>,
    /// Wall-clock time a session's calls may take, measured by epoch interruption.
    pub timeout: Option<Duration>,
    /// The most bytes any one linear memory or table may grow to.
    pub max_memory: Option<u64>,
    /// The most bytes of native stack WebAssembly code may use.
    pub max_stack: Option<usize>,
    /// Where compiled components are cached; on by default.
    pub cache: CacheOptions,
}

impl EngineOptions {
    /// Builds the Wasmtime engine these options describe.
    pub fn build_engine(&self) -> Result<Engine> {
        let mut config = Config::new();
        config.wasm_component_model(true);
        config.consume_fuel(self.fuel.is_some());
        config.epoch_interruption(self.timeout.is_some());
        if let Some(stack) = self.max_stack {
            config.max_wasm_stack(stack);
        }
        Ok(Engine::new(&config)?)
    }
}
