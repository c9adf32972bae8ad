//! `wavecall completions`: a shell's completion script, generated from the command line's own
//! definitions by `clap_complete`, so that it never drifts from them.

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

/// Print a shell's completion script for wavecall
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct CompletionsCommand {
    /// The shell to complete in
    #[arg(value_enum, value_name = "SHELL")]
    shell: Shell,
}

const AFTER_HELP: &str = "\
Examples:
  source <(wavecall completions bash)                       # bash, for this shell
  wavecall completions zsh > ~/.zfunc/_wavecall             # zsh, with ~/.zfunc in $fpath
  wavecall completions fish > ~/.config/fish/completions/wavecall.fish
  wavecall completions powershell >> $PROFILE

Exit status:
  0  the script was printed
  2  bad usage";

impl CompletionsCommand {
    pub fn execute(self) -> Result<i32> {
        let mut script = Vec::new();
        clap_complete::generate(
            self.shell,
            &mut super::Cli::command(),
            "wavecall",
            &mut script,
        );
        crate::cli::print(&String::from_utf8_lossy(&script))?;
        Ok(wavecall::error::EXIT_OK)
    }
}
