//! Judging one test: running its calls on a session and turning what happened into a
//! [`TestReport`], with a one-line cause for the JUnit `message` and the longer account for
//! the text report.

use wasmtime::component::Val;

use super::compare::compare;
use super::model::{self, Expectation, SpecFile, TestCase};
use super::report::{Observed, Shown, Status, TestReport, caret};
use super::shorten;
use crate::error::{FailureClass, classify, find_invocation_error, messages};
use crate::render::{self, Format, NoHandles};
use crate::session::Session;

impl TestReport {
    pub(super) fn new(test: &TestCase, status: Status) -> TestReport {
        TestReport::item(&test.name, test.line, status)
    }

    pub(super) fn message(mut self, message: impl Into<String>) -> TestReport {
        self.message = Some(message.into());
        self
    }

    pub(super) fn details(mut self, details: impl Into<String>) -> TestReport {
        self.details = Some(details.into());
        self
    }

    fn at(mut self, call: &model::Located<String>) -> TestReport {
        self.call = Some(call.value.clone());
        self.call_line = Some(call.line);
        self
    }

    /// The call returned `actual` where something else was expected.
    fn returned(mut self, actual: String) -> TestReport {
        self.observed = Some(Observed::Returned(actual.clone()));
        self.actual = Some(Shown {
            short: shorten::cut(&actual),
            wave: actual,
        });
        self
    }

    /// The last call trapped with `cause`, which is why the test failed.
    fn trapped(mut self, cause: &str) -> TestReport {
        self.observed = Some(Observed::Trapped(cause.to_string()));
        self
    }
}

/// Runs a test's calls in order on `session` and judges the last against the expectation
/// (`expected` holds an `expect` value, converted).
pub(super) fn run_test(
    session: &mut Session<'_>,
    test: &TestCase,
    expected: Option<&[Val]>,
    tolerance: Option<f64>,
    spec: &SpecFile,
) -> TestReport {
    let before = session.mock_calls().to_vec();
    let failed = |call| TestReport::new(test, Status::Failed).at(call);
    for (i, call) in test.calls.iter().enumerate() {
        let last = i + 1 == test.calls.len();
        let outcome = session.invoke(&call.value);
        let outcome = match (outcome, last) {
            (Ok(outcome), _) => outcome,
            (Err(err), false) => {
                let (status, what) = match classify(&err) {
                    FailureClass::Usage => (Status::Error, "was rejected"),
                    _ => (Status::Failed, "failed"),
                };
                return TestReport::new(test, status)
                    .at(call)
                    .message(cause(&err))
                    .details(format!(
                        "call {} of {} {what}: {}",
                        i + 1,
                        test.calls.len(),
                        chain_text(&err)
                    ));
            }
            (Err(err), true) => return unexpected_error(test, call, &err),
        };
        if !last {
            continue;
        }
        let actual = session.render(&outcome, Format::Wave);
        let report = match &test.expect {
            Expectation::Returns => TestReport::new(test, Status::Passed).at(call),
            Expectation::Value(_) => {
                let expected = expected.unwrap_or_default();
                compare_results(test, call, expected, &outcome.results, actual, tolerance)
            }
            Expectation::Trap(_) => failed(call)
                .details("expected a trap, but the call returned")
                .returned(actual)
                .summarized(|actual| format!("expected a trap, got {actual}")),
            Expectation::Error(_) => failed(call)
                .details("expected the call to be rejected before running, but it ran")
                .returned(actual)
                .summarized(|actual| format!("expected the call to be rejected, got {actual}")),
        };
        if report.status != Status::Passed {
            return report;
        }
        return check_calls(session, test, spec, &before, report);
    }
    unreachable!("a test has at least one call")
}

/// The last call returned: a pass when its results equal the expected ones. Either way
/// both values are in the report, shortened around their first difference for people.
fn compare_results(
    test: &TestCase,
    call: &model::Located<String>,
    expected: &[Val],
    results: &[Val],
    actual: String,
    tolerance: Option<f64>,
) -> TestReport {
    let expected_text = render::results(expected, Format::Wave, &NoHandles);
    let mismatch = (expected.len() != results.len())
        .then(String::new)
        .or_else(|| {
            expected
                .iter()
                .zip(results)
                .find_map(|(e, a)| compare(e, a, tolerance).err())
        });
    let Some(path) = mismatch else {
        let mut report = TestReport::new(test, Status::Passed).at(call);
        report.expected = Some(Shown {
            short: shorten::cut(&expected_text),
            wave: expected_text,
        });
        let mut report = report.returned(actual);
        report.observed = None;
        return report;
    };
    let (short_expected, short_actual) = match (expected, results) {
        // Handles in the actual value are not named in the short form: an expected value
        // holds none, so only `none` against `some(handle)` shows one, and a long value
        // is needed too.
        ([e], [a]) => shorten::pair(e, a, tolerance),
        _ => (shorten::cut(&expected_text), shorten::cut(&actual)),
    };
    let mut details = "the result differs".to_string();
    let mut summary = format!("expected {short_expected}, got {short_actual}");
    if !path.is_empty() {
        details.push_str(&format!(" at `{path}`"));
    }
    if let Some(t) = tolerance {
        details.push_str(&format!(" (tolerance {t})"));
        summary.push_str(&format!(" (tolerance {t})"));
    }
    let mut report = TestReport::new(test, Status::Failed)
        .at(call)
        .message(summary)
        .details(details);
    report.expected = Some(Shown {
        wave: expected_text,
        short: short_expected,
    });
    report.observed = Some(Observed::Returned(actual.clone()));
    report.actual = Some(Shown {
        wave: actual,
        short: short_actual,
    });
    report
}

impl TestReport {
    /// Sets the one-line message from the shortened actual value.
    fn summarized(self, message: impl FnOnce(&str) -> String) -> TestReport {
        let actual = self.actual.as_ref().map_or("", |a| a.short.as_str());
        let message = message(actual);
        self.message(message)
    }
}

/// The last call failed: right when the test expects that failure.
fn unexpected_error(
    test: &TestCase,
    call: &model::Located<String>,
    err: &anyhow::Error,
) -> TestReport {
    let text = chain_text(err);
    let cause = cause(err);
    let class = classify(err);
    let report = |status| TestReport::new(test, status).at(call);
    match (&test.expect, class) {
        (Expectation::Trap(want), FailureClass::Call) if text.contains(&want.value) => {
            report(Status::Passed)
        }
        (Expectation::Trap(want), FailureClass::Call) => report(Status::Failed)
            .trapped(&cause)
            .message(format!(
                "expected a trap containing `{}`, got: {cause}",
                want.value
            ))
            .details(format!(
                "the call trapped, but the message does not contain `{}`:\n{text}",
                want.value
            )),
        (Expectation::Error(want), FailureClass::Usage) if text.contains(&want.value) => {
            report(Status::Passed)
        }
        (Expectation::Error(want), FailureClass::Usage) => report(Status::Failed)
            .message(format!(
                "expected a rejection containing `{}`, got: {cause}",
                want.value
            ))
            .details(format!(
                "the call was rejected, but the message does not contain `{}`:\n{text}",
                want.value
            )),
        (Expectation::Error(_), _) => report(Status::Failed)
            .message(format!(
                "expected the call to be rejected, but it failed: {cause}"
            ))
            .details(format!(
                "expected the call to be rejected before running, but it ran and failed:\n{text}"
            )),
        (_, FailureClass::Usage) => report(Status::Error).message(cause).details(format!(
            "the call was rejected:\n{}",
            find_invocation_error(err).map_or(text, caret)
        )),
        (_, _) => report(Status::Failed)
            .trapped(&cause)
            .message(cause)
            .details(format!("the call failed:\n{text}")),
    }
}

fn check_calls(
    session: &Session<'_>,
    test: &TestCase,
    spec: &SpecFile,
    before: &[u64],
    report: TestReport,
) -> TestReport {
    let after = session.mock_calls();
    let mut problems = Vec::new();
    for (name, want) in &test.expect_calls {
        let Some(index) = spec.mocks.iter().position(|m| m.value.import == name.value) else {
            continue;
        };
        let got = after[index] - before.get(index).copied().unwrap_or(0);
        if got != *want {
            let times = |n: u64| {
                if n == 1 {
                    "once".to_string()
                } else {
                    format!("{n} times")
                }
            };
            let problem = format!(
                "`{}` was called {}, expected {}",
                name.value,
                times(got),
                times(*want)
            );
            problems.push((problem, name.line));
        }
    }
    if problems.is_empty() {
        return report;
    }
    let summary: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    let details: Vec<String> = problems
        .iter()
        .map(|(p, line)| format!("{p} (line {line})"))
        .collect();
    TestReport {
        status: Status::Failed,
        ..report
    }
    .message(summary.join("; "))
    .details(details.join("\n"))
}

/// Why a call or instantiation failed, in one line for a report's `message`: an invocation
/// error's own message, or the error chain without wavecall's outermost "failed to call
/// `f`" (the report names the call already).
pub(super) fn cause(err: &anyhow::Error) -> String {
    if let Some(invocation) = find_invocation_error(err) {
        return invocation.message.lines().next().unwrap_or("").to_string();
    }
    let messages = messages(err);
    let inner = &messages[usize::from(messages.len() > 1)..];
    inner.join(": ").lines().next().unwrap_or("").to_string()
}

/// An error as text: its chain joined by `: `, without Wasmtime's backtrace.
pub(super) fn chain_text(err: &anyhow::Error) -> String {
    messages(err).join(": ")
}
