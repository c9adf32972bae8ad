//! `wavecall run`: call exports of a component, or run it as a command.

use std::io::{Read, Write};

use anyhow::{Result, bail};
use clap::Args;
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::limits::GuestOutput;
use wavecall::{Link, Mock, Runtime, Source};

use super::options::{CacheArgs, FormatArg, HostArgs, LimitArgs};

/// Checks on the last result.
mod check {
    use anyhow::{Result, anyhow};
    use wasmtime::component::Val;
    use wavecall::error::{ClassifyExt, FailureClass};
    use wavecall::render::Format;
    use wavecall::{CallOutcome, Session};

    /// `--expect`: the expected value, parsed against the result type, equals the result.
    pub fn expected(session: &Session<'_>, outcome: &CallOutcome, text: &str) -> Result<()> {
        let expected = wavecall::mock::convert(text, &outcome.result_types, session.program())
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
    /// Give an import a fixed result: `NAME=WAVE`, e.g. `my:app/config.get='some("blue")'`;
    /// may be repeated. Calls to other missing imports trap
    #[arg(long = "mock", value_name = "NAME=WAVE")]
    mocks: Vec<String>,
    /// Satisfy imports with the exports of another component; may be repeated
    #[arg(long = "link", value_name = "COMPONENT")]
    links: Vec<String>,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    host: HostArgs,
    #[command(flatten)]
    cache: CacheArgs,
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
  wavecall run --mock 'my:app/config.get=some(\"blue\")' --link dep.wasm --invoke 'main()' app.wasm

Exit status:
  0  every call succeeded (a returned `err(…)` is a success)
  1  a call trapped or hit a limit (--timeout, --fuel, --max-memory, --max-stack), the result
     differs from `--expect`, or it is an `err(…)` with `--fail-on-err`; as a command, the
     guest's own exit status
  2  bad usage or a bad call: malformed WAVE, wrong types, unknown names
  3  the component could not be read, compiled, linked or instantiated";

impl RunCommand {
    pub fn execute(self) -> Result<i32> {
        let calls = self.read_calls()?;
        if calls.is_empty() && (self.expect.is_some() || self.fail_on_err) {
            return Err(anyhow::anyhow!(
                "`--expect` and `--fail-on-err` check the result of the last `--invoke`"
            ))
            .classify(FailureClass::Usage, || "nothing to check".to_string());
        }
        let mut options = self.limits.engine_options();
        options.cache = self.cache.cache_options();
        let runtime = Runtime::new(options)?;
        let program = runtime.load(&Source::from_arg(&self.component))?;
        let mut argv = vec![self.component.clone()];
        argv.extend(self.args.iter().cloned());
        let mut host = self
            .host
            .host_options(argv)
            .classify(FailureClass::Usage, || "invalid host options".to_string())?;
        if matches!(self.format, FormatArg::Json) && !calls.is_empty() {
            // Standard output carries the JSON documents alone (docs/json.md).
            host.output = GuestOutput::Stderr;
        }
        self.add_mocks_and_links(&runtime, &program, &mut host)?;
        let mut session = program.instantiate(&host)?;
        if calls.is_empty() {
            return session.run_command();
        }
        let mut stdout = std::io::stdout().lock();
        let mut last = None;
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
            last = Some(outcome);
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

    /// Parses `--mock` and loads `--link`, checking each mock against the imports.
    fn add_mocks_and_links(
        &self,
        runtime: &Runtime,
        program: &wavecall::Program,
        host: &mut wavecall::HostOptions,
    ) -> Result<()> {
        for link in &self.links {
            let linked = runtime.load(&Source::from_arg(link))?;
            host.links.push(Link {
                name: link.clone(),
                component: linked.loaded.component.clone(),
            });
        }
        for text in &self.mocks {
            let invalid = || format!("invalid `--mock {text}`");
            let mock = Mock::parse(text).classify(FailureClass::Usage, invalid)?;
            let component = &program.loaded.component;
            wavecall::mock::check(
                program.engine(),
                component,
                std::slice::from_ref(&mock),
                &host.links,
            )
            .classify(FailureClass::Usage, invalid)?;
            host.mocks.push(mock);
        }
        Ok(())
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
                Some(path) => wavecall::invocation::read_file(path)
                    .map_err(anyhow::Error::from)
                    .and_then(call_text)
                    .classify(FailureClass::Usage, || {
                        format!("failed to read the call from `{path}`")
                    })?,
                None => call.clone(),
            };
            // In place: a call read from a file may be megabytes long.
            let mut text = text;
            text.truncate(text.trim_end().len());
            calls.push(text);
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
