//! The playground (`web/`): its Node suites, run when `WAVECALL_PLAYGROUND=1` (`.ci/run` sets
//! it after installing Node and Debian's Chromium); without it each suite is reported as
//! ignored, never passed.
//!
//! The page is built first with `web/build.sh` (once per run), so a suite never tests a stale
//! `web/dist`. `web/test/parity.test.mjs` feeds the same WIT and calls to the page's wasm
//! engine and to this build of `wavecall explain` and requires the same JSON, errors and
//! liftings; `web/test/e2e.test.mjs` drives the page in headless Chromium.

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use libtest_mimic::{Arguments, Failed, Trial};

const SUITES: [&str; 2] = ["parity", "e2e"];

fn main() {
    let args = Arguments::from_args();
    let enabled = std::env::var_os("WAVECALL_PLAYGROUND").is_some_and(|v| v == "1");
    let trials = SUITES
        .into_iter()
        .map(|suite| {
            Trial::test(format!("web/test/{suite}.test.mjs"), move || run(suite))
                .with_ignored_flag(!enabled)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn web() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/web"))
}

/// Builds the page once for all suites.
fn built() -> Result<(), Failed> {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let out = Command::new("bash")
                .arg(web().join("build.sh"))
                .output()
                .map_err(|e| format!("cannot run web/build.sh: {e}"))?;
            if out.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "web/build.sh failed:\n{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ))
            }
        })
        .clone()
        .map_err(Failed::from)
}

fn run(suite: &str) -> Result<(), Failed> {
    built()?;
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg(format!("test/{suite}.test.mjs"))
        .current_dir(web())
        .env("WAVECALL_BIN", env!("CARGO_BIN_EXE_wavecall"))
        .env("WAVECALL_FIXTURES", support::fixtures::dir())
        .env_remove("RUST_BACKTRACE")
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The timings the browser suite measures are worth seeing in a CI log.
    for line in report.lines().filter(|l| l.starts_with("keystroke to")) {
        eprintln!("{line}");
    }
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("node --test {suite} failed:\n{report}").into())
    }
}
