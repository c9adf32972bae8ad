//! Builds the test fixtures: components made from source, once per test run.
//!
//! A fixture named `NAME` is two source files:
//!
//! * `fixtures/NAME.wat`: the core module, hand-written in WAT, that implements the world
//!   through the canonical ABI (a bump-allocating `cabi_realloc`, strings as pointer and
//!   length, return areas for results that do not fit in one core value).
//! * `wit/NAME.wit` (a single-file package) or `wit/NAME/` (a package directory, which may
//!   have a `deps/` folder): the WIT package; the world is the one named `NAME`, or the
//!   package's only world.
//!
//! The core module gets the world embedded as component metadata and `wit-component` turns
//! it into `NAME.wasm` in [`dir()`], a folder under Cargo's `CARGO_TARGET_TMPDIR`.
//!
//! Several test binaries may build at the same time: each writes to a file of its own and
//! renames it into place, so a reader never sees half a component.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{Context, Result, bail};
use wasmtime::component::wit_parser::Resolve;
use wit_component::{ComponentEncoder, StringEncoding};

/// The crate root: fixture sources are found relative to it.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where the built components go.
pub fn out_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixtures")
}

/// The names of every fixture: one per `fixtures/*.wat`, sorted.
pub fn names() -> Vec<String> {
    let mut names = Vec::new();
    let entries = std::fs::read_dir(root().join("fixtures")).expect("read `fixtures/`");
    for entry in entries {
        let path = entry.expect("read `fixtures/`").path();
        if path.extension().is_some_and(|ext| ext == "wat") {
            let stem = path
                .file_stem()
                .unwrap()
                .to_str()
                .expect("UTF-8 fixture name");
            names.push(stem.to_string());
        }
    }
    names.sort();
    names
}

/// The folder of built fixtures, building all of them the first time it is asked for.
///
/// Panics, naming the fixture, when one does not build: a broken fixture must not look like
/// a wavecall bug.
pub fn dir() -> &'static Path {
    try_dir().unwrap_or_else(|e| panic!("{e}"))
}

/// Like [`dir()`], but returns the failure (every broken fixture, by name) as text.
pub fn try_dir() -> Result<&'static Path, &'static str> {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let built = DIR.get_or_init(|| {
        let out = out_dir();
        let failures: Vec<String> = names()
            .iter()
            .filter_map(|name| build(name, &out).err())
            .map(|e| format!("{e:?}"))
            .collect();
        if failures.is_empty() {
            Ok(out)
        } else {
            Err(failures.join("\n\n"))
        }
    });
    match built {
        Ok(dir) => Ok(dir),
        Err(e) => Err(e),
    }
}

/// The path of the built fixture `name` (building all of them first if need be).
pub fn path(name: &str) -> PathBuf {
    dir().join(format!("{name}.wasm"))
}

/// Builds the fixture `name` into `out/NAME.wasm` and returns that path.
pub fn build(name: &str, out: &Path) -> Result<PathBuf> {
    let bytes = encode(name).with_context(|| format!("failed to build fixture `{name}`"))?;
    std::fs::create_dir_all(out).with_context(|| format!("failed to create {}", out.display()))?;
    let dest = out.join(format!("{name}.wasm"));
    // A name private to this process and thread, then an atomic rename.
    let tmp = out.join(format!(
        ".{name}.wasm.{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&tmp, &bytes).with_context(|| format!("failed to write {}", tmp.display()))?;
    std::fs::rename(&tmp, &dest).with_context(|| format!("failed to write {}", dest.display()))?;
    Ok(dest)
}

/// Turns the sources of fixture `name` into component bytes.
pub fn encode(name: &str) -> Result<Vec<u8>> {
    let wat_path = root().join("fixtures").join(format!("{name}.wat"));
    let mut core = wat::parse_file(&wat_path)?;

    let mut resolve = Resolve::default();
    let wit_path = wit_source(name)?;
    let (pkg, _) = resolve
        .push_path(&wit_path)
        .with_context(|| format!("failed to parse {}", wit_path.display()))?;
    let world = if resolve.packages[pkg].worlds.contains_key(name) {
        resolve.select_world(&[pkg], Some(name))?
    } else {
        resolve.select_world(&[pkg], None)?
    };

    wit_component::embed_component_metadata(&mut core, &resolve, world, StringEncoding::UTF8)?;
    let component = ComponentEncoder::default()
        .module(&core)?
        .validate(true)
        .encode()?;
    Ok(component)
}

/// `wit/NAME.wit` or `wit/NAME/`, whichever exists.
fn wit_source(name: &str) -> Result<PathBuf> {
    let file = root().join("wit").join(format!("{name}.wit"));
    let dir = root().join("wit").join(name);
    match (file.is_file(), dir.is_dir()) {
        (true, false) => Ok(file),
        (false, true) => Ok(dir),
        (true, true) => bail!("both {} and {} exist", file.display(), dir.display()),
        (false, false) => bail!(
            "no WIT for fixture `{name}`: expected {} or {}",
            file.display(),
            dir.display()
        ),
    }
}
