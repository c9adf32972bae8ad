//! The calls of `--invoke`: their text, with `@FILE` and `@-` read, and the check that
//! every one is valid before the first runs (shared by `run` and `explain`).

use anyhow::Result;
use wavecall::Program;
use wavecall::error::{Classified, ClassifyExt, FailureClass};

/// The texts of `--invoke` calls, with `@FILE` and `@-` read; `component` is the
/// component argument (standard input can be read only once).
pub fn read_calls(invoke: &[String], component: &str) -> Result<Vec<String>> {
    let mut stdin_used = component == "-";
    let mut calls = Vec::new();
    for call in invoke {
        let text = match call.strip_prefix('@') {
            Some("-") => {
                if stdin_used {
                    let what = if component == "-" {
                        "the component already comes from standard input (`-`)"
                    } else {
                        "`@-` is given twice"
                    };
                    return Err(anyhow::anyhow!(
                        "{what}; put the other call in a file and pass `@FILE`"
                    ))
                    .classify(FailureClass::Usage, || {
                        "standard input can be read only once".into()
                    });
                }
                stdin_used = true;
                wavecall::files::read_stdin(wavecall::files::CALL)
                    .and_then(call_text)
                    .classify(FailureClass::Usage, || {
                        "failed to read the call from standard input".into()
                    })?
            }
            Some(path) => wavecall::files::read_file(path.as_ref(), wavecall::files::CALL)
                .and_then(call_text)
                .classify(FailureClass::Usage, || {
                    format!("failed to read the call from `{path}`")
                })?,
            None => call.clone(),
        };
        // In place: a call read from a file may be megabytes long.
        let mut text = text;
        text.truncate(text.trim_end().len());
        calls.push(text);
    }
    Ok(calls)
}

/// Call text read from a file must be UTF-8; say where it is not.
fn call_text(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let byte = err.as_bytes()[at];
        anyhow::anyhow!("the call is not UTF-8 text: byte 0x{byte:02x} at offset {at} is invalid")
    })
}

/// Parses and type-checks every call before the first one runs, so that a mistake in a later
/// call leaves nothing half done.
pub fn check_calls(program: &Program, calls: &[String]) -> Result<()> {
    let mut checker = program.checker()?;
    for (i, call) in calls.iter().enumerate() {
        checker.check(call).map_err(|err| {
            if calls.len() == 1 {
                return err;
            }
            let message = format!(
                "call {} of {} is invalid, so none was made",
                i + 1,
                calls.len()
            );
            err.context(Classified::new(FailureClass::Usage, message))
        })?;
    }
    Ok(())
}
