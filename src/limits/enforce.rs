//! Enforcing limits on a store: the memory and table limiter, fuel and the deadline given
//! afresh before each call, and the name of the limit a failed call ran into.
//!
//! The timeout works by epoch interruption: a ticker thread per engine advances the epoch a
//! few times per timeout, and at each tick a running guest checks the wall clock against its
//! deadline. A guest blocked inside a host call (a blocking read, a sleep) is only stopped
//! once that call returns to WebAssembly; see `docs/sandbox.md`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use wasmtime::{Engine, ResourceLimiter, Store, StoreContextMut, Trap, UpdateDeadline};

use super::{LimitExceeded, Limits, Metering};

/// Wasmtime's default for the WebAssembly stack, used when no `max_stack` is set.
const DEFAULT_MAX_STACK: usize = 512 << 10;

/// The per-store half of the limits: memory and table growth, and the call's deadline.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    max_memory: Option<u64>,
    deadline: Option<Instant>,
    /// Set from another thread (a REPL's Ctrl-C) to stop the running call at the next tick.
    interrupt: Arc<AtomicBool>,
    /// Whether the last call was stopped by `interrupt`.
    interrupted: bool,
}

impl Limiter {
    /// The limiter for a store under `limits`.
    pub(crate) fn new(limits: &Limits) -> Limiter {
        Limiter {
            max_memory: limits.max_memory,
            deadline: None,
            interrupt: Arc::default(),
            interrupted: false,
        }
    }

    /// A handle that stops the running call from another thread.
    pub(crate) fn interrupter(&self) -> Interrupter {
        Interrupter(self.interrupt.clone())
    }

    /// Whether the last call was stopped by an [`Interrupter`]; asking clears it.
    pub(crate) fn take_interrupted(&mut self) -> bool {
        std::mem::take(&mut self.interrupted)
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

/// Stops the call running on a session from another thread, at the epoch's next tick
/// (within about 10 ms), as a trap: the instance is then unusable. Setting it is only an
/// atomic store, so a signal handler may do it.
#[derive(Debug, Clone)]
pub struct Interrupter(Arc<AtomicBool>);

impl Interrupter {
    /// Asks the running call to stop; a call that starts later is not affected.
    pub fn interrupt(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// The state a store must give access to for [`arm`] and the epoch callback.
pub(crate) trait HasLimiter {
    fn limiter(&mut self) -> &mut Limiter;
}

/// Installs the limiter and, when the engine meters time, the deadline check on a fresh
/// store. Without it, an engine with epoch interruption would trap at the first tick.
pub(crate) fn install<T: HasLimiter + 'static>(store: &mut Store<T>, metering: Metering) {
    store.limiter(|state| state.limiter());
    if metering.timeout {
        store.epoch_deadline_callback(|mut ctx: StoreContextMut<'_, T>| {
            let limiter = ctx.data_mut().limiter();
            if limiter.interrupt.swap(false, Ordering::SeqCst) {
                limiter.interrupted = true;
                return Ok(UpdateDeadline::Interrupt);
            }
            let past = limiter
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

/// Gives the next call (or instantiation) `limits`: its full fuel, a fresh deadline, the
/// memory limit. An engine that meters fuel needs fuel in every call, so a call without a
/// fuel limit gets all there is.
pub(crate) fn arm<T: HasLimiter>(
    store: &mut Store<T>,
    limits: &Limits,
    metering: Metering,
) -> wasmtime::Result<()> {
    if metering.fuel {
        store.set_fuel(limits.fuel.unwrap_or(u64::MAX))?;
    }
    let limiter = store.data_mut().limiter();
    limiter.max_memory = limits.max_memory;
    if metering.timeout {
        // An interruption asked for between calls is not this call's.
        limiter.interrupt.store(false, Ordering::SeqCst);
        limiter.interrupted = false;
        limiter.deadline = limits.timeout.and_then(|t| deadline(Instant::now(), t));
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

/// Starts the thread that advances `engine`'s epoch while the engine lives; `timeout` is
/// the runtime's, which sets the pace.
pub(crate) fn start_ticker(engine: &Engine, timeout: Option<Duration>) {
    // A few ticks per timeout, so that a call overruns its deadline by a tenth at most, and
    // not more often than once a millisecond.
    let tick = timeout.map_or(Duration::from_millis(10), |t| {
        (t / 10).clamp(Duration::from_millis(1), Duration::from_millis(10))
    });
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

/// Adds the limit that was hit to the chain of a failed call or instantiation made under
/// `limits`.
pub(crate) fn annotate(err: wasmtime::Error, limits: &Limits) -> anyhow::Error {
    let named = match err.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => limits.fuel.map(LimitExceeded::Fuel),
        Some(Trap::Interrupt) => limits.timeout.map(LimitExceeded::Timeout),
        Some(Trap::StackOverflow) => Some(LimitExceeded::Stack(
            limits.max_stack.unwrap_or(DEFAULT_MAX_STACK),
        )),
        _ => None,
    };
    let err = anyhow::Error::from(err);
    match named {
        Some(limit) => err.context(limit),
        None => err,
    }
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
}
