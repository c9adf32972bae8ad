//! `wavecall run`: call exports of a component, or run it as a command.

use std::io::{Read, Write};

use anyhow::{Result, bail};
use clap::Args;
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::{Runtime, Source};

use super::options::{FormatArg, HostArgs, LimitArgs};

/// Call a component's exports with WAVE text, or run its `wasi:cli/run` export
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct RunCommand {
    /// A call such as `area(circle({radius: 1.0}))`; repeat to call the same instance in
    /// order. `@FILE` reads the call from a file, `@-` from standard input
    #[arg(long, value_name = "CALL")]
    invoke: Vec<String>,
    /// How to print results
    #[arg(long, value_enum, default_value_t)]
    format: FormatArg,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    host: HostArgs,
    /// The component: a binary component, a `.wat` text component, or `-` for standard input
    #[arg(value_name = "COMPONENT")]
    component: String,
    /// Arguments passed to the guest as its argv after the component's name
    #[arg(value_name = "ARGS", trailing_var_arg = true)]
    args: Vec<String>,
}

const AFTER_HELP: &str = "\
Examples:
  wavecall run --invoke 'area(circle({radius: 1.0}))' shapes.wasm
  wavecall run --invoke 'c = [constructor]counter(5)' --invoke 'c.increment()' counter.wasm
  wavecall run --invoke @call.wave big.wasm
  wavecall run --env HOME --dir .::/work app.wasm -- --verbose

Exit status:
  0  every call succeeded (a returned `err(…)` is a success)
  1  a call trapped or hit a limit (--timeout, --fuel, --max-memory, --max-stack); as a
     command, the guest's own exit status
  2  bad usage or a bad call: malformed WAVE, wrong types, unknown names
  3  the component could not be read, compiled, linked or instantiated";

impl RunCommand {
    pub fn execute(self) -> Result<i32> {
        let calls = self.read_calls()?;
        let runtime = Runtime::new(self.limits.engine_options())?;
        let program = runtime.load(&Source::from_arg(&self.component))?;
        let mut argv = vec![self.component.clone()];
        argv.extend(self.args.iter().cloned());
        let host = self
            .host
            .host_options(argv)
            .classify(FailureClass::Usage, || "invalid host options".to_string())?;
        let mut session = program.instantiate(&host)?;
        if calls.is_empty() {
            return session.run_command();
        }
        let mut stdout = std::io::stdout().lock();
        for (i, call) in calls.iter().enumerate() {
            let outcome = match session.invoke(call) {
                Ok(outcome) => outcome,
                Err(err) if session.is_broken() && i + 1 < calls.len() => {
                    // The instance is gone: say so for each later call rather than drop them
                    // silently.
                    crate::report::print_error(&err);
                    for later in &calls[i + 1..] {
                        if let Err(later_err) = session.invoke(later) {
                            eprintln!();
                            crate::report::print_error(&later_err);
                        }
                    }
                    return Ok(wavecall::error::classify(&err).exit_code());
                }
                Err(err) => return Err(err),
            };
            writeln!(stdout, "{}", session.render(&outcome, self.format.into()))?;
            stdout.flush()?;
        }
        Ok(0)
    }

    /// The call texts, with `@FILE` and `@-` read.
    fn read_calls(&self) -> Result<Vec<String>> {
        let mut stdin_used = self.component == "-";
        let mut calls = Vec::new();
        for call in &self.invoke {
            let text = match call.strip_prefix('@') {
                Some("-") => {
                    if stdin_used {
                        bail!("standard input can be read only once");
                    }
                    stdin_used = true;
                    let mut bytes = Vec::new();
                    std::io::stdin()
                        .read_to_end(&mut bytes)
                        .map_err(anyhow::Error::from)
                        .and_then(|_| call_text(bytes))
                        .classify(FailureClass::Usage, || {
                            "failed to read the call from standard input".into()
                        })?
                }
                Some(path) => std::fs::read(path)
                    .map_err(anyhow::Error::from)
                    .and_then(call_text)
                    .classify(FailureClass::Usage, || {
                        format!("failed to read the call from `{path}`")
                    })?,
                None => call.clone(),
            };
            calls.push(text.trim_end().to_string());
        }
        Ok(calls)
    }
}

/// Call text read from a file must be UTF-8; say where it is not.
fn call_text(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let byte = err.as_bytes()[at];
        anyhow::anyhow!("the call is not UTF-8 text: byte 0x{byte:02x} at offset {at} is invalid")
    })
}
