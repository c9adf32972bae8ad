//! Running one part of a suite in each job of a CI matrix: `--partition` (and `auto`, from
//! GitLab's variables) and `--list`.

use std::path::PathBuf;

use anyhow::{Result, anyhow};
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::spec::{self, Partition, PartitionKind};

use super::ListFormat;

/// The partition `--partition` asks for; `auto` reads GitLab's `CI_NODE_INDEX` (from 1) and
/// `CI_NODE_TOTAL` through `env`, and means the whole suite when they are unset (a job
/// without `parallel:`).
pub(super) fn partition(
    text: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Partition>> {
    fn usage<T>(message: String) -> Result<T> {
        Err(anyhow!(message)).classify(FailureClass::Usage, || "invalid `--partition`".into())
    }
    let Some(text) = text else { return Ok(None) };
    if text != "auto" {
        return match text.parse() {
            Ok(partition) => Ok(Some(partition)),
            Err(message) => usage(message),
        };
    }
    let number = |name: &str| -> Result<Option<u64>> {
        match env(name) {
            None => Ok(None),
            Some(value) => match value.trim().parse() {
                Ok(n) => Ok(Some(n)),
                Err(_) => usage(format!(
                    "`auto` reads `{name}`, which is `{value}`, not a number"
                )),
            },
        }
    };
    match (number("CI_NODE_INDEX")?, number("CI_NODE_TOTAL")?) {
        (_, None | Some(1)) => Ok(None),
        (Some(index), Some(total)) => match Partition::new(PartitionKind::Count, index, total) {
            Ok(partition) => Ok(Some(partition)),
            Err(message) => usage(format!(
                "`auto` reads `CI_NODE_INDEX={index}` and `CI_NODE_TOTAL={total}`: {message}"
            )),
        },
        (None, Some(total)) => usage(format!(
            "`auto` reads `CI_NODE_TOTAL={total}` but `CI_NODE_INDEX` is unset"
        )),
    }
}

/// `--list`: the selected tests, one per line (`path:line: name`) or as one JSON document.
pub(super) fn list(
    paths: &[PathBuf],
    filter: Option<&str>,
    partition: Option<Partition>,
    format: ListFormat,
) -> Result<i32> {
    let listed = match spec::list(paths, filter, partition) {
        Ok(listed) => listed,
        Err(errors) => {
            for error in &errors {
                eprintln!("{} {error}", crate::cli::errors::label("error:"));
            }
            return Ok(wavecall::error::EXIT_USAGE);
        }
    };
    let text = match format {
        ListFormat::Text => listed
            .iter()
            .map(|t| format!("{}:{}: {}\n", t.path.display(), t.line, t.name))
            .collect(),
        ListFormat::Json => {
            let tests: Vec<serde_json::Value> = listed
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "spec": t.path.display().to_string(),
                        "name": t.name,
                        "line": t.line,
                        "kind": t.kind,
                    })
                })
                .collect();
            let partition = partition.map(|p| p.to_string());
            format!(
                "{:#}\n",
                serde_json::json!({"count": tests.len(), "partition": partition, "tests": tests})
            )
        }
    };
    crate::cli::print(&text)?;
    Ok(wavecall::error::EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(index: Option<&str>, total: Option<&str>) -> Result<Option<Partition>> {
        partition(Some("auto"), |name| match name {
            "CI_NODE_INDEX" => index.map(str::to_string),
            "CI_NODE_TOTAL" => total.map(str::to_string),
            _ => None,
        })
    }

    #[test]
    fn auto_reads_gitlabs_one_based_index() {
        let p = auto(Some("1"), Some("3")).unwrap().unwrap();
        assert_eq!((p.kind, p.shard, p.total), (PartitionKind::Count, 1, 3));
        assert_eq!(auto(Some("3"), Some("3")).unwrap().unwrap().shard, 3);
        assert!(auto(Some("0"), Some("3")).is_err(), "GitLab counts from 1");
        assert!(auto(Some("4"), Some("3")).is_err());
        assert!(auto(None, Some("3")).is_err());
        assert!(auto(Some("x"), Some("3")).is_err());
        // A job without `parallel:` runs everything.
        assert_eq!(auto(None, None).unwrap(), None);
        assert_eq!(auto(None, Some("1")).unwrap(), None);
    }
}
