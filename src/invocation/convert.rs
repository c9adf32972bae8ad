//! Typed conversion of wasm-wave's untyped tree into Wasmtime `Val`s.
//!
//! This follows WAVE's rules exactly (the flat `some`/`ok` shorthand, omitted `option`
//! fields, `%` escapes), and goes beyond wasm-wave 0.254 where it is silent or missing: an
//! unknown record field is an error, handles are written as a binding name or `r(N)`, and
//! every error names the expected WIT type and points at the offending value.

use std::ops::Range;

use wasmtime::component::wasm_wave::ast::{Node, NodeType};
use wasmtime::component::{ResourceAny, ResourceType, Type, Val};

use wavecall_abi::wave::node_text as describe_node;
use wavecall_abi::wave::words::{children, is_keyword, nearest, num_bounds, shorten_number};

use super::describe::{ResourceNames, describe_structure, describe_type};
use crate::error::InvocationError;

/// A handle as written in a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandleRef<'a> {
    /// A name bound earlier with `name = …`.
    Binding(&'a str),
    /// The `N`th handle the session has returned, written `resource(N)`.
    Numbered {
        /// The resource name as written.
        resource: &'a str,
        /// The handle's number.
        number: u64,
    },
}

/// Where handles written in a call come from.
pub trait HandleScope: ResourceNames {
    /// The handle `reference` names, checked against the parameter's resource type; the
    /// error is a sentence for the user.
    fn lookup(
        &self,
        reference: HandleRef<'_>,
        expected: &ResourceType,
        owned: bool,
    ) -> Result<ResourceAny, String>;
}

/// Converts untyped nodes against types, for one call.
pub struct Converter<'a> {
    /// The call text, which the node spans index.
    pub src: &'a str,
    /// Handles and resource names.
    pub scope: &'a dyn HandleScope,
}

type ConvResult<T> = Result<T, InvocationError>;

impl Converter<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> InvocationError {
        InvocationError::new(self.src, span, message)
    }

    fn mismatch(&self, node: &Node, ty: &Type) -> InvocationError {
        let expected = describe_type(ty, self.scope);
        let mut err = self.error(
            node.span(),
            format!("expected {expected}, got {}", describe_node(node, self.src)),
        );
        // The likelier fix first: a case named like a keyword was written without its `%`.
        if let Some(hint) = self.keyword_case_hint(node, ty) {
            err = err.hint(hint);
        }
        let structure = describe_structure(ty, self.scope);
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
        let (has_case, payload) = match ty {
            Type::Enum(e) => (e.names().any(|n| n == keyword), false),
            Type::Variant(v) => match v.cases().find(|c| c.name == keyword) {
                Some(case) => (true, case.ty.is_some()),
                None => (false, false),
            },
            _ => (false, false),
        };
        if !has_case {
            return None;
        }
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
    fn subject(&self, ty: &Type, kind: &str) -> String {
        match self.scope.type_name(ty) {
            Some(name) => format!("{kind} `{name}`"),
            None => describe_type(ty, self.scope),
        }
    }

    /// The span of a label wasm-wave handed out as a slice of the call text.
    fn span_of(&self, label: &str) -> Range<usize> {
        let start = (label.as_ptr() as usize).saturating_sub(self.src.as_ptr() as usize);
        let start = start.min(self.src.len());
        start..(start + label.len()).min(self.src.len())
    }

    fn label<'s>(&self, node: &Node, src: &'s str) -> &'s str {
        let text = &src[node.span()];
        text.strip_prefix('%').unwrap_or(text)
    }

    /// Converts one value.
    pub fn value(&self, node: &Node, ty: &Type) -> ConvResult<Val> {
        Ok(match ty {
            Type::Bool => match node.ty() {
                NodeType::BoolTrue => Val::Bool(true),
                NodeType::BoolFalse => Val::Bool(false),
                _ => return Err(self.mismatch(node, ty)),
            },
            Type::S8 => Val::S8(self.integer(node, ty)?),
            Type::U8 => Val::U8(self.integer(node, ty)?),
            Type::S16 => Val::S16(self.integer(node, ty)?),
            Type::U16 => Val::U16(self.integer(node, ty)?),
            Type::S32 => Val::S32(self.integer(node, ty)?),
            Type::U32 => Val::U32(self.integer(node, ty)?),
            Type::S64 => Val::S64(self.integer(node, ty)?),
            Type::U64 => Val::U64(self.integer(node, ty)?),
            Type::Float32 => Val::Float32(self.float(node, ty)?),
            Type::Float64 => Val::Float64(self.float(node, ty)?),
            Type::Char => match node.ty() {
                NodeType::Char => Val::Char(
                    node.as_char(self.src)
                        .map_err(|e| super::syntax::parser_error(self.src, &e))?,
                ),
                _ => return Err(self.mismatch(node, ty)),
            },
            Type::String => match node.ty() {
                NodeType::String | NodeType::MultilineString => Val::String(
                    node.as_str(self.src)
                        .map_err(|e| super::syntax::parser_error(self.src, &e))?
                        .into_owned(),
                ),
                _ => return Err(self.mismatch(node, ty)),
            },
            Type::List(list) => Val::List(self.list(node, ty, &list.ty(), None)?),
            Type::FixedLengthList(list) => {
                Val::FixedLengthList(self.list(node, ty, &list.ty(), Some(list.len() as usize))?)
            }
            Type::Map(map) => self.map(node, ty, &map.key(), &map.value())?,
            Type::Record(_) => self.record(node, ty)?,
            Type::Tuple(tuple) => {
                let NodeType::Tuple = node.ty() else {
                    return Err(self.mismatch(node, ty));
                };
                let types: Vec<Type> = tuple.types().collect();
                let items = children(node);
                if items.len() != types.len() {
                    return Err(self.error(
                        node.span(),
                        format!(
                            "expected {} with {} values, got {}",
                            describe_type(ty, self.scope),
                            types.len(),
                            items.len()
                        ),
                    ));
                }
                Val::Tuple(self.each(&items, &types)?)
            }
            Type::Variant(_) => self.variant(node, ty)?,
            Type::Enum(e) => match node.ty() {
                NodeType::Label => {
                    let name = self.label(node, self.src);
                    if !e.names().any(|n| n == name) {
                        return Err(self.unknown_case(node.span(), ty, name, e.names()));
                    }
                    Val::Enum(name.to_string())
                }
                _ => return Err(self.mismatch(node, ty)),
            },
            Type::Option(option) => self.option(node, ty, &option.ty())?,
            Type::Result(result) => self.result(node, ty, result.ok(), result.err())?,
            Type::Flags(flags) => {
                let NodeType::Flags = node.ty() else {
                    return Err(self.mismatch(node, ty));
                };
                let mut set = Vec::new();
                for name in node.as_flags(self.src).into_iter().flatten() {
                    if !flags.names().any(|n| n == name) {
                        let span = self.span_of(name);
                        return Err(self.unknown_case(span, ty, name, flags.names()));
                    }
                    set.push(name.to_string());
                }
                Val::Flags(set)
            }
            Type::Own(resource) => Val::Resource(self.handle(node, ty, resource, true)?),
            Type::Borrow(resource) => Val::Resource(self.handle(node, ty, resource, false)?),
            Type::Future(_) | Type::Stream(_) | Type::ErrorContext => {
                return Err(self.error(
                    node.span(),
                    format!(
                        "{} values cannot be written in a call",
                        describe_type(ty, self.scope)
                    ),
                ));
            }
        })
    }

    /// Converts a sequence of nodes against the same number of types.
    pub fn each(&self, nodes: &[&Node], types: &[Type]) -> ConvResult<Vec<Val>> {
        nodes
            .iter()
            .zip(types)
            .map(|(node, ty)| self.value(node, ty))
            .collect()
    }

    fn integer<T>(&self, node: &Node, ty: &Type) -> ConvResult<T>
    where
        T: TryFrom<i128> + num_bounds::Bounds,
    {
        if node.ty() != NodeType::Number {
            return Err(self.mismatch(node, ty));
        }
        let text = &self.src[node.span()];
        let parsed: Option<i128> = text.parse().ok();
        match parsed {
            Some(n) => T::try_from(n).map_err(|_| {
                self.error(
                    node.span(),
                    format!(
                        "{text} is out of range for {} ({} to {})",
                        describe_type(ty, self.scope),
                        T::MIN,
                        T::MAX
                    ),
                )
            }),
            None if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') => Err(self.error(
                node.span(),
                format!(
                    "{} is out of range for {} ({} to {})",
                    shorten_number(text),
                    describe_type(ty, self.scope),
                    T::MIN,
                    T::MAX
                ),
            )),
            None => Err(self
                .error(
                    node.span(),
                    format!(
                        "expected {}, got number {text}",
                        describe_type(ty, self.scope)
                    ),
                )
                .hint("integers are written in decimal without a fraction or exponent")),
        }
    }

    fn float<T: std::str::FromStr>(&self, node: &Node, ty: &Type) -> ConvResult<T> {
        if node.ty() != NodeType::Number {
            return Err(self.mismatch(node, ty));
        }
        let text = &self.src[node.span()];
        text.parse().map_err(|_| {
            self.error(
                node.span(),
                format!("`{text}` is not a valid {}", describe_type(ty, self.scope)),
            )
        })
    }

    fn list(
        &self,
        node: &Node,
        ty: &Type,
        element: &Type,
        len: Option<usize>,
    ) -> ConvResult<Vec<Val>> {
        let NodeType::List = node.ty() else {
            return Err(self.mismatch(node, ty));
        };
        let items = children(node);
        if let Some(len) = len.filter(|len| *len != items.len()) {
            return Err(self.error(
                node.span(),
                format!(
                    "expected {} values for {}, got {}",
                    len,
                    describe_type(ty, self.scope),
                    items.len()
                ),
            ));
        }
        items.iter().map(|item| self.value(item, element)).collect()
    }

    fn map(&self, node: &Node, ty: &Type, key: &Type, value: &Type) -> ConvResult<Val> {
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
                    return Err(self.error(
                        entry.span(),
                        "expected a `(key, value)` tuple as a map entry",
                    ));
                }
            }
        }
        Ok(Val::Map(entries))
    }

    fn record(&self, node: &Node, ty: &Type) -> ConvResult<Val> {
        let Type::Record(record) = ty else {
            unreachable!("called for records only")
        };
        let NodeType::Record = node.ty() else {
            return Err(self.mismatch(node, ty));
        };
        let written: Vec<(&str, &Node)> = node
            .as_record(self.src)
            .map(|fields| fields.collect())
            .unwrap_or_default();
        for (name, _) in &written {
            if !record.fields().any(|f| f.name == *name) {
                let fields: Vec<&str> = record.fields().map(|f| f.name).collect();
                let mut err = self.error(
                    self.span_of(name),
                    format!("{} has no field `{name}`", self.subject(ty, "record")),
                );
                err = match nearest(name, fields.iter().copied()) {
                    Some(near) => err.hint(format!("did you mean `{near}`?")),
                    None => err.hint(format!("its fields are `{}`", fields.join("`, `"))),
                };
                return Err(err);
            }
        }
        let mut fields = Vec::new();
        for field in record.fields() {
            let value = match written.iter().find(|(name, _)| *name == field.name) {
                Some((_, value)) => self.value(value, &field.ty)?,
                None if matches!(field.ty, Type::Option(_)) => Val::Option(None),
                None => {
                    return Err(self
                        .error(
                            node.span(),
                            format!(
                                "missing field `{}` of {}",
                                field.name,
                                describe_type(ty, self.scope)
                            ),
                        )
                        .hint("only `option` fields may be left out"));
                }
            };
            fields.push((field.name.to_string(), value));
        }
        Ok(Val::Record(fields))
    }

    fn variant(&self, node: &Node, ty: &Type) -> ConvResult<Val> {
        let Type::Variant(variant) = ty else {
            unreachable!("called for variants only")
        };
        let Ok((name, payload)) = node.as_variant(self.src) else {
            return Err(self.mismatch(node, ty));
        };
        let Some(case) = variant.cases().find(|c| c.name == name) else {
            let span = self.span_of(name);
            return Err(self.unknown_case(span, ty, name, variant.cases().map(|c| c.name)));
        };
        let payload = self.payload(node, name, case.ty.as_ref(), payload)?;
        Ok(Val::Variant(name.to_string(), payload))
    }

    fn payload(
        &self,
        node: &Node,
        case: &str,
        ty: Option<&Type>,
        payload: Option<&Node>,
    ) -> ConvResult<Option<Box<Val>>> {
        match (ty, payload) {
            (Some(ty), Some(payload)) => Ok(Some(Box::new(self.value(payload, ty)?))),
            (None, None) => Ok(None),
            (Some(ty), None) => Err(self.error(
                node.span(),
                format!(
                    "case `{case}` needs a payload of type {}: `{case}(…)`",
                    describe_type(ty, self.scope)
                ),
            )),
            (None, Some(payload)) => Err(self
                .error(payload.span(), format!("case `{case}` has no payload"))
                .hint(format!("write just `{case}`"))),
        }
    }

    fn option(&self, node: &Node, ty: &Type, some: &Type) -> ConvResult<Val> {
        Ok(Val::Option(match node.ty() {
            NodeType::OptionSome | NodeType::OptionNone => {
                let payload = node.as_option().ok().flatten();
                match payload {
                    Some(_) => self.payload(node, "some", Some(some), payload)?,
                    None => None,
                }
            }
            // WAVE's shorthand: a plain value stands for `some(value)` unless that is ambiguous.
            _ if flattenable(some) => Some(Box::new(self.value(node, some)?)),
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
        ok: Option<Type>,
        err: Option<Type>,
    ) -> ConvResult<Val> {
        Ok(Val::Result(match node.as_result() {
            Ok(Ok(payload)) => Ok(self.payload(node, "ok", ok.as_ref(), payload)?),
            Ok(Err(payload)) => Err(self.payload(node, "err", err.as_ref(), payload)?),
            _ => match ok {
                Some(ok) if flattenable(&ok) => Ok(Some(Box::new(self.value(node, &ok)?))),
                _ => return Err(self.mismatch(node, ty)),
            },
        }))
    }

    fn handle(
        &self,
        node: &Node,
        ty: &Type,
        resource: &ResourceType,
        owned: bool,
    ) -> ConvResult<ResourceAny> {
        let reference = match node.ty() {
            NodeType::Label => HandleRef::Binding(self.label(node, self.src)),
            NodeType::VariantWithPayload => match node.as_variant(self.src) {
                Ok((resource, Some(number))) if number.ty() == NodeType::Number => {
                    let number = self.src[number.span()].parse().map_err(|_| {
                        self.error(number.span(), "a handle number is a whole number")
                    })?;
                    HandleRef::Numbered { resource, number }
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
        self.scope
            .lookup(reference, resource, owned)
            .map_err(|message| self.error(node.span(), message))
    }

    fn unknown_case<'n>(
        &self,
        span: Range<usize>,
        ty: &Type,
        name: &str,
        cases: impl Iterator<Item = &'n str>,
    ) -> InvocationError {
        let mut err = self.error(
            span,
            format!("{} has no case `{name}`", self.subject(ty, kind_word(ty))),
        );
        if let Some(near) = nearest(name, cases) {
            err = err.hint(format!("did you mean `{near}`?"));
        }
        err
    }
}

fn kind_word(ty: &Type) -> &'static str {
    match ty {
        Type::Enum(_) => "enum",
        Type::Flags(_) => "flags",
        _ => "variant",
    }
}

/// Whether a plain value may stand for `some(value)` / `ok(value)` of this payload type.
fn flattenable(ty: &Type) -> bool {
    !matches!(ty, Type::Option(_) | Type::Result(_))
}
