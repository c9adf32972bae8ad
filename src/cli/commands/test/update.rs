//! `--update`: each spec whose tests failed on their last call's outcome gets that outcome
//! written back as its expectation.

use anyhow::Result;
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::spec::{self, FileReport, UpdateMode};

/// Rewrites the specs of `reports`; prints a line per rewritten test and returns how many.
pub(super) fn update(reports: &[FileReport], mode: UpdateMode) -> Result<usize> {
    let mut count = 0;
    let mut lines = String::new();
    for report in reports {
        if report.error.is_some() {
            continue;
        }
        // Read again: the file that ran is the one rewritten.
        let Ok(spec) = spec::load(&report.path) else {
            continue;
        };
        let rewrites = spec::rewrites(&spec, report, mode);
        if rewrites.is_empty() {
            continue;
        }
        let what = || format!("failed to update the spec `{}`", report.path.display());
        let bytes = wavecall::files::read_file(&report.path, wavecall::files::SPEC)
            .classify(FailureClass::Usage, what)?;
        let text = String::from_utf8(bytes)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .classify(FailureClass::Usage, what)?;
        let updated = spec::apply_rewrites(&text, &rewrites)
            .map_err(|e| anyhow::anyhow!(e))
            .classify(FailureClass::Usage, what)?;
        wavecall::files::write_output(&report.path, &[updated.as_bytes()])
            .classify(FailureClass::Usage, what)?;
        for rewrite in &rewrites {
            lines.push_str(&format!(
                "UPDATED {}:{}: {}\n  {} = {}\n",
                report.path.display(),
                rewrite.line,
                rewrite.name,
                rewrite.key,
                rewrite.shown
            ));
        }
        count += rewrites.len();
    }
    crate::cli::print(&lines)?;
    Ok(count)
}
