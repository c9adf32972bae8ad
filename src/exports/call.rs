//! What the target of a call names: an exported function by any of its names, a method of
//! the resource a bound handle belongs to (`c.increment()`), or wavecall's own `drop`.
//!
//! This is the one resolver every front end uses: a running [`Session`](crate::Session),
//! the [`CallChecker`](crate::CallChecker) that looks at every call before the first one
//! runs, the spec checker of `wavecall test` and the explainer. They differ only in what a
//! bound name stands for ([`Bindings`]): a live handle, or the resource type a handle will
//! have. So a call that one of them accepts, every other accepts too, and a call that one
//! rejects gets the same message from all.

use std::ops::Range;

use super::{ExportNotFound, ExportPath, FuncKind, resolve_among};
use crate::error::InvocationError;
use crate::invocation::{self, CallSyntax};

/// What a call's target names.
#[derive(Debug)]
pub enum Callee<'f, F, H> {
    /// A function, with the handle it is called on (a method's `self`) when the call was
    /// written `c.m(…)`.
    Func {
        /// The function.
        func: &'f F,
        /// The handle bound to `c` in `c.m(…)`.
        receiver: Option<H>,
    },
    /// wavecall's own `drop(h)` or `h.drop()`: the handle as written, and where.
    Drop {
        /// The handle as written: a bound name or a numbered handle such as `counter(0)`.
        handle: String,
        /// Where it is written in the call.
        span: Range<usize>,
    },
}

/// A resource by where it is exported: what finds the methods `c.m(…)` may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceName<'a> {
    /// The names of the instances it is nested in, outermost first.
    pub instance_path: &'a [String],
    /// Its WIT name, e.g. `counter`.
    pub name: &'a str,
}

/// The handles bound to names (`c = [constructor]counter(1)`), as a front end knows them.
pub trait Bindings {
    /// A bound handle: a live one in a session, a stand-in before anything runs.
    type Handle;

    /// Whether `name` was bound by an earlier call.
    fn is_bound(&self, name: &str) -> bool;

    /// The handle bound to `name`, written at `span` of `call`, and the exported resource
    /// it belongs to, if it is one; an error when it may not be used (moved, dropped).
    fn receiver(
        &self,
        name: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<(Self::Handle, Option<ResourceName<'_>>), InvocationError>;
}

/// Resolves the target of `call` among `funcs`, with `bindings` for `c.m(…)`.
pub fn resolve_call<'f, F: ExportPath, B: Bindings>(
    funcs: &'f [F],
    call: &CallSyntax,
    bindings: &B,
) -> Result<Callee<'f, F, B::Handle>, InvocationError> {
    let text = call.target();
    // `c.m(…)` on a bound handle calls the method `m` of its resource.
    if let Some((receiver, method)) = text.split_once('.')
        && bindings.is_bound(receiver)
    {
        let receiver_span = call.target.start..call.target.start + receiver.len();
        let (handle, resource) = bindings.receiver(receiver, call, receiver_span.clone())?;
        let func = resource.and_then(|r| method_of(funcs, r, method));
        return match func {
            Some(func) => Ok(Callee::Func {
                func,
                receiver: Some(handle),
            }),
            None if method == "drop" => Ok(Callee::Drop {
                handle: receiver.to_string(),
                span: receiver_span,
            }),
            None => {
                let name = resource.map_or("resource", |r| r.name);
                let span = receiver_span.end + 1..call.target.end;
                let mut err = InvocationError::new(
                    call.text,
                    span,
                    format!("resource `{name}` has no method `{method}`"),
                );
                if let Some(r) = resource
                    && let Some(near) =
                        invocation::nearest(method, method_names(funcs, r).into_iter())
                {
                    err = err.hint(format!("did you mean `{near}`?"));
                }
                Err(err)
            }
        };
    }
    match resolve_among(funcs, text) {
        Ok(func) => Ok(Callee::Func {
            func,
            receiver: None,
        }),
        Err(ExportNotFound::Unknown { .. }) if text == "drop" => drop_argument(call),
        Err(err) => Err(not_found(funcs, call, err)),
    }
}

/// `drop(h)`: the one argument is the handle.
fn drop_argument<'f, F, H>(call: &CallSyntax) -> Result<Callee<'f, F, H>, InvocationError> {
    match call.arg_nodes()?.as_slice() {
        [node] => Ok(Callee::Drop {
            handle: call.text[node.span()].to_string(),
            span: node.span(),
        }),
        _ => Err(InvocationError::new(
            call.text,
            call.args_span.clone(),
            "`drop` takes one handle",
        )),
    }
}

/// An unknown or ambiguous target, pointed at in the call, with the likelier fixes first.
fn not_found<F: ExportPath>(
    funcs: &[F],
    call: &CallSyntax,
    err: ExportNotFound,
) -> InvocationError {
    let unknown = matches!(err, ExportNotFound::Unknown { .. });
    let mut error = err.at(call.text, call.target.clone());
    if unknown {
        error =
            error.hint("`wavecall wit COMPONENT` lists every function and the name to call it by");
    }
    if let Some((receiver, method)) = call.target().split_once('.') {
        let is_method = funcs.iter().any(
            |f| matches!(FuncKind::of(f.name()), FuncKind::Method { method: m, .. } if m == method),
        );
        if is_method {
            error.hints.insert(0, format!(
                "no handle is bound to `{receiver}`; bind one first, e.g. `{receiver} = [constructor]…(…)`"
            ));
        }
    }
    error
}

/// The method `method` of a resource: `[method]r.method` beside it.
fn method_of<'f, F: ExportPath>(
    funcs: &'f [F],
    resource: ResourceName<'_>,
    method: &str,
) -> Option<&'f F> {
    funcs.iter().find(|f| {
        f.instance_path() == resource.instance_path
            && matches!(FuncKind::of(f.name()), FuncKind::Method { resource: r, method: m }
                if r == resource.name && m == method)
    })
}

/// The method names of a resource.
fn method_names<'f, F: ExportPath>(funcs: &'f [F], resource: ResourceName<'_>) -> Vec<&'f str> {
    funcs
        .iter()
        .filter_map(|f| match FuncKind::of(f.name()) {
            FuncKind::Method {
                resource: r,
                method,
            } if r == resource.name && f.instance_path() == resource.instance_path => Some(method),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::invocation::parse;

    /// A function by name alone: the resolver needs nothing else.
    struct Named(Vec<String>, String);

    impl ExportPath for Named {
        fn instance_path(&self) -> &[String] {
            &self.0
        }
        fn name(&self) -> &str {
            &self.1
        }
    }

    fn funcs() -> Vec<Named> {
        let iface = vec!["my:app/counters".to_string()];
        vec![
            Named(Vec::new(), "add".into()),
            Named(iface.clone(), "[constructor]counter".into()),
            Named(iface.clone(), "[method]counter.increment".into()),
            Named(iface, "[static]counter.zero".into()),
        ]
    }

    /// Names bound to the resource `counter` of `my:app/counters`, all live.
    struct Bound(HashMap<&'static str, ()>, Vec<String>);

    impl Bindings for Bound {
        type Handle = &'static str;
        fn is_bound(&self, name: &str) -> bool {
            self.0.contains_key(name)
        }
        fn receiver(
            &self,
            name: &str,
            _: &CallSyntax,
            _: Range<usize>,
        ) -> Result<(&'static str, Option<ResourceName<'_>>), InvocationError> {
            let name = *self.0.keys().find(|n| **n == name).unwrap();
            let resource = ResourceName {
                instance_path: &self.1,
                name: "counter",
            };
            Ok((name, Some(resource)))
        }
    }

    fn bound(names: &[&'static str]) -> Bound {
        let names = names.iter().map(|n| (*n, ())).collect();
        Bound(names, vec!["my:app/counters".to_string()])
    }

    fn resolve(text: &str, bindings: &Bound) -> Result<String, InvocationError> {
        let funcs = funcs();
        let call = parse(text)?;
        Ok(match resolve_call(&funcs, &call, bindings)? {
            Callee::Func { func, receiver } => format!("{} on {receiver:?}", func.name()),
            Callee::Drop { handle, span } => format!("drop {handle} at {span:?}"),
        })
    }

    #[test]
    fn names_and_methods_on_bound_handles() {
        let b = bound(&["c"]);
        assert_eq!(resolve("add(1, 2)", &b).unwrap(), "add on None");
        assert_eq!(
            resolve("counter.zero()", &b).unwrap(),
            "[static]counter.zero on None"
        );
        assert_eq!(
            resolve("c.increment()", &b).unwrap(),
            "[method]counter.increment on Some(\"c\")"
        );
    }

    #[test]
    fn drop_in_both_spellings() {
        let b = bound(&["c"]);
        assert_eq!(resolve("c.drop()", &b).unwrap(), "drop c at 0..1");
        assert_eq!(resolve("drop(c)", &b).unwrap(), "drop c at 5..6");
        assert_eq!(
            resolve("drop(counter(0))", &b).unwrap(),
            "drop counter(0) at 5..15"
        );
        let err = resolve("drop(a, b)", &b).unwrap_err();
        assert_eq!(err.message, "`drop` takes one handle");
        assert_eq!(err.span, 4..10);
    }

    #[test]
    fn a_missing_method_points_at_it_with_the_nearest() {
        let err = resolve("c.incremnt()", &bound(&["c"])).unwrap_err();
        assert_eq!(err.message, "resource `counter` has no method `incremnt`");
        assert_eq!(&err.call[err.span.clone()], "incremnt");
        assert_eq!(err.hints, ["did you mean `increment`?"]);
    }

    #[test]
    fn a_method_on_an_unbound_name_says_to_bind_it_first() {
        let err = resolve("d.increment()", &bound(&[])).unwrap_err();
        assert_eq!(
            err.message,
            "the component exports no function `d.increment`"
        );
        assert!(
            err.hints[0].starts_with("no handle is bound to `d`; bind one first"),
            "{:?}",
            err.hints
        );
    }
}
