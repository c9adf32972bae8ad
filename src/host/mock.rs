//! Imports that return a fixed value: mocks.
//!
//! A mock is written `NAME = WAVE`: `my:app/config.get = 'some("blue")'`. Its value is parsed
//! against the import's result type when the linker is built, so a bad mock is reported
//! before any call runs. Every call to a mock is counted in the store, one counter per mock,
//! so that tests can assert how often an import was used ([`Session::mock_calls`]).
//!
//! Mocks apply to the imports of the component as it is run: composed with its links (see
//! [`crate::link`]), that is the imports no link satisfies and the links' own imports. An
//! import a link satisfies is inside the composition and cannot be mocked.
//!
//! [`Session::mock_calls`]: crate::Session::mock_calls

use anyhow::{Result, bail};
use wasmtime::Engine;
use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::wasm_wave::untyped::UntypedValue;
use wasmtime::component::{Component, ResourceAny, ResourceType, Type, Val};

use crate::error::InvocationError;
use crate::invocation::{self, Converter, HandleRef, HandleScope, ResourceNames};
use crate::program::Program;
use crate::render::{NO_HANDLES, NoHandles};

/// An import that returns a fixed value, written `NAME = WAVE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mock {
    /// The import: `ns:pkg/iface.func`, `ns:pkg/iface#func`, `ns:pkg/iface@1.0.0.func` or
    /// a root function's name.
    pub import: String,
    /// The value every call returns, as WAVE; `()` for a function without a result.
    pub value: String,
}

impl Mock {
    /// The import `import` returning `value`, written in WAVE (`()` for no result).
    pub fn new(import: impl Into<String>, value: impl Into<String>) -> Mock {
        Mock {
            import: import.into(),
            value: value.into(),
        }
    }

    /// Parses `NAME=WAVE`, the command line's spelling.
    pub fn parse(spec: &str) -> Result<Mock> {
        let Some((import, value)) = spec.split_once('=') else {
            bail!("expected `NAME=VALUE`, e.g. `my:app/config.get='some(\"blue\")'`, got `{spec}`");
        };
        Ok(Mock {
            import: import.trim().to_string(),
            value: value.trim().to_string(),
        })
    }
}

/// One function a component imports.
#[derive(Clone)]
pub(super) struct ImportedFunc {
    /// The interface it comes from (`None` for a root import).
    pub instance: Option<String>,
    /// The function's name.
    pub name: String,
    /// Its type.
    pub ty: ComponentFunc,
}

impl ImportedFunc {
    /// Wasmtime's spelling: `ns:pkg/iface@1.0.0#func`.
    pub(super) fn qualified_name(&self) -> String {
        match &self.instance {
            Some(instance) => format!("{instance}#{}", self.name),
            None => self.name.clone(),
        }
    }

    /// Whether `written` names this import, in any of the accepted spellings.
    fn answers_to(&self, written: &str) -> bool {
        let Some(instance) = &self.instance else {
            return written == self.name;
        };
        let unversioned = instance
            .split_once('@')
            .map_or(instance.as_str(), |(i, _)| i);
        [instance.as_str(), unversioned].iter().any(|i| {
            written
                .strip_prefix(i)
                .and_then(|rest| rest.strip_prefix(['.', '#']))
                .is_some_and(|func| func == self.name)
        })
    }
}

/// Every function `component` imports, root functions and interface functions alike.
pub(super) fn imported_funcs(engine: &Engine, component: &Component) -> Vec<ImportedFunc> {
    let mut funcs = Vec::new();
    for (name, import) in component.component_type().imports(engine) {
        match &import.ty {
            ComponentItem::ComponentFunc(ty) => funcs.push(ImportedFunc {
                instance: None,
                name: name.to_string(),
                ty: ty.clone(),
            }),
            ComponentItem::ComponentInstance(instance) => {
                for (func, item) in instance.exports(engine) {
                    if let ComponentItem::ComponentFunc(ty) = item.ty {
                        funcs.push(ImportedFunc {
                            instance: Some(name.to_string()),
                            name: func.to_string(),
                            ty,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    funcs
}

/// The import `mock` names, and its value converted to the import's result type.
///
/// The error holds an [`InvocationError`] pointing into the value when it does not fit.
pub(super) fn resolve(imports: &[ImportedFunc], mock: &Mock) -> Result<(ImportedFunc, Vec<Val>)> {
    let Some(import) = imports.iter().find(|i| i.answers_to(&mock.import)) else {
        let names: Vec<String> = imports.iter().map(ImportedFunc::qualified_name).collect();
        let mut message = format!("the component imports no function `{}`", mock.import);
        match invocation::nearest(&mock.import, names.iter().map(String::as_str)) {
            Some(near) => message.push_str(&format!("; did you mean `{near}`?")),
            None if names.is_empty() => message.push_str("; it imports no functions"),
            None => {}
        }
        bail!(message);
    };
    let types: Vec<Type> = import.ty.results().collect();
    let results = parse_result(&mock.value, &types, &NoHandles)?;
    Ok((import.clone(), results))
}

/// Converts a whole result written in WAVE (`()` for no result) against result types, as
/// mocks, expected values and `--expect` write it; `names` names types in messages. The
/// value cannot hold handles.
fn parse_result(
    text: &str,
    types: &[Type],
    names: &dyn ResourceNames,
) -> Result<Vec<Val>, InvocationError> {
    let scope = Unbound(names);
    let trimmed = text.trim();
    match types {
        [] if trimmed == "()" => Ok(Vec::new()),
        [] => Err(
            InvocationError::new(text, 0..text.len(), "the function returns nothing")
                .hint("write `()`"),
        ),
        [ty] => {
            if trimmed == "()" {
                let expected = invocation::describe_type(ty, &scope);
                return Err(InvocationError::new(
                    text,
                    0..text.len(),
                    format!("expected {expected}, got `()`"),
                ));
            }
            let value = UntypedValue::parse(text)
                .map_err(|e| InvocationError::new(text, e.span(), e.to_string()))?;
            let converter = Converter {
                src: text,
                scope: &scope,
            };
            Ok(vec![converter.value(value.node(), ty)?])
        }
        _ => Err(InvocationError::new(
            text,
            0..text.len(),
            "functions with several results are not supported",
        )),
    }
}

/// [`NoHandles`] that names types as `names` does (a program's WIT names).
struct Unbound<'a>(&'a dyn ResourceNames);

impl ResourceNames for Unbound<'_> {
    fn resource_name(&self, ty: &ResourceType) -> Option<&str> {
        self.0.resource_name(ty)
    }

    fn type_name(&self, ty: &Type) -> Option<&str> {
        self.0.type_name(ty)
    }
}

impl HandleScope for Unbound<'_> {
    fn lookup(&self, _: HandleRef<'_>, _: &ResourceType, _: bool) -> Result<ResourceAny, String> {
        Err(NO_HANDLES.to_string())
    }
}

impl Program {
    /// Checks mocks against the imports: each must name an import, no two the same one,
    /// with a value of the right type. Returns every problem with the index of the mock it
    /// is about; an [`InvocationError`] in the chain points into the value.
    pub fn check_mocks(&self, mocks: &[Mock]) -> Vec<(usize, anyhow::Error)> {
        check_mocks(self, mocks)
    }

    /// Parses a whole result written in WAVE against result types, as `--expect` and
    /// spec files write it: `()` for none, WIT type names in errors, no handles.
    pub fn parse_result(&self, text: &str, types: &[Type]) -> Result<Vec<Val>, InvocationError> {
        parse_result(text, types, self)
    }
}

/// See [`Program::check_mocks`].
fn check_mocks(program: &Program, mocks: &[Mock]) -> Vec<(usize, anyhow::Error)> {
    let imports = imported_funcs(program.engine(), program.component());
    let mut problems = Vec::new();
    // Two spellings may name one import (`a:b/c.f`, `a:b/c@1.0.0#f`): compare what they name.
    let mut resolved: Vec<(String, &Mock)> = Vec::new();
    for (index, mock) in mocks.iter().enumerate() {
        match resolve(&imports, mock) {
            Ok((import, _)) => {
                let name = import.qualified_name();
                match resolved.iter().find(|(n, _)| *n == name) {
                    Some((_, first)) => problems.push((
                        index,
                        anyhow::anyhow!(
                            "`{name}` is already mocked (by `{}`); an import takes one mock",
                            first.import
                        ),
                    )),
                    None => resolved.push((name, mock)),
                }
            }
            Err(err) => problems.push((index, linked_hint(program, mock).unwrap_or(err))),
        }
    }
    problems
}

/// The error for a mock of an import that a link satisfies, if that is what it names.
fn linked_hint(program: &Program, mock: &Mock) -> Option<anyhow::Error> {
    let linked = program.linked().iter().find(|l| {
        let unversioned = l
            .import
            .split_once('@')
            .map_or(l.import.as_str(), |(i, _)| i);
        [l.import.as_str(), unversioned].iter().any(|i| {
            mock.import
                .strip_prefix(i)
                .is_some_and(|rest| rest.starts_with(['.', '#']))
        })
    })?;
    Some(anyhow::anyhow!(
        "the link `{}` provides `{}`, and a link provides whole interfaces: to mock one of \
         its functions, leave the link out",
        linked.link,
        linked.import
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_command_line_spelling() {
        let mock = Mock::parse("my:app/config.get=some(\"a=b\")").unwrap();
        assert_eq!(mock.import, "my:app/config.get");
        assert_eq!(mock.value, "some(\"a=b\")");
        assert!(Mock::parse("nothing").is_err());
    }

    #[test]
    fn converts_whole_results() {
        let parse = |text, types: &[Type]| parse_result(text, types, &NoHandles);
        assert_eq!(parse("()", &[]).unwrap(), Vec::<Val>::new());
        assert!(parse("5", &[]).is_err());
        assert_eq!(parse("5", &[Type::U32]).unwrap(), vec![Val::U32(5)]);
        assert!(parse("()", &[Type::U32]).is_err());
        assert!(parse("\"x\"", &[Type::U32]).is_err());
    }
}
