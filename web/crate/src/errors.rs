//! Errors in what a learner typed, said as `wavecall` says them on standard error, with the
//! place to underline in the page's input.

use serde::Serialize;
use wavecall_abi::{AddressOverflow, CallError, ExplainError};

/// The input an error is about (the page's test ids).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Input {
    Wit,
    Call,
    Result,
    Base,
    Encoding,
}

/// An error in one input.
#[derive(Debug, Serialize)]
pub struct InputError {
    /// The input to fix.
    pub input: Input,
    /// What `wavecall` prints on standard error for it: the headline, the input's line with
    /// carets under the part to fix, the causes, the hints.
    pub text: String,
    /// The headline alone.
    pub message: String,
    /// The part of the input to underline, in UTF-16 code units (JavaScript's string
    /// indices); `None` when the error is about the whole input.
    pub span: Option<[usize; 2]>,
    /// For an error in the WIT, the line (from 1) that wit-parser points at.
    pub line: Option<usize>,
}

impl InputError {
    /// An error about the whole of `input`, said in one line.
    pub fn plain(input: Input, message: impl Into<String>) -> InputError {
        let message = message.into();
        InputError {
            input,
            text: report(&message, None, &[], &[]),
            message,
            span: None,
            line: None,
        }
    }

    /// WIT that does not parse or names no world: wit-parser's message points at the line.
    pub fn wit(err: anyhow::Error) -> InputError {
        let message = err.to_string();
        let causes: Vec<String> = err.chain().skip(1).map(|c| c.to_string()).collect();
        let line = causes.iter().find_map(|c| wit_line(c));
        InputError {
            input: Input::Wit,
            text: report(&message, None, &causes, &[]),
            message,
            span: None,
            line,
        }
    }

    /// An error of the ABI model about `input` (the call, or the result typed).
    pub fn explain(input: Input, err: ExplainError) -> InputError {
        let message = super::describe(&err);
        match err {
            ExplainError::Call(err) => InputError::call(input, err),
            ExplainError::Wit(err) => InputError::wit(err),
            ExplainError::Lowering { error, .. } => {
                // Arguments that do not fit below 4 GiB: the base is what to change.
                let input = match error.downcast_ref::<AddressOverflow>() {
                    Some(_) => Input::Base,
                    None => input,
                };
                let causes: Vec<String> = error.chain().map(|c| c.to_string()).collect();
                InputError {
                    input,
                    text: report(&message, None, &causes, &[]),
                    message,
                    span: None,
                    line: None,
                }
            }
            // The command line folds the chain into one cause line.
            ExplainError::Lifting { error, .. } => InputError {
                input: Input::Base,
                text: report(&message, None, &[format!("{error:#}")], &[]),
                message,
                span: None,
                line: None,
            },
        }
    }

    fn call(input: Input, err: CallError) -> InputError {
        let utf16 = |at: usize| err.call[..at].encode_utf16().count();
        InputError {
            input,
            text: report(&err.message, Some(&err.excerpt("")), &[], &err.hints),
            span: Some([utf16(err.span.start), utf16(err.span.end)]),
            message: err.message,
            line: None,
        }
    }

    /// The error as one JSON object.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("serialisable")
    }
}

/// An error as wavecall's `print_error` lays it out: `error: …`, the excerpt with carets,
/// `Caused by:` with the causes (numbered when there are several), a `help:` paragraph per
/// hint.
fn report(headline: &str, excerpt: Option<&str>, causes: &[String], hints: &[String]) -> String {
    let mut out = format!("error: {headline}\n");
    if let Some(excerpt) = excerpt {
        out.push('\n');
        out.push_str(excerpt);
    }
    let causes: Vec<&String> = causes.iter().filter(|c| !c.is_empty()).collect();
    if !causes.is_empty() {
        out.push_str("\nCaused by:\n");
        for (i, cause) in causes.iter().enumerate() {
            let (first, rest) = match causes.len() {
                1 => ("    ".to_string(), "    "),
                _ => (format!("  {i:>2}: "), "      "),
            };
            for (n, line) in cause.lines().enumerate() {
                out.push_str(if n == 0 { &first } else { rest });
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    for hint in hints {
        out.push_str(&format!("\nhelp: {hint}\n"));
    }
    out
}

/// The line of `input.wit` that a wit-parser message points at (`--> input.wit:3:5`).
fn wit_line(message: &str) -> Option<usize> {
    let (_, at) = message.split_once("--> input.wit:")?;
    let line: String = at.chars().take_while(char::is_ascii_digit).collect();
    line.parse().ok()
}
