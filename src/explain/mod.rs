//! The library side of `wavecall explain`: finding a function's WIT declaration, in a
//! component or in a WIT package, ready for the reports of [`crate::abi`].
//!
//! A signature needs only the component's types: [`Explainer::from_wit`] with
//! [`Wit::read`] reads them without compiling anything. A call's arguments are converted by a running
//! [`Session`](crate::Session) ([`Session::prepare_call`](crate::Session::prepare_call)), or, for a
//! WIT package, by the [`CallChecker`](crate::CallChecker) of a [`stand_in`] component with
//! the world's types.
//!
//! ```
//! use wavecall::abi::{CallOptions, StringEncoding, explain_call, explain_function};
//! use wavecall::explain::Explainer;
//! use wavecall::Runtime;
//!
//! # fn main() -> anyhow::Result<()> {
//! # let shapes = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/shapes.wasm");
//! let program = Runtime::new()?.load(shapes)?;
//! let explainer = Explainer::new(&program)?;
//! let mut session = program.session().start()?;
//! let call = session.prepare_call("area(circle({radius: 1.0}))")?;
//! let wit = explainer.declaration(&call.func)?;
//! let resolve = &explainer.wit().resolve;
//! println!("{}", explain_function(resolve, &wit, StringEncoding::Utf8));
//! println!("{}", explain_call(resolve, &wit, &call.args, CallOptions::default())?);
//! # Ok(())
//! # }
//! ```

mod call;

pub use call::{CallExplanation, POST_RETURN, SetupCall};

use anyhow::Result;
use wasmtime::component::wit_parser::{Function, LiftLowerAbi, ManglingAndAbi, Resolve, WorldId};

use crate::error::{ClassifyExt, FailureClass, InvocationError};
use crate::exports::{ExportNotFound, ExportPath, resolve_among};
use crate::invocation;
use crate::load::Source;
use crate::program::Program;
use crate::runtime::Runtime;
use crate::wit::Wit;

/// A component's (or a WIT world's) decoded WIT, to explain its exports.
pub struct Explainer {
    wit: Wit,
}

impl Explainer {
    /// Explains a compiled program: decodes its WIT (once; every explanation reuses it).
    pub fn new(program: &Program) -> Result<Explainer> {
        let binary = program.binary()?;
        let wit = Wit::decode_with(binary, program.wit_decoder())
            .classify(FailureClass::Load, || {
                format!("failed to read the WIT of `{}`", program.name())
            })?;
        Ok(Explainer { wit })
    }

    /// Explains the functions of decoded WIT: [`Wit::read`] reads a component's without
    /// compiling it.
    pub fn from_wit(wit: Wit) -> Explainer {
        Explainer { wit }
    }

    /// Explains the functions a world of a WIT package exports.
    pub fn from_world(resolve: Resolve, world: WorldId) -> Explainer {
        Explainer {
            wit: Wit::from_world(resolve, world),
        }
    }

    /// The decoded WIT.
    pub fn wit(&self) -> &Wit {
        &self.wit
    }

    /// The WIT declaration of the function `name` names (any name `wavecall run` accepts).
    pub fn function(&self, name: &str) -> Result<Function> {
        let exports = self.wit.exports();
        let found = resolve_among(&exports, name).map_err(|err| err.at(name, 0..name.len()))?;
        Ok(found.func.clone())
    }

    /// The WIT declaration of an exported function.
    pub fn declaration(&self, func: &impl ExportPath) -> Result<Function> {
        self.wit
            .function(func)
            .cloned()
            .ok_or_else(|| {
                let path: Vec<&str> = func.instance_path().iter().map(String::as_str).collect();
                let name = [path.as_slice(), &[func.name()]].concat().join(".");
                anyhow::anyhow!("the component's WIT does not declare `{name}`")
            })
            .classify(FailureClass::Load, || {
                "failed to read the component's WIT".to_string()
            })
    }
}

/// A component with the imports and exports of `world` and nothing behind them, compiled
/// with `runtime`: calls written against a WIT package are checked by the same code
/// ([`CallChecker`](crate::CallChecker)) as calls of a real component. Its functions are never called.
pub fn stand_in(runtime: &Runtime, resolve: &Resolve, world: WorldId) -> Result<Program> {
    let name = format!("world `{}`", resolve.worlds[world].name);
    let build = || -> Result<Vec<u8>> {
        let mangling = ManglingAndAbi::Legacy(LiftLowerAbi::Sync);
        let mut module = wit_component::dummy_module(resolve, world, mangling);
        let encoding = wit_component::StringEncoding::UTF8;
        wit_component::embed_component_metadata(&mut module, resolve, world, encoding)?;
        wit_component::ComponentEncoder::default()
            .module(&module)?
            .validate(true)
            .encode()
    };
    let bytes = build().classify(FailureClass::Load, || {
        format!("failed to build a component with the types of {name}")
    })?;
    runtime.load(Source::Bytes { name, bytes })
}

/// The function `name` among the exports of `world`: a function of the world (`area`) or of
/// an exported interface, by any name `wavecall run` accepts for it.
pub fn world_function<'r>(
    resolve: &'r Resolve,
    world: WorldId,
    name: &str,
) -> Result<&'r Function, ExportNotFound> {
    let exports = crate::wit::world_exports(resolve, world);
    let found = resolve_among(&exports, name)?;
    Ok(crate::wit::world_function(resolve, world, found)
        .expect("a function found among the world's exports is one of them"))
}

/// Checks every call in order and converts the last one, without running anything (a
/// handle bound by an earlier call stands in as a placeholder): for calls written against a
/// [`stand_in`] of a WIT world.
pub fn check_without_running(
    program: &Program,
    calls: &[String],
) -> Result<crate::session::PreparedCall> {
    let mut checker = program.checker()?;
    let mut last = None;
    for call in calls {
        last = checker.check(call)?;
    }
    last.ok_or_else(|| {
        let text = calls.last().map_or("", String::as_str);
        let parsed = invocation::parse(text).map(|c| c.target);
        let span = parsed.unwrap_or(0..text.len());
        anyhow::Error::new(InvocationError::new(
            text,
            span,
            "`drop` is wavecall's own way to drop a handle, not a function to explain",
        ))
    })
}
