//! The values the model lowers: a component value as plain data.
//!
//! Callers build them from WAVE text against WIT types ([`crate::wave`]) or from their own
//! runtime's values (wavecall adapts Wasmtime's `Val` in one pass). The enum mirrors the
//! component model's value kinds one to one, so that lowering matches a value and its type
//! together with no dynamic dispatch, and keeps float bits as they are: Wasmtime passes NaN
//! payloads through, and the model must predict exactly that.

/// A component value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `bool`.
    Bool(bool),
    /// `s8`.
    S8(i8),
    /// `u8`.
    U8(u8),
    /// `s16`.
    S16(i16),
    /// `u16`.
    U16(u16),
    /// `s32`.
    S32(i32),
    /// `u32`.
    U32(u32),
    /// `s64`.
    S64(i64),
    /// `u64`.
    U64(u64),
    /// `f32`, with its bits as given (NaN payloads included).
    F32(f32),
    /// `f64`, with its bits as given (NaN payloads included).
    F64(f64),
    /// `char`.
    Char(char),
    /// `string`.
    String(String),
    /// `list<T>`.
    List(Vec<Value>),
    /// `list<T, N>`: exactly N elements.
    FixedList(Vec<Value>),
    /// `map<K, V>`: key-value entries in order.
    Map(Vec<(Value, Value)>),
    /// A record: every field, by name, in declaration order.
    Record(Vec<(String, Value)>),
    /// `tuple<…>`.
    Tuple(Vec<Value>),
    /// A variant case and its payload.
    Variant(String, Option<Box<Value>>),
    /// An enum case.
    Enum(String),
    /// `option<T>`.
    Option(Option<Box<Value>>),
    /// `result<T, E>`, each side with its payload if the type has one.
    Result(Result<Option<Box<Value>>, Option<Box<Value>>>),
    /// The names of the flags that are set.
    Flags(Vec<String>),
    /// A resource handle, `future`, `stream` or `error-context`: it lowers to an index into
    /// a table of the running instance, assigned when the call is made, so the model knows
    /// that there is one and nothing more.
    Handle,
}

impl Value {
    /// Whether the value holds a handle anywhere inside it (its lowering then depends on the
    /// running instance).
    pub fn holds_handle(&self) -> bool {
        match self {
            Value::Handle => true,
            Value::List(items) | Value::FixedList(items) | Value::Tuple(items) => {
                items.iter().any(Value::holds_handle)
            }
            Value::Record(fields) => fields.iter().any(|(_, v)| v.holds_handle()),
            Value::Map(entries) => entries
                .iter()
                .any(|(k, v)| k.holds_handle() || v.holds_handle()),
            Value::Variant(_, Some(v)) | Value::Option(Some(v)) => v.holds_handle(),
            Value::Result(Ok(Some(v)) | Err(Some(v))) => v.holds_handle(),
            _ => false,
        }
    }

    /// The kind of value, as a message names it (`a record value`).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Bool(_) => "bool",
            Value::S8(_) => "s8",
            Value::U8(_) => "u8",
            Value::S16(_) => "s16",
            Value::U16(_) => "u16",
            Value::S32(_) => "s32",
            Value::U32(_) => "u32",
            Value::S64(_) => "s64",
            Value::U64(_) => "u64",
            Value::F32(_) => "f32",
            Value::F64(_) => "f64",
            Value::Char(_) => "char",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::FixedList(_) => "fixed-length list",
            Value::Map(_) => "map",
            Value::Record(_) => "record",
            Value::Tuple(_) => "tuple",
            Value::Variant(..) => "variant",
            Value::Enum(_) => "enum",
            Value::Option(_) => "option",
            Value::Result(_) => "result",
            Value::Flags(_) => "flags",
            Value::Handle => "handle",
        }
    }
}
