//! Checking one property: generated cases, each on a fresh instance, until one breaks the law;
//! then that case shrunk, and a report that says how to reproduce it.

use std::path::Path;

use wasmtime::component::{Type, Val};

use super::generate::{unsupported, values};
use super::rng::Rng;
use super::shrink::shrink;
use super::{Law, PropertyCase};
use crate::exports::ExportedFunc;
use crate::limits::format_duration;
use crate::render::{self, Format, NoHandles};
use crate::session::SessionPre;
use crate::spec::compare::compare;
use crate::spec::model::SpecFile;
use crate::spec::outcome::{cause, chain_text};
use crate::spec::report::{Shown, Status, TestReport};
use crate::spec::shorten;

/// The most calls shrinking makes (each on a fresh instance).
const MAX_SHRINK_TRIES: usize = 2000;

/// Where a property runs: the spec's instances and, for `equals-component`, the other's.
pub(in crate::spec) struct Instances<'a, 'p> {
    /// The spec's component, prepared.
    pub own: &'a SessionPre<'p>,
    /// Its path, for the command that reproduces a failure.
    pub own_path: &'a Path,
    /// The component of `equals-component`, prepared, and its path.
    pub other: Option<(&'a SessionPre<'p>, &'a Path)>,
}

/// Checks `property` on generated cases; `run_seed` is the run's seed (`--seed`).
pub(in crate::spec) fn run_property(
    property: &PropertyCase,
    spec: &SpecFile,
    instances: &Instances<'_, '_>,
    run_seed: u64,
) -> TestReport {
    let report = |status| TestReport::item(&property.name, property.line, status);
    let checker = match Checker::new(property, instances) {
        Ok(checker) => checker,
        Err(message) => {
            let mut r = report(Status::Error).message(message);
            r.call_line = Some(property.function.line);
            return r;
        }
    };
    // An instance that cannot start fails the property once, not as its first "case".
    if let Err(err) = instances.own.start_with(property.limits) {
        return report(Status::Failed)
            .message(cause(&err))
            .details(format!("instantiation failed: {}", chain_text(&err)));
    }
    let seed = property
        .seed
        .unwrap_or_else(|| run_seed ^ crate::spec::select::hash(&property.name));
    let mut rng = Rng::new(seed);
    let types: Vec<Type> = checker.func.params().into_iter().map(|(_, t)| t).collect();
    for case in 0..property.cases {
        // Sizes grow from 1 to `max-size` over the cases: small counterexamples first.
        let size =
            1 + (u64::from(case) * u64::from(property.max_size) / u64::from(property.cases)) as u32;
        let args = values(&types, &mut rng, size);
        if checker.judge(&args).is_none() {
            continue;
        }
        let (args, steps) = shrink(args, &types, MAX_SHRINK_TRIES, |args| {
            checker.judge(args).is_some()
        });
        let broken = checker.judge(&args).expect("shrinking keeps failing cases");
        let found = Found {
            case: case + 1,
            steps,
            seed: property.seed.unwrap_or(run_seed),
            run_seed: property.seed.is_none().then_some(run_seed),
        };
        return checker.failure(property, spec, &args, broken, &found);
    }
    let shown = property.seed.unwrap_or(run_seed);
    report(Status::Passed).message(format!("{} cases (seed {shown})", property.cases))
}

/// How a law was broken.
struct Broken {
    why: String,
    expected: Option<String>,
    actual: Option<String>,
}

struct Found {
    case: u32,
    steps: usize,
    /// The seed as the spec or `--seed` gives it (each property's own is derived from it).
    seed: u64,
    /// The run's seed, when the property does not fix its own.
    run_seed: Option<u64>,
}

struct Checker<'a, 'p> {
    law: &'a Law,
    tolerance: Option<f64>,
    limits: crate::limits::Limits,
    func: &'a ExportedFunc,
    other: Option<(&'a SessionPre<'p>, &'a ExportedFunc)>,
    own: &'a SessionPre<'p>,
    instances: &'a Instances<'a, 'p>,
}

impl<'a, 'p> Checker<'a, 'p> {
    /// Resolves the functions and checks that the law fits their types.
    fn new(property: &'a PropertyCase, instances: &'a Instances<'a, 'p>) -> Result<Self, String> {
        let own = instances.own;
        let func = own
            .program()
            .exports()
            .resolve(&property.function.value)
            .map_err(|e| format!("invalid `function`: {e}"))?;
        let params: Vec<Type> = func.params().into_iter().map(|(_, t)| t).collect();
        if let Some(what) = params.iter().find_map(unsupported) {
            return Err(format!(
                "`{}` takes {what}, which a property cannot generate",
                property.function.value
            ));
        }
        let mut other = None;
        match &property.law {
            Law::Roundtrip => {
                let results = func.results();
                if params.len() != 1 || results.len() != 1 || params[0] != results[0] {
                    return Err(format!(
                        "`roundtrip` needs a function whose one parameter and result have the same type; `{}` does not",
                        property.function.value
                    ));
                }
            }
            Law::NoTrap => {}
            Law::Equals {
                function,
                component,
            } => {
                let pre = match (component, instances.other) {
                    (Some(_), Some((pre, _))) => pre,
                    _ => own,
                };
                let g = pre
                    .program()
                    .exports()
                    .resolve(&function.value)
                    .map_err(|e| format!("invalid `equals`: {e}"))?;
                let g_params: Vec<Type> = g.params().into_iter().map(|(_, t)| t).collect();
                if g_params != params || g.results() != func.results() {
                    return Err(format!(
                        "`{}` and `{}` have different types, so they cannot be compared",
                        property.function.value, function.value
                    ));
                }
                other = Some((pre, g));
            }
        }
        Ok(Checker {
            law: &property.law,
            tolerance: property.tolerance,
            limits: property.limits,
            func,
            other,
            own,
            instances,
        })
    }

    fn call(
        &self,
        pre: &SessionPre<'p>,
        func: &ExportedFunc,
        args: &[Val],
    ) -> anyhow::Result<Vec<Val>> {
        let mut session = pre.start_with(self.limits)?;
        Ok(session.call(func, args)?.results)
    }

    /// `None` when the law holds for `args`, else how it broke.
    fn judge(&self, args: &[Val]) -> Option<Broken> {
        let got = self.call(self.own, self.func, args);
        let wave = |values: &[Val]| render::results(values, Format::Wave, &NoHandles);
        let differs = |expected: &[Val], actual: &[Val]| {
            let at = (expected.len() != actual.len())
                .then(String::new)
                .or_else(|| {
                    expected
                        .iter()
                        .zip(actual)
                        .find_map(|(e, a)| compare(e, a, self.tolerance).err())
                })?;
            Some(if at.is_empty() {
                String::new()
            } else {
                format!(" at `{at}`")
            })
        };
        match self.law {
            Law::NoTrap => got.err().map(|e| Broken {
                why: format!("it failed: {}", cause(&e)),
                expected: None,
                actual: None,
            }),
            Law::Roundtrip => match got {
                Err(e) => Some(Broken {
                    why: format!("it failed instead of returning its argument: {}", cause(&e)),
                    expected: Some(wave(args)),
                    actual: None,
                }),
                Ok(results) => differs(args, &results).map(|at| Broken {
                    why: format!("it returned another value than its argument{at}"),
                    expected: Some(wave(args)),
                    actual: Some(wave(&results)),
                }),
            },
            Law::Equals { function, .. } => {
                let (pre, g) = self.other.expect("resolved by `new`");
                let reference = self.call(pre, g, args);
                let g = &function.value;
                match (got, reference) {
                    (Err(_), Err(_)) => None,
                    (Ok(a), Ok(b)) => differs(&b, &a).map(|at| Broken {
                        why: format!("it returned another value than `{g}`{at}"),
                        expected: Some(wave(&b)),
                        actual: Some(wave(&a)),
                    }),
                    (Err(e), Ok(b)) => Some(Broken {
                        why: format!("it failed where `{g}` returned: {}", cause(&e)),
                        expected: Some(wave(&b)),
                        actual: None,
                    }),
                    (Ok(a), Err(e)) => Some(Broken {
                        why: format!("`{g}` failed where it returned: {}", cause(&e)),
                        expected: None,
                        actual: Some(wave(&a)),
                    }),
                }
            }
        }
    }

    fn failure(
        &self,
        property: &PropertyCase,
        spec: &SpecFile,
        args: &[Val],
        broken: Broken,
        found: &Found,
    ) -> TestReport {
        let arguments: Vec<String> = args
            .iter()
            .map(|a| render::results(std::slice::from_ref(a), Format::Wave, &NoHandles))
            .collect();
        let call = format!("{}({})", property.function.value, arguments.join(", "));
        // A value the call should have returned makes the command fail as the property did;
        // the other implementation's own command checks nothing.
        let expected = broken.expected.as_deref();
        let mut details = format!(
            "counterexample found by case {} of {}, shrunk in {} (seed {})\n{call}: {}\nreproduce: {}",
            found.case,
            property.cases,
            match found.steps {
                1 => "1 step".to_string(),
                n => format!("{n} steps"),
            },
            found.seed,
            broken.why,
            reproduce(&call, self.instances.own_path, spec, property, expected),
        );
        if let (
            Law::Equals {
                function,
                component: Some(_),
            },
            Some((_, path)),
        ) = (self.law, self.instances.other)
        {
            let other = format!("{}({})", function.value, arguments.join(", "));
            let command = reproduce(&other, path, spec, property, None);
            details.push_str(&format!("\n           {command}"));
        }
        let seed = match found.run_seed {
            Some(seed) => format!("--seed {seed} "),
            None => String::new(),
        };
        // A component given on the command line (`--component`) is not in the spec.
        let component = match spec.component {
            Some(_) => String::new(),
            None => format!(
                "--component {} ",
                shell_word(&self.instances.own_path.display().to_string())
            ),
        };
        details.push_str(&format!(
            "\nrerun: wavecall test {seed}{component}--filter {} {}",
            shell_word(&property.name),
            shell_word(&spec.path.display().to_string())
        ));
        let mut report = TestReport::item(&property.name, property.line, Status::Failed)
            .message(format!("{call}: {} (seed {})", broken.why, found.seed))
            .details(details);
        report.call = Some(call);
        report.call_line = Some(property.function.line);
        report.expected = broken.expected.map(|wave| Shown {
            short: shorten::cut(&wave),
            wave,
        });
        report.actual = broken.actual.map(|wave| Shown {
            short: shorten::cut(&wave),
            wave,
        });
        report
    }
}

/// The `wavecall run` command that makes the same call with what the spec grants and mocks,
/// under the property's limits, and fails as the property did when `expected` is given.
fn reproduce(
    call: &str,
    component: &Path,
    spec: &SpecFile,
    property: &PropertyCase,
    expected: Option<&str>,
) -> String {
    let mut words = vec!["wavecall".to_string(), "run".into()];
    let limits = property.limits.or(spec.limits);
    if let Some(fuel) = limits.fuel {
        words.extend(["--fuel".into(), fuel.to_string()]);
    }
    if let Some(timeout) = limits.timeout {
        words.extend(["--timeout".into(), format_duration(timeout)]);
    }
    if let Some(bytes) = limits.max_memory {
        words.extend(["--max-memory".into(), bytes.to_string()]);
    }
    for (name, value) in &spec.env {
        words.push("--env".into());
        words.push(shell_word(&format!("{name}={value}")));
    }
    for dir in &spec.dirs {
        words.push("--dir".into());
        words.push(shell_word(&format!(
            "{}::{}",
            dir.host.display(),
            dir.guest
        )));
    }
    for mock in &spec.mocks {
        words.push("--mock".into());
        words.push(shell_word(&format!(
            "{}={}",
            mock.value.import, mock.value.value
        )));
    }
    for link in &spec.links {
        words.push("--link".into());
        words.push(shell_word(&link.value.display().to_string()));
    }
    words.push("--invoke".into());
    words.push(shell_word(call));
    if let Some(expected) = expected {
        words.push("--expect".into());
        words.push(shell_word(expected));
    }
    words.push(shell_word(&component.display().to_string()));
    words.join(" ")
}

/// A word as a POSIX shell reads it back: as is when it is plain, else in single quotes.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// A seed for a run that was given none: different every run, printed with any failure.
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    // Small numbers are easier to copy from a log.
    (nanos ^ u64::from(std::process::id()).rotate_left(32)) % 1_000_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_read_back() {
        assert_eq!(shell_word("echo-u32(1000)"), "'echo-u32(1000)'");
        assert_eq!(shell_word("a.wasm"), "a.wasm");
        assert_eq!(shell_word("f(\"it's\")"), r#"'f("it'\''s")'"#);
        assert_eq!(shell_word(""), "''");
    }
}
