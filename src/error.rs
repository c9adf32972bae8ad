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
    /// An error about `span` of `call`.
    pub fn new(call: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let end = span.end.min(call.len());
        let start = span.start.min(end);
        InvocationError {
            call: call.to_string(),
            span: start..end,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Adds a paragraph of advice.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for InvocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvocationError {}

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
/// usage errors; anything else counts as a failed call.
pub fn classify(err: &anyhow::Error) -> FailureClass {
    // anyhow's `downcast_ref` looks through every context layer, outermost first.
    if let Some(c) = err.downcast_ref::<Classified>() {
        return c.class;
    }
    if err.downcast_ref::<InvocationError>().is_some() {
        return FailureClass::Usage;
    }
    FailureClass::Call
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
        assert_eq!(classify(&anyhow::anyhow!("trap")), FailureClass::Call);
    }
}
