//! The `wavecall` command: parses arguments, dispatches, renders errors, exits.

mod commands;
mod report;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match cli.execute() {
        Ok(status) => ExitCode::from(u8::try_from(status).unwrap_or(1)),
        Err(err) => {
            if report::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            report::print_error(&err);
            let status = wavecall::error::classify(&err).exit_code();
            ExitCode::from(u8::try_from(status).unwrap_or(1))
        }
    }
}
