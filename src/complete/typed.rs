//! Types applied to a scan: the function a call names, the type expected at the cursor,
//! the values of that type worth offering, and placeholders of any type.

use wasmtime::component::{Type, Val};

use super::Names;
use super::scan::{Args, Frame, FrameKind};
use crate::exports::{ExportedFunc, FuncKind};
use crate::invocation::{ResourceNames, describe_type};
use crate::program::Program;

/// `name` as a WAVE label: `%none` for a keyword.
pub(crate) fn label(name: &str) -> String {
    if wavecall_abi::wave::words::is_keyword(name) {
        format!("%{name}")
    } else {
        name.to_string()
    }
}

/// The function a target names, and how many leading parameters the call does not write
/// (a method's `self` in `c.m(…)`).
pub(crate) fn function<'p>(
    program: &'p Program,
    names: &Names,
    target: &str,
) -> Option<(&'p ExportedFunc, usize)> {
    if let Some((receiver, method)) = target.split_once('.')
        && let Some(handle) = names.handles.iter().find(|h| h.name == receiver)
    {
        let resource = handle.resource.as_ref()?;
        let func = program.exports().funcs().iter().find(|f| {
            f.instance_path == resource.instance_path
                && matches!(f.kind(), FuncKind::Method { resource: r, method: m }
                    if r == resource.name && m == method)
        })?;
        return Some((func, 1));
    }
    program.exports().resolve(target).ok().map(|f| (f, 0))
}

/// What is expected at the cursor.
#[derive(Debug, Clone)]
pub(crate) enum Place {
    /// A value of this type; `path` says where (`s`, `p.name`, `xs[]`).
    Value { ty: Type, path: String },
    /// A record field name, the fields already written excluded.
    Field {
        ty: Type,
        path: String,
        given: Vec<String>,
    },
    /// A flag name, the flags already written excluded.
    Flag {
        ty: Type,
        path: String,
        given: Vec<String>,
    },
}

/// The place at the cursor of `args`, given the parameters the call writes.
pub(crate) fn place(args: &Args, params: &[(String, Type)]) -> Option<Place> {
    let (first, rest) = args.frames.split_first()?;
    let (name, ty) = params.get(first.index)?;
    let mut ty = ty.clone();
    let mut path = name.clone();
    let mut frames = rest.iter().peekable();
    while let Some(frame) = frames.next() {
        let last = frames.peek().is_none();
        if frame.kind == FrameKind::Brace && frame.key.is_none() && last {
            let given = frame.keys.clone();
            return match &ty {
                Type::Record(_) => Some(Place::Field { ty, path, given }),
                Type::Flags(_) => Some(Place::Flag { ty, path, given }),
                _ => None,
            };
        }
        (ty, path) = child(&ty, frame, path)?;
    }
    Some(Place::Value { ty, path })
}

/// The type of the item at `frame`'s position in a container of type `ty`.
fn child(ty: &Type, frame: &Frame, path: String) -> Option<(Type, String)> {
    match (&frame.kind, ty) {
        (FrameKind::Tuple, Type::Tuple(t)) => {
            let item = t.types().nth(frame.index)?;
            Some((item, format!("{path}.{}", frame.index)))
        }
        (FrameKind::List, Type::List(l)) => Some((l.ty(), format!("{path}[]"))),
        (FrameKind::List, Type::FixedLengthList(l)) => Some((l.ty(), format!("{path}[]"))),
        (FrameKind::Brace, Type::Record(r)) => {
            let key = frame.key.as_deref()?;
            let field = r.fields().find(|f| f.name == key)?;
            Some((field.ty, format!("{path}.{key}")))
        }
        (FrameKind::Payload(l), Type::Option(o)) if l == "some" => Some((o.ty(), path)),
        (FrameKind::Payload(l), Type::Result(r)) if l == "ok" => Some((r.ok()?, path)),
        (FrameKind::Payload(l), Type::Result(r)) if l == "err" => Some((r.err()?, path)),
        (FrameKind::Payload(l), Type::Variant(v)) => {
            let case = v.cases().find(|c| c.name == l)?;
            Some((case.ty?, format!("{path}.{l}")))
        }
        _ => None,
    }
}

/// The words a value of type `ty` may start with, each with a short description: cases,
/// keywords, bound handles of the right resource, kept results that fit.
pub(crate) fn value_words(ty: &Type, names: &Names) -> Vec<(String, String)> {
    let mut words: Vec<(String, String)> = Vec::new();
    let mut add = |word: String, about: &str| words.push((word, about.to_string()));
    match ty {
        Type::Bool => {
            add("true".into(), "bool");
            add("false".into(), "bool");
        }
        Type::Enum(e) => e.names().for_each(|n| add(label(n), "case")),
        Type::Variant(v) => v.cases().for_each(|c| match c.ty {
            Some(_) => add(format!("{}(", label(c.name)), "case"),
            None => add(label(c.name), "case"),
        }),
        Type::Option(_) => {
            add("some(".into(), "option");
            add("none".into(), "option");
        }
        Type::Result(r) => {
            add(if r.ok().is_some() { "ok(" } else { "ok" }.into(), "result");
            add(
                if r.err().is_some() { "err(" } else { "err" }.into(),
                "result",
            );
        }
        Type::Own(rt) | Type::Borrow(rt) => names
            .handles
            .iter()
            .filter(|h| h.resource.as_ref().is_some_and(|r| r.ty == *rt))
            .for_each(|h| add(h.name.clone(), "handle")),
        _ => {}
    }
    for (i, (value, _)) in names.kept.iter().enumerate() {
        if fits(value, ty) {
            words.push((format!("${}", i + 1), "kept result".into()));
        }
    }
    words
}

/// Whether a value has the shape of a type (handles fit any handle type: the session
/// checks which resource).
pub(crate) fn fits(value: &Val, ty: &Type) -> bool {
    match (value, ty) {
        (Val::Bool(_), Type::Bool)
        | (Val::S8(_), Type::S8)
        | (Val::U8(_), Type::U8)
        | (Val::S16(_), Type::S16)
        | (Val::U16(_), Type::U16)
        | (Val::S32(_), Type::S32)
        | (Val::U32(_), Type::U32)
        | (Val::S64(_), Type::S64)
        | (Val::U64(_), Type::U64)
        | (Val::Float32(_), Type::Float32)
        | (Val::Float64(_), Type::Float64)
        | (Val::Char(_), Type::Char)
        | (Val::String(_), Type::String)
        | (Val::Resource(_), Type::Own(_) | Type::Borrow(_)) => true,
        (Val::List(items), Type::List(l)) => items.iter().all(|v| fits(v, &l.ty())),
        (Val::Record(fields), Type::Record(r)) => {
            let types: Vec<_> = r.fields().collect();
            fields.len() == types.len()
                && fields
                    .iter()
                    .zip(&types)
                    .all(|((n, v), f)| n == f.name && fits(v, &f.ty))
        }
        (Val::Tuple(items), Type::Tuple(t)) => {
            let types: Vec<Type> = t.types().collect();
            items.len() == types.len() && items.iter().zip(&types).all(|(v, t)| fits(v, t))
        }
        (Val::Variant(case, payload), Type::Variant(v)) => {
            v.cases().any(|c| match (&c.ty, payload) {
                (Some(t), Some(p)) => c.name == case && fits(p, t),
                (None, None) => c.name == case,
                _ => false,
            })
        }
        (Val::Enum(case), Type::Enum(e)) => e.names().any(|n| n == case),
        (Val::Option(v), Type::Option(o)) => v.as_ref().is_none_or(|v| fits(v, &o.ty())),
        (Val::Result(r), Type::Result(t)) => match r {
            Ok(v) => payload_fits(v.as_deref(), t.ok()),
            Err(v) => payload_fits(v.as_deref(), t.err()),
        },
        (Val::Flags(set), Type::Flags(f)) => {
            let names: Vec<&str> = f.names().collect();
            set.iter().all(|s| names.contains(&s.as_str()))
        }
        _ => false,
    }
}

fn payload_fits(value: Option<&Val>, ty: Option<Type>) -> bool {
    match (value, ty) {
        (None, None) => true,
        (Some(v), Some(t)) => fits(v, &t),
        _ => false,
    }
}

/// A value of type `ty` to edit: valid WAVE (zeros, empty strings and lists, the first
/// case, `none`), a bound handle of the right resource, or the resource's name when none
/// is bound (the call then says no handle is bound to it).
pub(crate) fn placeholder(ty: &Type, names: &Names, program: &Program) -> String {
    placeholder_at(ty, names, program, 0)
}

fn placeholder_at(ty: &Type, names: &Names, program: &Program, depth: usize) -> String {
    let inner = |t: &Type| placeholder_at(t, names, program, depth + 1);
    if depth > 8 {
        return "…".into();
    }
    match ty {
        Type::Bool => "false".into(),
        Type::S8 | Type::U8 | Type::S16 | Type::U16 | Type::S32 | Type::U32 => "0".into(),
        Type::S64 | Type::U64 => "0".into(),
        Type::Float32 | Type::Float64 => "0.0".into(),
        Type::Char => "'a'".into(),
        Type::String => "\"\"".into(),
        Type::List(_) | Type::Map(_) => "[]".into(),
        Type::FixedLengthList(l) => {
            let items: Vec<String> = (0..l.len()).map(|_| inner(&l.ty())).collect();
            format!("[{}]", items.join(", "))
        }
        Type::Record(r) => {
            let fields: Vec<String> = r
                .fields()
                .filter(|f| !matches!(f.ty, Type::Option(_)))
                .map(|f| format!("{}: {}", label(f.name), inner(&f.ty)))
                .collect();
            if fields.is_empty() {
                "{:}".into()
            } else {
                format!("{{{}}}", fields.join(", "))
            }
        }
        Type::Tuple(t) => {
            let items: Vec<String> = t.types().map(|t| inner(&t)).collect();
            format!("({})", items.join(", "))
        }
        Type::Variant(v) => match v.cases().next() {
            Some(c) => match &c.ty {
                Some(t) => format!("{}({})", label(c.name), inner(t)),
                None => label(c.name),
            },
            None => "…".into(),
        },
        Type::Enum(e) => e.names().next().map_or("…".into(), label),
        Type::Option(_) => "none".into(),
        Type::Result(r) => match r.ok() {
            Some(t) => format!("ok({})", inner(&t)),
            None => "ok".into(),
        },
        Type::Flags(_) => "{}".into(),
        Type::Own(rt) | Type::Borrow(rt) => names
            .handles
            .iter()
            .find(|h| h.resource.as_ref().is_some_and(|r| r.ty == *rt))
            .map(|h| h.name.clone())
            .unwrap_or_else(|| program.resource_name(rt).unwrap_or("handle").to_string()),
        Type::Future(_) | Type::Stream(_) | Type::ErrorContext => "…".into(),
    }
}

/// Calls `visit` on `ty` and every type inside it.
pub(crate) fn walk(ty: &Type, visit: &mut dyn FnMut(&Type)) {
    visit(ty);
    match ty {
        Type::List(l) => walk(&l.ty(), visit),
        Type::FixedLengthList(l) => walk(&l.ty(), visit),
        Type::Record(r) => r.fields().for_each(|f| walk(&f.ty, visit)),
        Type::Tuple(t) => t.types().for_each(|t| walk(&t, visit)),
        Type::Variant(v) => v.cases().filter_map(|c| c.ty).for_each(|t| walk(&t, visit)),
        Type::Option(o) => walk(&o.ty(), visit),
        Type::Result(r) => r
            .ok()
            .into_iter()
            .chain(r.err())
            .for_each(|t| walk(&t, visit)),
        _ => {}
    }
}

/// `name: type` of the parameters a call writes.
pub(crate) fn param_list(params: &[(String, Type)], program: &Program) -> String {
    let list: Vec<String> = params
        .iter()
        .map(|(n, t)| format!("{n}: {}", describe_type(t, program)))
        .collect();
    list.join(", ")
}

/// `name(params) -> result`, as the call writes it (a method without its `self`).
pub(crate) fn signature(name: &str, func: &ExportedFunc, skip: usize, program: &Program) -> String {
    let params = func.params();
    let mut text = format!(
        "{name}({})",
        param_list(params.get(skip..).unwrap_or(&[]), program)
    );
    if let Some(result) = func.results().first() {
        text.push_str(&format!(" -> {}", describe_type(result, program)));
    }
    text
}
