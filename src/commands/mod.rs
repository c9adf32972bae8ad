//! The subcommands, one file each.

mod options;
mod run;
mod test;
mod wit;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// Call the exports of WebAssembly components with WAVE text.
#[derive(Parser)]
#[command(name = "wavecall", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Run(run::RunCommand),
    Test(test::TestCommand),
    #[command(alias = "exports")]
    Wit(wit::WitCommand),
}

impl Cli {
    /// Runs the chosen subcommand; the result is the process exit status.
    pub fn execute(self) -> Result<i32> {
        match self.command {
            Command::Run(cmd) => cmd.execute(),
            Command::Test(cmd) => cmd.execute(),
            Command::Wit(cmd) => cmd.execute(),
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
