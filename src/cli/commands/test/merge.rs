//! `wavecall test merge-reports`: the JUnit reports of a partitioned run's jobs as one, the
//! test cases of each spec file (`<testsuite>`) together again and the counts added up.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use clap::Args;
use wavecall::error::{ClassifyExt, FailureClass};

/// Merge JUnit reports, such as those of the jobs of a partitioned run, into one
#[derive(Args)]
#[command(after_help = MERGE_AFTER_HELP)]
pub(super) struct MergeReports {
    /// The JUnit XML reports to merge
    #[arg(value_name = "REPORT", required = true)]
    reports: Vec<PathBuf>,
    /// Where to write the merged report (`-` for standard output)
    #[arg(short, long, value_name = "PATH")]
    output: PathBuf,
}

const MERGE_AFTER_HELP: &str = "\
Test suites of the same name (one per spec file) become one; a test case found in two
reports with different contents is an error, since the partitions of one run never overlap
(the same case twice, such as the error of a broken spec that every job reports, is kept
once).

Examples:
  wavecall test merge-reports report-1.xml report-2.xml report-3.xml -o report.xml

Exit status:
  0  the merged report was written
  2  a report could not be read, is not JUnit XML, or two reports disagree on a test";

/// One `<testsuite>` put together from the reports.
#[derive(Default)]
struct Suite {
    time: f64,
    /// The test cases in order, keyed by `classname` and `name`, as XML text.
    cases: Vec<((String, String), String)>,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl MergeReports {
    pub(super) fn execute(self) -> Result<i32> {
        let mut suites: BTreeMap<usize, (String, Suite)> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for path in &self.reports {
            let what = || format!("failed to read the report `{}`", path.display());
            let bytes = wavecall::files::read_file(path, wavecall::files::SPEC)
                .classify(FailureClass::Usage, what)?;
            let text = String::from_utf8(bytes)
                .map_err(|e| anyhow!("{e}"))
                .classify(FailureClass::Usage, what)?;
            read(&text, &mut order, &mut suites).classify(FailureClass::Usage, || {
                format!("failed to merge the report `{}`", path.display())
            })?;
        }
        let out = write(&suites);
        let written = if self.output.as_os_str() == "-" {
            crate::cli::print(&out)
        } else {
            wavecall::files::write_output(&self.output, &[out.as_bytes()])
                .classify(FailureClass::Usage, || {
                    format!("failed to write the report `{}`", self.output.display())
                })
        };
        written.map(|()| wavecall::error::EXIT_OK)
    }
}

/// Adds the suites of one report to `suites` (numbered in the order their names are first
/// seen, kept in `order`).
fn read(
    text: &str,
    order: &mut Vec<String>,
    suites: &mut BTreeMap<usize, (String, Suite)>,
) -> Result<()> {
    let doc = roxmltree::Document::parse(text).map_err(|e| anyhow!("not XML: {e}"))?;
    let root = doc.root_element();
    let elements: Vec<roxmltree::Node> = match root.tag_name().name() {
        "testsuites" => root
            .children()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect(),
        "testsuite" => vec![root],
        other => bail!("not a JUnit report: the root element is `<{other}>`"),
    };
    for element in elements {
        let name = element.attribute("name").unwrap_or("").to_string();
        let index = match order.iter().position(|n| *n == name) {
            Some(i) => i,
            None => {
                order.push(name.clone());
                order.len() - 1
            }
        };
        let (_, suite) = suites
            .entry(index)
            .or_insert_with(|| (name.clone(), Suite::default()));
        suite.time += element
            .attribute("time")
            .and_then(|t| t.parse::<f64>().ok())
            .unwrap_or(0.0);
        for case in element.children().filter(|n| n.has_tag_name("testcase")) {
            let key = (
                case.attribute("classname").unwrap_or("").to_string(),
                case.attribute("name").unwrap_or("").to_string(),
            );
            let xml = text[case.range()].to_string();
            match suite.cases.iter().find(|(k, _)| *k == key) {
                Some((_, same)) if *same == xml => continue,
                Some(_) => bail!(
                    "the test `{}` of `{name}` is in two reports with different results: the reports overlap",
                    key.1
                ),
                None => {}
            }
            let has = |tag: &str| case.children().any(|n| n.has_tag_name(tag));
            suite.failures += usize::from(has("failure"));
            suite.errors += usize::from(has("error"));
            suite.skipped += usize::from(has("skipped"));
            suite.cases.push((key, xml));
        }
    }
    Ok(())
}

fn write(suites: &BTreeMap<usize, (String, Suite)>) -> String {
    let total = |f: fn(&Suite) -> usize| suites.values().map(|(_, s)| f(s)).sum::<usize>();
    let time: f64 = suites.values().map(|(_, s)| s.time).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"wavecall\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{time:.3}\">",
        total(|s| s.cases.len()),
        total(|s| s.failures),
        total(|s| s.errors),
        total(|s| s.skipped),
    );
    for (name, suite) in suites.values() {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3}\">",
            attribute(name),
            suite.cases.len(),
            suite.failures,
            suite.errors,
            suite.skipped,
            suite.time
        );
        for (_, xml) in &suite.cases {
            let _ = writeln!(out, "    {xml}");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
