//! A tolerant scanner over a call being typed: where the cursor is in `[binding =]
//! target(arguments…`, and which containers are open around it.
//!
//! The text before the cursor is usually not valid WAVE (`area(circle({rad`), so this is
//! not a parser: it tracks brackets, literals, commas and the labels before `(` and `:`,
//! and never fails. Types are applied afterwards (`typed.rs`); the scanner knows none.

use std::ops::Range;

/// Where the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scan {
    /// Typing the target (no `(` yet): its text so far.
    Target {
        /// The name bound by `name = …`, if any.
        binding: Option<String>,
        /// The target written so far, up to the cursor.
        word: Range<usize>,
    },
    /// Inside the arguments.
    Args(Args),
}

/// The arguments up to the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Args {
    /// The name bound by `name = …`, if any.
    pub binding: Option<String>,
    /// The target's text.
    pub target: Range<usize>,
    /// The containers open at the cursor, the argument list first.
    pub frames: Vec<Frame>,
    /// The label, number or `$N` being typed at the cursor (empty when none).
    pub word: Range<usize>,
    /// The cursor is inside a string or char literal.
    pub in_literal: bool,
    /// The argument list was closed before the cursor.
    pub closed: bool,
}

/// An open container and how far into it the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    pub kind: FrameKind,
    /// Commas seen at this level: the index of the item at the cursor.
    pub index: usize,
    /// In braces: the record fields (before `:`) and flags written so far.
    pub keys: Vec<String>,
    /// In braces: the field whose value is being written (after its `:`).
    pub key: Option<String>,
}

/// The kind of an open container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FrameKind {
    /// The call's argument list.
    Args,
    /// `(` after no label: a tuple.
    Tuple,
    /// `label(`: `some(`, `ok(`, `err(` or a variant case's payload.
    Payload(String),
    /// `[`: a list.
    List,
    /// `{`: a record or flags.
    Brace,
}

impl Frame {
    fn new(kind: FrameKind) -> Frame {
        Frame {
            kind,
            index: 0,
            keys: Vec::new(),
            key: None,
        }
    }
}

/// Whether `c` can be part of a label, a number or a `$N`.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '%' | '.' | '+' | '_' | '$')
}

/// The largest char boundary of `text` at or before `at`.
pub(crate) fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Scans `line` up to the cursor at byte `pos` (clamped to the line and to a character).
pub(crate) fn scan(line: &str, pos: usize) -> Scan {
    let text = &line[..floor(line, pos)];
    let Some(open) = text.find('(') else {
        let (binding, start) = binding_of(text, text.len());
        let start = start + (text.len() - start - text[start..].trim_start().len());
        return Scan::Target {
            binding,
            word: start..text.len(),
        };
    };
    let (binding, start) = binding_of(text, open);
    let head = &text[start..open];
    let target_start = start + (head.len() - head.trim_start().len());
    // An empty target (`x = (`) is an empty range where the name would start.
    let target = target_start..(start + head.trim_end().len()).max(target_start);
    let mut args = Args {
        binding,
        target,
        frames: vec![Frame::new(FrameKind::Args)],
        word: text.len()..text.len(),
        in_literal: false,
        closed: false,
    };
    let mut label: Option<String> = None;
    let mut word_start: Option<usize> = None;
    let mut chars = text[open + 1..].char_indices().peekable();
    let base = open + 1;
    while let Some((i, c)) = chars.next() {
        let at = base + i;
        if is_word(c) {
            word_start.get_or_insert(at);
            continue;
        }
        if let Some(start) = word_start.take() {
            label = Some(text[start..at].to_string());
        }
        match c {
            '"' | '\'' => {
                let rest = &text[at..];
                let end = if c == '"' && rest.starts_with("\"\"\"") {
                    rest[3..].find("\"\"\"").map(|e| at + 3 + e + 3)
                } else {
                    literal_end(rest, c).map(|e| at + e)
                };
                match end {
                    Some(end) => {
                        while chars.peek().is_some_and(|(j, _)| base + j < end) {
                            chars.next();
                        }
                    }
                    None => {
                        args.in_literal = true;
                        args.word = at..text.len();
                        return Scan::Args(args);
                    }
                }
            }
            '(' => {
                let kind = match label.take() {
                    Some(l) => FrameKind::Payload(l.trim_start_matches('%').to_string()),
                    None => FrameKind::Tuple,
                };
                args.frames.push(Frame::new(kind));
            }
            '[' => args.frames.push(Frame::new(FrameKind::List)),
            '{' => args.frames.push(Frame::new(FrameKind::Brace)),
            ')' | ']' | '}' => {
                if let Some(top) = args.frames.last_mut() {
                    flag_written(top, label.take());
                }
                if args.frames.len() == 1 {
                    if c == ')' {
                        args.closed = true;
                        args.frames.clear();
                    }
                } else {
                    args.frames.pop();
                }
            }
            ',' => {
                if let Some(top) = args.frames.last_mut() {
                    flag_written(top, label.take());
                    top.index += 1;
                    top.key = None;
                }
            }
            ':' => {
                if let Some(top) = args.frames.last_mut()
                    && top.kind == FrameKind::Brace
                    && let Some(key) = label.take()
                {
                    let key = key.trim_start_matches('%').to_string();
                    top.keys.push(key.clone());
                    top.key = Some(key);
                }
            }
            _ => {}
        }
        // A label stays the one before `(` or `:` across spaces only (`some (`).
        if !c.is_whitespace() {
            label = None;
        }
    }
    if let Some(start) = word_start {
        args.word = start..text.len();
    }
    Scan::Args(args)
}

/// A flag written in braces before `,` or `}` (a label with no `:` after it).
fn flag_written(frame: &mut Frame, label: Option<String>) {
    if frame.kind == FrameKind::Brace
        && frame.key.is_none()
        && let Some(label) = label
    {
        frame.keys.push(label.trim_start_matches('%').to_string());
    }
}

/// The end (after the closing quote) of the literal opened at the start of `rest`.
fn literal_end(rest: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in rest.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == quote => return Some(i + c.len_utf8()),
            _ => {}
        }
    }
    None
}

/// The name bound by `name = ` before `end`, and where the target starts.
fn binding_of(text: &str, end: usize) -> (Option<String>, usize) {
    match text[..end].find('=') {
        Some(eq) => (Some(text[..eq].trim().to_string()), eq + 1),
        None => (None, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Args {
        match scan(line, line.len()) {
            Scan::Args(args) => args,
            other => panic!("{other:?}"),
        }
    }

    fn kinds(args: &Args) -> Vec<(FrameKind, usize)> {
        args.frames
            .iter()
            .map(|f| (f.kind.clone(), f.index))
            .collect()
    }

    #[test]
    fn the_target_before_the_parenthesis() {
        let line = "c = [constructor]coun";
        let Scan::Target { binding, word } = scan(line, line.len()) else {
            panic!()
        };
        assert_eq!(binding.as_deref(), Some("c"));
        assert_eq!(&line[word], "[constructor]coun");
        let Scan::Target { word, .. } = scan("  c.inc", 7) else {
            panic!()
        };
        assert_eq!(word, 2..7);
    }

    #[test]
    fn nested_containers_with_their_indices() {
        let a = args("area(circle({rad");
        assert_eq!(
            kinds(&a),
            [
                (FrameKind::Args, 0),
                (FrameKind::Payload("circle".into()), 0),
                (FrameKind::Brace, 0)
            ]
        );
        assert_eq!(a.word.len(), 3);
        let a = args(r#"f(1, ("x, y", [1, 2, "#);
        assert_eq!(
            kinds(&a),
            [
                (FrameKind::Args, 1),
                (FrameKind::Tuple, 1),
                (FrameKind::List, 2)
            ]
        );
        assert!(a.word.is_empty());
    }

    #[test]
    fn record_keys_and_flags() {
        let a = args("f({name: \"a\", age: 3, ");
        let brace = &a.frames[1];
        assert_eq!(brace.keys, ["name", "age"]);
        assert_eq!(brace.key, None);
        let a = args("f({%true: ");
        assert_eq!(a.frames[1].key.as_deref(), Some("true"));
        let a = args("f({read, exec, w");
        assert_eq!(a.frames[1].keys, ["read", "exec"]);
    }

    #[test]
    fn literals_and_closing() {
        let a = args(r#"f("abc"#);
        assert!(a.in_literal);
        let a = args(r#"f('\'', "#);
        assert!(!a.in_literal);
        assert_eq!(a.frames[0].index, 1);
        let a = args("f(1) ");
        assert!(a.closed);
        let a = args("some (");
        assert_eq!(a.frames.len(), 1);
        // No name at all, found by the fuzz target: an empty target, not a reversed one.
        let a = args("x = (");
        assert_eq!(a.target, 4..4);
    }

    /// Every prefix of every string made of WAVE's significant characters scans without
    /// panicking, at every position including inside characters.
    #[test]
    fn never_panics() {
        let alphabet: Vec<char> = "f(){}[],:=\"'\\ %$1a-.é🙂\n".chars().collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            let text: String = (0..len)
                .map(|i| alphabet[((state >> (i % 48)) as usize + i * 7) % alphabet.len()])
                .collect();
            for pos in 0..=text.len() + 1 {
                let _ = scan(&text, pos);
            }
        }
    }
}
