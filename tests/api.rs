//! The library API, asserted on typed values rather than printed text.

mod support;

use std::time::Duration;

use wavecall::error::{FailureClass, InvocationError, classify};
use wavecall::exports::ExportNotFound;
use wavecall::limits::{LimitExceeded, Metering};
use wavecall::{Limits, Program, Runtime, Source, Val};

fn program(fixture: &str) -> Program {
    let runtime = Runtime::new().unwrap();
    let path = support::fixtures::dir().join(format!("{fixture}.wasm"));
    runtime.load(Source::Path(path)).unwrap()
}

#[test]
fn invoke_returns_typed_values() {
    let program = program("shapes");
    let mut session = program.session().start().unwrap();
    let outcome = session
        .invoke("area(rect({width: 2.0, height: 3.5}))")
        .unwrap();
    assert_eq!(outcome.func, "area");
    assert!(matches!(outcome.results.as_slice(), [Val::Float32(f)] if *f == 7.0));
}

#[test]
fn call_takes_typed_arguments() {
    let program = program("types");
    let mut session = program.session().start().unwrap();
    let func = program.exports().resolve("swap").unwrap().clone();
    let outcome = session
        .call(&func, &[Val::String("a".into()), Val::U32(7)])
        .unwrap();
    let expected = Val::Tuple(vec![Val::U32(7), Val::String("a".into())]);
    assert_eq!(outcome.results, vec![expected]);
}

#[test]
fn state_and_handles_carry_over_between_calls() {
    let program = program("resources");
    let mut session = program.session().start().unwrap();
    session.invoke("c = [constructor]counter(41)").unwrap();
    let outcome = session.invoke("c.increment()").unwrap();
    assert_eq!(outcome.results, vec![Val::U32(42)]);
}

#[test]
fn bad_arguments_are_invocation_errors_with_spans() {
    let program = program("shapes");
    let mut session = program.session().start().unwrap();
    let err = session
        .invoke(r#"area(circle({radius: "x"}))"#)
        .unwrap_err();
    assert_eq!(classify(&err), FailureClass::Usage);
    let inv = err.downcast_ref::<InvocationError>().unwrap();
    assert_eq!(&inv.call[inv.span.clone()], r#""x""#);
}

#[test]
fn unknown_and_ambiguous_names() {
    let program = program("nested");
    match program.exports().resolve("greet") {
        Err(ExportNotFound::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 3),
        other => panic!(
            "expected an ambiguity, got {:?}",
            other.map(|f| f.qualified_name())
        ),
    }
    match program.exports().resolve("shuot") {
        Err(ExportNotFound::Unknown { suggestions, .. }) => {
            assert_eq!(suggestions.first().map(String::as_str), Some("shout"))
        }
        other => panic!(
            "expected unknown, got {:?}",
            other.map(|f| f.qualified_name())
        ),
    }
    let by_old_version = program
        .exports()
        .resolve("wavecall:nested/beta@1.0.0.shout");
    assert_eq!(
        by_old_version.unwrap().qualified_name(),
        "wavecall:nested/beta@1.2.0.shout"
    );
}

#[test]
fn traps_end_the_instance() {
    let program = program("traps");
    let mut session = program.session().start().unwrap();
    let err = session.invoke("boom()").unwrap_err();
    assert_eq!(classify(&err), FailureClass::Call);
    let again = session.invoke("divide(4, 2)").unwrap_err();
    assert!(
        format!("{again:#}").contains("cannot be used again"),
        "{again:#}"
    );
}

#[test]
fn a_traps_backtrace_is_found_by_its_type_and_kept_out_of_the_messages() {
    let program = program("traps");
    let mut session = program.session().start().unwrap();
    let err = session.invoke("boom()").unwrap_err();
    let frames = wavecall::error::wasm_backtrace(&err).expect("a trap has a backtrace");
    assert!(frames.contains("boom"), "{frames}");
    let messages = wavecall::error::messages(&err);
    assert_eq!(
        messages.first().map(String::as_str),
        Some("failed to call `boom`")
    );
    assert!(
        messages.iter().all(|m| !m.contains(frames.trim())),
        "{messages:?}"
    );
    assert!(
        messages.last().unwrap().contains("unreachable"),
        "{messages:?}"
    );
}

fn traps(runtime: &Runtime) -> Program {
    runtime
        .load(support::fixtures::dir().join("traps.wasm"))
        .unwrap()
}

fn limit_hit(err: &anyhow::Error) -> Option<LimitExceeded> {
    err.downcast_ref::<LimitExceeded>().copied()
}

#[test]
fn limits_layer_from_the_runtime_to_the_session_to_its_calls() {
    let runtime = Runtime::builder()
        .fuel(50_000)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let program = traps(&runtime);
    // The runtime's fuel…
    let mut session = program.session().start().unwrap();
    let err = session.invoke("spin()").unwrap_err();
    assert_eq!(limit_hit(&err), Some(LimitExceeded::Fuel(50_000)));
    // …a session's over it…
    let limits = Limits::new().fuel(1_000);
    let mut session = program.session().limits(limits).start().unwrap();
    assert_eq!(session.limits().fuel, Some(1_000));
    assert_eq!(session.limits().timeout, Some(Duration::from_secs(20)));
    let err = session.invoke("spin()").unwrap_err();
    assert_eq!(limit_hit(&err), Some(LimitExceeded::Fuel(1_000)));
    // …and the calls' over the session's.
    let mut session = program.session().limits(limits).start().unwrap();
    session
        .set_limits(Limits::new().timeout(Duration::from_millis(50)))
        .unwrap();
    assert_eq!(session.limits().fuel, Some(1_000));
    let err = session.invoke("spin()").unwrap_err();
    assert_eq!(limit_hit(&err), Some(LimitExceeded::Fuel(1_000)));
}

#[test]
fn a_limit_the_engine_does_not_meter_is_refused() {
    let runtime = Runtime::new().unwrap();
    assert_eq!(runtime.metering(), Metering::default());
    let program = traps(&runtime);
    let err = program
        .session()
        .limits(Limits::new().fuel(10))
        .start()
        .err()
        .expect("no fuel metering");
    assert_eq!(classify(&err), FailureClass::Usage);
    assert!(
        format!("{err:#}").contains("does not meter fuel"),
        "{err:#}"
    );
    // Metered without a default: sessions may set one, calls without one run unbounded.
    let runtime = Runtime::builder().meter_fuel(true).build().unwrap();
    let program = traps(&runtime);
    let mut session = program.session().start().unwrap();
    assert_eq!(
        session.invoke("divide(6, 3)").unwrap().results,
        [Val::S32(2)]
    );
    session.set_limits(Limits::new().fuel(500)).unwrap();
    let err = session.invoke("spin()").unwrap_err();
    assert_eq!(limit_hit(&err), Some(LimitExceeded::Fuel(500)));
    // The stack limit is compiled in, the output cap fixed when a session starts.
    let stack = session.set_limits(Limits::new().max_stack(64 << 10));
    assert!(stack.is_err());
    let output = session.set_limits(Limits::new().max_output(10));
    assert!(output.is_err());
}

#[test]
fn a_prepared_session_starts_fresh_instances() {
    let runtime = Runtime::new().unwrap();
    let program = runtime
        .load(support::fixtures::dir().join("resources.wasm"))
        .unwrap();
    let pre = program.session().prepare().unwrap();
    let mut first = pre.start().unwrap();
    first.invoke("c = [constructor]counter(41)").unwrap();
    assert_eq!(
        first.invoke("c.increment()").unwrap().results,
        [Val::U32(42)]
    );
    // A second instance knows nothing of the first one's handles.
    let mut second = pre.start().unwrap();
    let err = second.invoke("c.increment()").unwrap_err();
    assert!(err.downcast_ref::<InvocationError>().is_some(), "{err:#}");
    assert_eq!(
        first.invoke("c.increment()").unwrap().results,
        [Val::U32(43)]
    );
}

#[test]
fn the_export_list_has_signatures_and_wit_names() {
    let runtime = Runtime::new().unwrap();
    let program = runtime
        .load(support::fixtures::dir().join("shapes.wasm"))
        .unwrap();
    let signatures = program.wit().unwrap().signatures();
    let area = signatures.iter().find(|s| s.name == "area").unwrap();
    assert_eq!(area.params, [("s".to_string(), "shape".to_string())]);
    assert_eq!(area.result.as_deref(), Some("f32"));
    assert_eq!(area.to_string(), "area(s: shape) -> f32");
    // Every listed name calls the function it lists.
    for signature in &signatures {
        let func = program.exports().resolve(&signature.name).unwrap();
        assert_eq!(func.invoke_name(), signature.qualified);
    }
}

/// What docs/library.md promises front ends that share work between threads.
#[test]
fn runtimes_and_programs_are_shared_sessions_are_sent() {
    fn shared<T: Send + Sync>() {}
    fn sent<T: Send>() {}
    shared::<Runtime>();
    shared::<Program>();
    sent::<wavecall::Session<'static>>();
    shared::<wavecall::SessionPre<'static>>();
}

#[test]
fn an_interrupter_stops_an_endless_loop_from_another_thread() {
    let path = support::fixtures::dir().join("traps.wasm");
    let runtime = Runtime::builder().meter_time(true).build().unwrap();
    let program = runtime.load(Source::Path(path.clone())).unwrap();
    let mut session = program.session().start().unwrap();
    let interrupter = session.interrupter().expect("the runtime meters time");
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        interrupter.interrupt();
    });
    let err = session.invoke("spin()").unwrap_err();
    stopper.join().unwrap();
    assert!(
        err.downcast_ref::<wavecall::limits::Interrupted>()
            .is_some(),
        "{err:#}"
    );
    assert_eq!(classify(&err), FailureClass::Call);
    assert!(session.is_broken());
    // Without time metered there is nothing to deliver an interruption.
    let unmetered = Runtime::new().unwrap().load(Source::Path(path)).unwrap();
    assert!(unmetered.session().start().unwrap().interrupter().is_none());
}
