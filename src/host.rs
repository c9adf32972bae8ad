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
use crate::limits::{CappedOutput, HasLimiter, Limiter, Stdio};
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
        if let Some(cap) = engine.max_output {
            wasi.stdout(CappedOutput::new(Stdio::Stdout, cap))
                .stderr(CappedOutput::new(Stdio::Stderr, cap));
        }
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
    // Defining all of WASI is most of a warm start's work; skip it for components that
    // import none of it.
    let imports_wasi = component
        .component_type()
        .imports(engine)
        .any(|(name, _)| name.starts_with("wasi:"));
    if imports_wasi {
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    }
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

/// The imports of `component` that `linker` does not define, as `interface#function` names.
///
/// Wasmtime reports only the first; this probes each import on a copy of the linker, so an
/// error can list them all. Used only after instantiation failed.
pub fn missing_imports(engine: &Engine, component: &Component) -> Result<Vec<String>> {
    let mut missing = Vec::new();
    for (name, import) in component.component_type().imports(engine) {
        let mut probe = linker(engine, component, &HostOptions::default())?;
        match &import.ty {
            ComponentItem::ComponentFunc(_)
                if probe.root().func_new(name, |_, _, _, _| Ok(())).is_ok() =>
            {
                missing.push(name.to_string());
            }
            ComponentItem::ComponentInstance(instance) => {
                let mut linker_instance = probe.instance(name)?;
                for (func, item) in instance.exports(engine) {
                    let fresh = match item.ty {
                        ComponentItem::ComponentFunc(_) => {
                            linker_instance.func_new(func, |_, _, _, _| Ok(())).is_ok()
                        }
                        ComponentItem::Resource(_) => linker_instance
                            .resource(
                                func,
                                wasmtime::component::ResourceType::host::<()>(),
                                |_, _| Ok(()),
                            )
                            .is_ok(),
                        _ => false,
                    };
                    if fresh {
                        missing.push(format!("{name}#{func}"));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(missing)
}
