//! `wavecall test` through the library: the specs under `tests/spec/` run with
//! `wavecall::spec::run`, asserting on typed reports, and the JUnit report checked against
//! `tests/spec/junit.xsd` (with `xmllint`, when it is installed).

use std::path::{Path, PathBuf};

use wavecall::spec::{self, FileError, FileReport, RunOptions, Status, Summary};

fn spec_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/spec")
        .join(name)
}

fn run(names: &[&str]) -> Vec<FileReport> {
    let paths: Vec<PathBuf> = names.iter().map(|n| spec_path(n)).collect();
    spec::run(&paths, &RunOptions::default(), &|_| {}).expect("the run starts")
}

fn statuses(report: &FileReport) -> Vec<(&str, Status)> {
    report
        .tests
        .iter()
        .map(|t| (t.name.as_str(), t.status))
        .collect()
}

#[test]
fn passing_specs_pass() {
    let reports = run(&["shapes.toml", "app.toml", "linked.toml"]);
    for report in &reports {
        assert!(report.error.is_none(), "{:?}", report.error);
        for test in &report.tests {
            assert!(
                matches!(test.status, Status::Passed | Status::Skipped),
                "{}",
                spec::describe_test(report, test)
            );
        }
    }
    let summary = Summary::of(&reports);
    assert_eq!(
        (summary.passed, summary.failed, summary.skipped),
        (28, 0, 1)
    );
    assert_eq!(summary.exit_code(), 0);
    assert_eq!(summary.to_string(), "28 passed, 0 failed, 1 skipped");
}

#[test]
fn failing_tests_fail_with_the_values_shown() {
    let reports = run(&["failing/values.toml"]);
    let report = &reports[0];
    let failed: Vec<&str> = statuses(report)
        .into_iter()
        .filter(|(_, s)| *s == Status::Failed)
        .map(|(name, _)| name)
        .collect();
    assert_eq!(failed.len(), 10, "{failed:?}");
    let wrong = &report.tests[1];
    assert_eq!(wrong.name, "a wrong value");
    assert_eq!(wrong.expected.as_deref(), Some("4"));
    assert_eq!(wrong.actual.as_deref(), Some("3"));
    assert_eq!((wrong.line, wrong.call_line), (12, Some(14)));
    let deep = &report.tests[2];
    assert_eq!(deep.message.as_deref(), Some("the result differs at `.ok`"));
    let mock = report
        .tests
        .iter()
        .find(|t| t.name == "a mock called too often")
        .unwrap();
    assert!(
        mock.message
            .as_ref()
            .unwrap()
            .contains("called 2 times, expected once")
    );
    assert_eq!(Summary::of(&reports).exit_code(), 1);
}

#[test]
fn spec_errors_have_lines_and_stop_the_file() {
    let reports = run(&["broken/bad-values.toml"]);
    let Some(FileError::Spec(errors)) = &reports[0].error else {
        panic!("expected spec errors, got {:?}", reports[0].error);
    };
    let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(6), Some(7), Some(11), Some(14), Some(19)]);
    assert!(
        errors[3].message.contains("did you mean `add`?"),
        "{}",
        errors[3].message
    );
    assert!(reports[0].tests.is_empty());
    assert_eq!(Summary::of(&reports).exit_code(), 2);

    let reports = run(&["broken/unknown-key.toml"]);
    let Some(FileError::Spec(errors)) = &reports[0].error else {
        panic!()
    };
    assert_eq!(errors[0].line, Some(5));

    let reports = run(&["broken/missing-component.toml"]);
    assert!(matches!(reports[0].error, Some(FileError::Load(_))));
    assert_eq!(Summary::of(&reports).exit_code(), 3);
}

#[test]
fn filter_selects_by_name() {
    let paths = vec![spec_path("app.toml")];
    let options = RunOptions {
        filter: Some("trap".into()),
        ..RunOptions::default()
    };
    let reports = spec::run(&paths, &options, &|_| {}).unwrap();
    let names: Vec<&str> = reports[0].tests.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "unreachable traps",
            "any trap",
            "an import neither mocked nor linked traps, naming it"
        ]
    );
}

#[test]
fn json_report_has_every_test() {
    let reports = run(&["failing/values.toml", "broken/unknown-key.toml"]);
    let doc = spec::json(&reports);
    assert_eq!(doc["summary"]["failed"], 10);
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["summary"]["exit_code"], 2);
    assert_eq!(doc["files"][0]["tests"][1]["status"], "failed");
    assert_eq!(doc["files"][0]["tests"][1]["expected"], "4");
    assert_eq!(doc["files"][1]["error"]["kind"], "spec");
    assert_eq!(doc["files"][1]["error"]["errors"][0]["line"], 5);
}

#[test]
fn junit_report_is_valid() {
    let reports = run(&[
        "shapes.toml",
        "app.toml",
        "failing/values.toml",
        "broken/bad-values.toml",
        "broken/missing-component.toml",
    ]);
    let xml = spec::junit(&reports);
    // The counts CI systems show.
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wavecall\" tests=\"37\" failures=\"10\" errors=\"2\" skipped=\"1\""), "{xml}");
    assert_eq!(xml.matches("<testsuite ").count(), 5);
    assert_eq!(xml.matches("<testcase ").count(), 37);
    assert_eq!(xml.matches("<failure ").count(), 10);
    assert_eq!(xml.matches("<skipped ").count(), 1);
    assert!(xml.contains("line=\"12\""));
    assert!(xml.contains("&quot;blue&quot;"), "text is escaped");

    let xmllint = std::process::Command::new("xmllint")
        .arg("--version")
        .output();
    if xmllint.is_err() {
        // CI installs it (`.ci/run`), so there the check can never be skipped.
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is required on CI to validate the JUnit report"
        );
        eprintln!("xmllint is not installed (Debian: libxml2-utils); skipping the schema check");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    std::fs::write(&file, &xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(spec_path("junit.xsd"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `cargo test --release --test spec_runner -- --ignored --nocapture calls_per_second`:
/// one spec file with 10,000 small calls, on a fresh instance each and on a shared one.
#[test]
#[ignore = "a benchmark, run by hand"]
fn calls_per_second() {
    let dir = tempfile::tempdir().unwrap();
    let component = spec_path("components/app.wat");
    for instance in ["fresh", "shared"] {
        let mut text = format!(
            "component = {:?}\ninstance = \"{instance}\"\n[mock]\n\"my:app/log.write\" = \"()\"\n",
            component.display().to_string()
        );
        for i in 0..10_000u32 {
            text.push_str(&format!(
                "[[test]]\ncall = \"add({i}, 1)\"\nexpect = \"{}\"\n",
                i + 1
            ));
        }
        let path = dir.path().join(format!("{instance}.toml"));
        std::fs::write(&path, text).unwrap();
        // Compile once, as a CI run after the first would find it in the compile cache.
        let _ = spec::run(std::slice::from_ref(&path), &RunOptions::default(), &|_| {});
        let start = std::time::Instant::now();
        let reports = spec::run(&[path], &RunOptions::default(), &|_| {}).unwrap();
        let elapsed = start.elapsed();
        assert_eq!(Summary::of(&reports).passed, 10_000);
        println!(
            "{instance}: 10000 calls in {:.3}s = {:.0} calls/s",
            elapsed.as_secs_f64(),
            10_000.0 / elapsed.as_secs_f64()
        );
    }
}
