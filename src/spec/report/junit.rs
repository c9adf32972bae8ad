//! The JUnit XML report, in the shape Jenkins, GitLab and GitHub test reporters read.

use std::fmt::Write;
use std::time::Duration;

use super::text::{describe, describe_file_error};
use super::{FileError, FileReport, Status, Summary};

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
