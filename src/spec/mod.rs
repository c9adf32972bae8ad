//! `wavecall test`: spec files that say what a component's exports must return.
//!
//! A spec is a TOML file (the format is in `docs/spec-format.md`): the component, optional
//! mocks and links for its imports, and `[[test]]` tables, each with one or more calls and
//! what the last must do. [`load`] reads and checks a file, [`run`] runs files in parallel
//! and returns a [`FileReport`] per file, which [`junit`] and [`json`] turn into reports.

mod check;
mod compare;
mod discover;
mod file;
mod model;
mod outcome;
mod property;
pub mod record;
mod report;
mod run;
mod select;
mod shorten;
mod update;

pub use compare::compare;
pub use discover::discover;
pub use model::{Expectation, Item, Located, SpecError, SpecFile, TestCase, load, parse};
pub use property::{DEFAULT_CASES, DEFAULT_MAX_SIZE, Law, PropertyCase, fresh_seed};
pub use report::{
    FileError, FileReport, Observed, Shown, Status, Summary, TestReport, caret,
    describe_file_error, describe_test, github, json, junit,
};
pub use run::{DEFAULT_MAX_OUTPUT, RunOptions, run, run_with};
pub use select::{Listed, Partition, PartitionKind, Pick, list};
pub use update::{Rewrite, UpdateMode, apply as apply_rewrites, rewrites};
