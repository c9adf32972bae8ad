//! Step 1 of the pipeline: read a component and compile it.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use wasmtime::Engine;
use wasmtime::component::Component;

use crate::cache::{self, Cache};
use crate::error::{ClassifyExt, FailureClass};
use crate::files;

/// Where a component comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file: a binary component or a `.wat` text component.
    Path(PathBuf),
    /// Standard input (`-` on the command line).
    Stdin,
    /// Bytes already in memory, with a name for messages.
    Bytes {
        /// The name to use in messages.
        name: String,
        /// The binary or text of the component.
        bytes: Vec<u8>,
    },
}

impl Source {
    /// A file: a binary component, a `.wat` text component or a `.cwasm` artifact.
    pub fn path(path: impl Into<PathBuf>) -> Source {
        Source::Path(path.into())
    }

    /// Bytes in memory (binary or text), named `name` in messages.
    pub fn bytes(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Source {
        Source::Bytes {
            name: name.into(),
            bytes: bytes.into(),
        }
    }

    /// `-` means standard input, anything else a path (the command line's convention).
    pub fn from_arg(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::Path(PathBuf::from(arg))
        }
    }

    fn read(&self) -> Result<Cow<'_, [u8]>> {
        Ok(match self {
            Source::Path(path) => Cow::Owned(files::read_file(path, files::COMPONENT)?),
            Source::Stdin => Cow::Owned(
                files::read_stdin(files::COMPONENT).context("failed to read standard input")?,
            ),
            Source::Bytes { bytes, .. } => Cow::Borrowed(bytes),
        })
    }
}

/// A path.
impl From<&Path> for Source {
    fn from(path: &Path) -> Source {
        Source::Path(path.to_path_buf())
    }
}

/// A path.
impl From<PathBuf> for Source {
    fn from(path: PathBuf) -> Source {
        Source::Path(path)
    }
}

/// A path (`-` too: [`Source::from_arg`] is the command line's spelling).
impl From<&str> for Source {
    fn from(path: &str) -> Source {
        Source::Path(path.into())
    }
}

impl From<&Source> for Source {
    fn from(source: &Source) -> Source {
        source.clone()
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Path(path) => write!(f, "{}", path.display()),
            Source::Stdin => f.write_str("<stdin>"),
            Source::Bytes { name, .. } => f.write_str(name),
        }
    }
}

/// A compiled component and the binary it came from.
pub(crate) struct Loaded {
    /// Where it came from, for messages.
    pub name: String,
    /// The compiled component.
    pub component: Component,
    /// The component binary (text input is converted), kept for decoding its WIT.
    pub binary: ComponentBinary,
}

/// A component's binary, read only when first needed: a warm start from the compile cache
/// never reads the component file, and only error messages and listings need its WIT.
pub(crate) struct ComponentBinary {
    origin: Origin,
    bytes: OnceLock<Result<Vec<u8>, String>>,
}

enum Origin {
    Memory,
    File { path: PathBuf, name: String },
    Embedded { path: PathBuf, range: (u64, u64) },
    Missing,
}

impl ComponentBinary {
    fn ready(bytes: Vec<u8>) -> ComponentBinary {
        ComponentBinary {
            origin: Origin::Memory,
            bytes: OnceLock::from(Ok(bytes)),
        }
    }

    fn lazy(origin: Origin) -> ComponentBinary {
        ComponentBinary {
            origin,
            bytes: OnceLock::new(),
        }
    }

    /// The binary, read (and converted from text) on first use.
    pub(crate) fn get(&self) -> Result<&[u8]> {
        let bytes = self
            .bytes
            .get_or_init(|| self.fetch().map_err(|e| format!("{e:#}")));
        bytes.as_deref().map_err(|e| anyhow::anyhow!("{e}"))
    }

    fn fetch(&self) -> Result<Vec<u8>> {
        match &self.origin {
            Origin::Memory => unreachable!("filled when made"),
            Origin::File { path, name } => {
                let bytes = files::read_file(path, files::COMPONENT)?;
                Ok(to_binary(&bytes, name)?.into_owned())
            }
            Origin::Embedded { path, range } => {
                files::check_size(path, range.1, files::COMPONENT)?;
                cache::read_range(path, *range)
            }
            Origin::Missing => bail!("the artifact does not carry the component binary"),
        }
    }
}

/// What the first bytes of a file say it is.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Component,
    CoreModule,
    Text,
    Unknown,
}

const MAGIC: &[u8] = b"\0asm";

fn kind_of(bytes: &[u8]) -> Kind {
    if bytes.is_empty() {
        Kind::Unknown
    } else if let Some(rest) = bytes.strip_prefix(MAGIC) {
        // The version field's high half is the layer: 0 for core modules, 1 for components.
        match rest.get(2..4) {
            Some([0, 0]) => Kind::CoreModule,
            Some([1, 0]) => Kind::Component,
            _ => Kind::Unknown,
        }
    } else if std::str::from_utf8(bytes).is_ok_and(looks_like_wat) {
        Kind::Text
    } else {
        Kind::Unknown
    }
}

/// WebAssembly text starts with `(` once blank space and comments are skipped.
fn looks_like_wat(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(line) = rest.strip_prefix(";;") {
            rest = line.split_once('\n').map_or("", |(_, after)| after);
        } else if rest.starts_with("(;") {
            // Block comments nest; leave them to the parser.
            return true;
        } else {
            // Nothing but comments is an empty module, which WAT allows.
            return rest.is_empty() || rest.starts_with('(');
        }
    }
}

const NOT_A_COMPONENT_HINT: &str = "this is a core WebAssembly module, not a component; \
     wrap it into one with `wasm-tools component new` (after `wasm-tools component embed` of its \
     WIT), or build it for a component target such as `wasm32-wasip2`";

/// What loading is doing when it takes long: the only slow step is compiling, which happens
/// when the compile cache holds no usable copy. A front end shows it (the library never
/// prints); see [`RuntimeBuilder::on_progress`](crate::RuntimeBuilder::on_progress).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProgress {
    /// Compiling starts.
    Compiling {
        /// The component, as named in messages.
        name: String,
        /// The size of its binary.
        bytes: u64,
        /// Whether the result goes into the compile cache for next time.
        cached: bool,
    },
    /// Compiling has ended, successfully or not.
    Compiled {
        /// The component, as named in messages.
        name: String,
        /// How long it took.
        elapsed: Duration,
    },
}

/// Receives [`LoadProgress`] events; called on the loading thread.
pub type ProgressHook = dyn Fn(&LoadProgress) + Send + Sync;

/// Reads and compiles a component through the compile cache when there is one, telling
/// `progress` when it compiles.
pub(crate) fn load_reporting(
    engine: &Engine,
    cache: Option<&Cache>,
    source: &Source,
    progress: Option<&ProgressHook>,
) -> Result<Loaded> {
    let name = source.to_string();
    let steps = Steps {
        engine,
        cache,
        progress,
    };
    load_inner(&steps, source, &name).classify(FailureClass::Load, || {
        format!("failed to load component `{name}`")
    })
}

/// What every step of loading needs.
struct Steps<'a> {
    engine: &'a Engine,
    cache: Option<&'a Cache>,
    progress: Option<&'a ProgressHook>,
}

fn load_inner(steps: &Steps<'_>, source: &Source, name: &str) -> Result<Loaded> {
    let (engine, cache) = (steps.engine, steps.cache);
    let loaded = |component, binary| Loaded {
        name: name.to_string(),
        component,
        binary,
    };
    let Source::Path(path) = source else {
        let bytes = source.read()?;
        if cache::looks_like_artifact(&bytes) {
            let (component, binary) = artifact_from_bytes(engine, &bytes)?;
            return Ok(loaded(component, binary));
        }
        let (component, binary) = compile(steps, &bytes, name, None)?;
        return Ok(loaded(component, binary));
    };
    let meta = files::input_file(path, files::COMPONENT)?;
    if starts_like_artifact(path)? {
        let digest = cache::engine_digest(engine);
        let (component, trailer) = cache::open_artifact(engine, &digest, path, cache, None)?;
        let origin = match trailer.binary_range() {
            Some(range) => Origin::Embedded {
                path: path.clone(),
                range,
            },
            None => Origin::Missing,
        };
        return Ok(loaded(component, ComponentBinary::lazy(origin)));
    }
    // A warm start: the file is unchanged since its digest was taken, and the digest's
    // entry is sound. Nothing reads the component file.
    if let Some(cache) = cache
        && let Some(digest) = cache.known_source(path, &meta)
        && let Some(component) = cache.get(engine, &cache::engine_digest(engine), &digest)
    {
        let origin = Origin::File {
            path: path.clone(),
            name: name.to_string(),
        };
        return Ok(loaded(component, ComponentBinary::lazy(origin)));
    }
    let bytes = files::read_file(path, files::COMPONENT)?;
    let (component, binary) = compile(steps, &bytes, name, Some((path, &meta)))?;
    Ok(loaded(component, binary))
}

/// Reads a component's binary without compiling it, for what needs only its types
/// (`wavecall wit`, the signature half of `wavecall explain`): text is converted, an artifact
/// gives the binary it carries. The code inside is not validated: that is compiling's job.
pub(crate) fn read_binary(source: &Source) -> Result<Vec<u8>> {
    let name = source.to_string();
    read_binary_inner(source, &name).classify(FailureClass::Load, || {
        format!("failed to load component `{name}`")
    })
}

pub(crate) fn read_binary_inner(source: &Source, name: &str) -> Result<Vec<u8>> {
    if let Source::Path(path) = source
        && std::fs::metadata(path)?.is_dir()
    {
        bail!("`{}` is a directory, not a component file", path.display());
    }
    let bytes = source.read()?;
    if cache::looks_like_artifact(&bytes) {
        let (trailer, body) = cache::split_artifact(&bytes)?;
        let Some((start, _)) = trailer.binary_range() else {
            bail!("the artifact does not carry the component binary");
        };
        return Ok(body[usize::try_from(start)?..].to_vec());
    }
    Ok(to_binary(&bytes, name)?.into_owned())
}

fn starts_like_artifact(path: &Path) -> Result<bool> {
    let mut head = [0; 4];
    let mut file = std::fs::File::open(path)?;
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(cache::looks_like_artifact(&head[..filled]))
}

/// Compiles source bytes (binary or text), through the cache when there is one.
fn compile(
    steps: &Steps<'_>,
    bytes: &[u8],
    name: &str,
    file: Option<(&PathBuf, &std::fs::Metadata)>,
) -> Result<(Component, ComponentBinary)> {
    let (engine, cache) = (steps.engine, steps.cache);
    let binary = to_binary(bytes, name)?;
    let report = |event: LoadProgress| {
        if let Some(progress) = steps.progress {
            progress(&event);
        }
    };
    let compile = || {
        report(LoadProgress::Compiling {
            name: name.to_string(),
            bytes: binary.len() as u64,
            cached: cache.is_some(),
        });
        let started = Instant::now();
        let component = Component::from_binary(engine, &binary);
        report(LoadProgress::Compiled {
            name: name.to_string(),
            elapsed: started.elapsed(),
        });
        Ok(component?)
    };
    let component = match cache {
        Some(cache) => {
            let digest = cache::source_digest(bytes);
            if let Some((path, meta)) = file {
                cache.remember_source(path, meta, &digest);
            }
            cache.get_or_compile(engine, &cache::engine_digest(engine), &digest, compile)?
        }
        None => compile()?,
    };
    Ok((component, ComponentBinary::ready(binary.into_owned())))
}

/// Loads an artifact from memory (standard input), checked as a file would be.
fn artifact_from_bytes(engine: &Engine, bytes: &[u8]) -> Result<(Component, ComponentBinary)> {
    let (trailer, body) = cache::split_artifact(bytes)?;
    if trailer.engine != cache::engine_digest(engine) {
        bail!(cache::IncompatibleArtifact::new(trailer.engine));
    }
    let image = &body[..usize::try_from(trailer.image_len)?];
    // SAFETY: as in `cache::open_artifact`: the trailer names this engine and the checksum
    // matches every byte of the image and binary, which wavecall wrote after `serialize`.
    let component = unsafe { Component::deserialize(engine, image) }?;
    let binary = match trailer.binary_range() {
        Some(_) => ComponentBinary::ready(body[image.len()..].to_vec()),
        None => ComponentBinary::lazy(Origin::Missing),
    };
    Ok((component, binary))
}

/// Compiles a component into an artifact that `wavecall run` loads directly: Wasmtime's
/// image followed by the component binary (for its WIT) and a checked trailer.
pub(crate) fn precompile(
    engine: &Engine,
    cache: Option<&Cache>,
    source: &Source,
    progress: Option<&ProgressHook>,
) -> Result<Vec<u8>> {
    let loaded = load_reporting(engine, cache, source, progress)?;
    let failed = || format!("failed to compile `{}` into an artifact", loaded.name);
    let binary = loaded.binary.get().classify(FailureClass::Load, failed)?;
    let image = loaded
        .component
        .serialize()
        .map_err(anyhow::Error::from)
        .classify(FailureClass::Load, failed)?;
    Ok(cache::assemble(
        image,
        binary,
        cache::engine_digest(engine),
        cache::source_digest(binary),
    ))
}

fn to_binary<'a>(bytes: &'a [u8], name: &str) -> Result<Cow<'a, [u8]>> {
    if bytes.is_empty() {
        bail!("the file is empty");
    }
    match kind_of(bytes) {
        Kind::Component => Ok(Cow::Borrowed(bytes)),
        Kind::CoreModule => bail!("{NOT_A_COMPONENT_HINT}"),
        Kind::Text => {
            let text = std::str::from_utf8(bytes).expect("checked by kind_of");
            let binary = wat::parse_str(text).map_err(|mut e| {
                e.set_path(Path::new(name));
                anyhow::Error::new(e)
            })?;
            match kind_of(&binary) {
                Kind::Component => Ok(Cow::Owned(binary)),
                _ => bail!("{NOT_A_COMPONENT_HINT}"),
            }
        }
        Kind::Unknown if bytes.starts_with(MAGIC) => {
            bail!("unsupported WebAssembly binary version; expected a component")
        }
        Kind::Unknown => bail!(
            "not a WebAssembly file: it is neither a binary (starting with `\\0asm`) nor WebAssembly text (starting with `(`)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_layers() {
        assert_eq!(kind_of(b"\0asm\x01\0\0\0"), Kind::CoreModule);
        assert_eq!(kind_of(b"\0asm\x0d\0\x01\0"), Kind::Component);
        assert_eq!(kind_of(b"(component)"), Kind::Text);
        assert_eq!(kind_of(b";; a comment\n  (component)"), Kind::Text);
        assert_eq!(kind_of(b"hello from a file"), Kind::Unknown);
        assert_eq!(kind_of(&[0xff, 0xfe]), Kind::Unknown);
    }

    #[test]
    fn core_module_text_gets_the_hint() {
        let err = to_binary(b"(module)", "m.wat").unwrap_err();
        assert!(err.to_string().contains("core WebAssembly module"));
    }

    #[test]
    fn component_text_compiles_to_binary() {
        let bin = to_binary(b"(component)", "c.wat").unwrap();
        assert_eq!(kind_of(&bin), Kind::Component);
    }
}
