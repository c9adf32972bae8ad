//! Keeping the cache within its bound, least recently used first; its statistics; emptying it.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};

use super::Cache;

/// Temporary files start with this; one older than [`STALE_TEMP`] belongs to a process that
/// died while writing.
pub const TEMP_PREFIX: &str = ".tmp-";
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
            if name.starts_with(TEMP_PREFIX) {
                if modified.elapsed().is_ok_and(|age| age > STALE_TEMP) {
                    let _ = fs::remove_file(&path);
                }
            } else if meta.is_file() && name.ends_with(".cwasm") {
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

    /// Removes everything wavecall keeps in the directory; returns the statistics before.
    pub fn clean(&self) -> Result<CacheStats> {
        let stats = self.stats()?;
        for entry in self.entries()? {
            let _ = fs::remove_file(&entry.path);
        }
        match fs::remove_dir_all(self.dir.join("stamps")) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(err).context("failed to remove the cache's records");
            }
            _ => {}
        }
        Ok(stats)
    }
}
