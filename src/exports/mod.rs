//! Step 2 of the pipeline: every function a component exports, and the names that reach it.
//!
//! Wasmtime's component type is walked once, before instantiation: root functions, functions
//! of exported instances at any depth, and resource constructors, methods and statics (which
//! are plain functions with the names `[constructor]r`, `[method]r.m` and `[static]r.s`).

mod bound;
mod call;
mod resolve;

pub(crate) use bound::{BoundNames, HandleState, unbound};
pub use call::{Bindings, Callee, ResourceName, resolve_call};
pub use resolve::{ExportNotFound, resolve_among};
pub(crate) use resolve::{aliases, invoke_name, shortest_name_among};

use wasmtime::Engine;
use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::{Component, ComponentExportIndex, ResourceType, Type};

/// One exported function.
#[derive(Clone)]
pub struct ExportedFunc {
    /// The names of the instances it is nested in, outermost first (empty at the root).
    pub instance_path: Vec<String>,
    /// Its own export name, e.g. `area` or `[method]counter.increment`.
    pub name: String,
    /// Where to find it in an instance.
    pub index: ComponentExportIndex,
    /// Its parameter and result types.
    pub ty: ComponentFunc,
}

impl ExportedFunc {
    /// The fully qualified name: the instance path and the function name joined by `.`.
    pub fn qualified_name(&self) -> String {
        resolve::qualified_name(self)
    }

    /// The fully qualified name as wavecall suggests it: the spelling `wasmtime run --invoke`
    /// accepts too, with the version after the function (`ns:pkg/iface.f@1.2.0`).
    pub fn invoke_name(&self) -> String {
        resolve::invoke_name(&self.instance_path, &self.name)
    }

    /// The kind of function, from its export name.
    pub fn kind(&self) -> FuncKind<'_> {
        FuncKind::of(&self.name)
    }

    /// The parameter names and types.
    pub fn params(&self) -> Vec<(String, Type)> {
        self.ty
            .params()
            .map(|(name, ty)| (name.to_string(), ty))
            .collect()
    }

    /// The result types (zero or one in today's component model).
    pub fn results(&self) -> Vec<Type> {
        self.ty.results().collect()
    }
}

/// Where a function sits among a component's exports, by name: all that resolving the name
/// a user typed needs (see [`resolve_among`]).
pub trait ExportPath {
    /// The names of the instances it is nested in, outermost first (empty at the root).
    fn instance_path(&self) -> &[String];
    /// Its own export name, e.g. `area` or `[method]counter.increment`.
    fn name(&self) -> &str;
}

impl ExportPath for ExportedFunc {
    fn instance_path(&self) -> &[String] {
        &self.instance_path
    }

    fn name(&self) -> &str {
        &self.name
    }
}

/// What a function is, as told by its export name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FuncKind<'a> {
    /// A plain function.
    Freestanding,
    /// `[constructor]r`.
    Constructor {
        /// The resource's name.
        resource: &'a str,
    },
    /// `[method]r.m`.
    Method {
        /// The resource's name.
        resource: &'a str,
        /// The method's name.
        method: &'a str,
    },
    /// `[static]r.s`.
    Static {
        /// The resource's name.
        resource: &'a str,
        /// The function's name.
        method: &'a str,
    },
}

impl<'a> FuncKind<'a> {
    /// The kind an export name spells: `[constructor]r`, `[method]r.m`, `[static]r.s`.
    pub fn of(name: &'a str) -> FuncKind<'a> {
        if let Some(resource) = name.strip_prefix("[constructor]") {
            FuncKind::Constructor { resource }
        } else if let Some((resource, method)) = name
            .strip_prefix("[method]")
            .and_then(|rest| rest.split_once('.'))
        {
            FuncKind::Method { resource, method }
        } else if let Some((resource, method)) = name
            .strip_prefix("[static]")
            .and_then(|rest| rest.split_once('.'))
        {
            FuncKind::Static { resource, method }
        } else {
            FuncKind::Freestanding
        }
    }
}

/// A resource type the component exports or imports.
#[derive(Clone)]
pub struct NamedResource {
    /// The names of the instances it is nested in, outermost first.
    pub instance_path: Vec<String>,
    /// Its WIT name.
    pub name: String,
    /// Where to find it in an instance, for exported resources.
    pub index: Option<ComponentExportIndex>,
    /// Its type in the uninstantiated component (each instance has its own).
    pub ty: ResourceType,
}

impl NamedResource {
    /// Where it is exported, by name.
    pub fn path(&self) -> ResourceName<'_> {
        ResourceName {
            instance_path: &self.instance_path,
            name: &self.name,
        }
    }
}

/// Every exported function of a component, and the names of its resource types.
pub struct ExportIndex {
    funcs: Vec<ExportedFunc>,
    resources: Vec<NamedResource>,
}

impl ExportIndex {
    /// Walks the component's type.
    pub fn new(engine: &Engine, component: &Component) -> ExportIndex {
        let mut index = ExportIndex {
            funcs: Vec::new(),
            resources: Vec::new(),
        };
        let ty = component.component_type();
        let mut path = Vec::new();
        for (name, import) in ty.imports(engine) {
            index.collect_import_resources(engine, &mut path, name, &import.ty);
        }
        for (name, export) in ty.exports(engine) {
            index.collect(engine, component, None, &mut path, name, &export.ty);
        }
        index
    }

    fn collect(
        &mut self,
        engine: &Engine,
        component: &Component,
        parent: Option<&ComponentExportIndex>,
        path: &mut Vec<String>,
        name: &str,
        item: &ComponentItem,
    ) {
        let Some((_, export_index)) = component.get_export(parent, name) else {
            return;
        };
        match item {
            ComponentItem::ComponentFunc(ty) => self.funcs.push(ExportedFunc {
                instance_path: path.clone(),
                name: name.to_string(),
                index: export_index,
                ty: ty.clone(),
            }),
            ComponentItem::ComponentInstance(instance) => {
                path.push(name.to_string());
                for (child, export) in instance.exports(engine) {
                    self.collect(
                        engine,
                        component,
                        Some(&export_index),
                        path,
                        child,
                        &export.ty,
                    );
                }
                path.pop();
            }
            ComponentItem::Resource(resource) => self.resources.push(NamedResource {
                instance_path: path.clone(),
                name: name.to_string(),
                index: Some(export_index),
                ty: *resource,
            }),
            _ => {}
        }
    }

    fn collect_import_resources(
        &mut self,
        engine: &Engine,
        path: &mut Vec<String>,
        name: &str,
        item: &ComponentItem,
    ) {
        match item {
            ComponentItem::Resource(resource) => self.resources.push(NamedResource {
                instance_path: path.clone(),
                name: name.to_string(),
                index: None,
                ty: *resource,
            }),
            ComponentItem::ComponentInstance(instance) => {
                path.push(name.to_string());
                for (child, export) in instance.exports(engine) {
                    self.collect_import_resources(engine, path, child, &export.ty);
                }
                path.pop();
            }
            _ => {}
        }
    }

    /// All exported functions, in export order.
    pub fn funcs(&self) -> &[ExportedFunc] {
        &self.funcs
    }

    /// The resource types the component exports or imports.
    pub fn resources(&self) -> &[NamedResource] {
        &self.resources
    }

    /// The exported resource of a type of the uninstantiated component (not an imported one:
    /// only an exported resource has methods to call).
    pub fn exported_resource(&self, ty: &ResourceType) -> Option<&NamedResource> {
        self.resources
            .iter()
            .find(|r| r.ty == *ty && r.index.is_some())
    }

    /// The WIT name of a resource type of the uninstantiated component.
    pub fn resource_name(&self, ty: &ResourceType) -> Option<&str> {
        self.resources
            .iter()
            .find(|r| r.ty == *ty)
            .map(|r| r.name.as_str())
    }

    /// Resolves the target of a call (see [`resolve_call`]).
    pub fn resolve_call<B: Bindings>(
        &self,
        call: &crate::invocation::CallSyntax,
        bindings: &B,
    ) -> Result<Callee<'_, ExportedFunc, B::Handle>, crate::error::InvocationError> {
        resolve_call(&self.funcs, call, bindings)
    }
}

impl crate::invocation::ResourceNames for ExportIndex {
    fn resource_name(&self, ty: &ResourceType) -> Option<&str> {
        ExportIndex::resource_name(self, ty)
    }
}
