//! Step 4 of the pipeline: what the host gives a guest, and linking its imports.
//!
//! The sandbox denies by default: the guest gets stdio and nothing else unless granted —
//! no environment variables, no files, no network.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use wasmtime::Engine;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, Instance, InstancePre, Linker, ResourceTable};
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::engine::EngineOptions;
use crate::error::{ClassifyExt, FailureClass};
use crate::limits::{GuestOutput, HasLimiter, Limiter};
use crate::mock::{Link, Mock};

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
    /// Components whose exports satisfy imports, in order of precedence (after the mocks).
    pub links: Vec<Link>,
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
    /// The instances of [`HostOptions::links`], in order.
    pub(crate) linked: Vec<Instance>,
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
            linked: Vec::new(),
        })
    }
}

/// A linker with WASI p2, the mocks and links, and trapping stubs for unknown imports when
/// asked or when there are mocks or links (so that functions not using the rest can run).
pub fn linker(
    engine: &Engine,
    component: &Component,
    host: &HostOptions,
) -> Result<Linker<HostState>> {
    let mut linker = Linker::new(engine);
    // Defining all of WASI was most of a warm start's work: only what is imported.
    crate::wasi_link::add_imported(&mut linker, engine, component)?;
    crate::mock::define_mocks(&mut linker, engine, component, &host.mocks)?;
    for (index, link) in host.links.iter().enumerate() {
        crate::mock::define_link(&mut linker, engine, component, index, link)?;
    }
    if host.trap_unknown_imports || !host.mocks.is_empty() || !host.links.is_empty() {
        linker.define_unknown_imports_as_traps(component)?;
    }
    Ok(linker)
}

/// The linked components, ready to instantiate before the one under test. A link gets WASI,
/// the mocks and trapping stubs, but not the other links.
pub(crate) fn link_pres(
    engine: &Engine,
    host: &HostOptions,
) -> Result<Vec<InstancePre<HostState>>> {
    let alone = HostOptions {
        links: Vec::new(),
        trap_unknown_imports: true,
        ..host.clone()
    };
    host.links
        .iter()
        .map(|link| {
            let linker = linker(engine, &link.component, &alone)?;
            linker
                .instantiate_pre(&link.component)
                .map_err(anyhow::Error::from)
                .with_context(|| format!("failed to link `{}`", link.name))
        })
        .collect()
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
/// Wasmtime stops at the first; this asks it again and again, each time standing in a trap
/// for the import it named, so the list uses Wasmtime's own matching (semver-compatible
/// versions included). Used only after instantiation failed.
pub fn missing_imports(
    engine: &Engine,
    component: &Component,
    host: &HostOptions,
) -> Result<Vec<MissingImport>> {
    let mut linker = linker(engine, component, host)?;
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
        stand_in_traps(&mut linker, engine, component, &name);
        missing.push(MissingImport {
            name,
            reason: plain_reason(&causes),
        });
    }
    Ok(missing)
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
/// trap, so that matching moves on to the next import.
fn stand_in_traps(
    linker: &mut Linker<HostState>,
    engine: &Engine,
    component: &Component,
    name: &str,
) {
    fn trap(
        _: wasmtime::StoreContextMut<'_, HostState>,
        _: wasmtime::component::types::ComponentFunc,
        _: &[wasmtime::component::Val],
        _: &mut [wasmtime::component::Val],
    ) -> wasmtime::Result<()> {
        Err(wasmtime::Error::msg("missing import"))
    }
    let ty = component.component_type();
    let Some(import) = ty.get_import(engine, name) else {
        return;
    };
    match import.ty {
        ComponentItem::ComponentFunc(_) => {
            let _ = linker.root().func_new(name, trap);
        }
        ComponentItem::ComponentInstance(instance) => {
            let Ok(mut stub) = linker.instance(name) else {
                return;
            };
            for (export, item) in instance.exports(engine) {
                match item.ty {
                    ComponentItem::ComponentFunc(_) => {
                        let _ = stub.func_new(export, trap);
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

/// The resource type that stands in for a missing imported resource.
struct MissingResource;
