//! The library side of `wavecall explain`: finding a function's WIT declaration, in a
//! component or in a WIT package, and turning a call's text into typed arguments without
//! instantiating anything, ready for the reports of [`crate::abi`].
//!
//! ```no_run
//! use wavecall::abi::{CallOptions, StringEncoding, explain_call, explain_function};
//! use wavecall::explain::Explainer;
//! use wavecall::{EngineOptions, Runtime, Source};
//!
//! # fn main() -> anyhow::Result<()> {
//! let program = Runtime::new(EngineOptions::default())?.load(&Source::from_arg("shapes.wasm"))?;
//! let explainer = Explainer::new(&program)?;
//! let call = explainer.call("area(circle({radius: 1.0}))")?;
//! let resolve = &explainer.wit().resolve;
//! println!("{}", explain_function(resolve, &call.wit, StringEncoding::Utf8));
//! println!("{}", explain_call(resolve, &call.wit, &call.args, CallOptions::default())?);
//! # Ok(())
//! # }
//! ```

use anyhow::Result;
use wasmtime::component::wit_parser::{Function, Resolve, WorldId, WorldItem};
use wasmtime::component::{ResourceAny, ResourceType, Val};

use crate::error::{ClassifyExt, FailureClass, InvocationError};
use crate::exports::{ExportNotFound, ExportedFunc};
use crate::invocation::{self, HandleRef, HandleScope, ResourceNames};
use crate::program::Program;
use crate::wit::ComponentWit;

/// A program with its decoded WIT, to explain its exports.
pub struct Explainer<'p> {
    program: &'p Program,
    wit: ComponentWit,
}

/// A call's target and typed arguments.
#[derive(Clone)]
pub struct PreparedCall {
    /// The exported function the call names.
    pub func: ExportedFunc,
    /// Its WIT declaration, whose types belong to [`Explainer::wit`].
    pub wit: Function,
    /// The argument values, converted against the parameter types.
    pub args: Vec<Val>,
}

impl<'p> Explainer<'p> {
    /// Decodes the program's WIT (once; every explanation reuses it).
    pub fn new(program: &'p Program) -> Result<Explainer<'p>> {
        let wit = ComponentWit::decode(&program.loaded.binary)
            .classify(FailureClass::Load, || {
                format!("failed to read the WIT of `{}`", program.loaded.name)
            })?;
        Ok(Explainer { program, wit })
    }

    /// The program's decoded WIT.
    pub fn wit(&self) -> &ComponentWit {
        &self.wit
    }

    /// The function `name` names (any name `wavecall run` accepts) and its WIT declaration.
    pub fn function(&self, name: &str) -> Result<(ExportedFunc, Function)> {
        let func = self
            .program
            .exports
            .resolve(name)
            .map_err(|err| not_found(name, 0..name.len(), err))?
            .clone();
        let wit = self.declaration(&func)?;
        Ok((func, wit))
    }

    /// Parses a call such as `area(circle({radius: 1.0}))` and converts its arguments.
    ///
    /// Handles cannot be written: their table indices exist only in a running instance.
    pub fn call(&self, text: &str) -> Result<PreparedCall> {
        let call = invocation::split(text)?;
        if let Some((binding, span)) = &call.binding {
            let err = InvocationError::new(
                call.text,
                span.clone(),
                format!("`wavecall explain` cannot bind a result to `{binding}`"),
            )
            .hint("use `wavecall run` for calls that bind handles");
            return Err(call.syntax_first(err).into());
        }
        let func = self
            .program
            .exports
            .resolve(call.target())
            .map_err(|err| call.syntax_first(not_found(call.text, call.target.clone(), err)))?
            .clone();
        let name = func.qualified_name();
        let scope = NoHandles(self.program);
        let args = invocation::arguments(&call, &name, &func.params(), Vec::new(), &scope)?;
        let wit = self.declaration(&func)?;
        Ok(PreparedCall { func, wit, args })
    }

    fn declaration(&self, func: &ExportedFunc) -> Result<Function> {
        self.wit.function(func).cloned().ok_or_else(|| {
            anyhow::anyhow!(
                "the component's WIT does not declare `{}`",
                func.qualified_name()
            )
        })
    }
}

/// The function `name` among the exports of `world`: a function of the world (`area`) or of
/// an exported interface, by its bare name (`sum`), the interface's short name (`api.sum`)
/// or its full name (`ns:pkg/api.sum`, `ns:pkg/api@1.0.0.sum`).
pub fn world_function<'r>(
    resolve: &'r Resolve,
    world: WorldId,
    name: &str,
) -> Result<&'r Function, ExportNotFound> {
    let mut all: Vec<(Vec<String>, &Function)> = Vec::new();
    for (key, item) in &resolve.worlds[world].exports {
        match item {
            WorldItem::Function(f) => all.push((vec![f.name.clone()], f)),
            WorldItem::Interface { id, .. } => {
                let full = resolve.name_world_key(key);
                let iface = &resolve.interfaces[*id];
                for f in iface.functions.values() {
                    let mut aliases = vec![format!("{full}.{}", f.name), f.name.clone()];
                    if let Some(short) = &iface.name {
                        aliases.push(format!("{short}.{}", f.name));
                    }
                    if let Some((unversioned, _)) = full.split_once('@') {
                        aliases.push(format!("{unversioned}.{}", f.name));
                    }
                    all.push((aliases, f));
                }
            }
            WorldItem::Type { .. } => {}
        }
    }
    let matches: Vec<&(Vec<String>, &Function)> = all
        .iter()
        .filter(|(aliases, _)| aliases.iter().any(|a| a == name))
        .collect();
    match matches.as_slice() {
        [(_, f)] => Ok(f),
        [] => {
            let names = all.iter().flat_map(|(aliases, _)| aliases.iter());
            let suggestions = invocation::nearest(name, names.map(String::as_str))
                .map(|s| vec![s.to_string()])
                .unwrap_or_default();
            Err(ExportNotFound::Unknown {
                name: name.to_string(),
                suggestions,
            })
        }
        several => Err(ExportNotFound::Ambiguous {
            name: name.to_string(),
            candidates: several.iter().map(|(a, _)| a[0].clone()).collect(),
        }),
    }
}

/// An unknown or ambiguous name, pointed at in the text it was written in.
pub fn not_found(text: &str, span: std::ops::Range<usize>, err: ExportNotFound) -> InvocationError {
    let mut error = InvocationError::new(text, span, err.to_string());
    match err {
        ExportNotFound::Unknown { suggestions, .. } => {
            if let Some(first) = suggestions.first() {
                error = error.hint(format!("did you mean `{first}`?"));
            }
        }
        ExportNotFound::Ambiguous { candidates, .. } => {
            let list: Vec<String> = candidates.iter().map(|c| format!("  {c}")).collect();
            error = error.hint(format!(
                "it matches {} functions; name one of them in full:\n{}",
                candidates.len(),
                list.join("\n")
            ));
        }
    }
    error
}

/// A scope without handles: explaining a call instantiates nothing before the arguments
/// are converted, so there is no table a handle could come from.
struct NoHandles<'p>(&'p Program);

impl ResourceNames for NoHandles<'_> {
    fn resource_name(&self, ty: &ResourceType) -> Option<&str> {
        self.0.resource_name(ty)
    }

    fn type_name(&self, ty: &wasmtime::component::Type) -> Option<&str> {
        self.0.type_name(ty)
    }
}

impl HandleScope for NoHandles<'_> {
    fn lookup(
        &self,
        _reference: HandleRef<'_>,
        _expected: &ResourceType,
        _owned: bool,
    ) -> Result<ResourceAny, String> {
        Err(
            "`wavecall explain` cannot pass handles: a handle is an index into a table of a \
             running instance, known only when the call runs"
                .to_string(),
        )
    }
}
