//! Printing errors on standard error: the chain, a caret under the bad part of a call, and hints.

use std::io::Write;

use wavecall::error::{find_invocation_error, messages, wasm_backtrace};

/// Prints `error: …`, the call with a caret for invocation errors, the causes and hints.
pub fn print_error(err: &anyhow::Error) {
    let mut out = String::new();
    out.push_str(&format!("{} {err}\n", label("error:")));
    // Wasmtime attaches the guest's backtrace as a context layer; it is shown last, on its
    // own, and left out of the causes.
    let causes: Vec<String> = messages(err).into_iter().skip(1).collect();
    let invocation = find_invocation_error(err);
    if let Some(inv) = invocation {
        out.push('\n');
        // The message stands beside the caret unless the headline already says it.
        let label = if err.to_string() == inv.message {
            ""
        } else {
            &inv.message
        };
        out.push_str(&paint_carets(&inv.excerpt(label)));
    }
    let causes: Vec<&String> = causes
        .iter()
        .filter(|c| invocation.is_none_or(|inv| **c != inv.message))
        .collect();
    if !causes.is_empty() {
        out.push_str("\nCaused by:\n");
        for (i, cause) in causes.iter().enumerate() {
            if causes.len() == 1 {
                out.push_str(&indent(cause, "    ", "    "));
            } else {
                out.push_str(&indent(cause, &format!("  {i:>2}: "), "      "));
            }
        }
    }
    if let Some(frames) = wasm_backtrace(err) {
        out.push_str("\nwasm backtrace:\n");
        out.push_str(&collapse_frames(&frames));
    }
    if let Some(inv) = invocation {
        for hint in &inv.hints {
            out.push_str(&format!("\n{} {hint}\n", label("help:")));
        }
    }
    let _ = std::io::stderr().write_all(out.as_bytes());
}

/// The caret lines of an excerpt (`    ^^^ message`) in colour, when standard error has it.
fn paint_carets(excerpt: &str) -> String {
    use crate::cli::color;
    if !color::stderr() {
        return excerpt.to_string();
    }
    excerpt
        .split_inclusive('\n')
        .map(|line| match line.trim_start().starts_with('^') {
            true => {
                let body = line.trim_end_matches('\n');
                let indent = body.len() - body.trim_start().len();
                let (pad, rest) = body.split_at(indent);
                let newline = if line.ends_with('\n') { "\n" } else { "" };
                format!("{pad}{}{newline}", color::paint(rest, color::CARET, true))
            }
            false => line.to_string(),
        })
        .collect()
}

/// `label` (`error:`, `note:`, `help:`) in its colour when standard error has colour.
pub fn label(label: &str) -> String {
    use crate::cli::color;
    let style = match label {
        "error:" => color::ERROR,
        "help:" => color::HELP,
        _ => color::WARNING,
    };
    color::paint(label, style, color::stderr())
}

/// The frames of a wasm backtrace, one per line, with runs of the same frame (deep
/// recursion) folded into one line that says how often it repeats.
fn collapse_frames(frames: &str) -> String {
    let frames: Vec<&str> = frames
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // A frame line is `N: [0xOFFSET - ]NAME`; compare what follows the index.
    fn body(line: &str) -> &str {
        line.split_once(": ").map_or(line, |(_, b)| b.trim_start())
    }
    let mut out = String::new();
    let mut i = 0;
    while i < frames.len() {
        let run = frames[i..]
            .iter()
            .take_while(|f| body(f) == body(frames[i]))
            .count();
        out.push_str(&format!("    {}\n", frames[i]));
        if run > 2 {
            out.push_str(&format!("    … the same frame {} more times\n", run - 1));
            i += run;
        } else {
            i += 1;
        }
    }
    out
}

/// `text` with `first` before its first line and `rest` before the others.
fn indent(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Whether the error is a closed stdout (`wavecall … | head`), which is no error at all.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
