//! The component's WIT, decoded from its binary: printing it, and the WIT names of types.
//!
//! Wasmtime's `Type` is structural; the names a component author wrote (`shape`, `circle`)
//! live only in the WIT the component carries. Errors and listings use them. Decoding reads
//! the component's types and compiles nothing, so it takes milliseconds on any size. When
//! wit-parser cannot decode a valid component, the WIT is rebuilt from the component's
//! types (`fallback.rs`) and marked [`Partial`].

mod fallback;

use anyhow::{Context, Result, bail};
use wasmtime::component::Type;
use wasmtime::component::wit_parser::{
    Function, Resolve, Type as WitType, TypeDefKind, WorldId, WorldItem,
};
use wit_component::{DecodedWasm, WitPrinter};

use crate::exports::{ExportIndex, ExportPath};

/// A component's decoded WIT world.
pub struct ComponentWit {
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

impl ComponentWit {
    /// Decodes the WIT a component binary describes; when wit-parser cannot, rebuilds it
    /// from the component's types (see [`ComponentWit::partial`]).
    pub fn decode(binary: &[u8]) -> Result<ComponentWit> {
        let err = match decode_with_wit_parser(binary) {
            Ok((resolve, world)) => {
                return Ok(ComponentWit {
                    resolve,
                    world,
                    partial: None,
                    nested: Vec::new(),
                });
            }
            Err(err) => err,
        };
        match fallback::rebuild(binary) {
            Ok(rebuilt) => Ok(ComponentWit {
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

    /// A world of a WIT package, to explain its functions without a component.
    pub fn from_world(resolve: Resolve, world: WorldId) -> ComponentWit {
        ComponentWit {
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

    /// Pairs every Wasmtime type in exported signatures with the WIT name it was declared
    /// under, if any.
    pub fn type_names(&self, exports: &ExportIndex) -> TypeNames {
        let mut names = TypeNames::default();
        for func in exports.funcs() {
            let Some(wit) = self.function(func) else {
                continue;
            };
            for ((_, ty), param) in func.params().iter().zip(&wit.params) {
                names.walk(&self.resolve, &param.ty, ty);
            }
            if let (Some(ty), Some(result)) = (func.results().first(), &wit.result) {
                names.walk(&self.resolve, result, ty);
            }
        }
        names
    }
}

/// WIT names for Wasmtime types.
#[derive(Default)]
pub struct TypeNames {
    names: Vec<(Type, String)>,
}

impl TypeNames {
    /// The WIT name of a type, if it was declared with one.
    pub fn name(&self, ty: &Type) -> Option<&str> {
        self.names
            .iter()
            .find(|(t, _)| t == ty)
            .map(|(_, n)| n.as_str())
    }

    fn walk(&mut self, resolve: &Resolve, wit: &WitType, ty: &Type) {
        let WitType::Id(id) = wit else {
            return;
        };
        let def = &resolve.types[*id];
        // Wasmtime's types are structural: every `u8` is one `Type`, and so is every
        // `list<u8>`. The name of an alias (`type byte = u8`, `type bytes = list<u8>`) would
        // name every such type in every signature, so only the kinds WIT names nominally
        // (records, variants, enums, flags) keep their names; aliases are seen through.
        let nominal = matches!(
            def.kind,
            TypeDefKind::Record(_)
                | TypeDefKind::Variant(_)
                | TypeDefKind::Enum(_)
                | TypeDefKind::Flags(_)
        );
        if let Some(name) = &def.name
            && nominal
            && self.name(ty).is_none()
        {
            self.names.push((ty.clone(), name.clone()));
        }
        match (&def.kind, ty) {
            (TypeDefKind::Type(inner), _) => self.walk(resolve, inner, ty),
            (TypeDefKind::Record(r), Type::Record(t)) => {
                for (field, ft) in r.fields.iter().zip(t.fields()) {
                    self.walk(resolve, &field.ty, &ft.ty);
                }
            }
            (TypeDefKind::Variant(v), Type::Variant(t)) => {
                for (case, ct) in v.cases.iter().zip(t.cases()) {
                    if let (Some(w), Some(t)) = (&case.ty, &ct.ty) {
                        self.walk(resolve, w, t);
                    }
                }
            }
            (TypeDefKind::Tuple(w), Type::Tuple(t)) => {
                for (w, t) in w.types.iter().zip(t.types()) {
                    self.walk(resolve, w, &t);
                }
            }
            (TypeDefKind::Option(w), Type::Option(t)) => self.walk(resolve, w, &t.ty()),
            (TypeDefKind::List(w), Type::List(t)) => self.walk(resolve, w, &t.ty()),
            (TypeDefKind::Result(r), Type::Result(t)) => {
                if let (Some(w), Some(t)) = (&r.ok, t.ok()) {
                    self.walk(resolve, w, &t);
                }
                if let (Some(w), Some(t)) = (&r.err, t.err()) {
                    self.walk(resolve, w, &t);
                }
            }
            _ => {}
        }
    }
}

/// Every function `world` exports, in order: the world's own and its interfaces'.
pub fn world_exports(resolve: &Resolve, world: WorldId) -> Vec<WitExport> {
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
pub fn world_function<'r>(
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

/// wit-parser's decoding, with its crashes and panics turned into errors.
fn decode_with_wit_parser(binary: &[u8]) -> Result<(Resolve, WorldId)> {
    if let Some(failure) = decoder_failure(binary) {
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

/// How decoding `binary` would fail the process, if it would: a panic, or a crash.
///
/// wit-parser 0.254 recurses without bound on components whose packages depend on each
/// other in a cycle, and reaches `unreachable!` on others (both found by fuzzing). A stack
/// overflow aborts the whole process, which no handler can catch, and a caught panic still
/// prints. So on Unix the decoder runs once in a forked child first, its output discarded;
/// only if the child decodes (or returns an ordinary error) does the caller decode
/// in-process. This costs a fork, and only on the paths that need WIT: `wavecall wit`,
/// `explain` and error messages.
#[cfg(unix)]
fn decoder_failure(binary: &[u8]) -> Option<&'static str> {
    // SAFETY: the child runs only the decoder (allocation, no locks shared with other
    // threads beyond the allocator's, which glibc makes fork-safe) and leaves with `_exit`,
    // running no destructors or atexit handlers of the parent's state.
    unsafe {
        match libc::fork() {
            -1 => None, // No child: decode in-process, with the panic still caught there.
            0 => {
                let devnull = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
                if devnull >= 0 {
                    libc::dup2(devnull, 2);
                }
                let survived = std::panic::catch_unwind(|| wit_component::decode(binary).is_ok());
                libc::_exit(if survived.is_ok() { 0 } else { 1 });
            }
            child => {
                let mut status = 0;
                while libc::waitpid(child, &mut status, 0) == -1 {
                    if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                        return None;
                    }
                }
                if !libc::WIFEXITED(status) {
                    Some(
                        "crashes on this component (it recurses without end on cyclic package \
                         dependencies)",
                    )
                } else if libc::WEXITSTATUS(status) != 0 {
                    Some("panics on this component")
                } else {
                    None
                }
            }
        }
    }
}

#[cfg(not(unix))]
fn decoder_failure(_binary: &[u8]) -> Option<&'static str> {
    None
}
