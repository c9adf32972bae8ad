//! Calls written in WAVE, read against WIT types: the values they give, the errors that
//! point at what to fix, and `explain`, the entry point a playground calls.

mod support;

use std::fmt::Write as _;

use support::*;
use wavecall_abi::wave::{self, AnyHandle, CallText};
use wavecall_abi::wit_parser::{Resolve, WorldItem};
use wavecall_abi::{CallError, CallOptions, CoreType, ExplainError, Value, explain, lower_call};

const SHAPES: &str = include_str!("../../../wit/shapes.wit");

/// The call error `explain` gives for `call` on the shapes world.
fn shapes_error(call: &str) -> CallError {
    match explain(SHAPES, None, call, CallOptions::default()) {
        Err(ExplainError::Call(err)) => err,
        Err(other) => panic!("`{call}`: not a call error: {other}"),
        Ok(_) => panic!("`{call}` was accepted"),
    }
}

/// The text an error points at.
fn pointed(err: &CallError) -> &str {
    &err.call[err.span.clone()]
}

#[test]
fn a_call_lowers_as_its_values_do() {
    let explanation = explain(
        SHAPES,
        None,
        "area(circle({radius: 1.0}))",
        Default::default(),
    )
    .expect("the call is explained");
    let lowering = explanation
        .lowering
        .as_ref()
        .expect("no handles, so a lowering");
    let flat: Vec<(CoreType, u64)> = lowering.flat.iter().map(|v| (v.ty, v.bits)).collect();
    assert_eq!(
        flat,
        [
            (CoreType::I32, 0),
            (CoreType::F32, 0x3f80_0000),
            (CoreType::F32, 0)
        ]
    );
    assert_eq!(explanation.function.name, "area");
    assert!(explanation.result.is_none(), "nothing is called");
    let text = explanation.to_string();
    assert!(text.contains("no call is made"), "{text}");
    let json = serde_json::to_value(&explanation).unwrap();
    assert_eq!(json["lowering"]["flat"][1]["path"], "s.circle.radius");
}

#[test]
fn errors_point_at_the_value_and_name_the_type() {
    let err = shapes_error(r#"area(circle({radius: "big"}))"#);
    assert_eq!(err.message, r#"expected f32, got string "big""#);
    assert_eq!(pointed(&err), r#""big""#);

    let err = shapes_error("area(circle({radius: 1.0, radios: 2.0}))");
    assert_eq!(err.message, "record `circle` has no field `radios`");
    assert_eq!(pointed(&err), "radios");
    assert_eq!(err.hints, ["did you mean `radius`?"]);

    let err = shapes_error("area(circle({:}))");
    assert_eq!(err.message, "missing field `radius` of circle");

    let err = shapes_error("area(cirle({radius: 1.0}))");
    assert_eq!(err.message, "variant `shape` has no case `cirle`");
    assert_eq!(err.hints, ["did you mean `circle`?"]);

    let err = shapes_error("area(point(1))");
    assert_eq!(err.message, "case `point` has no payload");

    let err = shapes_error("area(1)");
    assert_eq!(err.message, "expected shape, got number 1");
    assert!(
        err.hints[0].starts_with("`shape` is variant { circle(circle)"),
        "{err:?}"
    );

    let err = shapes_error("area(point, point)");
    assert_eq!(err.message, "`area` takes 1 argument, got 2");
    assert_eq!(err.hints, ["its parameters are (s: shape)"]);

    let err = shapes_error("area()");
    assert_eq!(err.message, "missing argument `s: shape` of `area`");
}

#[test]
fn targets_are_found_by_name_with_suggestions() {
    let err = shapes_error("aera(point)");
    assert_eq!(err.message, "world `shapes` exports no function `aera`");
    assert_eq!(pointed(&err), "aera");
    assert_eq!(err.hints, ["did you mean `area`?"]);

    let err = shapes_error("area");
    assert_eq!(err.message, "expected `(`");
    assert_eq!(
        err.hints,
        ["add the argument list, even when it is empty: `area()`"]
    );

    let err = shapes_error("area(point");
    assert_eq!(err.message, "unexpected end of the call");
}

const TYPES: &str = r#"
package t:types;
interface counters {
  resource counter {
    constructor(start: u32);
    increment: func() -> u32;
  }
  consume: func(c: counter) -> u32;
}
world w {
  flags perms { read, write, exec }
  enum level { low, none, high }
  record opts { name: string, depth: option<u8> }
  export flags-of: func(p: perms) -> perms;
  export level-of: func(l: level) -> u8;
  export small: func(n: s8) -> s8;
  export opt: func(o: opts, extra: option<u32>);
  export nested: func(o: option<option<u8>>);
  export counters;
}
"#;

fn types_call(call: &str) -> Result<wavecall_abi::Explanation, ExplainError> {
    explain(TYPES, None, call, CallOptions::default())
}

fn types_error(call: &str) -> CallError {
    match types_call(call) {
        Err(ExplainError::Call(err)) => err,
        other => panic!("`{call}`: {other:?}"),
    }
}

#[test]
fn waves_rules_apply_to_wit_types() {
    // Flags in any order, lowered as bits in declaration order.
    let e = types_call("flags-of({exec, read})").unwrap();
    assert_eq!(e.lowering.unwrap().flat[0].bits, 0b101);
    // Omitted option fields and trailing option arguments are `none`.
    let e = types_call(r#"opt({name: "x"})"#).unwrap();
    let flat = e.lowering.unwrap().flat;
    assert_eq!(flat.len(), 2 + 2 + 2, "name, depth, extra");
    assert_eq!((flat[2].bits, flat[4].bits), (0, 0), "both `none`");
    // A keyword used as a case name is written with `%`, and said so when it is not.
    let e = types_call("level-of(%none)").unwrap();
    assert_eq!(e.lowering.unwrap().flat[0].bits, 1);
    let err = types_error("level-of(none)");
    assert_eq!(err.message, "expected level, got `none`");
    assert!(
        err.hints[0].starts_with("write `%none` for the case named `none`"),
        "{err:?}"
    );
    // The `some` shorthand only where it is not ambiguous.
    let err = types_error("nested(1)");
    assert!(
        err.hints
            .iter()
            .any(|h| h.contains("write `some(…)` in full")),
        "{err:?}"
    );
    assert!(types_call("nested(some(some(1)))").is_ok());
    // Integers: range and syntax.
    let err = types_error("small(200)");
    assert_eq!(err.message, "200 is out of range for s8 (-128 to 127)");
    let err = types_error("small(1.5)");
    assert_eq!(err.message, "expected s8, got number 1.5");
    let err = types_error("flags-of({read, wirte})");
    assert_eq!(err.message, "flags `perms` has no case `wirte`");
    assert_eq!(pointed(&err), "wirte");
}

#[test]
fn handles_say_the_lowering_depends_on_the_instance() {
    let e = types_call("[method]counter.increment(c)").unwrap();
    assert!(e.lowering.is_none());
    let why = e.lowering_error.unwrap();
    assert_eq!(
        why,
        "`self` is a `borrow<counter>`: it lowers to a table index only known when the call runs"
    );
    let e = types_call("counters.consume(c)").unwrap();
    assert!(e.lowering_error.unwrap().starts_with("`c` is a `counter`"));
    // Constructors take plain values.
    let e = types_call("[constructor]counter(5)").unwrap();
    assert_eq!(e.lowering.unwrap().flat[0].bits, 5);
    let err = types_error(r#"counters.consume("c")"#);
    assert!(
        err.hints
            .iter()
            .any(|h| h.contains("by the name it was bound to")),
        "{err:?}"
    );
}

#[test]
fn bad_wit_is_its_own_error() {
    let err = explain(
        "package a:b; world w { export f: func(x: nope); }",
        None,
        "f(1)",
        Default::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ExplainError::Wit(_)), "{err:?}");
    assert!(
        err.to_string().starts_with("failed to read the WIT"),
        "{err}"
    );
    let err = explain(SHAPES, Some("circles"), "area(point)", Default::default()).unwrap_err();
    assert!(matches!(err, ExplainError::Wit(_)), "{err:?}");
}

#[test]
fn a_base_near_4_gib_is_a_lowering_error() {
    let options = CallOptions {
        base: u32::MAX - 2,
        ..CallOptions::default()
    };
    let err = explain(TYPES, None, r#"opt({name: "hello"})"#, options).unwrap_err();
    let ExplainError::Lowering { error, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        error
            .downcast_ref::<wavecall_abi::AddressOverflow>()
            .is_some()
    );
    assert!(err.to_string().contains("from base 0xfffffffd"), "{err}");
}

/// `value` in WAVE, always in the long form (`some(…)`, `ok(…)`), so that it reads back as
/// the same value whatever the type.
fn wave(value: &Value) -> String {
    let list = |items: &[Value]| items.iter().map(wave).collect::<Vec<_>>().join(", ");
    let payload = |case: &str, p: &Option<Box<Value>>| match p {
        Some(p) => format!("{case}({})", wave(p)),
        None => case.to_string(),
    };
    match value {
        Value::Bool(b) => b.to_string(),
        Value::S8(n) => n.to_string(),
        Value::U8(n) => n.to_string(),
        Value::S16(n) => n.to_string(),
        Value::U16(n) => n.to_string(),
        Value::S32(n) => n.to_string(),
        Value::U32(n) => n.to_string(),
        Value::S64(n) => n.to_string(),
        Value::U64(n) => n.to_string(),
        Value::F32(x) => float(f64::from(*x), format!("{x:?}")),
        Value::F64(x) => float(*x, format!("{x:?}")),
        Value::Char(c) => format!("'{}'", escape(&c.to_string(), '\'')),
        Value::String(s) => format!("\"{}\"", escape(s, '"')),
        Value::List(items) | Value::FixedList(items) => format!("[{}]", list(items)),
        Value::Tuple(items) => format!("({})", list(items)),
        Value::Record(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(n, v)| format!("{n}: {}", wave(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        Value::Variant(case, p) => payload(case, p),
        Value::Enum(case) => case.clone(),
        Value::Option(None) => "none".into(),
        Value::Option(p) => payload("some", p),
        Value::Result(Ok(p)) => payload("ok", p),
        Value::Result(Err(p)) => payload("err", p),
        Value::Flags(set) => format!("{{{}}}", set.join(", ")),
        Value::Map(_) | Value::Handle => unreachable!("not generated"),
    }
}

/// `value` with every set of flags sorted by name.
fn sort_flags(value: &Value) -> Value {
    let all = |items: &[Value]| items.iter().map(sort_flags).collect();
    let boxed = |p: &Option<Box<Value>>| p.as_deref().map(|p| Box::new(sort_flags(p)));
    match value {
        Value::Flags(set) => {
            let mut set = set.clone();
            set.sort();
            Value::Flags(set)
        }
        Value::List(items) => Value::List(all(items)),
        Value::Tuple(items) => Value::Tuple(all(items)),
        Value::Record(fields) => Value::Record(
            fields
                .iter()
                .map(|(n, v)| (n.clone(), sort_flags(v)))
                .collect(),
        ),
        Value::Variant(case, p) => Value::Variant(case.clone(), boxed(p)),
        Value::Option(p) => Value::Option(boxed(p)),
        Value::Result(Ok(p)) => Value::Result(Ok(boxed(p))),
        Value::Result(Err(p)) => Value::Result(Err(boxed(p))),
        other => other.clone(),
    }
}

fn float(x: f64, shown: String) -> String {
    match x {
        _ if x.is_nan() => "nan".into(),
        f64::INFINITY => "inf".into(),
        f64::NEG_INFINITY => "-inf".into(),
        _ => shown,
    }
}

fn escape(text: &str, quote: char) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Property: the WAVE text of random values of random types reads back as the same values
/// (NaN as NaN: WAVE has one), and explaining the text lowers exactly as the values do.
#[test]
fn random_values_read_back_from_their_wave_text() {
    let mut rng = Rng::new(0x3a7e_5eed);
    let mut calls = 0;
    for _ in 0..40 {
        let text = WitGen::new(&mut rng).world(8, false);
        let mut resolve = Resolve::default();
        let package = resolve.push_str("gen.wit", &text).unwrap();
        let world = resolve.select_world(&[package], None).unwrap();
        let funcs: Vec<_> = resolve.worlds[world]
            .exports
            .values()
            .filter_map(|item| match item {
                WorldItem::Function(f) => Some(f.clone()),
                _ => None,
            })
            .collect();
        for func in &funcs {
            let values: Vec<Value> = func
                .params
                .iter()
                .map(|p| random_value(&resolve, &p.ty, &mut rng))
                .collect();
            let args: Vec<String> = values.iter().map(wave).collect();
            let call = format!("{}({})", func.name, args.join(", "));
            let parsed = CallText::parse(&call).unwrap_or_else(|e| panic!("{call}: {e:?}"));
            let nodes = parsed.arg_nodes();
            let written = (call.as_str(), nodes.as_slice(), parsed.args_span.clone());
            let read = wave::arguments(
                written,
                (&resolve, func, &func.name),
                Vec::new(),
                &AnyHandle,
            )
            .unwrap_or_else(|e| panic!("{call}: {e:?}"));
            // Debug shows every NaN as `NaN` and tells every other float apart; wasm-wave
            // hands flags over sorted by name.
            let sorted =
                |v: &[Value]| format!("{:?}", v.iter().map(sort_flags).collect::<Vec<_>>());
            assert_eq!(sorted(&read), sorted(&values), "{call}");
            let options = CallOptions::default();
            let explained = wavecall_abi::explain_in(&resolve, world, &call, options)
                .unwrap_or_else(|e| panic!("{call}: {e}"));
            let direct = lower_call(&resolve, func, &read, options).unwrap();
            assert_eq!(explained.lowering.unwrap().flat, direct.flat, "{call}");
            calls += 1;
        }
    }
    assert!(calls >= 300, "{calls} calls");
}
