//! A loaded program: a compiled component with its export index, ready to instantiate.

use std::sync::OnceLock;

use anyhow::Result;
use wasmtime::Engine;
use wasmtime::component::{Component, ResourceType, Type};

use crate::engine::Settings;
use crate::error::{ClassifyExt, FailureClass};
use crate::exports::ExportIndex;
use crate::limits::{Limits, Metering};
use crate::link::LinkedImport;
use crate::load::Loaded;
use crate::pool::{Pool, PoolSize};
use crate::wit::{TypeNames, Wit, WitDecoder};

/// A compiled component with its export index, ready to instantiate any number of times
/// ([`Program::session`]). Cheap to share: sessions borrow it.
///
/// The methods that set up sessions and check calls and mocks live with those steps
/// (`session/`, `host/`), which build on a program; this file holds what a program is.
pub struct Program {
    loaded: Loaded,
    exports: ExportIndex,
    linked: Vec<LinkedImport>,
    runtime: Settings,
    /// Decoded on first use only: error messages and listings need it, calls do not.
    wit: OnceLock<Result<Wit, String>>,
    type_names: OnceLock<TypeNames>,
    /// The pool its instances come from, when its runtime pools and it fits one; then
    /// `runtime.engine` is its own (`pool.rs`).
    pool: Option<Pool>,
}

impl Program {
    pub(crate) fn new(
        runtime: Settings,
        loaded: Loaded,
        linked: Vec<LinkedImport>,
        pool: Option<Pool>,
    ) -> Program {
        let exports = ExportIndex::new(&runtime.engine, &loaded.component);
        Program {
            loaded,
            exports,
            linked,
            runtime,
            wit: OnceLock::new(),
            type_names: OnceLock::new(),
            pool,
        }
    }

    /// The pool its instances come from: set when its runtime pools
    /// ([`crate::RuntimeBuilder::pooling`]) and the component fits a pool.
    pub fn pool(&self) -> Option<&PoolSize> {
        self.pool.as_ref().map(|pool| &pool.size)
    }

    /// Where it came from, as messages name it (a path, `<stdin>`, a given name).
    pub fn name(&self) -> &str {
        &self.loaded.name
    }

    /// Every exported function, and the names that reach each.
    pub fn exports(&self) -> &ExportIndex {
        &self.exports
    }

    /// The imports its links satisfy, when it was loaded with links.
    pub fn linked(&self) -> &[LinkedImport] {
        &self.linked
    }

    /// The component's WIT, decoded on first use (see [`Wit::decode`]).
    pub fn wit(&self) -> Result<&Wit> {
        let wit = self.wit.get_or_init(|| {
            let binary = self.binary().map_err(|e| format!("{e:#}"))?;
            Wit::decode_with(binary, self.runtime.wit_decoder).map_err(|e| format!("{e:#}"))
        });
        wit.as_ref()
            .map_err(|e| anyhow::anyhow!("{e}"))
            .classify(FailureClass::Load, || {
                format!("failed to read the WIT of `{}`", self.name())
            })
    }

    /// The component binary (text input converted), read on first use: a warm start from
    /// the compile cache does not read the component file.
    pub fn binary(&self) -> Result<&[u8]> {
        self.loaded.binary.get().classify(FailureClass::Load, || {
            format!("failed to read the binary of `{}`", self.name())
        })
    }

    /// The compiled component, for embedders who need more of Wasmtime's API.
    pub fn component(&self) -> &Component {
        &self.loaded.component
    }

    /// The engine it was compiled with, or its own when it is pooled.
    pub fn engine(&self) -> &Engine {
        &self.runtime.engine
    }

    /// The limits its sessions get unless they set their own: the runtime's.
    pub fn limits(&self) -> &Limits {
        &self.runtime.limits
    }

    /// Which limits the engine meters.
    pub fn metering(&self) -> Metering {
        self.runtime.metering
    }

    /// How its WIT is decoded.
    pub(crate) fn wit_decoder(&self) -> WitDecoder {
        self.runtime.wit_decoder
    }

    /// The WIT names of the types in exported signatures (none when the WIT cannot be
    /// decoded: messages then describe types by their structure).
    pub(crate) fn type_names(&self) -> &TypeNames {
        self.type_names.get_or_init(|| match self.wit() {
            Ok(wit) => TypeNames::of(wit, &self.exports),
            Err(_) => TypeNames::default(),
        })
    }
}

impl crate::invocation::ResourceNames for Program {
    fn resource_name(&self, ty: &ResourceType) -> Option<&str> {
        self.exports.resource_name(ty)
    }

    fn type_name(&self, ty: &Type) -> Option<&str> {
        self.type_names().name(ty)
    }
}
