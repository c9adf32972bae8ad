//! The line of a call with a caret under the part an error is about: how the command line
//! and the playground point into a call, the same way.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::CallError;

impl CallError {
    /// The line of the call that holds the span with carets under it and `label` beside
    /// them (see [`excerpt`]).
    pub fn excerpt(&self, label: &str) -> String {
        excerpt(&self.call, self.span.clone(), label)
    }
}

/// The line of `call` that holds `span`, shortened to about 100 columns around it, and under
/// it a `^` for each column of the span with `label` beside it; both lines indented by four
/// spaces and ending in a newline.
///
/// Safe for any call text, span and label: carets line up under wide (CJK) and zero-width
/// (combining) characters, and control characters and line separators (in the label, `\n`
/// too) are shown as spaces, so that the excerpt is always two lines.
pub fn excerpt(call: &str, span: Range<usize>, label: &str) -> String {
    const BEFORE: usize = 40;
    const AFTER: usize = 60;
    let span = CallError::new(call, span, "").span;
    let line_start = call[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = call[span.start..]
        .find('\n')
        .map_or(call.len(), |i| span.start + i);
    let shown_start = floor_char(call, span.start.saturating_sub(BEFORE).max(line_start));
    let shown_end = floor_char(call, (span.start + AFTER).min(line_end));
    let span_end = span.end.clamp(span.start, line_end);
    let mut text = String::new();
    let mut indent = 0;
    if shown_start > line_start {
        text.push('…');
        indent += 1;
    }
    text.push_str(&printable(&call[shown_start..shown_end]));
    if shown_end < line_end {
        text.push('…');
    }
    indent += width(&call[shown_start..span.start]);
    let carets = width(&call[span.start..span_end.min(shown_end.max(span.start))]).clamp(1, 60);
    let marks = format!(
        "{}{} {}",
        " ".repeat(indent),
        "^".repeat(carets),
        printable(label)
    );
    format!("    {text}\n    {}\n", marks.trim_end())
}

/// Text as one line of the terminal: control characters and line or paragraph separators
/// (which a terminal may treat as line breaks) become spaces.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if is_break(c) { ' ' } else { c })
        .collect()
}

/// The columns `text` takes in a terminal, as [`printable`] shows it.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if is_break(c) {
                1
            } else {
                c.width().unwrap_or(1)
            }
        })
        .sum()
}

fn is_break(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The nearest character boundary at or before `at` (at most `text.len()`).
fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_line_up_under_any_text() {
        assert_eq!(
            excerpt("f(\u{3000}x)", 2..3, "here"),
            "    f(\u{3000}x)\n      ^^ here\n"
        );
        assert_eq!(
            excerpt("e\u{301}(x\u{2028}y)", 4..5, ""),
            "    e\u{301}(x y)\n      ^\n"
        );
        let long = format!("f({}\u{a0})", "é".repeat(200));
        let at = long.find('\u{a0}').unwrap();
        let shown = excerpt(&long, at + 1..at + 2, "");
        assert!(shown.starts_with("    …é"), "{shown}");
        assert_eq!(shown.lines().count(), 2);
        // The second line of a multi-line call, with a label that holds a line break.
        assert_eq!(
            excerpt("f(1,\n  x)", 7..8, "a\nb"),
            "      x)\n      ^ a b\n"
        );
    }
}
