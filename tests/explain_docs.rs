//! docs/canonical-abi.md quotes `wavecall explain`; this test runs every quoted command and
//! checks the quote, the way a student without a Rust checkout would run it: in an empty
//! folder holding only the WIT files the page prints.
//!
//! A quote is a ```` ```console ```` block whose first line is `$ wavecall …`; the lines
//! after it must appear, contiguously and verbatim, in the command's standard output (a
//! quote may show part of a long report, never text the command does not print). A
//! ```` ```wit ```` block that follows a sentence ending in "save it as `NAME.wit`)" is
//! saved as `NAME.wit` in the folder the commands run in; every `.wit` file a command names
//! must be one of them, and no command needs a component.

use std::path::Path;
use std::process::Command;

struct Quote {
    line: usize,
    command: String,
    output: String,
}

/// The blocks of the page fenced as ```` ```KIND ````, each with its line number and the
/// text before it (since the previous block).
fn blocks(doc: &str, kind: &str) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    let mut lines = doc.lines().enumerate();
    let mut before = String::new();
    while let Some((i, line)) = lines.next() {
        if !line.starts_with("```") {
            before.push_str(line);
            before.push('\n');
            continue;
        }
        let fence = line.trim();
        let mut body = String::new();
        for (_, line) in lines.by_ref() {
            if line.trim() == "```" {
                break;
            }
            body.push_str(line);
            body.push('\n');
        }
        if fence == format!("```{kind}") {
            found.push((i + 2, std::mem::take(&mut before), body));
        }
        before.clear();
    }
    found
}

fn quotes(doc: &str) -> Vec<Quote> {
    blocks(doc, "console")
        .into_iter()
        .map(|(line, _, body)| {
            let (first, output) = body.split_once('\n').unwrap_or((&body, ""));
            let command = first
                .strip_prefix("$ ")
                .unwrap_or_else(|| panic!("line {line}: a console quote starts with `$ `"));
            Quote {
                line,
                command: command.to_string(),
                output: output.to_string(),
            }
        })
        .collect()
}

/// The WIT files the page asks the reader to save, by name.
fn saved_files(doc: &str) -> Vec<(String, String)> {
    blocks(doc, "wit")
        .into_iter()
        .filter_map(|(_, before, body)| {
            let (_, name) = before.trim_end().rsplit_once("save it as `")?;
            let name = name.strip_suffix("`):")?;
            Some((name.to_string(), body))
        })
        .collect()
}

fn run(command: &str, folder: &Path, files: &[(String, String)]) -> String {
    let words = shlex::split(command).expect("balanced quotes");
    assert_eq!(words[0], "wavecall", "{command}");
    for word in &words[1..] {
        assert!(
            !word.ends_with(".wasm"),
            "`{command}` needs a component: the tutorial must work from the binary alone"
        );
        assert!(
            !word.ends_with(".wit") || files.iter().any(|(name, _)| name == word),
            "`{command}` names `{word}`, which the page does not print to save"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_wavecall"))
        .args(&words[1..])
        .current_dir(folder)
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
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
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/canonical-abi.md")).unwrap();
    let files = saved_files(&doc);
    assert!(
        files.len() >= 2,
        "the tutorial prints the WIT files it uses"
    );
    // The README's example is the repository's own shapes WIT, word for word.
    let shapes = files.iter().find(|(name, _)| name == "shapes.wit");
    let repo_shapes = std::fs::read_to_string(root.join("wit/shapes.wit")).unwrap();
    assert_eq!(shapes.map(|(_, text)| text), Some(&repo_shapes));
    let folder = tempfile::tempdir().unwrap();
    for (name, text) in &files {
        std::fs::write(folder.path().join(name), text).unwrap();
    }
    let quotes = quotes(&doc);
    assert!(quotes.len() >= 5, "the tutorial quotes `wavecall explain`");
    let mut stale = Vec::new();
    for quote in &quotes {
        let actual = run(&quote.command, folder.path(), &files);
        if !actual.contains(&quote.output) {
            stale.push(format!(
                "line {}: `{}` no longer prints the quoted text; it prints:\n{actual}",
                quote.line, quote.command
            ));
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n\n"));
}
