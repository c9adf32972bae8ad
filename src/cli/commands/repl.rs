//! `wavecall repl`: a live session on a component, with completion, hints and history.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::options::{FormatArg, InstanceArgs};

/// Call a component's exports interactively: one live instance, completion from its WIT
/// types, history, `$N` for earlier results, and `:record` to turn the session into a spec
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct ReplCommand {
    /// How to print results (`:format` changes it in the session)
    #[arg(long, value_enum, default_value_t)]
    pub format: FormatArg,
    /// Keep no history: neither read nor write the history file
    #[arg(long)]
    pub no_history: bool,
    /// The history file [default: wavecall/repl-history in the platform's data directory,
    /// such as ~/.local/share]
    #[arg(long, value_name = "PATH")]
    pub history: Option<PathBuf>,
    /// After a trap or an interrupted call, start a fresh instance by itself (bindings and
    /// `$N` are cleared) rather than waiting for `:reset`
    #[arg(long)]
    pub reset_on_trap: bool,
    #[command(flatten)]
    pub instance: InstanceArgs,
    /// The component: a binary component, a `.wat` text component or a `.cwasm` artifact
    #[arg(value_name = "COMPONENT")]
    pub component: String,
    /// Arguments passed to the guest as its argv after the component's name
    #[arg(value_name = "ARGS", trailing_var_arg = true)]
    pub args: Vec<String>,
}

const AFTER_HELP: &str = "\
In the session, type a call as for `run --invoke` (Tab completes, the line below shows the
signature and the expected type) or a command; `:help` lists them. When standard input is
not a terminal, each line is a call or a command, and the output is what `run` prints for the
same `--invoke`s.

Examples:
  wavecall repl shapes.wasm
  wavecall repl --mock 'my:app/config.get=some(\"blue\")' app.wasm
  printf 'c = [constructor]counter(5)\\nc.increment()\\n' | wavecall repl counter.wasm

Exit status:
  0  the session ended (Ctrl-D, `:quit`, the end of the input)
  1  without a terminal: a call trapped or hit a limit
  2  bad usage; without a terminal: a bad call or command
  3  the component could not be read, compiled, linked or instantiated";

impl ReplCommand {
    pub fn execute(self) -> Result<i32> {
        crate::cli::repl::run(self)
    }
}
