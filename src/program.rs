//! The library's entry points: a runtime (engine and limits) and a loaded program.

use std::sync::{Arc, OnceLock};

use anyhow::Result;
use wasmtime::Engine;

use crate::cache::{Cache, IncompatibleArtifact};
use crate::engine::EngineOptions;
use crate::error::{ClassifyExt, FailureClass};
use crate::exports::ExportIndex;
use crate::host::HostOptions;
use crate::link::{self, Link, LinkedImport};
use crate::load::{self, Loaded, ProgressHook, Source};
use crate::session::Session;
use crate::wit::{ComponentWit, TypeNames};

/// A Wasmtime engine configured for wavecall; build one per process.
pub struct Runtime {
    engine: Engine,
    options: EngineOptions,
    cache: Option<Cache>,
    progress: Option<Arc<ProgressHook>>,
}

impl Runtime {
    /// Builds the engine.
    pub fn new(options: EngineOptions) -> Result<Runtime> {
        Ok(Runtime {
            engine: options.build_engine()?,
            cache: Cache::from_options(&options.cache),
            options,
            progress: None,
        })
    }

    /// Tells `hook` when loading compiles a component (a cold cache and a large component
    /// can take many seconds), so that a front end can say so.
    pub fn on_progress(&mut self, hook: Arc<ProgressHook>) {
        self.progress = Some(hook);
    }

    /// Loads a component: maps it from the compile cache, or compiles (and caches) it.
    pub fn load(&self, source: &Source) -> Result<Program> {
        let progress = self.progress.as_deref();
        let loaded = load::load_reporting(&self.engine, self.cache.as_ref(), source, progress)
            .map_err(|err| self.diagnose(err))?;
        Ok(self.program(loaded, Vec::new()))
    }

    /// Loads a component composed with `links`, components whose exports satisfy its
    /// imports (see [`link`]); without links, the same as [`Runtime::load`]. The composition
    /// goes through the compile cache like any component.
    pub fn load_linked(&self, source: &Source, links: &[Link]) -> Result<Program> {
        if links.is_empty() {
            return self.load(source);
        }
        let name = source.to_string();
        let binary = load::read_binary(source)?;
        let names: Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
        let composition = link::compose(&name, &binary, links)
            .classify(FailureClass::Load, || {
                format!("failed to link `{}` into `{name}`", names.join("`, `"))
            })?;
        let composed = Source::Bytes {
            name: name.clone(),
            bytes: composition.binary,
        };
        let progress = self.progress.as_deref();
        let loaded = load::load_reporting(&self.engine, self.cache.as_ref(), &composed, progress)
            .map_err(|err| self.diagnose(err))?;
        Ok(self.program(loaded, composition.linked))
    }

    fn program(&self, loaded: Loaded, linked: Vec<LinkedImport>) -> Program {
        let exports = ExportIndex::new(&self.engine, &loaded.component);
        Program {
            loaded,
            exports,
            linked,
            engine: self.engine.clone(),
            options: self.options.clone(),
            type_names: OnceLock::new(),
        }
    }

    /// Compiles a component into an artifact that [`Runtime::load`] maps directly, for this
    /// runtime's engine settings (see [`load::precompile`]).
    pub fn precompile(&self, source: &Source) -> Result<Vec<u8>> {
        let progress = self.progress.as_deref();
        load::precompile(&self.engine, self.cache.as_ref(), source, progress)
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
    /// The imports its links satisfy, when it was loaded with links.
    pub linked: Vec<LinkedImport>,
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
