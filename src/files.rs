//! The files a user names: reading components, call files and spec files, and writing
//! outputs (`compile -o`, `test --report`).
//!
//! Reading has two guards, so that no input can make wavecall read without end (`/dev/zero`
//! as a component, a FIFO nobody writes to, a symlink to a device): only regular files and
//! standard input are read, and never more than a cap, with an error that names it. The caps
//! are generous: an 18 MB componentize-py component is far below the component cap, and a
//! call with a list of a million numbers far below the text cap.
//!
//! Writing does what `cp` does: a device or a FIFO is written to, never replaced (`-o
//! /dev/null` must leave `/dev/null` a device), a symlink is followed, and only a regular file
//! is replaced, atomically; what lies in `/dev` or `/proc` is appended to.

use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use anyhow::{Result, bail};

use crate::limits::format_bytes;

/// How much of one kind of input wavecall reads at most, and where else it can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    /// The most bytes.
    pub bytes: u64,
    /// What is read, for the error message (`a component`).
    pub what: &'static str,
    /// How to give it on standard input instead, if it can be.
    pub stdin: Option<&'static str>,
}

/// A component (binary or text) or an artifact read into memory: 512 MiB.
pub const COMPONENT: Cap = Cap {
    bytes: 512 << 20,
    what: "a component",
    stdin: Some("`-` reads a component from standard input"),
};

/// The text of a call (`--invoke @FILE`, `@-`): 64 MiB.
pub const CALL: Cap = Cap {
    bytes: 64 << 20,
    what: "the text of a call",
    stdin: Some("`@-` reads a call from standard input"),
};

/// A spec file: 64 MiB.
pub const SPEC: Cap = Cap {
    bytes: 64 << 20,
    what: "a spec file",
    stdin: None,
};

/// The metadata of `path`, symlinks followed, if it is a regular file; otherwise an error
/// that says what it is. Checked before opening: opening a FIFO would block.
pub(crate) fn regular_file(path: &Path) -> Result<Metadata> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        bail!("`{}` is a directory, not a file", path.display());
    }
    if !meta.is_file() {
        bail!(NotRegular {
            path: path.display().to_string(),
            kind: kind(&meta),
            stdin: None,
        });
    }
    Ok(meta)
}

/// [`regular_file`] for an input of the kind `cap` describes, whose error says how to give
/// it on standard input instead.
pub(crate) fn input_file(path: &Path, cap: Cap) -> Result<Metadata> {
    regular_file(path).map_err(|mut err| {
        if let Some(not_regular) = err.downcast_mut::<NotRegular>() {
            not_regular.stdin = cap.stdin;
        }
        err
    })
}

/// A path that names something other than a regular file: a device, a FIFO, a socket.
#[derive(Debug)]
struct NotRegular {
    path: String,
    kind: &'static str,
    stdin: Option<&'static str>,
}

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is {}, not a regular file; wavecall reads only regular files",
            self.path, self.kind
        )?;
        match self.stdin {
            Some(stdin) => write!(f, " ({stdin})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for NotRegular {}

/// Checks a WIT path before wit-parser reads it (which it does without a bound): the file,
/// or every `.wit`, `.wat` and `.wasm` file in the folder and its `deps/`, must be a regular
/// file within the component cap.
pub fn check_wit_path(path: &Path) -> Result<()> {
    // What cannot be read at all is left to wit-parser, whose errors name the path.
    fn walk(path: &Path, depth: u32) -> Result<()> {
        let Ok(meta) = std::fs::metadata(path) else {
            return Ok(());
        };
        if !meta.is_dir() {
            let meta = regular_file(path)?;
            return check_size(path, meta.len(), COMPONENT);
        }
        let Ok(listing) = std::fs::read_dir(path) else {
            return Ok(());
        };
        if depth > 2 {
            return Ok(());
        }
        for entry in listing.flatten() {
            let path = entry.path();
            let read = path
                .extension()
                .is_some_and(|e| e == "wit" || e == "wat" || e == "wasm");
            if read || (path.is_dir() && (depth > 0 || path.ends_with("deps"))) {
                walk(&path, depth + 1)?;
            }
        }
        Ok(())
    }
    walk(path, 0)
}

/// Fails when a file of `len` bytes is more than `cap` allows.
pub(crate) fn check_size(path: &Path, len: u64, cap: Cap) -> Result<()> {
    if len > cap.bytes {
        bail!(too_large(&format!("`{}`", path.display()), cap));
    }
    Ok(())
}

/// Reads a regular file of at most `cap` bytes.
pub fn read_file(path: &Path, cap: Cap) -> Result<Vec<u8>> {
    let meta = input_file(path, cap)?;
    check_size(path, meta.len(), cap)?;
    // The path may be replaced after the check: what is opened is checked again (opened
    // without blocking, so a FIFO swapped in is refused, not waited on), and the cap holds
    // while reading, should the file grow.
    let file = open_nonblocking(path)?;
    let opened = file.metadata()?;
    if !opened.is_file() {
        bail!(NotRegular {
            path: path.display().to_string(),
            kind: kind(&opened),
            stdin: cap.stdin,
        });
    }
    // Read once into a buffer of the right size (on huge pages when large: a call file may be
    // megabytes, see `invocation::huge`), not grown by doubling.
    let room = usize::try_from(opened.len().min(cap.bytes))
        .unwrap_or(0)
        .saturating_add(1);
    let bytes =
        crate::invocation::huge::vec_with_room(room).unwrap_or_else(|| Vec::with_capacity(room));
    read_capped_into(bytes, file, cap, &format!("`{}`", path.display()))
}

/// Opens a file for reading without blocking, should it be a FIFO (check what was opened).
pub(crate) fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads standard input, at most `cap` bytes.
pub fn read_stdin(cap: Cap) -> Result<Vec<u8>> {
    read_capped(std::io::stdin().lock(), cap, "standard input")
}

fn read_capped(reader: impl Read, cap: Cap, name: &str) -> Result<Vec<u8>> {
    read_capped_into(Vec::new(), reader, cap, name)
}

fn read_capped_into(
    mut bytes: Vec<u8>,
    reader: impl Read,
    cap: Cap,
    name: &str,
) -> Result<Vec<u8>> {
    reader.take(cap.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap.bytes {
        bail!(too_large(name, cap));
    }
    Ok(bytes)
}

fn too_large(name: &str, cap: Cap) -> String {
    format!(
        "{name} is larger than {}, the most wavecall reads as {}",
        format_bytes(cap.bytes),
        cap.what
    )
}

/// Writes `parts` to `dest`, which the user named.
///
/// A regular file, or one a symlink points to, is replaced atomically (a temporary file
/// beside it renamed over it, with the old file's permissions), so that no reader sees half
/// an artifact and a symlink stays a symlink. Anything else that exists (a device, a FIFO)
/// is opened and written to; errors such as `/dev/full`'s are returned. A path where nothing
/// exists gets a new file. Paths in `/dev` and `/proc` (`/dev/stdout` redirected to a file)
/// are always written through, never replaced; so is a file whose folder does not let a
/// temporary file be made beside it.
pub fn write_output(dest: &Path, parts: &[&[u8]]) -> io::Result<()> {
    match fs::metadata(dest) {
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("`{}` is a directory", dest.display()),
        )),
        Ok(meta) if meta.is_file() => {
            let target = fs::canonicalize(dest)?;
            let special = |p: &Path| p.starts_with("/dev") || p.starts_with("/proc");
            if special(dest) || special(&target) {
                // `--report json=/dev/stdout > out.json`: add to what is there.
                return write_through(dest, parts, Mode::Append);
            }
            match write_atomic_with(&target, parts, Some(meta.permissions())) {
                Err(err) if err.kind() == io::ErrorKind::PermissionDenied => {
                    write_through(dest, parts, Mode::Truncate)
                }
                other => other,
            }
        }
        Ok(_) => write_through(dest, parts, Mode::Truncate),
        // A dangling symlink: create what it points to, as `cp` through a symlink would.
        Err(err)
            if err.kind() == io::ErrorKind::NotFound
                && fs::symlink_metadata(dest).is_ok_and(|m| m.file_type().is_symlink()) =>
        {
            write_through(dest, parts, Mode::Truncate)
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => write_atomic(dest, parts),
        Err(err) => Err(err),
    }
}

/// How [`write_through`] treats what the file holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Truncate,
    Append,
}

fn write_through(dest: &Path, parts: &[&[u8]], mode: Mode) -> io::Result<()> {
    let mut file = File::options()
        .write(true)
        .create(true)
        .truncate(mode == Mode::Truncate)
        .append(mode == Mode::Append)
        .open(dest)?;
    for part in parts {
        file.write_all(part)?;
    }
    file.flush()
}

#[cfg(unix)]
fn kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let ty = meta.file_type();
    if ty.is_char_device() {
        "a character device"
    } else if ty.is_block_device() {
        "a block device"
    } else if ty.is_fifo() {
        "a named pipe (FIFO)"
    } else if ty.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind(_meta: &Metadata) -> &'static str {
    "a special file"
}

/// How the temporary files of [`write_atomic`] start: the compile cache sweeps them.
pub(crate) const TEMP_PREFIX: &str = ".tmp-";

/// Writes a file atomically: to a temporary file beside it, then renamed over it.
pub(crate) fn write_atomic(dest: &Path, parts: &[&[u8]]) -> io::Result<()> {
    write_atomic_with(dest, parts, None)
}

/// [`write_atomic`], giving the new file `permissions` (those of the file it replaces).
pub(crate) fn write_atomic_with(
    dest: &Path,
    parts: &[&[u8]],
    permissions: Option<fs::Permissions>,
) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = dest.parent().unwrap_or(Path::new("."));
    let unique = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = dir.join(format!(
        "{}{}-{}-{unique}",
        TEMP_PREFIX,
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = File::options().write(true).create_new(true).open(&tmp)?;
        for part in parts {
            file.write_all(part)?;
        }
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        drop(file);
        fs::rename(&tmp, dest)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_within_the_cap_and_refuses_past_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        let cap = |bytes| Cap {
            bytes,
            what: "a test",
            stdin: None,
        };
        assert_eq!(read_file(&path, cap(5)).unwrap(), b"12345");
        let err = read_file(&path, cap(4)).unwrap_err().to_string();
        assert!(
            err.contains("larger than 4 bytes, the most wavecall reads as a test"),
            "{err}"
        );
        let err = read_capped(&b"12345"[..], cap(4), "input").unwrap_err();
        assert!(err.to_string().starts_with("input is larger"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_devices_and_directories() {
        let err = read_file(Path::new("/dev/zero"), COMPONENT).unwrap_err();
        assert!(err.to_string().contains("is a character device"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let err = read_file(dir.path(), CALL).unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
    }
}
