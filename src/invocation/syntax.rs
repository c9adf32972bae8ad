//! The shape of a call: `[binding =] target(arguments)`.
//!
//! The target is everything before the first `(`, so it may hold any export name form
//! (`ns:pkg/iface@1.2.3.f`, `[method]r.m`, `c.increment`). The arguments are one WAVE tuple.
//! Splitting does not parse them: the typed fast path (`typed/`) reads them against the
//! parameter types in one pass, and wasm-wave's untyped tree is built only when something
//! asks for it (the reference path, which reports every error).

use std::cell::OnceCell;
use std::ops::Range;

use wasmtime::component::wasm_wave::ast::{Node, NodeType};
use wasmtime::component::wasm_wave::parser::{ParserError, ParserErrorKind};
use wasmtime::component::wasm_wave::untyped::UntypedValue;

use crate::error::InvocationError;

/// The argument tuple as wasm-wave parses it, or `None` for `()`.
type Tree = Result<Option<UntypedValue<'static>>, InvocationError>;

/// A call, split into its parts; spans index `text`.
#[derive(Debug)]
pub struct CallSyntax<'a> {
    /// The whole call text.
    pub text: &'a str,
    /// The name to bind the result to (`c` in `c = f()`), and its span.
    pub binding: Option<(String, Range<usize>)>,
    /// The span of the target name.
    pub target: Range<usize>,
    /// Whether anything is written between the parentheses.
    written: bool,
    /// The argument tuple, parsed on first use (from the call with the name blanked out, so
    /// that its spans index `text`).
    tree: OnceCell<Tree>,
    /// The span of the whole argument list, parentheses included.
    pub args_span: Range<usize>,
}

impl CallSyntax<'_> {
    /// The target name as typed.
    pub fn target(&self) -> &str {
        &self.text[self.target.clone()]
    }

    /// Whether the argument list holds anything (it is not `()`).
    pub fn has_arguments(&self) -> bool {
        self.written
    }

    fn tree(&self) -> &Tree {
        self.tree.get_or_init(|| {
            if !self.written {
                return Ok(None);
            }
            let open = self.args_span.start;
            let args_text = &self.text[self.args_span.clone()];
            // Blank out the name so that wasm-wave's spans index straight into the call text.
            let padded = format!("{}{args_text}", " ".repeat(open));
            let value = UntypedValue::parse(&padded).map_err(|e| parser_error(self.text, &e))?;
            if value.node().ty() != NodeType::Tuple {
                return Err(InvocationError::new(
                    self.text,
                    self.args_span.clone(),
                    "expected the arguments in parentheses",
                ));
            }
            // Owning the tree moves it; only the text is copied (a clone of the tree would
            // allocate once per element of a million-element list).
            Ok(Some(value.into_owned()))
        })
    }

    /// Parses the arguments with wasm-wave if not done yet: the syntax error, if any.
    pub fn check_arguments(&self) -> Result<(), InvocationError> {
        self.tree().as_ref().map(|_| ()).map_err(Clone::clone)
    }

    /// `err`, unless the arguments hold a syntax error: that is reported first, as it was
    /// when the arguments were parsed before anything else.
    pub fn syntax_first(&self, err: InvocationError) -> InvocationError {
        self.check_arguments().err().unwrap_or(err)
    }

    /// The argument tuple's node, or `None` for `()`.
    pub fn args_node(&self) -> Result<Option<&Node>, InvocationError> {
        match self.tree() {
            Ok(tree) => Ok(tree.as_ref().map(UntypedValue::node)),
            Err(err) => Err(err.clone()),
        }
    }

    /// The argument nodes (empty for `()`).
    pub fn arg_nodes(&self) -> Result<Vec<&Node>, InvocationError> {
        Ok(match self.args_node()? {
            Some(node) => super::convert::children(node),
            None => Vec::new(),
        })
    }
}

/// Splits and parses a call, arguments included.
pub fn parse(text: &str) -> Result<CallSyntax<'_>, InvocationError> {
    let call = split(text)?;
    call.check_arguments()?;
    Ok(call)
}

/// Splits a call into binding, target and argument list; the arguments are parsed later.
pub fn split(text: &str) -> Result<CallSyntax<'_>, InvocationError> {
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
    if let Some(after) = inner.strip_prefix(')')
        && !after.trim().is_empty()
    {
        let start = args_span.end - after.trim_start().len();
        return Err(InvocationError::new(
            text,
            start..args_span.end,
            "unexpected text after the arguments",
        ));
    }
    Ok(CallSyntax {
        text,
        binding,
        target,
        written: !inner.starts_with(')'),
        tree: OnceCell::new(),
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
    if err.kind() == ParserErrorKind::NestingTooDeep {
        error = error.hint("WAVE values may nest at most 100 levels deep");
    }
    error
}
