//! Arguments as JSON (`Session::call_json`, the reader of `docs/json.md`): every document
//! the JSON writer makes reads back as the value it was written from, checked on real
//! component types by echoing values through the `types` fixture; and the reader's strict
//! errors point into the document.

mod support;

use serde_json::{Value, json};
use wavecall::render::{JsonValueError, NoHandles, to_json};
use wavecall::{Program, Runtime, Source, Val};

fn program(fixture: &str) -> Program {
    let path = support::fixtures::dir().join(format!("{fixture}.wasm"));
    Runtime::new().unwrap().load(Source::Path(path)).unwrap()
}

/// Calls `function` with JSON `args` on a fresh instance.
fn call_json(program: &Program, function: &str, args: Value) -> anyhow::Result<Vec<Val>> {
    let func = program.exports().resolve(function).unwrap().clone();
    let mut session = program.session().start()?;
    Ok(session.call_json(&func, &args)?.results)
}

#[test]
fn every_written_document_reads_back_as_its_value() {
    let program = program("types");
    let calls = [
        "echo-bool(true)",
        "echo-u8(255)",
        "echo-u64(18446744073709551615)",
        "echo-s64(-9223372036854775808)",
        "echo-s32(-7)",
        "echo-f32(3.1415927)",
        "echo-f64(nan)",
        "echo-f64(-inf)",
        "echo-char('x')",
        "echo-string(\"tab\\there \\u{1f600}\")",
        "echo-list-u8([0, 1, 255])",
        "echo-nested-list([[1], [], [2, 3]])",
        "echo-tuple((1, \"a\", false))",
        "echo-person({name: \"Ada\", age: 36, nickname: none})",
        "echo-person({name: \"Ada\", age: 36, nickname: some(\"a\")})",
        "echo-keywords({%true: 1, %none: false, %inf: inf})",
        "echo-mixed(long(-5))",
        "echo-mixed(empty)",
        "echo-color(blue)",
        "echo-option(none)",
        "echo-option(some(0))",
        "echo-option-option(some(none))",
        "echo-option-option(some(some(3)))",
        "echo-result(err(\"no\"))",
        "echo-result-no-ok(ok)",
        "echo-result-empty(err)",
        "echo-perms({read, exec})",
        "echo-many({b1, b32})",
    ];
    for call in calls {
        let mut session = program.session().start().unwrap();
        let wave = session.invoke(call).unwrap();
        let [value] = wave.results.as_slice() else {
            panic!("{call}: one result")
        };
        let document = to_json(value, &NoHandles);
        let back = call_json(&program, &wave.func, json!([document]))
            .unwrap_or_else(|e| panic!("{call}: {document} does not read back: {e:#}"));
        // NaN is not equal to itself: compare the written documents.
        assert_eq!(to_json(&back[0], &NoHandles), document, "{call}");
    }
}

#[test]
fn arguments_are_an_array_or_an_object_by_name() {
    let program = program("types");
    let by_position = call_json(&program, "swap", json!(["a", 7])).unwrap();
    let by_name = call_json(&program, "swap", json!({"b": 7, "a": "a"})).unwrap();
    let expected = vec![Val::Tuple(vec![Val::U32(7), Val::String("a".into())])];
    assert_eq!((by_position, by_name), (expected.clone(), expected));
    // Option parameters may be left out, trailing ones from an array.
    let some = call_json(&program, "count-some", json!([1])).unwrap();
    assert_eq!(some, vec![Val::U32(1)]);
    let some = call_json(&program, "count-some", json!({"c": true, "b": "x"})).unwrap();
    assert_eq!(some, vec![Val::U32(2)]);
    // Big integers as strings of digits, whatever their size.
    let big = call_json(&program, "echo-u64", json!(["5"])).unwrap();
    assert_eq!(big, vec![Val::U64(5)]);
}

#[test]
fn a_variant_case_may_be_the_one_key_of_an_object() {
    let program = program("shapes");
    let circle = json!([{"circle": {"radius": 1.0}}]);
    let documented = json!([{"case": "circle", "value": {"radius": 1.0}}]);
    let area = |args| match call_json(&program, "area", args).unwrap().as_slice() {
        [Val::Float32(area)] => *area,
        other => panic!("{other:?}"),
    };
    assert_eq!(area(circle), std::f32::consts::PI);
    assert_eq!(area(documented), std::f32::consts::PI);
    assert_eq!(area(json!([{"point": null}])), 0.0);
    let err = call_json(&program, "area", json!([{"circle": {"radius": "x"}}])).unwrap_err();
    let json = err.downcast_ref::<JsonValueError>().unwrap();
    assert_eq!(json.pointer, "/0/circle/radius");
}

#[test]
fn wrong_documents_are_errors_pointing_into_them() {
    let program = program("types");
    let pointer = |function: &str, args: Value| {
        let err = call_json(&program, function, args).unwrap_err();
        let json = err
            .downcast_ref::<JsonValueError>()
            .unwrap_or_else(|| panic!("{err:#}"));
        (json.pointer.clone(), json.message.clone())
    };
    let (at, message) = pointer("echo-person", json!([{"name": "A", "age": 300}]));
    assert_eq!(at, "/0/age");
    assert!(message.contains("u8"), "{message}");
    let (at, message) = pointer("echo-person", json!([{"name": "A", "age": 1, "agee": 2}]));
    assert_eq!(at, "/0");
    assert!(message.contains("did you mean `age`?"), "{message}");
    let (at, _) = pointer("echo-u32", json!([1.5]));
    assert_eq!(at, "/0");
    let (at, _) = pointer(
        "echo-mixed",
        json!([{"case": "int", "value": 1, "extra": 2}]),
    );
    assert_eq!(at, "/0");
    let (at, message) = pointer("swap", json!(["a", 1, 2]));
    assert_eq!(at, "");
    assert!(
        message.starts_with("expected 2 arguments, got 3"),
        "{message}"
    );
    let (_, message) = pointer("swap", json!({"a": "x"}));
    assert!(
        message.starts_with("missing argument `b: u32`"),
        "{message}"
    );
}
