//! The library's entry point: a [`Runtime`] (a Wasmtime engine, its limits and the compile
//! cache), built once per process, that loads programs.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use wasmtime::Engine;

use crate::cache::{Cache, CacheOptions, IncompatibleArtifact};
use crate::engine::Settings;
use crate::error::{ClassifyExt, FailureClass};
use crate::limits::{Limits, Metering};
use crate::link::{self, Link, LinkedImport};
use crate::load::{self, LoadProgress, Loaded, ProgressHook, Source};
use crate::pool::{self, Pooling, Reservations};
use crate::program::Program;
use crate::wit::WitDecoder;

/// A Wasmtime engine configured for wavecall, with the limits every session gets by
/// default and the compile cache; build one per process and load any number of programs.
///
/// ```
/// use std::time::Duration;
/// use wavecall::Runtime;
///
/// # fn main() -> anyhow::Result<()> {
/// let runtime = Runtime::builder()
///     .timeout(Duration::from_secs(2))
///     .max_memory(64 << 20)
///     .build()?;
/// assert_eq!(runtime.limits().timeout, Some(Duration::from_secs(2)));
/// # Ok(())
/// # }
/// ```
pub struct Runtime {
    engine: Engine,
    limits: Limits,
    metering: Metering,
    cache: Option<Cache>,
    progress: Option<Arc<ProgressHook>>,
    wit_decoder: WitDecoder,
    pooling: Option<Pooling>,
    /// The address space its programs' pools reserve together.
    reservations: Arc<Reservations>,
}

/// Settings for a [`Runtime`]; every one has a default, so that new ones can come without
/// breaking anyone.
#[derive(Default)]
#[must_use]
pub struct RuntimeBuilder {
    limits: Limits,
    metering: Metering,
    cache: CacheOptions,
    progress: Option<Arc<ProgressHook>>,
    wit_decoder: WitDecoder,
    pooling: Option<Pooling>,
}

impl RuntimeBuilder {
    /// The limits every session gets unless it sets its own (replaces any set before).
    pub fn limits(mut self, limits: Limits) -> RuntimeBuilder {
        self.limits = limits;
        self
    }

    /// Fuel for each call: roughly one unit per WebAssembly instruction. Turns fuel
    /// metering on.
    pub fn fuel(mut self, fuel: u64) -> RuntimeBuilder {
        self.limits.fuel = Some(fuel);
        self
    }

    /// Wall-clock time each call (and instantiation) may take. Turns time metering on.
    pub fn timeout(mut self, timeout: std::time::Duration) -> RuntimeBuilder {
        self.limits.timeout = Some(timeout);
        self
    }

    /// The most bytes any one linear memory may grow to (tables: as many 8-byte elements).
    pub fn max_memory(mut self, bytes: u64) -> RuntimeBuilder {
        self.limits.max_memory = Some(bytes);
        self
    }

    /// The most bytes of native stack WebAssembly code may use, at most
    /// [`limits::MAX_STACK`](crate::limits::MAX_STACK).
    pub fn max_stack(mut self, bytes: usize) -> RuntimeBuilder {
        self.limits.max_stack = Some(bytes);
        self
    }

    /// The most bytes the guest may write to each of stdout and stderr in a session.
    pub fn max_output(mut self, bytes: u64) -> RuntimeBuilder {
        self.limits.max_output = Some(bytes);
        self
    }

    /// Meters fuel even without a default fuel limit, so that sessions and calls can set
    /// one (calls without one get all there is). Metering slows every call.
    pub fn meter_fuel(mut self, on: bool) -> RuntimeBuilder {
        self.metering.fuel = on;
        self
    }

    /// Meters time even without a default timeout, so that sessions and calls can set one.
    pub fn meter_time(mut self, on: bool) -> RuntimeBuilder {
        self.metering.timeout = on;
        self
    }

    /// Keeps compiled components in `dir` (created on first write); `$WAVECALL_CACHE_DIR`
    /// takes precedence, so that a CI job can point every run at one cache.
    pub fn cache_dir(mut self, dir: impl Into<PathBuf>) -> RuntimeBuilder {
        self.cache.enabled = true;
        self.cache.dir = Some(dir.into());
        self
    }

    /// Keeps compiled components in `$WAVECALL_CACHE_DIR`, else the platform's cache
    /// directory (such as `~/.cache/wavecall`). The cache is off unless asked for: a
    /// library does not write to a user's cache directory unasked.
    pub fn default_cache(mut self) -> RuntimeBuilder {
        self.cache.enabled = true;
        self
    }

    /// The largest total size of the compile cache; the least recently used components go
    /// first. 1 GiB unless set.
    pub fn cache_max_size(mut self, bytes: u64) -> RuntimeBuilder {
        self.cache.max_size = bytes;
        self
    }

    /// Tells `hook` when loading compiles a component (a cold cache and a large component
    /// can take many seconds), so that a front end can say so. Called on the loading thread.
    pub fn on_progress(
        mut self,
        hook: impl Fn(&LoadProgress) + Send + Sync + 'static,
    ) -> RuntimeBuilder {
        self.progress = Some(Arc::new(hook));
        self
    }

    /// How wit-parser decodes the WIT of loaded programs (for error messages and
    /// [`Program::wit`]): in this process unless set.
    pub fn wit_decoder(mut self, decoder: WitDecoder) -> RuntimeBuilder {
        self.wit_decoder = decoder;
        self
    }

    /// Pools the instances of every program it loads, for front ends that start many fresh
    /// instances of one program ([`crate::SessionPre`]: a test run, a service, a REPL's
    /// reset): each program gets a pool sized from its component for `pooling.instances`
    /// live instances, and a fresh instance takes microseconds instead of the tens an
    /// allocation on demand takes. A component that does not fit a pool is allocated on
    /// demand, with a log record that says why. Off unless set: one instance is faster
    /// without.
    pub fn pooling(mut self, pooling: Pooling) -> RuntimeBuilder {
        self.pooling = Some(pooling);
        self
    }

    /// Builds the engine; an error when a limit cannot work (a stack limit of 0).
    pub fn build(self) -> Result<Runtime> {
        let metering = Metering {
            fuel: self.metering.fuel || self.limits.fuel.is_some(),
            timeout: self.metering.timeout || self.limits.timeout.is_some(),
        };
        Ok(Runtime {
            engine: crate::engine::build(&self.limits, metering)?,
            limits: self.limits,
            metering,
            cache: Cache::from_options(&self.cache),
            progress: self.progress,
            wit_decoder: self.wit_decoder,
            pooling: self.pooling,
            reservations: Arc::default(),
        })
    }
}

impl Runtime {
    /// Settings for a runtime.
    pub fn builder() -> RuntimeBuilder {
        RuntimeBuilder::default()
    }

    /// A runtime with no limits and no compile cache.
    pub fn new() -> Result<Runtime> {
        Runtime::builder().build()
    }

    /// Loads a component: maps it from the compile cache, or compiles (and caches) it.
    pub fn load(&self, source: impl Into<Source>) -> Result<Program> {
        self.program(source).load()
    }

    /// A program to load from `source`, composed with links first if any are added.
    pub fn program(&self, source: impl Into<Source>) -> ProgramBuilder<'_> {
        ProgramBuilder {
            runtime: self,
            source: source.into(),
            links: Vec::new(),
        }
    }

    /// Compiles a component into an artifact that [`Runtime::load`] maps directly, for this
    /// runtime's engine settings: Wasmtime's image, the component binary (for its WIT) and
    /// a checked trailer (`wavecall compile`).
    pub fn precompile(&self, source: impl Into<Source>) -> Result<Vec<u8>> {
        let progress = self.progress.as_deref();
        load::precompile(&self.engine, self.cache.as_ref(), &source.into(), progress)
            .map_err(|err| self.diagnose(err))
    }

    /// Says what differs when an artifact was compiled for other engine settings.
    fn diagnose(&self, mut err: anyhow::Error) -> anyhow::Error {
        if let Some(incompatible) = err.downcast_mut::<IncompatibleArtifact>() {
            crate::engine::diagnose(&self.limits, self.metering, incompatible);
        }
        err
    }

    /// The limits every session gets unless it sets its own.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Which limits the engine meters.
    pub fn metering(&self) -> Metering {
        self.metering
    }

    /// How it pools the instances of the programs it loads, when it does.
    pub fn pooling(&self) -> Option<&Pooling> {
        self.pooling.as_ref()
    }

    /// The compile cache, unless it is off.
    pub fn cache(&self) -> Option<&Cache> {
        self.cache.as_ref()
    }

    /// The Wasmtime engine, for embedders who need more of Wasmtime's API.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// What a program it loads keeps of it.
    fn settings(&self) -> Settings {
        Settings {
            engine: self.engine.clone(),
            limits: self.limits,
            metering: self.metering,
            wit_decoder: self.wit_decoder,
        }
    }

    /// The program made of what was loaded: when the runtime pools, moved into an engine of
    /// its own with a pool sized for its component, if the component fits one.
    fn finish(&self, mut loaded: Loaded, linked: Vec<LinkedImport>) -> Program {
        let mut settings = self.settings();
        let Some(pooling) = &self.pooling else {
            return Program::new(settings, loaded, linked, None);
        };
        let make = |strategy| crate::engine::build_with(&self.limits, self.metering, strategy);
        let pooled = pool::pool(
            &self.engine,
            &loaded.component,
            pooling,
            &self.reservations,
            make,
        );
        match pooled {
            Ok(pooled) => {
                let size = &pooled.pool.size;
                log::debug!(
                    "pooling the instances of `{}`: {} at once; memory slots: {} of {} (and a \
                     guard); table slots: {} of {} elements; {} of address space reserved",
                    loaded.name,
                    size.instances,
                    size.memories,
                    pool::approximately(size.max_memory),
                    size.tables,
                    size.table_elements,
                    pool::approximately(size.reserved)
                );
                settings.engine = pooled.engine;
                loaded.component = pooled.component;
                Program::new(settings, loaded, linked, Some(pooled.pool))
            }
            Err(why) => {
                log::info!(
                    "not pooling the instances of `{}`, each is allocated on demand: {why:#}",
                    loaded.name
                );
                Program::new(settings, loaded, linked, None)
            }
        }
    }
}

/// A component to load, and the links to compose it with first.
#[must_use]
pub struct ProgramBuilder<'r> {
    runtime: &'r Runtime,
    source: Source,
    links: Vec<Link>,
}

impl ProgramBuilder<'_> {
    /// Satisfies imports with the exports of `link`, composed as `wac plug` composes
    /// components (see [`crate::link`]); the first link that exports an import satisfies it.
    pub fn link(mut self, link: Link) -> Self {
        self.links.push(link);
        self
    }

    /// Adds every link of `links`, in order.
    pub fn links(mut self, links: impl IntoIterator<Item = Link>) -> Self {
        self.links.extend(links);
        self
    }

    /// Reads, composes and compiles (through the compile cache) the program.
    pub fn load(self) -> Result<Program> {
        let runtime = self.runtime;
        let progress = runtime.progress.as_deref();
        let cache = runtime.cache.as_ref();
        if self.links.is_empty() {
            let loaded = load::load_reporting(&runtime.engine, cache, &self.source, progress)
                .map_err(|err| runtime.diagnose(err))?;
            return Ok(runtime.finish(loaded, Vec::new()));
        }
        let name = self.source.to_string();
        let binary = load::read_binary(&self.source)?;
        let names: Vec<&str> = self.links.iter().map(|l| l.name.as_str()).collect();
        let composition = link::compose(&name, &binary, &self.links)
            .classify(FailureClass::Load, || {
                format!("failed to link `{}` into `{name}`", names.join("`, `"))
            })?;
        let composed = Source::Bytes {
            name,
            bytes: composition.binary,
        };
        let loaded = load::load_reporting(&runtime.engine, cache, &composed, progress)
            .map_err(|err| runtime.diagnose(err))?;
        Ok(runtime.finish(loaded, composition.linked))
    }
}
