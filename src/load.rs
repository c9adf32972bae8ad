//! Step 1 of the pipeline: read a component and compile it.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use wasmtime::Engine;
use wasmtime::component::Component;

use crate::error::{ClassifyExt, FailureClass};

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
    /// `-` means standard input, anything else a path.
    pub fn from_arg(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::Path(PathBuf::from(arg))
        }
    }

    fn read(&self) -> Result<Cow<'_, [u8]>> {
        Ok(match self {
            Source::Path(path) => {
                if path.is_dir() {
                    bail!("`{}` is a directory, not a component file", path.display());
                }
                Cow::Owned(std::fs::read(path)?)
            }
            Source::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .context("failed to read standard input")?;
                Cow::Owned(bytes)
            }
            Source::Bytes { bytes, .. } => Cow::Borrowed(bytes),
        })
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
pub struct Loaded {
    /// Where it came from, for messages.
    pub name: String,
    /// The compiled component.
    pub component: Component,
    /// The component binary (text input is converted), kept for decoding its WIT.
    pub binary: Vec<u8>,
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
    } else if std::str::from_utf8(bytes).is_ok() {
        Kind::Text
    } else {
        Kind::Unknown
    }
}

const NOT_A_COMPONENT_HINT: &str = "this is a core WebAssembly module, not a component; \
     wrap it into one with `wasm-tools component new` (after `wasm-tools component embed` of its \
     WIT), or build it for a component target such as `wasm32-wasip2`";

/// Reads and compiles a component.
pub fn load(engine: &Engine, source: &Source) -> Result<Loaded> {
    let name = source.to_string();
    load_inner(engine, source, &name).classify(FailureClass::Load, || {
        format!("failed to load component `{name}`")
    })
}

fn load_inner(engine: &Engine, source: &Source, name: &str) -> Result<Loaded> {
    let bytes = source.read()?;
    let binary = to_binary(&bytes, name)?;
    let component = Component::from_binary(engine, &binary)?;
    Ok(Loaded {
        name: name.to_string(),
        component,
        binary: binary.into_owned(),
    })
}

fn to_binary<'a>(bytes: &'a [u8], name: &str) -> Result<Cow<'a, [u8]>> {
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
        Kind::Unknown if bytes.is_empty() => bail!("the file is empty"),
        Kind::Unknown if bytes.starts_with(MAGIC) => {
            bail!("unsupported WebAssembly binary version; expected a component")
        }
        Kind::Unknown => bail!("not a WebAssembly file: it starts with neither `\\0asm` nor text"),
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
