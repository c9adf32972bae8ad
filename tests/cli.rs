//! File-driven tests of the `wavecall` command line: one test per file.
//!
//! Every `*.wat` file under `tests/cli/` (at any depth) is a test. It may be a component in
//! its own right (and then used as `%`), or hold nothing but comments. Its `;;` comment
//! lines carry directives, each of which runs `wavecall` once:
//!
//! * `;; RUN: ARGS` runs `wavecall ARGS` and requires exit status 0.
//! * `;; FAIL: ARGS` runs `wavecall ARGS` and requires one of the documented failure
//!   statuses: 1 (the call failed: trap, limit, expectation), 2 (bad usage or bad
//!   invocation), 3 (the component could not be loaded or linked) or 4 (`wavecall test`
//!   selected no test). A panic (101), a signal or any other status fails the test.
//! * `;; RUN[NAME]: ARGS` and `;; FAIL[NAME]: ARGS` do the same for a named directive; a file
//!   may have any number of named directives and at most one unnamed one.
//! * `;; IGNORE: REASON` marks the whole file as ignored (for instance while the behaviour it
//!   tests is not written yet); `cargo test --test cli -- --ignored` still runs it.
//!
//! Words at the start of `ARGS` written `NAME=VALUE` (an upper-case name) set environment
//! variables for that run, as in a shell: `;; RUN: GITHUB_ACTIONS=true test specs/`.
//!
//! `ARGS` is split like a POSIX shell would (`shlex`), so WAVE calls are quoted:
//! `;; RUN: run --invoke 'area(circle({radius: 1.0}))' %fixtures/shapes.wasm`. When the last
//! two words are `<` and a path, that file (relative to the test file's folder) is the
//! standard input; otherwise the standard input is empty.
//!
//! Substitutions, in each word of `ARGS`:
//!
//! * `%tmpdir`: a fresh, empty temporary folder for this test file, shared by its
//!   directives (which run in file order); it is also the working directory.
//! * `%fixtures`: the folder of built fixture components (see `tests/support/fixtures.rs`),
//!   e.g. `%fixtures/shapes.wasm`.
//! * `%dir`: the folder of the test file, for data beside it (`--dir %dir/data::/`).
//! * `%wit`: the folder of fixture WIT packages (`wit/` in the crate), e.g.
//!   `%wit/shapes.wit`.
//! * `%`: the test file itself, only where a word is exactly `%` (WAVE writes labels that
//!   are keywords as `%inf`, so a `%` inside a word is left alone).
//!
//! The environment is cleaned: `RUST_BACKTRACE`, `RUST_LIB_BACKTRACE`, `RUST_LOG`,
//! `GITHUB_ACTIONS`, `CI_NODE_INDEX` and `CI_NODE_TOTAL` are removed, `NO_COLOR=1` and
//! `WAVECALL_CACHE_DIR=%tmpdir/cache` are set.
//!
//! Expected output sits beside the test file:
//!
//! * `FILE.wat.stdout` and `FILE.wat.stderr` for the unnamed directive,
//! * `FILE.wat.NAME.stdout` and `FILE.wat.NAME.stderr` for `RUN[NAME]`/`FAIL[NAME]`,
//!
//! with no file when the output is empty. For a `FAIL` directive, the line
//! `[exit status: N]` is appended to the stderr snapshot, so the exact failure status is part
//! of the expectation (and a `FAIL` always has a `.stderr` file). Before comparing, absolute
//! paths in the output are written back as `%fixtures`, `%tmpdir`, `%dir` and `%`. An expectation
//! file that no directive produces is an error (a renamed or deleted directive).
//!
//! An expectation file whose test file is gone fails the trial `harness::orphaned-expectations`.
//!
//! `BLESS=1 cargo test --test cli` writes the expectations from the actual output (and
//! deletes the empty and stale ones) instead of comparing.
//!
//! A run that takes longer than two minutes is killed and fails the test.
//!
//! `WAVECALL_TEST_BIN=PATH` tests that binary instead of Cargo's `wavecall`.

mod support;

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Failed, Trial};

/// The failure statuses a `FAIL` directive accepts, as documented by `wavecall --help`.
const FAILURE_STATUSES: [i32; 4] = [1, 2, 3, 4];

/// How long one run of wavecall may take before it is killed.
const TIMEOUT: Duration = Duration::from_secs(120);

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let mut files = Vec::new();
    find_tests(&root, &mut files);
    files.sort();

    let mut trials: Vec<Trial> = files
        .into_iter()
        .map(|file| {
            let name = file
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let ignored = std::fs::read_to_string(&file)
                .map(|text| parse(&text).is_ok_and(|test| test.ignored))
                .unwrap_or(false);
            Trial::test(name, move || run_file(&file)).with_ignored_flag(ignored)
        })
        .collect();
    trials.extend(self_tests());
    trials.push(Trial::test("harness::orphaned-expectations", move || {
        orphaned_expectations(&root)
    }));
    libtest_mimic::run(&args, trials).exit();
}

/// Expectation files whose test file is gone (a renamed or deleted test): each test only
/// looks after the expectations beside it, so these would linger unseen.
fn orphaned_expectations(root: &Path) -> Result<(), Failed> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // Not through symlinks: the sandbox tests keep one that points up the tree.
            let real_dir = path.symlink_metadata().is_ok_and(|m| m.is_dir());
            if real_dir {
                walk(&path, out);
            } else if name.ends_with(".stdout") || name.ends_with(".stderr") {
                let test = name
                    .find(".wat.")
                    .map(|end| path.with_file_name(&name[..end + 4]));
                if !test.is_some_and(|test| test.is_file()) {
                    out.push(path);
                }
            }
        }
    }
    let mut orphans = Vec::new();
    walk(root, &mut orphans);
    if orphans.is_empty() {
        return Ok(());
    }
    orphans.sort();
    let list: Vec<String> = orphans
        .iter()
        .map(|p| format!("  {}", p.display()))
        .collect();
    Err(format!(
        "expectation files without a test file:\n{}",
        list.join("\n")
    )
    .into())
}

fn find_tests(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let entry = entry.expect("read tests/cli");
        let path = entry.path();
        // Symlinks are test data (the sandbox tests have one pointing up the tree), never
        // tests: following them would find the same files again under another name.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            continue;
        } else if kind.is_dir() {
            find_tests(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "wat") {
            out.push(path);
        }
    }
}

/// One test file, parsed.
#[derive(Debug, Default)]
struct TestFile {
    directives: Vec<Directive>,
    ignored: bool,
}

#[derive(Debug, PartialEq)]
struct Directive {
    /// `FAIL` rather than `RUN`.
    fail: bool,
    /// The `NAME` of `RUN[NAME]`.
    name: Option<String>,
    /// The words after the colon, before substitution.
    args: Vec<String>,
    /// The text after the colon, for messages.
    raw: String,
    /// The path after a trailing `<`.
    stdin: Option<String>,
    /// 1-based line number, for messages.
    line: usize,
}

impl Directive {
    fn label(&self) -> String {
        let kind = if self.fail { "FAIL" } else { "RUN" };
        match &self.name {
            Some(name) => format!("{kind}[{name}] (line {})", self.line),
            None => format!("{kind} (line {})", self.line),
        }
    }

    /// The expectation file for `stream` (`stdout` or `stderr`) of this directive.
    fn expectation(&self, file: &Path, stream: &str) -> PathBuf {
        let base = file.file_name().unwrap().to_string_lossy();
        let name = match &self.name {
            Some(name) => format!("{base}.{name}.{stream}"),
            None => format!("{base}.{stream}"),
        };
        file.with_file_name(name)
    }
}

fn parse(text: &str) -> Result<TestFile, String> {
    let mut test = TestFile::default();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let Some(comment) = line.trim_start().strip_prefix(";;") else {
            continue;
        };
        let comment = comment.trim();
        if comment.starts_with("IGNORE:") {
            test.ignored = true;
            continue;
        }
        let (fail, rest) = if let Some(rest) = comment.strip_prefix("RUN") {
            (false, rest)
        } else if let Some(rest) = comment.strip_prefix("FAIL") {
            (true, rest)
        } else {
            continue;
        };
        let bad = |why: &str| format!("line {line_no}: {why}: `{comment}`");
        let (name, args) = if let Some(rest) = rest.strip_prefix('[') {
            let (name, rest) = rest.split_once(']').ok_or_else(|| bad("unclosed `[`"))?;
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(bad("a directive name is letters, digits, `-` and `_`"));
            }
            (Some(name.to_string()), rest)
        } else {
            (None, rest)
        };
        let Some(args) = args.strip_prefix(':') else {
            // `;; RUNNING TOTAL` and the like are prose, not directives.
            if args.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            return Err(bad("expected `:` after the directive"));
        };
        let mut words = shlex::split(args).ok_or_else(|| bad("unbalanced quotes"))?;
        let mut stdin = None;
        if words.len() >= 2 && words[words.len() - 2] == "<" {
            stdin = words.pop();
            words.pop();
        }
        if test.directives.iter().any(|d| d.name == name) {
            return Err(match &name {
                Some(name) => bad(&format!("a second directive named `{name}`")),
                None => bad("a second unnamed directive; name them with `RUN[NAME]:`"),
            });
        }
        test.directives.push(Directive {
            fail,
            name,
            args: words,
            raw: args.trim().to_string(),
            stdin,
            line: line_no,
        });
    }
    Ok(test)
}

/// The absolute paths that are written as placeholders, in directive and in output.
struct Places {
    file: PathBuf,
    dir: PathBuf,
    tmpdir: PathBuf,
    fixtures: PathBuf,
    wit: PathBuf,
}

impl Places {
    fn substitute(&self, word: &str) -> String {
        if word == "%" {
            return self.file.display().to_string();
        }
        word.replace("%tmpdir", &self.tmpdir.display().to_string())
            .replace("%fixtures", &self.fixtures.display().to_string())
            .replace("%dir", &self.dir.display().to_string())
            .replace("%wit", &self.wit.display().to_string())
    }

    /// Writes the absolute paths in `text` back as placeholders, longest path first so that
    /// a path inside another is not cut in two.
    fn normalise(&self, text: &str) -> String {
        let mut pairs = Vec::new();
        for (path, placeholder) in [
            (&self.file, "%"),
            (&self.dir, "%dir"),
            (&self.tmpdir, "%tmpdir"),
            (&self.fixtures, "%fixtures"),
            (&self.wit, "%wit"),
        ] {
            pairs.push((path.display().to_string(), placeholder));
            if let Ok(real) = path.canonicalize() {
                pairs.push((real.display().to_string(), placeholder));
            }
        }
        pairs.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
        let mut text = text.to_string();
        for (path, placeholder) in pairs {
            text = text.replace(&path, placeholder);
        }
        text
    }
}

fn run_file(file: &Path) -> Result<(), Failed> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read test: {e}"))?;
    let test = parse(&text)?;
    if test.directives.is_empty() {
        return Err("no `RUN:` or `FAIL:` directive in this file".into());
    }
    let fixtures = support::fixtures::try_dir()?;
    let tmpdir = tempfile::Builder::new()
        .prefix("wavecall-cli-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let places = Places {
        file: file.to_path_buf(),
        dir: file.parent().unwrap().to_path_buf(),
        tmpdir: tmpdir.path().to_path_buf(),
        fixtures: fixtures.to_path_buf(),
        wit: Path::new(env!("CARGO_MANIFEST_DIR")).join("wit"),
    };
    let bless = std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0");

    let mut report = String::new();
    let mut expected_files = Vec::new();
    for directive in &test.directives {
        let outcome = run_directive(file, directive, &places)?;
        if let Some(problem) = &outcome.status_problem {
            // The whole output says more than a diff against the expectation here.
            let _ = writeln!(report, "{}: {problem}", directive.label());
            let _ = writeln!(report, "  command: {}", outcome.command);
            let _ = writeln!(report, "  stdout:\n{}", indent(&outcome.stdout));
            let _ = writeln!(report, "  stderr:\n{}", indent(&outcome.stderr));
        }
        for (stream, actual) in [("stdout", &outcome.stdout), ("stderr", &outcome.stderr)] {
            let path = directive.expectation(file, stream);
            expected_files.push(path.clone());
            if bless {
                bless_file(&path, actual)?;
            } else if outcome.status_problem.is_some() {
                continue;
            } else if let Some(diff) = compare(&path, actual) {
                let _ = writeln!(
                    report,
                    "{} `{stream}` differs from {}:",
                    directive.label(),
                    file_name(&path)
                );
                let _ = writeln!(report, "  command: {}\n{diff}", outcome.command);
            }
        }
    }
    for stale in stale_expectations(file, &expected_files) {
        if bless {
            std::fs::remove_file(&stale)
                .map_err(|e| format!("cannot remove {}: {e}", stale.display()))?;
        } else {
            let _ = writeln!(
                report,
                "{} belongs to no directive (BLESS=1 deletes it)",
                file_name(&stale)
            );
        }
    }
    if report.is_empty() {
        Ok(())
    } else {
        report.push_str("(run with BLESS=1 to accept the actual output)");
        Err(report.into())
    }
}

struct Outcome {
    command: String,
    stdout: String,
    stderr: String,
    /// Why the exit status is wrong for this directive, if it is.
    status_problem: Option<String>,
}

fn run_directive(file: &Path, directive: &Directive, places: &Places) -> Result<Outcome, Failed> {
    let args: Vec<String> = directive
        .args
        .iter()
        .map(|w| places.substitute(w))
        .collect();
    let command = directive.raw.clone();
    let (env, args) = split_env(&args);
    let mut cmd = Command::new(wavecall_binary());
    cmd.args(args)
        .current_dir(&places.tmpdir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env_remove("RUST_LOG")
        // What a CI system sets changes what `wavecall test` prints and runs.
        .env_remove("GITHUB_ACTIONS")
        .env_remove("CI_NODE_INDEX")
        .env_remove("CI_NODE_TOTAL")
        .env("NO_COLOR", "1")
        .env("WAVECALL_CACHE_DIR", places.tmpdir.join("cache"))
        .envs(env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match &directive.stdin {
        Some(path) => {
            let path = file.parent().unwrap().join(places.substitute(path));
            let input = std::fs::File::open(&path).map_err(|e| {
                format!(
                    "{}: cannot open stdin {}: {e}",
                    directive.label(),
                    path.display()
                )
            })?;
            cmd.stdin(input);
        }
        None => {
            cmd.stdin(Stdio::null());
        }
    }
    let (status, stdout, stderr) = run_with_timeout(cmd)
        .map_err(|e| format!("{}: `wavecall {command}`: {e}", directive.label()))?;

    let stdout = places.normalise(&String::from_utf8_lossy(&stdout));
    let mut stderr = places.normalise(&String::from_utf8_lossy(&stderr));
    let code = status.code();
    let status_problem = match (directive.fail, code) {
        (_, None) => Some(format!("killed by a signal ({status})")),
        (false, Some(0)) => None,
        (false, Some(code)) => Some(format!("expected exit status 0, got {code}")),
        (true, Some(code)) if FAILURE_STATUSES.contains(&code) => None,
        (true, Some(code)) => Some(format!(
            "expected a failure status {FAILURE_STATUSES:?}, got {code}"
        )),
    };
    if directive.fail {
        if !stderr.is_empty() && !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        let shown = code.map_or_else(|| status.to_string(), |c| c.to_string());
        let _ = writeln!(stderr, "[exit status: {shown}]");
    }
    Ok(Outcome {
        command,
        stdout,
        stderr,
        status_problem,
    })
}

/// The leading `NAME=VALUE` words (upper-case names, as a shell's assignments) and the rest.
fn split_env(args: &[String]) -> (Vec<(&str, &str)>, &[String]) {
    fn assignment(word: &str) -> Option<(&str, &str)> {
        let (name, value) = word.split_once('=')?;
        let is_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        is_name.then_some((name, value))
    }
    let count = args.iter().take_while(|w| assignment(w).is_some()).count();
    let env = args[..count].iter().filter_map(|w| assignment(w)).collect();
    (env, &args[count..])
}

/// The binary under test: Cargo's, unless `WAVECALL_TEST_BIN` names a copy (several
/// worktrees sharing one target folder overwrite each other's `target/debug/wavecall`).
fn wavecall_binary() -> PathBuf {
    std::env::var_os("WAVECALL_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_wavecall")))
}

/// Runs `cmd` to completion, reading both pipes as it goes, and kills it after [`TIMEOUT`].
fn run_with_timeout(mut cmd: Command) -> Result<(ExitStatus, Vec<u8>, Vec<u8>), String> {
    let mut child = cmd.spawn().map_err(|e| format!("cannot start: {e}"))?;
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "still running after {} s; killed",
                TIMEOUT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok((status, out.join().unwrap(), err.join().unwrap()))
}

fn bless_file(path: &Path, actual: &str) -> Result<(), Failed> {
    let result = if actual.is_empty() {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    } else {
        std::fs::write(path, actual)
    };
    result.map_err(|e| format!("cannot bless {}: {e}", path.display()).into())
}

/// `None` when `actual` is what `path` holds (no file meaning empty), else a report.
fn compare(path: &Path, actual: &str) -> Option<String> {
    let expected = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Some(format!("  cannot read {}: {e}\n", path.display())),
    };
    (expected != actual).then(|| diff(&expected, actual))
}

/// A small line diff: the common head and tail are skipped, the rest is shown as `-`
/// (expected) and `+` (actual) lines.
fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.split_inclusive('\n').collect();
    let new: Vec<&str> = actual.split_inclusive('\n').collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    if head > 0 {
        let _ = writeln!(out, "  @@ after {head} equal line(s) @@");
    }
    let show = |line: &str| {
        line.strip_suffix('\n')
            .map_or(format!("{line}⏎ (no newline at end)"), str::to_string)
    };
    for line in &old[head..old.len() - tail] {
        let _ = writeln!(out, "  -{}", show(line));
    }
    for line in &new[head..new.len() - tail] {
        let _ = writeln!(out, "  +{}", show(line));
    }
    if tail > 0 {
        let _ = writeln!(out, "  @@ then {tail} equal line(s) @@");
    }
    out
}

/// Expectation files beside `file` (`FILE.wat.*.stdout` / `.stderr`) that are not in `known`.
fn stale_expectations(file: &Path, known: &[PathBuf]) -> Vec<PathBuf> {
    let prefix = format!("{}.", file.file_name().unwrap().to_string_lossy());
    let Ok(entries) = std::fs::read_dir(file.parent().unwrap()) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with(&prefix)
                && (name.ends_with(".stdout") || name.ends_with(".stderr"))
                && !known.contains(path)
        })
        .collect();
    stale.sort();
    stale
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// Tests of the harness itself, so that a broken harness cannot pass every file.
fn self_tests() -> Vec<Trial> {
    vec![
        Trial::test("harness::parse", || {
            let test = parse(
                ";; a comment\n\
                 ;; RUN: run --invoke 'area(circle({radius: 1.0}))' %fixtures/shapes.wasm\n\
                 (component)\n\
                 ;; FAIL[bad-call]: run --invoke \"greet(\\\"x y\\\")\" % < input.txt\n\
                 ;; RUNNING prose is not a directive\n",
            )?;
            check_eq(test.directives.len(), 2)?;
            let run = &test.directives[0];
            check_eq(
                (run.fail, run.name.clone(), run.args.clone(), run.line),
                (
                    false,
                    None,
                    vec![
                        "run".to_string(),
                        "--invoke".into(),
                        "area(circle({radius: 1.0}))".into(),
                        "%fixtures/shapes.wasm".into(),
                    ],
                    2,
                ),
            )?;
            let fail = &test.directives[1];
            check_eq(
                (
                    fail.fail,
                    fail.name.as_deref(),
                    fail.args.clone(),
                    fail.stdin.as_deref(),
                ),
                (
                    true,
                    Some("bad-call"),
                    vec![
                        "run".to_string(),
                        "--invoke".into(),
                        "greet(\"x y\")".into(),
                        "%".into(),
                    ],
                    Some("input.txt"),
                ),
            )?;
            check_eq(test.ignored, false)
        }),
        Trial::test("harness::parse-errors", || {
            for bad in [
                ";; RUN: a\n;; RUN: b\n",
                ";; RUN[x]: a\n;; FAIL[x]: b\n",
                ";; RUN: 'unclosed\n",
                ";; RUN[bad name]: a\n",
                ";; RUN[x: a\n",
                ";; FAIL -- a\n",
            ] {
                if parse(bad).is_ok() {
                    return Err(format!("accepted {bad:?}").into());
                }
            }
            check_eq(parse(";; IGNORE: later\n;; RUN: x\n")?.ignored, true)
        }),
        Trial::test("harness::substitute-and-normalise", || {
            let places = Places {
                file: "/t/cli/run/a.wat".into(),
                dir: "/t/cli/run".into(),
                tmpdir: "/tmp/wavecall-cli-1".into(),
                fixtures: "/t/target/tmp/fixtures".into(),
                wit: "/t/wit".into(),
            };
            check_eq(
                places.substitute("%wit/shapes.wit"),
                "/t/wit/shapes.wit".to_string(),
            )?;
            check_eq(places.substitute("%"), "/t/cli/run/a.wat".to_string())?;
            check_eq(
                places.substitute("%fixtures/shapes.wasm"),
                "/t/target/tmp/fixtures/shapes.wasm".to_string(),
            )?;
            check_eq(
                places.substitute("--dir=%tmpdir::/"),
                "--dir=/tmp/wavecall-cli-1::/".to_string(),
            )?;
            check_eq(
                places.substitute("f({%inf: 1})"),
                "f({%inf: 1})".to_string(),
            )?;
            check_eq(
                places.normalise("error: `/t/target/tmp/fixtures/x.wasm` and /t/cli/run/a.wat in /tmp/wavecall-cli-1/cache, /t/cli/run/data\n"),
                "error: `%fixtures/x.wasm` and % in %tmpdir/cache, %dir/data\n".to_string(),
            )
        }),
        Trial::test("harness::diff", || {
            check_eq(
                diff("a\nb\nc\n", "a\nx\nc\n"),
                "  @@ after 1 equal line(s) @@\n  -b\n  +x\n  @@ then 1 equal line(s) @@\n"
                    .to_string(),
            )?;
            check_eq(diff("", "x"), "  +x⏎ (no newline at end)\n".to_string())
        }),
    ]
}

fn check_eq<T: PartialEq + std::fmt::Debug>(actual: T, expected: T) -> Result<(), Failed> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("expected {expected:?}\n     got {actual:?}").into())
    }
}
