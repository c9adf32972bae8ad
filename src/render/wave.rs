//! WAVE output, byte for byte what `wasmtime run --invoke` prints for the values it can print.
//!
//! wasm-wave's own writer panics on handles, so wavecall writes WAVE itself; a unit test
//! checks it against wasm-wave on every value without handles.

use std::fmt::Write;

use wasmtime::component::Val;
use wasmtime::component::wasm_wave::lex::Keyword;

use super::HandleNames;

/// Writes one value as WAVE.
pub fn write_value(out: &mut String, val: &Val, handles: &dyn HandleNames) {
    match val {
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::S8(n) => push_display(out, n),
        Val::U8(n) => push_display(out, n),
        Val::S16(n) => push_display(out, n),
        Val::U16(n) => push_display(out, n),
        Val::S32(n) => push_display(out, n),
        Val::U32(n) => push_display(out, n),
        Val::S64(n) => push_display(out, n),
        Val::U64(n) => push_display(out, n),
        // Rust's `Display` never uses an exponent and prints `NaN`, which WAVE spells `nan`.
        Val::Float32(f) if f.is_nan() => out.push_str("nan"),
        Val::Float64(f) if f.is_nan() => out.push_str("nan"),
        Val::Float32(f) => push_display(out, f),
        Val::Float64(f) => push_display(out, f),
        Val::Char(c) => {
            out.push('\'');
            push_escaped(out, *c);
            out.push('\'');
        }
        Val::String(s) => {
            out.push('"');
            for c in s.chars() {
                push_escaped(out, c);
            }
            out.push('"');
        }
        Val::List(items) | Val::FixedLengthList(items) => {
            write_sequence(out, '[', ']', items, handles)
        }
        Val::Tuple(items) => write_sequence(out, '(', ')', items, handles),
        Val::Map(entries) => {
            out.push('[');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push('(');
                write_value(out, k, handles);
                out.push_str(", ");
                write_value(out, v, handles);
                out.push(')');
            }
            out.push(']');
        }
        Val::Record(fields) => {
            out.push('{');
            let mut first = true;
            // `none` fields are left out, as WAVE allows and wasm-wave does.
            for (name, value) in fields {
                if matches!(value, Val::Option(None)) {
                    continue;
                }
                if !first {
                    out.push_str(", ");
                }
                first = false;
                out.push_str(name);
                out.push_str(": ");
                write_value(out, value, handles);
            }
            if first {
                out.push(':');
            }
            out.push('}');
        }
        Val::Variant(case, payload) => {
            push_label(out, case);
            write_payload(out, payload.as_deref(), handles);
        }
        Val::Enum(case) => push_label(out, case),
        Val::Option(None) => out.push_str("none"),
        Val::Option(Some(value)) => {
            out.push_str("some");
            write_payload(out, Some(value), handles);
        }
        Val::Result(Ok(payload)) => {
            out.push_str("ok");
            write_payload(out, payload.as_deref(), handles);
        }
        Val::Result(Err(payload)) => {
            out.push_str("err");
            write_payload(out, payload.as_deref(), handles);
        }
        Val::Flags(names) => {
            out.push('{');
            out.push_str(&names.join(", "));
            out.push('}');
        }
        Val::Resource(handle) => out.push_str(&handles.handle_name(handle)),
        Val::Future(_) => out.push_str("<future>"),
        Val::Stream(_) => out.push_str("<stream>"),
        Val::ErrorContext(_) => out.push_str("<error-context>"),
    }
}

fn push_display(out: &mut String, value: impl std::fmt::Display) {
    let _ = write!(out, "{value}");
}

fn write_sequence(out: &mut String, open: char, close: char, items: &[Val], h: &dyn HandleNames) {
    out.push(open);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, item, h);
    }
    out.push(close);
}

fn write_payload(out: &mut String, payload: Option<&Val>, handles: &dyn HandleNames) {
    if let Some(value) = payload {
        out.push('(');
        write_value(out, value, handles);
        out.push(')');
    }
}

/// Case names that are WAVE keywords take a `%` so that they read back as labels.
fn push_label(out: &mut String, label: &str) {
    if Keyword::decode(label).is_some() {
        out.push('%');
    }
    out.push_str(label);
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\\' | '"' | '\'' | '\t' | '\r' | '\n' => push_display(out, c.escape_default()),
        c if c.is_control() => push_display(out, c.escape_unicode()),
        c => push_display(out, c.escape_debug()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::NoHandles;
    use wasmtime::component::wasm_wave;

    fn ours(val: &Val) -> String {
        let mut out = String::new();
        write_value(&mut out, val, &NoHandles);
        out
    }

    fn opt(v: Option<Val>) -> Val {
        Val::Option(v.map(Box::new))
    }

    #[test]
    fn matches_wasm_wave_on_handle_free_values() {
        let samples = vec![
            Val::Bool(true),
            Val::S8(-128),
            Val::U64(u64::MAX),
            Val::S64(i64::MIN),
            Val::Float32(std::f32::consts::PI),
            Val::Float32(-0.0),
            Val::Float32(f32::NAN),
            Val::Float64(f64::INFINITY),
            Val::Float64(f64::NEG_INFINITY),
            Val::Float64(1e300),
            Val::Float64(5e-324),
            Val::Float32(3.0),
            Val::Char('\''),
            Val::Char('\u{7f}'),
            Val::Char('\u{1F600}'),
            Val::Char('\u{200b}'),
            Val::String("tab\t\"q\" 'a' \\ \r\n \u{0} \u{1b} é \u{feff} \u{10ffff}".into()),
            Val::String(String::new()),
            Val::List(vec![Val::U32(1), Val::U32(2)]),
            Val::List(vec![]),
            Val::Tuple(vec![Val::U8(1), Val::String("x".into())]),
            Val::Record(vec![
                ("a".into(), Val::U8(1)),
                ("b".into(), opt(None)),
                ("c".into(), opt(Some(Val::U8(2)))),
            ]),
            Val::Record(vec![("only".into(), opt(None))]),
            Val::Variant("some".into(), Some(Box::new(Val::U8(1)))),
            Val::Variant("point".into(), None),
            Val::Enum("inf".into()),
            Val::Enum("red".into()),
            opt(Some(opt(None))),
            Val::Result(Ok(None)),
            Val::Result(Err(Some(Box::new(Val::String("no".into()))))),
            Val::Flags(vec!["read".into(), "write".into()]),
            Val::Flags(vec![]),
        ];
        for val in samples {
            let theirs = wasm_wave::to_string(&val).unwrap();
            assert_eq!(ours(&val), theirs, "{val:?}");
        }
    }
}
