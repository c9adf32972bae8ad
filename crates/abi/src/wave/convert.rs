//! Typed conversion of wasm-wave's untyped tree into [`Value`]s of WIT types.

use std::ops::Range;

use wasm_wave::ast::{Node, NodeType};
use wit_parser::{Handle, Resolve, Type, TypeDefKind, TypeId};

use super::describe::{name, node_text, type_structure, type_text};
use super::syntax::parser_error;
use super::words::{children, is_keyword, num_bounds, shorten_number};
use super::{CallError, HandleBindings, WrittenHandle, nearest};
use crate::Value;
use crate::layout::{dealias, kind};

/// Converts untyped nodes against WIT types, for one call.
pub struct Converter<'a> {
    /// The call text, which the node spans index.
    pub src: &'a str,
    /// The types.
    pub resolve: &'a Resolve,
    /// What the handles written in the call stand for.
    pub handles: &'a dyn HandleBindings,
}

type ConvResult<T> = Result<T, CallError>;

impl<'a> Converter<'a> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> CallError {
        CallError::new(self.src, span, message)
    }

    fn text(&self, ty: &Type) -> String {
        type_text(self.resolve, ty)
    }

    fn mismatch(&self, node: &Node, ty: &Type) -> CallError {
        let expected = self.text(ty);
        let got = node_text(node, self.src);
        let mut err = self.error(node.span(), format!("expected {expected}, got {got}"));
        // The likelier fix first: a case named like a keyword was written without its `%`.
        if let Some(hint) = self.keyword_case_hint(node, ty) {
            err = err.hint(hint);
        }
        let structure = type_structure(self.resolve, ty);
        if structure != expected {
            err.hint(format!("`{expected}` is {structure}"))
        } else {
            err
        }
    }

    /// WAVE reads `none`, `ok(1)`, `true` or `nan` as keywords, never as case names; when
    /// the expected enum or variant has a case of that name, say how to write it.
    fn keyword_case_hint(&self, node: &Node, ty: &Type) -> Option<String> {
        let text = &self.src[node.span()];
        let keyword = text
            .split(|c: char| c == '(' || c.is_whitespace())
            .next()
            .filter(|word| is_keyword(word))?;
        let payload = match kind(self.resolve, ty)? {
            TypeDefKind::Enum(e) => e.cases.iter().find(|c| c.name == keyword).map(|_| false),
            TypeDefKind::Variant(v) => v
                .cases
                .iter()
                .find(|c| c.name == keyword)
                .map(|c| c.ty.is_some()),
            _ => None,
        }?;
        let written = if payload {
            format!("%{keyword}(…)")
        } else {
            format!("%{keyword}")
        };
        Some(format!(
            "write `{written}` for the case named `{keyword}`: WAVE reads `{keyword}` as a keyword"
        ))
    }

    /// `record `circle`` for a named type, its structure otherwise.
    fn subject(&self, ty: &Type, what: &str) -> String {
        match name(self.resolve, ty) {
            Some(name) => format!("{what} `{name}`"),
            None => self.text(ty),
        }
    }

    /// The span of a label wasm-wave handed out as a slice of the call text.
    fn span_of(&self, label: &str) -> Range<usize> {
        let start = (label.as_ptr() as usize).saturating_sub(self.src.as_ptr() as usize);
        let start = start.min(self.src.len());
        start..(start + label.len()).min(self.src.len())
    }

    fn label(&self, node: &Node) -> &'a str {
        let text = &self.src[node.span()];
        text.strip_prefix('%').unwrap_or(text)
    }

    /// Converts one value.
    pub fn value(&self, node: &Node, ty: &Type) -> ConvResult<Value> {
        Ok(match dealias(self.resolve, ty) {
            Type::Bool => match node.ty() {
                NodeType::BoolTrue => Value::Bool(true),
                NodeType::BoolFalse => Value::Bool(false),
                _ => return Err(self.mismatch(node, ty)),
            },
            Type::S8 => Value::S8(self.integer(node, ty)?),
            Type::U8 => Value::U8(self.integer(node, ty)?),
            Type::S16 => Value::S16(self.integer(node, ty)?),
            Type::U16 => Value::U16(self.integer(node, ty)?),
            Type::S32 => Value::S32(self.integer(node, ty)?),
            Type::U32 => Value::U32(self.integer(node, ty)?),
            Type::S64 => Value::S64(self.integer(node, ty)?),
            Type::U64 => Value::U64(self.integer(node, ty)?),
            Type::F32 => Value::F32(self.float(node, ty)?),
            Type::F64 => Value::F64(self.float(node, ty)?),
            Type::Char => match node.ty() {
                NodeType::Char => Value::Char(
                    node.as_char(self.src)
                        .map_err(|e| parser_error(self.src, &e))?,
                ),
                _ => return Err(self.mismatch(node, ty)),
            },
            Type::String => match node.ty() {
                NodeType::String | NodeType::MultilineString => Value::String(
                    node.as_str(self.src)
                        .map_err(|e| parser_error(self.src, &e))?
                        .into_owned(),
                ),
                _ => return Err(self.mismatch(node, ty)),
            },
            Type::ErrorContext => return Err(self.unwritable(node, ty)),
            Type::Id(id) => self.defined(node, ty, id)?,
        })
    }

    /// Converts a value of a defined type (`ty` names `id` once aliases are resolved).
    fn defined(&self, node: &Node, ty: &Type, id: TypeId) -> ConvResult<Value> {
        Ok(match &self.resolve.types[id].kind {
            TypeDefKind::List(element) => Value::List(self.list(node, ty, element, None)?),
            TypeDefKind::FixedLengthList(element, n) => {
                Value::FixedList(self.list(node, ty, element, Some(*n as usize))?)
            }
            TypeDefKind::Map(key, value) => self.map(node, ty, key, value)?,
            TypeDefKind::Record(record) => self.record(node, ty, record)?,
            TypeDefKind::Tuple(tuple) => {
                let NodeType::Tuple = node.ty() else {
                    return Err(self.mismatch(node, ty));
                };
                let items = children(node);
                if items.len() != tuple.types.len() {
                    let message = format!(
                        "expected {} with {} values, got {}",
                        self.text(ty),
                        tuple.types.len(),
                        items.len()
                    );
                    return Err(self.error(node.span(), message));
                }
                let values = items.iter().zip(&tuple.types);
                Value::Tuple(
                    values
                        .map(|(n, t)| self.value(n, t))
                        .collect::<Result<_, _>>()?,
                )
            }
            TypeDefKind::Variant(variant) => {
                let Ok((case_name, payload)) = node.as_variant(self.src) else {
                    return Err(self.mismatch(node, ty));
                };
                let Some(case) = variant.cases.iter().find(|c| c.name == case_name) else {
                    let cases = variant.cases.iter().map(|c| c.name.as_str());
                    let span = self.span_of(case_name);
                    return Err(self.unknown_case(span, ty, "variant", case_name, cases));
                };
                let payload = self.payload(node, case_name, case.ty.as_ref(), payload)?;
                Value::Variant(case_name.to_string(), payload)
            }
            TypeDefKind::Enum(e) => match node.ty() {
                NodeType::Label => {
                    let case = self.label(node);
                    let cases = e.cases.iter().map(|c| c.name.as_str());
                    if !e.cases.iter().any(|c| c.name == case) {
                        return Err(self.unknown_case(node.span(), ty, "enum", case, cases));
                    }
                    Value::Enum(case.to_string())
                }
                _ => return Err(self.mismatch(node, ty)),
            },
            TypeDefKind::Option(some) => self.option(node, ty, some)?,
            TypeDefKind::Result(r) => self.result(node, ty, r.ok.as_ref(), r.err.as_ref())?,
            TypeDefKind::Flags(flags) => {
                let NodeType::Flags = node.ty() else {
                    return Err(self.mismatch(node, ty));
                };
                let mut set = Vec::new();
                for flag in node.as_flags(self.src).into_iter().flatten() {
                    let names = flags.flags.iter().map(|f| f.name.as_str());
                    if !flags.flags.iter().any(|f| f.name == flag) {
                        let span = self.span_of(flag);
                        return Err(self.unknown_case(span, ty, "flags", flag, names));
                    }
                    set.push(flag.to_string());
                }
                Value::Flags(set)
            }
            TypeDefKind::Handle(Handle::Own(r)) => self.handle(node, ty, *r, true)?,
            TypeDefKind::Handle(Handle::Borrow(r)) => self.handle(node, ty, *r, false)?,
            TypeDefKind::Future(_)
            | TypeDefKind::Stream(_)
            | TypeDefKind::Resource
            | TypeDefKind::Type(_)
            | TypeDefKind::Unknown => return Err(self.unwritable(node, ty)),
        })
    }

    fn unwritable(&self, node: &Node, ty: &Type) -> CallError {
        let message = format!("{} values cannot be written in a call", self.text(ty));
        self.error(node.span(), message)
    }

    fn integer<T>(&self, node: &Node, ty: &Type) -> ConvResult<T>
    where
        T: TryFrom<i128> + num_bounds::Bounds,
    {
        if node.ty() != NodeType::Number {
            return Err(self.mismatch(node, ty));
        }
        let text = &self.src[node.span()];
        let out_of_range = |shown: String| {
            let (min, max) = (T::MIN, T::MAX);
            let message = format!(
                "{shown} is out of range for {} ({min} to {max})",
                self.text(ty)
            );
            self.error(node.span(), message)
        };
        match text.parse::<i128>() {
            Ok(n) => T::try_from(n).map_err(|_| out_of_range(text.to_string())),
            Err(_) if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') => {
                Err(out_of_range(shorten_number(text)))
            }
            Err(_) => {
                let message = format!("expected {}, got number {text}", self.text(ty));
                Err(self
                    .error(node.span(), message)
                    .hint("integers are written in decimal without a fraction or exponent"))
            }
        }
    }

    fn float<T: std::str::FromStr>(&self, node: &Node, ty: &Type) -> ConvResult<T> {
        if node.ty() != NodeType::Number {
            return Err(self.mismatch(node, ty));
        }
        let text = &self.src[node.span()];
        text.parse().map_err(|_| {
            let message = format!("`{text}` is not a valid {}", self.text(ty));
            self.error(node.span(), message)
        })
    }

    fn list(
        &self,
        node: &Node,
        ty: &Type,
        element: &Type,
        len: Option<usize>,
    ) -> ConvResult<Vec<Value>> {
        let NodeType::List = node.ty() else {
            return Err(self.mismatch(node, ty));
        };
        let items = children(node);
        if let Some(len) = len.filter(|len| *len != items.len()) {
            let (text, got) = (self.text(ty), items.len());
            let message = format!("expected {len} values for {text}, got {got}");
            return Err(self.error(node.span(), message));
        }
        items.iter().map(|item| self.value(item, element)).collect()
    }

    fn map(&self, node: &Node, ty: &Type, key: &Type, value: &Type) -> ConvResult<Value> {
        let NodeType::List = node.ty() else {
            return Err(self.mismatch(node, ty));
        };
        let mut entries = Vec::new();
        for entry in children(node) {
            match (entry.ty(), children(entry).as_slice()) {
                (NodeType::Tuple, [k, v]) => {
                    entries.push((self.value(k, key)?, self.value(v, value)?));
                }
                _ => {
                    let message = "expected a `(key, value)` tuple as a map entry";
                    return Err(self.error(entry.span(), message));
                }
            }
        }
        Ok(Value::Map(entries))
    }

    fn record(&self, node: &Node, ty: &Type, record: &wit_parser::Record) -> ConvResult<Value> {
        let NodeType::Record = node.ty() else {
            return Err(self.mismatch(node, ty));
        };
        let written: Vec<(&str, &Node)> = node
            .as_record(self.src)
            .map(|fields| fields.collect())
            .unwrap_or_default();
        let names = || record.fields.iter().map(|f| f.name.as_str());
        if let Some((field, _)) = written.iter().find(|(w, _)| !names().any(|n| n == *w)) {
            let message = format!("{} has no field `{field}`", self.subject(ty, "record"));
            let err = self.error(self.span_of(field), message);
            return Err(match nearest(field, names()) {
                Some(near) => err.hint(format!("did you mean `{near}`?")),
                None => err.hint(format!(
                    "its fields are `{}`",
                    names().collect::<Vec<_>>().join("`, `")
                )),
            });
        }
        let mut fields = Vec::new();
        for field in &record.fields {
            let value = match written.iter().find(|(name, _)| *name == field.name) {
                Some((_, value)) => self.value(value, &field.ty)?,
                None if super::is_option(self.resolve, &field.ty) => Value::Option(None),
                None => {
                    let message = format!("missing field `{}` of {}", field.name, self.text(ty));
                    return Err(self
                        .error(node.span(), message)
                        .hint("only `option` fields may be left out"));
                }
            };
            fields.push((field.name.clone(), value));
        }
        Ok(Value::Record(fields))
    }

    fn payload(
        &self,
        node: &Node,
        case: &str,
        ty: Option<&Type>,
        payload: Option<&Node>,
    ) -> ConvResult<Option<Box<Value>>> {
        match (ty, payload) {
            (Some(ty), Some(payload)) => Ok(Some(Box::new(self.value(payload, ty)?))),
            (None, None) => Ok(None),
            (Some(ty), None) => {
                let text = self.text(ty);
                let message = format!("case `{case}` needs a payload of type {text}: `{case}(…)`");
                Err(self.error(node.span(), message))
            }
            (None, Some(payload)) => Err(self
                .error(payload.span(), format!("case `{case}` has no payload"))
                .hint(format!("write just `{case}`"))),
        }
    }

    fn option(&self, node: &Node, ty: &Type, some: &Type) -> ConvResult<Value> {
        Ok(Value::Option(match node.ty() {
            NodeType::OptionSome | NodeType::OptionNone => {
                let payload = node.as_option().ok().flatten();
                match payload {
                    Some(_) => self.payload(node, "some", Some(some), payload)?,
                    None => None,
                }
            }
            // WAVE's shorthand: a plain value stands for `some(value)` unless that is ambiguous.
            _ if self.flattenable(some) => Some(Box::new(self.value(node, some)?)),
            _ => {
                return Err(self.mismatch(node, ty).hint(
                    "a plain value stands for `some(…)` only when the payload is not itself an \
                     option or result; write `some(…)` in full",
                ));
            }
        }))
    }

    fn result(
        &self,
        node: &Node,
        ty: &Type,
        ok: Option<&Type>,
        err: Option<&Type>,
    ) -> ConvResult<Value> {
        Ok(Value::Result(match node.as_result() {
            Ok(Ok(payload)) => Ok(self.payload(node, "ok", ok, payload)?),
            Ok(Err(payload)) => Err(self.payload(node, "err", err, payload)?),
            _ => match ok {
                Some(ok) if self.flattenable(ok) => Ok(Some(Box::new(self.value(node, ok)?))),
                _ => return Err(self.mismatch(node, ty)),
            },
        }))
    }

    fn handle(&self, node: &Node, ty: &Type, resource: TypeId, owned: bool) -> ConvResult<Value> {
        let written = match node.ty() {
            NodeType::Label => WrittenHandle::Binding(self.label(node)),
            NodeType::VariantWithPayload => match node.as_variant(self.src) {
                Ok((resource, Some(number))) if number.ty() == NodeType::Number => {
                    let number = self.src[number.span()].parse().map_err(|_| {
                        self.error(number.span(), "a handle number is a whole number")
                    })?;
                    WrittenHandle::Numbered { resource, number }
                }
                _ => return Err(self.mismatch(node, ty)),
            },
            _ => {
                return Err(self.mismatch(node, ty).hint(
                    "pass a handle by the name it was bound to (`c = [constructor]r(…)`) \
                     or as printed when it was returned, e.g. `r(0)`",
                ));
            }
        };
        let resource = match dealias(self.resolve, &Type::Id(resource)) {
            Type::Id(id) => id,
            _ => resource,
        };
        self.handles
            .check(written, resource, owned)
            .map_err(|message| self.error(node.span(), message))?;
        Ok(Value::Handle)
    }

    fn unknown_case<'n>(
        &self,
        span: Range<usize>,
        ty: &Type,
        what: &str,
        case: &str,
        cases: impl Iterator<Item = &'n str>,
    ) -> CallError {
        let message = format!("{} has no case `{case}`", self.subject(ty, what));
        let err = self.error(span, message);
        match nearest(case, cases) {
            Some(near) => err.hint(format!("did you mean `{near}`?")),
            None => err,
        }
    }

    /// Whether a plain value may stand for `some(value)` / `ok(value)` of this payload type.
    fn flattenable(&self, ty: &Type) -> bool {
        !matches!(
            kind(self.resolve, ty),
            Some(TypeDefKind::Option(_) | TypeDefKind::Result(_))
        )
    }
}
