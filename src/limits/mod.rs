//! The limits on a guest: one value, [`Limits`], that layers. A runtime's limits apply to
//! every session; a session's limits override the runtime's, and limits set for the calls
//! of a session override the session's (`wavecall test`: a test's over its file's over the
//! command line's).
//!
//! Every call (and instantiation, which may run start functions) gets the full budget
//! again: a fuel of a million means each call may run about a million instructions, a
//! timeout of two seconds that each call may take two seconds. A call that exhausts a limit
//! fails with a [`LimitExceeded`] in its error chain, and the session does not use its
//! instance again.
//!
//! Fuel and timeouts change the code Wasmtime compiles (every instruction metered, loops
//! checking an epoch), so an engine meters them or does not, for every component it
//! compiles: its [`Metering`], fixed when the runtime is built. A session may set any fuel
//! or timeout its engine meters, and asking for one it does not is an error. The stack
//! limit is the engine's too, and the output cap is fixed when a session starts.

mod enforce;
mod output;
mod units;

use std::fmt;
use std::time::Duration;

use anyhow::anyhow;

use crate::error::{ClassifyExt, FailureClass};
pub use enforce::Interrupter;
pub(crate) use enforce::{HasLimiter, Limiter, annotate, arm, install, start_ticker};
pub(crate) use output::route as route_output;
pub use output::{CapturedOutput, GuestOutput};
pub use units::{format_bytes, format_duration, parse_bytes, parse_duration};
pub(crate) use units::{seconds, whole_bytes};

/// The largest `max_stack`: Wasmtime's default async stack size, which bounds it, and far
/// below the main thread's stack, so that WebAssembly never overflows the native stack.
pub const MAX_STACK: usize = 2 << 20;

/// Limits on a guest; each one unset means no limit (or, layered, the one below).
///
/// Build one with its setters, which read like the runtime's builder:
///
/// ```
/// use std::time::Duration;
/// use wavecall::Limits;
///
/// let file = Limits::new().timeout(Duration::from_secs(2)).max_memory(64 << 20);
/// let test = Limits::new().fuel(1_000_000);
/// let both = test.or(file);
/// assert_eq!(both.fuel, Some(1_000_000));
/// assert_eq!(both.timeout, Some(Duration::from_secs(2)));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Fuel for each call: roughly one unit per WebAssembly instruction.
    pub fuel: Option<u64>,
    /// Wall-clock time each call may take.
    pub timeout: Option<Duration>,
    /// The most bytes any one linear memory may grow to; tables get as many 8-byte
    /// elements.
    pub max_memory: Option<u64>,
    /// The most bytes of native stack WebAssembly code may use: the engine's, at most
    /// [`MAX_STACK`].
    pub max_stack: Option<usize>,
    /// The most bytes the guest may write to each of stdout and stderr in a session; the
    /// rest is dropped, after a marker line.
    pub max_output: Option<u64>,
}

impl Limits {
    /// No limits.
    pub fn new() -> Limits {
        Limits::default()
    }

    /// With a fuel limit per call.
    pub fn fuel(mut self, fuel: u64) -> Limits {
        self.fuel = Some(fuel);
        self
    }

    /// With a timeout per call.
    pub fn timeout(mut self, timeout: Duration) -> Limits {
        self.timeout = Some(timeout);
        self
    }

    /// With a limit on each memory's size, in bytes.
    pub fn max_memory(mut self, bytes: u64) -> Limits {
        self.max_memory = Some(bytes);
        self
    }

    /// With a limit on the WebAssembly stack, in bytes.
    pub fn max_stack(mut self, bytes: usize) -> Limits {
        self.max_stack = Some(bytes);
        self
    }

    /// With a cap on each of the guest's stdout and stderr, in bytes.
    pub fn max_output(mut self, bytes: u64) -> Limits {
        self.max_output = Some(bytes);
        self
    }

    /// These limits over `under`: each limit set here, else the one `under` sets.
    pub fn or(self, under: Limits) -> Limits {
        Limits {
            fuel: self.fuel.or(under.fuel),
            timeout: self.timeout.or(under.timeout),
            max_memory: self.max_memory.or(under.max_memory),
            max_stack: self.max_stack.or(under.max_stack),
            max_output: self.max_output.or(under.max_output),
        }
    }

    /// Refuses runtime limits that cannot work, as a usage error.
    pub(crate) fn check(&self) -> anyhow::Result<()> {
        let problem = match self.max_stack {
            Some(0) => Some("the stack limit must be more than 0 bytes".to_string()),
            Some(stack) if stack > MAX_STACK => Some(format!(
                "the stack limit of {} is more than the {} wavecall allows",
                format_bytes(stack as u64),
                format_bytes(MAX_STACK as u64)
            )),
            _ => None,
        };
        match problem {
            Some(problem) => {
                Err(anyhow!(problem)).classify(FailureClass::Usage, || "invalid limits".to_string())
            }
            None => Ok(()),
        }
    }

    /// Refuses limits layered over `under` (a session's over its runtime's, or a call's
    /// over its session's when `calls`) that the engine cannot enforce, as a usage error.
    pub(crate) fn check_over(
        &self,
        under: &Limits,
        metering: Metering,
        calls: bool,
    ) -> anyhow::Result<()> {
        let changes = |mine: Option<u64>, theirs: Option<u64>| mine.is_some() && mine != theirs;
        let problem = if self.fuel.is_some() && !metering.fuel {
            Some(
                "the runtime does not meter fuel: give the runtime a fuel limit, or have it meter fuel",
            )
        } else if self.timeout.is_some() && !metering.timeout {
            Some(
                "the runtime does not meter time: give the runtime a timeout, or have it meter time",
            )
        } else if changes(
            self.max_stack.map(|s| s as u64),
            under.max_stack.map(|s| s as u64),
        ) {
            Some("the stack limit is the runtime's: it is part of the compiled code")
        } else if calls && changes(self.max_output, under.max_output) {
            Some("the output limit is fixed when the session starts")
        } else {
            None
        };
        match problem {
            Some(problem) => {
                Err(anyhow!(problem)).classify(FailureClass::Usage, || "invalid limits".to_string())
            }
            None => Ok(()),
        }
    }
}

/// The limits a runtime's engine enforces beyond memory and stack: each changes the code it
/// compiles, so each is on or off for every component the runtime loads (and an artifact
/// compiled with one setting does not load with another).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metering {
    /// Fuel is metered: sessions and calls may set a fuel limit.
    pub fuel: bool,
    /// Time is metered (by epoch interruption): sessions and calls may set a timeout.
    pub timeout: bool,
}

impl Metering {
    /// What `limits` need metered.
    pub fn of(limits: &Limits) -> Metering {
        Metering {
            fuel: limits.fuel.is_some(),
            timeout: limits.timeout.is_some(),
        }
    }
}

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

/// A call stopped by an [`Interrupter`] (a REPL's Ctrl-C). Found in the error chain of the
/// failed call (`downcast_ref`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the call was interrupted")
    }
}

impl std::error::Error for Interrupted {}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn layers_take_each_limit_from_the_nearest_that_sets_it() {
        let engine = Limits::new()
            .timeout(Duration::from_secs(10))
            .max_stack(1 << 20)
            .max_output(100);
        let file = Limits::new()
            .timeout(Duration::from_secs(2))
            .max_memory(64 << 20);
        let test = Limits::new().fuel(5).max_memory(1 << 20);
        let all = test.or(file).or(engine);
        assert_eq!(all.fuel, Some(5));
        assert_eq!(all.timeout, Some(Duration::from_secs(2)));
        assert_eq!(all.max_memory, Some(1 << 20));
        assert_eq!(all.max_stack, Some(1 << 20));
        assert_eq!(all.max_output, Some(100));
        assert_eq!(Limits::new().or(Limits::new()), Limits::new());
    }

    #[test]
    fn a_layer_may_not_ask_for_what_the_engine_cannot_enforce() {
        let engine = Limits::new().max_stack(1 << 20).max_output(100);
        let unmetered = Metering::default();
        let fuel = Limits::new().fuel(1).check_over(&engine, unmetered, false);
        assert!(format!("{:#}", fuel.unwrap_err()).contains("does not meter fuel"));
        let metered = Metering {
            fuel: true,
            timeout: true,
        };
        assert!(
            Limits::new()
                .fuel(1)
                .check_over(&engine, metered, false)
                .is_ok()
        );
        let stack = Limits::new()
            .max_stack(1 << 19)
            .check_over(&engine, metered, false);
        assert!(format!("{:#}", stack.unwrap_err()).contains("the runtime's"));
        // The same value again is no change; the output cap is a session's, not a call's.
        assert!(engine.check_over(&engine, metered, true).is_ok());
        assert!(
            Limits::new()
                .max_output(5)
                .check_over(&engine, metered, false)
                .is_ok()
        );
        assert!(
            Limits::new()
                .max_output(5)
                .check_over(&engine, metered, true)
                .is_err()
        );
    }
}
