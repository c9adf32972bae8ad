//! GitHub Actions workflow commands: each failure as an `::error` annotation on its spec line,
//! which GitHub shows on the pull request's diff and in the job summary.
//!
//! Escaping follows the runner's own rules (`actions/toolkit`, `command.ts`): in the message,
//! `%`, `\r` and `\n`; in a property (`file=`, `title=`), also `:` and `,`.

use std::fmt::Write;

use super::text::describe;
use super::{FileError, FileReport, Status};

/// One `::error` command per failed or errored test and per spec or load error, each on its
/// own line, pointing at the spec file and line.
pub fn github(files: &[FileReport]) -> String {
    let mut out = String::new();
    for file in files {
        let path = file.path.display().to_string();
        match &file.error {
            Some(FileError::Spec(errors)) => {
                for error in errors {
                    command(&mut out, &path, error.line, "spec error", &error.message);
                }
            }
            Some(FileError::Load(message)) => {
                command(&mut out, &path, None, "component not loaded", message)
            }
            None => {}
        }
        for test in &file.tests {
            if matches!(test.status, Status::Failed | Status::Error) {
                // The block the text report prints, without its headline, which the title
                // and the position already say.
                let block = describe(file, test);
                let body: Vec<&str> = block
                    .lines()
                    .skip(1)
                    .map(|l| l.strip_prefix("  ").unwrap_or(l))
                    .collect();
                let title = format!("{} {}", test.status.label(), test.name);
                command(
                    &mut out,
                    &path,
                    Some(test.location()),
                    &title,
                    &body.join("\n"),
                );
            }
        }
    }
    out
}

fn command(out: &mut String, path: &str, line: Option<usize>, title: &str, message: &str) {
    let _ = write!(out, "::error file={}", property(path));
    if let Some(line) = line {
        let _ = write!(out, ",line={line}");
    }
    let _ = writeln!(
        out,
        ",title={}::{}",
        property(title),
        data(message.trim_end())
    );
}

/// A command's message: `%` first, so that the escapes are not escaped again.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_reads_them() {
        assert_eq!(data("50% done\r\nnext: a, b"), "50%25 done%0D%0Anext: a, b");
        assert_eq!(property("f(1, 2): x%"), "f(1%2C 2)%3A x%25");
    }
}
