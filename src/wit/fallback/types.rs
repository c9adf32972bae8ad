//! Value and resource types: each converted once, named after the import or export that
//! names it, or given a made-up name where WIT needs one and the component has none.

use anyhow::{Result, bail};
use wasmparser::PrimitiveValType;
use wasmparser::component_types::{
    ComponentAnyTypeId, ComponentDefinedType, ComponentEntityType, ComponentItem, ComponentValType,
    ResourceId,
};
use wasmtime::component::wit_parser::{
    Case, Docs, Enum, EnumCase, Field, Flag, Flags, Handle, Record, Result_, Tuple, Type,
    TypeDefKind, TypeId, TypeOwner, Variant, WorldItem, WorldKey,
};

use super::{Builder, MAX_DEPTH, typedef};

impl Builder<'_> {
    /// A type imported or exported under `name`: the name the component gives it.
    pub(super) fn named_type(&mut self, name: &str, item: &ComponentItem) -> Result<TypeId> {
        let ComponentEntityType::Type {
            referenced,
            created,
        } = item.ty
        else {
            unreachable!("called for types only")
        };
        let kind = match self.known(referenced) {
            // A type seen before under another name: WIT's `use`, an alias.
            Some(prev) => TypeDefKind::Type(Type::Id(prev)),
            None => match referenced {
                ComponentAnyTypeId::Defined(id) => self.defined_kind(&self.types[id], 0)?,
                ComponentAnyTypeId::Resource(_) => TypeDefKind::Resource,
                _ => bail!("the type `{name}` is not a value or resource type"),
            },
        };
        let id = self
            .resolve
            .types
            .alloc(typedef(Some(name.into()), kind, self.owner));
        for any in [referenced, created] {
            match any {
                ComponentAnyTypeId::Defined(d) => {
                    self.defined.entry(d).or_insert(id);
                }
                ComponentAnyTypeId::Resource(r) => {
                    self.resources.entry(r.resource()).or_insert(id);
                }
                _ => {}
            }
        }
        Ok(id)
    }

    /// The WIT type a component type was already converted to, through any aliases.
    pub(super) fn known(&self, any: ComponentAnyTypeId) -> Option<TypeId> {
        let mut current = Some(any);
        while let Some(any) = current {
            let found = match any {
                ComponentAnyTypeId::Defined(d) => self.defined.get(&d),
                ComponentAnyTypeId::Resource(r) => self.resources.get(&r.resource()),
                _ => None,
            };
            if let Some(id) = found {
                return Some(*id);
            }
            current = self.types.peel_alias(any);
        }
        None
    }

    pub(super) fn value_type(&mut self, ty: &ComponentValType, depth: usize) -> Result<Type> {
        let id = match ty {
            ComponentValType::Primitive(p) => return Ok(primitive(*p)),
            ComponentValType::Type(id) => *id,
        };
        if let Some(known) = self.known(ComponentAnyTypeId::Defined(id)) {
            return Ok(Type::Id(known));
        }
        let kind = self.defined_kind(&self.types[id], depth)?;
        let name = match &kind {
            TypeDefKind::Record(_)
            | TypeDefKind::Variant(_)
            | TypeDefKind::Enum(_)
            | TypeDefKind::Flags(_) => {
                // WIT names every such type; this one was never imported or exported.
                self.invented += 1;
                let name = format!("{}-{}", kind.as_str(), self.invented);
                self.gaps.push(format!(
                    "`{name}` is a made-up name: the component does not name this {}",
                    kind.as_str()
                ));
                Some(name)
            }
            _ => None,
        };
        let owner = if name.is_some() {
            self.owner
        } else {
            TypeOwner::None
        };
        let new = self.resolve.types.alloc(typedef(name.clone(), kind, owner));
        if let Some(name) = name {
            self.register_invented(&name, new);
        }
        self.defined.insert(id, new);
        Ok(Type::Id(new))
    }

    /// Puts a made-up type where the printer finds it: among the types of its interface or
    /// world.
    fn register_invented(&mut self, name: &str, id: TypeId) {
        match self.owner {
            TypeOwner::Interface(i) => {
                self.resolve.interfaces[i].types.insert(name.into(), id);
            }
            TypeOwner::World(w) => {
                let item = WorldItem::Type {
                    id,
                    span: Default::default(),
                };
                self.resolve.worlds[w]
                    .imports
                    .insert(WorldKey::Name(name.into()), item);
            }
            TypeOwner::None => {}
        }
    }

    fn defined_kind(&mut self, ty: &ComponentDefinedType, depth: usize) -> Result<TypeDefKind> {
        if depth > MAX_DEPTH {
            bail!("the component's types nest more than {MAX_DEPTH} levels deep");
        }
        let depth = depth + 1;
        let value = |b: &mut Self, t: &ComponentValType| b.value_type(t, depth);
        Ok(match ty {
            ComponentDefinedType::Primitive(p) => TypeDefKind::Type(primitive(*p)),
            ComponentDefinedType::Record(r) => TypeDefKind::Record(Record {
                fields: r
                    .fields
                    .iter()
                    .map(|(name, t)| {
                        Ok(Field {
                            name: name.to_string(),
                            ty: value(self, t)?,
                            docs: Docs::default(),
                            span: Default::default(),
                        })
                    })
                    .collect::<Result<_>>()?,
            }),
            ComponentDefinedType::Variant(v) => TypeDefKind::Variant(Variant {
                cases: v
                    .cases
                    .iter()
                    .map(|(name, case)| {
                        Ok(Case {
                            name: name.to_string(),
                            ty: case.ty.as_ref().map(|t| value(self, t)).transpose()?,
                            docs: Docs::default(),
                            span: Default::default(),
                        })
                    })
                    .collect::<Result<_>>()?,
            }),
            ComponentDefinedType::List { element, .. } => TypeDefKind::List(value(self, element)?),
            ComponentDefinedType::Map { key, value: v, .. } => {
                TypeDefKind::Map(value(self, key)?, value(self, v)?)
            }
            ComponentDefinedType::FixedLengthList {
                element, length, ..
            } => TypeDefKind::FixedLengthList(value(self, element)?, *length),
            ComponentDefinedType::Tuple(t) => TypeDefKind::Tuple(Tuple {
                types: t
                    .types
                    .iter()
                    .map(|t| value(self, t))
                    .collect::<Result<_>>()?,
            }),
            ComponentDefinedType::Flags(names) => TypeDefKind::Flags(Flags {
                flags: names
                    .iter()
                    .map(|name| Flag {
                        name: name.to_string(),
                        docs: Docs::default(),
                        span: Default::default(),
                    })
                    .collect(),
            }),
            ComponentDefinedType::Enum(names) => TypeDefKind::Enum(Enum {
                cases: names
                    .iter()
                    .map(|name| EnumCase {
                        name: name.to_string(),
                        docs: Docs::default(),
                        span: Default::default(),
                    })
                    .collect(),
            }),
            ComponentDefinedType::Option { ty, .. } => TypeDefKind::Option(value(self, ty)?),
            ComponentDefinedType::Result { ok, err, .. } => TypeDefKind::Result(Result_ {
                ok: ok.as_ref().map(|t| value(self, t)).transpose()?,
                err: err.as_ref().map(|t| value(self, t)).transpose()?,
            }),
            ComponentDefinedType::Own(r) => {
                TypeDefKind::Handle(Handle::Own(self.resource(r.resource())))
            }
            ComponentDefinedType::Borrow(r) => {
                TypeDefKind::Handle(Handle::Borrow(self.resource(r.resource())))
            }
            ComponentDefinedType::Future { ty, .. } => {
                TypeDefKind::Future(ty.as_ref().map(|t| value(self, t)).transpose()?)
            }
            ComponentDefinedType::Stream { ty, .. } => {
                TypeDefKind::Stream(ty.as_ref().map(|t| value(self, t)).transpose()?)
            }
        })
    }

    /// The resource type a handle points to; one no import or export names gets a made-up
    /// name.
    pub(super) fn resource(&mut self, id: ResourceId) -> TypeId {
        if let Some(known) = self.resources.get(&id) {
            return *known;
        }
        self.invented += 1;
        let name = format!("resource-{}", self.invented);
        self.gaps.push(format!(
            "`{name}` is a made-up name: the component does not name this resource"
        ));
        let new = self.resolve.types.alloc(typedef(
            Some(name.clone()),
            TypeDefKind::Resource,
            self.owner,
        ));
        self.register_invented(&name, new);
        self.resources.insert(id, new);
        new
    }
}

fn primitive(ty: PrimitiveValType) -> Type {
    match ty {
        PrimitiveValType::Bool => Type::Bool,
        PrimitiveValType::S8 => Type::S8,
        PrimitiveValType::U8 => Type::U8,
        PrimitiveValType::S16 => Type::S16,
        PrimitiveValType::U16 => Type::U16,
        PrimitiveValType::S32 => Type::S32,
        PrimitiveValType::U32 => Type::U32,
        PrimitiveValType::S64 => Type::S64,
        PrimitiveValType::U64 => Type::U64,
        PrimitiveValType::F32 => Type::F32,
        PrimitiveValType::F64 => Type::F64,
        PrimitiveValType::Char => Type::Char,
        PrimitiveValType::String => Type::String,
        PrimitiveValType::ErrorContext => Type::ErrorContext,
    }
}
