//! Library API tests of `function_abi`, `lower_call` and `lift_result` on the repository's
//! `wit/shapes.wit` and small inline worlds: typed assertions, not printed text.

use wavecall_abi::wit_parser::{Function, Resolve, Type, WorldItem};
use wavecall_abi::{
    self as abi, CallOptions, CoreType, DEFAULT_BASE, Shape, StringEncoding, Value, function_abi,
    lower_call,
};

fn world(text: &str) -> Resolve {
    let mut resolve = Resolve::default();
    resolve.push_str("test.wit", text).unwrap();
    resolve
}

fn shapes() -> Resolve {
    let mut resolve = Resolve::default();
    resolve
        .push_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../../wit/shapes.wit"))
        .unwrap();
    resolve
}

fn func(resolve: &Resolve, name: &str) -> Function {
    resolve
        .worlds
        .iter()
        .flat_map(|(_, w)| w.exports.values())
        .find_map(|item| match item {
            WorldItem::Function(f) if f.name == name => Some(f.clone()),
            _ => None,
        })
        .unwrap()
}

fn circle(radius: f32) -> Value {
    Value::Variant(
        "circle".into(),
        Some(Box::new(Value::Record(vec![(
            "radius".into(),
            Value::F32(radius),
        )]))),
    )
}

#[test]
fn area_signature() {
    let resolve = shapes();
    let abi = function_abi(&resolve, &func(&resolve, "area"), StringEncoding::Utf8);
    let s = &abi.params[0].layout;
    assert_eq!((s.wit.as_str(), s.size, s.align), ("shape", 12, 4));
    assert_eq!(s.flat, [CoreType::I32, CoreType::F32, CoreType::F32]);
    let Shape::Variant {
        discriminant_size,
        payload_offset,
        cases,
    } = &s.shape
    else {
        panic!("shape is a variant")
    };
    assert_eq!(
        (*discriminant_size, *payload_offset, cases.len()),
        (1, 4, 3)
    );
    assert_eq!(
        abi.lift.params,
        [CoreType::I32, CoreType::F32, CoreType::F32]
    );
    assert_eq!(abi.lift.results, [CoreType::F32]);
    assert!(!abi.lift.params_in_memory && !abi.lift.result_in_memory);

    // `scale` returns a shape: three flat values do not fit in one result.
    let scale = function_abi(&resolve, &func(&resolve, "scale"), StringEncoding::Utf8);
    assert_eq!(scale.lift.results, [CoreType::I32]);
    assert_eq!(
        scale.lower.params.len(),
        5,
        "shape, factor and the return pointer"
    );
    assert!(scale.lower.results.is_empty());
}

#[test]
fn area_of_a_circle_lowers_flat() {
    let resolve = shapes();
    let call = lower_call(
        &resolve,
        &func(&resolve, "area"),
        &[circle(1.0)],
        CallOptions::default(),
    )
    .unwrap();
    let flat: Vec<(CoreType, u64)> = call.flat.iter().map(|v| (v.ty, v.bits)).collect();
    assert_eq!(
        flat,
        [
            (CoreType::I32, 0),
            (CoreType::F32, 0x3f80_0000),
            (CoreType::F32, 0)
        ]
    );
    assert_eq!(call.flat[1].path, "s.circle.radius");
    assert!(call.reallocs.is_empty() && call.memory.is_empty());
    assert_eq!(call.end, DEFAULT_BASE);
}

#[test]
fn variant_slots_join() {
    let resolve = world(
        "package t:t; world w { variant v { a(f32), b(u64), c(tuple<f64, f32>), d(s8) } \
         export f: func(x: v); }",
    );
    let f = func(&resolve, "f");
    let abi = function_abi(&resolve, &f, StringEncoding::Utf8);
    // f32 ⊔ u64 ⊔ f64 ⊔ s8 = i64; second slot: f32 alone stays f32.
    assert_eq!(
        abi.params[0].layout.flat,
        [CoreType::I32, CoreType::I64, CoreType::F32]
    );
    let lower = |v: Value| lower_call(&resolve, &f, &[v], CallOptions::default()).unwrap();
    let a = lower(Value::Variant("a".into(), Some(Box::new(Value::F32(-1.5)))));
    assert_eq!(a.flat[1].ty, CoreType::I64);
    assert_eq!(
        a.flat[1].bits,
        u64::from((-1.5f32).to_bits()),
        "f32 bits, zero-extended"
    );
    let d = lower(Value::Variant("d".into(), Some(Box::new(Value::S8(-1)))));
    assert_eq!(
        d.flat[1].bits, 0xffff_ffff,
        "s8 -1 is the i32 -1, zero-extended to i64"
    );
    assert_eq!(d.flat[2].bits, 0, "an unused slot is 0");
}

#[test]
fn strings_lists_and_spilling() {
    let resolve = world(
        "package t:t; world w { \
         export s: func(a: string, b: list<u16>); \
         export many: func(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64, g: u64, h: u64, \
           i: u64, j: u64, k: u64, l: u64, m: u64, n: u64, o: u64, p: u64, q: string); }",
    );
    let s = func(&resolve, "s");
    let args = [
        Value::String("日本".into()),
        Value::List(vec![Value::U16(1), Value::U16(0x203)]),
    ];
    let options = CallOptions {
        base: 0x101,
        string_encoding: StringEncoding::Utf8,
    };
    let call = lower_call(&resolve, &s, &args, options).unwrap();
    let reallocs: Vec<[u32; 5]> = call
        .reallocs
        .iter()
        .map(|r| [r.old_ptr, r.old_size, r.align, r.new_size, r.ret])
        .collect();
    assert_eq!(reallocs, [[0, 0, 1, 6, 0x101], [0, 0, 2, 4, 0x108]]);
    let bits: Vec<u64> = call.flat.iter().map(|v| v.bits).collect();
    assert_eq!(bits, [0x101, 6, 0x108, 2]);
    assert_eq!(call.memory[1].bytes, [Some(1), Some(0), Some(3), Some(2)]);

    let utf16 = lower_call(
        &resolve,
        &s,
        &args,
        CallOptions {
            string_encoding: StringEncoding::Utf16,
            ..options
        },
    )
    .unwrap();
    // 2 × 6 bytes for the worst case, then shrunk to 2 code units.
    assert_eq!(utf16.reallocs[1].new_size, 4);
    assert_eq!(utf16.flat[1].bits, 2);

    let many = func(&resolve, "many");
    let mut args: Vec<Value> = (0..16).map(Value::U64).collect();
    args.push(Value::String(String::new()));
    let call = lower_call(&resolve, &many, &args, CallOptions::default()).unwrap();
    assert!(call.params_in_memory);
    assert_eq!(call.flat.len(), 1);
    // The 136-byte tuple first, then the empty string's zero-byte allocation.
    assert_eq!(call.reallocs[0].new_size, 136);
    assert_eq!(call.reallocs[1].new_size, 0);
}

#[test]
fn mismatched_values_are_errors() {
    let resolve = shapes();
    let area = func(&resolve, "area");
    let err = lower_call(&resolve, &area, &[Value::U32(1)], CallOptions::default()).unwrap_err();
    assert!(err.to_string().contains("expected `shape`"), "{err}");
    let err = lower_call(&resolve, &area, &[], CallOptions::default()).unwrap_err();
    assert!(err.to_string().contains("takes 1 argument"), "{err}");
    let triangle = Value::Variant("triangle".into(), None);
    assert!(lower_call(&resolve, &area, &[triangle], CallOptions::default()).is_err());
}

#[test]
fn reports_render() {
    let resolve = shapes();
    let area = func(&resolve, "area");
    let abi = function_abi(&resolve, &area, StringEncoding::Utf8);
    let json = serde_json::to_value(&abi).unwrap();
    assert_eq!(json["params"][0]["layout"]["kind"], "variant");
    assert_eq!(
        json["lift"]["params"],
        serde_json::json!(["i32", "f32", "f32"])
    );
    assert!(
        abi.to_string()
            .contains("(func (param i32 f32 f32) (result f32))")
    );
    let call = lower_call(&resolve, &area, &[circle(1.0)], CallOptions::default()).unwrap();
    let json = serde_json::to_value(&call).unwrap();
    assert_eq!(json["flat"][1]["bits"], 0x3f80_0000);
    assert!(call.to_string().contains("s.circle.radius"));
    let _ = abi::wit_name(&resolve, &area.params[0].ty);
}

/// Prints the reports the tutorial in docs/canonical-abi.md quotes:
/// `cargo test -p wavecall-abi --test lowering -- --ignored --nocapture print_tutorial_examples`.
#[test]
#[ignore]
fn print_tutorial_examples() {
    let resolve = shapes();
    let area = func(&resolve, "area");
    println!("{}", function_abi(&resolve, &area, StringEncoding::Utf8));
    println!(
        "{}",
        lower_call(&resolve, &area, &[circle(1.0)], CallOptions::default()).unwrap()
    );
    let echo = {
        let mut r = Resolve::default();
        r.push_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../../wit/echo.wit"))
            .unwrap();
        r
    };
    let greet = func(&echo, "greet");
    let args = [
        Value::String("hé".into()),
        Value::List(vec![Value::String("".into()), Value::String("ab".into())]),
    ];
    println!("{}", function_abi(&echo, &greet, StringEncoding::Utf8));
    println!(
        "{}",
        lower_call(&echo, &greet, &args, CallOptions::default()).unwrap()
    );
    let scale = func(&resolve, "scale");
    println!("{}", function_abi(&resolve, &scale, StringEncoding::Utf8));
}

/// docs/canonical-abi.md quotes real reports (tests/explain_docs.rs reruns every quoted
/// command); the crate's own rendering is what it quotes.
#[test]
fn tutorial_quotes_current_reports() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/canonical-abi.md"
    ))
    .unwrap();
    let resolve = shapes();
    let area = func(&resolve, "area");
    let function = function_abi(&resolve, &area, StringEncoding::Utf8).to_string();
    let wit = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../wit/shapes.wit"))
        .unwrap();
    let call = "area(circle({radius: 1.0}))";
    let explained = abi::explain(&wit, None, call, CallOptions::default()).unwrap();
    let mut lowering = String::new();
    explained.render(&abi::TextView::only([abi::Part::Lowering]), &mut lowering);
    for report in [function, lowering] {
        assert!(
            doc.contains(report.trim_end()),
            "docs/canonical-abi.md does not quote:\n{report}"
        );
    }
}

#[test]
fn a_bare_resource_type_has_no_layout_and_does_not_panic() {
    let resolve = world(
        "package t:t; interface i { resource counter { get: func() -> u32; } } \
         world w { export i; }",
    );
    let (id, _) = resolve
        .types
        .iter()
        .find(|(_, t)| t.name.as_deref() == Some("counter"))
        .unwrap();
    let layout = abi::type_layout(&resolve, &Type::Id(id), StringEncoding::Utf8);
    assert_eq!(layout.shape, Shape::Resource);
    assert_eq!((layout.size, layout.flat.len()), (0, 0));
}

#[test]
fn results_lift_flat_or_from_a_return_area() {
    let resolve = shapes();
    let area = func(&resolve, "area");
    let lifting = abi::lift_result(
        &resolve,
        &area,
        Some(&Value::F32(2.0)),
        CallOptions::default(),
    )
    .unwrap();
    assert!(!lifting.result_in_memory && lifting.memory.is_empty());
    assert_eq!(
        (lifting.flat[0].ty, lifting.flat[0].bits),
        (CoreType::F32, 0x4000_0000)
    );

    let scale = func(&resolve, "scale");
    let rect = Value::Variant(
        "rect".into(),
        Some(Box::new(Value::Record(vec![
            ("width".into(), Value::F32(0.5)),
            ("height".into(), Value::F32(1.0)),
        ]))),
    );
    let options = CallOptions {
        base: 0x100,
        ..CallOptions::default()
    };
    let lifting = abi::lift_result(&resolve, &scale, Some(&rect), options).unwrap();
    assert!(lifting.result_in_memory);
    assert_eq!(
        lifting.flat[0].bits, 0x100,
        "the pointer to the return area"
    );
    let bytes = &lifting.memory[0].bytes;
    assert_eq!(bytes.len(), 12);
    assert_eq!(bytes[0], Some(1), "discriminant of `rect`");
    assert_eq!(bytes[1..4], [None, None, None], "padding up to the payload");
    assert_eq!(bytes[4..8], 0.5f32.to_le_bytes().map(Some));
    assert!(lifting.rules.iter().any(|r| r.starts_with("variant")));

    // A missing or surplus result value is an error, not a panic.
    assert!(abi::lift_result(&resolve, &scale, None, options).is_err());
    assert!(abi::lift_result(&resolve, &area, Some(&Value::Bool(true)), options).is_err());
}

/// The same functions twice, once with every type spelled through an alias: what `explain`
/// computes must not depend on the spelling (issue 16.7). `flat` takes few enough values to
/// pass them as core parameters; `spilled` takes enough to store them in memory.
const ALIASES: &str = r#"
package t:aliases;
world w {
  type b = u8;
  type bb = b;
  type s = string;
  type x = f32;
  record r { a: bb, b: s, c: list<bb>, d: x }
  type rr = r;
  type o = option<bb>;
  type res = result<s, bb>;
  type t = tuple<bb, s>;
  export aliased-flat: func(a: bb, b: s, c: o, d: x) -> o;
  export plain-flat: func(a: u8, b: string, c: option<u8>, d: f32) -> option<u8>;
  export aliased-spilled: func(a: bb, b: s, c: list<bb>, d: rr, e: o, f: res, g: t, h: list<rr>) -> rr;
  export plain-spilled: func(a: u8, b: string, c: list<u8>, d: r, e: option<u8>, f: result<string, u8>, g: tuple<u8, string>, h: list<r>) -> r;
}
"#;

fn alias_args() -> (Vec<Value>, Vec<Value>) {
    let record = Value::Record(vec![
        ("a".into(), Value::U8(1)),
        ("b".into(), Value::String("hé".into())),
        ("c".into(), Value::List(vec![Value::U8(2), Value::U8(3)])),
        ("d".into(), Value::F32(0.5)),
    ]);
    let flat = vec![
        Value::U8(7),
        Value::String("abc".into()),
        Value::Option(Some(Box::new(Value::U8(9)))),
        Value::F32(1.5),
    ];
    let spilled = vec![
        Value::U8(7),
        Value::String("abc".into()),
        Value::List(vec![Value::U8(4)]),
        record.clone(),
        Value::Option(None),
        Value::Result(Err(Some(Box::new(Value::U8(5))))),
        Value::Tuple(vec![Value::U8(6), Value::String("x".into())]),
        Value::List(vec![record.clone(), record]),
    ];
    (flat, spilled)
}

#[test]
fn aliases_lower_and_lift_as_what_they_name() {
    let resolve = world(ALIASES);
    let (flat, spilled) = alias_args();
    for (kind, args) in [("flat", flat), ("spilled", spilled)] {
        let aliased = func(&resolve, &format!("aliased-{kind}"));
        let plain = func(&resolve, &format!("plain-{kind}"));
        let options = CallOptions::default();
        let a = lower_call(&resolve, &aliased, &args, options).unwrap();
        let p = lower_call(&resolve, &plain, &args, options).unwrap();
        // The values and bytes; the notes may name a type by its alias.
        let bits = |flat: &[abi::FlatValue]| -> Vec<(CoreType, u64)> {
            flat.iter().map(|v| (v.ty, v.bits)).collect()
        };
        let blocks = |memory: &[abi::MemoryBlock]| -> Vec<(u32, Vec<Option<u8>>)> {
            memory.iter().map(|b| (b.addr, b.bytes.clone())).collect()
        };
        assert_eq!(bits(&a.flat), bits(&p.flat), "{kind}");
        assert_eq!(a.reallocs.len(), p.reallocs.len(), "{kind}");
        assert_eq!(a.memory_image(), p.memory_image(), "{kind}");
        assert_eq!(a.params_in_memory, kind == "spilled");
        let result = match kind {
            "flat" => args[2].clone(),
            _ => args[3].clone(),
        };
        let a = abi::lift_result(&resolve, &aliased, Some(&result), options).unwrap();
        let p = abi::lift_result(&resolve, &plain, Some(&result), options).unwrap();
        assert_eq!(bits(&a.flat), bits(&p.flat), "{kind}");
        assert_eq!(blocks(&a.memory), blocks(&p.memory), "{kind}");
    }
}

/// `--base` near 4 GiB: a block that would run past the end of a 32-bit memory is an error
/// that says so, never a wrapped address (issue 16.8).
#[test]
fn allocations_past_4_gib_are_errors() {
    let resolve = world(ALIASES);
    let (_, spilled) = alias_args();
    let f = func(&resolve, "plain-spilled");
    for base in [u32::MAX - 16, u32::MAX - 1, u32::MAX] {
        let options = CallOptions {
            base,
            ..CallOptions::default()
        };
        let err = lower_call(&resolve, &f, &spilled, options).unwrap_err();
        let overflow = err
            .downcast_ref::<abi::AddressOverflow>()
            .unwrap_or_else(|| panic!("{err:#}"));
        assert!(
            overflow.start + overflow.size > u64::from(u32::MAX),
            "{err:#}"
        );
        assert!(format!("{err:#}").contains("past 0xffffffff"), "{err:#}");
    }
    // Just below the top, the same call fits.
    let options = CallOptions {
        base: u32::MAX - 4096,
        ..CallOptions::default()
    };
    let lowering = lower_call(&resolve, &f, &spilled, options).unwrap();
    assert!(lowering.end > options.base);
    for block in &lowering.memory {
        assert!(block.addr >= options.base, "{block:?}");
    }
}
