//! A component's WIT: decoded from its binary without compiling anything, printed, and
//! listed as the functions to call and their signatures.
//!
//! Decoding reads the component's types only, so it takes milliseconds on any size. When
//! wit-parser cannot decode a valid component, the WIT is rebuilt from the component's
//! types (`fallback/`) and marked [`Partial`].

mod fallback;
mod guard;
mod signature;
mod type_names;

use anyhow::{Context, Result, bail};
use wasmtime::component::wit_parser::{Function, Resolve, WorldId, WorldItem};
use wit_component::{DecodedWasm, WitPrinter};

use crate::error::{ClassifyExt, FailureClass};
use crate::exports::ExportPath;
use crate::load::Source;
pub use guard::{decode_child_main, decode_in_child};
pub use signature::Signature;
pub(crate) use type_names::TypeNames;

/// How wit-parser's decoder runs.
#[derive(Debug, Clone, Copy, Default)]
pub enum WitDecoder {
    /// In this process. A panic in the decoder is caught and the WIT rebuilt from the
    /// component's types (the panic hook still prints it); a stack overflow, which
    /// wit-parser 0.254 has on components with cyclic package dependencies, aborts the
    /// process.
    #[default]
    InProcess,
    /// First in a child process, so that a crash ends the child: for a program that decodes
    /// untrusted components. The function runs the decoder where its crash cannot end this
    /// process and says how it failed, if it did; [`decode_in_child`] is the usual one.
    /// A workaround (see `guard.rs`), to be deleted with the wit-parser bug it guards against.
    Guarded(fn(&[u8]) -> Option<String>),
}

/// A component's decoded WIT world.
#[derive(Clone)]
pub struct Wit {
    /// Every package the component refers to.
    pub resolve: Resolve,
    /// The component's own world.
    pub world: WorldId,
    /// Set when the WIT was rebuilt from the component's types.
    pub partial: Option<Partial>,
    /// Functions of instances nested inside exported instances (`math.inner.neg`), which no
    /// WIT world can hold: only WIT rebuilt from a component's types has them.
    pub nested: Vec<WitExport>,
}

/// Why the WIT was rebuilt from the component's types, and what it could not say: names
/// the component does not give are made up, and items WIT has no words for are left out.
#[derive(Debug, Clone)]
pub struct Partial {
    /// wit-parser's reason for not decoding the component.
    pub reason: String,
    /// Each made-up name and each item left out, one sentence each.
    pub gaps: Vec<String>,
}

/// A function the world exports, and the instance path it is exported under.
#[derive(Debug, Clone)]
pub struct WitExport {
    /// The exported interface's name, or nothing for a function of the world itself.
    pub instance_path: Vec<String>,
    /// Its WIT declaration.
    pub func: Function,
}

impl ExportPath for WitExport {
    fn instance_path(&self) -> &[String] {
        &self.instance_path
    }

    fn name(&self) -> &str {
        &self.func.name
    }
}

impl Wit {
    /// Decodes the WIT a component binary describes, in this process; when wit-parser
    /// cannot, rebuilds it from the component's types (see [`Wit::partial`]).
    pub fn decode(binary: &[u8]) -> Result<Wit> {
        Wit::decode_with(binary, WitDecoder::InProcess)
    }

    /// [`Wit::decode`], with wit-parser's decoder run as `decoder` says.
    pub fn decode_with(binary: &[u8], decoder: WitDecoder) -> Result<Wit> {
        let err = match decode_with_wit_parser(binary, decoder) {
            Ok((resolve, world)) => {
                return Ok(Wit {
                    resolve,
                    world,
                    partial: None,
                    nested: Vec::new(),
                });
            }
            Err(err) => err,
        };
        match fallback::rebuild(binary) {
            Ok(rebuilt) => Ok(Wit {
                resolve: rebuilt.resolve,
                world: rebuilt.world,
                partial: Some(Partial {
                    reason: err.root_cause().to_string(),
                    gaps: rebuilt.gaps,
                }),
                nested: rebuilt.nested,
            }),
            // The types themselves are wrong: wit-parser's reason says it best.
            Err(_) => Err(err),
        }
    }

    /// Reads a component (binary, text or a `.cwasm` artifact) without compiling it, and
    /// decodes its WIT.
    pub fn read(source: impl Into<Source>, decoder: WitDecoder) -> Result<Wit> {
        let source = source.into();
        let binary = crate::load::read_binary(&source)?;
        Wit::decode_with(&binary, decoder).classify(FailureClass::Load, || {
            format!("failed to read the WIT of `{source}`")
        })
    }

    /// A world of a WIT package, to explain its functions without a component.
    pub fn from_world(resolve: Resolve, world: WorldId) -> Wit {
        Wit {
            resolve,
            world,
            partial: None,
            nested: Vec::new(),
        }
    }

    /// Every function the world exports, in order: the world's own and its interfaces'.
    pub fn exports(&self) -> Vec<WitExport> {
        let mut exports = world_exports(&self.resolve, self.world);
        exports.extend(self.nested.iter().cloned());
        exports
    }

    /// The world as WIT text, with the packages it uses.
    pub fn to_text(&self) -> Result<String> {
        let package = self.resolve.worlds[self.world]
            .package
            .context("the decoded world belongs to no package")?;
        let nested: Vec<_> = self
            .resolve
            .packages
            .iter()
            .map(|(id, _)| id)
            .filter(|id| *id != package)
            .collect();
        // The printer asserts what wit-parser's own decoding guarantees; WIT rebuilt from a
        // component's types may not hold to all of it, and a listing is no reason to crash.
        let printed = std::panic::catch_unwind(|| {
            let mut printer = WitPrinter::default();
            printer
                .print(&self.resolve, package, &nested)
                .map(|()| printer.output.to_string())
        });
        printed.map_err(|_| anyhow::anyhow!("the WIT printer failed on this component's WIT"))?
    }

    /// The WIT declaration of an exported function.
    pub fn function(&self, func: &impl ExportPath) -> Option<&Function> {
        world_function(&self.resolve, self.world, func).or_else(|| {
            self.nested
                .iter()
                .find(|n| n.instance_path == func.instance_path() && n.func.name == func.name())
                .map(|n| &n.func)
        })
    }
}

/// Every function `world` exports, in order: the world's own and its interfaces'.
pub(crate) fn world_exports(resolve: &Resolve, world: WorldId) -> Vec<WitExport> {
    let mut out = Vec::new();
    for (key, item) in &resolve.worlds[world].exports {
        match item {
            WorldItem::Function(func) => out.push(WitExport {
                instance_path: Vec::new(),
                func: func.clone(),
            }),
            WorldItem::Interface { id, .. } => {
                let path = vec![resolve.name_world_key(key)];
                for func in resolve.interfaces[*id].functions.values() {
                    out.push(WitExport {
                        instance_path: path.clone(),
                        func: func.clone(),
                    });
                }
            }
            WorldItem::Type { .. } => {}
        }
    }
    out
}

/// The declaration of the function `func` names among the exports of `world`.
pub(crate) fn world_function<'r>(
    resolve: &'r Resolve,
    world: WorldId,
    func: &impl ExportPath,
) -> Option<&'r Function> {
    for (key, item) in &resolve.worlds[world].exports {
        match (item, func.instance_path()) {
            (WorldItem::Function(f), []) if f.name == func.name() => return Some(f),
            (WorldItem::Interface { id, .. }, [instance])
                if *instance == resolve.name_world_key(key) =>
            {
                return resolve.interfaces[*id].functions.get(func.name());
            }
            _ => {}
        }
    }
    None
}

/// wit-parser's decoding, with its panics (and, guarded, its crashes) turned into errors.
fn decode_with_wit_parser(binary: &[u8], decoder: WitDecoder) -> Result<(Resolve, WorldId)> {
    if let WitDecoder::Guarded(check) = decoder
        && let Some(failure) = check(binary)
    {
        return Err(anyhow::anyhow!("it {failure}"))
            .context("failed to decode the component's WIT with wit-parser 0.254");
    }
    // wit-parser 0.254 panics (`unreachable!`) on some components Wasmtime accepts,
    // found by fuzzing: treat that as a decoding error, not a crash.
    let decoded = std::panic::catch_unwind(|| wit_component::decode(binary))
        .map_err(|_| anyhow::anyhow!("it panics on this component"))
        .and_then(|decoded| decoded)
        .context("failed to decode the component's WIT")?;
    let DecodedWasm::Component(resolve, world) = decoded else {
        bail!("expected a component, found a WIT package");
    };
    Ok((resolve, world))
}
