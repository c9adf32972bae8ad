//! `wavecall run`: call exports of a component, or run it as a command.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::limits::GuestOutput;
use wavecall::{Runtime, Source};

use super::calls::{check_calls, read_calls};
use super::options::{FormatArg, InstanceArgs};

/// Checks on the last result.
mod check {
    use anyhow::{Result, anyhow};
    use wasmtime::component::Val;
    use wavecall::error::{ClassifyExt, FailureClass};
    use wavecall::render::Format;
    use wavecall::{CallOutcome, Session};

    /// `--expect`: the expected value, parsed against the result type, equals the result.
    pub fn expected(session: &Session<'_>, outcome: &CallOutcome, text: &str) -> Result<()> {
        let expected = session
            .program()
            .parse_result(text, &outcome.result_types)
            .classify(FailureClass::Usage, || "invalid `--expect` value".into())?;
        let differs = expected.len() != outcome.results.len()
            || expected
                .iter()
                .zip(&outcome.results)
                .any(|(e, a)| wavecall::spec::compare(e, a, None).is_err());
        if differs {
            let shown =
                wavecall::render::results(&expected, Format::Wave, &wavecall::render::NoHandles);
            return Err(anyhow!(
                "expected {shown}, got {}",
                session.render(outcome, Format::Wave)
            ))
            .classify(FailureClass::Call, || {
                format!("the result of `{}` differs from `--expect`", outcome.func)
            });
        }
        Ok(())
    }

    /// `--fail-on-err`: the result is not `err(…)`.
    pub fn not_err(session: &Session<'_>, outcome: &CallOutcome) -> Result<()> {
        if let [Val::Result(Err(_))] = outcome.results.as_slice() {
            return Err(anyhow!(
                "it returned {}",
                session.render(outcome, Format::Wave)
            ))
            .classify(FailureClass::Call, || {
                format!("`{}` failed (`--fail-on-err`)", outcome.func)
            });
        }
        Ok(())
    }
}

/// Call a component's exports with WAVE text, or run its `wasi:cli/run` export
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct RunCommand {
    /// A call such as `area(circle({radius: 1.0}))`; repeat to call the same instance in
    /// order. `@FILE` reads the call from a file, `@-` from standard input
    #[arg(long, value_name = "CALL")]
    invoke: Vec<String>,
    /// How to print results; with `json`, standard output carries the JSON documents alone
    /// and what the guest writes to its stdout goes to standard error
    #[arg(long, value_enum, default_value_t)]
    format: FormatArg,
    /// Check the last call's result against this WAVE value, compared as typed values;
    /// exit with status 1 when it differs
    #[arg(long, value_name = "VALUE")]
    expect: Option<String>,
    /// Exit with status 1 when the last call returns `err(…)`
    #[arg(long)]
    fail_on_err: bool,
    /// Write the calls made, with their results as expectations, into a `wavecall test`
    /// spec file at PATH (replaced if it exists): traps as `expect-trap`, the mocks, links,
    /// grants and limits in use, mock calls as `expect-calls`
    #[arg(long, value_name = "PATH")]
    record: Option<PathBuf>,
    #[command(flatten)]
    instance: InstanceArgs,
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
  wavecall run --invoke 'area(rect({width: 2.0, height: 2.0}))' --expect 4 shapes.wasm
  wavecall run --record shapes.toml --invoke 'area(point)' --invoke 'perimeter(point)' shapes.wasm
  wavecall run --mock 'my:app/config.get=some(\"blue\")' --link dep.wasm --invoke 'main()' app.wasm

Exit status:
  0  every call succeeded (a returned `err(…)` is a success)
  1  a call trapped or hit a limit (--timeout, --fuel, --max-memory, --max-stack), the result
     differs from `--expect`, or it is an `err(…)` with `--fail-on-err`; as a command, the
     guest's own exit status
  2  bad usage or a bad call: malformed WAVE, wrong types, unknown names; or standard output
     could not be written
  3  the component could not be read, compiled, linked or instantiated";

impl RunCommand {
    pub fn execute(mut self) -> Result<i32> {
        let calls = read_calls(&self.invoke, &self.component)?;
        if calls.is_empty() && (self.expect.is_some() || self.fail_on_err) {
            return Err(anyhow::anyhow!(
                "`--expect` and `--fail-on-err` check the result of the last `--invoke`"
            ))
            .classify(FailureClass::Usage, || "nothing to check".to_string());
        }
        if calls.is_empty() && self.record.is_some() {
            return Err(anyhow::anyhow!(
                "`--record` writes the `--invoke` calls into a spec"
            ))
            .classify(FailureClass::Usage, || "nothing to record".to_string());
        }
        let limits = self.instance.limits()?;
        let runtime =
            crate::cli::runtime(self.instance.cache.apply(Runtime::builder().limits(limits)))?;
        let mut argv = vec![self.component.clone()];
        argv.extend(self.args.iter().cloned());
        let source = Source::from_arg(&self.component);
        let program = self.instance.load(&runtime, &source)?;
        let mut session = self.instance.session(&program, argv.clone())?;
        check_calls(&program, &calls)?;
        let mut recording = match &self.record {
            Some(_) => Some(super::record::start(
                &self.instance,
                &self.component,
                &program,
            )?),
            None => None,
        };
        if matches!(self.format, FormatArg::Json) && !calls.is_empty() {
            // Standard output carries the JSON documents alone (docs/json.md).
            session = session.output(GuestOutput::Stderr);
        }
        let mut session = session.start()?;
        if calls.is_empty() {
            return session.run_command();
        }
        let mut last = None;
        let mut status = None;
        for (i, call) in calls.iter().enumerate() {
            let before = session.mock_calls().to_vec();
            let result = session.invoke(call);
            if let Some(recording) = &mut recording {
                recording.record(&session, call, &result, &before);
            }
            let outcome = match result {
                Ok(outcome) => outcome,
                Err(err) if session.is_broken() && i + 1 < calls.len() => {
                    // The instance is gone: say so for each later call rather than drop them
                    // silently.
                    crate::cli::errors::print_error(&err);
                    for later in &calls[i + 1..] {
                        if let Err(later_err) = session.invoke(later) {
                            eprintln!();
                            crate::cli::errors::print_error(&later_err);
                        }
                    }
                    status = Some(wavecall::error::classify(&err).exit_code());
                    break;
                }
                Err(err) => {
                    if let (Some(recording), Some(path)) = (recording, &self.record) {
                        crate::cli::errors::print_error(&err);
                        super::record::write(recording, path, &self.instance, &program, argv)?;
                        return Ok(wavecall::error::classify(&err).exit_code());
                    }
                    return Err(err);
                }
            };
            crate::cli::print(&format!(
                "{}\n",
                session.render(&outcome, self.format.into())
            ))?;
            last = Some(outcome);
        }
        if let (Some(recording), Some(path)) = (recording, &self.record) {
            super::record::write(recording, path, &self.instance, &program, argv)?;
        }
        if let Some(status) = status {
            return Ok(status);
        }
        let last = last.expect("at least one call");
        if let Some(expect) = &self.expect {
            check::expected(&session, &last, expect)?;
        }
        if self.fail_on_err {
            check::not_err(&session, &last)?;
        }
        Ok(0)
    }
}
