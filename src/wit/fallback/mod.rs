//! WIT rebuilt from a component's own types, for components wit-parser cannot decode.
//!
//! wit-parser 0.254 rejects some valid components, the kind people write by hand to learn
//! the canonical ABI: a type exported at the root (`(export "t0" (type $rec))`) used by a
//! root function, instances inside instances, and a few shapes it panics on. Wasmtime runs
//! them all. Here the types come from the validator both use (wasmparser, types only: no
//! function body is validated, no code compiled), and each named type takes the name it is
//! imported or exported under. What WIT cannot say is left out, and a type with no name of
//! its own gets a made-up one (`record-1`): the caller says the names are partial.

use std::collections::HashMap;

use anyhow::{Result, bail};
use wasmparser::component_types::{
    ComponentDefinedTypeId, ComponentEntityType, ComponentInstanceTypeId, ComponentItem, ResourceId,
};
use wasmparser::names::{ComponentName, ComponentNameKind};
use wasmparser::types::Types;
use wasmparser::{Parser, Payload, ValidPayload, Validator, WasmFeatures};
use wasmtime::component::wit_parser::{
    Docs, Function, FunctionKind, Interface, InterfaceId, Package, PackageId, PackageName, Param,
    Resolve, Stability, Type, TypeDef, TypeDefKind, TypeId, TypeOwner, World, WorldId, WorldItem,
    WorldKey,
};

use super::WitExport;

mod types;

/// Types and instances nested deeper than this are refused rather than followed (the
/// printer and the ABI code recurse too). The validator already stops value types at 100.
const MAX_DEPTH: usize = 128;

/// WIT rebuilt from the types of `binary`.
pub(super) struct Rebuilt {
    pub resolve: Resolve,
    pub world: WorldId,
    /// What could not be said in WIT, one line each (made-up names, items left out).
    pub gaps: Vec<String>,
    /// Functions of instances inside exported instances, which the world cannot hold.
    pub nested: Vec<WitExport>,
}

/// Validates the component's types and rebuilds its world from them.
pub(super) fn rebuild(binary: &[u8]) -> Result<Rebuilt> {
    let (types, imports, exports) = validate(binary)?;
    let mut builder = Builder::new(&types);
    for name in &imports {
        if let Some(item) = types.component_item_for_import(name) {
            builder.item(name, item, Side::Import)?;
        }
    }
    for name in &exports {
        if let Some(item) = types.component_item_for_export(name) {
            builder.item(name, item, Side::Export)?;
        }
    }
    Ok(Rebuilt {
        world: builder.world,
        gaps: builder.gaps,
        nested: builder.nested,
        resolve: builder.resolve,
    })
}

/// The component's types and the names of its root imports and exports, in order.
fn validate(binary: &[u8]) -> Result<(Types, Vec<String>, Vec<String>)> {
    let mut validator = Validator::new_with_features(WasmFeatures::all());
    let (mut imports, mut exports) = (Vec::new(), Vec::new());
    let mut depth = 0usize;
    for payload in Parser::new(0).parse_all(binary) {
        let payload = payload?;
        match validator.payload(&payload)? {
            ValidPayload::Parser(_) => depth += 1,
            ValidPayload::End(types) if depth == 0 => return Ok((types, imports, exports)),
            ValidPayload::End(_) => depth -= 1,
            // Function bodies are the compiler's business, not the types'.
            ValidPayload::Ok | ValidPayload::Func(..) => {}
        }
        match payload {
            Payload::ComponentImportSection(section) if depth == 0 => {
                for import in section {
                    imports.push(import?.name.name.to_string());
                }
            }
            Payload::ComponentExportSection(section) if depth == 0 => {
                for export in section {
                    exports.push(export?.name.name.to_string());
                }
            }
            _ => {}
        }
    }
    bail!("the component ends before its last section")
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Import,
    Export,
}

struct Builder<'t> {
    types: &'t Types,
    resolve: Resolve,
    world: WorldId,
    root: PackageId,
    /// Value types already converted.
    defined: HashMap<ComponentDefinedTypeId, TypeId>,
    /// Resource types by identity, whatever alias they are reached through.
    resources: HashMap<ResourceId, TypeId>,
    /// Where made-up names go: the interface or world being converted.
    owner: TypeOwner,
    invented: usize,
    gaps: Vec<String>,
    nested: Vec<WitExport>,
}

fn typedef(name: Option<String>, kind: TypeDefKind, owner: TypeOwner) -> TypeDef {
    TypeDef {
        name,
        kind,
        owner,
        docs: Docs::default(),
        stability: Stability::default(),
        span: Default::default(),
        external_id: None,
    }
}

impl<'t> Builder<'t> {
    fn new(types: &'t Types) -> Builder<'t> {
        let mut resolve = Resolve::default();
        let name = PackageName {
            namespace: "root".into(),
            name: "component".into(),
            version: None,
        };
        let root = resolve.packages.alloc(Package {
            name: name.clone(),
            docs: Docs::default(),
            interfaces: Default::default(),
            worlds: Default::default(),
        });
        resolve.package_names.insert(name, root);
        let world = resolve.worlds.alloc(World {
            name: "root".into(),
            imports: Default::default(),
            exports: Default::default(),
            package: Some(root),
            docs: Docs::default(),
            stability: Stability::default(),
            includes: Vec::new(),
            span: Default::default(),
        });
        resolve.packages[root].worlds.insert("root".into(), world);
        Builder {
            types,
            resolve,
            world,
            root,
            defined: HashMap::new(),
            resources: HashMap::new(),
            owner: TypeOwner::World(world),
            invented: 0,
            gaps: Vec::new(),
            nested: Vec::new(),
        }
    }

    /// One root import or export.
    fn item(&mut self, name: &str, item: &ComponentItem, side: Side) -> Result<()> {
        self.owner = TypeOwner::World(self.world);
        let (key, world_item) = match item.ty {
            ComponentEntityType::Func(_) => {
                let kind = ComponentName::new(name, 0).ok();
                match kind.as_ref().map(ComponentName::kind) {
                    Some(ComponentNameKind::Label(_)) => {}
                    Some(
                        ComponentNameKind::Constructor(_)
                        | ComponentNameKind::Method(_)
                        | ComponentNameKind::Static(_),
                    ) => self.gaps.push(format!(
                        "`{name}` is shown as a function of the world: WIT writes a \
                         resource's functions only inside an interface"
                    )),
                    _ => self.gaps.push(format!(
                        "the function `{name}` has a name WIT cannot write for a function"
                    )),
                }
                let func = self.function(name, item)?;
                (WorldKey::Name(name.into()), WorldItem::Function(func))
            }
            ComponentEntityType::Type { .. } => {
                // WIT worlds hold their types among the imports, exported or not.
                let id = self.named_type(name, item)?;
                let world = &mut self.resolve.worlds[self.world];
                let item = WorldItem::Type {
                    id,
                    span: Default::default(),
                };
                world.imports.insert(WorldKey::Name(name.into()), item);
                return Ok(());
            }
            ComponentEntityType::Instance(_) => self.instance(name, item)?,
            _ => {
                let what = kind_of(&item.ty);
                self.gaps.push(format!(
                    "the {what} `{name}` is left out: WIT has no {what}s"
                ));
                return Ok(());
            }
        };
        let world = &mut self.resolve.worlds[self.world];
        match side {
            Side::Import => world.imports.insert(key, world_item),
            Side::Export => world.exports.insert(key, world_item),
        };
        Ok(())
    }

    /// An instance: an interface of its package (`ns:pkg/iface@1.0.0`) or, for a plain
    /// name, an interface of the world's own.
    fn instance(&mut self, name: &str, item: &ComponentItem) -> Result<(WorldKey, WorldItem)> {
        let ComponentEntityType::Instance(id) = item.ty else {
            unreachable!("called for instances only")
        };
        let qualified = ComponentName::new(name, 0)
            .ok()
            .and_then(|n| match n.kind() {
                ComponentNameKind::Interface(i) => {
                    let version = i.version(item.version_suffix.as_deref()).ok().flatten();
                    let package = PackageName {
                        namespace: i.namespace().to_string(),
                        name: i.package().to_string(),
                        version,
                    };
                    Some((package, i.interface().to_string()))
                }
                _ => None,
            });
        let package = match &qualified {
            Some((package, _)) => self.package(package),
            None => self.root,
        };
        let interface = self.interface(qualified.as_ref().map(|(_, i)| i.clone()), package);
        let key = match &qualified {
            Some((_, iface)) => {
                let interfaces = &mut self.resolve.packages[package].interfaces;
                interfaces.insert(iface.clone(), interface);
                WorldKey::Interface(interface)
            }
            None => WorldKey::Name(name.into()),
        };
        self.instance_exports(&[name.to_string()], id, interface, 0)?;
        let item = WorldItem::Interface {
            id: interface,
            stability: Stability::default(),
            external_id: None,
            docs: Docs::default(),
            span: Default::default(),
        };
        Ok((key, item))
    }

    fn interface(&mut self, name: Option<String>, package: PackageId) -> InterfaceId {
        self.resolve.interfaces.alloc(Interface {
            name,
            types: Default::default(),
            functions: Default::default(),
            docs: Docs::default(),
            stability: Stability::default(),
            package: Some(package),
            span: Default::default(),
            clone_of: None,
        })
    }

    /// The types and functions of the instance at `path` into `interface`. An instance
    /// inside it, which WIT cannot write, gets an interface of its own outside the world:
    /// its functions are still listed and explained, under their full path.
    fn instance_exports(
        &mut self,
        path: &[String],
        id: ComponentInstanceTypeId,
        interface: InterfaceId,
        depth: usize,
    ) -> Result<()> {
        if depth > MAX_DEPTH {
            bail!("the component's instances nest more than {MAX_DEPTH} levels deep");
        }
        self.owner = TypeOwner::Interface(interface);
        for (export, item) in &self.types[id].exports {
            match item.ty {
                ComponentEntityType::Type { .. } => {
                    let ty = self.named_type(export, item)?;
                    let types = &mut self.resolve.interfaces[interface].types;
                    types.insert(export.clone(), ty);
                }
                ComponentEntityType::Func(_) => {
                    let func = self.function(export, item)?;
                    if depth > 0 {
                        self.nested.push(WitExport {
                            instance_path: path.to_vec(),
                            func: func.clone(),
                        });
                    }
                    let functions = &mut self.resolve.interfaces[interface].functions;
                    functions.insert(export.clone(), func);
                }
                ComponentEntityType::Instance(inner) => {
                    let shown = path.join(".");
                    self.gaps.push(format!(
                        "the instance `{export}` inside `{shown}` is not in the WIT text (WIT has \
                         no instances inside interfaces); its functions are listed as \
                         `{shown}.{export}.…`"
                    ));
                    let detached = self.interface(Some(export.clone()), self.root);
                    let inner_path = [path, std::slice::from_ref(export)].concat();
                    self.instance_exports(&inner_path, inner, detached, depth + 1)?;
                    self.owner = TypeOwner::Interface(interface);
                }
                _ => {
                    let what = kind_of(&item.ty);
                    self.gaps.push(format!(
                        "the {what} `{export}` of `{}` is left out: WIT interfaces hold only \
                         types and functions",
                        path.join(".")
                    ));
                }
            }
        }
        Ok(())
    }

    fn package(&mut self, name: &PackageName) -> PackageId {
        if let Some(id) = self.resolve.package_names.get(name) {
            return *id;
        }
        let id = self.resolve.packages.alloc(Package {
            name: name.clone(),
            docs: Docs::default(),
            interfaces: Default::default(),
            worlds: Default::default(),
        });
        self.resolve.package_names.insert(name.clone(), id);
        id
    }

    fn function(&mut self, name: &str, item: &ComponentItem) -> Result<Function> {
        let ComponentEntityType::Func(id) = item.ty else {
            unreachable!("called for functions only")
        };
        let ty = &self.types[id];
        let params = ty
            .params
            .iter()
            .map(|(param, ty)| {
                Ok(Param {
                    name: param.to_string(),
                    ty: self.value_type(ty, 0)?,
                    span: Default::default(),
                })
            })
            .collect::<Result<_>>()?;
        let result = ty
            .result
            .as_ref()
            .map(|t| self.value_type(t, 0))
            .transpose()?;
        Ok(Function {
            name: name.into(),
            kind: self.function_kind(name, ty.async_),
            params,
            result,
            docs: Docs::default(),
            stability: Stability::default(),
            span: Default::default(),
            external_id: None,
        })
    }

    /// What the export name says the function is; a resource method whose resource is not
    /// beside it stays a plain function.
    fn function_kind(&mut self, name: &str, is_async: bool) -> FunctionKind {
        use crate::exports::FuncKind;
        let (resource, make): (&str, fn(TypeId, bool) -> FunctionKind) = match FuncKind::of(name) {
            FuncKind::Freestanding => {
                return match is_async {
                    true => FunctionKind::AsyncFreestanding,
                    false => FunctionKind::Freestanding,
                };
            }
            FuncKind::Constructor { resource } => (resource, |id, _| FunctionKind::Constructor(id)),
            FuncKind::Method { resource, .. } => (resource, |id, a| match a {
                true => FunctionKind::AsyncMethod(id),
                false => FunctionKind::Method(id),
            }),
            FuncKind::Static { resource, .. } => (resource, |id, a| match a {
                true => FunctionKind::AsyncStatic(id),
                false => FunctionKind::Static(id),
            }),
        };
        match self.resource_named(resource) {
            Some(id) => make(id, is_async),
            None => {
                self.gaps.push(format!(
                    "`{name}` is listed as a plain function: no resource `{resource}` is beside it"
                ));
                FunctionKind::Freestanding
            }
        }
    }

    /// The resource called `name` in the interface or world being converted.
    fn resource_named(&self, name: &str) -> Option<TypeId> {
        let id = match self.owner {
            TypeOwner::Interface(i) => self.resolve.interfaces[i].types.get(name).copied(),
            TypeOwner::World(w) => match self.resolve.worlds[w]
                .imports
                .get(&WorldKey::Name(name.into()))
            {
                Some(WorldItem::Type { id, .. }) => Some(*id),
                _ => None,
            },
            TypeOwner::None => None,
        }?;
        let mut id = id;
        loop {
            match &self.resolve.types[id].kind {
                TypeDefKind::Resource => return Some(id),
                TypeDefKind::Type(Type::Id(next)) => id = *next,
                _ => return None,
            }
        }
    }
}

/// What an item is, for saying that it was left out.
fn kind_of(ty: &ComponentEntityType) -> &'static str {
    match ty {
        ComponentEntityType::Module(_) => "core module",
        ComponentEntityType::Func(_) => "function",
        ComponentEntityType::Value(_) => "value",
        ComponentEntityType::Type { .. } => "type",
        ComponentEntityType::Instance(_) => "instance",
        ComponentEntityType::Component(_) => "component",
    }
}

#[cfg(test)]
mod tests {
    use super::super::Wit;
    use wasmtime::component::wit_parser::{FunctionKind, Type, TypeDefKind};

    fn decode(wat: &str) -> Wit {
        Wit::decode(&wat::parse_str(wat).unwrap()).unwrap()
    }

    #[test]
    fn a_root_type_keeps_its_export_name() {
        let wit = decode(
            r#"(component
                (core module $m (func (export "f") (param i32 i32) (result i32) local.get 0))
                (core instance $i (instantiate $m))
                (type $pair (record (field "a" u32) (field "b" u32)))
                (export $t0 "t0" (type $pair))
                (func (export "first") (param "p" $t0) (result u32)
                  (canon lift (core func $i "f"))))"#,
        );
        let partial = wit.partial.as_ref().expect("wit-parser cannot decode it");
        assert!(partial.reason.contains("`t0`"), "{}", partial.reason);
        assert!(partial.gaps.is_empty(), "{:?}", partial.gaps);
        let exports = wit.exports();
        let [first] = exports.as_slice() else {
            panic!("{exports:?}")
        };
        let Type::Id(id) = first.func.params[0].ty else {
            panic!("a record")
        };
        let def = &wit.resolve.types[id];
        assert_eq!(def.name.as_deref(), Some("t0"));
        assert!(matches!(&def.kind, TypeDefKind::Record(r) if r.fields.len() == 2));
    }

    #[test]
    fn resource_functions_know_their_resource() {
        let wit = decode(
            r#"(component
                (type $r (resource (rep i32)))
                (core func $new (canon resource.new $r))
                (core module $m
                  (import "" "new" (func $new (param i32) (result i32)))
                  (func (export "ctor") (param i32) (result i32) local.get 0 call $new))
                (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
                (export $c "counter" (type $r))
                (func (export "[constructor]counter") (param "n" u32) (result (own $c))
                  (canon lift (core func $i "ctor"))))"#,
        );
        let exports = wit.exports();
        assert!(matches!(exports[0].func.kind, FunctionKind::Constructor(_)));
    }

    /// A component whose exported function takes `depth` nested lists, each a type of its
    /// own.
    fn nested_lists(depth: usize) -> Vec<u8> {
        let mut wat = String::from(
            "(component (core module $m (func (export \"f\") (param i32 i32)))\
             (core instance $i (instantiate $m))\
             (core module $mem (memory (export \"memory\") 1)\
               (func (export \"realloc\") (param i32 i32 i32 i32) (result i32) i32.const 0))\
             (core instance $x (instantiate $mem))\
             (type $t0 (list u8))",
        );
        for n in 1..depth {
            wat.push_str(&format!("(type $t{n} (list $t{}))", n - 1));
        }
        wat.push_str(&format!(
            "(export $e \"deep\" (type $t{}))\
             (func (export \"f\") (param \"x\" $e)\
               (canon lift (core func $i \"f\") (memory $x \"memory\")\
                 (realloc (func $x \"realloc\")))))",
            depth - 1
        ));
        wat::parse_str(&wat).unwrap()
    }

    #[test]
    fn deep_types_are_rebuilt_and_too_deep_ones_refused() {
        // The validator allows 100 levels; the rebuilt WIT keeps them all.
        let rebuilt = super::rebuild(&nested_lists(90)).unwrap();
        assert!(rebuilt.resolve.types.len() >= 90);
        // Deeper is an error (the validator's), never a stack overflow.
        assert!(super::rebuild(&nested_lists(150)).is_err());
    }
}
