//! `wavecall compile`: compile a component ahead of time.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::{Runtime, Source};

use super::options::{CacheArgs, LimitArgs};

/// Compile a component ahead of time into an artifact that `wavecall run` maps directly
///
/// The artifact holds the native code for this machine's CPU and the component itself (for
/// its WIT). It loads only in the same version of wavecall with the same engine settings:
/// whether `--fuel` and `--timeout` are given changes the code, so give them here as you will
/// to `run` (their values may differ). `wavecall test` always has a timeout: compile for it
/// with `--timeout`.
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct CompileCommand {
    /// Where to write the artifact [default: the component's path with `.cwasm`]
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    cache: CacheArgs,
    /// The component: a binary component, a `.wat` text component, or `-` for standard input
    #[arg(value_name = "COMPONENT")]
    component: String,
}

const AFTER_HELP: &str = "\
Examples:
  wavecall compile shapes.wasm -o shapes.cwasm
  wavecall run --invoke 'area(circle({radius: 1.0}))' shapes.cwasm

Exit status:
  0  the artifact was written
  2  bad usage, or the artifact could not be written where `-o` says
  3  the component could not be read or compiled";

impl CompileCommand {
    pub fn execute(self) -> Result<i32> {
        let runtime = crate::cli::runtime(
            self.cache
                .apply(Runtime::builder().limits(self.limits.limits())),
        )?;
        let artifact = runtime.precompile(Source::from_arg(&self.component))?;
        let output = match self.output {
            Some(output) => output,
            None if self.component == "-" => PathBuf::from("component.cwasm"),
            None => PathBuf::from(&self.component).with_extension("cwasm"),
        };
        wavecall::files::write_output(&output, &[&artifact])
            .classify(FailureClass::Usage, || {
                format!("failed to write the artifact `{}`", output.display())
            })?;
        Ok(0)
    }
}
