//! `wavecall explain`: the canonical ABI of a function, and of one real call of it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, anyhow};
use clap::Args;
use wavecall::abi::{CallOptions, DEFAULT_BASE, Explanation, SetupCall, function_abi};
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::explain::{Explainer, abi_value, abi_values, classify, wit_calls, world_function};
use wavecall::exports::ExportNotFound;
use wavecall::limits::GuestOutput;
use wavecall::render::Format;
use wavecall::wit::Wit;
use wavecall::wit_parser::{Resolve, WorldId};
use wavecall::{CallOutcome, Runtime, Session, Source};

use super::calls::{check_calls, read_calls};
use super::options::InstanceArgs;
use super::wit::note_partial;
use args::{EncodingArg, ExplainFormat, parse_address};
use view::{Shown, ViewArgs};

mod args;
pub(crate) mod view;

/// Show the canonical ABI of a function: layout, flattening, core signatures, and with
/// `--invoke` the exact lowering of the arguments and the lifting of the real result
#[derive(Args)]
#[command(
    after_help = AFTER_HELP,
    override_usage = "wavecall explain [OPTIONS] FUNCTION COMPONENT\n       \
                      wavecall explain [OPTIONS] --invoke CALL... COMPONENT\n       \
                      wavecall explain [OPTIONS] --wit PATH [--world WORLD] FUNCTION\n       \
                      wavecall explain [OPTIONS] --wit PATH [--world WORLD] --invoke CALL..."
)]
pub struct ExplainCommand {
    /// A call such as `area(circle({radius: 1.0}))`: show how its arguments are lowered,
    /// call it as `wavecall run` would and show how its result was lifted. Repeat to make
    /// calls first (to bind handles, e.g. `c = [constructor]counter(5)`): the last one is
    /// explained. `@FILE` reads a call from a file, `@-` from standard input. With `--wit`
    /// the calls are checked against the WIT and nothing is called
    #[arg(long, value_name = "CALL")]
    invoke: Vec<String>,
    /// Explain a function of a WIT package (a `.wit` file or a folder) instead of a component
    #[arg(long, value_name = "PATH")]
    wit: Option<PathBuf>,
    /// With `--wit`: the world whose exports hold the function [default: the package's only
    /// world]
    #[arg(long, value_name = "WORLD", requires = "wit")]
    world: Option<String>,
    /// The first address the simulated bump allocator hands out, decimal or `0x` hex
    #[arg(long, value_name = "N", value_parser = parse_address, default_value_t = DEFAULT_BASE)]
    base: u32,
    /// The callee's string encoding (wavecall does not read it from the component; UTF-8 is
    /// what wit-component produces unless told otherwise)
    #[arg(long, value_enum, default_value_t)]
    string_encoding: EncodingArg,
    /// With `--wit` and `--invoke`: a result in WAVE, to see how it would be lifted (no
    /// call is made, so the result is yours)
    #[arg(long, value_name = "VALUE", requires_all = ["wit", "invoke"])]
    result: Option<String>,
    /// How to print: text for people, or one JSON document
    #[arg(long, value_enum, default_value_t)]
    format: ExplainFormat,
    #[command(flatten)]
    view: ViewArgs,
    /// The function (any name `wavecall run` accepts); left out with `--invoke`
    #[arg(value_name = "FUNCTION")]
    function: Option<String>,
    /// The component: a binary component, a `.wat` text component, a `.cwasm` artifact, or
    /// `-` for standard input
    #[arg(value_name = "COMPONENT")]
    component: Option<String>,
    #[command(flatten)]
    instance: InstanceArgs,
}

const AFTER_HELP: &str = "\
Examples:
  wavecall explain --invoke 'area(circle({radius: 1.0}))' shapes.wasm
  wavecall explain --invoke 'c = [constructor]counter(5)' --invoke 'c.increment()' counter.wasm
  wavecall explain area shapes.wasm
  wavecall explain --wit wit/shapes.wit --world shapes area
  wavecall explain --wit wit/shapes.wit --invoke 'area(point)'
  wavecall explain --wit wit/shapes.wit --invoke 'scale(point, 2.0)' --result 'point'
  wavecall explain --only memory --only lifting --brief --invoke 'greet(\"hé\", [\"ab\"])' echo.wasm
  wavecall explain --format json --base 0x400 --invoke 'greet(\"hé\", [\"ab\"])' echo.wasm

The text leads with a summary (the core signature, what spills to memory, the bytes
written and the cabi_realloc calls), then shows every part; --only picks parts, --brief
leaves out the paragraphs that explain the rules. On a terminal each field's bytes in a
memory dump share a colour with its label (--color, NO_COLOR).

A signature (FUNCTION COMPONENT) needs only the component's types: nothing is compiled.
With --invoke the component runs as under `wavecall run`, with the same options, except
that --timeout is 10s unless given (a call that never ends must not hang an explanation).

Addresses come from a simulated bump allocator starting at --base (default 0x10000 =
65536), so the output is the same on every run. A result's memory is worked out from the
value Wasmtime lifted; its addresses are the simulator's, not the guest's. A handle's
index exists only while Wasmtime lowers the call, so a call with a handle argument shows
its signature, call and result, and says why its lowering cannot be shown.

Exit status:
  0  success
  1  a call trapped, failed or hit a limit (with --invoke)
  2  bad usage or a bad call: malformed WAVE, wrong types, unknown names, handles, values that
     do not fit below 4 GiB from --base; or standard output could not be written
  3  the component or WIT could not be read, compiled, linked or instantiated";

/// How long an explained call may run unless `--timeout` says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

impl ExplainCommand {
    pub fn execute(mut self) -> Result<i32> {
        let options = CallOptions {
            base: self.base,
            string_encoding: self.string_encoding.encoding(),
        };
        let view = match self.format {
            ExplainFormat::Json if self.view.given() => {
                return usage("`--only` and `--brief` shape the text; JSON holds every part");
            }
            _ => self
                .view
                .view(!self.invoke.is_empty())
                .or_else(|e| usage(&e))?,
        };
        let shown = match (self.wit.clone(), self.invoke.is_empty()) {
            (Some(path), true) => self.wit_signature(&path, options)?,
            (Some(path), false) => self.wit_call(&path, options)?,
            (None, false) => self.invoke(options)?,
            (None, true) => self.signature(options)?,
        };
        match self.format {
            ExplainFormat::Text => crate::cli::print(&shown.text(&view))?,
            ExplainFormat::Json => crate::cli::print(&format!("{}\n", shown.json()))?,
        }
        Ok(0)
    }

    /// `explain FUNCTION COMPONENT`: the signature, from the component's types alone.
    fn signature(&self, options: CallOptions) -> Result<Shown> {
        let (Some(name), Some(component)) = (&self.function, &self.component) else {
            return usage("name a FUNCTION and a COMPONENT, or give `--invoke CALL COMPONENT`");
        };
        let source = Source::from_arg(component);
        let explainer = Explainer::from_wit(Wit::read(&source, crate::cli::WIT_DECODER)?);
        note_partial(explainer.wit(), &source);
        let func = explainer.function(name)?;
        let abi = function_abi(&explainer.wit().resolve, &func, options.string_encoding);
        Ok(Shown::Function(Box::new(abi)))
    }

    /// `explain --wit PATH FUNCTION`: the signature from WIT alone.
    fn wit_signature(&self, path: &Path, options: CallOptions) -> Result<Shown> {
        let (Some(name), None) = (&self.function, &self.component) else {
            return usage("with `--wit`, name only the FUNCTION: there is no component");
        };
        let (resolve, world) = self.read_wit(path)?;
        let func = world_function(&resolve, world, name).map_err(|err| {
            let world = &resolve.worlds[world].name;
            let unknown = matches!(err, ExportNotFound::Unknown { .. });
            let mut err = err.at(name, 0..name.len());
            if unknown {
                err.message = format!("world `{world}` exports no function `{name}`");
            }
            anyhow!(err)
        })?;
        let abi = function_abi(&resolve, func, options.string_encoding);
        Ok(Shown::Function(Box::new(abi)))
    }

    /// `explain --wit PATH --invoke CALL`: the calls checked against the WIT's types and the
    /// last one's lowering; nothing runs, there is no code (and no component is built).
    fn wit_call(&self, path: &Path, options: CallOptions) -> Result<Shown> {
        if self.function.is_some() || self.component.is_some() {
            return usage("with `--wit` and `--invoke`, give no FUNCTION or COMPONENT");
        }
        let calls = read_calls(&self.invoke, "")?;
        let (resolve, world) = self.read_wit(path)?;
        let checked = wit_calls::check(&resolve, world, &calls)?;
        let call = calls.last().expect("at least one call");
        let mut explained = Explanation::new(&resolve, &checked.func, call, &checked.args, options)
            .map_err(classify)?;
        if let Some(result) = &self.result {
            explained
                .given_result(&resolve, &checked.func, result, options)
                .map_err(classify)?;
        }
        Ok(Shown::Call(Box::new(explained)))
    }

    /// `explain --invoke CALL… COMPONENT`: the earlier calls run, then the last one is
    /// explained: the signature, the lowering, the call, the lifting.
    fn invoke(&mut self, options: CallOptions) -> Result<Shown> {
        let component = match (&self.function, &self.component) {
            (Some(component), None) => component.clone(),
            _ => return usage("with `--invoke`, give only the COMPONENT after the options"),
        };
        let calls = read_calls(&self.invoke, &component)?;
        let mut limits = self.instance.limits()?;
        limits.timeout.get_or_insert(DEFAULT_TIMEOUT);
        let runtime =
            crate::cli::runtime(self.instance.cache.apply(Runtime::builder().limits(limits)))?;
        let source = Source::from_arg(&component);
        let argv = vec![component.clone()];
        let program = self.instance.load(&runtime, &source)?;
        // Standard output carries the explanation alone; what the guest prints goes to stderr.
        let session = self.instance.session(&program, argv)?;
        let session = session.output(GuestOutput::Stderr);
        check_calls(&program, &calls)?;
        let explainer = Explainer::new(&program)?;
        note_partial(explainer.wit(), &source);
        let mut session = session.start()?;
        let (call, earlier) = calls.split_last().expect("at least one call");
        let mut setup = Vec::new();
        for text in earlier {
            let outcome = session.invoke(text)?;
            let result = session.render(&outcome, Format::Wave);
            setup.push(SetupCall {
                call: text.clone(),
                result,
            });
        }
        let (explained, _) = explain_call(&mut session, &explainer, call, setup, options)?;
        Ok(Shown::Call(Box::new(explained)))
    }

    fn read_wit(&self, path: &Path) -> Result<(Resolve, WorldId)> {
        let mut resolve = Resolve::default();
        let (package, _) = wavecall::files::check_wit_path(path)
            .and_then(|()| resolve.push_path(path))
            .map_err(|err| point_into_wit(&resolve, err))
            .classify(FailureClass::Load, || {
                format!("failed to read WIT from `{}`", path.display())
            })?;
        let world = wavecall::abi::select_world(&mut resolve, package, self.world.as_deref())
            .classify(FailureClass::Usage, || {
                "failed to select a world".to_string()
            })?;
        Ok((resolve, world))
    }
}

/// Explains `call` on a live session, then makes it: the signature, the lowering, the call
/// and the lifting (the REPL's `:explain` shares it, and records the outcome).
pub fn explain_call(
    session: &mut Session<'_>,
    explainer: &Explainer,
    call: &str,
    setup: Vec<SetupCall>,
    options: CallOptions,
) -> Result<(Explanation, CallOutcome)> {
    let prepared = session.prepare_call(call)?;
    let wit = explainer.declaration(&prepared.func)?;
    let resolve = &explainer.wit().resolve;
    let args = abi_values(&prepared.args);
    let mut explained = Explanation::new(resolve, &wit, call, &args, options).map_err(classify)?;
    explained.setup = setup;
    let outcome = session.call(&prepared.func, &prepared.args)?;
    let shown = session.render(&outcome, Format::Wave);
    let target = prepared.func.qualified_name();
    let result = outcome.results.first().map(abi_value);
    explained
        .returned(resolve, &wit, target, (result.as_ref(), shown), options)
        .map_err(classify)?;
    Ok((explained, outcome))
}

/// wit-parser's error with the line, column and a caret in the WIT, which it shows only when
/// asked to render the error against its sources.
fn point_into_wit(resolve: &Resolve, err: anyhow::Error) -> anyhow::Error {
    use wavecall::wit_parser::{ParseError, ResolveError};
    let typed = err
        .chain()
        .any(|e| e.is::<ParseError>() || e.is::<ResolveError>());
    if typed {
        anyhow!(resolve.render_error(&err))
    } else {
        err
    }
}

fn usage<T>(message: &str) -> Result<T> {
    Err(anyhow!("{message}")).classify(FailureClass::Usage, || "invalid arguments".to_string())
}
