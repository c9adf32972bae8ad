//! Results kept for reuse: `$1`, `$2`, … in a later call stand for earlier results.
//!
//! WAVE has no syntax for a reference, so a `$N` outside string and char literals is
//! replaced by the WAVE text of the value it names before the call is parsed (handles are
//! written as the session numbers them, `counter(0)`, which the session resolves). Errors
//! found in the expanded text are mapped back onto the call as written: a span inside an
//! expansion points at its `$N`.

use std::ops::Range;

use crate::error::InvocationError;

/// A call with its `$N` replaced, and where each replacement went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// The call as written.
    pub original: String,
    /// The call with every `$N` replaced.
    pub text: String,
    /// Each replacement: the `$N` in the original and its value in the expanded text.
    replaced: Vec<(Range<usize>, Range<usize>)>,
}

/// The positions of each `$N` in `text` outside string and char literals, with `N`
/// (`None` when the digits do not fit a `usize`). Tolerant of any input, unterminated
/// literals included.
pub fn references(text: &str) -> Vec<(Range<usize>, Option<usize>)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if text[i..].starts_with("\"\"\"") => {
                i = text[i + 3..]
                    .find("\"\"\"")
                    .map_or(bytes.len(), |at| i + 3 + at + 3);
            }
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'$' => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if digits > 0 {
                    let span = i..i + 1 + digits;
                    found.push((span.clone(), text[i + 1..span.end].parse().ok()));
                }
                i += 1 + digits;
            }
            _ => i += 1,
        }
    }
    found
}

/// Replaces each `$N` of `text` by `value(N)`, the WAVE text of the `N`th kept result
/// (counting from 1); `count` is how many there are, for the message about one that is not.
pub fn expand(
    text: &str,
    count: usize,
    value: impl Fn(usize) -> Option<String>,
) -> Result<Expanded, InvocationError> {
    let mut out = String::with_capacity(text.len());
    let mut replaced = Vec::new();
    let mut last = 0;
    for (span, number) in references(text) {
        let Some(wave) = number.filter(|n| *n >= 1).and_then(&value) else {
            let known = match count {
                0 => "no result is kept in this session".to_string(),
                1 => "the only result kept is `$1`".to_string(),
                n => format!("the results kept are `$1` to `${n}`"),
            };
            return Err(InvocationError::new(
                text,
                span.clone(),
                format!("no result is numbered `{}`", &text[span]),
            )
            .hint(format!(
                "{known}; `wavecall repl` keeps each call's result as the next `$N`"
            )));
        };
        out.push_str(&text[last..span.start]);
        let start = out.len();
        out.push_str(&wave);
        replaced.push((span.clone(), start..out.len()));
        last = span.end;
    }
    out.push_str(&text[last..]);
    Ok(Expanded {
        original: text.to_string(),
        text: out,
        replaced,
    })
}

impl Expanded {
    /// Whether anything was replaced.
    pub fn changed(&self) -> bool {
        !self.replaced.is_empty()
    }

    /// `at` of the expanded text, as a position in the original: inside a replacement, its
    /// `$N` (start or end, as `end` says).
    fn map(&self, at: usize, end: bool) -> usize {
        let mut delta: isize = 0;
        for (original, expanded) in &self.replaced {
            if at < expanded.start || (end && at == expanded.start) {
                break;
            }
            if at < expanded.end || (end && at == expanded.end) {
                return if end { original.end } else { original.start };
            }
            delta = original.end as isize - expanded.end as isize;
        }
        at.saturating_add_signed(delta).min(self.original.len())
    }

    /// An error about the expanded text, pointed at the call as written.
    pub fn map_error(&self, err: InvocationError) -> InvocationError {
        if !self.changed() || err.call != self.text {
            return err;
        }
        let start = self.map(err.span.start, false);
        let end = self.map(err.span.end, true).max(start);
        let mut mapped = InvocationError::new(&self.original, start..end, err.message);
        mapped.hints = err.hints;
        mapped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(n: usize) -> Option<String> {
        ["6", "\"a b\"", "counter(0)"]
            .get(n - 1)
            .map(|s| s.to_string())
    }

    #[test]
    fn references_skip_literals() {
        let refs = references(r#"f($1, "$2", '$', $10, """$3""", $)"#);
        let spans: Vec<_> = refs.iter().map(|(s, n)| (s.clone(), *n)).collect();
        assert_eq!(spans, [(2..4, Some(1)), (17..20, Some(10))]);
        // Unterminated literals and lone backslashes never run past the end.
        assert!(references("f(\"$1").is_empty());
        assert!(references("f('\\").is_empty());
        assert!(references("\"\"\"$1").is_empty());
        assert_eq!(references("$99999999999999999999999")[0].1, None);
    }

    #[test]
    fn expansion_replaces_and_maps_errors_back() {
        let expanded = expand("f($2, $1)", 3, values).unwrap();
        assert_eq!(expanded.text, r#"f("a b", 6)"#);
        // An error on the value of `$1` points at `$1`; one after it is shifted back.
        let err = InvocationError::new(&expanded.text, 9..10, "expected string");
        let mapped = expanded.map_error(err);
        assert_eq!(&mapped.call[mapped.span.clone()], "$1");
        let err = InvocationError::new(&expanded.text, 10..11, "x");
        assert_eq!(expanded.map_error(err).span, 8..9);
        let err = InvocationError::new(&expanded.text, 0..1, "x");
        assert_eq!(expanded.map_error(err).span, 0..1);
    }

    #[test]
    fn an_unknown_number_is_an_error_at_it() {
        let err = expand("f($4)", 3, values).unwrap_err();
        assert_eq!(&err.call[err.span.clone()], "$4");
        assert_eq!(err.message, "no result is numbered `$4`");
        assert!(err.hints[0].starts_with("the results kept are `$1` to `$3`"));
        let err = expand("f($0)", 0, values).unwrap_err();
        assert!(err.hints[0].starts_with("no result is kept in this session"));
    }
}
