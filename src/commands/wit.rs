//! `wavecall wit`: a component's WIT and the names to call its functions by.

use std::fmt::Write;

use anyhow::Result;
use clap::Args;
use serde_json::json;
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::invocation::{ResourceNames, describe_type};
use wavecall::wit::ComponentWit;
use wavecall::{EngineOptions, Runtime, Source};

use super::options::{CacheArgs, FormatArg};

/// Show a component's imports and exports as WIT, and the `--invoke` name of every function
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct WitCommand {
    /// How to print: WIT text with a table of call names, or JSON
    #[arg(long, value_enum, default_value_t)]
    format: FormatArg,
    #[command(flatten)]
    cache: CacheArgs,
    /// The component: a binary component, a `.wat` text component, or `-` for standard input
    #[arg(value_name = "COMPONENT")]
    component: String,
}

const AFTER_HELP: &str = "\
Examples:
  wavecall wit shapes.wasm
  wavecall exports --format json shapes.wasm

Exit status:
  0  success
  2  bad usage, or standard output could not be written
  3  the component could not be read or decoded";

impl WitCommand {
    pub fn execute(self) -> Result<i32> {
        let runtime = Runtime::new(EngineOptions {
            cache: self.cache.cache_options(),
            ..EngineOptions::default()
        })?;
        let program = runtime.load(&Source::from_arg(&self.component))?;
        let wit = ComponentWit::decode(&program.loaded.binary)
            .and_then(|wit| wit.to_text())
            .classify(FailureClass::Load, || {
                format!("failed to read the WIT of `{}`", program.loaded.name)
            })?;
        let names: &dyn ResourceNames = &program;
        let funcs: Vec<_> = program
            .exports
            .funcs()
            .iter()
            .map(|f| {
                let params: Vec<String> = f
                    .params()
                    .iter()
                    .map(|(n, t)| format!("{n}: {}", describe_type(t, names)))
                    .collect();
                let result = f.results().first().map(|t| describe_type(t, names));
                (
                    program.exports.shortest_name(f),
                    f.qualified_name(),
                    params,
                    result,
                )
            })
            .collect();
        let mut out = String::new();
        match self.format {
            FormatArg::Wave => {
                write!(out, "{wit}")?;
                writeln!(out, "\n// Functions, by the name to pass to `--invoke`:")?;
                for (short, qualified, params, result) in &funcs {
                    let result = result
                        .as_ref()
                        .map(|r| format!(" -> {r}"))
                        .unwrap_or_default();
                    writeln!(out, "//   {short}({}){result}", params.join(", "))?;
                    if short != qualified {
                        writeln!(out, "//     also `{qualified}`")?;
                    }
                }
            }
            FormatArg::Json => {
                let functions: Vec<_> = funcs
                    .iter()
                    .map(|(short, qualified, params, result)| {
                        json!({
                            "invoke": short,
                            "qualified": qualified,
                            "params": params,
                            "result": result,
                        })
                    })
                    .collect();
                let doc = json!({ "wit": wit, "functions": functions });
                writeln!(out, "{doc}")?;
            }
        }
        super::print(&out)?;
        Ok(0)
    }
}
