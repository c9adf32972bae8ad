//! What the target of a call names: an exported function, a method of the resource a bound
//! handle belongs to (`c.increment`), or wavecall's own `drop`.
//!
//! A running session and the checker that looks at every call before the first one runs
//! resolve targets with this one function, so that the checker accepts exactly what the
//! session would.

use std::ops::Range;

use crate::error::InvocationError;
use crate::exports::{ExportNotFound, ExportedFunc, FuncKind, NamedResource};
use crate::invocation::{self, CallSyntax};
use crate::program::Program;

/// What a call's target names.
pub(super) enum Target<H> {
    /// A function, with the handle it is called on (a method's `self`), if any.
    Func(ExportedFunc, Option<H>),
    /// wavecall's own `drop(h)` / `h.drop()`.
    Drop,
}

/// The handles bound to names, as a session or a checker knows them.
pub(super) trait Bindings {
    /// A handle: a real one in a session, its type in the checker.
    type Handle;

    /// Whether `name` was bound by an earlier call.
    fn is_bound(&self, name: &str) -> bool;

    /// The live handle bound to `name` (written at `span` of the call) and the exported
    /// resource it belongs to, if it is one.
    fn receiver(
        &self,
        name: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<(Self::Handle, Option<&NamedResource>), InvocationError>;
}

/// Resolves the target of `call`.
pub(super) fn resolve<B: Bindings>(
    program: &Program,
    call: &CallSyntax,
    bindings: &B,
) -> Result<Target<B::Handle>, InvocationError> {
    let text = call.target();
    // `c.m(…)` on a bound handle calls the method `m` of its resource.
    if let Some((receiver, method)) = text.split_once('.')
        && bindings.is_bound(receiver)
    {
        let receiver_span = call.target.start..call.target.start + receiver.len();
        let (handle, resource) = bindings.receiver(receiver, call, receiver_span)?;
        let func = resource.and_then(|r| program.exports.method_of(r, method));
        return match func {
            Some(func) => Ok(Target::Func(func.clone(), Some(handle))),
            None if method == "drop" => Ok(Target::Drop),
            None => {
                let name = resource.map_or("resource", |r| r.name.as_str());
                let span = call.target.start + receiver.len() + 1..call.target.end;
                let mut err = InvocationError::new(
                    call.text,
                    span,
                    format!("resource `{name}` has no method `{method}`"),
                );
                if let Some(r) = resource {
                    let methods = program.exports.method_names(r);
                    if let Some(near) = invocation::nearest(method, methods) {
                        err = err.hint(format!("did you mean `{near}`?"));
                    }
                }
                Err(err)
            }
        };
    }
    match program.exports.resolve(text) {
        Ok(func) => Ok(Target::Func(func.clone(), None)),
        Err(ExportNotFound::Unknown { .. }) if text == "drop" => Ok(Target::Drop),
        Err(err) => {
            let mut error = super::errors::not_found(call, err);
            if let Some((receiver, method)) = text.split_once('.') {
                let is_method =
                    program.exports.funcs().iter().any(
                        |f| matches!(f.kind(), FuncKind::Method { method: m, .. } if m == method),
                    );
                if is_method {
                    // The likelier fix comes first.
                    error.hints.insert(0, format!(
                        "no handle is bound to `{receiver}`; bind one first, e.g. `{receiver} = [constructor]…(…)`"
                    ));
                }
            }
            Err(error)
        }
    }
}
