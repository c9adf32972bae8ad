//! The spec writer (`wavecall::spec::record`): calls made on a session become a spec that
//! `wavecall test` passes, and the spec says what the session did, asserted on the spec as
//! the library reads it back.

mod support;

use std::path::{Path, PathBuf};

use wavecall::spec::record::{InstanceMode, Recorded, Recording};
use wavecall::spec::{self, Expectation, RunOptions, SpecFile, Summary};
use wavecall::{CapturedOutput, GuestOutput, Mock, Program, Runtime, Source};

/// A component whose `next` counts in memory and whose `ask` calls the import
/// `get-answer`.
const ASKS: &str = r#"(component
  (import "get-answer" (func $get (result u32)))
  (core func $get-lowered (canon lower (func $get)))
  (core module $m
    (import "host" "get" (func $get (result i32)))
    (global $n (mut i32) (i32.const 0))
    (func (export "ask") (result i32) call $get i32.const 1 i32.add)
    (func (export "next") (result i32)
      global.get $n i32.const 1 i32.add global.set $n global.get $n))
  (core instance $host (export "get" (func $get-lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "ask") (result u32) (canon lift (core func $i "ask")))
  (func (export "next") (result u32) (canon lift (core func $i "next"))))"#;

fn load(path: &Path) -> Program {
    Runtime::new().unwrap().load(Source::path(path)).unwrap()
}

/// Makes `calls` on a fresh session of `program` (with `mocks`), records them, settles the
/// instance mode by replay, writes the spec into `dir` and reads it back.
fn record(
    program: &Program,
    component: &Path,
    mocks: &[Mock],
    calls: &[&str],
    dir: &Path,
) -> (Recording, SpecFile) {
    let mut session = program.session().mocks(mocks.to_vec()).start().unwrap();
    let mut recording = Recording::new(component).mocks(mocks.to_vec());
    for call in calls {
        let before = session.mock_calls().to_vec();
        let result = session.invoke(call);
        recording.record(&session, call, &result, &before);
    }
    let fresh = program
        .session()
        .mocks(mocks.to_vec())
        .output(GuestOutput::Capture(CapturedOutput::new()))
        .prepare()
        .unwrap();
    recording.settle(Some(&fresh));
    let path = dir.join("recorded.toml");
    recording.write(&path).unwrap();
    let spec = spec::load(&path).unwrap();
    (recording, spec)
}

/// Runs the spec as `wavecall test` does.
fn passes(path: &Path) -> Summary {
    let reports = spec::run(&[path.to_path_buf()], &RunOptions::default(), &|_| {}).unwrap();
    Summary::of(&reports)
}

fn fixture(name: &str) -> PathBuf {
    support::fixtures::dir().join(format!("{name}.wasm"))
}

#[test]
fn handles_share_an_instance_and_the_spec_passes() {
    let dir = tempfile::tempdir().unwrap();
    let component = fixture("resources");
    let program = load(&component);
    let calls = [
        "c = [constructor]counter(5)",
        "c.increment()",
        "consume(c)",
        "dropped()",
    ];
    let (recording, spec) = record(&program, &component, &[], &calls, dir.path());
    assert_eq!(recording.mode(), InstanceMode::Shared);
    assert!(spec.shared);
    // The spec names the component relative to its own folder (`../x` when they share a
    // parent), so compare the files, not the spellings.
    let named = spec.component.unwrap().value;
    assert_eq!(
        std::fs::canonicalize(&named).unwrap(),
        std::fs::canonicalize(&component).unwrap(),
        "{}",
        named.display()
    );
    let expects: Vec<Option<&str>> = spec
        .tests
        .iter()
        .map(|t| match &t.expect {
            Expectation::Value(v) => Some(v.value.as_str()),
            _ => None,
        })
        .collect();
    // A handle is no value a spec can state: its call only has to return.
    assert_eq!(expects, [None, Some("6"), Some("6"), Some("1")]);
    let summary = passes(&dir.path().join("recorded.toml"));
    assert_eq!((summary.passed, summary.failed), (4, 0));
}

#[test]
fn independent_calls_get_fresh_instances_and_a_trap_ends_the_recording() {
    let dir = tempfile::tempdir().unwrap();
    let component = fixture("traps");
    let program = load(&component);
    let calls = ["divide(9, 3)", "divide(1, 0)", "divide(4, 2)"];
    let (recording, spec) = record(&program, &component, &[], &calls, dir.path());
    assert_eq!(recording.mode(), InstanceMode::Fresh);
    assert!(!spec.shared);
    assert_eq!(spec.tests.len(), 2, "nothing after the trap");
    assert!(matches!(&spec.tests[1].expect,
        Expectation::Trap(t) if t.value == "wasm trap: integer divide by zero"));
    let summary = passes(&dir.path().join("recorded.toml"));
    assert_eq!((summary.passed, summary.failed), (2, 0));
}

#[test]
fn state_in_memory_is_found_by_replay_and_mock_calls_are_expected() {
    let dir = tempfile::tempdir().unwrap();
    let component = dir.path().join("asks.wat");
    std::fs::write(&component, ASKS).unwrap();
    let program = load(&component);
    let mocks = [Mock::new("get-answer", "41")];
    let (recording, spec) = record(
        &program,
        &component,
        &mocks,
        &["ask()", "next()", "next()"],
        dir.path(),
    );
    assert_eq!(recording.mode(), InstanceMode::Shared);
    assert_eq!(recording.steps()[2].recorded, Recorded::Value("2".into()));
    assert_eq!(spec.component.unwrap().value, dir.path().join("asks.wat"));
    assert_eq!(spec.mocks[0].value, mocks[0]);
    let counts: Vec<Vec<(String, u64)>> = spec
        .tests
        .iter()
        .map(|t| {
            t.expect_calls
                .iter()
                .map(|(n, c)| (n.value.clone(), *c))
                .collect()
        })
        .collect();
    assert_eq!(
        counts,
        [vec![("get-answer".to_string(), 1)], vec![], vec![]]
    );
    let summary = passes(&dir.path().join("recorded.toml"));
    assert_eq!((summary.passed, summary.failed), (3, 0));

    // Without the second `next()`, a replay finds nothing that depends on the instance.
    let (recording, _) = record(
        &program,
        &component,
        &mocks,
        &["ask()", "next()"],
        dir.path(),
    );
    assert_eq!(recording.mode(), InstanceMode::Fresh);
}

#[test]
fn rejected_calls_are_not_recorded() {
    let component = fixture("shapes");
    let program = load(&component);
    let mut session = program.session().start().unwrap();
    let mut recording = Recording::new(&component);
    for call in ["area(point)", "area(\"x\")", "aera(point)"] {
        let result = session.invoke(call);
        assert_eq!(
            recording.record(&session, call, &result, &[]),
            call == "area(point)"
        );
    }
    assert_eq!(recording.steps().len(), 1);
}
