//! `wavecall man`: the manual page, in roff, generated from the command line's own definitions
//! by `clap_mangen` (the help text is the page), for `man -l -` or a packager's `man1/`.

use anyhow::{Result, anyhow};
use clap::{Args, CommandFactory};
use wavecall::error::{ClassifyExt, FailureClass};

/// Print the manual page of wavecall or of one of its subcommands, in roff
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct ManCommand {
    /// The subcommand whose page to print (`test` prints `wavecall-test(1)`)
    #[arg(value_name = "SUBCOMMAND")]
    subcommand: Option<String>,
}

const AFTER_HELP: &str = "\
Examples:
  wavecall man | man -l -
  wavecall man test > wavecall-test.1

Exit status:
  0  the page was printed
  2  bad usage, or no such subcommand";

impl ManCommand {
    pub fn execute(self) -> Result<i32> {
        let mut command = super::Cli::command();
        command.build();
        let page = match &self.subcommand {
            None => command,
            Some(name) => {
                let known: Vec<String> = command
                    .get_subcommands()
                    .filter(|c| !c.is_hide_set())
                    .map(|c| c.get_name().to_string())
                    .filter(|n| n != "help")
                    .collect();
                let sub = command
                    .find_subcommand(name)
                    .cloned()
                    .ok_or_else(|| {
                        anyhow!(
                            "no subcommand `{name}`; the subcommands are `{}`",
                            known.join("`, `")
                        )
                    })
                    .classify(FailureClass::Usage, || {
                        format!("failed to find the manual page of `{name}`")
                    })?;
                // The page's title, `wavecall-test(1)`, as man pages of subcommands are named.
                let title = format!("wavecall-{}", sub.get_name());
                let usage = format!("wavecall {}", sub.get_name());
                sub.name("wavecall")
                    .display_name(title)
                    .bin_name(usage)
                    .version(super::VERSION.as_str())
            }
        };
        let mut roff = Vec::new();
        clap_mangen::Man::new(page)
            .render(&mut roff)
            .map_err(anyhow::Error::from)
            .classify(FailureClass::Usage, || {
                "failed to render the manual page".into()
            })?;
        crate::cli::print(&String::from_utf8_lossy(&roff))?;
        Ok(wavecall::error::EXIT_OK)
    }
}
