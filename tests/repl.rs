//! `wavecall repl` on a terminal: real sessions through a pseudo-terminal (rexpect), typing,
//! Tab, hints, history, multi-line input, Ctrl-C, `:reload` and `:record`.
//!
//! Every wait is for output, with generous timeouts (a loaded 2-core machine compiles the
//! component first); the only pause is between Ctrl-Cs while waiting for a call to be
//! interrupted, which resends the key until the call has started.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rexpect::session::{PtySession, spawn_command};

const TIMEOUT_MS: u64 = 60_000;

fn fixture(name: &str) -> String {
    support::fixtures::dir()
        .join(format!("{name}.wasm"))
        .display()
        .to_string()
}

fn wavecall(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wavecall"));
    cmd.env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("WAVECALL_CACHE_DIR", home.join("cache"));
    cmd
}

/// A REPL session on `component` with `args` before it, up to its first prompt.
fn repl(home: &Path, args: &[&str], component: &str) -> PtySession {
    let mut cmd = wavecall(home);
    cmd.arg("repl").args(args).arg(component);
    let mut p = spawn_command(cmd, Some(TIMEOUT_MS)).expect("spawn wavecall repl");
    p.exp_string("(:wit lists them, :help the commands)")
        .expect("the banner");
    prompt(&mut p);
    p
}

/// Waits for an empty prompt (drawn `> ` then a carriage return): what is typed before it
/// may be dropped when the line editor takes the terminal.
fn prompt(p: &mut PtySession) {
    p.exp_string("> \r").expect("an empty prompt");
}

/// Types `line`, Enter, and waits for `output`.
fn call(p: &mut PtySession, line: &str, output: &str) {
    p.send_line(line).unwrap();
    p.exp_string(output)
        .unwrap_or_else(|e| panic!("`{line}` did not print `{output}`: {e}"));
    prompt(p);
}

/// Ends the session with Ctrl-D.
fn quit(mut p: PtySession) {
    p.send_control('d').unwrap();
    p.exp_eof().expect("Ctrl-D ends the session");
}

#[test]
fn calls_print_results_kept_as_dollar_n() {
    let home = tempfile::tempdir().unwrap();
    let mut p = repl(home.path(), &[], &fixture("resources"));
    call(&mut p, "c = [constructor]counter(5)", "$1 = counter(0)");
    call(&mut p, "c.increment()", "$2 = 6");
    call(&mut p, "consume($1)", "$3 = 6");
    call(&mut p, "c.get()", "was moved into an earlier call");
    quit(p);
}

#[test]
fn tab_completes_names_methods_fields_cases_and_templates() {
    let home = tempfile::tempdir().unwrap();
    let mut p = repl(home.path(), &[], &fixture("types"));
    // A function name, then a record field inside it.
    p.send("echo-pers\t").unwrap();
    p.send("{name: \"a\", a\t").unwrap();
    call(&mut p, "7})", "$1 = {name: \"a\", age: 7}");
    // A case nested in an option in an option, a flag not yet given, a keyword field.
    p.send("echo-option-option(some(s\t").unwrap();
    call(&mut p, "3)))", "$2 = some(some(3))");
    p.send("echo-perms({read, e\t").unwrap();
    call(&mut p, "})", "$3 = {read, exec}");
    p.send("echo-keywords({%t\t").unwrap();
    call(
        &mut p,
        "1, %none: true, %inf: 2.5})",
        "$4 = {true: 1, none: true, inf: 2.5}",
    );
    // Right after `(`: every argument as a typed placeholder.
    p.send("echo-tuple(\t").unwrap();
    call(&mut p, "", "$5 = (0, \"\", false)");
    // A kept result of the right type.
    p.send("echo-tuple($\t").unwrap();
    call(&mut p, ")", "$6 = (0, \"\", false)");
    // A command's name, then the call it takes, completed as a call at the prompt is.
    p.send(":ti\t").unwrap();
    p.send("echo-pers\t").unwrap();
    p.send("{name: \"b\", a\t").unwrap();
    call(&mut p, "8})", "time: ");
    quit(p);

    let mut p = repl(home.path(), &[], &fixture("resources"));
    call(&mut p, "c = [constructor]counter(41)", "$1 = counter(0)");
    // A method of a bound handle after `c.`.
    p.send("c.incr\t").unwrap();
    call(&mut p, "", "$2 = 42");
    // A handle argument: the bound name of that resource.
    p.send("consume(\t").unwrap();
    call(&mut p, "", "$3 = 42");
    quit(p);
}

#[test]
fn the_hint_line_shows_the_signature_and_the_expected_type() {
    let home = tempfile::tempdir().unwrap();
    let mut p = repl(home.path(), &[], &fixture("shapes"));
    p.send("area(circle({radius: ").unwrap();
    p.flush().unwrap();
    p.exp_string("area(s: shape) -> f32").unwrap();
    p.exp_string("s.circle.radius: f32").unwrap();
    // Ctrl-C at the prompt clears the line: the next call runs alone.
    p.send_control('c').unwrap();
    prompt(&mut p);
    call(&mut p, "perimeter(point)", "$1 = 0");
    quit(p);
}

#[test]
fn history_is_kept_across_sessions_unless_asked_not_to() {
    let home = tempfile::tempdir().unwrap();
    let mut p = repl(home.path(), &[], &fixture("shapes"));
    call(
        &mut p,
        "perimeter(rect({width: 1.5, height: 2.0}))",
        "$1 = 7",
    );
    quit(p);
    assert!(home.path().join("data/wavecall/repl-history").is_file());
    let mut p = repl(home.path(), &[], &fixture("shapes"));
    // Up arrow recalls the last session's call.
    p.send("\x1b[A").unwrap();
    call(&mut p, "", "$1 = 7");
    quit(p);
    let mut p = repl(home.path(), &["--no-history"], &fixture("shapes"));
    p.send("\x1b[A").unwrap();
    call(&mut p, "area(point)", "$1 = 0");
    quit(p);
}

#[test]
fn open_brackets_continue_on_the_next_line() {
    let home = tempfile::tempdir().unwrap();
    let mut p = repl(home.path(), &[], &fixture("shapes"));
    p.send_line("area(rect({width: 2.0,").unwrap();
    call(&mut p, "height: 3.0}))", "$1 = 6");
    quit(p);
}

#[test]
fn ctrl_c_interrupts_an_endless_loop_within_a_second() {
    let home = tempfile::tempdir().unwrap();
    let mut p = repl(home.path(), &[], &fixture("traps"));
    p.send_line("spin()").unwrap();
    // The key is a signal only once the line editor has handed the terminal back; until
    // the call runs, a Ctrl-C is read as a key, so send it until the call reports it.
    let mut latency = None;
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(200));
        let sent = Instant::now();
        p.send_control('c').unwrap();
        if wait_for(
            &mut p,
            "the call was interrupted",
            Duration::from_millis(1500),
        ) {
            latency = Some(sent.elapsed());
            break;
        }
    }
    let latency = latency.expect("the call was never interrupted");
    eprintln!("Ctrl-C to `the call was interrupted`: {latency:?}");
    assert!(latency < Duration::from_secs(1), "took {latency:?}");
    p.exp_string(":reset` starts a fresh one").unwrap();
    prompt(&mut p);
    call(&mut p, "divide(1, 1)", "cannot be used again");
    call(&mut p, ":reset", "a fresh instance");
    call(&mut p, "divide(8, 2)", "= 4");
    quit(p);
}

/// Reads until `needle` appears or `within` has passed.
fn wait_for(p: &mut PtySession, needle: &str, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    let mut seen = String::new();
    while Instant::now() < deadline {
        match p.try_read() {
            Some(c) => {
                seen.push(c);
                if seen.ends_with(needle) {
                    return true;
                }
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    false
}

#[test]
fn a_trap_is_told_in_words_and_reset_on_trap_starts_afresh() {
    let home = tempfile::tempdir().unwrap();
    let mut p = repl(home.path(), &["--reset-on-trap"], &fixture("traps"));
    call(
        &mut p,
        "boom()",
        "the call trapped: a fresh instance replaces it",
    );
    call(&mut p, "divide(6, 3)", "$1 = 2");
    call(&mut p, ":time divide(6, 3)", "time: ");
    quit(p);
    // Without it, the words say what happened and what to do; `:reset` does it.
    let mut p = repl(home.path(), &[], &fixture("traps"));
    call(
        &mut p,
        "boom()",
        "the call trapped, so the instance cannot be used again: `:reset` starts a fresh one",
    );
    call(&mut p, ":reset", "");
    call(&mut p, "divide(6, 3)", "$1 = 2");
    p.send_line(":quit").unwrap();
    p.exp_eof().expect(":quit ends the session");
    // With fuel metered, `:time` says how much the call used.
    let mut p = repl(home.path(), &["--fuel", "1000000"], &fixture("traps"));
    p.send_line(":time divide(6, 3)").unwrap();
    p.exp_regex(r"time: [^,\r]+, fuel: [0-9]+ units").unwrap();
    prompt(&mut p);
    quit(p);
}

/// A component whose `version` is `n`, in the text format.
fn versioned(n: u32) -> String {
    format!(
        r#"(component
  (core module $m (func (export "v") (result i32) i32.const {n}))
  (core instance $i (instantiate $m))
  (func (export "version") (result u32) (canon lift (core func $i "v"))))"#
    )
}

#[test]
fn the_component_is_read_again_when_it_changes_and_on_reload() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("app.wat");
    std::fs::write(&path, versioned(1)).unwrap();
    let mut p = repl(home.path(), &[], &path.display().to_string());
    call(&mut p, "version()", "$1 = 1");
    rewrite(&path, &versioned(2));
    p.send_line("version()").unwrap();
    p.exp_string("changed on disk: reloading (a fresh instance: bindings and `$N` are cleared)")
        .unwrap();
    p.exp_string("$1 = 2").unwrap();
    prompt(&mut p);
    rewrite(&path, &versioned(3));
    call(&mut p, ":reload", "read `");
    call(&mut p, "version()", "$1 = 3");
    quit(p);
}

/// Writes a new version of a file with a later modification time than the old one, even
/// on a file system with coarse timestamps.
fn rewrite(path: &Path, text: &str) {
    let before = std::fs::metadata(path).unwrap().modified().unwrap();
    loop {
        std::fs::write(path, text).unwrap();
        if std::fs::metadata(path).unwrap().modified().unwrap() > before {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_recorded_session_passes_wavecall_test() {
    let home = tempfile::tempdir().unwrap();
    let mut p = repl(home.path(), &[], &fixture("resources"));
    call(&mut p, "c = [constructor]counter(5)", "$1 = counter(0)");
    call(&mut p, "c.increment()", "$2 = 6");
    call(&mut p, "make-pair()", "$3 = (counter(1), counter(2))");
    let spec: PathBuf = home.path().join("session.toml");
    call(
        &mut p,
        &format!(":record {}", spec.display()),
        "wrote 3 test(s)",
    );
    quit(p);
    let out = wavecall(home.path())
        .args(["test", "-v"])
        .arg(&spec)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("3 passed, 0 failed"), "{stdout}");
}

/// A component a real toolchain built (Rust, wit-bindgen), with a resource: a constructor
/// by its interface-qualified name, a method after `c.`, `:explain` on a live handle.
#[test]
fn a_real_rust_component_with_a_resource() {
    let home = tempfile::tempdir().unwrap();
    let provider = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/real/pair/provider.wasm"
    );
    let mut p = repl(home.path(), &[], provider);
    p.send("c = counters.[c\t").unwrap();
    call(&mut p, "\"a\", 1)", "$1 = counter(0)");
    p.send("c.incr\t").unwrap();
    call(&mut p, "2)", "$2 = 3");
    call(&mut p, ":explain c.value()", "lifting");
    call(&mut p, "c.value()", "= 3");
    quit(p);
}

#[test]
fn explain_in_the_repl_is_what_wavecall_explain_prints() {
    // Script mode (no terminal), so that neither side is coloured or prompted.
    use std::io::Write as _;
    use std::process::Stdio;
    let home = tempfile::tempdir().unwrap();
    let call = "area(circle({radius: 1.0}))";
    let mut repl = wavecall(home.path())
        .args(["repl", &fixture("shapes")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(repl.stdin.take().unwrap(), ":explain {call}").unwrap();
    let repl = repl.wait_with_output().unwrap();
    let cli = wavecall(home.path())
        .args(["explain", "--invoke", call, &fixture("shapes")])
        .output()
        .unwrap();
    assert!(repl.status.success() && cli.status.success());
    let shown = String::from_utf8(repl.stdout).unwrap();
    assert!(shown.contains("lifting"), "{shown}");
    assert_eq!(shown, String::from_utf8(cli.stdout).unwrap());
}
