//! Step 4 of the pipeline: what the host gives a guest, and linking its imports.
//!
//! The sandbox denies by default: the guest gets stdio and nothing else unless granted —
//! no environment variables, no files, no network.

use std::path::PathBuf;

use anyhow::{Result, bail};
use wasmtime::Engine;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::engine::EngineOptions;
use crate::error::{ClassifyExt, FailureClass};
use crate::limits::{CappedOutput, HasLimiter, Limiter, Stdio};

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
}

/// The data every store holds: WASI state and the memory limiter.
pub struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    limits: Limiter,
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
                .map_err(anyhow::Error::from)
                .classify(FailureClass::Usage, || {
                    format!("failed to grant directory `{}`", dir.host.display())
                })?;
        }
        if host.inherit_network {
            wasi.inherit_network().allow_ip_name_lookup(true);
        }
        Ok(HostState {
            wasi: wasi.build(),
            table: ResourceTable::new(),
            limits: Limiter::new(engine),
        })
    }
}

/// A linker with WASI p2, and trapping stubs for unknown imports when asked.
pub fn linker(
    engine: &Engine,
    component: &Component,
    host: &HostOptions,
) -> Result<Linker<HostState>> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    if host.trap_unknown_imports {
        linker.define_unknown_imports_as_traps(component)?;
    }
    Ok(linker)
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
