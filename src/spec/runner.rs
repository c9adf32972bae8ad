//! Running spec files: load the component once per file, check the spec against its types,
//! then run the tests, files in parallel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use wasmtime::component::{Type, Val};

use super::model::{self, Expectation, Limits, SpecError, SpecFile, TestCase};
use super::outcome::{cause, run_test};
use super::report::{FileError, FileReport, Status, TestReport, caret};
use crate::cache::IncompatibleArtifact;
use crate::error::{FailureClass, InvocationError, classify};
use crate::exports::{Bindings, Callee, NamedResource, ResourceName};
use crate::host::HostState;
use crate::limits::{CapturedOutput, GuestOutput, format_duration};
use crate::link::Link;
use crate::mock;
use crate::session::{Prepared, Session, SessionLimits};
use crate::{EngineOptions, HostOptions, Program, Runtime, Source};

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
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            filter: None,
            component: None,
            default_timeout: Duration::from_secs(10),
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_output: Some(DEFAULT_MAX_OUTPUT),
        }
    }
}

/// The spec files among `paths`: files as given, directories searched for `*.toml` at any
/// depth, in sorted order.
pub fn discover(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out)?;
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files).map_err(|e| {
                anyhow::anyhow!("failed to read the folder `{}`: {e}", path.display())
            })?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            anyhow::bail!("no spec file or folder `{}`", path.display());
        }
    }
    Ok(files)
}

/// Runs spec files; `on_file` is called with each file's report as soon as it is done (from
/// the worker thread), and the reports are returned in the order of `paths`.
pub fn run(
    paths: &[PathBuf],
    options: &RunOptions,
    on_file: &(dyn Fn(&FileReport) + Sync),
) -> anyhow::Result<Vec<FileReport>> {
    let specs: Vec<Result<SpecFile, SpecError>> = paths.iter().map(|p| model::load(p)).collect();
    let uses_fuel = specs
        .iter()
        .flatten()
        .any(|s| s.limits.fuel.is_some() || s.tests.iter().any(|t| t.limits.fuel.is_some()));
    // Fuel and epochs are engine settings: turn fuel on only when a spec asks for it (it
    // slows every call), epochs always (every test has a timeout).
    let runtime = Runtime::new(EngineOptions {
        fuel: uses_fuel.then_some(u64::MAX),
        timeout: Some(options.default_timeout),
        max_output: options.max_output,
        ..EngineOptions::default()
    })?;
    let runner = Runner {
        runtime: &runtime,
        options,
        uses_fuel,
        programs: Mutex::new(HashMap::new()),
    };
    let results: Vec<Mutex<Option<FileReport>>> = specs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    // The engine's own ticker advances its epoch; each store checks its own deadline.
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..options.jobs.clamp(1, specs.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(spec) = specs.get(i) else { break };
                        let report = isolated(&paths[i], || runner.run_file(&paths[i], spec));
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
        FileReport {
            path: path.to_path_buf(),
            component: None,
            error: Some(FileError::Spec(vec![SpecError {
                path: path.to_path_buf(),
                line: None,
                message: format!(
                    "internal error: wavecall panicked on this file ({what}); this is a bug in \
                     wavecall, please report it with the file"
                ),
            }])),
            tests: Vec::new(),
            filtered: 0,
            duration: start.elapsed(),
        }
    })
}

type Loaded = Arc<OnceLock<Result<Arc<Program>, String>>>;

struct Runner<'a> {
    runtime: &'a Runtime,
    options: &'a RunOptions,
    uses_fuel: bool,
    /// Components by path and links, each compiled once however many specs use it.
    programs: Mutex<HashMap<(PathBuf, Vec<PathBuf>), Loaded>>,
}

impl Runner<'_> {
    fn load(&self, path: &Path, links: &[PathBuf]) -> Result<Arc<Program>, String> {
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
                .map(|link| Link::read(&Source::Path(link.clone())))
                .collect::<anyhow::Result<Vec<_>>>()
                .map_err(|e| chain_text(&e))?;
            self.runtime
                .load_linked(&Source::Path(path.to_path_buf()), &links)
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

    fn run_file(&self, path: &Path, spec: &Result<SpecFile, SpecError>) -> FileReport {
        let start = Instant::now();
        let mut report = FileReport {
            path: path.to_path_buf(),
            component: None,
            error: None,
            tests: Vec::new(),
            filtered: 0,
            duration: Duration::ZERO,
        };
        match spec {
            Err(err) => report.error = Some(FileError::Spec(vec![err.clone()])),
            Ok(spec) => {
                if let Err(error) = self.run_spec(spec, &mut report) {
                    report.error = Some(error);
                }
            }
        }
        report.duration = start.elapsed();
        report
    }

    fn run_spec(&self, spec: &SpecFile, report: &mut FileReport) -> Result<(), FileError> {
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
        let links: Vec<PathBuf> = spec.links.iter().map(|l| l.value.clone()).collect();
        let program = self.load(&component, &links).map_err(FileError::Load)?;
        let expected = check(spec, &program)?;
        // Each test's output is its own: taken after every test, never interleaved with
        // other files' on the terminal.
        let output = CapturedOutput::new();
        let host = HostOptions {
            args: vec![component.display().to_string()],
            env: spec.env.clone(),
            dirs: spec.dirs.clone(),
            mocks: spec.mocks.iter().map(|m| m.value.clone()).collect(),
            output: GuestOutput::Capture(output.clone()),
            ..HostOptions::default()
        };
        let prepared =
            Prepared::new(&program, &host).map_err(|e| FileError::Load(chain_text(&e)))?;
        // What the spec grants (a `dirs` entry that is no directory) is checked once, as a
        // mistake in the spec, rather than failing every test at instantiation.
        if let Err(err) = HostState::new(&host, program.options()) {
            return Err(match classify(&err) {
                FailureClass::Usage => spec_error(None, chain_text(&err)),
                _ => FileError::Load(chain_text(&err)),
            });
        }
        let mut shared: Option<anyhow::Result<Session<'_>>> = None;
        for (test, expected) in spec.tests.iter().zip(&expected) {
            if let Some(filter) = &self.options.filter
                && !test.name.contains(filter.as_str())
            {
                report.filtered += 1;
                continue;
            }
            let start = Instant::now();
            let mut result = if let Some(reason) = &test.skip {
                TestReport::new(test, Status::Skipped).message(reason.clone())
            } else {
                let limits = self.limits(&test.limits.or(&spec.limits));
                let tolerance = test.tolerance;
                if spec.shared {
                    let session = shared.get_or_insert_with(|| prepared.instantiate(&limits));
                    match session {
                        Ok(session) => {
                            session.set_limits(&limits);
                            run_test(session, test, expected.as_deref(), tolerance, spec)
                        }
                        Err(err) => instantiation_failed(test, err),
                    }
                } else {
                    match prepared.instantiate(&limits) {
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
            report.tests.push(result);
        }
        Ok(())
    }

    fn limits(&self, limits: &Limits) -> SessionLimits {
        SessionLimits {
            fuel: limits.fuel.or(self.uses_fuel.then_some(u64::MAX)),
            max_memory: limits.max_memory,
            timeout: Some(limits.timeout.unwrap_or(self.options.default_timeout)),
        }
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

/// Checks the spec against the component before anything runs: every mock fits its import,
/// every call names a function, every expected value fits the last call's result type.
/// Returns the expected values, converted.
fn check(spec: &SpecFile, program: &Program) -> Result<Vec<Option<Vec<Val>>>, FileError> {
    let mut errors = Vec::new();
    let error = |line: usize, message: String| SpecError {
        path: spec.path.clone(),
        line: Some(line),
        message,
    };
    let mocks: Vec<_> = spec.mocks.iter().map(|m| m.value.clone()).collect();
    for (index, e) in mock::check(program, &mocks) {
        let m = &spec.mocks[index];
        let detail = match e.downcast_ref::<InvocationError>() {
            Some(inv) => caret(inv),
            None => e.to_string(),
        };
        errors.push(error(
            m.line,
            format!("invalid mock for `{}`: {detail}", m.value.import),
        ));
    }
    let mut expected = Vec::new();
    let mut bindings = HashMap::new();
    for test in &spec.tests {
        if !spec.shared {
            bindings.clear();
        }
        let mut types = None;
        for (i, call) in test.calls.iter().enumerate() {
            let last = i + 1 == test.calls.len();
            match result_types(program, &call.value, &mut bindings) {
                Ok(t) => types = Some(t),
                // A call that must be rejected may well name nothing.
                Err(_) if last && matches!(test.expect, Expectation::Error(_)) => types = None,
                Err(e) => {
                    errors.push(error(call.line, format!("invalid call: {}", caret(&e))));
                    types = None;
                }
            }
        }
        let value = match (&test.expect, types) {
            (Expectation::Value(text), Some(types)) => {
                match mock::convert(&text.value, &types, program) {
                    Ok(values) => Some(values),
                    Err(e) => {
                        errors.push(error(text.line, format!("invalid `expect`: {}", caret(&e))));
                        None
                    }
                }
            }
            _ => None,
        };
        expected.push(value);
    }
    if errors.is_empty() {
        Ok(expected)
    } else {
        Err(FileError::Spec(errors))
    }
}

/// The result types of a call, found without running it; `bindings` follows `c = …` to the
/// resource whose methods `c.m(…)` calls. Targets resolve as in a session; the arguments are
/// left to the session, which reports a bad one as that test's error.
fn result_types(
    program: &Program,
    text: &str,
    bindings: &mut HashMap<String, Option<NamedResource>>,
) -> Result<Vec<Type>, InvocationError> {
    let call = crate::invocation::parse(text)?;
    match program
        .exports
        .resolve_call(&call, &SpecBindings(bindings))?
    {
        Callee::Drop { .. } => Ok(Vec::new()),
        Callee::Func { func, .. } => {
            let results = func.results();
            if let (Some((name, _)), [Type::Own(ty) | Type::Borrow(ty)]) =
                (&call.binding, results.as_slice())
            {
                let resource = program.exports.exported_resource(ty).cloned();
                bindings.insert(name.clone(), resource);
            }
            Ok(results)
        }
    }
}

/// The names bound so far in a spec, each to the resource its handle will belong to.
struct SpecBindings<'a>(&'a HashMap<String, Option<NamedResource>>);

impl Bindings for SpecBindings<'_> {
    type Handle = ();

    fn is_bound(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    fn receiver(
        &self,
        name: &str,
        _: &crate::invocation::CallSyntax,
        _: std::ops::Range<usize>,
    ) -> Result<((), Option<ResourceName<'_>>), InvocationError> {
        let resource = self.0.get(name).and_then(Option::as_ref);
        Ok(((), resource.map(NamedResource::path)))
    }
}

/// An error as text: its chain joined by `: `, without Wasmtime's backtrace paragraph.
pub(crate) fn chain_text(err: &anyhow::Error) -> String {
    let parts: Vec<String> = err
        .chain()
        .map(|c| c.to_string())
        .filter(|c| !c.starts_with("error while executing at wasm backtrace"))
        .filter(|c| !c.is_empty())
        .collect();
    parts.join(": ")
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
