//! `wavecall completions` and `wavecall man`: the scripts load in their shells and complete
//! wavecall's own words, the manual page renders and names every subcommand.

use std::process::Command;

fn wavecall(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_wavecall"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const SUBCOMMANDS: [&str; 8] = [
    "run",
    "explain",
    "test",
    "wit",
    "compile",
    "cache",
    "completions",
    "man",
];

fn has(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok()
}

/// What bash completes for the words typed so far (the last one being completed).
fn bash_complete(script: &str, words: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wavecall.bash");
    std::fs::write(&path, script).unwrap();
    let words: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source {}\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n_wavecall wavecall \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        path.display(),
        words.join(" "),
        words.len() - 1
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_subcommands_and_options() {
    if !has("bash") {
        eprintln!("skipped: no bash");
        return;
    }
    let script = wavecall(&["completions", "bash"]);
    assert_eq!(bash_complete(&script, &["wavecall", "te"]), ["test"]);
    let all = bash_complete(&script, &["wavecall", ""]);
    for sub in SUBCOMMANDS {
        assert!(all.iter().any(|w| w == sub), "{sub} in {all:?}");
    }
    let options = bash_complete(&script, &["wavecall", "test", "--par"]);
    assert_eq!(options, ["--partition"]);
    let shells = bash_complete(&script, &["wavecall", "completions", "z"]);
    assert_eq!(shells, ["zsh"]);
}

#[test]
fn every_shell_gets_a_script_of_its_own() {
    for (shell, marker) in [
        ("bash", "complete -F _wavecall"),
        ("zsh", "#compdef wavecall"),
        ("fish", "complete -c wavecall"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = wavecall(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        assert!(
            script.contains("merge-reports"),
            "{shell} completes nested subcommands"
        );
    }
    for (shell, check) in [("zsh", "-n"), ("fish", "--no-execute")] {
        if has(shell) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("script");
            std::fs::write(&path, wavecall(&["completions", shell])).unwrap();
            let status = Command::new(shell).arg(check).arg(&path).status().unwrap();
            assert!(status.success(), "{shell} rejects its script");
        }
    }
}

#[test]
fn the_manual_page_names_every_subcommand_and_renders() {
    let page = wavecall(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH wavecall 1"),
        "{}",
        &page[..200]
    );
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("wavecall\\-{sub}(1)")),
            "no {sub} in the page"
        );
    }
    let test = wavecall(&["man", "test"]);
    assert!(test.contains(".TH wavecall-test 1"), "{}", &test[..200]);
    assert!(test.contains("\\-\\-partition"));
    // `man -l` renders it when man is installed.
    if has("man") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wavecall-test.1");
        std::fs::write(&path, &test).unwrap();
        let out = Command::new("man")
            .arg("-l")
            .arg(&path)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("--partition"), "{text}");
        assert!(text.contains("Exit status"), "{text}");
    }
}
