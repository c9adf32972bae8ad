//! Turning exhausted limits into named errors.

use std::time::Duration;

use wasmtime::{Engine, Trap};

use crate::engine::EngineOptions;

/// Ends the session's epoch after `timeout`, which interrupts a running guest.
pub(crate) fn start_epoch_timer(engine: &Engine, timeout: Duration) {
    let engine = engine.weak();
    std::thread::spawn(move || {
        std::thread::sleep(timeout);
        if let Some(engine) = engine.upgrade() {
            engine.increment_epoch();
        }
    });
}

/// Adds a sentence naming the limit when `err` is a limit being hit.
pub(crate) fn explain(err: wasmtime::Error, options: &EngineOptions) -> anyhow::Error {
    let named = match err.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => options
            .fuel
            .map(|fuel| format!("exceeded the fuel limit of {fuel} units")),
        Some(Trap::Interrupt) => options
            .timeout
            .map(|t| format!("exceeded the {} timeout", format_duration(t))),
        _ => None,
    };
    let err = anyhow::Error::from(err);
    match named {
        Some(message) => err.context(message),
        None => err,
    }
}

/// `2s`, `1.5s`, `250ms`.
pub fn format_duration(d: Duration) -> String {
    if d.as_millis().is_multiple_of(1000) {
        format!("{}s", d.as_secs())
    } else if d < Duration::from_secs(1) {
        format!("{}ms", d.as_millis())
    } else {
        format!("{}s", d.as_secs_f64())
    }
}
