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
