//! `wavecall test`: run spec files and report.

mod fleet;
mod merge;
mod render;
mod update;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use wavecall::error::{ClassifyExt, EXIT_NO_TESTS, FailureClass};
use wavecall::spec::{self, FileReport, RunOptions, Summary, UpdateMode};

use render::Detail;

/// Run spec files: call a component's exports and check what they return
#[derive(Args)]
#[command(
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct TestCommand {
    #[command(subcommand)]
    action: Option<TestAction>,
    /// Spec files, or folders searched for `*.toml` specs at any depth
    #[arg(value_name = "SPEC", required = true)]
    specs: Vec<PathBuf>,
    /// Test this component instead of the one each spec names
    #[arg(long, value_name = "COMPONENT")]
    component: Option<PathBuf>,
    /// Run only the tests whose name contains this text
    #[arg(long, value_name = "PATTERN")]
    filter: Option<String>,
    /// Run one part of the tests, for one job of a CI matrix: `count:K/N` (the K-th of every
    /// N tests in order), `hash:K/N` (by a hash of the spec path and test name), or `auto`
    /// (`count` from GitLab's `CI_NODE_INDEX`/`CI_NODE_TOTAL`; everything when unset)
    #[arg(long, value_name = "KIND:K/N")]
    partition: Option<String>,
    /// Print the tests that would run (after `--filter` and `--partition`) and exit
    #[arg(long)]
    list: bool,
    /// The format of `--list`
    #[arg(long, value_enum, default_value_t = ListFormat::Text, requires = "list")]
    format: ListFormat,
    /// Also write a report: `junit=PATH` (JUnit XML), `json=PATH`, or `github` (GitHub Actions
    /// annotations on standard output, also on when `GITHUB_ACTIONS=true`); may be repeated
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_report)]
    report: Vec<(ReportFormat, Option<PathBuf>)>,
    /// Start no further test after the first failure or error
    #[arg(long)]
    fail_fast: bool,
    /// Rewrite the expectations of failed tests with what the calls did: `values` (the
    /// default) rewrites `expect` values only, `all` also trap messages and whether a test
    /// expects a trap or a value
    #[arg(long, value_name = "WHAT", num_args = 0..=1, require_equals = true, default_missing_value = "values")]
    update: Option<Update>,
    /// The seed of the properties' generated cases [default: a new one each run, printed with
    /// any failure]
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
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
    #[command(flatten)]
    cache: super::options::CacheArgs,
}

#[derive(Subcommand)]
enum TestAction {
    MergeReports(merge::MergeReports),
}

const AFTER_HELP: &str = "\
Examples:
  wavecall test tests/spec/shapes.toml
  wavecall test -v --filter circle tests/spec/
  wavecall test --report junit=report.xml --report json=report.json specs/
  wavecall test --partition count:2/4 --report junit=report-2.xml specs/
  wavecall test --update specs/shapes.toml
  wavecall test merge-reports report-*.xml -o report.xml

Exit status (when several apply, the first in the order 3, 2, 4, 1 wins):
  0  every test passed (or was skipped, or was updated by `--update`)
  1  a test failed
  2  a spec is wrong: bad TOML, unknown keys, a call or expected value that does not fit, a
     `dirs` entry that is no directory; or bad usage, or a `--report` could not be written
  3  a component or link could not be read, compiled, linked or instantiated
  4  no test was selected: no spec files, specs without tests, or a filter that matches
     none (`--allow-empty` makes this a pass); a partition that gets no test of a suite
     that has some is not empty";

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ReportFormat {
    Junit,
    Json,
    Github,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ListFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Update {
    /// `expect` values only
    Values,
    /// values, trap messages, and traps for values or values for traps
    All,
}

fn parse_report(text: &str) -> Result<(ReportFormat, Option<PathBuf>), String> {
    let usage = || format!("expected `junit=PATH`, `json=PATH` or `github`, got `{text}`");
    let (format, path) = match text.split_once('=') {
        Some((format, path)) => (format, Some(PathBuf::from(path))),
        None => (text, None),
    };
    let format = ReportFormat::from_str(format, false).map_err(|_| {
        format!("unknown report format `{format}`; use `junit`, `json` or `github`")
    })?;
    if path.is_none() && format != ReportFormat::Github {
        return Err(usage());
    }
    Ok((format, path))
}

impl TestCommand {
    /// Runs the specs; `verbose` (the global `-v`) prints a line for every test, `quiet`
    /// (`-q`) only failures, without the guest's output, and the summary.
    pub fn execute(self, verbose: u8, quiet: bool) -> Result<i32> {
        if let Some(TestAction::MergeReports(merge)) = self.action {
            return merge.execute();
        }
        let paths = spec::discover(&self.specs).classify(FailureClass::Usage, || {
            "failed to find the spec files".into()
        })?;
        let partition =
            fleet::partition(self.partition.as_deref(), |name| std::env::var(name).ok())?;
        if self.list {
            return fleet::list(&paths, self.filter.as_deref(), partition, self.format);
        }
        let mut options = RunOptions {
            filter: self.filter.clone(),
            component: self.component.clone(),
            default_timeout: self.timeout,
            max_output: Some(self.max_output),
            wit_decoder: crate::cli::WIT_DECODER,
            partition,
            fail_fast: self.fail_fast,
            ..RunOptions::default()
        };
        if let Some(seed) = self.seed {
            options.seed = seed;
        }
        if let Some(jobs) = self.jobs {
            options.jobs = jobs;
        }
        let detail = match (quiet, verbose) {
            (true, _) => Detail::Quiet,
            (false, 0) => Detail::Failures,
            (false, _) => Detail::Verbose,
        };
        // Files finish in any order; print each as soon as the ones before it are printed.
        let printer = Mutex::new((0, BTreeMap::new()));
        let on_file = |report: &FileReport| {
            let index = paths.iter().position(|p| *p == report.path).unwrap_or(0);
            let mut guard = printer.lock().unwrap();
            let (next, pending) = &mut *guard;
            pending.insert(index, render::render(report, detail));
            let mut stdout = std::io::stdout().lock();
            while let Some(text) = pending.remove(next) {
                let _ = stdout.write_all(text.as_bytes());
                *next += 1;
            }
            let _ = stdout.flush();
        };
        let runtime = crate::cli::progress::report(self.cache.apply(wavecall::Runtime::builder()));
        let reports = spec::run_with(runtime, &paths, &options, &on_file)?;
        let mut summary = Summary {
            allow_empty: self.allow_empty,
            ..Summary::of(&reports)
        };
        if let Some(update) = self.update {
            let mode = match update {
                Update::Values => UpdateMode::Values,
                Update::All => UpdateMode::All,
            };
            summary.updated = update::update(&reports, mode)?;
            summary.failed -= summary.updated;
        }
        let github = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
        let annotate = github
            || self
                .report
                .iter()
                .any(|(f, p)| *f == ReportFormat::Github && p.is_none());
        if annotate {
            crate::cli::print(&spec::github(&reports))?;
        }
        crate::cli::print(&format!("{}\n", render::summary(&summary)))?;
        self.write_reports(&reports, &summary)?;
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

    /// Writes every `--report` with a path. Every report is attempted; one that cannot be
    /// written is a usage error (2), never mistaken for a failed test (1).
    fn write_reports(&self, reports: &[FileReport], summary: &Summary) -> Result<()> {
        let mut failed = None;
        for (format, path) in &self.report {
            let Some(path) = path else { continue };
            let text = match format {
                ReportFormat::Junit => spec::junit(reports),
                ReportFormat::Json => format!("{:#}\n", spec::json(reports, summary)),
                ReportFormat::Github => spec::github(reports),
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
        failed.map_or(Ok(()), Err)
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
            _ => format!("no `[[test]]` or `[[property]]`{}", files(paths.len())),
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
