//! The lifting of a call's result, worked out backwards from the value Wasmtime lifted.
//!
//! Wasmtime does not report the core values or the memory a guest returned its result in;
//! it hands back the lifted value. Lifting is the inverse of lowering, so lowering that value
//! through the same simulator gives what the guest must have returned: the exact flat core
//! result, or the layout and bytes of the return area and of every string and list it points
//! to. Only the addresses are the simulator's own (the guest chose its own), and a few rules
//! make lifting accept more than one core value for the same result (listed in `rules`).

use std::collections::BTreeSet;

use anyhow::{Context, ensure};
use serde::Serialize;
use wit_parser::{Function, Resolve, Type, TypeDefKind};

use crate::layout::{size_align, wit_name};
use crate::lower::{FlatValue, Lowerer, MemoryBlock};
use crate::{CallOptions, CoreType, MAX_FLAT_RESULTS, Value, flatten};

/// How the result of one call was lifted from the callee's core result and memory.
#[derive(Clone, Debug, Serialize)]
pub struct ResultLifting {
    /// The function's name.
    pub function: String,
    /// The result type as WIT writes it; `None` for a function without a result.
    pub result: Option<String>,
    /// The base address the simulator placed memory blocks from, and the string encoding.
    pub options: CallOptions,
    /// Whether the result came back in memory, through a returned pointer.
    pub result_in_memory: bool,
    /// The core result (none or one value): the result itself when it fits in
    /// MAX_FLAT_RESULTS, else the pointer to the return area (the simulator's address).
    pub flat: Vec<FlatValue>,
    /// When the result is in memory: the return area, then every block its strings and lists
    /// point to, with the bytes the guest must have written. The addresses (and the pointer
    /// values stored in the bytes) are the simulator's; everything else is exact.
    pub memory: Vec<MemoryBlock>,
    /// The lifting rules that apply to this result type, one sentence each.
    pub rules: Vec<String>,
}

pub(crate) fn lift_result(
    resolve: &Resolve,
    func: &Function,
    result: Option<&Value>,
    options: CallOptions,
) -> anyhow::Result<ResultLifting> {
    let mut lifting = ResultLifting {
        function: func.name.clone(),
        result: None,
        options,
        result_in_memory: false,
        flat: Vec::new(),
        memory: Vec::new(),
        rules: Vec::new(),
    };
    let Some(ty) = &func.result else {
        ensure!(
            result.is_none(),
            "`{}` has no result, but a result value was given",
            func.name
        );
        return Ok(lifting);
    };
    let val = result.with_context(|| {
        format!(
            "`{}` returns a `{}`, but no result value was given",
            func.name,
            wit_name(resolve, ty)
        )
    })?;
    lifting.result = Some(wit_name(resolve, ty));
    let mut cx = Lowerer::new(resolve, options);
    let flat_count = flatten(resolve, ty).len();
    if flat_count > MAX_FLAT_RESULTS {
        lifting.result_in_memory = true;
        let (size, align) = size_align(resolve, ty);
        let purpose = format!(
            "the return area: the {size}-byte `{}` the guest stored",
            wit_name(resolve, ty)
        );
        let ptr = cx.realloc(0, 0, align, size.into(), purpose)?;
        cx.store(ty, val, ptr, "result")?;
        lifting.flat.push(FlatValue {
            ty: CoreType::I32,
            bits: ptr.into(),
            path: String::new(),
            note: format!(
                "pointer to the return area ({flat_count} flat values > MAX_FLAT_RESULTS = \
                 {MAX_FLAT_RESULTS}), aligned to {align}"
            ),
        });
        lifting.memory = cx.memory();
    } else {
        cx.lower_flat(ty, val, "result", &mut lifting.flat)?;
    }
    lifting.rules = rules(resolve, ty, lifting.result_in_memory);
    Ok(lifting)
}

/// The lifting rules a learner needs for `ty`: where a guest has latitude, and what traps.
fn rules(resolve: &Resolve, ty: &Type, in_memory: bool) -> Vec<String> {
    let mut kinds = BTreeSet::new();
    collect_kinds(resolve, ty, &mut kinds, 0);
    let mut rules = Vec::new();
    if kinds.contains("bool") {
        rules.push(
            "bool: lifting reads 0 as false and any other value as true, so the guest may have \
             returned another non-zero value where 1 is shown"
                .to_string(),
        );
    }
    if kinds.contains("small") {
        rules.push(
            "u8, s8, u16, s16: only the low 8 or 16 bits count when lifted from an i32; the \
             guest may have left anything in the bits above"
                .to_string(),
        );
    }
    if kinds.contains("char") {
        rules.push(
            "char: the value must be a Unicode scalar value (not a surrogate, at most \
             U+10FFFF), or Wasmtime traps"
                .to_string(),
        );
    }
    if kinds.contains("cases") {
        rules.push(
            "variant, enum, option, result: a discriminant beyond the last case traps; the \
             bytes and slots the selected case does not use are ignored"
                .to_string(),
        );
    }
    if kinds.contains("flags") {
        rules.push("flags: bits beyond the last flag are ignored".to_string());
    }
    if kinds.contains("string") {
        rules.push(
            "string: the pointer and length must lie inside memory and the bytes must be valid \
             in the string encoding, or Wasmtime traps; the string is copied out"
                .to_string(),
        );
    }
    if kinds.contains("list") {
        rules.push(
            "list: the pointer must be aligned to the element and the elements inside memory, \
             or Wasmtime traps; the elements are copied out"
                .to_string(),
        );
    }
    if in_memory {
        rules.push(
            "return area: the returned pointer must be aligned to the result type and the \
             whole result inside memory, or Wasmtime traps"
                .to_string(),
        );
    }
    if kinds.contains("handle") {
        rules.push(
            "handles: the i32 is an index into the instance's table; an own handle moves out \
             of the guest's table into the host's"
                .to_string(),
        );
    }
    rules
}

fn collect_kinds(resolve: &Resolve, ty: &Type, kinds: &mut BTreeSet<&'static str>, depth: u32) {
    // Types cannot recurse in WIT; the bound only guards against a malformed `Resolve`.
    if depth > 64 {
        return;
    }
    match ty {
        Type::Bool => {
            kinds.insert("bool");
        }
        Type::U8 | Type::S8 | Type::U16 | Type::S16 => {
            kinds.insert("small");
        }
        Type::Char => {
            kinds.insert("char");
        }
        Type::String => {
            kinds.insert("string");
        }
        Type::ErrorContext => {
            kinds.insert("handle");
        }
        Type::Id(id) => match &resolve.types[*id].kind {
            TypeDefKind::Type(t) => collect_kinds(resolve, t, kinds, depth + 1),
            TypeDefKind::Record(r) => {
                for f in &r.fields {
                    collect_kinds(resolve, &f.ty, kinds, depth + 1);
                }
            }
            TypeDefKind::Tuple(t) => {
                for t in &t.types {
                    collect_kinds(resolve, t, kinds, depth + 1);
                }
            }
            TypeDefKind::Variant(v) => {
                for t in v.cases.iter().filter_map(|c| c.ty.as_ref()) {
                    collect_kinds(resolve, t, kinds, depth + 1);
                }
                kinds.insert("cases");
            }
            TypeDefKind::Enum(_) => {
                kinds.insert("cases");
            }
            TypeDefKind::Option(t) => {
                collect_kinds(resolve, t, kinds, depth + 1);
                kinds.insert("cases");
            }
            TypeDefKind::Result(r) => {
                for t in r.ok.iter().chain(r.err.iter()) {
                    collect_kinds(resolve, t, kinds, depth + 1);
                }
                kinds.insert("cases");
            }
            TypeDefKind::Flags(_) => {
                kinds.insert("flags");
            }
            TypeDefKind::List(t) => {
                collect_kinds(resolve, t, kinds, depth + 1);
                kinds.insert("list");
            }
            TypeDefKind::FixedLengthList(t, _) => collect_kinds(resolve, t, kinds, depth + 1),
            TypeDefKind::Map(k, v) => {
                collect_kinds(resolve, k, kinds, depth + 1);
                collect_kinds(resolve, v, kinds, depth + 1);
                kinds.insert("list");
            }
            TypeDefKind::Handle(_) | TypeDefKind::Future(_) | TypeDefKind::Stream(_) => {
                kinds.insert("handle");
            }
            TypeDefKind::Resource | TypeDefKind::Unknown => {}
        },
        _ => {}
    }
}
