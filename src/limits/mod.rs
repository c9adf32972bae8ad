//! The limits on a guest, and the named errors that end a call which exhausts one.
//!
//! Every call (and instantiation, which may run start functions) gets the full budget again:
//! `--fuel 1000000` means each call may run about a million instructions, `--timeout 2s`
//! that each call may take two seconds. A call that exhausts a limit fails with a
//! [`LimitExceeded`] in its error chain, and the session does not use its instance again.
//!
//! The timeout works by epoch interruption: a ticker thread per engine advances the epoch a
//! few times per timeout, and at each tick a running guest checks the wall clock against its
//! deadline. A guest blocked inside a host call (a blocking read, a sleep) is only stopped
//! once that call returns to WebAssembly; see `docs/sandbox.md`.

mod output;

use std::fmt;
use std::time::{Duration, Instant};

use wasmtime::{Engine, ResourceLimiter, Store, StoreContextMut, Trap, UpdateDeadline};

use crate::engine::EngineOptions;
use crate::error::{ClassifyExt, FailureClass};
pub(crate) use output::route as route_output;
pub use output::{CapturedOutput, GuestOutput};

/// Wasmtime's default for the WebAssembly stack, used when no `max_stack` is set.
const DEFAULT_MAX_STACK: usize = 512 << 10;

/// A limit a call ran into. Found in the error chain of the failed call (`downcast_ref`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitExceeded {
    /// The call ran longer than the timeout.
    Timeout(Duration),
    /// The call used up its fuel.
    Fuel(u64),
    /// A linear memory would have grown past this many bytes.
    Memory(u64),
    /// A table would have grown past this many elements.
    Table(u64),
    /// The WebAssembly stack outgrew this many bytes.
    Stack(usize),
}

impl fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitExceeded::Timeout(t) => write!(f, "exceeded the {} timeout", format_duration(*t)),
            LimitExceeded::Fuel(fuel) => write!(f, "exceeded the fuel limit of {fuel} units"),
            LimitExceeded::Memory(bytes) => {
                write!(f, "memory limit of {} exceeded", format_bytes(*bytes))
            }
            LimitExceeded::Table(elements) => {
                write!(f, "table limit of {elements} elements exceeded")
            }
            LimitExceeded::Stack(bytes) => {
                write!(f, "stack limit of {} exceeded", format_bytes(*bytes as u64))
            }
        }
    }
}

impl std::error::Error for LimitExceeded {}

/// The per-store half of the limits: memory and table growth, and the call's deadline.
#[derive(Debug, Default)]
pub struct Limiter {
    max_memory: Option<u64>,
    deadline: Option<Instant>,
}

impl Limiter {
    /// The limiter for a store of an engine built with `options`.
    pub fn new(options: &EngineOptions) -> Limiter {
        Limiter {
            max_memory: options.max_memory,
            deadline: None,
        }
    }

    /// Tables hold pointer-sized elements: `max_memory` bytes of them.
    fn max_table_elements(&self) -> Option<u64> {
        self.max_memory.map(|bytes| bytes / 8)
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        match self.max_memory {
            // An error, not a refusal: `memory.grow` would return -1 and a guest that does
            // not check it would go on to fail somewhere unrelated.
            Some(max) if desired as u64 > max => Err(LimitExceeded::Memory(max).into()),
            _ => Ok(true),
        }
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        match self.max_table_elements() {
            Some(max) if desired as u64 > max => Err(LimitExceeded::Table(max).into()),
            _ => Ok(true),
        }
    }
}

/// The state a store must give access to for [`arm`] and the epoch callback.
pub(crate) trait HasLimiter {
    fn limiter(&mut self) -> &mut Limiter;
}

/// Installs the limiter and the deadline check on a fresh store.
pub(crate) fn install<T: HasLimiter + 'static>(store: &mut Store<T>, options: &EngineOptions) {
    store.limiter(|state| state.limiter());
    if options.timeout.is_some() {
        store.epoch_deadline_callback(|mut ctx: StoreContextMut<'_, T>| {
            let past = ctx
                .data_mut()
                .limiter()
                .deadline
                .is_some_and(|deadline| Instant::now() >= deadline);
            Ok(if past {
                UpdateDeadline::Interrupt
            } else {
                UpdateDeadline::Continue(1)
            })
        });
    }
}

/// Gives the next call (or instantiation) its full fuel and a fresh deadline.
pub(crate) fn arm<T: HasLimiter>(
    store: &mut Store<T>,
    options: &EngineOptions,
) -> wasmtime::Result<()> {
    if let Some(fuel) = options.fuel {
        store.set_fuel(fuel)?;
    }
    if let Some(timeout) = options.timeout {
        store.data_mut().limiter().deadline = deadline(Instant::now(), timeout);
        store.set_epoch_deadline(1);
    }
    Ok(())
}

/// The moment a call started at `now` must end by; `None` when `timeout` is so long that no
/// clock can represent the end (`--timeout 3000000000000000h`): that means no practical
/// limit, not an error.
fn deadline(now: Instant, timeout: Duration) -> Option<Instant> {
    now.checked_add(timeout)
}

/// Starts the thread that advances `engine`'s epoch while the engine lives.
pub(crate) fn start_ticker(engine: &Engine, timeout: Duration) {
    // A few ticks per timeout, so that a call overruns its deadline by a tenth at most, and
    // not more often than once a millisecond.
    let tick = (timeout / 10).clamp(Duration::from_millis(1), Duration::from_millis(10));
    let engine = engine.weak();
    std::thread::Builder::new()
        .name("wavecall-epoch".into())
        .spawn(move || {
            loop {
                std::thread::sleep(tick);
                match engine.upgrade() {
                    Some(engine) => engine.increment_epoch(),
                    None => break,
                }
            }
        })
        .expect("failed to start the epoch thread");
}

/// The largest `max_stack`: Wasmtime's default async stack size, which bounds it, and far
/// below the main thread's stack, so that WebAssembly never overflows the native stack.
pub const MAX_STACK_LIMIT: usize = 2 << 20;

/// Refuses limits that cannot work, as a usage error.
pub(crate) fn check(options: &EngineOptions) -> anyhow::Result<()> {
    let problem = match options.max_stack {
        Some(0) => Some("the stack limit must be more than 0 bytes".to_string()),
        Some(stack) if stack > MAX_STACK_LIMIT => Some(format!(
            "the stack limit of {} is more than the {} wavecall allows",
            format_bytes(stack as u64),
            format_bytes(MAX_STACK_LIMIT as u64)
        )),
        _ => None,
    };
    match problem {
        Some(problem) => Err(anyhow::anyhow!(problem))
            .classify(FailureClass::Usage, || "invalid limits".to_string()),
        None => Ok(()),
    }
}

/// Adds the limit that was hit to the chain of a failed call or instantiation.
pub(crate) fn explain(err: wasmtime::Error, options: &EngineOptions) -> anyhow::Error {
    let named = match err.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => options.fuel.map(LimitExceeded::Fuel),
        Some(Trap::Interrupt) => options.timeout.map(LimitExceeded::Timeout),
        Some(Trap::StackOverflow) => Some(LimitExceeded::Stack(
            options.max_stack.unwrap_or(DEFAULT_MAX_STACK),
        )),
        _ => None,
    };
    let err = anyhow::Error::from(err);
    match named {
        Some(limit) => err.context(limit),
        None => err,
    }
}

/// The limit in an error chain, if a limit ended the call.
pub fn exceeded(err: &anyhow::Error) -> Option<LimitExceeded> {
    err.downcast_ref::<LimitExceeded>().copied()
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

/// `64 MiB`, `512 KiB`, `1000 bytes`: the largest binary unit that divides evenly.
pub fn format_bytes(bytes: u64) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_timeouts_mean_no_deadline() {
        let now = Instant::now();
        assert_eq!(deadline(now, Duration::MAX), None);
        assert_eq!(
            deadline(now, Duration::from_secs(2)),
            Some(now + Duration::from_secs(2))
        );
    }

    #[test]
    fn names_limits_with_units() {
        assert_eq!(
            LimitExceeded::Memory(64 << 20).to_string(),
            "memory limit of 64 MiB exceeded"
        );
        assert_eq!(
            LimitExceeded::Timeout(Duration::from_secs(2)).to_string(),
            "exceeded the 2s timeout"
        );
        assert_eq!(
            LimitExceeded::Stack(512 << 10).to_string(),
            "stack limit of 512 KiB exceeded"
        );
        assert_eq!(format_bytes(1000), "1000 bytes");
        assert_eq!(format_duration(Duration::from_millis(250)), "250ms");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.5s");
    }
}
