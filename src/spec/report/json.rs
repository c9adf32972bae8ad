//! The JSON report: a summary and every file with its tests, values whole.

use serde_json::json;

use super::{FileError, FileReport, Summary};

/// The run as one JSON document: a summary and every file with its tests, values whole.
pub fn json(files: &[FileReport], summary: &Summary) -> serde_json::Value {
    let files: Vec<serde_json::Value> = files
        .iter()
        .map(|file| {
            let error = match &file.error {
                Some(FileError::Spec(errors)) => json!({
                    "kind": "spec",
                    "errors": errors.iter().map(|e| json!({
                        "line": e.line,
                        "message": e.message,
                    })).collect::<Vec<_>>(),
                }),
                Some(FileError::Load(message)) => json!({"kind": "load", "message": message}),
                None => serde_json::Value::Null,
            };
            json!({
                "spec": file.path.display().to_string(),
                "component": file.component.as_ref().map(|c| c.display().to_string()),
                "error": error,
                "duration_ms": file.duration.as_secs_f64() * 1000.0,
                "filtered": file.filtered,
                "partitioned": file.partitioned,
                "not_run": file.not_run,
                "tests": file.tests.iter().map(|t| json!({
                    "name": t.name,
                    "line": t.line,
                    "status": t.status.as_str(),
                    "duration_ms": t.duration.as_secs_f64() * 1000.0,
                    "call": t.call,
                    "call_line": t.call_line,
                    "expected": t.expected.as_ref().map(|v| &v.wave),
                    "actual": t.actual.as_ref().map(|v| &v.wave),
                    "message": t.message,
                    "details": t.details,
                    "stdout": t.stdout,
                    "stderr": t.stderr,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "summary": {
            "passed": summary.passed,
            "failed": summary.failed,
            "skipped": summary.skipped,
            "filtered": summary.filtered,
            "partitioned": summary.partitioned,
            "not_run": summary.not_run,
            "updated": summary.updated,
            "errors": summary.errors,
            "exit_code": summary.exit_code(),
        },
        "files": files,
    })
}
