//! The shape of a call: `[binding =] target(arguments)`.
//!
//! The target is everything before the first `(`, so it may hold any export name form
//! (`ns:pkg/iface@1.2.3.f`, `[method]r.m`, `c.increment`). The arguments are one WAVE tuple,
//! parsed by wasm-wave into an untyped tree; types are applied later.

use std::ops::Range;

use wasmtime::component::wasm_wave::ast::{Node, NodeType};
use wasmtime::component::wasm_wave::parser::{ParserError, ParserErrorKind};
use wasmtime::component::wasm_wave::untyped::UntypedValue;

use crate::error::InvocationError;

/// A call, split into its parts; spans index into `text`.
#[derive(Debug)]
pub struct CallSyntax {
    /// The whole call text.
    pub text: String,
    /// The name to bind the result to (`c` in `c = f()`), and its span.
    pub binding: Option<(String, Range<usize>)>,
    /// The span of the target name.
    pub target: Range<usize>,
    /// The argument tuple (parsed from the call with the name blanked out, so that its spans
    /// index `text`), or `None` for `()`.
    args: Option<UntypedValue<'static>>,
    /// The span of the whole argument list, parentheses included.
    pub args_span: Range<usize>,
}

impl CallSyntax {
    /// The target name as typed.
    pub fn target(&self) -> &str {
        &self.text[self.target.clone()]
    }

    /// The argument tuple's node, or `None` for `()`.
    pub fn args_node(&self) -> Option<&Node> {
        self.args.as_ref().map(UntypedValue::node)
    }

    /// The argument nodes (empty for `()`).
    pub fn arg_nodes(&self) -> Vec<&Node> {
        match self.args_node() {
            Some(node) => super::convert::children(node),
            None => Vec::new(),
        }
    }
}

/// Splits and parses a call.
pub fn parse(text: &str) -> Result<CallSyntax, InvocationError> {
    let Some(open) = text.find('(') else {
        let trimmed = text.trim();
        let hint = if trimmed.is_empty() {
            "write the function name followed by its arguments, e.g. `add(1, 2)`".to_string()
        } else {
            format!("add the argument list, even when it is empty: `{trimmed}()`")
        };
        return Err(InvocationError::new(text, text.len()..text.len(), "expected `(`").hint(hint));
    };
    let head = &text[..open];
    let (binding, target_start) = match head.find('=') {
        Some(eq) => (Some(parse_binding(text, eq)?), eq + 1),
        None => (None, 0),
    };
    let target = trim_span(text, target_start..open);
    if target.is_empty() {
        return Err(InvocationError::new(
            text,
            target_start..open.max(target_start + 1).min(text.len()),
            "expected a function name",
        ));
    }
    if let Some(pos) = text[target.clone()].find(char::is_whitespace) {
        let at = target.start + pos;
        return Err(InvocationError::new(
            text,
            at..at + 1,
            "unexpected space in the function name",
        ));
    }
    let args_span = open..text.trim_end().len();
    let args_text = &text[args_span.clone()];
    let inner = args_text[1..].trim_start();
    let args = if let Some(after) = inner.strip_prefix(')') {
        if !after.trim().is_empty() {
            let start = args_span.end - after.trim_start().len();
            return Err(InvocationError::new(
                text,
                start..args_span.end,
                "unexpected text after the arguments",
            ));
        }
        None
    } else {
        // Blank out the name so that wasm-wave's spans index straight into the call text.
        let padded = format!("{}{args_text}", " ".repeat(open));
        let value = UntypedValue::parse(&padded).map_err(|e| parser_error(text, &e))?;
        if value.node().ty() != NodeType::Tuple {
            return Err(InvocationError::new(
                text,
                args_span.clone(),
                "expected the arguments in parentheses",
            ));
        }
        // Owning the tree moves it; only the text is copied (a clone of the tree would
        // allocate once per element of a million-element list).
        Some(value.into_owned())
    };
    Ok(CallSyntax {
        text: text.to_string(),
        binding,
        target,
        args,
        args_span,
    })
}

fn parse_binding(text: &str, eq: usize) -> Result<(String, Range<usize>), InvocationError> {
    let span = trim_span(text, 0..eq);
    let name = &text[span.clone()];
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        let span = if span.is_empty() { eq..eq + 1 } else { span };
        return Err(InvocationError::new(
            text,
            span,
            "expected a name to bind the result to before `=`",
        )
        .hint("a binding is a letter followed by letters, digits, `-` or `_`, e.g. `c = [constructor]counter(5)`"));
    }
    Ok((name.to_string(), span))
}

fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = &text[span.clone()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.start + slice.trim_end().len();
    start..end.max(start)
}

/// Turns a wasm-wave parser error into one that points into the call.
pub(crate) fn parser_error(call: &str, err: &ParserError) -> InvocationError {
    let span = err.span();
    let message = match err.kind() {
        ParserErrorKind::EmptyTuple => "empty tuple: a tuple needs at least one value".to_string(),
        ParserErrorKind::MultipleChars => "a char literal holds exactly one character".to_string(),
        ParserErrorKind::InvalidEscape => "invalid escape sequence".to_string(),
        ParserErrorKind::InvalidMultilineString => "invalid multi-line string".to_string(),
        ParserErrorKind::InvalidToken => "invalid token".to_string(),
        ParserErrorKind::TrailingCharacters => "unexpected text after the arguments".to_string(),
        ParserErrorKind::UnexpectedEnd => "unexpected end of the call".to_string(),
        ParserErrorKind::UnexpectedToken => "unexpected token".to_string(),
        ParserErrorKind::DuplicateField => "duplicate record field".to_string(),
        ParserErrorKind::DuplicateFlag => "duplicate flag".to_string(),
        ParserErrorKind::NestingTooDeep => "values nested too deeply".to_string(),
        _ => err.detail().unwrap_or("invalid value").to_string(),
    };
    let mut error = InvocationError::new(call, span.clone(), message);
    let at = call.get(span.clone()).unwrap_or("");
    let hex = at.starts_with("0x") || (at.starts_with('x') && call[..span.start].ends_with('0'));
    if at.starts_with('\'') && err.kind() == ParserErrorKind::InvalidToken {
        error = error.hint("a char is one character in single quotes, such as `'a'` or `'\\u{1F600}'`; strings take double quotes");
    } else if at.starts_with('"') && err.kind() == ParserErrorKind::InvalidToken {
        error = error.hint("check that every quote is closed and that escapes are valid (`\\n`, `\\t`, `\\\\`, `\\\"`, `\\u{1F600}`)");
    } else if hex {
        error = error.hint("WAVE integers are decimal; write `255`, not `0xff`");
    }
    if let Some(hint) = keyword_hint(call, err) {
        error = error.hint(hint);
    }
    if err.kind() == ParserErrorKind::NestingTooDeep {
        error = error.hint("WAVE values may nest at most 100 levels deep");
    }
    error
}

/// A keyword used where a case name was meant fails to parse when its payload does not fit
/// the keyword (`none(1)`, a bare `some`): say how a case of that name is written.
fn keyword_hint(call: &str, err: &ParserError) -> Option<String> {
    if err.kind() != ParserErrorKind::UnexpectedToken {
        return None;
    }
    let before = call.get(..err.span().start)?.trim_end();
    let word = before
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '%'))
        .next()
        .unwrap_or("");
    let at = call.get(err.span()).unwrap_or("");
    match word {
        "none" if at.starts_with('(') => Some(
            "`none` is a WAVE keyword and takes no payload; write `%none(…)` for a case named `none`"
                .to_string(),
        ),
        "some" => Some(
            "`some` is a WAVE keyword and takes a payload, `some(…)`; write `%some` or `%some(…)` \
             for a case named `some`"
                .to_string(),
        ),
        _ => None,
    }
}
