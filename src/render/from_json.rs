//! JSON read back into component values, against their types: the inverse of [`to_json`]
//! (the mapping in `docs/json.md`), for arguments given as JSON (`wavecall serve`).
//!
//! Every document [`to_json`] writes reads back as the value it was written from. Beyond
//! that the reader is strict, as the WAVE reader is: an unknown record field, a second key
//! beside a variant's `case` and `value`, a number with a fraction for an integer are
//! errors, each naming the expected WIT type and where in the document it went wrong (a
//! JSON pointer). What it allows besides: a record may leave out its `option` fields, a
//! 64-bit integer may be a string of decimal digits whatever its size, and a variant's
//! case may be the one key of an object (`{"circle": {"radius": 1.0}}`, `{"point": null}`).
//!
//! [`to_json`]: super::to_json

use std::fmt;

use serde_json::{Map, Value};
use wasmtime::component::{ResourceAny, ResourceType, Type, Val};

use crate::invocation::{HandleRef, HandleScope, describe_type};

/// A JSON value that does not fit the type it was read against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonValueError {
    /// Where in the document, as a JSON pointer (RFC 6901): `/radius`, `/1/0`; empty for
    /// the whole document.
    pub pointer: String,
    /// What went wrong (`expected f32, got string "x"`).
    pub message: String,
}

impl fmt::Display for JsonValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pointer.as_str() {
            "" => f.write_str(&self.message),
            pointer => write!(f, "at `{pointer}`: {}", self.message),
        }
    }
}

impl std::error::Error for JsonValueError {}

/// Reads `value` as a value of type `ty`; handles (`{"handle": "c"}`, by the name a call
/// bound or as printed, `counter(0)`) come from `scope` ([`super::NoHandles`] outside a
/// session).
pub fn from_json(value: &Value, ty: &Type, scope: &dyn HandleScope) -> Result<Val, JsonValueError> {
    Reader { scope }.value(value, ty, &mut Vec::new())
}

/// Reads a call's arguments against its parameters: an array in parameter order, or an
/// object keyed by parameter name. Trailing `option` parameters may be left out (and
/// any `option` parameter of an object), as in WAVE.
pub fn json_arguments(
    args: &Value,
    params: &[(String, Type)],
    scope: &dyn HandleScope,
) -> Result<Vec<Val>, JsonValueError> {
    let reader = Reader { scope };
    let path = &mut Vec::new();
    // The errors about the argument list as a whole point at the whole document.
    let top: Path = Vec::new();
    let signature = || {
        let list: Vec<String> = params
            .iter()
            .map(|(name, ty)| format!("{name}: {}", describe_type(ty, scope)))
            .collect();
        format!("its parameters are ({})", list.join(", "))
    };
    let missing = |name: &str, ty: &Type| {
        let ty = describe_type(ty, scope);
        reader.error(
            &top,
            format!("missing argument `{name}: {ty}`; {}", signature()),
        )
    };
    let mut values = Vec::new();
    match args {
        Value::Array(items) => {
            if items.len() > params.len() {
                let message = format!(
                    "expected {} arguments, got {}; {}",
                    params.len(),
                    items.len(),
                    signature()
                );
                return Err(reader.error(path, message));
            }
            for (i, (_, ty)) in params.iter().enumerate() {
                values.push(match items.get(i) {
                    Some(item) => reader.at(path, i, item, ty)?,
                    None if matches!(ty, Type::Option(_)) => Val::Option(None),
                    None => return Err(missing(&params[i].0, ty)),
                });
            }
        }
        Value::Object(object) => {
            let names: Vec<&str> = params.iter().map(|(name, _)| name.as_str()).collect();
            if let Some(other) = object.keys().find(|k| !names.contains(&k.as_str())) {
                let mut message = format!("no parameter is named `{other}`");
                if let Some(near) = crate::invocation::nearest(other, names.iter().copied()) {
                    message.push_str(&format!("; did you mean `{near}`?"));
                }
                return Err(reader.error(path, format!("{message}; {}", signature())));
            }
            for (name, ty) in params {
                values.push(match object.get(name) {
                    Some(item) => reader.at(path, name, item, ty)?,
                    None if matches!(ty, Type::Option(_)) => Val::Option(None),
                    None => return Err(missing(name, ty)),
                });
            }
        }
        other => {
            let message = format!(
                "expected the arguments as an array or an object by parameter name, got {}",
                describe(other)
            );
            return Err(reader.error(path, message));
        }
    }
    Ok(values)
}

struct Reader<'a> {
    scope: &'a dyn HandleScope,
}

/// The path to the value being read, as pointer segments.
type Path = Vec<String>;

type Read<T> = Result<T, JsonValueError>;

impl Reader<'_> {
    fn error(&self, path: &Path, message: impl Into<String>) -> JsonValueError {
        let pointer = path
            .iter()
            .map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1")))
            .collect();
        JsonValueError {
            pointer,
            message: message.into(),
        }
    }

    fn mismatch(&self, path: &Path, value: &Value, ty: &Type) -> JsonValueError {
        let expected = describe_type(ty, self.scope);
        self.error(
            path,
            format!("expected {expected}, got {}", describe(value)),
        )
    }

    /// Reads `value` with `segment` pushed onto the path.
    fn at(&self, path: &mut Path, segment: impl ToString, value: &Value, ty: &Type) -> Read<Val> {
        path.push(segment.to_string());
        let read = self.value(value, ty, path);
        path.pop();
        read
    }

    fn value(&self, value: &Value, ty: &Type, path: &mut Path) -> Read<Val> {
        let mismatch = || self.mismatch(path, value, ty);
        Ok(match ty {
            Type::Bool => Val::Bool(value.as_bool().ok_or_else(mismatch)?),
            Type::S8 => Val::S8(self.integer(value, ty, path)?),
            Type::U8 => Val::U8(self.integer(value, ty, path)?),
            Type::S16 => Val::S16(self.integer(value, ty, path)?),
            Type::U16 => Val::U16(self.integer(value, ty, path)?),
            Type::S32 => Val::S32(self.integer(value, ty, path)?),
            Type::U32 => Val::U32(self.integer(value, ty, path)?),
            Type::S64 => Val::S64(self.integer(value, ty, path)?),
            Type::U64 => Val::U64(self.integer(value, ty, path)?),
            Type::Float32 => Val::Float32(self.float(value, ty, path)?),
            Type::Float64 => Val::Float64(self.float(value, ty, path)?),
            Type::Char => {
                let text = value.as_str().ok_or_else(mismatch)?;
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Val::Char(c),
                    _ => return Err(mismatch().with(" (a char is a string of one character)")),
                }
            }
            Type::String => Val::String(value.as_str().ok_or_else(mismatch)?.to_string()),
            Type::List(list) => Val::List(self.items(value, ty, &list.ty(), None, path)?),
            Type::FixedLengthList(list) => {
                let len = Some(list.len() as usize);
                Val::FixedLengthList(self.items(value, ty, &list.ty(), len, path)?)
            }
            Type::Tuple(tuple) => {
                let types: Vec<Type> = tuple.types().collect();
                let items = value.as_array().ok_or_else(mismatch)?;
                if items.len() != types.len() {
                    return Err(self.error(
                        path,
                        format!(
                            "expected {} with {} values, got an array of {}",
                            describe_type(ty, self.scope),
                            types.len(),
                            items.len()
                        ),
                    ));
                }
                let items = items.iter().zip(&types).enumerate();
                Val::Tuple(
                    items
                        .map(|(i, (item, ty))| self.at(path, i, item, ty))
                        .collect::<Read<_>>()?,
                )
            }
            Type::Map(map) => {
                let entries = value.as_array().ok_or_else(mismatch)?;
                let mut read = Vec::new();
                for (i, entry) in entries.iter().enumerate() {
                    path.push(i.to_string());
                    let Some([k, v]) = entry.as_array().map(Vec::as_slice) else {
                        return Err(
                            self.error(path, "expected a `[key, value]` array as a map entry")
                        );
                    };
                    let key = self.at(path, 0, k, &map.key())?;
                    let value = self.at(path, 1, v, &map.value())?;
                    path.pop();
                    read.push((key, value));
                }
                Val::Map(read)
            }
            Type::Record(record) => {
                let object = value.as_object().ok_or_else(mismatch)?;
                let fields: Vec<&str> = record.fields().map(|f| f.name).collect();
                self.no_other_keys(object, &fields, ty, path)?;
                let mut read = Vec::new();
                for field in record.fields() {
                    let value = match object.get(field.name) {
                        Some(value) => self.at(path, field.name, value, &field.ty)?,
                        None if matches!(field.ty, Type::Option(_)) => Val::Option(None),
                        None => {
                            let record = describe_type(ty, self.scope);
                            let message = format!("missing field `{}` of {record}", field.name);
                            return Err(self.error(path, message));
                        }
                    };
                    read.push((field.name.to_string(), value));
                }
                Val::Record(read)
            }
            Type::Variant(variant) => {
                // `{"circle": {…}}`, a case named by its one key as a `result`'s is, is
                // read too: the shorthand people write. An object with `case` is always
                // the documented form.
                let named = value
                    .as_object()
                    .filter(|o| o.len() == 1 && !o.contains_key("case"))
                    .and_then(|o| o.iter().next())
                    .filter(|(key, _)| variant.cases().any(|c| c.name == key.as_str()));
                let (name, payload, key) = match named {
                    Some((name, payload)) => (name.as_str(), Some(payload), name.as_str()),
                    None => {
                        let (name, payload) =
                            self.case(value, ty, "case", &["case", "value"], path)?;
                        (name, payload, "value")
                    }
                };
                let Some(case) = variant.cases().find(|c| c.name == name) else {
                    let cases = variant.cases().map(|c| c.name.to_string()).collect();
                    return Err(self.unknown(path, ty, "case", name, cases));
                };
                let payload = self.payload(case.ty.as_ref(), payload, name, key, path)?;
                Val::Variant(name.to_string(), payload)
            }
            Type::Enum(cases) => {
                let name = value.as_str().ok_or_else(mismatch)?;
                if !cases.names().any(|n| n == name) {
                    let cases = cases.names().map(str::to_string).collect();
                    return Err(self.unknown(path, ty, "case", name, cases));
                }
                Val::Enum(name.to_string())
            }
            Type::Option(option) => {
                let some = option.ty();
                match value {
                    Value::Null => Val::Option(None),
                    // `{"some": x}` keeps `some(none)` apart from `none` when the payload is
                    // itself an option; otherwise the payload stands for itself.
                    _ if matches!(some, Type::Option(_)) => {
                        let (_, inner) = self.keyed(value, ty, &["some"], path)?;
                        Val::Option(Some(Box::new(self.at(path, "some", inner, &some)?)))
                    }
                    _ => Val::Option(Some(Box::new(self.value(value, &some, path)?))),
                }
            }
            Type::Result(result) => {
                let (key, payload) = self.keyed(value, ty, &["ok", "err"], path)?;
                let ty = if key == "ok" {
                    result.ok()
                } else {
                    result.err()
                };
                let payload = self.payload(ty.as_ref(), Some(payload), key, key, path)?;
                Val::Result(if key == "ok" {
                    Ok(payload)
                } else {
                    Err(payload)
                })
            }
            Type::Flags(flags) => {
                let names = value.as_array().ok_or_else(mismatch)?;
                let mut set: Vec<String> = Vec::new();
                for (i, name) in names.iter().enumerate() {
                    path.push(i.to_string());
                    let name = name
                        .as_str()
                        .ok_or_else(|| self.error(path, "expected the name of a flag"))?;
                    if !flags.names().any(|n| n == name) {
                        let all = flags.names().map(str::to_string).collect();
                        return Err(self.unknown(path, ty, "flag", name, all));
                    }
                    path.pop();
                    if !set.iter().any(|s| s == name) {
                        set.push(name.to_string());
                    }
                }
                Val::Flags(set)
            }
            Type::Own(resource) => Val::Resource(self.handle(value, ty, resource, true, path)?),
            Type::Borrow(resource) => Val::Resource(self.handle(value, ty, resource, false, path)?),
            Type::Future(_) | Type::Stream(_) | Type::ErrorContext => {
                let what = describe_type(ty, self.scope);
                return Err(self.error(path, format!("{what} values cannot be given in JSON")));
            }
        })
    }

    fn integer<T: TryFrom<i128>>(&self, value: &Value, ty: &Type, path: &Path) -> Read<T> {
        let wide = matches!(ty, Type::S64 | Type::U64);
        let n: Option<i128> = match value {
            Value::Number(n) => n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)),
            // Beyond ±2^53 `to_json` writes 64-bit integers as strings of digits.
            Value::String(text) if wide => text.parse().ok(),
            _ => None,
        };
        let Some(n) = n else {
            let mut err = self.mismatch(path, value, ty);
            if value.is_number() {
                err = err.with(" (an integer has no fraction or exponent)");
            }
            return Err(err);
        };
        T::try_from(n).map_err(|_| {
            let ty = describe_type(ty, self.scope);
            self.error(path, format!("{n} is out of range for {ty}"))
        })
    }

    fn float<T: std::str::FromStr>(&self, value: &Value, ty: &Type, path: &Path) -> Read<T> {
        let text = match value {
            // The number as JSON wrote it: an f32 read through an f64 could round twice.
            Value::Number(n) => n.to_string(),
            Value::String(s) if matches!(s.as_str(), "nan" | "inf" | "-inf") => s.clone(),
            _ => return Err(self.mismatch(path, value, ty)),
        };
        text.parse().map_err(|_| self.mismatch(path, value, ty))
    }

    fn items(
        &self,
        value: &Value,
        ty: &Type,
        element: &Type,
        len: Option<usize>,
        path: &mut Path,
    ) -> Read<Vec<Val>> {
        let items = value
            .as_array()
            .ok_or_else(|| self.mismatch(path, value, ty))?;
        if let Some(len) = len.filter(|len| *len != items.len()) {
            let ty = describe_type(ty, self.scope);
            let got = items.len();
            return Err(self.error(path, format!("expected {len} values for {ty}, got {got}")));
        }
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.at(path, i, item, element))
            .collect()
    }

    /// A variant's `{"case": NAME, "value": …}`: the name and the payload, if given.
    fn case<'v>(
        &self,
        value: &'v Value,
        ty: &Type,
        key: &str,
        keys: &[&str],
        path: &mut Path,
    ) -> Read<(&'v str, Option<&'v Value>)> {
        let object = value
            .as_object()
            .ok_or_else(|| self.mismatch(path, value, ty))?;
        self.no_other_keys(object, keys, ty, path)?;
        let name = object.get(key).and_then(Value::as_str).ok_or_else(|| {
            let ty = describe_type(ty, self.scope);
            self.error(
                path,
                format!("expected {ty}: an object with a `{key}` name"),
            )
        })?;
        Ok((name, object.get("value")))
    }

    /// An object with exactly one of `keys` (`{"ok": …}`), and its value.
    fn keyed<'v>(
        &self,
        value: &'v Value,
        ty: &Type,
        keys: &[&'static str],
        path: &mut Path,
    ) -> Read<(&'static str, &'v Value)> {
        let object = value.as_object().filter(|o| o.len() == 1);
        let found = object.and_then(|o| keys.iter().find_map(|k| Some((*k, o.get(*k)?))));
        found.ok_or_else(|| {
            let ty = describe_type(ty, self.scope);
            let keys: Vec<String> = keys.iter().map(|k| format!("`{{\"{k}\": …}}`")).collect();
            let got = describe(value);
            self.error(
                path,
                format!("expected {ty}: {}, got {got}", keys.join(" or ")),
            )
        })
    }

    fn payload(
        &self,
        ty: Option<&Type>,
        payload: Option<&Value>,
        case: &str,
        key: &str,
        path: &mut Path,
    ) -> Read<Option<Box<Val>>> {
        match (ty, payload) {
            (Some(ty), Some(payload)) => Ok(Some(Box::new(self.at(path, key, payload, ty)?))),
            (None, None | Some(Value::Null)) => Ok(None),
            (Some(ty), None) => {
                let ty = describe_type(ty, self.scope);
                let message = format!("case `{case}` needs a `{key}` of type {ty}");
                Err(self.error(path, message))
            }
            (None, Some(_)) => {
                path.push(key.to_string());
                let err = self.error(path, format!("case `{case}` has no payload"));
                path.pop();
                Err(err)
            }
        }
    }

    fn no_other_keys(
        &self,
        object: &Map<String, Value>,
        keys: &[&str],
        ty: &Type,
        path: &Path,
    ) -> Read<()> {
        match object.keys().find(|k| !keys.contains(&k.as_str())) {
            Some(other) => {
                let all = keys.iter().map(|k| k.to_string()).collect();
                Err(self.unknown(path, ty, "field", other, all))
            }
            None => Ok(()),
        }
    }

    fn unknown(
        &self,
        path: &Path,
        ty: &Type,
        what: &str,
        name: &str,
        all: Vec<String>,
    ) -> JsonValueError {
        let ty = describe_type(ty, self.scope);
        let mut message = format!("{ty} has no {what} `{name}`");
        match crate::invocation::nearest(name, all.iter().map(String::as_str)) {
            Some(near) => message.push_str(&format!("; did you mean `{near}`?")),
            None => message.push_str(&format!("; expected one of `{}`", all.join("`, `"))),
        }
        self.error(path, message)
    }

    fn handle(
        &self,
        value: &Value,
        ty: &Type,
        resource: &ResourceType,
        owned: bool,
        path: &mut Path,
    ) -> Read<ResourceAny> {
        let (_, name) = self.keyed(value, ty, &["handle"], path)?;
        path.push("handle".into());
        let Some(name) = name.as_str() else {
            return Err(self.error(
                path,
                "expected a handle's name, such as `c` or `counter(0)`",
            ));
        };
        let reference = numbered(name).unwrap_or(HandleRef::Binding(name));
        let handle = self
            .scope
            .lookup(reference, resource, owned)
            .map_err(|message| self.error(path, message));
        path.pop();
        handle
    }
}

impl JsonValueError {
    fn with(mut self, more: &str) -> JsonValueError {
        self.message.push_str(more);
        self
    }
}

/// `counter(3)`, a handle as printed.
fn numbered(text: &str) -> Option<HandleRef<'_>> {
    let (resource, rest) = text.split_once('(')?;
    let number = rest.strip_suffix(')')?.trim().parse().ok()?;
    Some(HandleRef::Numbered { resource, number })
}

/// A JSON value in a few words, for messages.
fn describe(value: &Value) -> String {
    const MAX: usize = 40;
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() > MAX => {
            let head: String = s.chars().take(MAX).collect();
            format!("string {:?}…", head)
        }
        Value::String(s) => format!("string {s:?}"),
        Value::Array(items) => format!("an array of {}", items.len()),
        Value::Object(_) => "an object".into(),
    }
}
