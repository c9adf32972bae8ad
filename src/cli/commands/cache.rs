//! `wavecall cache`: where the compile cache is, what it holds, and emptying it.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};
use wavecall::cache::Cache;
use wavecall::error::{Classified, ClassifyExt, FailureClass};

/// Show where the compile cache is and what it holds, or empty it
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct CacheCommand {
    #[command(subcommand)]
    action: Action,
    /// The cache directory [default: $WAVECALL_CACHE_DIR, else the platform's cache
    /// directory, such as ~/.cache/wavecall]
    #[arg(long, value_name = "DIR", global = true)]
    cache_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Action {
    /// Print the cache directory
    Dir,
    /// Print how many compiled components the cache holds and their size
    Stats,
    /// Remove every compiled component from the cache
    Clean,
}

const AFTER_HELP: &str = "\
Examples:
  wavecall cache dir
  WAVECALL_CACHE_DIR=/tmp/c wavecall cache stats
  wavecall cache clean

Exit status:
  0  success
  2  bad usage, no cache directory could be found, or standard output could not be written
  3  the cache directory could not be read or emptied";

impl CacheCommand {
    pub fn execute(self) -> Result<i32> {
        let Some(cache) = Cache::locate(self.cache_dir) else {
            anyhow::bail!(Classified::new(
                FailureClass::Usage,
                "no cache directory: set $WAVECALL_CACHE_DIR or pass `--cache-dir`",
            ));
        };
        let text = match self.action {
            Action::Dir => format!("{}\n", cache.dir().display()),
            Action::Stats => {
                let stats = cache.stats().classify(FailureClass::Load, || {
                    format!("failed to read the cache `{}`", cache.dir().display())
                })?;
                format!(
                    "directory: {}\ncomponents: {}\nsize: {} of at most {}\n",
                    stats.dir.display(),
                    stats.entries,
                    mib(stats.bytes),
                    mib(stats.max_size)
                )
            }
            Action::Clean => {
                let stats = cache.clean().classify(FailureClass::Load, || {
                    format!("failed to empty the cache `{}`", cache.dir().display())
                })?;
                format!(
                    "removed {} components, {}\n",
                    stats.entries,
                    mib(stats.bytes)
                )
            }
        };
        crate::cli::print(&text)?;
        Ok(0)
    }
}

fn mib(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..0x10_0000 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        0x10_0000..0x4000_0000 => format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20)),
        _ => format!("{:.1} GiB", bytes as f64 / f64::from(1 << 30)),
    }
}
