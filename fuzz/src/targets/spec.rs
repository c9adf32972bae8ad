//! Target: spec files. A spec is generated as TOML (every key the format has, values of every
//! kind: calls of the pool's functions, durations, sizes, numbers at and past their limits,
//! strings with Unicode oddities), mutated as text, then read by `spec::parse`. What parses
//! is checked the way the runner checks it before running: every call is split and its
//! arguments converted, every expected value converted against the result type, and every
//! error rendered. Now and then the file is written out and really run.

use std::path::{Path, PathBuf};
use std::time::Duration;

use wasmtime::component::Type;
use wavecall::invocation;
use wavecall::render::NoHandles;
use wavecall::spec::{self, Expectation, RunOptions};

use super::{Choices, Pool, UNICODE, check_error, mutate, random_call, random_val, wave};

/// A real run of a spec now and then: the component its calls are for, and where to write
/// the file.
pub struct SpecRun {
    /// The component whose functions the pool holds.
    pub component: PathBuf,
    /// A folder to write spec files in.
    pub dir: PathBuf,
    /// Run one in this many generated specs (0: never).
    pub every: usize,
}

/// The spec file target. Returns whether the (mutated) text parsed.
pub fn spec_file(pool: &Pool, run: Option<&SpecRun>, rng: &mut dyn Choices) -> bool {
    let mut text = spec_text(pool, rng);
    if rng.one_in(2) {
        for _ in 0..1 + rng.below(3) {
            mutate(&mut text, rng);
        }
    }
    let parsed = check_spec(pool, &text);
    if let Some(run) = run
        && run.every > 0
        && rng.one_in(run.every)
    {
        run_spec(run, &text);
    }
    parsed
}

/// Parses a spec and checks what parses as the runner would.
pub fn check_spec(pool: &Pool, text: &str) -> bool {
    let spec = match spec::parse(Path::new("fuzz/spec.toml"), text) {
        Ok(spec) => spec,
        Err(err) => {
            let _ = err.to_string();
            return false;
        }
    };
    for test in &spec.tests {
        let mut results: Option<Vec<Type>> = None;
        for call in &test.calls {
            let parsed = match invocation::parse(&call.value) {
                Ok(parsed) => parsed,
                Err(err) => {
                    check_error(&err);
                    continue;
                }
            };
            let Some((name, params, result)) = pool.funcs.iter().find(|f| f.0 == parsed.target())
            else {
                continue;
            };
            match invocation::arguments(&parsed, name, params, Vec::new(), &NoHandles) {
                Ok(_) => results = Some(result.clone()),
                Err(err) => check_error(&err),
            }
        }
        if let (Expectation::Value(expected), Some(types)) = (&test.expect, results) {
            // `expect` is a value list written as the arguments of a call would be.
            let text = format!("expect({})", expected.value);
            let params: Vec<(String, Type)> =
                types.into_iter().map(|t| ("x".to_string(), t)).collect();
            match invocation::parse(&text) {
                Ok(call) => {
                    if let Err(err) =
                        invocation::arguments(&call, "expect", &params, Vec::new(), &NoHandles)
                    {
                        check_error(&err);
                    }
                }
                Err(err) => check_error(&err),
            }
        }
    }
    true
}

/// Writes the spec out and runs it against the pool's component; only panics matter.
fn run_spec(run: &SpecRun, text: &str) {
    let path = run.dir.join("fuzz.toml");
    std::fs::write(&path, text).expect("write the spec");
    let options = RunOptions {
        filter: None,
        component: Some(run.component.clone()),
        default_timeout: Duration::from_secs(2),
        jobs: 1,
        ..RunOptions::default()
    };
    if let Ok(reports) = spec::run(&[path], &options, &|_| {}) {
        for report in &reports {
            let _ = spec::describe_file_error(report);
            for test in &report.tests {
                let _ = spec::describe_test(report, test);
            }
        }
        let _ = spec::junit(&reports);
        let summary = spec::Summary::of(&reports);
        let _ = spec::json(&reports, &summary);
        let _ = summary.exit_code();
    }
}

/// A spec file as TOML: some of every key, with values of every kind.
pub fn spec_text(pool: &Pool, rng: &mut dyn Choices) -> String {
    let mut out = String::new();
    let line = |out: &mut String, key: &str, value: String| {
        out.push_str(&format!("{key} = {value}\n"));
    };
    if rng.one_in(4) {
        line(&mut out, "component", toml_string(&path_text(rng)));
    }
    if rng.one_in(4) {
        let instance = ["\"shared\"", "\"fresh\"", "\"shared\"", "\"other\"", "1"][rng.below(5)];
        line(&mut out, "instance", instance.to_string());
    }
    for key in ["tolerance", "timeout", "fuel", "max-memory"] {
        if rng.one_in(4) {
            line(&mut out, key, quantity(key, rng));
        }
    }
    if rng.one_in(6) {
        line(
            &mut out,
            "env",
            format!("{{ A = {} }}", toml_string(&short_text(rng))),
        );
    }
    if rng.one_in(6) {
        line(
            &mut out,
            "dirs",
            format!("[{}]", toml_string(&path_text(rng))),
        );
    }
    if rng.one_in(8) {
        line(
            &mut out,
            "link",
            format!("[{}]", toml_string(&path_text(rng))),
        );
    }
    if rng.one_in(6) {
        out.push_str(&format!(
            "\n[mock]\n{} = {}\n",
            toml_string(&short_text(rng)),
            toml_string("\"x\"")
        ));
    }
    for _ in 0..rng.below(4) {
        out.push_str("\n[[test]]\n");
        if rng.one_in(3) {
            line(&mut out, "name", toml_string(&short_text(rng)));
        }
        let (name, params, results) = &pool.funcs[rng.below(pool.funcs.len())];
        let mut call = random_call(name, params, rng);
        if rng.one_in(4) {
            let at = super::floor(&call, rng.below(call.len() + 1));
            call.insert_str(at, UNICODE[rng.below(UNICODE.len())]);
        }
        if rng.one_in(4) {
            line(
                &mut out,
                "calls",
                format!("[{}, {}]", toml_string(&call), toml_string(&call)),
            );
        } else {
            line(&mut out, "call", toml_string(&call));
        }
        match rng.below(5) {
            0 => {
                let values: Vec<String> = results
                    .iter()
                    .map(|t| wave(&random_val(rng, t, 0)))
                    .collect();
                line(&mut out, "expect", toml_string(&values.join(", ")));
            }
            1 => line(&mut out, "expect-trap", toml_string(&short_text(rng))),
            2 => line(&mut out, "expect-error", toml_string(&short_text(rng))),
            _ => {}
        }
        for key in ["tolerance", "timeout", "fuel", "max-memory"] {
            if rng.one_in(6) {
                line(&mut out, key, quantity(key, rng));
            }
        }
        if rng.one_in(8) {
            let skip = ["true", "false", "\"later\"", "1"][rng.below(4)];
            line(&mut out, "skip", skip.to_string());
        }
        if rng.one_in(10) {
            line(
                &mut out,
                "expect-calls",
                format!("{{ m = {} }}", rng.below(3)),
            );
        }
    }
    out
}

/// A value for a limit key: mostly one of the right kind (durations and sizes as text in
/// any case, numbers up to the limits of their types), else numbers past those limits and
/// values of the wrong type.
fn quantity(key: &str, rng: &mut dyn Choices) -> String {
    const ODD: &[&str] = &[
        "-1",
        "1e300",
        "-0.0",
        "nan",
        "inf",
        "18446744073709551616",
        "true",
        "[]",
        "{}",
        "\"\"",
    ];
    if rng.one_in(4) {
        return ODD[rng.below(ODD.len())].to_string();
    }
    const WHOLE: &[&str] = &["0", "1", "9223372036854775807", "65536"];
    match key {
        "tolerance" => ["0.5", "0", "1e-9", "1e300"][rng.below(4)].to_string(),
        "fuel" => WHOLE[rng.below(WHOLE.len())].to_string(),
        _ if rng.one_in(3) => WHOLE[rng.below(WHOLE.len())].to_string(),
        _ => toml_string(&super::unit_value(rng)),
    }
}

fn short_text(rng: &mut dyn Choices) -> String {
    let mut text = ["", "m", "my:app/log.write", "trap", "é", "a b"][rng.below(6)].to_string();
    if rng.one_in(3) {
        text.push_str(UNICODE[rng.below(UNICODE.len())]);
    }
    text
}

fn path_text(rng: &mut dyn Choices) -> String {
    [
        "/dev/zero",
        "/dev/null",
        "missing.wasm",
        ".",
        "..",
        "",
        "data::/data",
        "::",
        "/",
        "x::",
    ][rng.below(10)]
    .to_string()
}

/// A TOML basic string holding `text`, escaped as TOML needs.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
