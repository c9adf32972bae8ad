//! Calls written in WAVE, read against WIT types: the arguments of `area(circle({radius:
//! 1.0}))` as [`Value`]s of the parameters of `area`, or a [`CallError`] that points at the
//! part of the call to fix and names the WIT type expected there.
//!
//! wasm-wave parses the text into an untyped tree; [`Converter`] applies the types. It follows
//! WAVE's rules (the flat `some`/`ok` shorthand, omitted `option` fields, `%` escapes) and
//! goes beyond wasm-wave 0.254 where it is silent or stops: an unknown record field is an
//! error, a handle is written as the name a call bound it to (or `r(N)`), and every error
//! names the expected WIT type. wavecall reads calls against a component's types with the
//! same rules and the same messages.

mod convert;
mod describe;
mod excerpt;
mod syntax;
pub mod words;

use std::fmt;
use std::ops::Range;

use wasm_wave::ast::Node;
use wit_parser::{Function, Resolve, Type, TypeDefKind, TypeId};

use crate::Value;
use crate::layout::kind;

pub use convert::Converter;
pub use describe::{node_text, type_structure, type_text};
pub use excerpt::excerpt;
pub use syntax::{CallText, parser_error};
pub use words::nearest;

/// An error in the text of a call, with the byte span of the part it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    /// The whole call text.
    pub call: String,
    /// The byte range of `call` the error is about, on character boundaries.
    pub span: Range<usize>,
    /// What went wrong, in a few words (`expected u32, got string "x"`).
    pub message: String,
    /// Separate paragraphs of advice, each a full sentence or two.
    pub hints: Vec<String>,
}

impl CallError {
    /// An error about `span` of `call`, clamped to the call and widened to whole characters.
    pub fn new(call: &str, span: Range<usize>, message: impl Into<String>) -> CallError {
        let end = span.end.min(call.len());
        let mut start = span.start.min(end);
        while !call.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = if span.start < span.end { end } else { start };
        while !call.is_char_boundary(end) {
            end += 1;
        }
        CallError {
            call: call.to_string(),
            span: start..end,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Adds a paragraph of advice.
    pub fn hint(mut self, hint: impl Into<String>) -> CallError {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CallError {}

/// A handle as written in a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenHandle<'a> {
    /// A name bound earlier with `name = …`.
    Binding(&'a str),
    /// The `N`th handle a session returned, written `resource(N)`.
    Numbered {
        /// The resource name as written.
        resource: &'a str,
        /// The handle's number.
        number: u64,
    },
}

/// What the handles written in a call stand for. There are no handles before a call runs,
/// so a checker only answers whether the handle written fits the parameter.
pub trait HandleBindings {
    /// Checks the handle written as `handle` for a parameter that takes an `own` (`owned`)
    /// or a `borrow` of the resource `resource` (a type id of the [`Resolve`], aliases
    /// resolved); the error is a sentence for the user.
    fn check(&self, handle: WrittenHandle<'_>, resource: TypeId, owned: bool)
    -> Result<(), String>;
}

/// Accepts any handle: for a single call read on its own, whose handles only say that the
/// lowering depends on the running instance.
pub struct AnyHandle;

impl HandleBindings for AnyHandle {
    fn check(&self, _: WrittenHandle<'_>, _: TypeId, _: bool) -> Result<(), String> {
        Ok(())
    }
}

/// The arguments of a call of `func`, written as the elements `nodes` of the argument tuple
/// at `args_span` of `call`.
///
/// `given` are values supplied before the written ones (a method's receiver in `c.m(…)`);
/// `name` is the function as messages name it. Trailing `option` parameters may be left
/// out and become `none`.
pub fn arguments(
    (call, nodes, args_span): (&str, &[&Node], Range<usize>),
    (resolve, func, name): (&Resolve, &Function, &str),
    given: Vec<Value>,
    handles: &dyn HandleBindings,
) -> Result<Vec<Value>, CallError> {
    let open = &func.params[given.len().min(func.params.len())..];
    let signature = || {
        let list: Vec<String> = open
            .iter()
            .map(|p| format!("{}: {}", p.name, type_text(resolve, &p.ty)))
            .collect();
        format!("({})", list.join(", "))
    };
    if nodes.len() > open.len() {
        let count = |n: usize| match n {
            1 => "1 argument".to_string(),
            n => format!("{n} arguments"),
        };
        let span = nodes[open.len()].span().start..nodes[nodes.len() - 1].span().end;
        let message = format!("`{name}` takes {}, got {}", count(open.len()), nodes.len());
        return Err(
            CallError::new(call, span, message).hint(format!("its parameters are {}", signature()))
        );
    }
    let converter = Converter {
        src: call,
        resolve,
        handles,
    };
    let mut values = given;
    for (node, param) in nodes.iter().zip(open) {
        values.push(converter.value(node, &param.ty)?);
    }
    let missing = &open[nodes.len()..];
    if let Some(param) = missing.iter().find(|p| !is_option(resolve, &p.ty)) {
        let end = args_span.end;
        let message = format!(
            "missing argument `{}: {}` of `{name}`",
            param.name,
            type_text(resolve, &param.ty)
        );
        return Err(CallError::new(call, end.saturating_sub(1)..end, message)
            .hint(format!("its parameters are {}", signature())));
    }
    values.extend(missing.iter().map(|_| Value::Option(None)));
    Ok(values)
}

/// A value of type `ty` written in WAVE on its own, such as the result of a call a learner
/// types to see how it is lifted; errors point into `text`.
pub fn value(
    text: &str,
    (resolve, ty): (&Resolve, &Type),
    handles: &dyn HandleBindings,
) -> Result<Value, CallError> {
    if text.trim().is_empty() {
        let message = format!("expected a value of type {}", type_text(resolve, ty));
        return Err(CallError::new(text, 0..text.len(), message));
    }
    let parsed =
        wasm_wave::untyped::UntypedValue::parse(text).map_err(|e| parser_error(text, &e))?;
    let converter = Converter {
        src: text,
        resolve,
        handles,
    };
    converter.value(parsed.node(), ty)
}

fn is_option(resolve: &Resolve, ty: &Type) -> bool {
    matches!(kind(resolve, ty), Some(TypeDefKind::Option(_)))
}
