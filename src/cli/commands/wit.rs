//! `wavecall wit`: a component's WIT and the names to call its functions by.

use std::fmt::Write;

use anyhow::Result;
use clap::Args;
use serde_json::json;
use wavecall::Source;
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::wit::Wit;

use super::options::FormatArg;

/// Show a component's imports and exports as WIT, and the `--invoke` name of every function
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct WitCommand {
    /// How to print: WIT text with a table of call names, or JSON
    #[arg(long, value_enum, default_value_t)]
    format: FormatArg,
    /// The component: a binary component, a `.wat` text component, a `.cwasm` artifact, or
    /// `-` for standard input
    #[arg(value_name = "COMPONENT")]
    component: String,
    /// The cache options `wit` took when it compiled components: still accepted, so that
    /// scripts keep working, and without effect
    #[arg(long, hide = true)]
    no_cache: bool,
    #[arg(long, hide = true, value_name = "DIR")]
    cache_dir: Option<std::path::PathBuf>,
    #[arg(long, hide = true, value_name = "BYTES")]
    cache_max_size: Option<String>,
}

const AFTER_HELP: &str = "\
Examples:
  wavecall wit shapes.wasm
  wavecall exports --format json shapes.wasm

Only the component's types are read: nothing is compiled, so this takes milliseconds on
any size. When the WIT decoder cannot read a valid component, the WIT is rebuilt from the
component's types, and a note on standard error says which names are made up.

Exit status:
  0  success
  2  bad usage, or standard output could not be written
  3  the component could not be read or decoded";

impl WitCommand {
    pub fn execute(self) -> Result<i32> {
        let source = Source::from_arg(&self.component);
        let wit = Wit::read(&source, crate::cli::WIT_DECODER)?;
        note_partial(&wit, &source);
        let text = wit.to_text().classify(FailureClass::Load, || {
            format!("failed to print the WIT of `{source}`")
        })?;
        let funcs = wit.signatures();
        let mut out = String::new();
        match self.format {
            FormatArg::Wave => {
                write!(out, "{text}")?;
                writeln!(out, "\n// Functions, by the name to pass to `--invoke`:")?;
                for f in &funcs {
                    writeln!(out, "//   {f}")?;
                    if f.name != f.qualified {
                        writeln!(out, "//     also `{}`", f.qualified)?;
                    }
                }
            }
            FormatArg::Json => {
                let functions: Vec<_> = funcs
                    .iter()
                    .map(|f| {
                        let params: Vec<String> =
                            f.params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
                        json!({
                            "invoke": f.name,
                            "qualified": f.qualified,
                            "params": params,
                            "result": f.result,
                        })
                    })
                    .collect();
                let doc = json!({ "wit": text, "functions": functions });
                writeln!(out, "{doc}")?;
            }
        }
        crate::cli::print(&out)?;
        Ok(0)
    }
}

/// Says on standard error when the WIT was rebuilt from the component's types, and which
/// of its names are made up.
pub(super) fn note_partial(wit: &Wit, source: &Source) {
    let Some(partial) = &wit.partial else {
        return;
    };
    let note_label = crate::cli::errors::label("note:");
    let mut note = format!(
        "{note_label} the WIT decoder (wit-parser 0.254) cannot read `{source}`: {}\n\
         {note_label} the WIT is rebuilt from the component's own types, named as the \
         component imports and exports them: the WIT names are partial\n",
        partial.reason
    );
    for gap in &partial.gaps {
        note.push_str(&format!("  {gap}\n"));
    }
    eprint!("{note}");
}
