//! `wavecall explain`: the canonical ABI of a function, and of one real call of it.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::{Args, ValueEnum};
use serde_json::json;
use wavecall::abi::{
    self, CallOptions, DEFAULT_BASE, FunctionAbi, StringEncoding, explain_call, explain_function,
};
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::explain::{Explainer, not_found, world_function};
use wavecall::exports::ExportNotFound;
use wavecall::render::Format;
use wavecall::wit_parser::Resolve;
use wavecall::{EngineOptions, HostOptions, Runtime, Source};

/// Show the canonical ABI of a function: layout, flattening, core signatures, and with
/// `--invoke` the exact lowering of the arguments and the lifting of the real result
#[derive(Args)]
#[command(
    after_help = AFTER_HELP,
    override_usage = "wavecall explain [OPTIONS] FUNCTION COMPONENT\n       \
                      wavecall explain [OPTIONS] --invoke CALL COMPONENT\n       \
                      wavecall explain [OPTIONS] --wit PATH [--world WORLD] FUNCTION"
)]
pub struct ExplainCommand {
    /// A call such as `area(circle({radius: 1.0}))`: show how its arguments are lowered,
    /// call it (under the default sandbox) and show how its result was lifted
    #[arg(long, value_name = "CALL", conflicts_with = "wit")]
    invoke: Option<String>,
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
    /// How to print: text for people, or one JSON document
    #[arg(long, value_enum, default_value_t)]
    format: ExplainFormat,
    /// The function (any name `wavecall run` accepts); left out with `--invoke`
    #[arg(value_name = "FUNCTION")]
    function: Option<String>,
    /// The component: a binary component, a `.wat` text component, or `-` for standard input
    #[arg(value_name = "COMPONENT")]
    component: Option<String>,
}

const AFTER_HELP: &str = "\
Examples:
  wavecall explain --invoke 'area(circle({radius: 1.0}))' shapes.wasm
  wavecall explain area shapes.wasm
  wavecall explain --wit wit/shapes.wit --world shapes area
  wavecall explain --format json --base 0x400 --invoke 'greet(\"hé\", [\"ab\"])' echo.wasm

Addresses come from a simulated bump allocator starting at --base (default 0x10000 =
65536), so the output is the same on every run. A result's memory is worked out from the
value Wasmtime lifted; its addresses are the simulator's, not the guest's.

Exit status:
  0  success
  1  the call trapped or failed (with --invoke)
  2  bad usage or a bad call: malformed WAVE, wrong types, unknown names, handles, values that
     do not fit below 4 GiB from --base; or standard output could not be written
  3  the component or WIT could not be read, compiled, linked or instantiated";

/// Output formats of `explain`.
#[derive(ValueEnum, Clone, Copy, Debug, Default)]
enum ExplainFormat {
    /// Annotated text
    #[default]
    Text,
    /// One JSON document
    Json,
}

/// String encodings a component can declare on `canon lift`.
#[derive(ValueEnum, Clone, Copy, Debug, Default)]
enum EncodingArg {
    /// UTF-8
    #[default]
    #[value(name = "utf8")]
    Utf8,
    /// UTF-16 little-endian
    #[value(name = "utf16")]
    Utf16,
    /// Latin-1, or UTF-16 when a character does not fit
    #[value(name = "latin1+utf16")]
    CompactUtf16,
}

const POST_RETURN: &str = "\
post-return
  Wasmtime's `Func::call` lifted the result, then ran the export's `post-return` function
  if the component declares one (so the guest can free the return area and the strings and
  lists in it), then returned the value; nothing is read from the guest's memory after
  that. wavecall does not show whether this export declares one.";

impl ExplainCommand {
    pub fn execute(self) -> Result<i32> {
        let options = CallOptions {
            base: self.base,
            string_encoding: match self.string_encoding {
                EncodingArg::Utf8 => StringEncoding::Utf8,
                EncodingArg::Utf16 => StringEncoding::Utf16,
                EncodingArg::CompactUtf16 => StringEncoding::CompactUtf16,
            },
        };
        let doc = match (&self.wit, &self.invoke) {
            (Some(path), _) => self.wit_signature(path, options)?,
            (None, Some(call)) => self.invoke(call, options)?,
            (None, None) => self.signature(options)?,
        };
        match self.format {
            ExplainFormat::Text => super::print(&doc.text)?,
            ExplainFormat::Json => super::print(&format!("{}\n", doc.json))?,
        }
        Ok(0)
    }

    /// `explain FUNCTION COMPONENT`: the signature only.
    fn signature(&self, options: CallOptions) -> Result<Explained> {
        let (Some(name), Some(component)) = (&self.function, &self.component) else {
            return usage("name a FUNCTION and a COMPONENT, or give `--invoke CALL COMPONENT`");
        };
        let program = load(component)?;
        let explainer = Explainer::new(&program)?;
        let (_, func) = explainer.function(name)?;
        let abi = explain_function(&explainer.wit().resolve, &func, options.string_encoding);
        Ok(Explained::signature(abi))
    }

    /// `explain --wit PATH FUNCTION`: the signature from WIT alone.
    fn wit_signature(&self, path: &Path, options: CallOptions) -> Result<Explained> {
        let (Some(name), None) = (&self.function, &self.component) else {
            return usage("with `--wit`, name only the FUNCTION: there is no component");
        };
        let mut resolve = Resolve::default();
        let (package, _) = wavecall::files::check_wit_path(path)
            .and_then(|()| resolve.push_path(path))
            .classify(FailureClass::Load, || {
                format!("failed to read WIT from `{}`", path.display())
            })?;
        let world = resolve
            .select_world(&[package], self.world.as_deref())
            .classify(FailureClass::Usage, || {
                "failed to select a world".to_string()
            })?;
        let func = world_function(&resolve, world, name).map_err(|err| {
            let world = &resolve.worlds[world].name;
            let unknown = matches!(err, ExportNotFound::Unknown { .. });
            let mut err = not_found(name, 0..name.len(), err);
            if unknown {
                err.message = format!("world `{world}` exports no function `{name}`");
            }
            anyhow!(err)
        })?;
        let abi = explain_function(&resolve, func, options.string_encoding);
        Ok(Explained::signature(abi))
    }

    /// `explain --invoke CALL COMPONENT`: the signature, the lowering, the call, the lifting.
    fn invoke(&self, call: &str, options: CallOptions) -> Result<Explained> {
        let component = match (&self.function, &self.component) {
            (Some(component), None) => component,
            _ => return usage("with `--invoke`, give only the COMPONENT after the options"),
        };
        let program = load(component)?;
        let explainer = Explainer::new(&program)?;
        let prepared = explainer.call(call)?;
        let resolve = &explainer.wit().resolve;
        let name = prepared.func.qualified_name();
        let abi = explain_function(resolve, &prepared.wit, options.string_encoding);
        let lowering = explain_call(resolve, &prepared.wit, &prepared.args, options).classify(
            FailureClass::Usage,
            || {
                format!(
                    "cannot explain the lowering of `{name}` (`--base {:#x}`)",
                    options.base
                )
            },
        )?;
        let mut session = program.instantiate(&HostOptions::default())?;
        let outcome = session.call(&prepared.func, &prepared.args)?;
        let wave = session.render(&outcome, Format::Wave);
        // The result's blocks go after the arguments', so that no address means two things.
        let after_args = CallOptions {
            base: lowering.end,
            ..options
        };
        let lifting =
            abi::explain_result(resolve, &prepared.wit, outcome.results.first(), after_args);
        if let Err(err) = &lifting
            && err.downcast_ref::<abi::AddressOverflow>().is_some()
        {
            return Err(anyhow!("{err:#}")).classify(FailureClass::Usage, || {
                format!(
                    "cannot explain the lifting of the result of `{name}` (`--base {:#x}`)",
                    options.base
                )
            });
        }
        let mut text =
            format!("{abi}\n{lowering}\ncalling `{name}` through Wasmtime\n  returned {wave}\n\n");
        match &lifting {
            Ok(lifting) => text.push_str(&format!("{lifting}\n")),
            Err(err) => text.push_str(&format!("the lifting cannot be shown: {err:#}\n\n")),
        }
        text.push_str(POST_RETURN);
        text.push('\n');
        let json = json!({
            "function": abi,
            "call": call,
            "lowering": lowering,
            "result": wave,
            "lifting": lifting.as_ref().ok(),
            "lifting_error": lifting.as_ref().err().map(|e| format!("{e:#}")),
            "post_return": POST_RETURN,
        });
        Ok(Explained { text, json })
    }
}

/// A report in both formats.
struct Explained {
    text: String,
    json: serde_json::Value,
}

impl Explained {
    fn signature(abi: FunctionAbi) -> Explained {
        Explained {
            text: abi.to_string(),
            json: json!({ "function": abi }),
        }
    }
}

fn load(component: &str) -> Result<wavecall::Program> {
    let runtime = Runtime::new(EngineOptions::default())?;
    runtime.load(&Source::from_arg(component))
}

fn usage<T>(message: &str) -> Result<T> {
    Err(anyhow!("{message}")).classify(FailureClass::Usage, || "invalid arguments".to_string())
}

/// `65536` or `0x10000`.
fn parse_address(text: &str) -> Result<u32> {
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| anyhow!("expected an address below 2^32 such as `65536` or `0x10000`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(parse_address("0x10000").unwrap(), DEFAULT_BASE);
        assert_eq!(parse_address("65536").unwrap(), DEFAULT_BASE);
        assert!(parse_address("0x1_0000_0000").is_err());
        assert!(parse_address("-1").is_err());
    }
}
