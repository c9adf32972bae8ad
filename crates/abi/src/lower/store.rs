//! Storing values into linear memory: the layout of every type, byte by byte.

use anyhow::ensure;
use wit_parser::{Type, TypeDefKind};

use super::{Lowerer, float_note, join_path};
use crate::Value;
use crate::layout::{discriminant_size, record_offsets, size_align, variant_parts, wit_name};

impl Lowerer<'_> {
    pub(super) fn lower_list(
        &mut self,
        elem: &Type,
        items: &[Value],
        path: &str,
    ) -> anyhow::Result<(u32, u32)> {
        let (size, align) = size_align(self.resolve, elem);
        let count = items.len() as u64;
        let ptr = self.realloc(
            0,
            0,
            align,
            count.saturating_mul(size.into()),
            format!(
                "list `{path}`: {count} × {size}-byte `{}`",
                wit_name(self.resolve, elem)
            ),
        )?;
        let len = u32::try_from(count)
            .map_err(|_| anyhow::anyhow!("list `{path}` has more than 2^32 elements"))?;
        for (i, item) in items.iter().enumerate() {
            self.store(elem, item, ptr + i as u32 * size, &format!("{path}[{i}]"))?;
        }
        Ok((ptr, len))
    }

    pub(super) fn lower_map(
        &mut self,
        k: &Type,
        v: &Type,
        pairs: &[(Value, Value)],
        path: &str,
    ) -> anyhow::Result<(u32, u32)> {
        let (offsets, size, align) = record_offsets(self.resolve, [k, v]);
        let count = pairs.len() as u64;
        let ptr = self.realloc(
            0,
            0,
            align,
            count.saturating_mul(size.into()),
            format!("map `{path}`: {count} × {size}-byte entries"),
        )?;
        let len = u32::try_from(count)
            .map_err(|_| anyhow::anyhow!("map `{path}` has more than 2^32 entries"))?;
        for (i, (key, value)) in pairs.iter().enumerate() {
            let at = ptr + i as u32 * size;
            self.store(k, key, at + offsets[0], &format!("{path}[{i}].key"))?;
            self.store(v, value, at + offsets[1], &format!("{path}[{i}].value"))?;
        }
        Ok((ptr, len))
    }

    pub(crate) fn store(
        &mut self,
        ty: &Type,
        val: &Value,
        addr: u32,
        path: &str,
    ) -> anyhow::Result<()> {
        match (&self.dealias(ty), val) {
            (Type::Bool, Value::Bool(b)) => {
                self.write(addr, &[*b as u8], path, format!("bool {b}"))
            }
            (Type::U8, Value::U8(v)) => self.write(addr, &v.to_le_bytes(), path, format!("u8 {v}")),
            (Type::S8, Value::S8(v)) => self.write(addr, &v.to_le_bytes(), path, format!("s8 {v}")),
            (Type::U16, Value::U16(v)) => {
                self.write(addr, &v.to_le_bytes(), path, format!("u16 {v}"))
            }
            (Type::S16, Value::S16(v)) => {
                self.write(addr, &v.to_le_bytes(), path, format!("s16 {v}"))
            }
            (Type::U32, Value::U32(v)) => {
                self.write(addr, &v.to_le_bytes(), path, format!("u32 {v}"))
            }
            (Type::S32, Value::S32(v)) => {
                self.write(addr, &v.to_le_bytes(), path, format!("s32 {v}"))
            }
            (Type::U64, Value::U64(v)) => {
                self.write(addr, &v.to_le_bytes(), path, format!("u64 {v}"))
            }
            (Type::S64, Value::S64(v)) => {
                self.write(addr, &v.to_le_bytes(), path, format!("s64 {v}"))
            }
            (Type::F32, Value::F32(v)) => self.write(
                addr,
                &v.to_bits().to_le_bytes(),
                path,
                float_note("f32", v.is_nan(), v.to_string()),
            ),
            (Type::F64, Value::F64(v)) => self.write(
                addr,
                &v.to_bits().to_le_bytes(),
                path,
                float_note("f64", v.is_nan(), v.to_string()),
            ),
            (Type::Char, Value::Char(c)) => self.write(
                addr,
                &(*c as u32).to_le_bytes(),
                path,
                format!("char {c:?}, code point U+{:04X}", *c as u32),
            ),
            (Type::String, Value::String(s)) => {
                let (ptr, len, note) = self.lower_string(s, path)?;
                self.write_pointer_and_length(addr, ptr, len, path, note);
            }
            _ => match (self.kind(ty), val) {
                (Some(TypeDefKind::Record(r)), Value::Record(fields)) => {
                    self.check_record(r, fields, path)?;
                    let (offsets, _, _) =
                        record_offsets(self.resolve, r.fields.iter().map(|f| &f.ty));
                    for ((field, (_, v)), offset) in r.fields.iter().zip(fields).zip(offsets) {
                        self.store(&field.ty, v, addr + offset, &join_path(path, &field.name))?;
                    }
                }
                (Some(TypeDefKind::Tuple(t)), Value::Tuple(items)) => {
                    ensure!(
                        t.types.len() == items.len(),
                        "`{path}` needs {} elements, got {}",
                        t.types.len(),
                        items.len()
                    );
                    let (offsets, _, _) = record_offsets(self.resolve, t.types.iter());
                    for (i, ((t, v), offset)) in t.types.iter().zip(items).zip(offsets).enumerate()
                    {
                        self.store(t, v, addr + offset, &join_path(path, &i.to_string()))?;
                    }
                }
                (Some(TypeDefKind::Flags(_)), Value::Flags(set)) => {
                    let (n, words) = self.flags_bits(ty, val, path)?;
                    let set = set.join(", ");
                    let bytes: Vec<u8> = match n {
                        0 => Vec::new(),
                        1..=8 => vec![words[0] as u8],
                        9..=16 => (words[0] as u16).to_le_bytes().to_vec(),
                        _ => words.iter().flat_map(|w| w.to_le_bytes()).collect(),
                    };
                    self.write(
                        addr,
                        &bytes,
                        path,
                        format!("flags {{{set}}}, one bit each in declaration order"),
                    );
                }
                (Some(TypeDefKind::List(elem)), Value::List(items)) => {
                    let (ptr, len) = self.lower_list(elem, items, path)?;
                    self.write_pointer_and_length(addr, ptr, len, path, format!("{len} elements"));
                }
                (Some(TypeDefKind::Map(k, v)), Value::Map(pairs)) => {
                    let (ptr, len) = self.lower_map(k, v, pairs, path)?;
                    self.write_pointer_and_length(addr, ptr, len, path, format!("{len} entries"));
                }
                (Some(TypeDefKind::FixedLengthList(elem, n)), Value::FixedList(items)) => {
                    ensure!(
                        items.len() == *n as usize,
                        "`{path}` needs {n} elements, got {}",
                        items.len()
                    );
                    let (size, _) = size_align(self.resolve, elem);
                    for (i, v) in items.iter().enumerate() {
                        self.store(elem, v, addr + i as u32 * size, &format!("{path}[{i}]"))?;
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
                ) => {
                    let selected = self.select(ty, val, path)?;
                    let payloads = self.payload_types(ty);
                    let disc = discriminant_size(payloads.len());
                    let (payload_offset, _, _) =
                        variant_parts(self.resolve, payloads.len(), payloads.iter().copied());
                    self.write(
                        addr,
                        &selected.index.to_le_bytes()[..disc as usize],
                        path,
                        format!("discriminant {}: case `{}`", selected.index, selected.name),
                    );
                    if let Some((t, v)) = selected.payload {
                        let inner = join_path(path, &selected.name);
                        self.store(t, v, addr + payload_offset, &inner)?;
                    }
                }
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
}
