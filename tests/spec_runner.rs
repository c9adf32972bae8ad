//! `wavecall test` through the library: the specs under `tests/spec/` run with
//! `wavecall::spec::run`, asserting on typed reports, and the JUnit report checked against
//! `tests/spec/junit.xsd` (with `xmllint`, when it is installed).

mod support;

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
    assert_eq!(wrong.expected.as_ref().map(|v| v.wave.as_str()), Some("4"));
    assert_eq!(wrong.actual.as_ref().map(|v| v.wave.as_str()), Some("3"));
    assert_eq!((wrong.line, wrong.call_line), (12, Some(14)));
    assert_eq!(wrong.message.as_deref(), Some("expected 4, got 3"));
    let deep = &report.tests[2];
    assert_eq!(deep.message.as_deref(), Some("expected ok(4), got ok(3)"));
    assert_eq!(deep.details.as_deref(), Some("the result differs at `.ok`"));
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
    let doc = spec::json(&reports, &Summary::of(&reports));
    assert_eq!(doc["summary"]["failed"], 10);
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["summary"]["exit_code"], 2);
    assert_eq!(doc["files"][0]["tests"][1]["status"], "failed");
    assert_eq!(doc["files"][0]["tests"][1]["expected"], "4");
    assert_eq!(doc["files"][1]["error"]["kind"], "spec");
    assert_eq!(doc["files"][1]["error"]["errors"][0]["line"], 5);
}

/// Checks `xml` against `tests/spec/junit.xsd` with `xmllint`: `None` when xmllint is not
/// installed (never on CI, which installs it), else whether it is valid, with its complaint.
fn validate(xml: &str) -> Option<Result<(), String>> {
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
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(spec_path("junit.xsd"))
        .arg(&file)
        .output()
        .unwrap();
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

/// The specs of `tests/spec/output/`, against the `stdio` fixture, with 64 bytes of output
/// kept per stream and test.
fn run_output_specs() -> Vec<FileReport> {
    let paths = vec![
        spec_path("output/guest-output.toml"),
        spec_path("output/shared.toml"),
    ];
    let options = RunOptions {
        component: Some(support::fixtures::path("stdio")),
        max_output: Some(64),
        ..RunOptions::default()
    };
    spec::run(&paths, &options, &|_| {}).expect("the run starts")
}

#[test]
fn junit_report_is_valid() {
    let mut reports = run(&[
        "shapes.toml",
        "app.toml",
        "failing/values.toml",
        "broken/bad-values.toml",
        "broken/missing-component.toml",
        "names/unnamed.toml",
        "long/values.toml",
    ]);
    reports.extend(run_output_specs());
    let xml = spec::junit(&reports);
    // The counts CI systems show.
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wavecall\" tests=\"51\" failures=\"21\" errors=\"2\" skipped=\"1\""), "{xml}");
    assert_eq!(xml.matches("<testsuite ").count(), 9);
    assert_eq!(xml.matches("<testcase ").count(), 51);
    assert_eq!(xml.matches("<failure ").count(), 21);
    assert_eq!(xml.matches("<skipped ").count(), 1);
    assert_eq!(xml.matches("<system-out>").count(), 6);
    assert_eq!(xml.matches("<system-err>").count(), 2);
    assert!(xml.contains("line=\"14\""));
    assert!(xml.contains("&quot;blue&quot;"), "text is escaped");
    if let Some(valid) = validate(&xml) {
        valid.unwrap_or_else(|e| panic!("{e}\n{xml}"));
    }
}

#[test]
fn the_schema_check_catches_two_tests_of_one_name() {
    let reports = run(&["names/unnamed.toml"]);
    let xml = spec::junit(&reports);
    let first = xml.lines().find(|l| l.contains("<testcase ")).unwrap();
    let twice = xml.replacen(first, &format!("{first}\n{first}"), 1);
    assert!(validate(&xml).is_none_or(|v| v.is_ok()), "{xml}");
    if let Some(valid) = validate(&twice) {
        let err = valid.expect_err("a repeated test name must not validate");
        assert!(err.contains("unique"), "{err}");
    }
}

/// Every attribute `name="…"` in `xml`, unescaped enough for these specs.
fn attributes<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    xml.split(key.as_str())
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect()
}

#[test]
fn junit_messages_are_the_cause_in_one_line() {
    let reports = run(&["failing/values.toml"]);
    let xml = spec::junit(&reports);
    let messages = attributes(&xml, "message");
    assert_eq!(
        messages,
        [
            "expected 4, got 3",
            "expected ok(4), got ok(3)",
            "expected ok(0), got err(0)",
            "expected 0.3, got 0.33333 (tolerance 0.01)",
            "wasm trap: wasm `unreachable` instruction executed",
            "expected a trap, got 2",
            "expected a trap containing `out of fuel`, got: wasm trap: wasm `unreachable` instruction executed",
            "expected the call to be rejected, got 2",
            "`my:app/log.write` was called 2 times, expected once",
            "wasm trap: wasm `unreachable` instruction executed",
        ]
    );
    // The details stay in the body.
    assert!(xml.contains("the result differs at `.ok`"), "{xml}");
    assert!(
        xml.contains("the call failed:&#10;  failed to call `boom`"),
        "{xml}"
    );
}

#[test]
fn text_and_junit_reports_give_the_same_lines() {
    let reports = run(&["failing/values.toml", "names/unnamed.toml", "app.toml"]);
    let xml = spec::junit(&reports);
    let junit_lines: Vec<usize> = attributes(&xml, "line")
        .iter()
        .map(|l| l.parse().unwrap())
        .collect();
    let text_lines: Vec<usize> = reports
        .iter()
        .flat_map(|f| f.tests.iter().map(move |t| (f, t)))
        .map(|(file, test)| {
            let headline = spec::describe_test(file, test);
            let after_path = &headline[headline.find(".toml:").unwrap() + 6..];
            after_path[..after_path.find(':').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(junit_lines, text_lines);
    // A failure points at the call that failed, not the `[[test]]` header.
    let earlier = &reports[0].tests[10];
    assert_eq!((earlier.line, earlier.location()), (58, 60));
    assert!(junit_lines.contains(&60));
}

#[test]
fn tests_of_the_same_calls_get_unique_names() {
    let reports = run(&["names/unnamed.toml"]);
    let names: Vec<&str> = reports[0].tests.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["add(1, 2) (line 9)", "add(1, 2) (line 13)", "add(2, 2)"]
    );
    let xml = spec::junit(&reports);
    assert_eq!(
        attributes(&xml, "name")[2..],
        ["add(1, 2) (line 9)", "add(1, 2) (line 13)", "add(2, 2)"]
    );
}

#[test]
fn guest_output_is_captured_per_test() {
    let reports = run_output_specs();
    let output: Vec<(&str, &str, &str)> = reports
        .iter()
        .flat_map(|f| &f.tests)
        .map(|t| (t.name.as_str(), t.stdout.as_str(), t.stderr.as_str()))
        .collect();
    let cut = "\n[wavecall: the guest's stdout was cut at 64 bytes (--max-output)]\n";
    assert_eq!(
        output,
        [
            ("a passing test's output is not shown", "quiet\n", ""),
            (
                "a failing test's output is in its block",
                "first line\nsecond line\n",
                "to stderr\n"
            ),
            (
                "output before a trap",
                "out before the trap\n",
                "err before the trap\n"
            ),
            (
                "output past --max-output is cut",
                &format!("{}{cut}", &"0123456789".repeat(7)[..64]),
                ""
            ),
            (
                "cut at the cap",
                &format!("{}{cut}", &"abcdefghij".repeat(7)[..64]),
                ""
            ),
            ("the next test starts afresh", "second\n", ""),
        ]
    );
    let doc = spec::json(&reports, &Summary::of(&reports));
    assert_eq!(doc["files"][0]["tests"][0]["stdout"], "quiet\n");
    let xml = spec::junit(&reports);
    assert!(xml.contains("<system-out>quiet&#10;</system-out>"), "{xml}");
    assert!(
        xml.contains("<system-err>err before the trap&#10;</system-err>"),
        "{xml}"
    );
}

#[test]
fn long_values_are_shortened_but_the_json_report_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let expected: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    let expected = format!("[{}]", expected.join(", "));
    let spec = dir.path().join("long.toml");
    std::fs::write(
        &spec,
        format!(
            "component = {:?}\n[[test]]\ncall = \"numbers(10000, 5000)\"\nexpect = \"{expected}\"\n",
            spec_path("components/big.wat").display().to_string()
        ),
    )
    .unwrap();
    let reports = spec::run(&[spec], &RunOptions::default(), &|_| {}).unwrap();
    let test = &reports[0].tests[0];
    let (e, a) = (
        test.expected.as_ref().unwrap(),
        test.actual.as_ref().unwrap(),
    );
    assert_eq!(
        e.short,
        "[…4998 items…, 4998, 4999, 5000, 5001, 5002, …4997 items…]"
    );
    assert_eq!(
        a.short,
        "[…4998 items…, 4998, 4999, 0, 5001, 5002, …4997 items…]"
    );
    assert_eq!(
        test.message.as_deref(),
        Some(format!("expected {}, got {}", e.short, a.short).as_str())
    );
    assert!(spec::describe_test(&reports[0], test).len() < 400);
    let doc = spec::json(&reports, &Summary::of(&reports));
    assert_eq!(doc["files"][0]["tests"][0]["expected"], expected.as_str());
    let actual = doc["files"][0]["tests"][0]["actual"].as_str().unwrap();
    assert_eq!(actual.len(), expected.len() - 3);
    assert!(actual.contains(", 4999, 0, 5001, "));
}

#[test]
fn a_run_without_tests_has_its_own_exit_status() {
    use wavecall::error::EXIT_NO_TESTS;
    let filtered = |filter: &str, name: &str| {
        let options = RunOptions {
            filter: Some(filter.into()),
            ..RunOptions::default()
        };
        spec::run(&[spec_path(name)], &options, &|_| {}).unwrap()
    };
    let reports = filtered("nothing matches", "shapes.toml");
    let summary = Summary::of(&reports);
    assert!(summary.is_empty());
    assert_eq!((summary.filtered, summary.exit_code()), (6, EXIT_NO_TESTS));
    let allowed = Summary {
        allow_empty: true,
        ..summary
    };
    assert_eq!(allowed.exit_code(), 0);
    assert_eq!(spec::json(&reports, &allowed)["summary"]["exit_code"], 0);
    assert_eq!(spec::json(&reports, &summary)["summary"]["exit_code"], 4);

    let summary = Summary::of(&run(&["empty/no-tests.toml"]));
    assert_eq!(summary.exit_code(), EXIT_NO_TESTS);
    let summary = Summary::of(&spec::run(&[], &RunOptions::default(), &|_| {}).unwrap());
    assert_eq!(summary.exit_code(), EXIT_NO_TESTS);
    // A broken spec is the louder problem.
    let summary = Summary::of(&filtered("nothing matches", "broken/unknown-key.toml"));
    assert_eq!(summary.exit_code(), 2);
    // Skipped tests were selected.
    let summary = Summary::of(&filtered("skipped", "app.toml"));
    assert_eq!((summary.skipped, summary.exit_code()), (1, 0));
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

#[test]
fn a_shared_instance_keeps_the_files_memory_limit() {
    let reports = run(&["limits/shared-memory.toml"]);
    let report = &reports[0];
    assert!(report.error.is_none(), "{:?}", report.error);
    for test in &report.tests {
        assert_eq!(
            test.status,
            Status::Passed,
            "{}",
            spec::describe_test(report, test)
        );
    }
    assert_eq!(report.tests.len(), 2);
}

#[test]
fn planted_bugs_are_found_and_shrunk_whatever_the_seed() {
    // Not only the seed the CLI test uses: shrinking must reach the same smallest cases.
    for seed in [1, 2, 3, 12345] {
        let options = RunOptions {
            component: Some(support::fixtures::dir().join("buggy.wasm")),
            seed,
            ..RunOptions::default()
        };
        let reports = spec::run(&[spec_path("properties/buggy.toml")], &options, &|_| {})
            .expect("the run starts");
        let calls: Vec<(&str, Status, Option<&str>)> = reports[0]
            .tests
            .iter()
            .map(|t| (t.name.as_str(), t.status, t.call.as_deref()))
            .collect();
        assert_eq!(
            calls,
            [
                (
                    "echo-u32: roundtrip",
                    Status::Failed,
                    Some("echo-u32(1000)")
                ),
                (
                    "echo-string: roundtrip",
                    Status::Failed,
                    Some("echo-string(\"#\")")
                ),
                (
                    "echo-list: roundtrip",
                    Status::Failed,
                    Some("echo-list([0, 0, 0])")
                ),
                ("echo-s64: roundtrip", Status::Passed, None),
                ("divide: no-trap", Status::Failed, Some("divide(0, 0)")),
                (
                    "add-fast: equals add",
                    Status::Failed,
                    Some("add-fast(201, 0)")
                ),
                (
                    "add-fast agrees with another component's add",
                    Status::Failed,
                    Some("add-fast(201, 0)")
                ),
            ],
            "seed {seed}"
        );
        let echo = &reports[0].tests[0];
        assert_eq!(echo.expected.as_ref().unwrap().wave, "1000");
        assert_eq!(echo.actual.as_ref().unwrap().wave, "1001");
        assert!(
            echo.message
                .as_ref()
                .unwrap()
                .ends_with(&format!("(seed {seed})"))
        );
    }
}

#[test]
fn the_commands_a_failed_property_prints_reproduce_it() {
    // The buggy spec names no component (the run gives it), and one property has a fuel
    // limit: the printed commands must carry both, and fail as the property did.
    let options = RunOptions {
        component: Some(support::fixtures::dir().join("buggy.wasm")),
        seed: 1,
        ..RunOptions::default()
    };
    let reports = spec::run(&[spec_path("properties/buggy.toml")], &options, &|_| {})
        .expect("the run starts");
    let mut checked = 0;
    for test in reports[0]
        .tests
        .iter()
        .filter(|t| t.status == Status::Failed)
    {
        let details = test.details.as_deref().expect("a failure explains itself");
        for prefix in ["reproduce: ", "rerun: "] {
            let line = details
                .lines()
                .find_map(|l| l.strip_prefix(prefix))
                .unwrap_or_else(|| panic!("no `{prefix}` in {details}"));
            let words = shlex::split(line).expect("a shell command");
            assert_eq!(words[0], "wavecall", "{line}");
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_wavecall"))
                .args(&words[1..])
                .env_remove("RUST_BACKTRACE")
                .output()
                .expect("run wavecall");
            assert_eq!(
                out.status.code(),
                Some(1),
                "`{line}` should fail as `{}` did:\n{}",
                test.name,
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 12, "two commands for each of the six failures");
    // In JUnit, a property is a test case like any other: its file, its `function` line,
    // the counterexample in one line as the message, and the schema holds.
    let xml = spec::junit(&reports);
    assert_eq!(xml.matches("<testcase ").count(), 7);
    assert!(
        xml.contains("name=\"echo-u32: roundtrip\"") && xml.contains("line=\"6\""),
        "{xml}"
    );
    assert!(
        xml.contains(
            "message=\"echo-u32(1000): it returned another value than its argument (seed "
        ),
        "{xml}"
    );
    if let Some(valid) = validate(&xml) {
        valid.unwrap_or_else(|e| panic!("{e}\n{xml}"));
    }
}
