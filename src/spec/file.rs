//! Running one spec file: its component loaded (once for every spec that names it), the spec
//! checked against its types, then each test on a fresh instance or on the shared one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use super::check::check;
use super::model::{SpecError, SpecFile, TestCase};
use super::outcome::{cause, chain_text, run_test};
use super::report::{FileError, FileReport, Status, TestReport};
use super::run::RunOptions;
use super::select::Pick;
use crate::cache::IncompatibleArtifact;
use crate::error::{FailureClass, classify};
use crate::limits::{CapturedOutput, GuestOutput, Limits, format_duration};
use crate::link::Link;
use crate::program::Program;
use crate::runtime::Runtime;
use crate::session::{Session, SessionPre};

/// A program loaded once however many specs (and worker threads) use it.
type ProgramSlot = Arc<OnceLock<Result<Arc<Program>, String>>>;

/// Runs spec files, loading each component (with its links) once.
pub(super) struct FileRunner<'a> {
    runtime: &'a Runtime,
    options: &'a RunOptions,
    /// Components by path and links, each compiled once however many specs use it.
    programs: Mutex<HashMap<(PathBuf, Vec<PathBuf>), ProgramSlot>>,
    /// Set when `fail_fast` stops the run: no further test starts.
    pub(super) stop: AtomicBool,
    /// The seed of the run's properties.
    pub(super) seed: u64,
}

/// `program` prepared as a spec's calls run it: `component` as its argument, the spec's
/// environment, directories, mocks and limits, and its output captured in `output`. A
/// property's `equals-component` runs the same way.
pub(super) fn prepare<'p>(
    spec: &SpecFile,
    program: &'p Program,
    component: &Path,
    output: &CapturedOutput,
) -> anyhow::Result<SessionPre<'p>> {
    program
        .session()
        .arg(component.display().to_string())
        .envs(spec.env.iter().cloned())
        .dirs(spec.dirs.iter().cloned())
        .mocks(spec.mocks.iter().map(|m| m.value.clone()))
        .output(GuestOutput::Capture(output.clone()))
        .limits(spec.limits)
        .prepare()
}

impl<'a> FileRunner<'a> {
    pub(super) fn new(runtime: &'a Runtime, options: &'a RunOptions) -> FileRunner<'a> {
        FileRunner {
            runtime,
            options,
            programs: Mutex::new(HashMap::new()),
            stop: AtomicBool::new(false),
            seed: options.seed,
        }
    }

    pub(super) fn load(&self, path: &Path, links: &[PathBuf]) -> Result<Arc<Program>, String> {
        let slot = self
            .programs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry((path.to_path_buf(), links.to_vec()))
            .or_default()
            .clone();
        slot.get_or_init(|| {
            let links = links
                .iter()
                .map(|link| Link::read(link.as_path()))
                .collect::<anyhow::Result<Vec<_>>>()
                .map_err(|e| chain_text(&e))?;
            self.runtime
                .program(path)
                .links(links)
                .load()
                .map(Arc::new)
                .map_err(|e| {
                    let mut text = chain_text(&e);
                    if e.downcast_ref::<IncompatibleArtifact>().is_some() {
                        text.push_str(&format!(
                            " (`wavecall test` gives every test a timeout, {} unless `--timeout` \
                             or the spec says otherwise, and fuel when a spec sets `fuel`)",
                            format_duration(self.options.default_timeout)
                        ));
                    }
                    text
                })
        })
        .clone()
    }

    /// Runs one spec file (or reports why it cannot run).
    /// Runs one spec file (or reports why it cannot run); `picks` says which of its tests
    /// and properties run.
    pub(super) fn run_file(
        &self,
        path: &Path,
        spec: &Result<SpecFile, SpecError>,
        picks: &[Pick],
    ) -> FileReport {
        let start = Instant::now();
        let mut report = FileReport::new(path);
        match spec {
            Err(err) => report.error = Some(FileError::Spec(vec![err.clone()])),
            Ok(spec) => {
                if let Err(error) = self.run_spec(spec, picks, &mut report) {
                    report.error = Some(error);
                }
            }
        }
        if self.options.fail_fast
            && (report.error.is_some()
                || report
                    .tests
                    .iter()
                    .any(|t| matches!(t.status, Status::Failed | Status::Error)))
        {
            self.stop.store(true, Ordering::Relaxed);
        }
        report.duration = start.elapsed();
        report
    }

    /// Whether a selected test may start; counts it as not run when the run was stopped.
    pub(super) fn may_start(&self, pick: Pick, report: &mut FileReport) -> bool {
        match pick {
            Pick::Filtered => report.filtered += 1,
            Pick::OtherPartition => report.partitioned += 1,
            Pick::Run if self.stop.load(Ordering::Relaxed) => report.not_run += 1,
            Pick::Run => return true,
        }
        false
    }

    /// Stops the run after a failure when `fail_fast` is on.
    pub(super) fn after(&self, test: &TestReport) {
        if self.options.fail_fast && matches!(test.status, Status::Failed | Status::Error) {
            self.stop.store(true, Ordering::Relaxed);
        }
    }

    fn run_spec(
        &self,
        spec: &SpecFile,
        picks: &[Pick],
        report: &mut FileReport,
    ) -> Result<(), FileError> {
        let spec_error = |line, message: String| {
            FileError::Spec(vec![SpecError {
                path: spec.path.clone(),
                line,
                message,
            }])
        };
        let component = match (&self.options.component, &spec.component) {
            (Some(path), _) => path.clone(),
            (None, Some(c)) => c.value.clone(),
            (None, None) => {
                return Err(spec_error(
                    None,
                    "no component to test: set `component = \"PATH\"` or pass `--component`".into(),
                ));
            }
        };
        report.component = Some(component.clone());
        let program = self
            .load(&component, &spec.link_paths())
            .map_err(FileError::Load)?;
        let expected = check(spec, &program)?;
        // Each test's output is its own: taken after every test, never interleaved with
        // other files' on the terminal.
        let output = CapturedOutput::new();
        let prepared = prepare(spec, &program, &component, &output)
            // Preparing checks what the spec grants (a `dirs` entry that is no directory):
            // a mistake in the spec, found once rather than failing every test.
            .map_err(|err| match classify(&err) {
                FailureClass::Usage => spec_error(None, chain_text(&err)),
                _ => FileError::Load(chain_text(&err)),
            })?;
        let mut shared: Option<anyhow::Result<Session<'_>>> = None;
        for ((test, expected), &pick) in spec.tests.iter().zip(&expected).zip(picks) {
            if !self.may_start(pick, report) {
                continue;
            }
            let start = Instant::now();
            let mut result = if let Some(reason) = &test.skip {
                TestReport::new(test, Status::Skipped).message(reason.clone())
            } else {
                let tolerance = test.tolerance;
                if spec.shared {
                    // A shared instance keeps the file's memory limit; each test brings its
                    // own fuel and timeout.
                    let limits = Limits {
                        max_memory: None,
                        ..test.limits
                    };
                    let session = shared.get_or_insert_with(|| prepared.start());
                    match session {
                        Ok(session) => match session.set_limits(limits) {
                            Ok(()) => run_test(session, test, expected.as_deref(), tolerance, spec),
                            Err(err) => instantiation_failed(test, &err),
                        },
                        Err(err) => instantiation_failed(test, err),
                    }
                } else {
                    match prepared.start_with(test.limits) {
                        Ok(mut session) => {
                            run_test(&mut session, test, expected.as_deref(), tolerance, spec)
                        }
                        Err(err) => instantiation_failed(test, &err),
                    }
                }
            };
            result.duration = start.elapsed();
            result.stdout = String::from_utf8_lossy(&output.take_stdout()).into_owned();
            result.stderr = String::from_utf8_lossy(&output.take_stderr()).into_owned();
            self.after(&result);
            report.tests.push(result);
        }
        let picks = picks.get(spec.tests.len()..).unwrap_or_default();
        self.run_properties(spec, &component, &prepared, &output, picks, report);
        Ok(())
    }
}

/// A start function that traps fails the test; a grant the host cannot make is the spec's
/// error.
fn instantiation_failed(test: &TestCase, err: &anyhow::Error) -> TestReport {
    let status = match classify(err) {
        FailureClass::Usage => Status::Error,
        _ => Status::Failed,
    };
    TestReport::new(test, status)
        .message(cause(err))
        .details(format!("instantiation failed: {}", chain_text(err)))
}
