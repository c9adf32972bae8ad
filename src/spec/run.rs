//! Running spec files in parallel: one runtime for the run, a pool of workers that take
//! files in turn, and a report per file in the order given.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::file::FileRunner;
use super::model::{self, SpecError, SpecFile};
use super::report::{FileError, FileReport};
use super::select::{Partition, Pick, select};
use crate::limits::Limits;
use crate::pool::Pooling;
use crate::runtime::{Runtime, RuntimeBuilder};
use crate::wit::WitDecoder;

/// The default of [`RunOptions::max_output`]: 1 MiB per stream and test.
pub const DEFAULT_MAX_OUTPUT: u64 = 1 << 20;

/// Settings for a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Run only tests whose name contains this text.
    pub filter: Option<String>,
    /// Test this component instead of the one each spec names.
    pub component: Option<PathBuf>,
    /// The timeout of a test whose spec sets none.
    pub default_timeout: Duration,
    /// How many spec files run at once.
    pub jobs: usize,
    /// The most bytes of stdout and of stderr kept from the guest per test; the rest is
    /// dropped after a marker line.
    pub max_output: Option<u64>,
    /// How wit-parser decodes the WIT of the components, for the names in messages.
    pub wit_decoder: WitDecoder,
    /// Run only this part of the tests (after the filter), for one job of a CI matrix.
    pub partition: Option<Partition>,
    /// Start no test after the first that fails or errs.
    pub fail_fast: bool,
    /// The seed of the properties' generated cases (a new one each run by default).
    pub seed: u64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            filter: None,
            component: None,
            default_timeout: Duration::from_secs(10),
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_output: Some(DEFAULT_MAX_OUTPUT),
            wit_decoder: WitDecoder::default(),
            partition: None,
            fail_fast: false,
            seed: super::property::fresh_seed(),
        }
    }
}

/// Runs spec files; `on_file` is called with each file's report as soon as it is done (from
/// the worker thread), and the reports are returned in the order of `paths`.
pub fn run(
    paths: &[PathBuf],
    options: &RunOptions,
    on_file: &(dyn Fn(&FileReport) + Sync),
) -> anyhow::Result<Vec<FileReport>> {
    run_with(Runtime::builder(), paths, options, on_file)
}

/// [`run`] on a runtime built from `runtime` (with its compile cache and progress hook, say);
/// the run sets the limits, metering and WIT decoder it needs on top.
pub fn run_with(
    runtime: RuntimeBuilder,
    paths: &[PathBuf],
    options: &RunOptions,
    on_file: &(dyn Fn(&FileReport) + Sync),
) -> anyhow::Result<Vec<FileReport>> {
    let specs: Vec<Result<SpecFile, SpecError>> = paths.iter().map(|p| model::load(p)).collect();
    let uses_fuel = specs.iter().flatten().any(|s| {
        s.limits.fuel.is_some()
            || s.tests.iter().any(|t| t.limits.fuel.is_some())
            || s.properties.iter().any(|p| p.limits.fuel.is_some())
    });
    // Fuel and epochs are engine settings: meter fuel only when a spec asks for it (it
    // slows every call), time always (every test has a timeout).
    let defaults = Limits {
        timeout: Some(options.default_timeout),
        max_output: options.max_output,
        ..Limits::default()
    };
    let workers = options.jobs.clamp(1, specs.len().max(1));
    let mut runtime = runtime
        .limits(defaults)
        .meter_fuel(uses_fuel)
        .wit_decoder(options.wit_decoder);
    // A fresh instance per test is the default, and pooled it costs microseconds; every
    // case of a property has a fresh instance too. A worker holds one instance of a program
    // at a time, so a pool needs a slot per worker.
    if specs
        .iter()
        .flatten()
        .any(|s| (!s.shared && !s.tests.is_empty()) || !s.properties.is_empty())
    {
        runtime = runtime.pooling(Pooling::instances(workers as u32));
    }
    let runtime = runtime.build()?;
    let picks = select(&specs, options.filter.as_deref(), options.partition);
    let runner = FileRunner::new(&runtime, options);
    let results: Vec<Mutex<Option<FileReport>>> = specs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    // The engine's own ticker advances its epoch; each store checks its own deadline.
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(spec) = specs.get(i) else { break };
                        let report = if runner.stop.load(Ordering::Relaxed) {
                            not_run(&paths[i], &picks[i])
                        } else {
                            isolated(&paths[i], || runner.run_file(&paths[i], spec, &picks[i]))
                        };
                        on_file(&report);
                        *results[i].lock().unwrap() = Some(report);
                    }
                })
            })
            .collect();
        for worker in workers {
            let _ = worker.join();
        }
    });
    Ok(results
        .into_iter()
        .map(|r| r.into_inner().unwrap().expect("every file is run"))
        .collect())
}

/// The report of a file that `fail_fast` kept from starting.
fn not_run(path: &Path, picks: &[Pick]) -> FileReport {
    let mut report = FileReport::new(path);
    for pick in picks {
        match pick {
            Pick::Run => report.not_run += 1,
            Pick::Filtered => report.filtered += 1,
            Pick::OtherPartition => report.partitioned += 1,
        }
    }
    report
}

/// Runs one file's work so that a panic (a bug in wavecall or in a crate below it) becomes
/// that file's error, reported as a spec error, instead of ending the whole run: the other
/// files still get their results and the reports are still written. The panic message is
/// still printed by the panic hook, for the bug report.
fn isolated(path: &Path, work: impl FnOnce() -> FileReport) -> FileReport {
    let start = Instant::now();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        let mut report = FileReport::new(path);
        report.error = Some(FileError::Spec(vec![SpecError {
            path: path.to_path_buf(),
            line: None,
            message: format!(
                "internal error: wavecall panicked on this file ({what}); this is a bug in \
                 wavecall, please report it with the file"
            ),
        }]));
        report.duration = start.elapsed();
        report
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_files_error() {
        let report = isolated(Path::new("t.toml"), || panic!("boom"));
        let Some(FileError::Spec(errors)) = &report.error else {
            panic!("not a spec error: {:?}", report.error);
        };
        assert!(errors[0].message.contains("boom"), "{}", errors[0]);
        assert_eq!(report.path, Path::new("t.toml"));
    }
}
