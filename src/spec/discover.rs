//! Finding spec files: files as given, folders searched for `*.toml` at any depth.

use std::path::{Path, PathBuf};

/// The spec files among `paths`: files as given, directories searched for `*.toml` at any
/// depth, in sorted order.
pub fn discover(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out)?;
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files).map_err(|e| {
                anyhow::anyhow!("failed to read the folder `{}`: {e}", path.display())
            })?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            anyhow::bail!("no spec file or folder `{}`", path.display());
        }
    }
    Ok(files)
}
