//! The library API, asserted on typed values rather than printed text.

mod support;

use wavecall::error::{FailureClass, InvocationError, classify};
use wavecall::exports::ExportNotFound;
use wavecall::{Program, Runtime, Source, Val};

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
