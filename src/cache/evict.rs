//! Keeping the cache within its bound, least recently used first; its statistics; emptying it.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};

use super::Cache;

/// A temporary file (see [`crate::files::TEMP_PREFIX`]) older than this belongs to a process
/// that died while writing.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// What the cache holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheStats {
    /// The directory.
    pub dir: PathBuf,
    /// Compiled components stored.
    pub entries: u64,
    /// Their total size in bytes.
    pub bytes: u64,
    /// The bound on that size.
    pub max_size: u64,
}

struct Entry {
    path: PathBuf,
    record: PathBuf,
    len: u64,
    last_used: SystemTime,
}

impl Cache {
    fn entries(&self) -> Result<Vec<Entry>> {
        let mut entries = Vec::new();
        let listing = match fs::read_dir(&self.dir) {
            Ok(listing) => listing,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(entries),
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("failed to list `{}`", self.dir.display()));
            }
        };
        for item in listing {
            let item = item?;
            let path = item.path();
            // Another process may remove an entry while we look: skip it.
            let Ok(meta) = item.metadata() else { continue };
            let name = item.file_name();
            let name = name.to_string_lossy();
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            if is_temp_name(&name) && meta.is_file() {
                if modified.elapsed().is_ok_and(|age| age > STALE_TEMP) {
                    let _ = fs::remove_file(&path);
                }
            } else if meta.is_file() && is_entry_name(&name) {
                // A hit touches the entry's record, not the entry: touching the entry would
                // change its change time and so void the record of its checked checksum.
                let record = self.record_path("verified", &path);
                let used = fs::metadata(&record).and_then(|m| m.modified()).ok();
                entries.push(Entry {
                    last_used: used.map_or(modified, |used| used.max(modified)),
                    len: meta.len(),
                    path,
                    record,
                });
            }
        }
        Ok(entries)
    }

    /// The number and total size of the stored components.
    pub fn stats(&self) -> Result<CacheStats> {
        let entries = self.entries()?;
        Ok(CacheStats {
            dir: self.dir.clone(),
            entries: entries.len() as u64,
            bytes: entries.iter().map(|e| e.len).sum(),
            max_size: self.max_size,
        })
    }

    /// Removes the least recently used entries until the rest fit the bound.
    pub fn evict(&self) -> Result<()> {
        let mut entries = self.entries()?;
        let mut total: u64 = entries.iter().map(|e| e.len).sum();
        if total <= self.max_size {
            return Ok(());
        }
        entries.sort_by_key(|e| e.last_used);
        for entry in entries {
            if total <= self.max_size {
                break;
            }
            log::debug!("evicting `{}` from the compile cache", entry.path.display());
            // A concurrent process may have removed it already; either way it is gone.
            let _ = fs::remove_file(&entry.path);
            let _ = fs::remove_file(&entry.record);
            total -= entry.len;
        }
        Ok(())
    }

    /// Removes every entry and record wavecall wrote in the directory, and nothing else (a
    /// user's own `my.cwasm` beside them stays); returns the statistics before.
    pub fn clean(&self) -> Result<CacheStats> {
        let stats = self.stats()?;
        for entry in self.entries()? {
            let _ = fs::remove_file(&entry.path);
        }
        let records = self.dir.join(RECORDS);
        let listing = match fs::read_dir(&records) {
            Ok(listing) => listing,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(stats),
            Err(err) => return Err(err).context("failed to list the cache's records"),
        };
        for item in listing.flatten() {
            let name = item.file_name();
            let name = name.to_string_lossy();
            let ours = is_record_name(&name) || is_temp_name(&name);
            if ours && item.file_type().is_ok_and(|t| t.is_file()) {
                let _ = fs::remove_file(item.path());
            }
        }
        // Only if nothing else is left in it.
        let _ = fs::remove_dir(&records);
        Ok(stats)
    }
}

/// The folder of records (`stamp.rs`) inside the cache directory.
pub(super) const RECORDS: &str = "stamps";

/// `<64 hex digits>.cwasm`: an entry, named by its key.
fn is_entry_name(name: &str) -> bool {
    name.strip_suffix(".cwasm").is_some_and(is_digest_hex)
}

/// `<64 hex digits>`: a record, named by a digest of what it is about.
fn is_record_name(name: &str) -> bool {
    is_digest_hex(name)
}

/// `.tmp-PID-COUNTER-NANOS`, as `write_atomic` names its temporary files.
fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(crate::files::TEMP_PREFIX)
        .is_some_and(|rest| {
            let parts: Vec<&str> = rest.split('-').collect();
            parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        })
}

fn is_digest_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_wavecall_gives_are_its_own() {
        let hex = "0123456789abcdef".repeat(4);
        assert!(is_entry_name(&format!("{hex}.cwasm")));
        assert!(!is_entry_name("my.cwasm"));
        assert!(!is_entry_name(&format!("{}.cwasm", hex.to_uppercase())));
        assert!(is_record_name(&hex));
        assert!(!is_record_name("notes.txt"));
        assert!(is_temp_name(".tmp-123-0-456789"));
        assert!(!is_temp_name(".tmp-mine"));
        assert!(!is_temp_name(".tmp-1-2"));
    }
}
