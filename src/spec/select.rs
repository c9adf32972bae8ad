//! Which tests a run selects: `--filter` by name first, then `--partition`, which splits what
//! is left among the N jobs of a CI matrix, so that their union is the whole suite and no two
//! jobs run the same test.
//!
//! The unit of a partition is a test of a `fresh` file, or a whole `shared` file: the tests
//! of a shared instance build on each other's state, so they are never split up.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::model::{SpecError, SpecFile};

/// How a partition assigns tests to jobs (`--partition KIND:K/N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionKind {
    /// Round-robin over the selected tests of every file in order (nextest's `slice`): even
    /// sizes, but adding a test moves the ones after it to other jobs.
    Count,
    /// By a hash of the spec path and the test name: a test stays in its job whatever else
    /// changes; sizes are even only on average.
    Hash,
}

/// The K-th of N parts of a run (`hash:K/N`, `count:K/N`; K from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// How tests are assigned.
    pub kind: PartitionKind,
    /// Which part this job runs, from 1.
    pub shard: u64,
    /// How many parts there are, at least 1.
    pub total: u64,
}

impl Partition {
    /// The K-th of N parts; errors unless `1 <= shard <= total`.
    pub fn new(kind: PartitionKind, shard: u64, total: u64) -> Result<Partition, String> {
        if total == 0 {
            return Err("the number of partitions must be at least 1".into());
        }
        if !(1..=total).contains(&shard) {
            return Err(format!(
                "partition {shard} of {total} does not exist: it counts from 1 to {total}"
            ));
        }
        Ok(Partition { kind, shard, total })
    }
}

impl FromStr for Partition {
    type Err = String;

    fn from_str(text: &str) -> Result<Partition, String> {
        let usage = || format!("expected `hash:K/N` or `count:K/N`, got `{text}`");
        let (kind, rest) = text.split_once(':').ok_or_else(usage)?;
        let kind = match kind {
            "hash" => PartitionKind::Hash,
            "count" => PartitionKind::Count,
            _ => return Err(usage()),
        };
        let (shard, total) = rest.split_once('/').ok_or_else(usage)?;
        let number = |n: &str| n.trim().parse::<u64>().map_err(|_| usage());
        Partition::new(kind, number(shard)?, number(total)?)
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            PartitionKind::Count => "count",
            PartitionKind::Hash => "hash",
        };
        write!(f, "{kind}:{}/{}", self.shard, self.total)
    }
}

/// What becomes of one test or property of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// It runs in this job.
    Run,
    /// `--filter` leaves it out.
    Filtered,
    /// Another job of the partition runs it.
    OtherPartition,
}

/// The picks of every file, in the order of the specs: for each file, its tests then its
/// properties (a file that did not load has none).
pub(super) fn select(
    specs: &[Result<SpecFile, SpecError>],
    filter: Option<&str>,
    partition: Option<Partition>,
) -> Vec<Vec<Pick>> {
    let mut unit = 0u64;
    specs
        .iter()
        .map(|spec| {
            let Ok(spec) = spec else { return Vec::new() };
            let names: Vec<&str> = spec.items().map(|item| item.name).collect();
            let mut picks: Vec<Pick> = names
                .iter()
                .map(|name| match filter {
                    Some(filter) if !name.contains(filter) => Pick::Filtered,
                    _ => Pick::Run,
                })
                .collect();
            let Some(partition) = partition else {
                return picks;
            };
            let mut ours = |identity: &str| {
                let bucket = match partition.kind {
                    PartitionKind::Count => unit,
                    PartitionKind::Hash => hash(identity),
                };
                unit += 1;
                bucket % partition.total == partition.shard - 1
            };
            let path = identity_path(&spec.path);
            if spec.shared {
                if picks.contains(&Pick::Run) && !ours(&path) {
                    for pick in picks.iter_mut().filter(|p| **p == Pick::Run) {
                        *pick = Pick::OtherPartition;
                    }
                }
            } else {
                for (pick, name) in picks.iter_mut().zip(names) {
                    if *pick == Pick::Run && !ours(&format!("{path}\0{name}")) {
                        *pick = Pick::OtherPartition;
                    }
                }
            }
            picks
        })
        .collect()
}

/// The spec path as it identifies a test: relative to the working folder when it lies inside
/// it, with `/` between folders on every system, so that every job of a matrix (and every
/// platform) hashes the same text wherever its checkout is, and `specs/a.toml` and
/// `$PWD/specs/a.toml` are one test.
fn identity_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let relative = cwd
        .as_deref()
        .filter(|_| path.is_absolute())
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A hash that never changes between versions or platforms (unlike std's `DefaultHasher`),
/// since jobs on different machines must agree.
pub(super) fn hash(identity: &str) -> u64 {
    let digest = blake3::hash(identity.as_bytes());
    u64::from_le_bytes(digest.as_bytes()[..8].try_into().unwrap())
}

/// One selected test or property, as `wavecall test --list` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The spec file.
    pub path: PathBuf,
    /// The test's name, unique in its file.
    pub name: String,
    /// The line of its `[[test]]` or `[[property]]` header.
    pub line: usize,
    /// `test` or `property`.
    pub kind: &'static str,
}

/// The tests a run with `filter` and `partition` would run, in order, without loading any
/// component; or every error of the spec files that cannot be read.
pub fn list(
    paths: &[PathBuf],
    filter: Option<&str>,
    partition: Option<Partition>,
) -> Result<Vec<Listed>, Vec<SpecError>> {
    let specs: Vec<Result<SpecFile, SpecError>> =
        paths.iter().map(|p| super::model::load(p)).collect();
    let errors: Vec<SpecError> = specs
        .iter()
        .filter_map(|s| s.as_ref().err().cloned())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let picks = select(&specs, filter, partition);
    let mut listed = Vec::new();
    for (spec, picks) in specs.iter().flatten().zip(picks) {
        for (item, pick) in spec.items().zip(picks) {
            if pick == Pick::Run {
                listed.push(Listed {
                    path: spec.path.clone(),
                    name: item.name.to_string(),
                    line: item.line,
                    kind: item.kind,
                });
            }
        }
    }
    Ok(listed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_parse_as_nextest_writes_them() {
        let p: Partition = "hash:2/3".parse().unwrap();
        assert_eq!((p.kind, p.shard, p.total), (PartitionKind::Hash, 2, 3));
        assert_eq!(p.to_string(), "hash:2/3");
        assert_eq!("count:1/1".parse::<Partition>().unwrap().total, 1);
        for bad in [
            "",
            "hash",
            "hash:",
            "hash:1",
            "hash:0/2",
            "hash:3/2",
            "hash:1/0",
            "hash:a/2",
            "slice:1/2",
            "hash:1/2/3",
            "hash:-1/2",
        ] {
            assert!(bad.parse::<Partition>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_hash_is_stable() {
        // Jobs on other machines, and later versions, must put a test in the same bucket.
        assert_eq!(hash("specs/a.toml\0f(1)"), hash("specs/a.toml\0f(1)"));
        // The first 8 bytes of BLAKE3("") (af1349b9f5f9a1a6…), little-endian.
        assert_eq!(hash(""), 0xa6a1_f9f5_b949_13af);
        assert_eq!(
            identity_path(Path::new("specs/sub/a.toml")),
            "specs/sub/a.toml"
        );
        assert_eq!(identity_path(Path::new("./specs/a.toml")), "specs/a.toml");
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(identity_path(&cwd.join("specs/a.toml")), "specs/a.toml");
    }
}
