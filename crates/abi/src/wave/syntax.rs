//! The shape of one call, `target(arguments)`, and wasm-wave's parser errors pointed into it.

use std::ops::Range;

use wasm_wave::ast::{Node, NodeType};
use wasm_wave::parser::{ParserError, ParserErrorKind};
use wasm_wave::untyped::UntypedValue;

use super::CallError;

/// A call split into its target and its argument tuple; spans index into `text`.
///
/// The target is everything before the first `(`, so it may be any function name WIT
/// spells (`[constructor]r`, `ns:pkg/iface.f`); the arguments are one WAVE tuple, parsed
/// by wasm-wave into an untyped tree for [`arguments`](super::arguments) to type.
#[derive(Debug)]
pub struct CallText {
    /// The whole call text.
    pub text: String,
    /// The span of the target name.
    pub target: Range<usize>,
    /// The span of the argument list, parentheses included.
    pub args_span: Range<usize>,
    /// The argument tuple, `None` for `()`.
    args: Option<UntypedValue<'static>>,
}

impl CallText {
    /// Splits and parses a call.
    pub fn parse(text: &str) -> Result<CallText, CallError> {
        let Some(open) = text.find('(') else {
            let trimmed = text.trim();
            let hint = if trimmed.is_empty() {
                "write the function name followed by its arguments, e.g. `add(1, 2)`".to_string()
            } else {
                format!("add the argument list, even when it is empty: `{trimmed}()`")
            };
            return Err(CallError::new(text, text.len()..text.len(), "expected `(`").hint(hint));
        };
        let name = &text[..open];
        let target = open - name.trim_start().len()..name.trim_end().len();
        if target.is_empty() {
            let span = 0..open.max(1).min(text.len());
            return Err(CallError::new(text, span, "expected a function name"));
        }
        if let Some((at, c)) = text[target.clone()]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
        {
            let at = target.start + at;
            let message = format!(
                "unexpected space U+{:04X} in the function name",
                u32::from(c)
            );
            return Err(CallError::new(text, at..at + c.len_utf8(), message));
        }
        let args_span = open..text.trim_end().len();
        let args_text = &text[args_span.clone()];
        let args = if args_text[1..].trim() == ")" {
            None
        } else {
            // Blank out the name so that wasm-wave's spans index straight into the call.
            let padded = format!("{}{args_text}", " ".repeat(open));
            let value = UntypedValue::parse(&padded).map_err(|e| parser_error(text, &e))?;
            if value.node().ty() != NodeType::Tuple {
                let message = "expected the arguments in parentheses";
                return Err(CallError::new(text, args_span, message));
            }
            Some(value.into_owned())
        };
        Ok(CallText {
            text: text.to_string(),
            target,
            args_span,
            args,
        })
    }

    /// The target name as written.
    pub fn target(&self) -> &str {
        &self.text[self.target.clone()]
    }

    /// The argument nodes (empty for `()`).
    pub fn arg_nodes(&self) -> Vec<&Node> {
        match &self.args {
            Some(args) => super::words::children(args.node()),
            None => Vec::new(),
        }
    }
}

/// A wasm-wave parser error, pointed at in `call` and said in words, with hints for the
/// usual causes.
pub fn parser_error(call: &str, err: &ParserError) -> CallError {
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
    let mut error = CallError::new(call, span.clone(), message);
    let at = call.get(span.clone()).unwrap_or("");
    let before = call.get(..span.start).unwrap_or("");
    let hex = at.starts_with("0x") || (at.starts_with('x') && before.ends_with('0'));
    if at.starts_with('\'') && err.kind() == ParserErrorKind::InvalidToken {
        error = error.hint(
            "a char is one character in single quotes, such as `'a'` or `'\\u{1F600}'`; \
             strings take double quotes",
        );
    } else if at.starts_with('"') && err.kind() == ParserErrorKind::InvalidToken {
        error = error.hint(
            "check that every quote is closed and that escapes are valid (`\\n`, `\\t`, \
             `\\\\`, `\\\"`, `\\u{1F600}`)",
        );
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
