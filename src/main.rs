//! The `wavecall` command: parses arguments, dispatches, renders errors, exits.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::{commands::Cli, errors};
use wavecall::error::FailureClass;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.execute() {
        Ok(status) => ExitCode::from(u8::try_from(status).unwrap_or(1)),
        Err(err) => {
            if errors::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            errors::print_error(&err);
            // Every error path decides its exit status on purpose: one that did not is a
            // bug, which the tests (debug builds) catch here.
            let class = wavecall::error::class_of(&err);
            debug_assert!(class.is_some(), "unclassified error: {err:?}");
            let status = class.unwrap_or(FailureClass::Call).exit_code();
            ExitCode::from(u8::try_from(status).unwrap_or(1))
        }
    }
}
