//! docs/canonical-abi.md quotes `wavecall explain` on the fixtures; this test runs every
//! quoted command and checks the quote.
//!
//! A quote is a ```` ```console ```` block whose first line is `$ wavecall …`; the lines
//! after it must appear, contiguously and verbatim, in the command's standard output (a
//! quote may show part of a long report, never text the command does not print). In the
//! command, a word ending in `.wasm` names a built fixture, and a word starting with `wit/`
//! a path in the crate.

mod support;

use std::path::Path;
use std::process::Command;

struct Quote {
    line: usize,
    command: String,
    output: String,
}

fn quotes(doc: &str) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut lines = doc.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let Some((_, first)) = lines.next() else {
            break;
        };
        let command = first
            .strip_prefix("$ ")
            .unwrap_or_else(|| panic!("line {}: a console quote starts with `$ `", i + 2));
        let mut output = String::new();
        for (_, line) in lines.by_ref() {
            if line.trim() == "```" {
                break;
            }
            output.push_str(line);
            output.push('\n');
        }
        quotes.push(Quote {
            line: i + 2,
            command: command.to_string(),
            output,
        });
    }
    quotes
}

fn run(command: &str) -> String {
    let words = shlex::split(command).expect("balanced quotes");
    assert_eq!(words[0], "wavecall", "{command}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = support::fixtures::dir();
    let args: Vec<String> = words[1..]
        .iter()
        .map(|w| {
            if w.ends_with(".wasm") {
                fixtures.join(w).display().to_string()
            } else if w.starts_with("wit/") {
                root.join(w).display().to_string()
            } else {
                w.clone()
            }
        })
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_wavecall"))
        .args(&args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run wavecall");
    assert!(
        out.status.success(),
        "`{command}` failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn canonical_abi_tutorial_quotes_real_output() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/canonical-abi.md"
    ))
    .unwrap();
    let quotes = quotes(&doc);
    assert!(quotes.len() >= 5, "the tutorial quotes `wavecall explain`");
    let mut stale = Vec::new();
    for quote in &quotes {
        let actual = run(&quote.command);
        if !actual.contains(&quote.output) {
            stale.push(format!(
                "line {}: `{}` no longer prints the quoted text; it prints:\n{actual}",
                quote.line, quote.command
            ));
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n\n"));
}
