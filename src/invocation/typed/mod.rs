//! The fast path for a call's arguments: WAVE text read against the parameter types in one
//! pass, straight into `Val`s, with no tree in between.
//!
//! It accepts exactly what the reference path accepts (wasm-wave 0.254's parser, then
//! wavecall's [`Converter`](super::Converter)) and produces equal values, but it only ever
//! answers "these values" or "not accepted". On any refusal [`super::arguments`] runs the
//! reference path, so every error message, caret and hint is the reference path's own. The
//! differential fuzz target `fuzz/src/typed_wave.rs` holds the two to the same answers.

mod grow;
mod lexer;
mod parser;
mod shape;
mod text;

use wasmtime::component::{Type, Val};

use super::{CallSyntax, HandleScope};
use lexer::{Kind, Lexer};
use parser::Parser;
use shape::Shape;

/// The written arguments of `call` as values of `params` (trailing `option` parameters may
/// be left out), or `None` when the reference path must decide.
pub fn arguments(
    call: &CallSyntax,
    params: &[(String, Type)],
    scope: &dyn HandleScope,
) -> Option<Vec<Val>> {
    let shapes: Vec<Shape> = params.iter().map(|(_, ty)| Shape::of(ty)).collect();
    let mut values = Vec::with_capacity(params.len());
    if call.has_arguments() {
        let span = &call.args_span;
        let mut parser = Parser::new(Lexer::new(call.text, span.start, span.end), scope);
        // The argument list is one tuple node at the top, as wasm-wave parses it.
        (parser.lex.next()?.kind == Kind::Punct(b'(')).then_some(())?;
        parser.sequence(b')', |p| {
            let value = p.value(shapes.get(values.len())?, 1)?;
            values.push(value);
            Some(())
        })?;
        if values.is_empty() || !parser.lex.at_end() {
            return None;
        }
    }
    for shape in &shapes[values.len()..] {
        match shape {
            Shape::Option(_) => values.push(Val::Option(None)),
            _ => return None,
        }
    }
    Some(values)
}
