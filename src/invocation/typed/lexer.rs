//! WAVE's tokens, cut exactly where wasm-wave 0.254's logos lexer cuts them.
//!
//! Logos takes the longest match and backs off to the last complete token, so `1e` is the
//! number `1` followed by the label `e`, `-infx` is `-inf` then `x`, and `aB` is two labels.
//! Those cuts are part of the accepted language (`{a: 1e: 2}` is a record with fields `a`
//! and `e`), so they are reproduced here byte for byte. Anything logos would turn into an
//! error token ends the lexing: the fast path then gives up and the reference path reports it.

/// A token kind; single-byte punctuation carries its byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// `{ } ( ) [ ] : ,`
    Punct(u8),
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?` or `-inf`.
    Number,
    /// `%?` and a kebab-case word; keywords included.
    Label,
    /// `'…'`, quotes included.
    Char,
    /// `"…"`, quotes included; `escaped` when it holds a backslash.
    String { escaped: bool },
    /// `"""…"""`, delimiters included.
    Multiline,
}

/// A token and its byte span in the call text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// A cursor over `text[pos..end]`.
pub(super) struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Lexer<'a> {
    /// Lexes `text[start..end]`; spans index `text`.
    pub fn new(text: &'a str, start: usize, end: usize) -> Self {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: start,
            end,
        }
    }

    /// Skips `, ` when a number follows it (`-` or a digit), the usual separator in a long
    /// list of numbers; anything else is left to the general path.
    #[inline(always)]
    pub fn skip_comma_space_before_number(&mut self) -> bool {
        let at = self.pos;
        let number = |b: u8| b == b'-' || b.is_ascii_digit();
        let skip = at + 2 < self.end
            && self.bytes[at] == b','
            && self.bytes[at + 1] == b' '
            && number(self.bytes[at + 2]);
        if skip {
            self.pos += 2;
        }
        skip
    }

    /// The byte offset lexing has reached.
    #[inline(always)]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// How many bytes are left.
    #[inline(always)]
    pub fn remaining(&self) -> usize {
        self.end - self.pos
    }

    /// The text of a token.
    pub fn slice(&self, token: Token) -> &'a str {
        &self.text[token.start..token.end]
    }

    /// Skips whitespace (`[ \t\n\r]`) and `//` comments.
    #[inline(always)]
    fn skip_trivia(&mut self) {
        // Most tokens follow nothing to skip, or one space.
        let plain = |b: u8| b > b' ' && b != b'/';
        let (bytes, pos) = (self.bytes, self.pos);
        if pos >= self.end || plain(bytes[pos]) {
            return;
        }
        if bytes[pos] == b' ' && pos + 1 < self.end && plain(bytes[pos + 1]) {
            self.pos += 1;
            return;
        }
        self.skip_more_trivia();
    }

    fn skip_more_trivia(&mut self) {
        while self.pos < self.end {
            match self.bytes[self.pos] {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if self.byte(self.pos + 1) == Some(b'/') => {
                    self.pos += 2;
                    while self.pos < self.end && self.bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    #[inline(always)]
    fn byte(&self, at: usize) -> Option<u8> {
        (at < self.end).then(|| self.bytes[at])
    }

    /// The first byte of the next token, if any (what wasm-wave's one-token lookahead for
    /// `(`, `:`, `)` and `]` decides on: each is a whole token of one byte).
    #[inline(always)]
    pub fn peek(&mut self) -> Option<u8> {
        self.skip_trivia();
        self.byte(self.pos)
    }

    /// Consumes the one-byte token that [`Lexer::peek`] just saw.
    #[inline(always)]
    pub fn bump(&mut self) {
        self.pos += 1;
    }

    /// Whether only whitespace and comments are left.
    pub fn at_end(&mut self) -> bool {
        self.skip_trivia();
        self.pos == self.end
    }

    /// The next token, or `None` at the end or where wasm-wave would see an invalid token.
    pub fn next(&mut self) -> Option<Token> {
        self.skip_trivia();
        let start = self.pos;
        let kind = match self.byte(start)? {
            b @ (b'{' | b'}' | b'(' | b')' | b'[' | b']' | b':' | b',') => {
                self.pos += 1;
                Kind::Punct(b)
            }
            b'-' | b'0'..=b'9' => self.number()?,
            b'%' | b'a'..=b'z' | b'A'..=b'Z' => self.label()?,
            b'\'' => self.char()?,
            b'"' => self.string()?,
            _ => return None,
        };
        Some(Token {
            kind,
            start,
            end: self.pos,
        })
    }

    /// The next token as an integer of `T`'s range, read in the same pass as it is lexed:
    /// `None` unless it is a number without fraction or exponent (`-0` is zero).
    #[inline(always)]
    pub fn integer<T: TryFrom<i128>>(&mut self) -> Option<T> {
        self.skip_trivia();
        let (bytes, end) = (self.bytes, self.end);
        let negative = self.pos < end && bytes[self.pos] == b'-';
        let start = self.pos + usize::from(negative);
        let mut at = start;
        let mut value: u64 = 0;
        while at < end {
            let digit = bytes[at].wrapping_sub(b'0');
            if digit > 9 {
                break;
            }
            value = value.wrapping_mul(10).wrapping_add(u64::from(digit));
            at += 1;
        }
        match at - start {
            0 => return None,
            // A number starts with at most one zero: `01` is `0` then `1`.
            _ if bytes[start] == b'0' => (at, value) = (start + 1, 0),
            // 19 digits always fit in a u64; 20 may not, and more never do.
            1..=19 => {}
            20 => {
                value = bytes[start..at].iter().try_fold(0u64, |v, b| {
                    v.checked_mul(10)?.checked_add(u64::from(b - b'0'))
                })?;
            }
            _ => return None,
        }
        // Where logos would go on with a fraction or an exponent, the number is no integer.
        let digit_at = |i: usize| i < end && bytes[i].is_ascii_digit();
        if at < end {
            match bytes[at] {
                b'.' if digit_at(at + 1) => return None,
                b'e' | b'E' if digit_at(at + 1) => return None,
                b'e' | b'E'
                    if matches!(self.byte(at + 1), Some(b'+' | b'-')) && digit_at(at + 2) =>
                {
                    return None;
                }
                _ => {}
            }
        }
        self.pos = at;
        let value = i128::from(value);
        T::try_from(if negative { -value } else { value }).ok()
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.byte(self.pos).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Option<Kind> {
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
            if self.text[self.pos..self.end].starts_with("inf") {
                self.pos += 3;
                return Some(Kind::Number);
            }
        }
        match self.byte(self.pos)? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        // A fraction or exponent counts only when complete; otherwise logos backs off.
        let digit_at = |lexer: &Self, at: usize| lexer.byte(at).is_some_and(|b| b.is_ascii_digit());
        if self.byte(self.pos) == Some(b'.') && digit_at(self, self.pos + 1) {
            self.pos += 1;
            self.digits();
        }
        if matches!(self.byte(self.pos), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(self.byte(self.pos + 1), Some(b'+' | b'-')));
            if digit_at(self, self.pos + 1 + sign) {
                self.pos += 1 + sign;
                self.digits();
            }
        }
        Some(Kind::Number)
    }

    /// `%?` `[a-z][a-z0-9]*|[A-Z][A-Z0-9]*` then any `-[a-z0-9]+|-[A-Z0-9]+`.
    fn label(&mut self) -> Option<Kind> {
        if self.bytes[self.pos] == b'%' {
            self.pos += 1;
        }
        let first = self.byte(self.pos)?;
        if !first.is_ascii_alphabetic() {
            return None;
        }
        self.word(first.is_ascii_lowercase());
        while self.byte(self.pos) == Some(b'-')
            && self
                .byte(self.pos + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            self.pos += 1;
            self.digits();
            // Past the leading digits, the first letter picks the case of the rest.
            match self.byte(self.pos) {
                Some(b) if b.is_ascii_lowercase() => self.word(true),
                Some(b) if b.is_ascii_uppercase() => self.word(false),
                _ => {}
            }
        }
        Some(Kind::Label)
    }

    /// Letters of one case and digits.
    fn word(&mut self, lower: bool) {
        while let Some(b) = self.byte(self.pos) {
            let fits = b.is_ascii_digit()
                || (lower && b.is_ascii_lowercase())
                || (!lower && b.is_ascii_uppercase());
            if !fits {
                break;
            }
            self.pos += 1;
        }
    }

    /// After a backslash at `pos`: the length of a valid escape, as the lexer's
    /// `\\['"tnr\\]|\\u\{[0-9a-fA-F]{1,6}\}` sees it.
    fn escape_len(&self, at: usize) -> Option<usize> {
        match self.byte(at + 1)? {
            b'\'' | b'"' | b't' | b'n' | b'r' | b'\\' => Some(2),
            b'u' if self.byte(at + 2) == Some(b'{') => {
                let hex = self.bytes[at + 3..self.end]
                    .iter()
                    .take_while(|b| b.is_ascii_hexdigit())
                    .count();
                ((1..=6).contains(&hex) && self.byte(at + 3 + hex) == Some(b'}')).then_some(hex + 4)
            }
            _ => None,
        }
    }

    /// `'c'` or `'\escape'`; more than one character is an error token in wasm-wave.
    fn char(&mut self) -> Option<Kind> {
        let inner = self.pos + 1;
        let len = match self.byte(inner)? {
            b'\\' => self.escape_len(inner)?,
            b'\'' | b'\n' => return None,
            _ => self.text[inner..self.end].chars().next()?.len_utf8(),
        };
        if self.byte(inner + len) != Some(b'\'') {
            return None;
        }
        self.pos = inner + len + 1;
        Some(Kind::Char)
    }

    fn string(&mut self) -> Option<Kind> {
        let rest = &self.text[self.pos..self.end];
        if let Some(body) = rest.strip_prefix(r#"""""#) {
            // Logos takes `"""` over the empty string `""`, then runs to the next `"""`; with
            // none, the token is an error (it does not fall back to `""`).
            let close = body.find(r#"""""#)?;
            self.pos += 3 + close + 3;
            return Some(Kind::Multiline);
        }
        let mut at = self.pos + 1;
        let mut escaped = false;
        loop {
            let stop = self.bytes[at..self.end]
                .iter()
                .position(|b| matches!(b, b'"' | b'\\' | b'\n'))?;
            at += stop;
            match self.bytes[at] {
                b'"' => break,
                b'\\' => {
                    at += self.escape_len(at)?;
                    escaped = true;
                }
                _ => return None,
            }
        }
        self.pos = at + 1;
        Some(Kind::String { escaped })
    }
}
