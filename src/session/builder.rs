//! Setting up sessions: what the host grants, the mocks, the limits; and the linking done
//! once for any number of fresh instances.

use std::ops::Deref;
use std::sync::Arc;

use anyhow::Result;
use wasmtime::Store;
use wasmtime::component::InstancePre;

use super::handles::Handles;
use super::{Session, errors};
use crate::error::{Classified, ClassifyExt, FailureClass};
use crate::host::{self, DirGrant, HostConfig, HostState, Mock};
use crate::limits::{GuestOutput, Limits};
use crate::program::Program;

/// How a session, its builder and its [`SessionPre`] hold their program: borrowed (the
/// usual case: the program outlives them on the caller's stack), or a share of it, so
/// that they live as long as they are needed (`'static`): a service keeps sessions across
/// requests and replaces its programs while old requests still run on the old ones.
#[derive(Clone)]
pub(crate) enum ProgramRef<'p> {
    Borrowed(&'p Program),
    Shared(Arc<Program>),
}

impl Deref for ProgramRef<'_> {
    type Target = Program;

    fn deref(&self) -> &Program {
        match self {
            ProgramRef::Borrowed(program) => program,
            ProgramRef::Shared(program) => program,
        }
    }
}

/// What a session of a program gets: argv, environment, directories, network, mocks for
/// imports, where the guest's output goes, and limits over the runtime's. Everything is
/// denied unless granted here.
///
/// ```
/// # use wavecall::{DirGrant, Limits, Mock, Runtime, Source};
/// # fn main() -> anyhow::Result<()> {
/// # let program = Runtime::new()?.load(Source::bytes("empty.wat", "(component)"))?;
/// let session = program
///     .session()
///     .env("GREETING", "hello")
///     .dir(DirGrant::new(std::env::temp_dir(), "/tmp"))
///     .limits(Limits::new().max_memory(16 << 20))
///     .start()?;
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct SessionBuilder<'p> {
    program: ProgramRef<'p>,
    host: HostConfig,
    limits: Limits,
}

impl Program {
    /// Starts setting up a session: what the host grants, mocks, limits.
    pub fn session(&self) -> SessionBuilder<'_> {
        SessionBuilder::new(ProgramRef::Borrowed(self))
    }

    /// Starts setting up a session that holds a share of the program rather than borrowing
    /// it, so that the session (or the [`SessionPre`]) lives as long as it is needed: an
    /// HTTP service keeps one across requests, and reloads its programs while requests
    /// still run on the old ones.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use wavecall::{Runtime, SessionPre};
    /// # fn main() -> anyhow::Result<()> {
    /// # let shapes = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/shapes.wasm");
    /// let program = Arc::new(Runtime::new()?.load(shapes)?);
    /// let pre: SessionPre<'static> = program.shared_session().prepare()?;
    /// drop(program);
    /// assert_eq!(pre.start()?.invoke("area(point)")?.results.len(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn shared_session(self: &Arc<Self>) -> SessionBuilder<'static> {
        SessionBuilder::new(ProgramRef::Shared(self.clone()))
    }
}

impl<'p> SessionBuilder<'p> {
    fn new(program: ProgramRef<'p>) -> SessionBuilder<'p> {
        SessionBuilder {
            program,
            host: HostConfig::default(),
            limits: Limits::new(),
        }
    }

    /// The program the session will run (to check mocks against, say).
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Adds an argument to the guest's argv (the first is the program's name).
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.host.args.push(arg.into());
        self
    }

    /// Adds arguments to the guest's argv.
    pub fn args<S: Into<String>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.host.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Gives the guest an environment variable.
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.host.env.push((name.into(), value.into()));
        self
    }

    /// Gives the guest environment variables.
    pub fn envs<K: Into<String>, V: Into<String>>(
        mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let vars = vars.into_iter().map(|(k, v)| (k.into(), v.into()));
        self.host.env.extend(vars);
        self
    }

    /// Gives the guest a host directory, read and write.
    pub fn dir(mut self, grant: DirGrant) -> Self {
        self.host.dirs.push(grant);
        self
    }

    /// Gives the guest host directories, read and write.
    pub fn dirs(mut self, grants: impl IntoIterator<Item = DirGrant>) -> Self {
        self.host.dirs.extend(grants);
        self
    }

    /// Lets the guest open sockets and look up names (off unless set).
    pub fn inherit_network(mut self, on: bool) -> Self {
        self.host.inherit_network = on;
        self
    }

    /// Instantiates even when the host lacks some imports; calling one of them traps. On by
    /// itself when there are mocks or links, so that the functions that do not use the rest
    /// can run.
    pub fn trap_unknown_imports(mut self, on: bool) -> Self {
        self.host.trap_unknown_imports = on;
        self
    }

    /// Gives an import a fixed result (check mocks first with [`Program::check_mocks`] to
    /// get every problem at once).
    pub fn mock(mut self, mock: Mock) -> Self {
        self.host.mocks.push(mock);
        self
    }

    /// Gives imports fixed results, in order.
    pub fn mocks(mut self, mocks: impl IntoIterator<Item = Mock>) -> Self {
        self.host.mocks.extend(mocks);
        self
    }

    /// Where the guest's stdout and stderr go: wavecall's own unless set.
    pub fn output(mut self, output: GuestOutput) -> Self {
        self.host.output = output;
        self
    }

    /// Limits over the runtime's (replaces any set before). Fuel and a timeout need a
    /// runtime that meters them.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Links the program's imports (WASI, mocks, stubs) once, for any number of sessions, and
    /// checks once that each directory granted can be opened (a usage error if not).
    pub fn prepare(self) -> Result<SessionPre<'p>> {
        let program = &*self.program;
        self.limits
            .check_over(program.limits(), program.metering(), false)?;
        let linker = host::linker(program, &self.host)
            .classify(FailureClass::Load, || "failed to link imports".into())?;
        let pre = linker
            .instantiate_pre(program.component())
            .map_err(|err| errors::link_error(program, &self.host, err))?;
        let limits = self.limits.or(*program.limits());
        let wasi = imports_wasi(program);
        if !self.host.dirs.is_empty() {
            // Once here what building a WASI context checks: that each directory granted can
            // be opened (a component that imports no WASI gets no context at all).
            HostState::new(&self.host, &self.host.output, &limits, true)?;
        }
        Ok(SessionPre {
            program: self.program,
            limits,
            host: self.host,
            pre,
            wasi,
        })
    }

    /// Links and instantiates the program.
    pub fn start(self) -> Result<Session<'p>> {
        self.prepare()?.start()
    }
}

/// Whether `program` imports any WASI interface.
fn imports_wasi(program: &Program) -> bool {
    let ty = program.component().component_type();
    ty.imports(program.engine())
        .any(|(name, _)| name.starts_with("wasi:"))
}

/// A program linked against a host once and instantiated any number of times: linking
/// (WASI, mocks, stubs) and type-checking imports happen once, each fresh session costs one
/// instantiation (the front end for a service that starts an instance per request).
pub struct SessionPre<'p> {
    program: ProgramRef<'p>,
    host: HostConfig,
    /// The session's limits, over the runtime's.
    limits: Limits,
    pre: InstancePre<HostState>,
    /// Whether the component imports WASI, so that its sessions need a WASI context.
    wasi: bool,
}

impl<'p> SessionPre<'p> {
    /// A fresh session.
    pub fn start(&self) -> Result<Session<'p>> {
        self.start_with(Limits::new())
    }

    /// A fresh session under `limits`, over the ones it was prepared with (a spec's test
    /// over its file).
    pub fn start_with(&self, limits: Limits) -> Result<Session<'p>> {
        self.start_inner(limits, &self.host.output)
    }

    /// A fresh session under `limits` whose guest output goes to `output` rather than
    /// where the `SessionPre` was prepared to send it: a service gives every request's
    /// instance buffers of its own ([`GuestOutput::Capture`]).
    pub fn start_with_output(&self, limits: Limits, output: &GuestOutput) -> Result<Session<'p>> {
        self.start_inner(limits, output)
    }

    fn start_inner(&self, limits: Limits, output: &GuestOutput) -> Result<Session<'p>> {
        let program = &*self.program;
        limits.check_over(&self.limits, program.metering(), false)?;
        let limits = limits.or(self.limits);
        let metering = program.metering();
        let state = HostState::new(&self.host, output, &limits, self.wasi)?;
        let mut store = Store::new(program.engine(), state);
        crate::limits::install(&mut store, metering);
        let failed = |err: wasmtime::Error| {
            let full = err.is::<wasmtime::PoolConcurrencyLimitError>();
            let mut err = crate::limits::annotate(err, &limits);
            if let (true, Some(pool)) = (full, program.pool()) {
                err = err.context(format!(
                    "all {} instances its pool holds are live (`Pooling::instances`)",
                    pool.instances
                ));
            }
            err.context(Classified::new(
                FailureClass::Call,
                format!("failed to instantiate `{}`", program.name()),
            ))
        };
        crate::limits::arm(&mut store, &limits, metering).map_err(failed)?;
        let instance = self.pre.instantiate(&mut store).map_err(failed)?;
        // Each instance has resource types of its own; learn them by their export names.
        let resources = program
            .exports()
            .resources()
            .iter()
            .filter_map(|r| {
                let ty = instance.get_resource(&mut store, r.index.as_ref()?)?;
                Some((ty, r.clone()))
            })
            .collect();
        Ok(Session {
            program: self.program.clone(),
            store,
            instance,
            handles: Handles::new(resources),
            broken: None,
            session_limits: limits,
            limits,
            kept: Vec::new(),
        })
    }

    /// The program it instantiates.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The limits its sessions start with: those it was prepared with, over the runtime's.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}
