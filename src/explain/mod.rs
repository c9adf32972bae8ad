//! The library side of `wavecall explain`: finding a function's WIT declaration, in a
//! component or in a WIT package, and handing a call to the ABI model ([`crate::abi`],
//! the `wavecall-abi` crate, which knows nothing of Wasmtime).
//!
//! A signature needs only the component's types: [`Explainer::from_wit`] with
//! [`Wit::read`] reads them without compiling anything. A real call's arguments are
//! converted by a running [`Session`](crate::Session)
//! ([`Session::prepare_call`](crate::Session::prepare_call)) and adapted to the model by
//! [`abi_values`]; calls against a WIT package are checked and read against its types by
//! [`wit_calls::check`], with no component at all.
//!
//! ```
//! use wavecall::abi::{CallOptions, Explanation, StringEncoding, function_abi};
//! use wavecall::explain::{Explainer, abi_values};
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
//! println!("{}", function_abi(resolve, &wit, StringEncoding::Utf8));
//! let args = abi_values(&call.args);
//! let options = CallOptions::default();
//! println!("{}", Explanation::new(resolve, &wit, "area(…)", &args, options)?);
//! # Ok(())
//! # }
//! ```

mod values;
pub mod wit_calls;

pub use values::{abi_value, abi_values};

use anyhow::{Result, anyhow};
use wasmtime::component::wit_parser::{Function, Resolve, WorldId};

use crate::abi::ExplainError;
use crate::error::{Classified, ClassifyExt, FailureClass};
use crate::exports::{ExportNotFound, ExportPath, resolve_among};
use crate::program::Program;
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

/// An error of the ABI model as wavecall reports it: the class behind the exit status,
/// the context naming the `--base` that caused it, a caret under a call.
pub fn classify(err: ExplainError) -> anyhow::Error {
    let usage = FailureClass::Usage;
    match err {
        ExplainError::Lowering {
            function,
            base,
            error,
        } => error.context(Classified::new(
            usage,
            format!("cannot explain the lowering of `{function}` (`--base {base:#x}`)"),
        )),
        // One cause line: the allocation that does not fit, and why.
        ExplainError::Lifting {
            target,
            base,
            error,
        } => anyhow!("{error:#}").context(Classified::new(
            usage,
            format!("cannot explain the lifting of the result of `{target}` (`--base {base:#x}`)"),
        )),
        ExplainError::Call(err) => anyhow::Error::new(wit_calls::invocation_error(err)),
        ExplainError::Wit(err) => err.context(Classified::new(
            FailureClass::Load,
            "failed to read the WIT".to_string(),
        )),
    }
}
