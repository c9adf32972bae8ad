//! A simulator of Wasmtime's host-side lowering of argument values into a callee's core
//! parameters and linear memory.

use std::collections::BTreeMap;

use anyhow::{Context, bail, ensure};
use wasmtime::component::Val;
use wasmtime::component::wit_parser::{Function, Resolve, Type, TypeDefKind};

use super::flatten::flatten_variant;
use super::layout::{flag_words, record_offsets, wit_name};
use super::memory::{Block, CallLowering, FlatValue, MemoryBlock, ReallocCall};
use super::{CallOptions, CoreType, MAX_FLAT_PARAMS, StringEncoding, flatten};

/// The state of one simulated lowering: the callee's memory as far as the caller touched it.
pub(super) struct Lowerer<'a> {
    pub(super) resolve: &'a Resolve,
    pub(super) encoding: StringEncoding,
    /// The bump allocator's next free address.
    pub(super) top: u32,
    pub(super) reallocs: Vec<ReallocCall>,
    pub(super) blocks: Vec<Block>,
    pub(super) image: BTreeMap<u32, u8>,
}

impl<'a> Lowerer<'a> {
    /// A fresh simulation: nothing allocated, the allocator at `options.base`.
    pub(super) fn new(resolve: &'a Resolve, options: CallOptions) -> Lowerer<'a> {
        Lowerer {
            resolve,
            encoding: options.string_encoding,
            top: options.base,
            reallocs: Vec::new(),
            blocks: Vec::new(),
            image: BTreeMap::new(),
        }
    }

    /// Every block handed out so far, with its bytes and what they mean.
    pub(super) fn memory(&self) -> Vec<MemoryBlock> {
        self.blocks.iter().map(|b| self.block_report(b)).collect()
    }
}

pub(crate) fn lower_call(
    resolve: &Resolve,
    func: &Function,
    args: &[Val],
    options: CallOptions,
) -> anyhow::Result<CallLowering> {
    ensure!(
        args.len() == func.params.len(),
        "`{}` takes {} argument{}, got {}",
        func.name,
        func.params.len(),
        if func.params.len() == 1 { "" } else { "s" },
        args.len()
    );
    let mut cx = Lowerer::new(resolve, options);
    let flat_count: usize = func
        .params
        .iter()
        .map(|p| flatten(resolve, &p.ty).len())
        .sum();
    let params_in_memory = flat_count > MAX_FLAT_PARAMS;
    let mut flat = Vec::new();
    if params_in_memory {
        let (offsets, size, align) = record_offsets(resolve, func.params.iter().map(|p| &p.ty));
        let purpose = format!(
            "the {} arguments ({flat_count} flat values > MAX_FLAT_PARAMS = {MAX_FLAT_PARAMS}), \
             stored as a tuple",
            func.params.len()
        );
        let ptr = cx.realloc(0, 0, align, size.into(), purpose)?;
        for ((param, arg), offset) in func.params.iter().zip(args).zip(offsets) {
            cx.store(&param.ty, arg, ptr + offset, &param.name)?;
        }
        flat.push(FlatValue {
            ty: CoreType::I32,
            bits: ptr.into(),
            path: String::new(),
            note: format!("pointer to the {size}-byte argument tuple"),
        });
    } else {
        for (param, arg) in func.params.iter().zip(args) {
            cx.lower_flat(&param.ty, arg, &param.name, &mut flat)?;
        }
    }
    let memory = cx.memory();
    Ok(CallLowering {
        function: func.name.clone(),
        options,
        params_in_memory,
        flat,
        reallocs: cx.reallocs,
        memory,
        end: cx.top,
        image: cx.image,
    })
}

/// The case a variant-like value selects.
pub(super) struct Selected<'v, 't> {
    pub(super) index: u32,
    pub(super) name: String,
    pub(super) payload: Option<(&'t Type, &'v Val)>,
}

fn val_kind(val: &Val) -> &'static str {
    match val {
        Val::Bool(_) => "bool",
        Val::S8(_) => "s8",
        Val::U8(_) => "u8",
        Val::S16(_) => "s16",
        Val::U16(_) => "u16",
        Val::S32(_) => "s32",
        Val::U32(_) => "u32",
        Val::S64(_) => "s64",
        Val::U64(_) => "u64",
        Val::Float32(_) => "f32",
        Val::Float64(_) => "f64",
        Val::Char(_) => "char",
        Val::String(_) => "string",
        Val::List(_) => "list",
        Val::Map(_) => "map",
        Val::Record(_) => "record",
        Val::Tuple(_) => "tuple",
        Val::Variant(..) => "variant",
        Val::Enum(_) => "enum",
        Val::Option(_) => "option",
        Val::Result(_) => "result",
        Val::Flags(_) => "flags",
        Val::Resource(_) => "resource",
        Val::Future(_) => "future",
        Val::Stream(_) => "stream",
        Val::ErrorContext(_) => "error-context",
        Val::FixedLengthList(_) => "fixed-length list",
    }
}

impl<'a> Lowerer<'a> {
    pub(super) fn mismatch(&self, ty: &Type, val: &Val, path: &str) -> anyhow::Error {
        anyhow::anyhow!(
            "type mismatch at `{path}`: expected `{}`, got a {} value",
            wit_name(self.resolve, ty),
            val_kind(val)
        )
    }

    /// Handles, futures, streams and error contexts lower to table indices that only exist
    /// while the call runs, so their values cannot be predicted.
    pub(super) fn table_index(&self, ty: &Type, path: &str) -> anyhow::Error {
        anyhow::anyhow!(
            "`{path}` is a `{}`: it lowers to a table index only known when the call runs",
            wit_name(self.resolve, ty)
        )
    }

    /// `ty` with its aliases (`type b = u8`, a `use`d type) resolved: what the type is,
    /// whatever name it was spelled with. Every match on a type goes through this (or
    /// [`Lowerer::kind`]), so that `b` and `u8` are one type.
    pub(super) fn dealias(&self, ty: &Type) -> Type {
        let mut ty = *ty;
        while let Type::Id(id) = ty
            && let TypeDefKind::Type(inner) = &self.resolve.types[id].kind
        {
            ty = *inner;
        }
        ty
    }

    /// Resolves aliases so that matching sees the structure.
    pub(super) fn kind(&self, ty: &Type) -> Option<&'a TypeDefKind> {
        let mut ty = *ty;
        loop {
            match ty {
                Type::Id(id) => match &self.resolve.types[id].kind {
                    TypeDefKind::Type(t) => ty = *t,
                    kind => return Some(kind),
                },
                _ => return None,
            }
        }
    }

    pub(super) fn select<'v>(
        &self,
        ty: &Type,
        val: &'v Val,
        path: &str,
    ) -> anyhow::Result<Selected<'v, 'a>> {
        let kind = self.kind(ty);
        let payload = |t: Option<&'a Type>, v: &'v Option<Box<Val>>, case: &str| match (t, v) {
            (Some(t), Some(v)) => Ok(Some((t, &**v))),
            (None, None) => Ok(None),
            (Some(_), None) => bail!("case `{case}` at `{path}` needs a payload"),
            (None, Some(_)) => bail!("case `{case}` at `{path}` has no payload"),
        };
        Ok(match (kind, val) {
            (Some(TypeDefKind::Variant(v)), Val::Variant(name, p)) => {
                let index = v
                    .cases
                    .iter()
                    .position(|c| c.name == *name)
                    .with_context(|| format!("`{path}` has no case `{name}`"))?;
                Selected {
                    index: index as u32,
                    name: name.clone(),
                    payload: payload(v.cases[index].ty.as_ref(), p, name)?,
                }
            }
            (Some(TypeDefKind::Enum(e)), Val::Enum(name)) => Selected {
                index: e
                    .cases
                    .iter()
                    .position(|c| c.name == *name)
                    .with_context(|| format!("`{path}` has no case `{name}`"))?
                    as u32,
                name: name.clone(),
                payload: None,
            },
            (Some(TypeDefKind::Option(t)), Val::Option(p)) => Selected {
                index: p.is_some() as u32,
                name: if p.is_some() { "some" } else { "none" }.into(),
                payload: p.as_deref().map(|v| (t, v)),
            },
            (Some(TypeDefKind::Result(r)), Val::Result(res)) => match res {
                Ok(p) => Selected {
                    index: 0,
                    name: "ok".into(),
                    payload: payload(r.ok.as_ref(), p, "ok")?,
                },
                Err(p) => Selected {
                    index: 1,
                    name: "err".into(),
                    payload: payload(r.err.as_ref(), p, "err")?,
                },
            },
            _ => return Err(self.mismatch(ty, val, path)),
        })
    }

    /// Every case's payload type of a variant-like type, in case order.
    pub(super) fn payload_types(&self, ty: &Type) -> Vec<Option<&'a Type>> {
        match self.kind(ty) {
            Some(TypeDefKind::Variant(v)) => v.cases.iter().map(|c| c.ty.as_ref()).collect(),
            Some(TypeDefKind::Enum(e)) => vec![None; e.cases.len()],
            Some(TypeDefKind::Option(t)) => vec![None, Some(t)],
            Some(TypeDefKind::Result(r)) => vec![r.ok.as_ref(), r.err.as_ref()],
            _ => Vec::new(),
        }
    }

    pub(super) fn flags_bits(
        &self,
        ty: &Type,
        val: &Val,
        path: &str,
    ) -> anyhow::Result<(usize, Vec<u32>)> {
        let (Some(TypeDefKind::Flags(f)), Val::Flags(set)) = (self.kind(ty), val) else {
            return Err(self.mismatch(ty, val, path));
        };
        let mut words = vec![0u32; flag_words(f.flags.len()) as usize];
        for name in set {
            let i = f
                .flags
                .iter()
                .position(|flag| flag.name == *name)
                .with_context(|| format!("`{path}` has no flag `{name}`"))?;
            words[i / 32] |= 1 << (i % 32);
        }
        Ok((f.flags.len(), words))
    }

    pub(super) fn lower_flat(
        &mut self,
        ty: &Type,
        val: &Val,
        path: &str,
        out: &mut Vec<FlatValue>,
    ) -> anyhow::Result<()> {
        let mut push = |ty: CoreType, bits: u64, note: String| {
            out.push(FlatValue {
                ty,
                bits,
                path: path.to_string(),
                note,
            })
        };
        let signed = |v: i64, from: &str| {
            if v < 0 {
                format!("{from} {v} sign-extended to 32 bits")
            } else {
                format!("{from} {v}")
            }
        };
        match (&self.dealias(ty), val) {
            (Type::Bool, Val::Bool(b)) => push(
                CoreType::I32,
                *b as u64,
                format!("bool {b} is the i32 {}", *b as u8),
            ),
            (Type::U8, Val::U8(v)) => push(CoreType::I32, (*v).into(), format!("u8 {v}")),
            (Type::U16, Val::U16(v)) => push(CoreType::I32, (*v).into(), format!("u16 {v}")),
            (Type::U32, Val::U32(v)) => push(CoreType::I32, (*v).into(), format!("u32 {v}")),
            (Type::S8, Val::S8(v)) => push(
                CoreType::I32,
                (*v as i32 as u32).into(),
                signed((*v).into(), "s8"),
            ),
            (Type::S16, Val::S16(v)) => push(
                CoreType::I32,
                (*v as i32 as u32).into(),
                signed((*v).into(), "s16"),
            ),
            (Type::S32, Val::S32(v)) => push(CoreType::I32, (*v as u32).into(), format!("s32 {v}")),
            (Type::U64, Val::U64(v)) => push(CoreType::I64, *v, format!("u64 {v}")),
            (Type::S64, Val::S64(v)) => push(CoreType::I64, *v as u64, format!("s64 {v}")),
            (Type::F32, Val::Float32(v)) => push(
                CoreType::F32,
                v.to_bits().into(),
                float_note("f32", v.is_nan(), v.to_string()),
            ),
            (Type::F64, Val::Float64(v)) => push(
                CoreType::F64,
                v.to_bits(),
                float_note("f64", v.is_nan(), v.to_string()),
            ),
            (Type::Char, Val::Char(c)) => push(
                CoreType::I32,
                (*c as u32).into(),
                format!("char {c:?} is its code point U+{:04X}", *c as u32),
            ),
            (Type::String, Val::String(s)) => {
                let (ptr, len, len_note) = self.lower_string(s, path)?;
                out.extend(pointer_and_length(ptr, len, path, "string", len_note));
            }
            _ => match (self.kind(ty), val) {
                (Some(TypeDefKind::Record(r)), Val::Record(fields)) => {
                    self.check_record(r, fields, path)?;
                    for (field, (_, v)) in r.fields.iter().zip(fields) {
                        self.lower_flat(&field.ty, v, &join_path(path, &field.name), out)?;
                    }
                }
                (Some(TypeDefKind::Tuple(t)), Val::Tuple(items)) => {
                    ensure!(
                        t.types.len() == items.len(),
                        "`{path}` needs {} elements, got {}",
                        t.types.len(),
                        items.len()
                    );
                    for (i, (t, v)) in t.types.iter().zip(items).enumerate() {
                        self.lower_flat(t, v, &join_path(path, &i.to_string()), out)?;
                    }
                }
                (Some(TypeDefKind::Flags(_)), _) => {
                    let (n, words) = self.flags_bits(ty, val, path)?;
                    let words = if n <= 16 {
                        &words[..1.min(words.len())]
                    } else {
                        &words[..]
                    };
                    for (i, w) in words.iter().enumerate() {
                        push(
                            CoreType::I32,
                            (*w).into(),
                            format!(
                                "flags {}..{} as the bits of an i32 ({w:#x})",
                                32 * i,
                                32 * (i + 1) - 1
                            ),
                        );
                    }
                }
                (Some(TypeDefKind::List(elem)), Val::List(items)) => {
                    let (ptr, len) = self.lower_list(elem, items, path)?;
                    let note = format!("{len} element{}", if len == 1 { "" } else { "s" });
                    out.extend(pointer_and_length(ptr, len, path, "list", note));
                }
                (Some(TypeDefKind::Map(k, v)), Val::Map(pairs)) => {
                    let (ptr, len) = self.lower_map(k, v, pairs, path)?;
                    let note = format!("{len} entr{}", if len == 1 { "y" } else { "ies" });
                    out.extend(pointer_and_length(ptr, len, path, "map", note));
                }
                (Some(TypeDefKind::FixedLengthList(elem, n)), Val::FixedLengthList(items)) => {
                    ensure!(
                        items.len() == *n as usize,
                        "`{path}` needs {n} elements, got {}",
                        items.len()
                    );
                    for (i, v) in items.iter().enumerate() {
                        self.lower_flat(elem, v, &format!("{path}[{i}]"), out)?;
                    }
                }
                (
                    Some(
                        TypeDefKind::Variant(_)
                        | TypeDefKind::Enum(_)
                        | TypeDefKind::Option(_)
                        | TypeDefKind::Result(_),
                    ),
                    _,
                ) => self.lower_flat_variant(ty, val, path, out)?,
                (
                    Some(TypeDefKind::Handle(_) | TypeDefKind::Future(_) | TypeDefKind::Stream(_)),
                    _,
                )
                | (None, Val::ErrorContext(_)) => return Err(self.table_index(ty, path)),
                _ => return Err(self.mismatch(ty, val, path)),
            },
        }
        Ok(())
    }

    fn lower_flat_variant(
        &mut self,
        ty: &Type,
        val: &Val,
        path: &str,
        out: &mut Vec<FlatValue>,
    ) -> anyhow::Result<()> {
        let selected = self.select(ty, val, path)?;
        let payloads = self.payload_types(ty);
        let slots = flatten_variant(self.resolve, payloads.iter().copied());
        out.push(FlatValue {
            ty: CoreType::I32,
            bits: selected.index.into(),
            path: path.to_string(),
            note: format!("discriminant {}: case `{}`", selected.index, selected.name),
        });
        let mut payload = Vec::new();
        if let Some((t, v)) = selected.payload {
            let inner = join_path(path, &selected.name);
            self.lower_flat(t, v, &inner, &mut payload)?;
        }
        for (i, want) in slots[1..].iter().enumerate() {
            match payload.get(i) {
                Some(have) => {
                    let mut value = have.clone();
                    if have.ty != *want {
                        // The bits stay; only the core type they travel in changes.
                        value.note = format!(
                            "{}; the slot joins the cases' types into {}, so the {} travels as \
                             {} with the same bits{}",
                            value.note,
                            name(*want),
                            name(have.ty),
                            name(*want),
                            if *want == CoreType::I64 && have.ty != CoreType::F64 {
                                " (zero-extended)"
                            } else {
                                ""
                            }
                        );
                        value.ty = *want;
                    }
                    out.push(value);
                }
                None => out.push(FlatValue {
                    ty: *want,
                    bits: 0,
                    path: path.to_string(),
                    note: format!(
                        "slot unused by case `{}`, filled with 0 ({} because another case needs it)",
                        selected.name,
                        name(*want)
                    ),
                }),
            }
        }
        Ok(())
    }

    pub(super) fn check_record(
        &self,
        r: &wasmtime::component::wit_parser::Record,
        fields: &[(String, Val)],
        path: &str,
    ) -> anyhow::Result<()> {
        ensure!(
            r.fields.len() == fields.len(),
            "`{path}` needs {} fields, got {}",
            r.fields.len(),
            fields.len()
        );
        for (field, (name, _)) in r.fields.iter().zip(fields) {
            ensure!(
                field.name == *name,
                "`{path}` needs field `{}` where `{name}` is",
                field.name
            );
        }
        Ok(())
    }
}

fn pointer_and_length(
    ptr: u32,
    len: u32,
    path: &str,
    what: &str,
    len_note: String,
) -> [FlatValue; 2] {
    [
        FlatValue {
            ty: CoreType::I32,
            bits: ptr.into(),
            path: path.to_string(),
            note: format!("pointer to the {what}'s contents"),
        },
        FlatValue {
            ty: CoreType::I32,
            bits: len.into(),
            path: path.to_string(),
            note: format!("length: {len_note}"),
        },
    ]
}

pub(super) fn float_note(ty: &str, nan: bool, v: String) -> String {
    if nan {
        format!(
            "{ty} NaN: Wasmtime passes its payload bits through unchanged (the spec's \
             deterministic profile would canonicalise them)"
        )
    } else {
        format!("{ty} {v}")
    }
}

fn name(ty: CoreType) -> String {
    ty.to_string()
}

pub(super) fn join_path(path: &str, part: &str) -> String {
    format!("{path}.{part}")
}
