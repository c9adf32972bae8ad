//! Step 3 of the pipeline: the text of a call, turned into a target and typed arguments.

mod convert;
mod describe;
mod syntax;

pub(crate) use convert::Converter;
pub use convert::{HandleRef, HandleScope};
pub use describe::ResourceNames;
pub(crate) use describe::describe_type;
pub use syntax::{CallSyntax, parse};

pub(crate) use convert::nearest;

use wasmtime::component::{Type, Val};

use crate::error::InvocationError;

/// Converts the written arguments against a function's parameters.
///
/// `given` are values supplied before the written ones (a method's receiver in `c.m(…)`).
/// Trailing `option` parameters may be left out and become `none`.
pub fn arguments(
    call: &CallSyntax,
    func_name: &str,
    params: &[(String, Type)],
    given: Vec<Val>,
    scope: &dyn HandleScope,
) -> Result<Vec<Val>, InvocationError> {
    let nodes = call.arg_nodes();
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
            &call.text,
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
        src: &call.text,
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
            &call.text,
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
