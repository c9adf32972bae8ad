//! A server's life: loading the components while it already answers `/healthz`, serving,
//! reloading them (SIGHUP, or a changed file with `--watch`) without dropping a request,
//! closing idle sessions, and shutting down gracefully (SIGTERM, Ctrl-C): no new
//! connections, requests in flight drained up to a deadline.

use std::future::IntoFuture;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::{Result, anyhow};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

use super::admission::Admission;
use super::builder::{Component, ServerBuilder, Settings};
use super::loaded::{Generation, load_all, note_compile};
use super::metrics::{CacheLabels, Metrics, OutcomeLabels};
use super::sessions::Sessions;
use crate::error::{ClassifyExt, FailureClass};
use crate::{Pooling, Runtime};

/// What every request handler shares.
pub(crate) struct State {
    runtime: Runtime,
    components: Vec<Component>,
    pub(crate) settings: Settings,
    /// The components as last loaded; `None` until the first load is done.
    generation: RwLock<Option<Arc<Generation>>>,
    pub(crate) draining: AtomicBool,
    pub(crate) admission: Admission,
    pub(crate) sessions: Sessions,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) fuel_metered: bool,
    /// One load at a time.
    loading: tokio::sync::Mutex<()>,
}

impl State {
    /// The components as last loaded, if loaded.
    pub(crate) fn generation(&self) -> Option<Arc<Generation>> {
        self.generation
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Loads every component anew and, if all load, puts them in place of the old ones;
    /// requests running on the old ones finish there.
    async fn load(self: &Arc<Self>) -> Result<()> {
        let _one = self.loading.lock().await;
        let number = self.generation().map_or(1, |g| g.number + 1);
        let state = self.clone();
        let loaded = tokio::task::spawn_blocking(move || {
            load_all(&state.runtime, &state.components, number, |_, cache| {
                let labels = CacheLabels {
                    cache: cache.label().to_string(),
                };
                state.metrics.loads.get_or_create(&labels).inc();
            })
        })
        .await
        .map_err(|err| anyhow!("the loading thread failed: {err}"))
        .and_then(|loaded| loaded);
        let first = number == 1;
        let outcome = if loaded.is_ok() { "ok" } else { "error" };
        if !first {
            let labels = OutcomeLabels {
                outcome: outcome.to_string(),
            };
            self.metrics.reloads.get_or_create(&labels).inc();
        }
        match loaded {
            Ok(generation) => {
                *self.generation.write().unwrap_or_else(|e| e.into_inner()) =
                    Some(Arc::new(generation));
                tracing::info!(generation = number, "components ready");
                Ok(())
            }
            Err(err) => {
                if !first {
                    tracing::error!(error = %format!("{err:#}"), "reload failed; the components loaded before stay in service");
                }
                Err(err)
            }
        }
    }
}

/// A server, built by [`ServerBuilder::build`]; [`Server::run`] serves until shut down.
pub struct Server {
    state: Arc<State>,
    handle: ServerHandle,
}

/// Controls a running server from elsewhere (another task, a signal handler).
#[derive(Clone)]
pub struct ServerHandle {
    shutdown: Arc<watch::Sender<bool>>,
    reload: Arc<Notify>,
}

impl ServerHandle {
    /// Stops accepting connections and drains the requests in flight; [`Server::run`]
    /// returns when they are done, or at the drain deadline.
    pub fn shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Loads the components anew; requests in flight finish on the old ones. A reload
    /// that fails leaves the old ones in service (and is logged and counted).
    pub fn reload(&self) {
        self.reload.notify_one();
    }

    /// Shuts down on SIGTERM or Ctrl-C, reloads on SIGHUP (Ctrl-C alone elsewhere).
    /// Needs a Tokio runtime.
    pub fn on_signals(&self) -> Result<()> {
        let handle = self.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                tracing::info!("interrupted");
                handle.shutdown();
            }
        });
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let listen = |kind| {
                signal(kind).classify(FailureClass::Usage, || {
                    "failed to listen for signals".into()
                })
            };
            let mut term = listen(SignalKind::terminate())?;
            let mut hup = listen(SignalKind::hangup())?;
            let handle = self.clone();
            tokio::spawn(async move {
                loop {
                    tokio::select! {
                        Some(()) = term.recv() => {
                            tracing::info!("SIGTERM");
                            handle.shutdown();
                        }
                        Some(()) = hup.recv() => {
                            tracing::info!("SIGHUP: reloading");
                            handle.reload();
                        }
                        else => break,
                    }
                }
            });
        }
        Ok(())
    }
}

impl Server {
    /// Settings for a server.
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }

    pub(crate) fn new(builder: ServerBuilder) -> Result<Server> {
        let settings = builder.settings;
        let fuel_metered = settings.limits.fuel.is_some() || settings.ceilings.fuel.is_some();
        // Every running call and every open session holds an instance, and a load checks
        // one more: a pool that size never runs out.
        let instances = settings.max_concurrency + settings.max_sessions + 1;
        let pooling = Pooling::instances(u32::try_from(instances).unwrap_or(u32::MAX));
        let runtime = builder
            .runtime
            .pooling(pooling)
            .limits(settings.limits)
            .meter_time(true)
            .meter_fuel(fuel_metered)
            .on_progress(note_compile)
            .build()?;
        let state = State {
            runtime,
            components: builder.components,
            admission: Admission::new(settings.max_concurrency, settings.max_queue),
            sessions: Sessions::new(settings.max_sessions, settings.session_ttl),
            settings,
            generation: RwLock::new(None),
            draining: AtomicBool::new(false),
            metrics: Arc::new(Metrics::new()),
            fuel_metered,
            loading: tokio::sync::Mutex::new(()),
        };
        Ok(Server {
            state: Arc::new(state),
            handle: ServerHandle {
                shutdown: Arc::new(watch::channel(false).0),
                reload: Arc::new(Notify::new()),
            },
        })
    }

    /// A handle to shut the server down or reload it.
    pub fn handle(&self) -> ServerHandle {
        self.handle.clone()
    }

    /// Serves on `listener` until shut down: answers `/healthz` at once, loads the
    /// components (an error if the first load fails), then serves calls. Returns when
    /// the requests in flight at shutdown are done, or the drain deadline has passed.
    pub async fn run(self, listener: TcpListener) -> Result<()> {
        let state = self.state;
        let addr = listener.local_addr().classify(FailureClass::Usage, || {
            "failed to read the listening address".into()
        })?;
        tracing::info!(%addr, "listening");
        let mut stop = self.handle.shutdown.subscribe();
        let app = super::routes::router(state.clone());
        let mut stopping = stop.clone();
        let serving = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopping.wait_for(|stop| *stop).await;
            })
            .into_future();
        let mut serving = tokio::spawn(serving);

        let first = tokio::select! {
            loaded = state.load() => loaded,
            _ = stop.wait_for(|stop| *stop) => Ok(()),
        };
        if let Err(err) = first {
            self.handle.shutdown();
            let _ = serving.await;
            return Err(err);
        }
        let background = [
            tokio::spawn(reloads(state.clone(), self.handle.reload.clone())),
            tokio::spawn(expire_sessions(state.clone())),
            tokio::spawn(watch_files(state.clone(), self.handle.clone())),
        ];

        let _ = stop.wait_for(|stop| *stop).await;
        state.draining.store(true, Ordering::SeqCst);
        let drain = state.settings.drain_timeout;
        tracing::info!(
            in_flight = state.metrics.in_flight.get(),
            "shutting down: draining requests in flight"
        );
        let drained = tokio::time::timeout(drain, &mut serving).await;
        for task in background {
            task.abort();
        }
        match drained {
            Ok(_) => tracing::info!("stopped"),
            Err(_) => {
                serving.abort();
                tracing::warn!(
                    in_flight = state.metrics.in_flight.get(),
                    "the drain deadline of {} passed with requests still in flight",
                    crate::limits::format_duration(drain)
                );
            }
        }
        Ok(())
    }
}

/// Reloads when asked to.
async fn reloads(state: Arc<State>, asked: Arc<Notify>) {
    loop {
        asked.notified().await;
        // A failed reload is logged and counted; the old components stay.
        let _ = state.load().await;
    }
}

/// Closes idle sessions as their TTL passes.
async fn expire_sessions(state: Arc<State>) {
    let tick =
        (state.sessions.ttl() / 2).clamp(Duration::from_millis(100), Duration::from_secs(30));
    loop {
        tokio::time::sleep(tick).await;
        let open = state.sessions.expire();
        state.metrics.sessions.set(open as i64);
    }
}

/// With `--watch`: reloads once a component's files have changed and then stayed the same
/// for one interval (so that a file being copied in is not loaded half-written). Polling,
/// rather than file events, sees every kind of replacement, a Kubernetes ConfigMap's
/// swapped symlink included.
async fn watch_files(state: Arc<State>, handle: ServerHandle) {
    let Some(interval) = state.settings.watch else {
        return;
    };
    let stamp = |state: &State| -> Vec<Option<(SystemTime, u64)>> {
        state
            .components
            .iter()
            .flat_map(Component::files)
            .map(|path| {
                let meta = std::fs::metadata(path).ok()?;
                Some((meta.modified().ok()?, meta.len()))
            })
            .collect()
    };
    let mut loaded = stamp(&state);
    let mut seen = loaded.clone();
    loop {
        tokio::time::sleep(interval).await;
        let now = stamp(&state);
        if now != loaded && now == seen {
            tracing::info!("a component's file changed: reloading");
            loaded = now.clone();
            handle.reload();
        }
        seen = now;
    }
}
