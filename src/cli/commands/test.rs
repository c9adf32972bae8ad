//! `wavecall test`: run spec files and report.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Result;
use clap::{Args, ValueEnum};
use wavecall::error::{ClassifyExt, EXIT_NO_TESTS, FailureClass};
use wavecall::spec::{self, FileReport, RunOptions, Status, Summary};

/// Run spec files: call a component's exports and check what they return
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct TestCommand {
    /// Spec files, or folders searched for `*.toml` specs at any depth
    #[arg(value_name = "SPEC", required = true)]
    specs: Vec<PathBuf>,
    /// Test this component instead of the one each spec names
    #[arg(long, value_name = "COMPONENT")]
    component: Option<PathBuf>,
    /// Run only the tests whose name contains this text
    #[arg(long, value_name = "PATTERN")]
    filter: Option<String>,
    /// Also write a report: `junit=PATH` (JUnit XML) or `json=PATH`; may be repeated
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_report)]
    report: Vec<(ReportFormat, PathBuf)>,
    /// The timeout of tests whose spec sets none, e.g. `10s`
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = wavecall::limits::parse_duration)]
    timeout: Duration,
    /// How many spec files run at once [default: the number of CPUs]
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Keep at most this much of each test's guest stdout and stderr, each, e.g. `64KiB`
    #[arg(long, value_name = "BYTES", default_value = "1MiB", value_parser = wavecall::limits::parse_bytes)]
    max_output: u64,
    /// Pass when no test is selected (no spec files, specs without tests, a filter that
    /// matches none) instead of exiting with status 4
    #[arg(long)]
    allow_empty: bool,
}

const AFTER_HELP: &str = "\
Examples:
  wavecall test tests/spec/shapes.toml
  wavecall test -v --filter circle tests/spec/
  wavecall test --report junit=report.xml --report json=report.json specs/

Exit status (when several apply, the first in the order 3, 2, 4, 1 wins):
  0  every test passed (or was skipped)
  1  a test failed
  2  a spec is wrong: bad TOML, unknown keys, a call or expected value that does not fit, a
     `dirs` entry that is no directory; or bad usage, or a `--report` could not be written
  3  a component or link could not be read, compiled, linked or instantiated
  4  no test was selected: no spec files, specs without tests, or a filter that matches
     none (`--allow-empty` makes this a pass)";

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ReportFormat {
    Junit,
    Json,
}

fn parse_report(text: &str) -> Result<(ReportFormat, PathBuf), String> {
    let (format, path) = text
        .split_once('=')
        .ok_or_else(|| format!("expected `junit=PATH` or `json=PATH`, got `{text}`"))?;
    let format = ReportFormat::from_str(format, false)
        .map_err(|_| format!("unknown report format `{format}`; use `junit` or `json`"))?;
    Ok((format, PathBuf::from(path)))
}

impl TestCommand {
    /// Runs the specs; `verbose` (the global `-v`) prints a line for every test.
    pub fn execute(self, verbose: u8) -> Result<i32> {
        let paths = spec::discover(&self.specs).classify(FailureClass::Usage, || {
            "failed to find the spec files".into()
        })?;
        let mut options = RunOptions {
            filter: self.filter.clone(),
            component: self.component.clone(),
            default_timeout: self.timeout,
            max_output: Some(self.max_output),
            wit_decoder: crate::cli::WIT_DECODER,
            ..RunOptions::default()
        };
        if let Some(jobs) = self.jobs {
            options.jobs = jobs;
        }
        // Files finish in any order; print each as soon as the ones before it are printed.
        let printer = Mutex::new((0, BTreeMap::new()));
        let on_file = |report: &FileReport| {
            let index = paths.iter().position(|p| *p == report.path).unwrap_or(0);
            let mut guard = printer.lock().unwrap();
            let (next, pending) = &mut *guard;
            pending.insert(index, render(report, verbose > 0));
            let mut stdout = std::io::stdout().lock();
            while let Some(text) = pending.remove(next) {
                let _ = stdout.write_all(text.as_bytes());
                *next += 1;
            }
            let _ = stdout.flush();
        };
        let reports = spec::run(&paths, &options, &on_file)?;
        let summary = Summary {
            allow_empty: self.allow_empty,
            ..Summary::of(&reports)
        };
        crate::cli::print(&format!("{summary}\n"))?;
        // Every report is attempted; a report that cannot be written is a usage error (2),
        // never mistaken for a failed test (1).
        let mut failed = None;
        for (format, path) in &self.report {
            let text = match format {
                ReportFormat::Junit => spec::junit(&reports),
                ReportFormat::Json => format!("{:#}\n", spec::json(&reports, &summary)),
            };
            let written = wavecall::files::write_output(path, &[text.as_bytes()])
                .classify(FailureClass::Usage, || {
                    format!("failed to write the report `{}`", path.display())
                });
            if let Err(err) = written
                && let Some(earlier) = failed.replace(err)
            {
                crate::cli::errors::print_error(&earlier);
            }
        }
        if let Some(err) = failed {
            return Err(err);
        }
        if summary.exit_code() == EXIT_NO_TESTS {
            let label = crate::cli::errors::label;
            eprintln!(
                "{} no test was run: {}",
                label("error:"),
                self.why_empty(&paths, &summary)
            );
            eprintln!(
                "\n{} pass `--allow-empty` when a run without tests is expected",
                label("help:")
            );
        }
        Ok(summary.exit_code())
    }

    /// Why an empty run selected nothing, for its error.
    fn why_empty(&self, paths: &[PathBuf], summary: &Summary) -> String {
        let given: Vec<String> = self
            .specs
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        match (&self.filter, paths.len()) {
            (_, 0) => format!("no spec files (`*.toml`) in {}", given.join(", ")),
            (Some(filter), _) if summary.filtered > 0 => format!(
                "`--filter {filter}` matches none of the {} tests{}",
                summary.filtered,
                files(paths.len())
            ),
            _ => format!("no `[[test]]`{}", files(paths.len())),
        }
    }
}

/// ` in the spec file` or ` in the 3 spec files`.
fn files(count: usize) -> String {
    if count == 1 {
        " in the spec file".to_string()
    } else {
        format!(" in the {count} spec files")
    }
}

/// One spec file's part of the output: its failures, and with `verbose` every test.
fn render(report: &FileReport, verbose: bool) -> String {
    paint_report(&render_plain(report, verbose))
}

/// The status labels, expected and actual values of a file's report in colour, when standard
/// output has colour.
fn paint_report(text: &str) -> String {
    use crate::cli::color::{self, paint};
    if !color::stdout() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let labelled = [
            ("PASS ", color::PASS),
            ("FAIL ", color::ERROR),
            ("ERROR ", color::ERROR),
            ("SKIP ", color::DIM),
            ("  expected: ", color::EXPECTED),
            ("  actual:   ", color::ACTUAL),
        ];
        match labelled.iter().find(|(label, _)| line.starts_with(label)) {
            Some((label, style)) if label.starts_with(' ') => {
                let value = line[label.len()..].trim_end_matches('\n');
                out.push_str(&format!("{label}{}\n", paint(value, *style, true)));
            }
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

fn render_plain(report: &FileReport, verbose: bool) -> String {
    let mut out = spec::describe_file_error(report);
    for test in &report.tests {
        match test.status {
            Status::Passed | Status::Skipped if verbose => out.push_str(&format!(
                "{} {}:{}: {}\n",
                test.status.label(),
                report.path.display(),
                test.location(),
                test.name
            )),
            Status::Passed | Status::Skipped => {}
            Status::Failed | Status::Error => {
                out.push_str(&spec::describe_test(report, test));
            }
        }
    }
    out
}
