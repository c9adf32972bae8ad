//! The fast path for a call's arguments: WAVE text read against the parameter types in one
//! pass, straight into `Val`s, with no tree in between.
//!
//! It accepts exactly what the reference path accepts (wasm-wave 0.254's parser, then
//! wavecall's `Converter`) and produces equal values, but it only ever
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

/// Drops call arguments, without walking lists of plain values item by item: a million of
/// them take milliseconds to visit and own nothing.
pub fn release(values: Vec<Val>) {
    let plain = |v: &Val| {
        matches!(
            v,
            Val::Bool(_)
                | Val::S8(_)
                | Val::U8(_)
                | Val::S16(_)
                | Val::U16(_)
                | Val::S32(_)
                | Val::U32(_)
                | Val::S64(_)
                | Val::U64(_)
                | Val::Float32(_)
                | Val::Float64(_)
                | Val::Char(_)
        )
    };
    for value in values {
        if let Val::List(mut items) = value
            && items.iter().all(plain)
        {
            // SAFETY: every item is a variant that owns no memory or handle, so not running
            // its destructor leaks nothing; the buffer itself is freed when `items` drops.
            unsafe { items.set_len(0) };
        }
    }
}
