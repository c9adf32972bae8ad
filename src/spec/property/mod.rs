//! Property tests: `[[property]]` in a spec names a function and a law that must hold for
//! every argument, and wavecall checks it on generated values of the parameter types, then
//! shrinks a failing case to a small one (`docs/spec-format.md`).

mod file;
mod generate;
mod rng;
mod run;
mod shrink;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

pub use run::fresh_seed;
pub(super) use run::{Instances, run_property};

use super::model::{Cx, Located, Quantity, Skip, SpecError, TestCase};
use crate::limits::Limits;

/// How many cases a property checks unless it says otherwise.
pub const DEFAULT_CASES: u32 = 100;
/// The largest size of generated values unless a property says otherwise.
pub const DEFAULT_MAX_SIZE: u32 = 32;

/// What must hold of a function for every argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Law {
    /// `f(x) == x`: the function hands its one argument back (`law = "roundtrip"`).
    Roundtrip,
    /// `f(…)` returns, whatever the arguments (`law = "no-trap"`).
    NoTrap,
    /// `f(…) == g(…)`: another function (in another component, when given) agrees
    /// (`equals = "g"`); two calls that both trap agree too.
    Equals {
        /// The other function.
        function: Located<String>,
        /// The component that exports it, when not the spec's own.
        component: Option<Located<PathBuf>>,
    },
}

/// One `[[property]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyCase {
    /// Its name, unique in the file: `f: roundtrip`, `f: no-trap`, `f: equals g` unless given.
    pub name: String,
    /// The line of its `[[property]]` header.
    pub line: usize,
    /// The function whose arguments are generated.
    pub function: Located<String>,
    /// What must hold.
    pub law: Law,
    /// How many generated cases are checked.
    pub cases: u32,
    /// The seed of the cases, when the spec fixes it (else the run's seed).
    pub seed: Option<u64>,
    /// The largest size of generated values: lengths of strings and lists, most numbers.
    pub max_size: u32,
    /// Float tolerance when results are compared.
    pub tolerance: Option<f64>,
    /// The limits of each call.
    pub limits: Limits,
    /// Why it is skipped, when it is.
    pub skip: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawProperty {
    name: Option<String>,
    function: Spanned<String>,
    law: Option<Spanned<String>>,
    equals: Option<Spanned<String>>,
    equals_component: Option<Spanned<String>>,
    cases: Option<Spanned<u64>>,
    seed: Option<u64>,
    max_size: Option<Spanned<u64>>,
    tolerance: Option<Spanned<f64>>,
    timeout: Option<Spanned<Quantity>>,
    fuel: Option<u64>,
    max_memory: Option<Spanned<Quantity>>,
    skip: Option<Skip>,
}

impl Cx<'_> {
    pub(super) fn property(
        &self,
        spanned: &Spanned<RawProperty>,
        base: &Path,
        file_tolerance: Option<f64>,
    ) -> Result<PropertyCase, SpecError> {
        let span = spanned.span();
        let raw = spanned.get_ref();
        let law = match (&raw.law, &raw.equals) {
            (Some(law), None) => match law.get_ref().as_str() {
                "roundtrip" => Law::Roundtrip,
                "no-trap" => Law::NoTrap,
                other => {
                    return Err(self.error(
                        &law.span(),
                        format!(
                            "unknown law `{other}`: `law` is `roundtrip` or `no-trap`, or give `equals = \"FUNCTION\"`"
                        ),
                    ));
                }
            },
            (None, Some(other)) => Law::Equals {
                function: self.located(other),
                component: raw.equals_component.as_ref().map(|c| Located {
                    value: base.join(c.get_ref()),
                    line: self.line(&c.span()),
                }),
            },
            (Some(_), Some(_)) => {
                return Err(self.error(&span, "a property has `law` or `equals`, not both"));
            }
            (None, None) => {
                return Err(self.error(
                    &span,
                    "a property needs `law = \"roundtrip\"`, `law = \"no-trap\"` or `equals = \"FUNCTION\"`",
                ));
            }
        };
        if let (Some(c), false) = (&raw.equals_component, matches!(law, Law::Equals { .. })) {
            return Err(self.error(&c.span(), "`equals-component` goes with `equals`"));
        }
        let bounded = |value: Option<&Spanned<u64>>, key: &str, default: u32, max: u32| match value
        {
            None => Ok(default),
            Some(v) if (1..=u64::from(max)).contains(v.get_ref()) => Ok(*v.get_ref() as u32),
            Some(v) => Err(self.error(&v.span(), format!("`{key}` is a number from 1 to {max}"))),
        };
        let function = self.located(&raw.function);
        let name = raw.name.clone().unwrap_or_else(|| match &law {
            Law::Roundtrip => format!("{}: roundtrip", function.value),
            Law::NoTrap => format!("{}: no-trap", function.value),
            Law::Equals {
                function: other, ..
            } => {
                format!("{}: equals {}", function.value, other.value)
            }
        });
        Ok(PropertyCase {
            name,
            line: self.line(&span),
            function,
            law,
            cases: bounded(raw.cases.as_ref(), "cases", DEFAULT_CASES, 1_000_000)?,
            seed: raw.seed,
            max_size: bounded(raw.max_size.as_ref(), "max-size", DEFAULT_MAX_SIZE, 10_000)?,
            tolerance: self.tolerance(raw.tolerance.as_ref())?.or(file_tolerance),
            limits: self.limits(raw.timeout.as_ref(), raw.fuel, raw.max_memory.as_ref())?,
            skip: Skip::reason(raw.skip.as_ref()),
        })
    }
}

/// A property's name must differ from every test's and other property's: reports and
/// `--filter` know them by name.
pub(super) fn unique_names(
    path: &Path,
    tests: &[TestCase],
    properties: &[PropertyCase],
) -> Result<(), SpecError> {
    let mut first_line: HashMap<&str, usize> =
        tests.iter().map(|t| (t.name.as_str(), t.line)).collect();
    for property in properties {
        if let Some(first) = first_line.insert(&property.name, property.line) {
            return Err(SpecError {
                path: path.to_path_buf(),
                line: Some(property.line),
                message: format!(
                    "the test or property on line {first} has the same name, `{}`; give each its own `name` (JUnit reports keep one test per name)",
                    property.name
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::parse;

    #[test]
    fn reads_a_property() {
        let spec = parse(
            Path::new("dir/t.toml"),
            "[[property]]\nfunction = \"echo\"\nlaw = \"roundtrip\"\ncases = 7\nseed = 3\n\n[[property]]\nfunction = \"f\"\nequals = \"g\"\nequals-component = \"other.wasm\"\n",
        )
        .unwrap();
        let [first, second] = spec.properties.as_slice() else {
            panic!("{:?}", spec.properties)
        };
        assert_eq!(first.name, "echo: roundtrip");
        assert_eq!((first.line, first.cases, first.seed), (1, 7, Some(3)));
        assert_eq!(first.max_size, DEFAULT_MAX_SIZE);
        assert_eq!(second.name, "f: equals g");
        let Law::Equals {
            function,
            component,
        } = &second.law
        else {
            panic!()
        };
        assert_eq!(function.value, "g");
        assert_eq!(
            component.as_ref().unwrap().value,
            Path::new("dir/other.wasm")
        );
    }

    #[test]
    fn mistakes_have_lines() {
        let error = |text: &str| parse(Path::new("t.toml"), text).unwrap_err();
        let e = error("[[property]]\nfunction = \"f\"\nlaw = \"round\"\n");
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("unknown law `round`"), "{}", e.message);
        let e = error("[[property]]\nfunction = \"f\"\n");
        assert_eq!(e.line, Some(1));
        let e = error("[[property]]\nfunction = \"f\"\nlaw = \"no-trap\"\ncases = 0\n");
        assert_eq!(e.line, Some(4));
        let e = error(
            "[[test]]\ncall = \"f()\"\nname = \"f: no-trap\"\n[[property]]\nfunction = \"f\"\nlaw = \"no-trap\"\n",
        );
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("same name"), "{}", e.message);
    }
}
