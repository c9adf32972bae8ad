//! Short, readable names for WIT types and untyped values, for error messages.

use std::fmt::Write;

use wasm_wave::ast::{Node, NodeType};
use wit_parser::{Handle, Resolve, Type, TypeDefKind};

use crate::layout::dealias;

const MAX_LEN: usize = 72;

/// The type as a message names it: its WIT name when it has one, else its structure,
/// shortened with `…` when long.
pub fn type_text(resolve: &Resolve, ty: &Type) -> String {
    match name(resolve, ty) {
        Some(name) => name.to_string(),
        None => type_structure(resolve, ty),
    }
}

/// The type's structure one level deep (`record { radius: f32 }`), with WIT names for what
/// it contains.
pub fn type_structure(resolve: &Resolve, ty: &Type) -> String {
    let full = write_type(resolve, ty, 3);
    if full.len() <= MAX_LEN {
        full
    } else {
        write_type(resolve, ty, 1)
    }
}

/// The name a type was declared under, if it has one.
pub(crate) fn name<'r>(resolve: &'r Resolve, ty: &Type) -> Option<&'r str> {
    match ty {
        Type::Id(id) => resolve.types[*id].name.as_deref(),
        _ => None,
    }
}

fn write_type(resolve: &Resolve, ty: &Type, depth: usize) -> String {
    let inner = |t: &Type| match name(resolve, t) {
        Some(name) => name.to_string(),
        None if depth == 0 => "…".to_string(),
        None => write_type(resolve, t, depth - 1),
    };
    let ty = dealias(resolve, ty);
    let id = match ty {
        Type::Bool => return "bool".into(),
        Type::S8 => return "s8".into(),
        Type::U8 => return "u8".into(),
        Type::S16 => return "s16".into(),
        Type::U16 => return "u16".into(),
        Type::S32 => return "s32".into(),
        Type::U32 => return "u32".into(),
        Type::S64 => return "s64".into(),
        Type::U64 => return "u64".into(),
        Type::F32 => return "f32".into(),
        Type::F64 => return "f64".into(),
        Type::Char => return "char".into(),
        Type::String => return "string".into(),
        Type::ErrorContext => return "error-context".into(),
        Type::Id(id) => id,
    };
    let resource = |r: &wit_parser::TypeId| {
        name(resolve, &dealias(resolve, &Type::Id(*r)))
            .unwrap_or("resource")
            .to_string()
    };
    match &resolve.types[id].kind {
        TypeDefKind::List(t) => format!("list<{}>", inner(t)),
        TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", inner(t)),
        TypeDefKind::Map(k, v) => format!("map<{}, {}>", inner(k), inner(v)),
        TypeDefKind::Record(r) => {
            let fields: Vec<String> = r
                .fields
                .iter()
                .map(|f| format!("{}: {}", f.name, inner(&f.ty)))
                .collect();
            format!("record {{ {} }}", fields.join(", "))
        }
        TypeDefKind::Tuple(t) => {
            let types: Vec<String> = t.types.iter().map(inner).collect();
            format!("tuple<{}>", types.join(", "))
        }
        TypeDefKind::Variant(v) => {
            let cases: Vec<String> = v
                .cases
                .iter()
                .map(|c| match &c.ty {
                    Some(t) => format!("{}({})", c.name, inner(t)),
                    None => c.name.clone(),
                })
                .collect();
            format!("variant {{ {} }}", cases.join(", "))
        }
        TypeDefKind::Enum(e) => {
            let cases: Vec<&str> = e.cases.iter().map(|c| c.name.as_str()).collect();
            format!("enum {{ {} }}", cases.join(", "))
        }
        TypeDefKind::Flags(f) => {
            let flags: Vec<&str> = f.flags.iter().map(|f| f.name.as_str()).collect();
            format!("flags {{ {} }}", flags.join(", "))
        }
        TypeDefKind::Option(t) => format!("option<{}>", inner(t)),
        TypeDefKind::Result(r) => match (&r.ok, &r.err) {
            (None, None) => "result".into(),
            (Some(ok), None) => format!("result<{}>", inner(ok)),
            (None, Some(err)) => format!("result<_, {}>", inner(err)),
            (Some(ok), Some(err)) => format!("result<{}, {}>", inner(ok), inner(err)),
        },
        TypeDefKind::Handle(Handle::Own(r)) => resource(r),
        TypeDefKind::Handle(Handle::Borrow(r)) => format!("borrow<{}>", resource(r)),
        TypeDefKind::Future(_) => "future".into(),
        TypeDefKind::Stream(_) => "stream".into(),
        TypeDefKind::Resource => name(resolve, &ty).unwrap_or("resource").to_string(),
        TypeDefKind::Type(_) | TypeDefKind::Unknown => "unknown".into(),
    }
}

/// What the user wrote, e.g. `string "abc"` or `a list`.
pub fn node_text(node: &Node, src: &str) -> String {
    let text = &src[node.span()];
    let quoted = |kind: &str| {
        let mut out = format!("{kind} ");
        if text.chars().count() > 24 {
            let short: String = text.chars().take(20).collect();
            let _ = write!(out, "{short}…");
        } else {
            out.push_str(text);
        }
        out
    };
    match node.ty() {
        NodeType::BoolTrue | NodeType::BoolFalse => quoted("bool"),
        NodeType::Number => quoted("number"),
        NodeType::Char => quoted("char"),
        NodeType::String | NodeType::MultilineString => quoted("string"),
        NodeType::Tuple => "a tuple".into(),
        NodeType::List => "a list".into(),
        NodeType::Record => "a record".into(),
        NodeType::Label => quoted("label"),
        NodeType::VariantWithPayload => quoted("case"),
        NodeType::OptionSome => "`some(…)`".into(),
        NodeType::OptionNone => "`none`".into(),
        // `ok` and `err` take their payload only when one is written.
        NodeType::ResultOk if text.contains('(') => "`ok(…)`".into(),
        NodeType::ResultOk => "`ok`".into(),
        NodeType::ResultErr if text.contains('(') => "`err(…)`".into(),
        NodeType::ResultErr => "`err`".into(),
        NodeType::Flags => "flags".into(),
    }
}
