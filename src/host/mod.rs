//! Step 4 of the pipeline: what the host gives a guest, and linking its imports.
//!
//! The sandbox denies by default: the guest gets stdio and nothing else unless granted —
//! no environment variables, no files, no network. What is granted is a session's
//! [`HostConfig`], set through [`SessionBuilder`](crate::SessionBuilder).

mod linker;
mod mock;

use std::path::PathBuf;

use anyhow::{Result, bail};
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::error::{ClassifyExt, FailureClass};
use crate::limits::{GuestOutput, HasLimiter, Limiter, Limits};
pub(crate) use linker::{linker, missing_imports};
pub use mock::Mock;

/// A host directory the guest may use, and the path it sees it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirGrant {
    /// The directory on the host.
    pub host: PathBuf,
    /// The path the guest uses.
    pub guest: String,
}

impl DirGrant {
    /// The host directory `host`, seen by the guest as `guest`.
    pub fn new(host: impl Into<PathBuf>, guest: impl Into<String>) -> DirGrant {
        DirGrant {
            host: host.into(),
            guest: guest.into(),
        }
    }

    /// Parses `HOST[::GUEST]`, Wasmtime's spelling; without `::GUEST` the guest sees `HOST`.
    pub fn parse(spec: &str) -> Result<DirGrant> {
        let (host, guest) = match spec.split_once("::") {
            Some((host, guest)) => (host, guest),
            None => (spec, spec),
        };
        if host.is_empty() || guest.is_empty() {
            bail!("expected `HOST[::GUEST]`, got `{spec}`");
        }
        Ok(DirGrant::new(host, guest))
    }
}

/// Everything the host grants a guest and provides in place of its imports.
#[derive(Debug, Clone, Default)]
pub(crate) struct HostConfig {
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
    /// Where the guest's stdout and stderr go (capped by [`Limits::max_output`]).
    pub output: GuestOutput,
}

/// The data every store holds: WASI state, the limiter and the mocks' call counts.
pub(crate) struct HostState {
    /// None for a component that imports no WASI interface: nothing would use it, and
    /// building one (seeding its random generators, routing its streams) was a good part of
    /// a fresh instance's cost.
    wasi: Option<WasiCtx>,
    table: ResourceTable,
    limits: Limiter,
    /// Calls made to each mock, in the order of [`HostConfig::mocks`].
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
            // Only WASI's functions ask, and a state without a context belongs to a
            // component that imports none; should one ask, it gets a context that grants
            // nothing, not even stdio.
            ctx: self
                .wasi
                .get_or_insert_with(|| WasiCtxBuilder::new().build()),
            table: &mut self.table,
        }
    }
}

impl HostState {
    /// The state for one session under `limits`, its output sent to `output` (usually
    /// `host.output`; a service captures each instance's apart); with a WASI context when
    /// `wasi` (the component imports WASI).
    pub(crate) fn new(
        host: &HostConfig,
        output: &GuestOutput,
        limits: &Limits,
        wasi: bool,
    ) -> Result<HostState> {
        Ok(HostState {
            wasi: wasi.then(|| wasi_ctx(host, output, limits)).transpose()?,
            table: ResourceTable::new(),
            limits: Limiter::new(limits),
            mock_calls: vec![0; host.mocks.len()],
        })
    }
}

/// The WASI context of a session: stdio (routed and capped), argv, the environment, the
/// directories and the network granted.
fn wasi_ctx(host: &HostConfig, output: &GuestOutput, limits: &Limits) -> Result<WasiCtx> {
    let mut wasi = WasiCtxBuilder::new();
    wasi.inherit_stdio().args(&host.args).envs(&host.env);
    crate::limits::route_output(&mut wasi, output, limits.max_output);
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
    Ok(wasi.build())
}
