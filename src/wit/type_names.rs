//! The WIT names of the Wasmtime types in a component's exported signatures.
//!
//! Wasmtime's `Type` is structural; the names a component author wrote (`shape`, `circle`)
//! live only in the WIT the component carries. Errors name types by them.

use wasmtime::component::Type;
use wasmtime::component::wit_parser::{Resolve, Type as WitType, TypeDefKind};

use super::Wit;
use crate::exports::ExportIndex;

/// WIT names for Wasmtime types.
#[derive(Default)]
pub(crate) struct TypeNames {
    names: Vec<(Type, String)>,
}

impl TypeNames {
    /// Pairs every Wasmtime type in exported signatures with the WIT name it was declared
    /// under, if any.
    pub(crate) fn of(wit: &Wit, exports: &ExportIndex) -> TypeNames {
        let mut names = TypeNames::default();
        for func in exports.funcs() {
            let Some(decl) = wit.function(func) else {
                continue;
            };
            for ((_, ty), param) in func.params().iter().zip(&decl.params) {
                names.walk(&wit.resolve, &param.ty, ty);
            }
            if let (Some(ty), Some(result)) = (func.results().first(), &decl.result) {
                names.walk(&wit.resolve, result, ty);
            }
        }
        names
    }

    /// The WIT name of a type, if it was declared with one.
    pub(crate) fn name(&self, ty: &Type) -> Option<&str> {
        self.names
            .iter()
            .find(|(t, _)| t == ty)
            .map(|(_, n)| n.as_str())
    }

    fn walk(&mut self, resolve: &Resolve, wit: &WitType, ty: &Type) {
        let WitType::Id(id) = wit else {
            return;
        };
        let def = &resolve.types[*id];
        // Wasmtime's types are structural: every `u8` is one `Type`, and so is every
        // `list<u8>`. The name of an alias (`type byte = u8`, `type bytes = list<u8>`) would
        // name every such type in every signature, so only the kinds WIT names nominally
        // (records, variants, enums, flags) keep their names; aliases are seen through.
        let nominal = matches!(
            def.kind,
            TypeDefKind::Record(_)
                | TypeDefKind::Variant(_)
                | TypeDefKind::Enum(_)
                | TypeDefKind::Flags(_)
        );
        if let Some(name) = &def.name
            && nominal
            && self.name(ty).is_none()
        {
            self.names.push((ty.clone(), name.clone()));
        }
        match (&def.kind, ty) {
            (TypeDefKind::Type(inner), _) => self.walk(resolve, inner, ty),
            (TypeDefKind::Record(r), Type::Record(t)) => {
                for (field, ft) in r.fields.iter().zip(t.fields()) {
                    self.walk(resolve, &field.ty, &ft.ty);
                }
            }
            (TypeDefKind::Variant(v), Type::Variant(t)) => {
                for (case, ct) in v.cases.iter().zip(t.cases()) {
                    if let (Some(w), Some(t)) = (&case.ty, &ct.ty) {
                        self.walk(resolve, w, t);
                    }
                }
            }
            (TypeDefKind::Tuple(w), Type::Tuple(t)) => {
                for (w, t) in w.types.iter().zip(t.types()) {
                    self.walk(resolve, w, &t);
                }
            }
            (TypeDefKind::Option(w), Type::Option(t)) => self.walk(resolve, w, &t.ty()),
            (TypeDefKind::List(w), Type::List(t)) => self.walk(resolve, w, &t.ty()),
            (TypeDefKind::Result(r), Type::Result(t)) => {
                if let (Some(w), Some(t)) = (&r.ok, t.ok()) {
                    self.walk(resolve, w, &t);
                }
                if let (Some(w), Some(t)) = (&r.err, t.err()) {
                    self.walk(resolve, w, &t);
                }
            }
            _ => {}
        }
    }
}
