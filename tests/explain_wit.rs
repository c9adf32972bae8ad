//! One engine for the command line and the playground: `wavecall explain --format json --wit
//! FILE --invoke CALL` prints exactly what the ABI crate's `explain` returns for the same
//! WIT text and call, serialised; and the crate's caret errors are the command's.

use std::path::Path;
use std::process::{Command, Output};

use wavecall::abi::{CallOptions, ExplainError, StringEncoding, explain};

fn wavecall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wavecall"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run wavecall")
}

fn wit(file: &str) -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("wit").join(file);
    let text = std::fs::read_to_string(&path).expect("read the WIT");
    (path.display().to_string(), text)
}

#[test]
fn the_command_prints_the_crates_explanation() {
    let vectors = [
        (
            "shapes.wit",
            "area(circle({radius: 1.0}))",
            CallOptions::default(),
        ),
        (
            "shapes.wit",
            "scale(rect({width: 2.0, height: 0.5}), 3.0)",
            CallOptions::default(),
        ),
        (
            "types.wit",
            r#"countdown("hé", 3)"#,
            CallOptions {
                base: 0x403,
                string_encoding: StringEncoding::Utf16,
            },
        ),
        (
            "echo.wit",
            r#"greet("日本", ["", "ab"])"#,
            CallOptions {
                base: 7,
                string_encoding: StringEncoding::CompactUtf16,
            },
        ),
    ];
    for (file, call, options) in vectors {
        let (path, text) = wit(file);
        let encoding = match options.string_encoding {
            StringEncoding::Utf8 => "utf8",
            StringEncoding::Utf16 => "utf16",
            StringEncoding::CompactUtf16 => "latin1+utf16",
        };
        let base = options.base.to_string();
        let out = wavecall(&[
            "explain",
            "--format",
            "json",
            "--base",
            &base,
            "--string-encoding",
            encoding,
            "--wit",
            &path,
            "--invoke",
            call,
        ]);
        assert!(
            out.status.success(),
            "{call}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let crate_view = explain(&text, None, call, options).unwrap_or_else(|e| panic!("{e}"));
        let expected = format!("{}\n", serde_json::to_string(&crate_view).unwrap());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            expected,
            "{file}: {call}"
        );
    }
}

#[test]
fn the_command_shows_the_crates_call_errors() {
    let (path, text) = wit("shapes.wit");
    let call = r#"area(circle({radius: 1.0, radios: 2.0}))"#;
    let out = wavecall(&["explain", "--wit", &path, "--invoke", call]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let Err(ExplainError::Call(err)) = explain(&text, None, call, CallOptions::default()) else {
        panic!("the call is wrong")
    };
    assert!(
        stderr.starts_with(&format!("error: {}\n", err.message)),
        "{stderr}"
    );
    for hint in &err.hints {
        assert!(stderr.contains(&format!("help: {hint}")), "{stderr}");
    }
}
