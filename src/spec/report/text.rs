//! The text report: what `wavecall test` prints for a failure, an error or a skip.

use std::fmt::Write;

use super::{FileError, FileReport, TestReport};
use crate::error::InvocationError;
use crate::spec::shorten;

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
pub(super) fn describe(file: &FileReport, test: &TestReport) -> String {
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
