//! Wasmtime's values as the ABI model's: the one place where a real call's arguments and
//! result cross into [`crate::abi`], which knows nothing of Wasmtime.

use wasmtime::component::Val;

use crate::abi::Value;

/// The ABI model's value for `val`. Float bits are kept as they are (Wasmtime passes NaN
/// payloads through, and the model predicts that); a resource handle, future, stream or
/// error context becomes [`Value::Handle`]: its table index exists only inside the call.
pub fn abi_value(val: &Val) -> Value {
    let boxed = |v: &Option<Box<Val>>| v.as_deref().map(|v| Box::new(abi_value(v)));
    let all = |items: &[Val]| items.iter().map(abi_value).collect();
    match val {
        Val::Bool(b) => Value::Bool(*b),
        Val::S8(n) => Value::S8(*n),
        Val::U8(n) => Value::U8(*n),
        Val::S16(n) => Value::S16(*n),
        Val::U16(n) => Value::U16(*n),
        Val::S32(n) => Value::S32(*n),
        Val::U32(n) => Value::U32(*n),
        Val::S64(n) => Value::S64(*n),
        Val::U64(n) => Value::U64(*n),
        Val::Float32(x) => Value::F32(*x),
        Val::Float64(x) => Value::F64(*x),
        Val::Char(c) => Value::Char(*c),
        Val::String(s) => Value::String(s.clone()),
        Val::List(items) => Value::List(all(items)),
        Val::FixedLengthList(items) => Value::FixedList(all(items)),
        Val::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (abi_value(k), abi_value(v)))
                .collect(),
        ),
        Val::Record(fields) => Value::Record(
            fields
                .iter()
                .map(|(name, v)| (name.clone(), abi_value(v)))
                .collect(),
        ),
        Val::Tuple(items) => Value::Tuple(all(items)),
        Val::Variant(case, payload) => Value::Variant(case.clone(), boxed(payload)),
        Val::Enum(case) => Value::Enum(case.clone()),
        Val::Option(payload) => Value::Option(boxed(payload)),
        Val::Result(Ok(payload)) => Value::Result(Ok(boxed(payload))),
        Val::Result(Err(payload)) => Value::Result(Err(boxed(payload))),
        Val::Flags(set) => Value::Flags(set.clone()),
        Val::Resource(_) | Val::Future(_) | Val::Stream(_) | Val::ErrorContext(_) => Value::Handle,
    }
}

/// [`abi_value`] of every value.
pub fn abi_values(vals: &[Val]) -> Vec<Value> {
    vals.iter().map(abi_value).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kinds the echo proof's generator does not produce, and NaN payload bits (handles are
    /// covered by `tests/cli/explain/run-options.wat`, `method-on-handle`).
    #[test]
    fn every_kind_crosses_over() {
        let nan = f32::from_bits(0x7fc0_1234);
        let val = Val::Tuple(vec![
            Val::Map(vec![(
                Val::String("k".into()),
                Val::FixedLengthList(vec![Val::U8(1)]),
            )]),
            Val::Float32(nan),
            Val::Result(Err(Some(Box::new(Val::Option(None))))),
        ]);
        let Value::Tuple(items) = abi_value(&val) else {
            panic!("a tuple")
        };
        assert_eq!(
            items[0],
            Value::Map(vec![(
                Value::String("k".into()),
                Value::FixedList(vec![Value::U8(1)])
            )])
        );
        let Value::F32(x) = items[1] else {
            panic!("an f32")
        };
        assert_eq!(x.to_bits(), 0x7fc0_1234, "NaN payloads pass through");
        assert_eq!(
            items[2],
            Value::Result(Err(Some(Box::new(Value::Option(None)))))
        );
        assert!(!abi_value(&val).holds_handle());
    }
}
