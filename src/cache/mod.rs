//! The content-addressed compile cache, and the artifacts `wavecall compile` writes.
//!
//! An entry is named by a key derived from the component's bytes and from the engine: the
//! Wasmtime version, wavecall's version and everything [`Engine::precompile_compatibility_hash`]
//! covers (target, CPU features, Cranelift flags, tunables such as fuel and epoch
//! interruption, wasm features). Entries are artifacts (`artifact.rs`) that
//! `Component::deserialize_file` maps as they lie on disk, so a warm start neither copies nor
//! decompresses them.
//!
//! Nothing in the directory is trusted for its name alone: every entry carries a trailer with
//! its engine and source digests and a BLAKE3 checksum, checked before Wasmtime sees it. A
//! failed check is logged, the entry removed and the component compiled again. Checking a
//! checksum means reading the whole artifact, so the result is remembered for as long as the
//! file's fingerprint (`stamp.rs`) shows it has not changed; the same goes for the digest of a
//! source file. Writes go to a temporary file in the same directory that is then renamed
//! over the entry, so concurrent processes see either no entry or a complete one.

mod artifact;
mod evict;
mod stamp;

use std::fs::{self, File, Metadata};
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Result, bail, ensure};

pub(crate) use crate::files::write_atomic;
use wasmtime::Engine;
use wasmtime::component::Component;

pub(crate) use artifact::{
    Trailer, assemble, looks_like_artifact, read_range, split as split_artifact,
};
pub use evict::CacheStats;
use stamp::Fingerprint;

/// A 256-bit BLAKE3 digest.
pub(crate) type Digest = [u8; 32];

/// The default bound on the cache's size: 1 GiB.
pub const DEFAULT_MAX_SIZE: u64 = 1 << 30;

/// The environment variable naming the cache directory.
pub const DIR_ENV: &str = "WAVECALL_CACHE_DIR";

/// Where the compile cache lives and how large it may grow.
///
/// Off by default in the library, which should not write to a user's cache directory
/// unasked; the command line turns it on unless `--no-cache` is given.
#[derive(Debug, Clone)]
pub(crate) struct CacheOptions {
    /// Whether to use the cache at all.
    pub enabled: bool,
    /// The directory, used when `$WAVECALL_CACHE_DIR` is not set; `None` means the
    /// platform's cache directory.
    pub dir: Option<PathBuf>,
    /// The most bytes of artifacts to keep; the least recently used go first.
    pub max_size: u64,
}

impl Default for CacheOptions {
    fn default() -> Self {
        CacheOptions {
            enabled: false,
            dir: None,
            max_size: DEFAULT_MAX_SIZE,
        }
    }
}

impl CacheOptions {
    /// The directory these options choose, whether or not the cache is enabled.
    pub(crate) fn resolve_dir(&self) -> Option<PathBuf> {
        // The environment wins over the option, as the issue specifies: a CI job that points
        // `WAVECALL_CACHE_DIR` at a shared cache keeps it whatever scripts pass.
        non_empty_env(DIR_ENV)
            .or_else(|| self.dir.clone())
            .or_else(|| platform_cache_dir().map(|dir| dir.join("wavecall")))
    }
}

fn non_empty_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn platform_cache_dir() -> Option<PathBuf> {
    if cfg!(windows) {
        non_empty_env("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        non_empty_env("HOME").map(|home| home.join("Library/Caches"))
    } else {
        non_empty_env("XDG_CACHE_HOME")
            .filter(|dir| dir.is_absolute())
            .or_else(|| non_empty_env("HOME").map(|home| home.join(".cache")))
    }
}

/// The digest of everything about an engine that decides whether an artifact fits it.
pub(crate) fn engine_digest(engine: &Engine) -> Digest {
    struct Feed(blake3::Hasher);
    impl Hasher for Feed {
        fn write(&mut self, bytes: &[u8]) {
            self.0.update(bytes);
        }
        fn finish(&self) -> u64 {
            unreachable!("only the BLAKE3 digest is used")
        }
    }
    let mut feed = Feed(blake3::Hasher::new_derive_key("wavecall 2025 engine"));
    feed.0.update(env!("CARGO_PKG_VERSION").as_bytes());
    feed.0.update(&artifact::FORMAT_VERSION.to_le_bytes());
    engine.precompile_compatibility_hash().hash(&mut feed);
    *feed.0.finalize().as_bytes()
}

/// The digest of a component's bytes (binary or text, as read).
pub(crate) fn source_digest(bytes: &[u8]) -> Digest {
    *blake3::hash(bytes).as_bytes()
}

/// The cache key for a source compiled by an engine.
pub(crate) fn key(engine: &Digest, source: &Digest) -> Digest {
    let mut hasher = blake3::Hasher::new_derive_key("wavecall 2025 cache key");
    hasher.update(engine).update(source);
    *hasher.finalize().as_bytes()
}

fn hex(digest: &Digest) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A cache directory.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    max_size: u64,
    settle: Duration,
}

impl Cache {
    /// A cache in `dir` (created on first write), bounded to `max_size` bytes.
    pub fn new(dir: impl Into<PathBuf>, max_size: u64) -> Cache {
        let dir = dir.into();
        Cache {
            dir: std::path::absolute(&dir).unwrap_or(dir),
            max_size,
            settle: stamp::SETTLE,
        }
    }

    /// The cache in `dir`, or where `$WAVECALL_CACHE_DIR` says (which takes precedence),
    /// else in the platform's cache directory (such as `~/.cache/wavecall`); `None` when
    /// there is no such place.
    pub fn locate(dir: Option<PathBuf>) -> Option<Cache> {
        Cache::from_options(&CacheOptions {
            enabled: true,
            dir,
            ..CacheOptions::default()
        })
    }

    /// The cache the options describe, or `None` when it is disabled or has no place.
    pub(crate) fn from_options(options: &CacheOptions) -> Option<Cache> {
        if !options.enabled {
            return None;
        }
        let dir = options.resolve_dir();
        if dir.is_none() {
            log::info!("no cache directory: set ${DIR_ENV} or pass `--cache-dir`");
        }
        dir.map(|dir| Cache::new(dir, options.max_size))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry_path(&self, key: &Digest) -> PathBuf {
        self.dir.join(format!("{}.cwasm", hex(key)))
    }

    /// The record of what is known about `file` (`what` tells records about one file apart).
    fn record_path(&self, what: &str, file: &Path) -> PathBuf {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let mut hasher = blake3::Hasher::new();
        hasher.update(what.as_bytes()).update(&[0]);
        hasher.update(file.as_os_str().as_encoded_bytes());
        self.dir
            .join(evict::RECORDS)
            .join(hex(hasher.finalize().as_bytes()))
    }

    /// The digest of a source file, remembered from an earlier run if the file is unchanged.
    pub(crate) fn known_source(&self, path: &Path, meta: &Metadata) -> Option<Digest> {
        let fingerprint = Fingerprint::of(meta)?;
        if !fingerprint.is_settled(SystemTime::now(), self.settle) {
            return None;
        }
        let (recorded, digest) = stamp::read(&self.record_path("source", path))?;
        (recorded == fingerprint).then_some(digest)
    }

    /// Remembers the digest of a source file read after `before` was taken, if the file did
    /// not change meanwhile and has settled.
    pub(crate) fn remember_source(&self, path: &Path, before: &Metadata, digest: &Digest) {
        let Some(fingerprint) = Fingerprint::of(before) else {
            return;
        };
        let unchanged = fs::metadata(path).ok().and_then(|m| Fingerprint::of(&m));
        if unchanged != Some(fingerprint) || !fingerprint.is_settled(SystemTime::now(), self.settle)
        {
            return;
        }
        if let Err(err) = stamp::write(&self.record_path("source", path), fingerprint, digest) {
            log::debug!(
                "could not remember the digest of `{}`: {err}",
                path.display()
            );
        }
    }

    /// The compiled component for `source` under `engine`, if a sound entry exists.
    pub(crate) fn get(
        &self,
        engine: &Engine,
        engine_digest: &Digest,
        source: &Digest,
    ) -> Option<Component> {
        let path = self.entry_path(&key(engine_digest, source));
        match open_artifact(engine, engine_digest, &path, Some(self), Some(source)) {
            Ok((component, _)) => {
                log::debug!("compile cache hit: `{}`", path.display());
                Some(component)
            }
            Err(err) if is_not_found(&err) => {
                log::debug!("compile cache miss: `{}`", path.display());
                None
            }
            Err(err) => {
                log::info!(
                    "ignoring compile cache entry `{}` and compiling again: {err:#}",
                    path.display()
                );
                let _ = fs::remove_file(&path);
                None
            }
        }
    }

    /// Stores a compiled component, then keeps the cache within its bound.
    pub(crate) fn put(
        &self,
        engine_digest: &Digest,
        source: &Digest,
        component: &Component,
    ) -> Result<()> {
        let image = component.serialize()?;
        let bytes = assemble(image, &[], *engine_digest, *source);
        fs::create_dir_all(&self.dir)?;
        write_atomic(&self.entry_path(&key(engine_digest, source)), &[&bytes])?;
        self.evict()?;
        Ok(())
    }

    /// The cached component for `source`, or the one `compile` makes, which is then stored.
    /// Failing to store is logged, not an error: the cache only ever saves time.
    pub(crate) fn get_or_compile(
        &self,
        engine: &Engine,
        engine_digest: &Digest,
        source: &Digest,
        compile: impl FnOnce() -> Result<Component>,
    ) -> Result<Component> {
        if let Some(component) = self.get(engine, engine_digest, source) {
            return Ok(component);
        }
        let component = compile()?;
        if let Err(err) = self.put(engine_digest, source, &component) {
            log::warn!(
                "failed to store in the compile cache `{}`: {err:#}",
                self.dir.display()
            );
        }
        Ok(component)
    }
}

fn is_not_found(err: &anyhow::Error) -> bool {
    err.downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::NotFound)
}

/// An artifact made for another engine configuration or another wavecall.
#[derive(Debug)]
pub struct IncompatibleArtifact {
    /// The engine digest in the artifact's trailer.
    pub(crate) artifact_engine: Digest,
    /// What differs, when wavecall could tell.
    pub settings: Option<SettingsMismatch>,
}

/// The two engine settings that change compiled code, as the artifact was compiled and as
/// this run needs them. Only whether fuel and a timeout are on matters, not their amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingsMismatch {
    /// The artifact meters fuel.
    pub artifact_fuel: bool,
    /// The artifact checks epochs (a timeout).
    pub artifact_timeout: bool,
    /// This run meters fuel.
    pub run_fuel: bool,
    /// This run's timeout, if it has one.
    pub run_timeout: Option<Duration>,
}

impl IncompatibleArtifact {
    /// An artifact whose trailer names `artifact_engine`; what differs is not known yet.
    pub(crate) fn new(artifact_engine: Digest) -> IncompatibleArtifact {
        IncompatibleArtifact {
            artifact_engine,
            settings: None,
        }
    }
}

impl std::fmt::Display for IncompatibleArtifact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(m) = self.settings else {
            return f.write_str(
                "the artifact was compiled by another version of wavecall or for another CPU; \
                 compile it again with `wavecall compile`",
            );
        };
        let with =
            |on: bool, flag: &str| format!("{} `{flag}`", if on { "with" } else { "without" });
        let mut differs = Vec::new();
        if m.artifact_timeout != m.run_timeout.is_some() {
            differs.push(with(m.artifact_timeout, "--timeout"));
        }
        if m.artifact_fuel != m.run_fuel {
            differs.push(with(m.artifact_fuel, "--fuel"));
        }
        let mut needs = Vec::new();
        if let Some(timeout) = m.run_timeout {
            needs.push(format!(
                "--timeout {}",
                crate::limits::format_duration(timeout)
            ));
        }
        if m.run_fuel {
            needs.push("--fuel N".to_string());
        }
        let command = match needs.is_empty() {
            true => "`wavecall compile COMPONENT` (without `--timeout` and `--fuel`)".to_string(),
            false => format!("`wavecall compile {} COMPONENT`", needs.join(" ")),
        };
        write!(
            f,
            "the artifact was compiled {}, but this run {} and {}: whether `--timeout` and \
             `--fuel` are given changes the compiled code (their values do not); compile it \
             again with {command}",
            differs.join(" and "),
            if m.run_timeout.is_some() {
                "has a timeout"
            } else {
                "has no timeout"
            },
            if m.run_fuel {
                "meters fuel"
            } else {
                "does not meter fuel"
            },
        )
    }
}

impl std::error::Error for IncompatibleArtifact {}

/// Opens an artifact wavecall wrote, checks its trailer and checksum, and maps it.
///
/// With a cache, a checksum that matched is remembered until the file changes.
pub(crate) fn open_artifact(
    engine: &Engine,
    engine_digest: &Digest,
    path: &Path,
    cache: Option<&Cache>,
    source: Option<&Digest>,
) -> Result<(Component, Trailer)> {
    let mut file = open_regular(path)?;
    let meta = file.metadata()?;
    let trailer = artifact::read_trailer(&mut file)?;
    if trailer.engine != *engine_digest {
        bail!(IncompatibleArtifact::new(trailer.engine));
    }
    if let Some(source) = source {
        ensure!(
            trailer.source == *source,
            "the entry was made from other bytes"
        );
    }
    let fingerprint = Fingerprint::of(&meta);
    let record = cache.map(|c| (c, c.record_path("verified", path)));
    let checked_before = match (&record, fingerprint) {
        (Some((_, record)), Some(fp)) => stamp::read(record) == Some((fp, trailer.checksum)),
        _ => false,
    };
    if checked_before {
        stamp::touch(&record.as_ref().expect("checked before").1);
    } else {
        artifact::verify_checksum(&mut file, &trailer)?;
        if let (Some((cache, record)), Some(fp)) = (&record, fingerprint)
            && fp.is_settled(SystemTime::now(), cache.settle)
        {
            let _ = stamp::write(record, fp, &trailer.checksum);
        }
    }
    // SAFETY: `deserialize_file` is sound only for bytes that Wasmtime's `serialize` produced
    // for a compatible engine, and only while the file is not changed under the mapping.
    // - The file ends with a trailer whose magic, version and lengths match, whose engine
    //   digest is this engine's (which covers Wasmtime's own compatibility hash), and whose
    //   checksum matches every byte before it, either just now or at a time since which the
    //   file's inode, length, modification and change times (the last not settable by user
    //   programs) are unchanged. wavecall writes such a trailer only after `serialize`.
    // - Cache entries are only ever written to a temporary file and renamed into place, never
    //   changed in place; a replacement between the check and the mapping is caught below.
    // - An artifact from outside the cache directory (`wavecall run x.cwasm`) is a file the
    //   user chose to run, like an executable; the checksum makes sure it is whole, not that
    //   nobody forged it.
    let component = unsafe { Component::deserialize_file(engine, path) }?;
    let after = fs::metadata(path).ok().and_then(|m| Fingerprint::of(&m));
    if after != fingerprint {
        bail!("the artifact changed while it was loaded");
    }
    Ok((component, trailer))
}

/// Opens a file for reading only if it is a regular file, without blocking on a FIFO that
/// sits in its place (a cache entry's name may hold anything).
fn open_regular(path: &Path) -> io::Result<File> {
    let file = crate::files::open_nonblocking(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{}` is not a regular file", path.display()),
        ));
    }
    Ok(file)
}

#[cfg(test)]
mod tests;
