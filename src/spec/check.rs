//! What is checked before any test runs: every mock fits its import, every call names a
//! function (resolved as a session resolves it), every expected value fits the result type
//! of its test's last call.

use std::collections::HashMap;

use wasmtime::component::{Type, Val};

use super::model::{Expectation, SpecError, SpecFile};
use super::report::{FileError, caret};
use crate::error::InvocationError;
use crate::exports::{Bindings, Callee, NamedResource, ResourceName};
use crate::program::Program;

/// Checks the spec against the component before anything runs: every mock fits its import,
/// every call names a function, every expected value fits the last call's result type.
/// Returns the expected values, converted.
pub(super) fn check(
    spec: &SpecFile,
    program: &Program,
) -> Result<Vec<Option<Vec<Val>>>, FileError> {
    let mut errors = Vec::new();
    let error = |line: usize, message: String| SpecError {
        path: spec.path.clone(),
        line: Some(line),
        message,
    };
    let mocks: Vec<_> = spec.mocks.iter().map(|m| m.value.clone()).collect();
    for (index, e) in program.check_mocks(&mocks) {
        let m = &spec.mocks[index];
        let detail = match e.downcast_ref::<InvocationError>() {
            Some(inv) => caret(inv),
            None => e.to_string(),
        };
        errors.push(error(
            m.line,
            format!("invalid mock for `{}`: {detail}", m.value.import),
        ));
    }
    let mut expected = Vec::new();
    let mut bindings = HashMap::new();
    for test in &spec.tests {
        if !spec.shared {
            bindings.clear();
        }
        let mut types = None;
        for (i, call) in test.calls.iter().enumerate() {
            let last = i + 1 == test.calls.len();
            match result_types(program, &call.value, &mut bindings) {
                Ok(t) => types = Some(t),
                // A call that must be rejected may well name nothing.
                Err(_) if last && matches!(test.expect, Expectation::Error(_)) => types = None,
                Err(e) => {
                    errors.push(error(call.line, format!("invalid call: {}", caret(&e))));
                    types = None;
                }
            }
        }
        let value = match (&test.expect, types) {
            (Expectation::Value(text), Some(types)) => {
                match program.parse_result(&text.value, &types) {
                    Ok(values) => Some(values),
                    Err(e) => {
                        errors.push(error(text.line, format!("invalid `expect`: {}", caret(&e))));
                        None
                    }
                }
            }
            _ => None,
        };
        expected.push(value);
    }
    if errors.is_empty() {
        Ok(expected)
    } else {
        Err(FileError::Spec(errors))
    }
}

/// The result types of a call, found without running it; `bindings` follows `c = …` to the
/// resource whose methods `c.m(…)` calls. Targets resolve as in a session; the arguments are
/// left to the session, which reports a bad one as that test's error.
fn result_types(
    program: &Program,
    text: &str,
    bindings: &mut HashMap<String, Option<NamedResource>>,
) -> Result<Vec<Type>, InvocationError> {
    let call = crate::invocation::parse(text)?;
    match program
        .exports()
        .resolve_call(&call, &SpecBindings(bindings))?
    {
        Callee::Drop { .. } => Ok(Vec::new()),
        Callee::Func { func, .. } => {
            let results = func.results();
            if let (Some((name, _)), [Type::Own(ty) | Type::Borrow(ty)]) =
                (&call.binding, results.as_slice())
            {
                let resource = program.exports().exported_resource(ty).cloned();
                bindings.insert(name.clone(), resource);
            }
            Ok(results)
        }
    }
}

/// The names bound so far in a spec, each to the resource its handle will belong to.
struct SpecBindings<'a>(&'a HashMap<String, Option<NamedResource>>);

impl Bindings for SpecBindings<'_> {
    type Handle = ();

    fn is_bound(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    fn receiver(
        &self,
        name: &str,
        _: &crate::invocation::CallSyntax,
        _: std::ops::Range<usize>,
    ) -> Result<((), Option<ResourceName<'_>>), InvocationError> {
        let resource = self.0.get(name).and_then(Option::as_ref);
        Ok(((), resource.map(NamedResource::path)))
    }
}
