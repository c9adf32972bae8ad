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
mod report;
mod run;
mod shorten;

pub use compare::compare;
pub use discover::discover;
pub use model::{Expectation, Located, SpecError, SpecFile, TestCase, load, parse};
pub use report::{
    FileError, FileReport, Shown, Status, Summary, TestReport, caret, describe_file_error,
    describe_test, json, junit,
};
pub use run::{DEFAULT_MAX_OUTPUT, RunOptions, run};
