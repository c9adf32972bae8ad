//! Linking a program's imports, in one place: WASI p2, the mocks (which shadow WASI's
//! functions of the same name), and trapping stubs for what is left.

use std::sync::Arc;

use anyhow::Result;
use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::{Component, Linker, Val};
use wasmtime::{Engine, StoreContextMut};

use super::mock::{Mock, imported_funcs, resolve};
use super::{HostConfig, HostState};
use crate::program::Program;

/// A linker for `program` with WASI p2 and the mocks, and trapping stubs for the imports
/// left over when asked, or when there are mocks or links (so that the functions that do not
/// use the rest can run).
pub(crate) fn linker(program: &Program, host: &HostConfig) -> Result<Linker<HostState>> {
    let engine = program.engine();
    let component = program.component();
    let mut linker = Linker::new(engine);
    // Defining all of WASI was most of a warm start's work: only what is imported.
    crate::wasi_link::add_imported(&mut linker, engine, component)?;
    define_mocks(&mut linker, engine, component, &host.mocks)?;
    if host.trap_unknown_imports || !host.mocks.is_empty() || !program.linked().is_empty() {
        stub_missing(&mut linker, engine, component);
    }
    Ok(linker)
}

/// Defines the mocks that name imports of `component`; mocks shadow WASI's functions.
pub(crate) fn define_mocks(
    linker: &mut Linker<HostState>,
    engine: &Engine,
    component: &Component,
    mocks: &[Mock],
) -> Result<()> {
    let imports = imported_funcs(engine, component);
    linker.allow_shadowing(true);
    for (counter, mock) in mocks.iter().enumerate() {
        let (import, results) = resolve(&imports, mock)
            .map_err(|e| e.context(format!("invalid mock for `{}`", mock.import)))?;
        let results = Arc::new(results);
        let func = move |mut store: wasmtime::StoreContextMut<'_, HostState>,
                         _: ComponentFunc,
                         _: &[Val],
                         out: &mut [Val]|
              -> wasmtime::Result<()> {
            store.data_mut().mock_calls[counter] += 1;
            out.clone_from_slice(&results);
            Ok(())
        };
        match &import.instance {
            Some(instance) => {
                let name = instance_to_define(instance);
                linker.instance(&name)?.func_new(&import.name, func)?
            }
            None => linker.root().func_new(&import.name, func)?,
        }
    }
    linker.allow_shadowing(false);
    Ok(())
}

/// The version of WASI p2 that wasmtime-wasi defines its interfaces under
/// (`wasi:cli/environment@0.2.12`); a component importing any 0.2 version is served by it,
/// through the linker's semver matching. Checked by a test, so that an upgrade that changes
/// it fails there.
const WASI_P2_VERSION: &str = "0.2.12";

/// The name a function of the instance `instance` must be defined under to replace WASI's
/// own: the instance WASI defines, when `instance` is a WASI 0.2 interface. Defining it under
/// the component's own version instead would make a new instance that hides the rest of the
/// interface from the component (only the exact name would match).
fn instance_to_define(instance: &str) -> std::borrow::Cow<'_, str> {
    match instance.split_once('@') {
        Some((interface, version))
            if interface.starts_with("wasi:") && version.starts_with("0.2.") =>
        {
            format!("{interface}@{WASI_P2_VERSION}").into()
        }
        _ => instance.into(),
    }
}

/// An import the host cannot satisfy, and Wasmtime's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MissingImport {
    /// The import's name, e.g. `wasi:cli/environment@0.2.6` or a root function's name.
    pub name: String,
    /// Why it does not match, e.g. `instance export \`f\`: function implementation is missing`.
    pub reason: String,
}

/// Every import of `component` that the host's linker cannot satisfy.
///
/// Used only after instantiation failed, to name them all (Wasmtime stops at the first).
pub(crate) fn missing_imports(program: &Program, host: &HostConfig) -> Result<Vec<MissingImport>> {
    let mut linker = linker(program, host)?;
    Ok(stub_missing(
        &mut linker,
        program.engine(),
        program.component(),
    ))
}

/// Stands in traps for every import the linker cannot satisfy, and returns them.
///
/// Wasmtime's own `Linker::define_unknown_imports_as_traps` cannot be used: it defines a stub
/// under the exact name of each imported instance, and an exact name wins over the
/// semver-compatible one WASI is defined under, so `wasi:cli/stdout@0.2.6` became a trap on a
/// host that provides 0.2.12 (wasmtime#10663). Instead this asks Wasmtime to type-check again
/// and again, each time standing in traps for the import it named, so that only what its own
/// matching (semver-compatible versions included) finds missing is stubbed. Wasmtime's error
/// is not typed, so the import's name is read from the first backquoted name of its message.
fn stub_missing(
    linker: &mut Linker<HostState>,
    engine: &Engine,
    component: &Component,
) -> Vec<MissingImport> {
    let imports = component.component_type().imports(engine).len();
    let mut missing: Vec<MissingImport> = Vec::new();
    for _ in 0..=imports {
        let Err(err) = linker.instantiate_pre(component) else {
            break;
        };
        let top = err.to_string();
        let Some(name) = top.split('`').nth(1).map(str::to_string) else {
            break;
        };
        if missing.iter().any(|m| m.name == name) {
            break;
        }
        let causes: Vec<String> = err.chain().skip(1).map(|c| c.to_string()).collect();
        stand_in_traps(linker, engine, component, &name);
        missing.push(MissingImport {
            name,
            reason: plain_reason(&causes),
        });
    }
    missing
}

/// Wasmtime's chain of causes, said plainly where it is about something simply absent:
/// `instance export \`f\` has the wrong type: function implementation is missing` becomes
/// `no function \`f\``.
fn plain_reason(causes: &[String]) -> String {
    if let [export, leaf] = causes
        && let Some(what) = leaf.strip_suffix(" implementation is missing")
        && let Some(name) = export
            .strip_prefix("instance export ")
            .and_then(|rest| rest.strip_suffix(" has the wrong type"))
    {
        return format!("no {what} {name}");
    }
    match causes {
        [leaf] if leaf.ends_with(" implementation is missing") => "not provided".to_string(),
        _ => causes.join(": "),
    }
}

/// Defines every function and resource of the import `name` that is not defined yet, as a
/// trap that names it the way Wasmtime's own stubs do, so that matching moves on to the next
/// import.
///
/// An instance found only by a semver-compatible name but lacking a function gets a new
/// instance under its exact name, which hides the compatible one: all of its functions trap.
/// The linker cannot add to an instance known by another name.
fn stand_in_traps(
    linker: &mut Linker<HostState>,
    engine: &Engine,
    component: &Component,
    name: &str,
) {
    let ty = component.component_type();
    let Some(import) = ty.get_import(engine, name) else {
        return;
    };
    match import.ty {
        ComponentItem::ComponentFunc(_) => {
            let _ = linker.root().func_new(name, trap(name.to_string()));
        }
        ComponentItem::ComponentInstance(instance) => {
            let Ok(mut stub) = linker.instance(name) else {
                return;
            };
            for (export, item) in instance.exports(engine) {
                match item.ty {
                    ComponentItem::ComponentFunc(_) => {
                        let _ = stub.func_new(export, trap(format!("{name}#{export}")));
                    }
                    ComponentItem::Resource(_) => {
                        let host = wasmtime::component::ResourceType::host::<MissingResource>();
                        let _ = stub.resource(export, host, |_, _| Ok(()));
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// A host function that fails with Wasmtime's message for an undefined import.
fn trap(
    qualified: String,
) -> impl Fn(StoreContextMut<'_, HostState>, ComponentFunc, &[Val], &mut [Val]) -> wasmtime::Result<()>
+ Send
+ Sync
+ 'static {
    move |_, _, _, _| {
        Err(wasmtime::format_err!(
            "unknown import: `{qualified}` has not been defined"
        ))
    }
}

/// The resource type that stands in for a missing imported resource.
struct MissingResource;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasi_is_defined_under_the_version_mocks_use() {
        let engine = Engine::default();
        let mut linker: Linker<HostState> = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
        let name = instance_to_define("wasi:cli/environment@0.2.0");
        assert_eq!(name, "wasi:cli/environment@0.2.12");
        // Without shadowing, defining a function WASI already defines there fails.
        let mut instance = linker.instance(&name).unwrap();
        let defined = instance.func_new("get-environment", |_, _, _, _| Ok(()));
        assert!(defined.is_err(), "WASI is no longer defined under `{name}`");
    }

    #[test]
    fn other_instances_keep_their_names() {
        assert_eq!(
            instance_to_define("my:app/config@0.2.1"),
            "my:app/config@0.2.1"
        );
        assert_eq!(
            instance_to_define("wasi:cli/environment@0.3.0"),
            "wasi:cli/environment@0.3.0"
        );
        assert_eq!(
            instance_to_define("wasi:cli/environment"),
            "wasi:cli/environment"
        );
    }
}
