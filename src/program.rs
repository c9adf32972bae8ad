//! The library's entry points: a runtime (engine and limits) and a loaded program.

use std::sync::OnceLock;

use anyhow::Result;
use wasmtime::Engine;

use crate::cache::{Cache, IncompatibleArtifact};
use crate::engine::EngineOptions;
use crate::exports::ExportIndex;
use crate::host::HostOptions;
use crate::load::{self, Loaded, Source};
use crate::session::Session;
use crate::wit::{ComponentWit, TypeNames};

/// A Wasmtime engine configured for wavecall; build one per process.
pub struct Runtime {
    engine: Engine,
    options: EngineOptions,
    cache: Option<Cache>,
}

impl Runtime {
    /// Builds the engine.
    pub fn new(options: EngineOptions) -> Result<Runtime> {
        Ok(Runtime {
            engine: options.build_engine()?,
            cache: Cache::from_options(&options.cache),
            options,
        })
    }

    /// Loads a component: maps it from the compile cache, or compiles (and caches) it.
    pub fn load(&self, source: &Source) -> Result<Program> {
        let loaded = load::load(&self.engine, self.cache.as_ref(), source)
            .map_err(|err| self.diagnose(err))?;
        let exports = ExportIndex::new(&self.engine, &loaded.component);
        Ok(Program {
            loaded,
            exports,
            engine: self.engine.clone(),
            options: self.options.clone(),
            type_names: OnceLock::new(),
        })
    }

    /// Compiles a component into an artifact that [`Runtime::load`] maps directly, for this
    /// runtime's engine settings (see [`load::precompile`]).
    pub fn precompile(&self, source: &Source) -> Result<Vec<u8>> {
        load::precompile(&self.engine, self.cache.as_ref(), source)
            .map_err(|err| self.diagnose(err))
    }

    /// Says what differs when an artifact was compiled for other engine settings.
    fn diagnose(&self, mut err: anyhow::Error) -> anyhow::Error {
        if let Some(incompatible) = err.downcast_mut::<IncompatibleArtifact>() {
            self.options.diagnose(incompatible);
        }
        err
    }

    /// The compile cache, unless it is disabled.
    pub fn cache(&self) -> Option<&Cache> {
        self.cache.as_ref()
    }

    /// The Wasmtime engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
}

/// A compiled component with its export index, ready to instantiate.
pub struct Program {
    /// The component and its binary.
    pub loaded: Loaded,
    /// Every exported function.
    pub exports: ExportIndex,
    engine: Engine,
    options: EngineOptions,
    type_names: OnceLock<TypeNames>,
}

impl Program {
    /// The WIT names of the types in exported signatures. The WIT is decoded on first use
    /// only (error messages and listings need it, successful calls do not).
    pub fn type_names(&self) -> &TypeNames {
        self.type_names
            .get_or_init(|| match ComponentWit::decode(&self.loaded.binary) {
                Ok(wit) => wit.type_names(&self.exports),
                Err(_) => TypeNames::default(),
            })
    }

    /// Instantiates the component with what `host` grants.
    pub fn instantiate(&self, host: &HostOptions) -> Result<Session<'_>> {
        Session::new(self, host)
    }

    /// The engine it was compiled with.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The engine options, limits included.
    pub fn options(&self) -> &EngineOptions {
        &self.options
    }
}

impl crate::invocation::ResourceNames for Program {
    fn resource_name(&self, ty: &wasmtime::component::ResourceType) -> Option<&str> {
        self.exports.resource_name(ty)
    }

    fn type_name(&self, ty: &wasmtime::component::Type) -> Option<&str> {
        self.type_names().name(ty)
    }
}
