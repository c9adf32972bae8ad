//! Remembering work already done on a file (hashing a source, checking an artifact's
//! checksum) for as long as the file provably has not changed.
//!
//! A file's fingerprint is its device, inode, length, modification time and change time. Any
//! write, truncation or replacement through the file system changes at least one of them, and
//! the change time cannot be set by user programs. File systems keep timestamps from a coarse
//! clock, though, so a file changed twice within one tick keeps its timestamps: like Git's
//! "racily clean" rule, a fingerprint is trusted only once the file has been left alone for
//! [`SETTLE`], and until then the work is simply done again.

use std::fs::{self, File, Metadata};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::Digest;

/// How long a file must have been left alone before its fingerprint stands for its contents.
pub const SETTLE: Duration = Duration::from_secs(2);

const RECORD_LEN: usize = 56 + 32;

/// The identity and timestamps of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    dev: u64,
    ino: u64,
    len: u64,
    /// Modification time, nanoseconds since the epoch.
    mtime: i128,
    /// Status change time, nanoseconds since the epoch.
    ctime: i128,
}

impl Fingerprint {
    /// The fingerprint of a file, where the platform gives inode and change time.
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> Option<Fingerprint> {
        use std::os::unix::fs::MetadataExt;
        let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        Some(Fingerprint {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: ns(meta.mtime(), meta.mtime_nsec()),
            ctime: ns(meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// Without a change time, no fingerprint is trusted: every run hashes and checks again.
    #[cfg(not(unix))]
    pub fn of(_meta: &Metadata) -> Option<Fingerprint> {
        None
    }

    /// Whether the file has been left alone for at least `settle` before `now`.
    pub fn is_settled(&self, now: SystemTime, settle: Duration) -> bool {
        let Ok(now) = now.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let last_change = self.mtime.max(self.ctime);
        now.as_nanos() as i128 - last_change >= settle.as_nanos() as i128
    }

    fn to_bytes(self) -> [u8; 56] {
        let mut out = [0; 56];
        out[0..8].copy_from_slice(&self.dev.to_le_bytes());
        out[8..16].copy_from_slice(&self.ino.to_le_bytes());
        out[16..24].copy_from_slice(&self.len.to_le_bytes());
        out[24..40].copy_from_slice(&self.mtime.to_le_bytes());
        out[40..56].copy_from_slice(&self.ctime.to_le_bytes());
        out
    }

    fn from_bytes(b: &[u8; 56]) -> Fingerprint {
        let u = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
        let i = |at: usize| i128::from_le_bytes(b[at..at + 16].try_into().expect("16 bytes"));
        Fingerprint {
            dev: u(0),
            ino: u(8),
            len: u(16),
            mtime: i(24),
            ctime: i(40),
        }
    }
}

/// Reads a record: the fingerprint a file had and what was learned about it then.
///
/// A record is exactly [`RECORD_LEN`] bytes in a regular file; anything else (a symlink to
/// `/dev/zero`, a FIFO, a file of another length) is no record, and is not read past that
/// length.
pub fn read(record: &Path) -> Option<(Fingerprint, Digest)> {
    let file = open_record(record, false).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() != RECORD_LEN as u64 {
        return None;
    }
    let mut bytes = [0; RECORD_LEN + 1];
    let mut filled = 0;
    let mut reader = file.take(bytes.len() as u64);
    while filled < bytes.len() {
        match reader.read(&mut bytes[filled..]).ok()? {
            0 => break,
            n => filled += n,
        }
    }
    if filled != RECORD_LEN {
        return None;
    }
    let fingerprint = Fingerprint::from_bytes(bytes[..56].try_into().expect("56 bytes"));
    Some((
        fingerprint,
        bytes[56..RECORD_LEN].try_into().expect("32 bytes"),
    ))
}

/// Opens a record itself, never what a symlink in its place points to, and without
/// blocking on a FIFO: the cache directory may hold anything.
fn open_record(record: &Path, write: bool) -> std::io::Result<File> {
    let mut options = File::options();
    options.read(!write).write(write);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(record)
}

/// Writes a record atomically.
pub fn write(record: &Path, fingerprint: Fingerprint, value: &Digest) -> std::io::Result<()> {
    let mut bytes = [0; RECORD_LEN];
    bytes[..56].copy_from_slice(&fingerprint.to_bytes());
    bytes[56..].copy_from_slice(value);
    let dir = record.parent().expect("records live in a directory");
    fs::create_dir_all(dir)?;
    super::write_atomic(record, &[&bytes])
}

/// Marks a record as just used (its modification time is the entry's last use).
pub fn touch(record: &Path) {
    if let Ok(file) = open_record(record, true)
        && file.metadata().is_ok_and(|m| m.is_file())
    {
        let _ = file.set_modified(SystemTime::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_files_are_not_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, b"x").unwrap();
        let Some(fp) = Fingerprint::of(&fs::metadata(&path).unwrap()) else {
            return;
        };
        assert!(!fp.is_settled(SystemTime::now(), SETTLE));
        assert!(fp.is_settled(SystemTime::now() + SETTLE, SETTLE));
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_records_of_the_right_length_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert_eq!(read(&zero), None);
        touch(&zero);
        let fifo = dir.path().join("fifo");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a plain libc call with a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert_eq!(read(&fifo), None, "a FIFO nobody writes to must not block");
        let long = dir.path().join("long");
        fs::write(&long, [0; RECORD_LEN + 1]).unwrap();
        assert_eq!(read(&long), None);
    }

    #[test]
    fn records_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, b"x").unwrap();
        let Some(fp) = Fingerprint::of(&fs::metadata(&path).unwrap()) else {
            return;
        };
        let record = dir.path().join("records/r");
        write(&record, fp, &[7; 32]).unwrap();
        assert_eq!(read(&record), Some((fp, [7; 32])));
    }
}
