//! A linked run against the real composition: for every function of the real pair
//! (`fixtures/real/pair`), `wavecall run --link provider.wasm --invoke CALL importer.wasm`
//! must print what `wasmtime run --invoke CALL composed.wasm` prints for the `wac plug`
//! composition of the two: the same stdout and stderr bytes and the same outcome.
//!
//! When the guest traps, each tool then adds its own report to stderr (`Error: …` for
//! wasmtime, `error: …` for wavecall) and exits with its own status (134 and 1): what the
//! guest wrote before that must still be the same.
//!
//! The `wasmtime` binary is named by `WAVECALL_WASMTIME`, as for `tests/wasmtime_compat.rs`;
//! without it every trial is reported as ignored, never passed. One trial checks, without
//! wasmtime, that the calls below cover every export of the composition.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use libtest_mimic::{Arguments, Failed, Trial};

/// Every export of the composition, some more than once.
const CALLS: &[&str] = &[
    r#"print-stdout("hi")"#,
    r#"print-stdout("")"#,
    r#"log-stderr("to stderr")"#,
    r#"hello("bob")"#,
    r#"hello("ünï \"cödé\"")"#,
    r#"count("none", 0, 1)"#,
    r#"count("c", 3, 2)"#,
    "merge(2, 5)",
    "merge(4294967295, 1)",
    r#"fail("boom")"#,
];

fn pair(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/real/pair")
        .join(file)
}

fn main() {
    let args = Arguments::from_args();
    let wasmtime = std::env::var_os("WAVECALL_WASMTIME");
    let mut trials = vec![Trial::test("every export is called", covers_every_export)];
    trials.extend(CALLS.iter().map(|call| {
        let ignored = wasmtime.is_none();
        let wasmtime = wasmtime.clone();
        Trial::test(call.to_string(), move || compare(wasmtime.as_deref(), call))
            .with_ignored_flag(ignored)
    }));
    libtest_mimic::run(&args, trials).exit();
}

fn covers_every_export() -> Result<(), Failed> {
    let runtime = wavecall::Runtime::new()?;
    let composed = runtime.load(wavecall::Source::Path(pair("composed.wasm")))?;
    for func in composed.exports().funcs() {
        let name = func.qualified_name();
        if !CALLS.iter().any(|c| c.starts_with(&format!("{name}("))) {
            return Err(format!("no call of `{name}` in CALLS").into());
        }
    }
    Ok(())
}

fn compare(wasmtime: Option<&OsStr>, call: &str) -> Result<(), Failed> {
    let wasmtime = wasmtime.ok_or("WAVECALL_WASMTIME is not set")?;
    let provider = pair("provider.wasm");
    let ours = run(
        env!("CARGO_BIN_EXE_wavecall").as_ref(),
        &[OsStr::new("--link"), provider.as_os_str()],
        call,
        &pair("importer.wasm"),
    )?;
    let theirs = run(wasmtime, &[], call, &pair("composed.wasm"))?;
    let differ = |what: &str| -> Result<(), Failed> {
        Err(format!(
            "{what} differ\n  wasmtime: {}\n  wavecall: {}",
            show(&theirs),
            show(&ours)
        )
        .into())
    };
    if ours.stdout != theirs.stdout {
        return differ("stdouts");
    }
    match (theirs.status.code(), ours.status.code()) {
        (Some(0), Some(0)) if ours.stderr == theirs.stderr => Ok(()),
        (Some(0), Some(0)) => differ("stderrs"),
        // A trap: wasmtime exits with 134, wavecall with 1 (a call that failed).
        (Some(134), Some(1)) => {
            if guest_part(&theirs.stderr, "Error: ") == guest_part(&ours.stderr, "error: ") {
                Ok(())
            } else {
                differ("the guests' stderrs")
            }
        }
        _ => differ("outcomes"),
    }
}

fn run(program: &OsStr, links: &[&OsStr], call: &str, component: &Path) -> Result<Output, Failed> {
    let mut cmd = Command::new(program);
    cmd.arg("run")
        .args(links)
        .arg("--invoke")
        .arg(call)
        .arg(component);
    cmd.env_remove("RUST_BACKTRACE").env_remove("RUST_LOG");
    // Keep wavecall's compile cache out of the user's home directory.
    cmd.env(
        "WAVECALL_CACHE_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("compat-cache"),
    );
    cmd.output()
        .map_err(|e| format!("cannot run {program:?}: {e}").into())
}

/// What the guest wrote to stderr: everything before the tool's own report, which starts
/// with `report` at the beginning of a line.
fn guest_part<'a>(stderr: &'a [u8], report: &str) -> &'a [u8] {
    let text = stderr;
    let mut start = 0;
    for line in text.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(report.as_bytes()) {
            return &text[..start];
        }
        start += line.len();
    }
    text
}

fn show(o: &Output) -> String {
    format!(
        "status {:?}, stdout {:?}, stderr {:?}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
