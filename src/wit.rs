//! The component's WIT, decoded from its binary: printing it, and the WIT names of types.
//!
//! Wasmtime's `Type` is structural; the names a component author wrote (`shape`, `circle`)
//! live only in the WIT the component carries. Errors and listings use them.

use anyhow::{Context, Result, bail};
use wasmtime::component::Type;
use wasmtime::component::wit_parser::{
    Function, Resolve, Type as WitType, TypeDefKind, WorldId, WorldItem,
};
use wit_component::{DecodedWasm, WitPrinter};

use crate::exports::{ExportIndex, ExportedFunc};

/// A component's decoded WIT world.
pub struct ComponentWit {
    /// Every package the component refers to.
    pub resolve: Resolve,
    /// The component's own world.
    pub world: WorldId,
}

impl ComponentWit {
    /// Decodes the WIT a component binary describes.
    pub fn decode(binary: &[u8]) -> Result<ComponentWit> {
        if let Some(failure) = decoder_failure(binary) {
            bail!(
                "failed to decode the component's WIT: the WIT decoder, wit-parser 0.254, {failure}"
            );
        }
        // wit-parser 0.254 panics (`unreachable!`) on some components Wasmtime accepts,
        // found by fuzzing: treat that as a decoding error, not a crash.
        let decoded = std::panic::catch_unwind(|| wit_component::decode(binary))
            .map_err(|_| anyhow::anyhow!("wit-parser failed on this component's types"))
            .and_then(|decoded| decoded)
            .context("failed to decode the component's WIT")?;
        let DecodedWasm::Component(resolve, world) = decoded else {
            bail!("expected a component, found a WIT package");
        };
        Ok(ComponentWit { resolve, world })
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
        let mut printer = WitPrinter::default();
        printer.print(&self.resolve, package, &nested)?;
        Ok(printer.output.to_string())
    }

    /// The WIT declaration of an exported function.
    pub fn function(&self, func: &ExportedFunc) -> Option<&Function> {
        let world = &self.resolve.worlds[self.world];
        for (key, item) in &world.exports {
            let name = self.resolve.name_world_key(key);
            match (item, func.instance_path.as_slice()) {
                (WorldItem::Function(f), []) if f.name == func.name => return Some(f),
                (WorldItem::Interface { id, .. }, [instance]) if *instance == name => {
                    return self.resolve.interfaces[*id].functions.get(&func.name);
                }
                _ => {}
            }
        }
        None
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
                    Some("crashes on it (it recurses without end on cyclic package dependencies)")
                } else if libc::WEXITSTATUS(status) != 0 {
                    Some("panics on it")
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
