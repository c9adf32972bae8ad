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
use wasmtime::component::wasm_wave::parser::ParserError;
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
            Some(node) => wavecall_abi::wave::words::children(node),
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
    if let Some((pos, space)) = text[target.clone()]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
    {
        let at = target.start + pos;
        return Err(InvocationError::new(
            text,
            at..at + space.len_utf8(),
            format!("unexpected {} in the function name", name_space(space)),
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
    let at = if span.is_empty() {
        eq..eq + 1
    } else {
        span.clone()
    };
    // A bound name is later written as a WAVE label (`consume(c)`), so it must be one: a
    // keyword would parse as `none`, `true` or a number, and `my_c` would not parse at all.
    if KEYWORDS.contains(&name) {
        return Err(InvocationError::new(
            text,
            at,
            format!("`{name}` is a WAVE keyword and cannot name a binding"),
        )
        .hint(format!(
            "in a later call `{name}` would mean the WAVE value, not the handle; choose another \
             name, e.g. `{name}-handle` (the keywords are `{}`)",
            KEYWORDS.join("`, `")
        )));
    }
    if !is_label(name) {
        let message = if name.is_empty() {
            "expected a name to bind the result to before `=`".to_string()
        } else {
            format!("`{name}` cannot name a binding")
        };
        return Err(InvocationError::new(text, at, message).hint(
            "a binding is a WAVE label: words of lowercase letters and digits joined by `-`, \
             each starting with a letter (or words all in capitals), \
             e.g. `c = [constructor]counter(5)` or `my-counter = …`",
        ));
    }
    Ok((name.to_string(), span))
}

/// WAVE's keywords: values, not labels, wherever a value is written.
const KEYWORDS: [&str; 8] = ["true", "false", "none", "some", "ok", "err", "inf", "nan"];

/// Whether `name` is a plain WAVE label, as wasm-wave's own lexer sees it.
fn is_label(name: &str) -> bool {
    !name.starts_with('%')
        && UntypedValue::parse(name).is_ok_and(|v| v.node().ty() == NodeType::Label)
}

/// A whitespace character, named for an error message: invisible ones by code point.
fn name_space(c: char) -> String {
    match c {
        ' ' => "space".to_string(),
        '\t' => "tab".to_string(),
        '\n' | '\r' => "line break".to_string(),
        other => format!("space character U+{:04X}", u32::from(other)),
    }
}

fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = &text[span.clone()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.start + slice.trim_end().len();
    start..end.max(start)
}

/// Turns a wasm-wave parser error into one that points into the call (the ABI crate's
/// words and hints, which `explain --wit` gives too).
pub(crate) fn parser_error(call: &str, err: &ParserError) -> InvocationError {
    wavecall_abi::wave::parser_error(call, err).into()
}
