//! Lowering into flat core values: what the caller passes as core parameters when the
//! arguments fit in `MAX_FLAT_PARAMS`, and what a flat result is.

use anyhow::ensure;
use wit_parser::{Type, TypeDefKind};

use super::model::FlatValue;
use super::{Lowerer, float_note, join_path};
use crate::flatten::flatten_variant;
use crate::{CoreType, Value};

impl Lowerer<'_> {
    pub(crate) fn lower_flat(
        &mut self,
        ty: &Type,
        val: &Value,
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
            (Type::Bool, Value::Bool(b)) => push(
                CoreType::I32,
                *b as u64,
                format!("bool {b} is the i32 {}", *b as u8),
            ),
            (Type::U8, Value::U8(v)) => push(CoreType::I32, (*v).into(), format!("u8 {v}")),
            (Type::U16, Value::U16(v)) => push(CoreType::I32, (*v).into(), format!("u16 {v}")),
            (Type::U32, Value::U32(v)) => push(CoreType::I32, (*v).into(), format!("u32 {v}")),
            (Type::S8, Value::S8(v)) => push(
                CoreType::I32,
                (*v as i32 as u32).into(),
                signed((*v).into(), "s8"),
            ),
            (Type::S16, Value::S16(v)) => push(
                CoreType::I32,
                (*v as i32 as u32).into(),
                signed((*v).into(), "s16"),
            ),
            (Type::S32, Value::S32(v)) => {
                push(CoreType::I32, (*v as u32).into(), format!("s32 {v}"))
            }
            (Type::U64, Value::U64(v)) => push(CoreType::I64, *v, format!("u64 {v}")),
            (Type::S64, Value::S64(v)) => push(CoreType::I64, *v as u64, format!("s64 {v}")),
            (Type::F32, Value::F32(v)) => push(
                CoreType::F32,
                v.to_bits().into(),
                float_note("f32", v.is_nan(), v.to_string()),
            ),
            (Type::F64, Value::F64(v)) => push(
                CoreType::F64,
                v.to_bits(),
                float_note("f64", v.is_nan(), v.to_string()),
            ),
            (Type::Char, Value::Char(c)) => push(
                CoreType::I32,
                (*c as u32).into(),
                format!("char {c:?} is its code point U+{:04X}", *c as u32),
            ),
            (Type::String, Value::String(s)) => {
                let (ptr, len, len_note) = self.lower_string(s, path)?;
                out.extend(pointer_and_length(ptr, len, path, "string", len_note));
            }
            _ => match (self.kind(ty), val) {
                (Some(TypeDefKind::Record(r)), Value::Record(fields)) => {
                    self.check_record(r, fields, path)?;
                    for (field, (_, v)) in r.fields.iter().zip(fields) {
                        self.lower_flat(&field.ty, v, &join_path(path, &field.name), out)?;
                    }
                }
                (Some(TypeDefKind::Tuple(t)), Value::Tuple(items)) => {
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
                (Some(TypeDefKind::List(elem)), Value::List(items)) => {
                    let (ptr, len) = self.lower_list(elem, items, path)?;
                    let note = format!("{len} element{}", if len == 1 { "" } else { "s" });
                    out.extend(pointer_and_length(ptr, len, path, "list", note));
                }
                (Some(TypeDefKind::Map(k, v)), Value::Map(pairs)) => {
                    let (ptr, len) = self.lower_map(k, v, pairs, path)?;
                    let note = format!("{len} entr{}", if len == 1 { "y" } else { "ies" });
                    out.extend(pointer_and_length(ptr, len, path, "map", note));
                }
                (Some(TypeDefKind::FixedLengthList(elem, n)), Value::FixedList(items)) => {
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
                | (None, Value::Handle) => return Err(self.table_index(ty, path)),
                _ => return Err(self.mismatch(ty, val, path)),
            },
        }
        Ok(())
    }

    fn lower_flat_variant(
        &mut self,
        ty: &Type,
        val: &Value,
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

fn name(ty: CoreType) -> String {
    ty.to_string()
}
