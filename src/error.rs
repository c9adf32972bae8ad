//! The typed leaf errors callers may downcast, and the exit-code contract.
//!
//! Most errors are plain `anyhow` chains. The few kinds below carry data a front end needs: a
//! span into the call text to point at, the candidates of an ambiguous name, or the class of
//! failure that decides the process exit code.

use std::fmt;
use std::ops::Range;

/// Exit status: success.
pub const EXIT_OK: i32 = 0;
/// Exit status: the call ran and failed (trap, limit, failed expectation), or tests failed.
pub const EXIT_CALL_FAILED: i32 = 1;
/// Exit status: bad usage or a bad invocation (malformed WAVE, wrong types, unknown names).
pub const EXIT_USAGE: i32 = 2;
/// Exit status: the component could not be read, compiled, linked or instantiated.
pub const EXIT_LOAD: i32 = 3;
/// Exit status: `wavecall test` selected no test (no spec files, specs without tests, a filter
/// that matches none), so that a typo in a CI path cannot pass.
pub const EXIT_NO_TESTS: i32 = 4;

/// An error in the text of a call, with the byte span of the offending part.
#[derive(Debug, Clone)]
pub struct InvocationError {
    /// The whole call text, as the user gave it.
    pub call: String,
    /// The byte range of `call` the error is about.
    pub span: Range<usize>,
    /// What went wrong, in a few words (`expected u32, got string "x"`).
    pub message: String,
    /// Separate paragraphs of advice, each a full sentence or two.
    pub hints: Vec<String>,
}

impl InvocationError {
    /// An error about `span` of `call`. The span is clamped to the call and widened to whole
    /// characters, so that it can always be sliced out of `call`.
    pub fn new(call: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        InvocationError {
            call: call.to_string(),
            span: char_span(call, span),
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Adds a paragraph of advice.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The line of the call that holds the span, shortened to about 100 columns around it,
    /// and under it a `^` for each column of the span with `label` beside it; both lines
    /// indented by four spaces and ending in a newline. The ABI crate draws it, so that the
    /// playground points into a call exactly as the command line does.
    pub fn excerpt(&self, label: &str) -> String {
        wavecall_abi::wave::excerpt(&self.call, self.span.clone(), label)
    }
}

/// `span` made safe to slice `text` with: clamped to its length, the start moved back and
/// the end moved forward to character boundaries. A span computed as "one byte" over a
/// multi-byte character (U+00A0, U+3000…) thus covers that character; an empty span stays
/// empty.
pub(crate) fn char_span(text: &str, span: Range<usize>) -> Range<usize> {
    let end = span.end.min(text.len());
    let start = floor_char(text, span.start.min(end));
    let end = if span.start < span.end {
        ceil_char(text, end)
    } else {
        start
    };
    start..end
}

/// The nearest character boundary at or before `at` (which must be at most `text.len()`).
pub(crate) fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The nearest character boundary at or after `at` (which must be at most `text.len()`).
pub(crate) fn ceil_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl fmt::Display for InvocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvocationError {}

/// The ABI crate's error in a call's text (`explain --wit`, parser errors) is the same
/// thing: a span of the call, a message and hints.
impl From<wavecall_abi::wave::CallError> for InvocationError {
    fn from(err: wavecall_abi::wave::CallError) -> InvocationError {
        let mut error = InvocationError::new(&err.call, err.span, err.message);
        error.hints = err.hints;
        error
    }
}

/// The class of a failure, which decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureClass {
    /// The user's command line or call text is wrong.
    Usage,
    /// The component could not be loaded, linked or instantiated.
    Load,
    /// The guest ran and failed, or a check on its result failed.
    Call,
}

impl FailureClass {
    /// The documented exit status for this class.
    pub fn exit_code(self) -> i32 {
        match self {
            FailureClass::Usage => EXIT_USAGE,
            FailureClass::Load => EXIT_LOAD,
            FailureClass::Call => EXIT_CALL_FAILED,
        }
    }
}

/// A marker attached as context to classify an error chain (see [`classify`]).
#[derive(Debug)]
pub struct Classified {
    class: FailureClass,
    message: String,
}

impl Classified {
    /// A context message that also classifies the chain below it.
    pub fn new(class: FailureClass, message: impl Into<String>) -> Self {
        Classified {
            class,
            message: message.into(),
        }
    }
}

impl fmt::Display for Classified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The class of an error: the outermost [`Classified`] context wins; invocation errors are
/// usage errors; anything else counts as a failed call (see [`class_of`]).
pub fn classify(err: &anyhow::Error) -> FailureClass {
    class_of(err).unwrap_or(FailureClass::Call)
}

/// The class some layer of the error chain gives it, or `None` when nothing classified it.
///
/// Every error wavecall returns should be classified on purpose where it arises; an
/// unclassified one is a bug that the command line turns into a failed assertion in debug
/// builds (and so in its tests), and into exit status 1 in release builds.
pub fn class_of(err: &anyhow::Error) -> Option<FailureClass> {
    // anyhow's `downcast_ref` looks through every context layer, outermost first.
    if let Some(c) = err.downcast_ref::<Classified>() {
        return Some(c.class);
    }
    if err.downcast_ref::<InvocationError>().is_some() {
        return Some(FailureClass::Usage);
    }
    None
}

/// Extension to attach a classifying context to results.
pub trait ClassifyExt<T> {
    /// Adds `message` as context and marks the chain as `class`.
    fn classify(self, class: FailureClass, message: impl FnOnce() -> String) -> anyhow::Result<T>;
}

impl<T, E> ClassifyExt<T> for Result<T, E>
where
    E: Into<anyhow::Error>,
{
    fn classify(self, class: FailureClass, message: impl FnOnce() -> String) -> anyhow::Result<T> {
        self.map_err(|e| e.into().context(Classified::new(class, message())))
    }
}

/// Finds the invocation error in a chain, if there is one.
pub fn find_invocation_error(err: &anyhow::Error) -> Option<&InvocationError> {
    err.downcast_ref::<InvocationError>()
}

/// The guest's backtrace Wasmtime attaches to a trap, one frame a line, if the chain holds
/// one.
pub fn wasm_backtrace(err: &anyhow::Error) -> Option<String> {
    let backtrace = err.downcast_ref::<wasmtime::WasmBacktrace>()?.to_string();
    // The first line is Wasmtime's heading; the frames follow.
    let frames = backtrace.split_once('\n').map_or("", |(_, frames)| frames);
    Some(frames.to_string())
}

/// The messages of an error chain, outermost first, without empty ones and without the
/// layer that is Wasmtime's backtrace (see [`wasm_backtrace`]).
pub fn messages(err: &anyhow::Error) -> Vec<String> {
    // The backtrace is a context layer whose message is the backtrace's own text: found
    // by its type, then left out by that text.
    let backtrace = err
        .downcast_ref::<wasmtime::WasmBacktrace>()
        .map(ToString::to_string);
    err.chain()
        .map(|layer| layer.to_string())
        .filter(|message| !message.is_empty() && Some(message) != backtrace.as_ref())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classified_context_decides_the_class() {
        let err: anyhow::Result<()> = Err(anyhow::anyhow!("bad magic"));
        let err = err
            .classify(FailureClass::Load, || "failed to load `x`".into())
            .unwrap_err();
        assert_eq!(classify(&err), FailureClass::Load);
        assert_eq!(err.to_string(), "failed to load `x`");
    }

    #[test]
    fn invocation_errors_are_usage_errors() {
        let err = anyhow::Error::new(InvocationError::new("f(x)", 2..3, "expected u32"))
            .context("failed to parse the call");
        assert_eq!(classify(&err), FailureClass::Usage);
        assert_eq!(find_invocation_error(&err).unwrap().span, 2..3);
    }

    #[test]
    fn unclassified_errors_are_call_failures() {
        let err = anyhow::anyhow!("trap");
        assert_eq!(classify(&err), FailureClass::Call);
        assert_eq!(class_of(&err), None);
    }

    #[test]
    fn spans_are_always_whole_characters() {
        // U+00A0 is two bytes, U+3000 three.
        let call = "a\u{a0}b\u{3000}c";
        assert_eq!(char_span(call, 2..3), 1..3);
        assert_eq!(char_span(call, 5..5), 4..4);
        assert_eq!(char_span(call, 5..6), 4..7);
        assert_eq!(char_span(call, 6..100), 4..8);
        assert_eq!(char_span(call, 100..200), 8..8);
        assert_eq!(char_span(call, Range { start: 7, end: 2 }), 1..1);
        for start in 0..10 {
            for end in 0..10 {
                let span = InvocationError::new(call, start..end, "m").span;
                assert!(
                    call.get(span.clone()).is_some(),
                    "{start}..{end} gave {span:?}"
                );
            }
        }
    }

    #[test]
    fn excerpts_line_up_under_any_text() {
        let err = InvocationError::new("f(\u{3000}x)", 2..3, "here");
        assert_eq!(err.excerpt("here"), "    f(\u{3000}x)\n      ^^ here\n");
        let err = InvocationError::new("e\u{301}(x\u{2028}y)", 4..5, "x");
        assert_eq!(err.excerpt(""), "    e\u{301}(x y)\n      ^\n");
        let long = format!("f({}\u{a0})", "é".repeat(200));
        let at = long.find('\u{a0}').unwrap();
        let excerpt = InvocationError::new(&long, at + 1..at + 2, "").excerpt("");
        assert!(excerpt.starts_with("    …é"), "{excerpt}");
        assert_eq!(excerpt.lines().count(), 2);
    }
}
