//! The subcommands, one file each.

mod cache;
mod calls;
mod compile;
mod completions;
pub(crate) mod explain;
mod man;
mod options;
pub(crate) mod record;
pub(crate) mod repl;
mod run;
#[cfg(feature = "serve")]
mod serve;
mod test;
mod wasmtime_flags;
mod wit;

use std::sync::LazyLock;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// `wavecall 0.1.0 (Wasmtime 48.0.8)`: bug reports and cache compatibility need both.
static VERSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} (Wasmtime {})",
        env!("CARGO_PKG_VERSION"),
        wavecall::WASMTIME_VERSION
    )
});

/// Call the exports of WebAssembly components with WAVE text.
#[derive(Parser)]
#[command(
    name = "wavecall",
    bin_name = "wavecall",
    version = VERSION.as_str(),
    about,
    max_term_width = 100
)]
pub struct Cli {
    /// Say more on standard error: `-v` for a line per test in `wavecall test` and what the
    /// compile cache does, `-vv` for details
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Say less: no progress line for a slow compile (errors and warnings are still
    /// printed); `wavecall test` prints only failures, without the guest's output, and the
    /// summary
    #[arg(short, long, global = true)]
    quiet: bool,
    /// When to colour the output: `auto` colours a terminal unless `NO_COLOR` is set
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    color: crate::cli::color::ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    // Boxed: the two share the large option groups of an instance.
    Run(Box<run::RunCommand>),
    Explain(Box<explain::ExplainCommand>),
    Repl(Box<repl::ReplCommand>),
    Test(test::TestCommand),
    #[command(alias = "exports")]
    Wit(wit::WitCommand),
    Compile(compile::CompileCommand),
    Cache(cache::CacheCommand),
    #[cfg(feature = "serve")]
    Serve(Box<serve::ServeCommand>),
    Completions(completions::CompletionsCommand),
    Man(man::ManCommand),
    /// Decode the WIT of the component on standard input, for the parent process that asked
    /// (the guard against wit-parser's crashes); not for people
    #[command(name = DECODE_WIT, hide = true)]
    DecodeWit,
}

/// The hidden subcommand that decodes WIT in a child process.
pub const DECODE_WIT: &str = "__decode-wit";

impl Cli {
    /// Runs the chosen subcommand; the result is the process exit status.
    pub fn execute(self) -> Result<i32> {
        // The server logs through `tracing` (`--log-format`), which takes the records of
        // the `log` crate too.
        #[cfg(feature = "serve")]
        let serving = matches!(self.command, Command::Serve(_));
        #[cfg(not(feature = "serve"))]
        let serving = false;
        if !serving {
            crate::cli::logger::install(self.verbose);
        }
        crate::cli::progress::set_quiet(self.quiet);
        crate::cli::color::init(self.color);
        match self.command {
            Command::Run(cmd) => (*cmd).execute(),
            Command::Explain(cmd) => (*cmd).execute(),
            Command::Repl(cmd) => (*cmd).execute(),
            Command::Test(cmd) => cmd.execute(self.verbose, self.quiet),
            Command::Wit(cmd) => cmd.execute(),
            Command::Compile(cmd) => cmd.execute(),
            Command::Cache(cmd) => cmd.execute(),
            Command::Completions(cmd) => cmd.execute(),
            Command::Man(cmd) => cmd.execute(),
            Command::DecodeWit => Ok(wavecall::wit::decode_child_main()),
            #[cfg(feature = "serve")]
            Command::Serve(cmd) => (*cmd).execute(self.verbose, self.quiet),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}
