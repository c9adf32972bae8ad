//! Step 4 of the pipeline: what the host gives a guest, and linking its imports.
//!
//! The sandbox denies by default: the guest gets stdio and nothing else unless granted —
//! no environment variables, no files, no network.

use std::path::PathBuf;

use anyhow::{Result, bail};
use wasmtime::component::Val;
use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Engine, StoreContextMut};
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::engine::EngineOptions;
use crate::error::{ClassifyExt, FailureClass};
use crate::limits::{GuestOutput, HasLimiter, Limiter};
use crate::mock::Mock;
use crate::program::Program;

/// A host directory the guest may use, and the path it sees it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirGrant {
    /// The directory on the host.
    pub host: PathBuf,
    /// The path the guest uses.
    pub guest: String,
}

impl DirGrant {
    /// Parses `HOST[::GUEST]`, Wasmtime's spelling; without `::GUEST` the guest sees `HOST`.
    pub fn parse(spec: &str) -> Result<DirGrant> {
        let (host, guest) = match spec.split_once("::") {
            Some((host, guest)) => (host, guest),
            None => (spec, spec),
        };
        if host.is_empty() || guest.is_empty() {
            bail!("expected `HOST[::GUEST]`, got `{spec}`");
        }
        Ok(DirGrant {
            host: PathBuf::from(host),
            guest: guest.to_string(),
        })
    }
}

/// Everything the host grants a guest.
#[derive(Debug, Clone, Default)]
pub struct HostOptions {
    /// The guest's argv; the first is the program name.
    pub args: Vec<String>,
    /// Environment variables the guest sees.
    pub env: Vec<(String, String)>,
    /// Directories the guest may open.
    pub dirs: Vec<DirGrant>,
    /// Let the guest open sockets and resolve names.
    pub inherit_network: bool,
    /// Instantiate even when imports are missing; calling one of them traps.
    pub trap_unknown_imports: bool,
    /// Imports that return a fixed value; they shadow WASI's functions of the same name.
    pub mocks: Vec<Mock>,
    /// Where the guest's stdout and stderr go (capped by [`EngineOptions::max_output`]).
    pub output: GuestOutput,
}

/// The data every store holds: WASI state and the memory limiter.
pub struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    limits: Limiter,
    /// Calls made to each mock, in the order of [`HostOptions::mocks`].
    pub(crate) mock_calls: Vec<u64>,
}

impl HasLimiter for HostState {
    fn limiter(&mut self) -> &mut Limiter {
        &mut self.limits
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl HostState {
    /// The state for one session.
    pub fn new(host: &HostOptions, engine: &EngineOptions) -> Result<HostState> {
        let mut wasi = WasiCtxBuilder::new();
        wasi.inherit_stdio().args(&host.args).envs(&host.env);
        crate::limits::route_output(&mut wasi, &host.output, engine.max_output);
        for dir in &host.dirs {
            wasi.preopened_dir(&dir.host, &dir.guest, FsPerms::ReadWrite)
                .classify(FailureClass::Usage, || {
                    format!("failed to grant directory `{}`", dir.host.display())
                })?;
        }
        // wasmtime-wasi turns TCP, UDP and name lookups off by default, and allows no socket
        // address: the flag must turn on all four, or sockets stay refused.
        if host.inherit_network {
            wasi.inherit_network()
                .allow_tcp(true)
                .allow_udp(true)
                .allow_ip_name_lookup(true);
        }
        Ok(HostState {
            wasi: wasi.build(),
            table: ResourceTable::new(),
            limits: Limiter::new(engine),
            mock_calls: vec![0; host.mocks.len()],
        })
    }
}

/// A linker for `program` with WASI p2 and the mocks, and trapping stubs for the imports
/// left over when asked, or when there are mocks or links (so that the functions that do not
/// use the rest can run).
pub fn linker(program: &Program, host: &HostOptions) -> Result<Linker<HostState>> {
    let engine = program.engine();
    let component = &program.loaded.component;
    let mut linker = Linker::new(engine);
    // Defining all of WASI was most of a warm start's work: only what is imported.
    crate::wasi_link::add_imported(&mut linker, engine, component)?;
    crate::mock::define_mocks(&mut linker, engine, component, &host.mocks)?;
    if host.trap_unknown_imports || !host.mocks.is_empty() || !program.linked.is_empty() {
        stub_missing(&mut linker, engine, component);
    }
    Ok(linker)
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
pub(crate) fn instance_to_define(instance: &str) -> std::borrow::Cow<'_, str> {
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
pub struct MissingImport {
    /// The import's name, e.g. `wasi:cli/environment@0.2.6` or a root function's name.
    pub name: String,
    /// Why it does not match, e.g. `instance export \`f\`: function implementation is missing`.
    pub reason: String,
}

/// Every import of `component` that the host's linker cannot satisfy.
///
/// Used only after instantiation failed, to name them all (Wasmtime stops at the first).
pub fn missing_imports(program: &Program, host: &HostOptions) -> Result<Vec<MissingImport>> {
    let mut linker = linker(program, host)?;
    Ok(stub_missing(
        &mut linker,
        program.engine(),
        &program.loaded.component,
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
