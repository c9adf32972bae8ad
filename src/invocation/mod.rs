//! Step 3 of the pipeline: the text of a call, turned into a target and typed arguments.

mod convert;
mod describe;
pub(crate) mod huge;
mod syntax;
pub mod values;
// Public only for the differential fuzz target (`fuzz/src/typed_wave.rs`), which compares
// the one-pass parser with the reference path; not part of the library's API.
#[doc(hidden)]
pub mod typed;

pub(crate) use convert::Converter;
pub use convert::{HandleRef, HandleScope};
pub use describe::ResourceNames;
pub(crate) use describe::{describe_structure, describe_type};
pub use syntax::{CallSyntax, parse, split};

pub(crate) use wavecall_abi::wave::nearest;

use wasmtime::component::{Type, Val};

use crate::error::InvocationError;

/// Converts the written arguments against a function's parameters.
///
/// `given` are values supplied before the written ones (a method's receiver in `c.m(…)`).
/// Trailing `option` parameters may be left out and become `none`.
///
/// The typed parser ([`typed::arguments`]) reads the text in one pass; whatever it does not
/// accept goes through [`reference_arguments`], which reports the error.
pub fn arguments(
    call: &CallSyntax,
    func_name: &str,
    params: &[(String, Type)],
    given: Vec<Val>,
    scope: &dyn HandleScope,
) -> Result<Vec<Val>, InvocationError> {
    let open = &params[given.len().min(params.len())..];
    if let Some(values) = typed::arguments(call, open, scope) {
        let mut all = given;
        all.extend(values);
        return Ok(all);
    }
    reference_arguments(call, func_name, params, given, scope)
}

/// [`arguments`] by the reference path: wasm-wave's untyped tree, then wavecall's own typed
/// conversion. Slower, and the source of every error message. Public only for the
/// differential fuzz target.
#[doc(hidden)]
pub fn reference_arguments(
    call: &CallSyntax,
    func_name: &str,
    params: &[(String, Type)],
    given: Vec<Val>,
    scope: &dyn HandleScope,
) -> Result<Vec<Val>, InvocationError> {
    let nodes = call.arg_nodes()?;
    let open = &params[given.len().min(params.len())..];
    let signature = || {
        let list: Vec<String> = open
            .iter()
            .map(|(name, ty)| format!("{name}: {}", describe_type(ty, scope)))
            .collect();
        format!("({})", list.join(", "))
    };
    if nodes.len() > open.len() {
        let extra = nodes[open.len()];
        let count = |n: usize| match n {
            1 => "1 argument".to_string(),
            n => format!("{n} arguments"),
        };
        return Err(InvocationError::new(
            call.text,
            extra.span().start..nodes[nodes.len() - 1].span().end,
            format!(
                "`{func_name}` takes {}, got {}",
                count(open.len()),
                nodes.len()
            ),
        )
        .hint(format!("its parameters are {}", signature())));
    }
    let converter = Converter {
        src: call.text,
        scope,
    };
    let mut values = given;
    for (node, (_, ty)) in nodes.iter().zip(open) {
        values.push(converter.value(node, ty)?);
    }
    let missing = &open[nodes.len()..];
    if let Some((name, ty)) = missing
        .iter()
        .find(|(_, ty)| !matches!(ty, Type::Option(_)))
    {
        let end = call.args_span.end;
        return Err(InvocationError::new(
            call.text,
            end.saturating_sub(1)..end,
            format!(
                "missing argument `{name}: {}` of `{func_name}`",
                describe_type(ty, scope)
            ),
        )
        .hint(format!("its parameters are {}", signature())));
    }
    values.extend(missing.iter().map(|_| Val::Option(None)));
    Ok(values)
}
