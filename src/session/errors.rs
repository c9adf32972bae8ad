//! The errors a session builds: bad bindings, missing imports.

use std::ops::Range;

use anyhow::anyhow;
use wasmtime::component::Type;

use crate::error::{Classified, FailureClass, InvocationError};
use crate::host::{self, HostConfig};
use crate::invocation::{self, CallSyntax, ResourceNames};
use crate::program::Program;

/// Only a call that returns exactly one handle can bind its result to a name.
pub(super) fn check_bindable(
    call: &CallSyntax,
    (binding, span): (&str, Range<usize>),
    func_name: &str,
    results: &[Type],
    names: &dyn ResourceNames,
) -> Result<(), InvocationError> {
    match results {
        [Type::Own(_) | Type::Borrow(_)] => Ok(()),
        other => {
            let what = match other {
                [] => "nothing".to_string(),
                [ty] => format!("a {}", invocation::describe_type(ty, names)),
                _ => "several values".to_string(),
            };
            Err(InvocationError::new(
                call.text,
                span,
                format!(
                    "cannot bind `{binding}`: only a returned handle can be bound, and `{func_name}` returns {what}"
                ),
            ))
        }
    }
}

/// Instantiation failed for want of imports: name every missing one.
pub(super) fn link_error(
    program: &Program,
    host: &HostConfig,
    err: wasmtime::Error,
) -> anyhow::Error {
    let missing = host::missing_imports(program, host).unwrap_or_default();
    let err = match missing.as_slice() {
        [] => anyhow::Error::from(err),
        [one] => anyhow!(
            "the host does not provide the component's import `{}`: {}\n\
             to run the functions that do not use it, pass `--trap-unknown-imports` \
             (or mock it with `--mock`)",
            one.name,
            one.reason
        ),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|m| format!("  {}: {}", m.name, m.reason))
                .collect();
            anyhow!(
                "the host does not provide {} of the component's imports:\n{}\n\
                 to run the functions that do not use them, pass `--trap-unknown-imports` \
                 (or mock them with `--mock`)",
                many.len(),
                list.join("\n")
            )
        }
    };
    err.context(Classified::new(
        FailureClass::Load,
        format!("failed to instantiate `{}`", program.name()),
    ))
}
