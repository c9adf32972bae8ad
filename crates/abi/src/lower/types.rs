//! What the simulator asks of a type and a value together: aliases resolved, the case a
//! value selects, the bits of a set of flags, and the errors when they do not fit.

use anyhow::{Context, bail, ensure};
use wit_parser::{Record, Type, TypeDefKind};

use super::Lowerer;
use crate::Value;
use crate::layout::{dealias, flag_words, kind, wit_name};

/// The case a variant-like value selects.
pub(super) struct Selected<'v, 't> {
    pub(super) index: u32,
    pub(super) name: String,
    pub(super) payload: Option<(&'t Type, &'v Value)>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn mismatch(&self, ty: &Type, val: &Value, path: &str) -> anyhow::Error {
        anyhow::anyhow!(
            "type mismatch at `{path}`: expected `{}`, got a {} value",
            wit_name(self.resolve, ty),
            val.kind()
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

    /// `ty` with its aliases resolved (see [`dealias`]).
    pub(super) fn dealias(&self, ty: &Type) -> Type {
        dealias(self.resolve, ty)
    }

    /// The definition `ty` names once its aliases are resolved (see [`kind`]).
    pub(super) fn kind(&self, ty: &Type) -> Option<&'a TypeDefKind> {
        kind(self.resolve, ty)
    }

    pub(super) fn select<'v>(
        &self,
        ty: &Type,
        val: &'v Value,
        path: &str,
    ) -> anyhow::Result<Selected<'v, 'a>> {
        let kind = self.kind(ty);
        let payload = |t: Option<&'a Type>, v: &'v Option<Box<Value>>, case: &str| match (t, v) {
            (Some(t), Some(v)) => Ok(Some((t, &**v))),
            (None, None) => Ok(None),
            (Some(_), None) => bail!("case `{case}` at `{path}` needs a payload"),
            (None, Some(_)) => bail!("case `{case}` at `{path}` has no payload"),
        };
        Ok(match (kind, val) {
            (Some(TypeDefKind::Variant(v)), Value::Variant(name, p)) => {
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
            (Some(TypeDefKind::Enum(e)), Value::Enum(name)) => Selected {
                index: e
                    .cases
                    .iter()
                    .position(|c| c.name == *name)
                    .with_context(|| format!("`{path}` has no case `{name}`"))?
                    as u32,
                name: name.clone(),
                payload: None,
            },
            (Some(TypeDefKind::Option(t)), Value::Option(p)) => Selected {
                index: p.is_some() as u32,
                name: if p.is_some() { "some" } else { "none" }.into(),
                payload: p.as_deref().map(|v| (t, v)),
            },
            (Some(TypeDefKind::Result(r)), Value::Result(res)) => match res {
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
        val: &Value,
        path: &str,
    ) -> anyhow::Result<(usize, Vec<u32>)> {
        let (Some(TypeDefKind::Flags(f)), Value::Flags(set)) = (self.kind(ty), val) else {
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

    pub(super) fn check_record(
        &self,
        r: &Record,
        fields: &[(String, Value)],
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
