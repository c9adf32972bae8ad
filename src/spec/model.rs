//! The spec file: TOML read with serde, then checked into a [`SpecFile`] whose every part
//! remembers its line, so that errors point at the spec.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::property::{PropertyCase, RawProperty};
use crate::host::{DirGrant, Mock};
use crate::limits::{self as units, Limits};

/// An error in a spec file, with the line it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecError {
    /// The spec file.
    pub path: PathBuf,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong; several lines when it shows a caret under a value.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for SpecError {}

/// What a test expects of its last call.
#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    /// It returns; nothing more is checked.
    Returns,
    /// It returns this value (WAVE, compared as typed values).
    Value(Located<String>),
    /// It traps with a message containing this text (empty: any trap).
    Trap(Located<String>),
    /// It is rejected before running, with a message containing this text (empty: any).
    Error(Located<String>),
}

/// A value and the line it was written on.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// The 1-based line.
    pub line: usize,
}

/// One `[[test]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// Its name, unique in the file: the calls when the spec gives none, then followed by
    /// ` (line N)`, the line of the first call, when another test has the same calls.
    pub name: String,
    /// The line of its `[[test]]` header.
    pub line: usize,
    /// The calls, in order, on one instance.
    pub calls: Vec<Located<String>>,
    /// What the last call must do.
    pub expect: Expectation,
    /// Float tolerance (absolute), its own or the file's.
    pub tolerance: Option<f64>,
    /// Its own limits (timeout, fuel, memory), over the file's.
    pub limits: Limits,
    /// How often mocks must have been called during this test, by mock name.
    pub expect_calls: Vec<(Located<String>, u64)>,
    /// Why it is skipped, when it is.
    pub skip: Option<String>,
}

/// A spec file, checked.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The component, relative paths resolved against the spec's folder.
    pub component: Option<Located<PathBuf>>,
    /// One instance for all tests, in order (`instance = "shared"`).
    pub shared: bool,
    /// The file's limits (timeout, fuel, memory), over the runner's.
    pub limits: Limits,
    /// Environment variables for the guest.
    pub env: Vec<(String, String)>,
    /// Directories for the guest.
    pub dirs: Vec<DirGrant>,
    /// Components linked to satisfy imports.
    pub links: Vec<Located<PathBuf>>,
    /// Mocked imports.
    pub mocks: Vec<Located<Mock>>,
    /// The tests, in file order.
    pub tests: Vec<TestCase>,
    /// The properties, in file order (they run after the tests).
    pub properties: Vec<PropertyCase>,
}

/// A test or a property, as selection and listing see it.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// Its name, unique in the file.
    pub name: &'a str,
    /// The line of its header.
    pub line: usize,
    /// `test` or `property`.
    pub kind: &'static str,
}

impl SpecFile {
    /// The paths of its links, as they key a composed program.
    pub(super) fn link_paths(&self) -> Vec<PathBuf> {
        self.links.iter().map(|l| l.value.clone()).collect()
    }

    /// Its tests, then its properties.
    pub fn items(&self) -> impl Iterator<Item = Item<'_>> {
        let tests = self.tests.iter().map(|t| Item {
            name: &t.name,
            line: t.line,
            kind: "test",
        });
        let properties = self.properties.iter().map(|p| Item {
            name: &p.name,
            line: p.line,
            kind: "property",
        });
        tests.chain(properties)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFile {
    component: Option<Spanned<String>>,
    instance: Option<Spanned<String>>,
    tolerance: Option<Spanned<f64>>,
    timeout: Option<Spanned<Quantity>>,
    fuel: Option<u64>,
    max_memory: Option<Spanned<Quantity>>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    dirs: Vec<Spanned<String>>,
    #[serde(default)]
    link: Vec<Spanned<String>>,
    #[serde(default)]
    mock: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    test: Vec<Spanned<RawTest>>,
    #[serde(default)]
    property: Vec<Spanned<RawProperty>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTest {
    name: Option<String>,
    call: Option<Spanned<String>>,
    calls: Option<Vec<Spanned<String>>>,
    expect: Option<Spanned<String>>,
    expect_trap: Option<Spanned<String>>,
    expect_error: Option<Spanned<String>>,
    #[serde(default)]
    expect_calls: BTreeMap<Spanned<String>, u64>,
    tolerance: Option<Spanned<f64>>,
    timeout: Option<Spanned<Quantity>>,
    fuel: Option<u64>,
    max_memory: Option<Spanned<Quantity>>,
    skip: Option<Skip>,
}

/// `"2s"` or a number of seconds; `"64MiB"` or a number of bytes.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Quantity {
    Text(String),
    Number(f64),
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Skip {
    Flag(bool),
    Reason(String),
}

impl Skip {
    /// Why it is skipped (empty for `true`), or `None`.
    pub(super) fn reason(skip: Option<&Skip>) -> Option<String> {
        match skip {
            None | Some(Skip::Flag(false)) => None,
            Some(Skip::Flag(true)) => Some(String::new()),
            Some(Skip::Reason(reason)) => Some(reason.clone()),
        }
    }
}

/// Reads and checks a spec file.
pub fn load(path: &Path) -> Result<SpecFile, SpecError> {
    let error = |message: String| SpecError {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    let bytes = crate::files::read_file(path, crate::files::SPEC)
        .map_err(|e| error(format!("failed to read the spec: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        error(format!(
            "failed to read the spec: it is not UTF-8 text (invalid byte at offset {at})"
        ))
    })?;
    parse(path, &text)
}

/// Checks the text of a spec file read from `path`.
pub fn parse(path: &Path, text: &str) -> Result<SpecFile, SpecError> {
    let cx = Cx {
        path,
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| SpecError {
        path: path.to_path_buf(),
        line: e.span().map(|s| cx.line(&s)),
        message: format!("invalid spec: {}", e.message().trim_end()),
    })?;
    let base = path.parent().unwrap_or(Path::new(""));
    let shared = match raw.instance.as_ref().map(|i| i.get_ref().as_str()) {
        None | Some("fresh") => false,
        Some("shared") => true,
        Some(other) => {
            return Err(cx.error(
                &raw.instance.as_ref().unwrap().span(),
                format!("`instance` is `fresh` or `shared`, not `{other}`"),
            ));
        }
    };
    let file_tolerance = cx.tolerance(raw.tolerance.as_ref())?;
    let limits = cx.limits(raw.timeout.as_ref(), raw.fuel, raw.max_memory.as_ref())?;
    let mut dirs = Vec::new();
    for dir in &raw.dirs {
        let mut grant = DirGrant::parse(dir.get_ref())
            .map_err(|e| cx.error(&dir.span(), format!("invalid `dirs` entry: {e}")))?;
        grant.host = base.join(&grant.host);
        dirs.push(grant);
    }
    let mocks: Vec<Located<Mock>> = raw
        .mock
        .iter()
        .map(|(import, value)| Located {
            value: Mock {
                import: import.clone(),
                value: value.get_ref().clone(),
            },
            line: cx.line(&value.span()),
        })
        .collect();
    let mut tests = Vec::new();
    for test in &raw.test {
        tests.push(cx.test(test, file_tolerance, &mocks)?);
    }
    let named: Vec<bool> = raw
        .test
        .iter()
        .map(|t| t.get_ref().name.is_some())
        .collect();
    unique_names(path, &mut tests, &named)?;
    let mut properties = Vec::new();
    for property in &raw.property {
        properties.push(cx.property(property, base, file_tolerance)?);
    }
    super::property::unique_names(path, &tests, &properties)?;
    Ok(SpecFile {
        path: path.to_path_buf(),
        component: raw.component.as_ref().map(|c| Located {
            value: base.join(c.get_ref()),
            line: cx.line(&c.span()),
        }),
        shared,
        limits,
        env: raw.env.into_iter().collect(),
        dirs,
        links: raw
            .link
            .iter()
            .map(|l| Located {
                value: base.join(l.get_ref()),
                line: cx.line(&l.span()),
            })
            .collect(),
        mocks,
        tests,
        properties,
    })
}

/// Makes the test names of a file unique, as JUnit readers need (GitLab keeps one test per
/// name): a name derived from the calls that another test also has gets the line of its
/// (first) call, `add(1, 2) (line 12)`, the line reports point at, so that names stay the
/// same from run to run; a `name` given twice is an error.
fn unique_names(path: &Path, tests: &mut [TestCase], named: &[bool]) -> Result<(), SpecError> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for test in tests.iter() {
        *count.entry(test.name.clone()).or_default() += 1;
    }
    for (test, named) in tests.iter_mut().zip(named) {
        if !named && count[&test.name] > 1 {
            test.name = format!("{} (line {})", test.name, test.calls[0].line);
        }
    }
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    for test in tests.iter() {
        if let Some(first) = first_line.insert(&test.name, test.line) {
            return Err(SpecError {
                path: path.to_path_buf(),
                line: Some(test.line),
                message: format!(
                    "the test on line {first} has the same name, `{}`; give each test its own `name` (JUnit reports keep one test per name)",
                    test.name
                ),
            });
        }
    }
    Ok(())
}

pub(super) struct Cx<'a> {
    path: &'a Path,
    /// The byte offset of each line's start, to find lines in O(log n).
    line_starts: Vec<usize>,
}

impl Cx<'_> {
    pub(super) fn line(&self, span: &Range<usize>) -> usize {
        self.line_starts
            .partition_point(|&start| start <= span.start)
    }

    pub(super) fn error(&self, span: &Range<usize>, message: impl Into<String>) -> SpecError {
        SpecError {
            path: self.path.to_path_buf(),
            line: Some(self.line(span)),
            message: message.into(),
        }
    }

    pub(super) fn located(&self, s: &Spanned<String>) -> Located<String> {
        Located {
            value: s.get_ref().clone(),
            line: self.line(&s.span()),
        }
    }

    pub(super) fn tolerance(&self, t: Option<&Spanned<f64>>) -> Result<Option<f64>, SpecError> {
        match t {
            Some(t) if !(t.get_ref().is_finite() && *t.get_ref() >= 0.0) => {
                Err(self.error(&t.span(), "`tolerance` is a finite number of at least 0"))
            }
            Some(t) => Ok(Some(*t.get_ref())),
            None => Ok(None),
        }
    }

    pub(super) fn limits(
        &self,
        timeout: Option<&Spanned<Quantity>>,
        fuel: Option<u64>,
        max_memory: Option<&Spanned<Quantity>>,
    ) -> Result<Limits, SpecError> {
        let timeout = match timeout {
            Some(t) => Some(
                match t.get_ref() {
                    Quantity::Text(text) => units::parse_duration(text),
                    Quantity::Number(n) => units::seconds(*n),
                }
                .map_err(|e| self.error(&t.span(), format!("invalid `timeout`: {e}")))?,
            ),
            None => None,
        };
        let max_memory = match max_memory {
            Some(m) => Some(
                match m.get_ref() {
                    Quantity::Text(text) => units::parse_bytes(text),
                    Quantity::Number(n) => units::whole_bytes(*n),
                }
                .map_err(|e| self.error(&m.span(), format!("invalid `max-memory`: {e}")))?,
            ),
            None => None,
        };
        Ok(Limits {
            timeout,
            fuel,
            max_memory,
            ..Limits::default()
        })
    }

    fn test(
        &self,
        spanned: &Spanned<RawTest>,
        file_tolerance: Option<f64>,
        mocks: &[Located<Mock>],
    ) -> Result<TestCase, SpecError> {
        let span = spanned.span();
        let raw = spanned.get_ref();
        let calls: Vec<Located<String>> = match (&raw.call, &raw.calls) {
            (Some(call), None) => vec![self.located(call)],
            (None, Some(calls)) if !calls.is_empty() => {
                calls.iter().map(|c| self.located(c)).collect()
            }
            (None, Some(_)) => return Err(self.error(&span, "`calls` is empty")),
            (Some(_), Some(_)) => {
                return Err(self.error(&span, "a test has `call` or `calls`, not both"));
            }
            (None, None) => {
                return Err(
                    self.error(&span, "a test needs `call = \"f(…)\"` or `calls = [\"…\"]`")
                );
            }
        };
        let expectations = [
            raw.expect
                .as_ref()
                .map(|e| Expectation::Value(self.located(e))),
            raw.expect_trap
                .as_ref()
                .map(|e| Expectation::Trap(self.located(e))),
            raw.expect_error
                .as_ref()
                .map(|e| Expectation::Error(self.located(e))),
        ];
        let mut given = expectations.into_iter().flatten();
        let expect = given.next().unwrap_or(Expectation::Returns);
        if given.next().is_some() {
            return Err(self.error(
                &span,
                "a test has at most one of `expect`, `expect-trap` and `expect-error`",
            ));
        }
        let mut expect_calls = Vec::new();
        for (name, count) in &raw.expect_calls {
            if !mocks.iter().any(|m| m.value.import == *name.get_ref()) {
                let mocked: Vec<&str> = mocks.iter().map(|m| m.value.import.as_str()).collect();
                let hint = if mocked.is_empty() {
                    "the file has no `[mock]` table".to_string()
                } else {
                    format!("the mocks are `{}`", mocked.join("`, `"))
                };
                return Err(self.error(
                    &name.span(),
                    format!(
                        "`expect-calls` names `{}`, which is not mocked; {hint}",
                        name.get_ref()
                    ),
                ));
            }
            expect_calls.push((self.located(name), *count));
        }
        let name = raw.name.clone().unwrap_or_else(|| {
            calls
                .iter()
                .map(|c| c.value.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        });
        Ok(TestCase {
            name,
            line: self.line(&span),
            calls,
            expect,
            tolerance: self.tolerance(raw.tolerance.as_ref())?.or(file_tolerance),
            limits: self.limits(raw.timeout.as_ref(), raw.fuel, raw.max_memory.as_ref())?,
            expect_calls,
            skip: Skip::reason(raw.skip.as_ref()),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn parse_str(text: &str) -> Result<SpecFile, SpecError> {
        parse(Path::new("dir/t.toml"), text)
    }

    #[test]
    fn reads_every_key() {
        let spec = parse_str(
            r#"component = "c.wasm"
instance = "shared"
tolerance = 0.5
timeout = "2s"
fuel = 100
max-memory = "1MiB"
env = { A = "1" }
dirs = ["data::/data"]
link = ["dep.wasm"]

[mock]
"my:app/log.write" = "()"

[[test]]
call = "f(1)"
expect = "2"
expect-calls = { "my:app/log.write" = 1 }

[[test]]
name = "two"
calls = ["c = r(1)", "c.m()"]
expect-trap = ""
timeout = 1.5
skip = "not yet"
"#,
        )
        .unwrap();
        assert_eq!(
            spec.component.as_ref().unwrap().value,
            Path::new("dir/c.wasm")
        );
        assert!(spec.shared);
        assert_eq!(spec.limits.timeout, Some(Duration::from_secs(2)));
        assert_eq!(spec.limits.max_memory, Some(1 << 20));
        assert_eq!(spec.dirs[0].host, Path::new("dir/data"));
        assert_eq!(spec.dirs[0].guest, "/data");
        assert_eq!(spec.mocks[0].line, 12);
        let [first, second] = spec.tests.as_slice() else {
            panic!()
        };
        assert_eq!(first.name, "f(1)");
        assert_eq!(first.line, 14);
        assert_eq!(first.tolerance, Some(0.5));
        assert!(matches!(&first.expect, Expectation::Value(v) if v.value == "2" && v.line == 16));
        assert_eq!(first.expect_calls[0].1, 1);
        assert_eq!(second.calls[1].value, "c.m()");
        assert_eq!(second.limits.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(second.skip.as_deref(), Some("not yet"));
    }

    #[test]
    fn unnamed_tests_with_the_same_calls_get_their_lines() {
        let spec = parse_str(
            "[[test]]\ncall = \"add(1, 2)\"\n[[test]]\ncall = \"add(2, 1)\"\n[[test]]\ncall = \"add(1, 2)\"\nexpect = \"3\"\n[[test]]\nname = \"add(2, 1)\"\ncall = \"f()\"\n",
        )
        .unwrap();
        let names: Vec<&str> = spec.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "add(1, 2) (line 2)",
                "add(2, 1) (line 4)",
                "add(1, 2) (line 6)",
                "add(2, 1)"
            ]
        );
    }

    #[test]
    fn a_name_given_twice_is_an_error() {
        let err = parse_str(
            "[[test]]\nname = \"a\"\ncall = \"f()\"\n\n[[test]]\nname = \"a\"\ncall = \"g()\"\n",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(5));
        assert!(
            err.message.contains("line 1 has the same name, `a`"),
            "{}",
            err.message
        );
        // A name written like a derived one cannot sneak past either.
        let err = parse_str("[[test]]\ncall = \"f()\"\n[[test]]\ncall = \"f()\"\n[[test]]\nname = \"f() (line 2)\"\ncall = \"g()\"\n")
            .unwrap_err();
        assert_eq!(err.line, Some(5));
    }

    #[test]
    fn errors_carry_lines() {
        let err = parse_str("[[test]]\ncall = \"f()\"\nexpct = \"1\"\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("expct"), "{}", err.message);

        let err = parse_str("\n[[test]]\ncall = \"f()\"\nexpect = \"1\"\nexpect-trap = \"\"\n")
            .unwrap_err();
        assert_eq!(err.line, Some(2));

        let err = parse_str("[[test]]\ncall = \"f()\"\nexpect-calls = { g = 1 }\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("not mocked"));

        let err = parse_str("timeout = \"2 parsecs\"\n").unwrap_err();
        assert_eq!(err.line, Some(1));
    }
}
