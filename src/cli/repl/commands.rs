//! The REPL's `:commands`, and the dispatch of a line to a call or a command.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use wavecall::abi::{CallOptions, TextView};
use wavecall::complete;
use wavecall::error::{Classified, ClassifyExt, FailureClass};
use wavecall::explain::Explainer;
use wavecall::render::Format;
use wavecall::spec::record::InstanceMode;
use wavecall::{Program, SessionPre};

use super::{Flow, Live, Repl};
use crate::cli::commands::explain::view::Shown;

/// Every command: its name, its argument and what it does (`:help` prints them).
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (":help", "", "this list"),
    (":wit", "", "the component's WIT: exports and imports"),
    (
        ":type",
        "NAME",
        "a function's signature, a type's definition, a `$N`'s type",
    ),
    (
        ":explain",
        "CALL",
        "the canonical ABI of CALL, then the call is made",
    ),
    (
        ":time",
        "CALL",
        "make CALL and show its wall time (and fuel with `--fuel`)",
    ),
    (":calls", "", "how often each mock was called"),
    (":drop", "NAME", "drop the handle bound to NAME"),
    (":reset", "", "a fresh instance: bindings and `$N` cleared"),
    (
        ":reload",
        "",
        "read the component again (also when its file changes)",
    ),
    (
        ":record",
        "FILE",
        "write this instance's calls as a spec for `wavecall test`",
    ),
    (":format", "wave|json", "how results print"),
    (":quit", "", "end the session (also Ctrl-D)"),
];

/// A usage error in a command.
fn usage<T>(message: String) -> Result<T> {
    Err(anyhow::Error::msg(Classified::new(
        FailureClass::Usage,
        message,
    )))
}

impl Repl {
    /// Runs one line: a call, a command, or nothing (blank lines and `#` comments).
    pub(super) fn line<'p>(
        &mut self,
        live: &mut Live<'p>,
        pre: &SessionPre<'p>,
        program: &Arc<Program>,
        line: &str,
    ) -> Result<Flow> {
        if line.is_empty() || line.starts_with('#') {
            return Ok(Flow::Continue);
        }
        let Some(command) = line.strip_prefix(':') else {
            if let Some(value) = kept_value(live, line) {
                crate::cli::print(&format!("{value}\n"))?;
            } else {
                self.call(live, pre, line, false);
            }
            return Ok(Flow::Continue);
        };
        let (name, arg) = match command.split_once(char::is_whitespace) {
            Some((name, arg)) => (name, arg.trim()),
            None => (command, ""),
        };
        if let Err(err) = self.command(live, pre, program, name, arg) {
            self.failed(&err);
        }
        Ok(match name {
            "quit" | "q" | "exit" => Flow::Quit,
            "reload" => Flow::Reload,
            _ => Flow::Continue,
        })
    }

    fn command<'p>(
        &mut self,
        live: &mut Live<'p>,
        pre: &SessionPre<'p>,
        program: &Program,
        name: &str,
        arg: &str,
    ) -> Result<()> {
        let needs = |what: &str| match arg.is_empty() {
            true => usage(format!("`:{name}` takes {what}")),
            false => Ok(()),
        };
        match name {
            "help" | "h" | "?" => crate::cli::print(&help())?,
            "wit" => self.wit(program)?,
            "type" => {
                needs("a name")?;
                let names = live.session.names();
                match complete::describe(program, &names, arg) {
                    Some(text) => crate::cli::print(&format!("{text}\n"))?,
                    None => usage(format!(
                        "`{arg}` names no function, type or kept result of `{}`",
                        program.name()
                    ))?,
                }
            }
            "explain" => {
                needs("a call")?;
                self.explain(live, program, arg)?;
            }
            "time" => {
                needs("a call")?;
                self.call(live, pre, arg, true);
            }
            "calls" => self.mock_calls(live)?,
            "drop" => {
                needs("a bound name")?;
                self.call(live, pre, &format!("drop({arg})"), false);
            }
            "reset" => {
                self.reset(live, pre);
                self.note("a fresh instance: nothing is bound");
            }
            "record" => {
                needs("a file to write")?;
                self.record(live, program, Path::new(arg))?;
            }
            "format" => {
                self.format = match arg {
                    "wave" => Format::Wave,
                    "json" => Format::Json,
                    _ => return usage("`:format` is `wave` or `json`".into()),
                }
            }
            "quit" | "q" | "exit" | "reload" => {}
            _ => {
                let known: Vec<&str> = COMMANDS.iter().map(|(n, _, _)| &n[1..]).collect();
                let mut message = format!("unknown command `:{name}`; `:help` lists them");
                if let Some(near) = known
                    .iter()
                    .min_by_key(|k| strsim::levenshtein(k, name))
                    .filter(|k| strsim::levenshtein(k, name) <= 2)
                {
                    message.push_str(&format!(" (did you mean `:{near}`?)"));
                }
                return usage(message);
            }
        }
        Ok(())
    }

    fn wit(&self, program: &Program) -> Result<()> {
        let wit = program.wit()?;
        let text = wit.to_text().classify(FailureClass::Load, || {
            format!("failed to print the WIT of `{}`", program.name())
        })?;
        crate::cli::print(&text)
    }

    fn explain(&mut self, live: &mut Live<'_>, program: &Program, call: &str) -> Result<()> {
        let explainer = Explainer::new(program)?;
        let before = live.session.mock_calls().to_vec();
        // Recorded with `$N` replaced, as a spec has no kept results.
        let expanded = match live.session.expand(call) {
            Ok(Some(expanded)) => expanded.text,
            _ => call.to_string(),
        };
        let mut explanation = None;
        let outcome = crate::cli::commands::explain::explain_call(
            &mut live.session,
            &explainer,
            call,
            Vec::new(),
            CallOptions::default(),
        )
        .map(|(explained, outcome)| {
            explanation = Some(explained);
            outcome
        });
        if let Some(recording) = &mut live.recording {
            recording.record(&live.session, &expanded, &outcome, &before);
        }
        outcome?;
        match explanation {
            Some(explanation) => {
                // As `wavecall explain` shows it by default: the summary, then every part.
                let shown = Shown::Call(Box::new(explanation));
                crate::cli::print(&shown.text(&TextView::default()))
            }
            None => Ok(()),
        }
    }

    fn mock_calls(&self, live: &Live<'_>) -> Result<()> {
        let mocks = &self.cmd.instance.imports.mocks;
        if mocks.is_empty() {
            self.note("no import is mocked (`--mock NAME=WAVE`)");
            return Ok(());
        }
        let mut out = String::new();
        for (text, count) in mocks.iter().zip(live.session.mock_calls()) {
            let name = text.split_once('=').map_or(text.as_str(), |(n, _)| n);
            out.push_str(&format!("{name}: {count}\n"));
        }
        crate::cli::print(&out)
    }

    fn record(&mut self, live: &Live<'_>, program: &Program, path: &Path) -> Result<()> {
        let Some(recording) = live.recording.clone() else {
            return usage(format!(
                "a spec names its component by path, and `{}` has none",
                self.cmd.component
            ));
        };
        let written = crate::cli::commands::record::write(
            recording,
            path,
            &self.cmd.instance,
            program,
            self.argv(),
        )?;
        let mode = match written.mode() {
            InstanceMode::Fresh => "each on a fresh instance",
            _ => "on one shared instance",
        };
        self.note(&format!(
            "wrote {} test(s) to `{}`, {mode}; `wavecall test {}` runs them",
            written.steps().len(),
            path.display(),
            path.display()
        ));
        Ok(())
    }
}

/// `$N` alone shows the kept result.
fn kept_value(live: &Live<'_>, line: &str) -> Option<String> {
    let digits = line.strip_prefix('$')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    live.session.expand(line).ok().flatten().map(|e| e.text)
}

/// The text of `:help`.
fn help() -> String {
    let mut out = String::from(
        "Type a call as for `wavecall run --invoke`: `area(circle({radius: 1.0}))`,\n\
         `c = [constructor]counter(5)`, `c.increment()`. Each result is kept as `$1`, `$2`, …\n\
         for later calls. Tab completes names and values, the line below shows the signature\n\
         and the expected type; Ctrl-C stops a running call, Ctrl-D ends the session.\n\n",
    );
    for (name, arg, about) in COMMANDS {
        let usage = format!("{name} {arg}");
        out.push_str(&format!("  {usage:<18} {about}\n"));
    }
    out
}
