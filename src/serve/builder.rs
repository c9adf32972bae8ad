//! What a server serves and how: its components, the limits of a request (defaults and
//! the most a request may ask for), admission, sessions, authentication.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, anyhow};

use super::lifecycle::Server;
use crate::error::{ClassifyExt, FailureClass};
use crate::limits::Limits;
use crate::{RuntimeBuilder, SessionBuilder};

/// What a component's sessions get: grants and mocks, applied to a builder of the loaded
/// program's sessions ([`SessionBuilder::program`] gives the program to check mocks on).
pub type Setup = dyn Fn(SessionBuilder<'static>) -> Result<SessionBuilder<'static>> + Send + Sync;

/// One component the server serves, under a name that is part of its routes
/// (`/v1/{name}/call`).
#[derive(Clone)]
pub struct Component {
    pub(crate) name: String,
    pub(crate) path: PathBuf,
    pub(crate) links: Vec<PathBuf>,
    pub(crate) setup: Option<Arc<Setup>>,
}

impl Component {
    /// The component file at `path`, served as `name`.
    pub fn new(name: impl Into<String>, path: impl Into<PathBuf>) -> Component {
        Component {
            name: name.into(),
            path: path.into(),
            links: Vec::new(),
            setup: None,
        }
    }

    /// Satisfies imports with the exports of the component at `path` (see
    /// [`crate::link`]); reloaded with the component.
    pub fn link(mut self, path: impl Into<PathBuf>) -> Component {
        self.links.push(path.into());
        self
    }

    /// What the component's instances get beyond the default-deny sandbox: environment,
    /// directories, network, mocks. Run again on every reload.
    pub fn setup(
        mut self,
        setup: impl Fn(SessionBuilder<'static>) -> Result<SessionBuilder<'static>>
        + Send
        + Sync
        + 'static,
    ) -> Component {
        self.setup = Some(Arc::new(setup));
        self
    }

    /// The files it is made of, watched with [`ServerBuilder::watch`].
    pub(crate) fn files(&self) -> impl Iterator<Item = &Path> {
        std::iter::once(self.path.as_path()).chain(self.links.iter().map(PathBuf::as_path))
    }
}

/// A name is a path segment of its routes: letters, digits, `-` and `_`.
fn check_name(name: &str) -> Result<()> {
    let fits = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if fits {
        return Ok(());
    }
    Err(anyhow!(
        "a component's name is 1 to 64 letters, digits, `-` or `_`, as it is part of its routes"
    ))
    .classify(FailureClass::Usage, || {
        format!("invalid component name `{name}`")
    })
}

/// The defaults a request's limits start from, when the server is not told otherwise: a
/// function-as-a-service sandbox's usual 30 s, 256 MiB and 2 MiB of output per stream.
pub fn default_limits() -> Limits {
    Limits::new()
        .timeout(Duration::from_secs(30))
        .max_memory(256 << 20)
        .max_output(2 << 20)
}

/// Settings for a [`Server`]; each has a default.
#[must_use]
pub struct ServerBuilder {
    pub(crate) runtime: RuntimeBuilder,
    pub(crate) components: Vec<Component>,
    pub(crate) settings: Settings,
}

/// What the running server consults on every request.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// A request's limits unless it asks for others.
    pub(crate) limits: Limits,
    /// The most a request may ask for, each limit on its own.
    pub(crate) ceilings: Limits,
    pub(crate) max_concurrency: usize,
    pub(crate) max_queue: usize,
    pub(crate) max_body: usize,
    pub(crate) max_sessions: usize,
    pub(crate) session_ttl: Duration,
    pub(crate) auth_token: Option<String>,
    pub(crate) drain_timeout: Duration,
    pub(crate) watch: Option<Duration>,
    pub(crate) retry_after: Duration,
}

impl Default for ServerBuilder {
    fn default() -> ServerBuilder {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServerBuilder {
            runtime: RuntimeBuilder::default(),
            components: Vec::new(),
            settings: Settings {
                limits: default_limits(),
                ceilings: Limits::new(),
                max_concurrency: cores,
                max_queue: 64,
                max_body: 4 << 20,
                max_sessions: 64,
                session_ttl: Duration::from_secs(300),
                auth_token: None,
                drain_timeout: Duration::from_secs(30),
                watch: None,
                retry_after: Duration::from_secs(1),
            },
        }
    }
}

impl ServerBuilder {
    /// The runtime the components load with: its compile cache, its stack limit. Its other
    /// limits are replaced by the server's ([`ServerBuilder::limits`]).
    pub fn runtime(mut self, runtime: RuntimeBuilder) -> ServerBuilder {
        self.runtime = runtime;
        self
    }

    /// Serves `component` under its name.
    pub fn component(mut self, component: Component) -> ServerBuilder {
        self.components.push(component);
        self
    }

    /// The limits of every request unless it asks for others: by default 30 s, 256 MiB
    /// of memory and 2 MiB of output per stream ([`default_limits`]), and no fuel limit.
    pub fn limits(mut self, limits: Limits) -> ServerBuilder {
        self.settings.limits = limits;
        self
    }

    /// The most a request may ask for, each limit on its own; a limit not set here cannot
    /// be raised above the default ([`ServerBuilder::limits`]). A fuel ceiling lets
    /// requests set fuel even without a default.
    pub fn ceilings(mut self, ceilings: Limits) -> ServerBuilder {
        self.settings.ceilings = ceilings;
        self
    }

    /// How many calls run at once (the number of cores unless set).
    pub fn max_concurrency(mut self, calls: usize) -> ServerBuilder {
        self.settings.max_concurrency = calls.max(1);
        self
    }

    /// How many calls may wait for a turn (64 unless set); beyond, a request gets 429.
    pub fn max_queue(mut self, calls: usize) -> ServerBuilder {
        self.settings.max_queue = calls;
        self
    }

    /// The largest request body, in bytes (4 MiB unless set); beyond, a request gets 413.
    pub fn max_body(mut self, bytes: usize) -> ServerBuilder {
        self.settings.max_body = bytes;
        self
    }

    /// How many sessions may be open at once (64 unless set; 0 turns sessions off), and
    /// how long one may sit idle before it is closed (5 minutes unless set).
    pub fn sessions(mut self, max: usize, idle_ttl: Duration) -> ServerBuilder {
        self.settings.max_sessions = max;
        self.settings.session_ttl = idle_ttl;
        self
    }

    /// Requires `Authorization: Bearer TOKEN` on every route but `/healthz`.
    pub fn auth_token(mut self, token: impl Into<String>) -> ServerBuilder {
        self.settings.auth_token = Some(token.into());
        self
    }

    /// How long a shutdown waits for requests in flight (30 s unless set).
    pub fn drain_timeout(mut self, timeout: Duration) -> ServerBuilder {
        self.settings.drain_timeout = timeout;
        self
    }

    /// Reloads the components when one of their files changes, looking every `interval`.
    pub fn watch(mut self, interval: Duration) -> ServerBuilder {
        self.settings.watch = Some(interval);
        self
    }

    /// Checks the settings and builds the runtime; the components are loaded when the
    /// server runs.
    pub fn build(mut self) -> Result<Server> {
        if self.components.is_empty() {
            return Err(anyhow!("name at least one component to serve"))
                .classify(FailureClass::Usage, || "nothing to serve".into());
        }
        for (i, component) in self.components.iter().enumerate() {
            check_name(&component.name)?;
            if self.components[..i]
                .iter()
                .any(|c| c.name == component.name)
            {
                return Err(anyhow!("two components are named `{}`", component.name))
                    .classify(FailureClass::Usage, || "invalid components".into());
            }
        }
        let settings = &mut self.settings;
        // A ceiling left unset is the default: a request may lower a limit, not raise it.
        settings.ceilings = settings.ceilings.or(settings.limits);
        let limits = settings.limits;
        for (name, default, ceiling) in [
            (
                "timeout",
                limits.timeout.map(|t| t.as_nanos() as u64),
                settings.ceilings.timeout.map(|t| t.as_nanos() as u64),
            ),
            ("fuel", limits.fuel, settings.ceilings.fuel),
            ("memory", limits.max_memory, settings.ceilings.max_memory),
            ("output", limits.max_output, settings.ceilings.max_output),
        ] {
            if let (Some(default), Some(ceiling)) = (default, ceiling)
                && default > ceiling
            {
                return Err(anyhow!("the default {name} limit is above its ceiling"))
                    .classify(FailureClass::Usage, || "invalid limits".into());
            }
        }
        Server::new(self)
    }
}
