//! Resolving the function name a user typed against the export index.
//!
//! Every function answers to a set of aliases: its fully qualified name in both spellings
//! (`ns:pkg/iface@1.2.3.f` and Wasmtime's `ns:pkg/iface.f@1.2.3`), the name without the
//! version, the interface's short name (`iface.f`) and the bare name (`f`). Resource statics
//! also answer to `r.s`. A name that several functions answer to is ambiguous; a versioned
//! name with no exact match also matches semver-compatible versions.

use std::fmt;
use std::ops::Range;

use super::{ExportIndex, ExportPath, ExportedFunc, FuncKind};
use crate::error::InvocationError;

/// Why a name did not resolve to exactly one function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportNotFound {
    /// No function answers to the name; `suggestions` are the nearest names.
    Unknown {
        /// The name as typed.
        name: String,
        /// Names that are close, nearest first.
        suggestions: Vec<String>,
    },
    /// Several functions answer to the name; `candidates` are their qualified names.
    Ambiguous {
        /// The name as typed.
        name: String,
        /// Every function that matches, fully qualified.
        candidates: Vec<String>,
    },
}

impl fmt::Display for ExportNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportNotFound::Unknown { name, .. } => {
                write!(f, "the component exports no function `{name}`")
            }
            ExportNotFound::Ambiguous { name, .. } => {
                write!(f, "the name `{name}` is ambiguous")
            }
        }
    }
}

impl std::error::Error for ExportNotFound {}

impl ExportNotFound {
    /// The error pointed at `span` of `text`, where the name was written: with a did-you-mean
    /// for an unknown name, every candidate for an ambiguous one.
    pub fn at(self, text: &str, span: Range<usize>) -> InvocationError {
        let mut error = InvocationError::new(text, span, self.to_string());
        match self {
            ExportNotFound::Unknown { suggestions, .. } => {
                if let Some(first) = suggestions.first() {
                    error = error.hint(format!("did you mean `{first}`?"));
                }
            }
            ExportNotFound::Ambiguous { candidates, .. } => {
                let list: Vec<String> = candidates.iter().map(|c| format!("  {c}")).collect();
                error = error.hint(format!(
                    "it matches {} functions; name one of them in full:\n{}",
                    candidates.len(),
                    list.join("\n")
                ));
            }
        }
        error
    }
}

/// An interface name split into its parts: `ns:pkg/iface@1.2.3`.
struct InterfaceName<'a> {
    /// `ns:pkg/iface`, or the whole name for a plain instance name.
    unversioned: &'a str,
    /// `iface`.
    short: &'a str,
    version: Option<&'a str>,
}

impl<'a> InterfaceName<'a> {
    fn parse(name: &'a str) -> InterfaceName<'a> {
        let (unversioned, version) = match name.split_once('@') {
            Some((base, version)) => (base, Some(version)),
            None => (name, None),
        };
        let short = unversioned
            .rsplit_once('/')
            .map_or(unversioned, |(_, iface)| iface);
        InterfaceName {
            unversioned,
            short,
            version,
        }
    }
}

/// The function's own name and, for a static, its friendly `r.s` form.
fn own_names(func: &impl ExportPath) -> Vec<String> {
    let mut names = vec![func.name().to_string()];
    if let FuncKind::Static { resource, method } = FuncKind::of(func.name()) {
        names.push(format!("{resource}.{method}"));
    }
    names
}

/// Every name a function answers to, most qualified first.
pub(crate) fn aliases(func: &impl ExportPath) -> Vec<String> {
    let mut out = Vec::new();
    let own = own_names(func);
    let Some((last, outer)) = func.instance_path().split_last() else {
        return own;
    };
    let prefix: String = outer.iter().map(|p| format!("{p}.")).collect();
    let iface = InterfaceName::parse(last);
    for name in &own {
        out.push(format!("{prefix}{last}.{name}"));
        if let Some(version) = iface.version {
            out.push(format!("{prefix}{}.{name}@{version}", iface.unversioned));
            out.push(format!("{prefix}{}.{name}", iface.unversioned));
        }
        if iface.short != last {
            out.push(format!("{}.{name}", iface.short));
        }
        if !prefix.is_empty() {
            out.push(format!("{last}.{name}"));
        }
    }
    out.extend(own);
    out.dedup();
    out
}

/// `ns:pkg/iface.f@1.2.0` for a function of a versioned interface, else the qualified name.
pub(crate) fn invoke_name(instance_path: &[String], name: &str) -> String {
    let Some((last, outer)) = instance_path.split_last() else {
        return name.to_string();
    };
    let prefix: String = outer.iter().map(|p| format!("{p}.")).collect();
    let iface = InterfaceName::parse(last);
    match iface.version {
        Some(version) => format!("{prefix}{}.{name}@{version}", iface.unversioned),
        None => format!("{prefix}{last}.{name}"),
    }
}

/// Whether an exported version satisfies a requested one under semver's caret rule
/// (`1.2.0` is satisfied by `1.3.1`, `0.2.0` by `0.2.5`; prereleases only by themselves).
fn compatible(requested: &str, exported: &str) -> bool {
    let (Ok(req), Ok(exp)) = (
        semver::Version::parse(requested),
        semver::Version::parse(exported),
    ) else {
        return false;
    };
    if !req.pre.is_empty() || !exp.pre.is_empty() {
        return req == exp;
    }
    if req.major != exp.major {
        return false;
    }
    if req.major == 0 && req.minor != exp.minor {
        return false;
    }
    if req.major == 0 && req.minor == 0 {
        return req.patch == exp.patch;
    }
    true
}

/// The unversioned interface, the function part and the version of a versioned name in
/// either spelling, e.g. `a:b/c@1.2.0.f` or `a:b/c.f@1.2.0`.
fn split_versioned(name: &str) -> Option<(&str, &str, &str)> {
    let (base, rest) = name.split_once('@')?;
    // `a:b/c@1.2.0.f`: the version ends where a component that is not a number starts.
    let mut end = 0;
    for (i, part) in rest.split('.').enumerate() {
        let is_version_part = i < 3 || part.chars().next().is_some_and(|c| c.is_ascii_digit());
        if !is_version_part {
            break;
        }
        end += part.len() + usize::from(i > 0);
    }
    if end < rest.len() {
        let (version, func) = (&rest[..end], &rest[end + 1..]);
        return Some((base, func, version));
    }
    // `a:b/c.f@1.2.0`.
    let slash = base.rfind('/')?;
    let dot = base[slash..].find('.')? + slash;
    Some((&base[..dot], &base[dot + 1..], rest))
}

impl ExportIndex {
    /// Finds the one function that answers to `name`.
    pub fn resolve(&self, name: &str) -> Result<&ExportedFunc, ExportNotFound> {
        resolve_among(&self.funcs, name)
    }

    /// The shortest name that reaches `func` without ambiguity.
    pub fn shortest_name(&self, func: &ExportedFunc) -> String {
        shortest_name_among(&self.funcs, func)
    }
}

/// Finds the one function of `funcs` that answers to `name`: the rules of
/// [`ExportIndex::resolve`] for any list of exported functions (a component's decoded WIT
/// gives one without compiling it).
pub fn resolve_among<'f, F: ExportPath>(
    funcs: &'f [F],
    name: &str,
) -> Result<&'f F, ExportNotFound> {
    if let Some(f) = funcs.iter().find(|f| qualified_name(*f) == name) {
        return Ok(f);
    }
    let mut matches: Vec<&F> = funcs
        .iter()
        .filter(|f| aliases(*f).iter().any(|a| a == name))
        .collect();
    if matches.is_empty() {
        matches = semver_matches(funcs, name);
    }
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(ExportNotFound::Unknown {
            name: name.to_string(),
            suggestions: suggestions(funcs, name),
        }),
        many => Err(ExportNotFound::Ambiguous {
            name: name.to_string(),
            candidates: many
                .iter()
                .map(|f| invoke_name(f.instance_path(), f.name()))
                .collect(),
        }),
    }
}

/// The shortest name that reaches `func` among `funcs` without ambiguity.
pub(crate) fn shortest_name_among<F: ExportPath>(funcs: &[F], func: &F) -> String {
    let mut names = aliases(func);
    names.sort_by_key(|n| n.len());
    names
        .into_iter()
        .find(|n| resolve_among(funcs, n).is_ok_and(|f| qualified_name(f) == qualified_name(func)))
        .unwrap_or_else(|| invoke_name(func.instance_path(), func.name()))
}

/// The instance path and the function name joined by `.`.
pub(super) fn qualified_name(func: &impl ExportPath) -> String {
    let mut name = String::new();
    for instance in func.instance_path() {
        name.push_str(instance);
        name.push('.');
    }
    name.push_str(func.name());
    name
}

fn semver_matches<'f, F: ExportPath>(funcs: &'f [F], name: &str) -> Vec<&'f F> {
    let Some((unversioned, func_name, version)) = split_versioned(name) else {
        return Vec::new();
    };
    funcs
        .iter()
        .filter(|f| {
            let Some(last) = f.instance_path().last() else {
                return false;
            };
            let iface = InterfaceName::parse(last);
            iface.unversioned == unversioned
                && iface.version.is_some_and(|v| compatible(version, v))
                && own_names(*f).iter().any(|n| n == func_name)
        })
        .collect()
}

/// Names close to `name`, nearest first, one per function. A fully qualified name is
/// suggested in the spelling `wasmtime run --invoke` accepts too, whichever was typed.
fn suggestions<F: ExportPath>(funcs: &[F], name: &str) -> Vec<String> {
    let limit = (name.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, String)> = funcs
        .iter()
        .filter_map(|f| {
            let (distance, alias) = aliases(f)
                .into_iter()
                .map(|a| (strsim::levenshtein(name, &a), a))
                .min()?;
            let both_accept = match alias == qualified_name(f) {
                true => invoke_name(f.instance_path(), f.name()),
                false => alias,
            };
            Some((distance, both_accept))
        })
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, a)| a).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_both_versioned_spellings() {
        assert_eq!(
            split_versioned("a:b/c@1.2.0.f"),
            Some(("a:b/c", "f", "1.2.0"))
        );
        assert_eq!(
            split_versioned("a:b/c.f@1.2.0"),
            Some(("a:b/c", "f", "1.2.0"))
        );
        assert_eq!(
            split_versioned("a:b/c@0.2.0-rc.1.f"),
            Some(("a:b/c", "f", "0.2.0-rc.1"))
        );
        assert_eq!(
            split_versioned("a:b/c@1.0.0.[method]r.m"),
            Some(("a:b/c", "[method]r.m", "1.0.0"))
        );
        assert_eq!(split_versioned("plain"), None);
    }

    #[test]
    fn semver_caret_rule() {
        assert!(compatible("1.2.0", "1.3.4"));
        assert!(!compatible("1.2.0", "2.0.0"));
        assert!(compatible("0.2.0", "0.2.6"));
        assert!(!compatible("0.2.0", "0.3.0"));
        assert!(compatible("0.2.0-rc.1", "0.2.0-rc.1"));
        assert!(!compatible("0.2.0", "0.2.0-rc.1"));
    }

    #[test]
    fn interface_names() {
        let n = InterfaceName::parse("wasi:cli/run@0.2.0");
        assert_eq!(
            (n.unversioned, n.short, n.version),
            ("wasi:cli/run", "run", Some("0.2.0"))
        );
        let n = InterfaceName::parse("plain");
        assert_eq!(
            (n.unversioned, n.short, n.version),
            ("plain", "plain", None)
        );
    }
}
