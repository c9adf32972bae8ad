//! What a test run found: a report per spec file and test, counted in a [`Summary`], and
//! shown as text for people ([`describe_test`]), JUnit XML ([`junit`]) and JSON ([`json`]).

mod github;
mod json;
mod junit;
mod text;

use std::path::PathBuf;
use std::time::Duration;

use super::model::SpecError;
pub use github::github;
pub use json::json;
pub use junit::junit;
pub use text::{caret, describe_file_error, describe_test};

/// How one test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every check held.
    Passed,
    /// The component did not do what the spec expects.
    Failed,
    /// The spec itself is wrong (a call that cannot be made, a bad expectation).
    Error,
    /// `skip` was set.
    Skipped,
}

impl Status {
    /// `PASS`, `FAIL`, `ERROR` or `SKIP`: how a test's line starts in the text report.
    pub fn label(self) -> &'static str {
        match self {
            Status::Passed => "PASS",
            Status::Failed => "FAIL",
            Status::Error => "ERROR",
            Status::Skipped => "SKIP",
        }
    }

    /// `passed`, `failed`, `error` or `skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Error => "error",
            Status::Skipped => "skipped",
        }
    }
}

/// The outcome of one test.
#[derive(Debug, Clone)]
pub struct TestReport {
    /// The test's name, unique in its file.
    pub name: String,
    /// The line of its `[[test]]` header.
    pub line: usize,
    /// How it ended.
    pub status: Status,
    /// How long it took, instantiation included.
    pub duration: Duration,
    /// The call the outcome is about (the failing one, else the last).
    pub call: Option<String>,
    /// The line of that call.
    pub call_line: Option<usize>,
    /// The expected result, when a value was expected.
    pub expected: Option<Shown>,
    /// The actual result, when the call returned.
    pub actual: Option<Shown>,
    /// Why it failed, was an error or was skipped, in one line: `expected 5, got 6`, a
    /// trap's message (the JUnit `message`).
    pub message: Option<String>,
    /// The longer account the text report shows instead of `message`: the whole error
    /// chain, a caret under the call, where the values differ.
    pub details: Option<String>,
    /// What the guest wrote to its stdout during the test, cut at the output cap.
    pub stdout: String,
    /// What the guest wrote to its stderr during the test, cut at the output cap.
    pub stderr: String,
    /// What the last call did, when that is why the test failed (not an earlier call, not
    /// `expect-calls`): what `wavecall test --update` writes back into the spec.
    pub observed: Option<Observed>,
}

/// What a test's last call did, when its outcome is why the test failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observed {
    /// It returned this value (WAVE).
    Returned(String),
    /// It trapped (or hit a limit), with this cause.
    Trapped(String),
}

impl TestReport {
    /// A report of `status` for the test or property `name` whose header is on `line`.
    pub(in crate::spec) fn item(name: &str, line: usize, status: Status) -> TestReport {
        TestReport {
            name: name.to_string(),
            line,
            status,
            duration: Duration::ZERO,
            call: None,
            call_line: None,
            expected: None,
            actual: None,
            message: None,
            details: None,
            stdout: String::new(),
            stderr: String::new(),
            observed: None,
        }
    }

    /// The line reports point at: the call the outcome is about, else the test's header.
    pub fn location(&self) -> usize {
        self.call_line.unwrap_or(self.line)
    }
}

/// A value in a report, as WAVE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The whole value (what the JSON report holds).
    pub wave: String,
    /// What the text and JUnit reports show: the whole value, or when it is long, the value
    /// shortened (around its first difference from the other value, when there is one), the
    /// rest elided with counts.
    pub short: String,
}

/// Why a spec file's tests could not run at all.
#[derive(Debug, Clone)]
pub enum FileError {
    /// The spec is wrong: each error has its line.
    Spec(Vec<SpecError>),
    /// The component or a link could not be loaded or linked.
    Load(String),
}

/// The outcome of one spec file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The spec file.
    pub path: PathBuf,
    /// The component it tested, when known.
    pub component: Option<PathBuf>,
    /// Set when no test could run.
    pub error: Option<FileError>,
    /// The tests that ran or were skipped, in file order (filtered-out tests are absent).
    pub tests: Vec<TestReport>,
    /// How many tests the filter left out.
    pub filtered: usize,
    /// How many tests other jobs of the partition run.
    pub partitioned: usize,
    /// How many selected tests did not run because `fail_fast` stopped the run.
    pub not_run: usize,
    /// How long the file took, loading included.
    pub duration: Duration,
}

impl FileReport {
    /// The report of `path` before anything ran.
    pub(in crate::spec) fn new(path: &std::path::Path) -> FileReport {
        FileReport {
            path: path.to_path_buf(),
            component: None,
            error: None,
            tests: Vec::new(),
            filtered: 0,
            partitioned: 0,
            not_run: 0,
            duration: Duration::ZERO,
        }
    }
}

/// Counts over a whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Tests skipped.
    pub skipped: usize,
    /// Spec errors (a whole broken file counts once per error) and load errors.
    pub errors: usize,
    /// Tests the filter left out.
    pub filtered: usize,
    /// Tests other jobs of the partition run.
    pub partitioned: usize,
    /// Selected tests that did not run because `--fail-fast` stopped the run.
    pub not_run: usize,
    /// Failed tests whose expectation `wavecall test --update` rewrote (counted here instead
    /// of as failed; [`Summary::of`] leaves it at 0).
    pub updated: usize,
    /// Whether any component could not be loaded.
    pub load_error: bool,
    /// Whether a run that selects no test passes (`--allow-empty`); [`Summary::of`] leaves
    /// it off.
    pub allow_empty: bool,
}

impl Summary {
    /// Counts the reports.
    pub fn of(files: &[FileReport]) -> Summary {
        let mut summary = Summary::default();
        for file in files {
            match &file.error {
                Some(FileError::Spec(errors)) => summary.errors += errors.len(),
                Some(FileError::Load(_)) => {
                    summary.errors += 1;
                    summary.load_error = true;
                }
                None => {}
            }
            summary.filtered += file.filtered;
            summary.partitioned += file.partitioned;
            summary.not_run += file.not_run;
            for test in &file.tests {
                match test.status {
                    Status::Passed => summary.passed += 1,
                    Status::Failed => summary.failed += 1,
                    Status::Error => summary.errors += 1,
                    Status::Skipped => summary.skipped += 1,
                }
            }
        }
        summary
    }

    /// Whether no test was selected, and nothing went wrong either: no spec files, specs
    /// without tests, or a filter that matches none. A job of a partition that got no test
    /// of a suite that has some is not empty: the suite is merely smaller than the matrix.
    pub fn is_empty(&self) -> bool {
        self.passed + self.failed + self.skipped + self.errors + self.partitioned + self.updated
            == 0
            && !self.load_error
    }

    /// The process exit status: 3 when a component could not be loaded, else 2 for spec
    /// errors, else 4 when no test was selected (unless `allow_empty`), else 1 for failed
    /// tests, else 0.
    pub fn exit_code(&self) -> i32 {
        use crate::error::{EXIT_CALL_FAILED, EXIT_LOAD, EXIT_NO_TESTS, EXIT_OK, EXIT_USAGE};
        if self.load_error {
            EXIT_LOAD
        } else if self.errors > 0 {
            EXIT_USAGE
        } else if self.is_empty() && !self.allow_empty {
            EXIT_NO_TESTS
        } else if self.failed > 0 {
            EXIT_CALL_FAILED
        } else {
            EXIT_OK
        }
    }
}

impl std::fmt::Display for Summary {
    /// `3 passed, 1 failed`, then `, 2 skipped`, `, 1 updated`, `, 5 filtered out`, `, 4 in
    /// other partitions`, `, 3 not run` and `, 1 error` when there are any.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)?;
        if self.skipped > 0 {
            write!(f, ", {} skipped", self.skipped)?;
        }
        if self.updated > 0 {
            write!(f, ", {} updated", self.updated)?;
        }
        if self.filtered > 0 {
            write!(f, ", {} filtered out", self.filtered)?;
        }
        if self.partitioned > 0 {
            write!(f, ", {} in other partitions", self.partitioned)?;
        }
        if self.not_run > 0 {
            write!(f, ", {} not run", self.not_run)?;
        }
        match self.errors {
            0 => Ok(()),
            1 => write!(f, ", 1 error"),
            n => write!(f, ", {n} errors"),
        }
    }
}
