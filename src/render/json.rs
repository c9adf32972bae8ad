//! The JSON mapping of component values (documented in `docs/json.md`).
//!
//! It is typed and lossless: read with the result type in hand, every document maps back to
//! exactly one value. Integers beyond ±2^53 and non-finite floats, which JSON numbers cannot
//! carry faithfully, become strings.

use serde_json::{Map, Value, json};
use wasmtime::component::Val;

use super::HandleNames;

/// The largest integer every JSON reader represents exactly.
const MAX_SAFE: u64 = (1 << 53) - 1;

/// Maps one value to JSON.
pub fn to_json(val: &Val, handles: &dyn HandleNames) -> Value {
    match val {
        Val::Bool(b) => json!(b),
        Val::S8(n) => json!(n),
        Val::U8(n) => json!(n),
        Val::S16(n) => json!(n),
        Val::U16(n) => json!(n),
        Val::S32(n) => json!(n),
        Val::U32(n) => json!(n),
        Val::S64(n) if n.unsigned_abs() <= MAX_SAFE => json!(n),
        Val::S64(n) => json!(n.to_string()),
        Val::U64(n) if *n <= MAX_SAFE => json!(n),
        Val::U64(n) => json!(n.to_string()),
        // Through the shortest decimal that reads back as the same f32, so that `3.1415927`
        // does not turn into `3.1415927410125732`.
        Val::Float32(f) => float(f.to_string().parse().unwrap_or(f64::NAN), f.is_nan()),
        Val::Float64(f) => float(*f, f.is_nan()),
        Val::Char(c) => json!(c.to_string()),
        Val::String(s) => json!(s),
        Val::List(items) | Val::Tuple(items) | Val::FixedLengthList(items) => {
            items.iter().map(|v| to_json(v, handles)).collect()
        }
        Val::Map(entries) => entries
            .iter()
            .map(|(k, v)| json!([to_json(k, handles), to_json(v, handles)]))
            .collect(),
        Val::Record(fields) => {
            let object: Map<String, Value> = fields
                .iter()
                .map(|(name, v)| (name.clone(), to_json(v, handles)))
                .collect();
            Value::Object(object)
        }
        Val::Variant(case, payload) => {
            let mut object = Map::new();
            object.insert("case".into(), json!(case));
            if let Some(value) = payload {
                object.insert("value".into(), to_json(value, handles));
            }
            Value::Object(object)
        }
        Val::Enum(case) => json!(case),
        Val::Option(None) => Value::Null,
        // `some(none)` of a nested option needs a wrapper to stay apart from `none`.
        Val::Option(Some(inner)) if matches!(**inner, Val::Option(_)) => {
            json!({ "some": to_json(inner, handles) })
        }
        Val::Option(Some(inner)) => to_json(inner, handles),
        Val::Result(Ok(payload)) => {
            json!({ "ok": payload.as_deref().map(|v| to_json(v, handles)) })
        }
        Val::Result(Err(payload)) => {
            json!({ "err": payload.as_deref().map(|v| to_json(v, handles)) })
        }
        Val::Flags(names) => json!(names),
        Val::Resource(handle) => json!({ "handle": handles.handle_name(handle) }),
        Val::Future(_) => json!({ "future": null }),
        Val::Stream(_) => json!({ "stream": null }),
        Val::ErrorContext(_) => json!({ "error-context": null }),
    }
}

fn float(f: f64, nan: bool) -> Value {
    if nan {
        json!("nan")
    } else if f == f64::INFINITY {
        json!("inf")
    } else if f == f64::NEG_INFINITY {
        json!("-inf")
    } else {
        json!(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::NoHandles;

    fn j(v: Val) -> String {
        to_json(&v, &NoHandles).to_string()
    }

    #[test]
    fn integers_beyond_2_pow_53_are_strings() {
        assert_eq!(j(Val::U64(MAX_SAFE)), "9007199254740991");
        assert_eq!(j(Val::U64(MAX_SAFE + 1)), "\"9007199254740992\"");
        assert_eq!(j(Val::S64(i64::MIN)), "\"-9223372036854775808\"");
    }

    #[test]
    fn non_finite_floats_are_strings() {
        assert_eq!(j(Val::Float32(f32::NAN)), "\"nan\"");
        assert_eq!(j(Val::Float64(f64::NEG_INFINITY)), "\"-inf\"");
        assert_eq!(j(Val::Float32(1.5)), "1.5");
        assert_eq!(j(Val::Float32(std::f32::consts::PI)), "3.1415927");
    }

    #[test]
    fn records_keep_wit_field_order() {
        let record = Val::Record(vec![
            ("zeta".into(), Val::U8(1)),
            ("alpha".into(), Val::U8(2)),
            ("mid".into(), Val::U8(3)),
        ]);
        assert_eq!(j(record), r#"{"zeta":1,"alpha":2,"mid":3}"#);
    }

    #[test]
    fn options_variants_results() {
        let some_none = Val::Option(Some(Box::new(Val::Option(None))));
        assert_eq!(j(some_none), r#"{"some":null}"#);
        assert_eq!(j(Val::Option(Some(Box::new(Val::U8(1))))), "1");
        assert_eq!(j(Val::Variant("point".into(), None)), r#"{"case":"point"}"#);
        assert_eq!(
            j(Val::Variant("c".into(), Some(Box::new(Val::U8(2))))),
            r#"{"case":"c","value":2}"#
        );
        assert_eq!(j(Val::Result(Ok(None))), r#"{"ok":null}"#);
    }
}
