//! What a test run found, and its JUnit XML and JSON forms.

use std::fmt::Write;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;

use super::model::SpecError;
use super::shorten;
use crate::error::InvocationError;

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
}

impl TestReport {
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
    /// How long the file took, loading included.
    pub duration: Duration,
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
    /// without tests, or a filter that matches none.
    pub fn is_empty(&self) -> bool {
        self.passed + self.failed + self.skipped + self.errors == 0 && !self.load_error
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
    /// `3 passed, 1 failed`, then `, 2 skipped`, `, 5 filtered out` and `, 1 error` when
    /// there are any.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)?;
        if self.skipped > 0 {
            write!(f, ", {} skipped", self.skipped)?;
        }
        if self.filtered > 0 {
            write!(f, ", {} filtered out", self.filtered)?;
        }
        match self.errors {
            0 => Ok(()),
            1 => write!(f, ", 1 error"),
            n => write!(f, ", {n} errors"),
        }
    }
}

/// The text a failure, error or skip is reported with: the spec location, the call,
/// expected and actual values, what went wrong and what the guest wrote, indented under a
/// headline.
pub fn describe_test(file: &FileReport, test: &TestReport) -> String {
    let mut out = describe(file, test);
    for (name, text) in [("stdout", &test.stdout), ("stderr", &test.stderr)] {
        if !text.is_empty() {
            let _ = writeln!(out, "  {name}:");
            for line in text.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

/// [`describe_test`] without the guest's output, which JUnit holds in elements of its own.
fn describe(file: &FileReport, test: &TestReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}:{}: {}",
        test.status.label(),
        file.path.display(),
        test.location(),
        test.name
    );
    if let Some(call) = &test.call {
        let _ = writeln!(out, "  call:     {}", shorten::cut(call));
    }
    if let Some(expected) = &test.expected {
        let _ = writeln!(out, "  expected: {}", expected.short);
    }
    if let Some(actual) = &test.actual {
        let _ = writeln!(out, "  actual:   {}", actual.short);
    }
    if let Some(text) = test.details.as_ref().or(test.message.as_ref()) {
        for line in text.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// The text of a file-level error, one block per error.
pub fn describe_file_error(file: &FileReport) -> String {
    let mut out = String::new();
    match &file.error {
        Some(FileError::Spec(errors)) => {
            for error in errors {
                let _ = writeln!(out, "ERROR {error}");
            }
        }
        Some(FileError::Load(message)) => {
            let _ = writeln!(out, "ERROR {}: {message}", file.path.display());
        }
        None => {}
    }
    out
}

/// An invocation error as two indented lines: the text and a caret under the span, then its
/// message and hints.
pub fn caret(error: &InvocationError) -> String {
    let text = error.call.lines().next().unwrap_or("");
    let start = error.span.start.min(text.len());
    let end = error.span.end.clamp(start, text.len());
    let col = text[..start].chars().count();
    let width = text[start..end].chars().count().max(1);
    let mut out = format!(
        "{}\n    {text}\n    {}{}",
        error.message,
        " ".repeat(col),
        "^".repeat(width)
    );
    for hint in &error.hints {
        out.push_str(&format!("\n  help: {hint}"));
    }
    out
}

/// Escapes text for XML attributes and character data; characters XML 1.0 cannot hold
/// (most control characters) are replaced by U+FFFD.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn seconds(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

/// The run as JUnit XML, in the shape Jenkins, GitLab and GitHub test reporters read: one
/// `<testsuite>` per spec file, one `<testcase>` per test with `<failure>`, `<error>` or
/// `<skipped>` inside it, and the guest's output as `<system-out>` and `<system-err>`.
pub fn junit(files: &[FileReport]) -> String {
    let total = Summary::of(files);
    // A file that could not run is one errored test case named `(spec)`.
    let tests = |f: &FileReport| f.tests.len() + usize::from(f.error.is_some());
    let errors = |f: &FileReport| {
        f.tests.iter().filter(|t| t.status == Status::Error).count()
            + usize::from(f.error.is_some())
    };
    let time: Duration = files.iter().map(|f| f.duration).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"wavecall\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">",
        files.iter().map(tests).sum::<usize>(),
        total.failed,
        files.iter().map(errors).sum::<usize>(),
        total.skipped,
        seconds(time)
    );
    for file in files {
        let path = xml_escape(&file.path.display().to_string());
        let counts = Summary::of(std::slice::from_ref(file));
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">",
            tests(file),
            counts.failed,
            errors(file),
            counts.skipped,
            seconds(file.duration)
        );
        if let Some(error) = &file.error {
            let (kind, message, line) = match error {
                FileError::Spec(errors) => (
                    "spec",
                    errors.first().map_or("", |e| first_line(&e.message)),
                    errors.first().and_then(|e| e.line),
                ),
                FileError::Load(message) => ("load", first_line(message), None),
            };
            let line = line.map_or(String::new(), |l| format!(" line=\"{l}\""));
            let _ = writeln!(
                out,
                "    <testcase name=\"(spec)\" classname=\"{path}\" file=\"{path}\"{line} time=\"0.000\">\n      <error message=\"{}\" type=\"{kind}\">{}</error>\n    </testcase>",
                xml_escape(message),
                xml_escape(&describe_file_error(file))
            );
        }
        for test in &file.tests {
            let _ = write!(
                out,
                "    <testcase name=\"{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\" time=\"{}\"",
                xml_escape(&test.name),
                test.location(),
                seconds(test.duration)
            );
            if test.status == Status::Passed && test.stdout.is_empty() && test.stderr.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            let message = xml_escape(test.message.as_deref().map_or("", first_line));
            match test.status {
                Status::Passed => {}
                Status::Skipped => {
                    let _ = writeln!(out, "      <skipped message=\"{message}\"/>");
                }
                Status::Failed | Status::Error => {
                    let element = if test.status == Status::Failed {
                        "failure"
                    } else {
                        "error"
                    };
                    let _ = writeln!(
                        out,
                        "      <{element} message=\"{message}\" type=\"{}\">{}</{element}>",
                        test.status.as_str(),
                        xml_escape(&describe(file, test))
                    );
                }
            }
            for (element, text) in [("system-out", &test.stdout), ("system-err", &test.stderr)] {
                if !text.is_empty() {
                    let _ = writeln!(out, "      <{element}>{}</{element}>", xml_escape(text));
                }
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// A message's first line: an XML attribute is one line in every reader.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// The run as one JSON document: a summary and every file with its tests, values whole.
pub fn json(files: &[FileReport], summary: &Summary) -> serde_json::Value {
    let files: Vec<serde_json::Value> = files
        .iter()
        .map(|file| {
            let error = match &file.error {
                Some(FileError::Spec(errors)) => json!({
                    "kind": "spec",
                    "errors": errors.iter().map(|e| json!({
                        "line": e.line,
                        "message": e.message,
                    })).collect::<Vec<_>>(),
                }),
                Some(FileError::Load(message)) => json!({"kind": "load", "message": message}),
                None => serde_json::Value::Null,
            };
            json!({
                "spec": file.path.display().to_string(),
                "component": file.component.as_ref().map(|c| c.display().to_string()),
                "error": error,
                "duration_ms": file.duration.as_secs_f64() * 1000.0,
                "filtered": file.filtered,
                "tests": file.tests.iter().map(|t| json!({
                    "name": t.name,
                    "line": t.line,
                    "status": t.status.as_str(),
                    "duration_ms": t.duration.as_secs_f64() * 1000.0,
                    "call": t.call,
                    "call_line": t.call_line,
                    "expected": t.expected.as_ref().map(|v| &v.wave),
                    "actual": t.actual.as_ref().map(|v| &v.wave),
                    "message": t.message,
                    "details": t.details,
                    "stdout": t.stdout,
                    "stderr": t.stderr,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "summary": {
            "passed": summary.passed,
            "failed": summary.failed,
            "skipped": summary.skipped,
            "filtered": summary.filtered,
            "errors": summary.errors,
            "exit_code": summary.exit_code(),
        },
        "files": files,
    })
}
