//! Making a call in the REPL: its result printed and kept as `$N`, or its error; the call
//! recorded; a trap or an interruption told in words, with a fresh instance if asked for.

use std::time::Instant;

use wavecall::error::classify;
use wavecall::limits::Interrupted;
use wavecall::{Session, SessionPre};

use super::{Live, RUNNING, Repl};
use crate::cli::color;
use crate::cli::errors::print_error;

impl Repl {
    /// Prints an error; without a terminal, the first one decides the exit status.
    pub(super) fn failed(&mut self, err: &anyhow::Error) {
        if !self.interactive && self.errors > 0 {
            eprintln!();
        }
        print_error(err);
        self.errors += 1;
        if self.status == 0 {
            self.status = classify(err).exit_code();
        }
    }

    /// Makes a call, prints its result (kept as `$N`) or its error, and records it.
    pub(super) fn call<'p>(
        &mut self,
        live: &mut Live<'p>,
        pre: &SessionPre<'p>,
        text: &str,
        timed: bool,
    ) {
        let before = live.session.mock_calls().to_vec();
        let expanded = match live.session.expand(text) {
            Ok(Some(expanded)) => expanded.text,
            _ => text.to_string(),
        };
        *RUNNING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = live.session.interrupter();
        let start = Instant::now();
        let result = live.session.invoke(text);
        let elapsed = start.elapsed();
        *RUNNING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        if let Some(recording) = &mut live.recording {
            recording.record(&live.session, &expanded, &result, &before);
        }
        match result {
            Ok(outcome) => {
                let number = live.session.keep(&outcome);
                let shown = live.session.render(&outcome, self.format);
                let prefix = match (self.interactive, number) {
                    (true, Some(n)) => {
                        color::paint(&format!("${n} = "), color::DIM, color::stdout())
                    }
                    _ => String::new(),
                };
                if let Err(err) = crate::cli::print(&format!("{prefix}{shown}\n")) {
                    self.failed(&err);
                }
                if timed {
                    self.timing(&live.session, elapsed);
                }
            }
            Err(err) => {
                self.failed(&err);
                if live.session.is_broken() {
                    self.broken(live, pre, err.downcast_ref::<Interrupted>().is_some());
                }
            }
        }
    }

    fn timing(&self, session: &Session<'_>, elapsed: std::time::Duration) {
        let mut line = format!("time: {elapsed:.2?}");
        if let Some(left) = session.fuel_left() {
            let given = session.limits().fuel.unwrap_or(u64::MAX);
            line.push_str(&format!(", fuel: {} units", given.saturating_sub(left)));
        }
        eprintln!("{line}");
    }

    /// Says that the instance is unusable, and starts a fresh one if asked to.
    fn broken<'p>(&mut self, live: &mut Live<'p>, pre: &SessionPre<'p>, interrupted: bool) {
        let what = match interrupted {
            true => "the call was interrupted",
            false => "the call trapped",
        };
        if self.cmd.reset_on_trap {
            self.note(&format!("{what}: a fresh instance replaces it (`--reset-on-trap`; bindings and `$N` are cleared)"));
            self.reset(live, pre);
        } else {
            self.note(&format!(
                "{what}, so the instance cannot be used again: `:reset` starts a fresh one"
            ));
        }
    }

    /// A fresh instance, with nothing bound and a new recording.
    pub(super) fn reset<'p>(&mut self, live: &mut Live<'p>, pre: &SessionPre<'p>) {
        match pre.start() {
            Ok(session) => {
                live.recording = self.recording(session.program());
                live.session = session;
            }
            Err(err) => self.failed(&err),
        }
    }
}
