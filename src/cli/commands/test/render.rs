//! What `wavecall test` prints for people: each file's failures (every test with `-v`), in
//! colour on a terminal, and the summary line.

use wavecall::spec::{self, FileReport, Status, Summary, TestReport};

use crate::cli::color::{self, paint};

/// How much of each file's report is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Detail {
    /// `-q`: failures without the guest's output.
    Quiet,
    /// The default: failures with what the guest wrote.
    Failures,
    /// `-v`: a line for every passed and skipped test too.
    Verbose,
}

/// One spec file's part of the output.
pub(super) fn render(report: &FileReport, detail: Detail) -> String {
    paint_report(&render_plain(report, detail))
}

fn render_plain(report: &FileReport, detail: Detail) -> String {
    let mut out = spec::describe_file_error(report);
    for test in &report.tests {
        match test.status {
            Status::Passed | Status::Skipped if detail == Detail::Verbose => {
                out.push_str(&format!(
                    "{} {}:{}: {}\n",
                    test.status.label(),
                    report.path.display(),
                    test.location(),
                    test.name
                ))
            }
            Status::Passed | Status::Skipped => {}
            Status::Failed | Status::Error if detail == Detail::Quiet => {
                let quiet = TestReport {
                    stdout: String::new(),
                    stderr: String::new(),
                    ..test.clone()
                };
                out.push_str(&spec::describe_test(report, &quiet));
            }
            Status::Failed | Status::Error => out.push_str(&spec::describe_test(report, test)),
        }
    }
    out
}

const EXPECTED: &str = "  expected: ";
const ACTUAL: &str = "  actual:   ";

/// The status labels, expected and actual values of a file's report in colour, when standard
/// output has colour; where an expected and an actual value differ, the differing middle of
/// each is also underlined, so that one wrong element of a long value stands out.
fn paint_report(text: &str) -> String {
    if !color::stdout() {
        return text.to_string();
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in lines.iter().enumerate() {
        let value = |l: &str, label: &str| l[label.len()..].trim_end_matches('\n').to_string();
        if line.starts_with(EXPECTED) || line.starts_with(ACTUAL) {
            let (label, style, other) = if line.starts_with(EXPECTED) {
                let next = lines.get(i + 1).filter(|l| l.starts_with(ACTUAL));
                (EXPECTED, color::EXPECTED, next.map(|l| value(l, ACTUAL)))
            } else {
                let previous = i.checked_sub(1).map(|p| lines[p]);
                let previous = previous.filter(|l| l.starts_with(EXPECTED));
                (ACTUAL, color::ACTUAL, previous.map(|l| value(l, EXPECTED)))
            };
            let this = value(line, label);
            out.push_str(label);
            out.push_str(&highlight(&this, other.as_deref(), style));
            out.push('\n');
            continue;
        }
        let labelled = [
            ("PASS ", color::PASS),
            ("FAIL ", color::ERROR),
            ("ERROR ", color::ERROR),
            ("SKIP ", color::DIM),
        ];
        match labelled.iter().find(|(label, _)| line.starts_with(label)) {
            Some((label, style)) => {
                let word = label.trim_end();
                out.push_str(&paint(word, *style, true));
                out.push_str(&line[word.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// `value` in `style`, its part that differs from `other` (between their common beginning and
/// end) underlined too.
fn highlight(value: &str, other: Option<&str>, style: anstyle::Style) -> String {
    let Some(other) = other.filter(|o| *o != value) else {
        return paint(value, style, true);
    };
    let mut prefix: usize = value
        .chars()
        .zip(other.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let mut suffix: usize = value[prefix..]
        .chars()
        .rev()
        .zip(other[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    // Numbers differ as a whole: `150` against `0` marks all of `150`, not `15`.
    let numeric = |c: char| c.is_ascii_digit() || c == '.';
    while value[..prefix].ends_with(numeric) {
        prefix -= 1;
    }
    while value[value.len() - suffix..].starts_with(numeric) {
        suffix -= 1;
    }
    let middle_end = value.len() - suffix;
    let marked = style.underline().bold();
    format!(
        "{}{}{}",
        paint(&value[..prefix], style, true),
        paint(&value[prefix..middle_end], marked, true),
        paint(&value[middle_end..], style, true)
    )
}

/// The summary line, its counts of passed and failed tests in colour when they are not 0.
pub(super) fn summary(summary: &Summary) -> String {
    let text = summary.to_string();
    if !color::stdout() {
        return text;
    }
    let passed = format!("{} passed", summary.passed);
    let failed = format!("{} failed", summary.failed);
    let mut out = text.clone();
    if summary.failed > 0 {
        out = out.replacen(&failed, &paint(&failed, color::ERROR, true), 1);
    }
    if summary.passed > 0 {
        out = out.replacen(&passed, &paint(&passed, color::PASS, true), 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_differing_middle_is_marked() {
        let style = color::ACTUAL;
        let marked = style.underline().bold();
        let out = highlight("[1, 2, 0, 4]", Some("[1, 2, 3, 4]"), style);
        assert_eq!(
            out,
            format!(
                "{}{}{}",
                paint("[1, 2, ", style, true),
                paint("0", marked, true),
                paint(", 4]", style, true)
            )
        );
        assert_eq!(highlight("7", Some("7"), style), paint("7", style, true));
        // A number is marked whole.
        let out = highlight("[149, 0]", Some("[149, 150]"), style);
        assert!(out.contains(&paint("0", marked, true)), "{out:?}");
        let out = highlight("[149, 150]", Some("[149, 0]"), style);
        assert!(out.contains(&paint("150", marked, true)), "{out:?}");
        // Multi-byte characters are never cut.
        let out = highlight("\"é\"", Some("\"è\""), style);
        assert!(out.contains(&paint("é", marked, true)), "{out:?}");
    }
}
