//! Char and string literals decoded straight into the value, as wasm-wave 0.254 decodes them
//! (`Node::as_char`, `Node::as_str` and its multi-line rules). A string without escapes is
//! copied once, from the call text into the `String` the value owns.

/// Decodes the escape at the start of `s` (which begins with `\`): the char and its length.
/// `\u{…}` must name a Unicode scalar value.
fn unescape(s: &str) -> Option<(char, usize)> {
    let bytes = s.as_bytes();
    Some(match *bytes.get(1)? {
        b'\\' => ('\\', 2),
        b'\'' => ('\'', 2),
        b'"' => ('"', 2),
        b't' => ('\t', 2),
        b'n' => ('\n', 2),
        b'r' => ('\r', 2),
        b'u' => {
            if bytes.get(2) != Some(&b'{') {
                return None;
            }
            let hex = bytes[3..]
                .iter()
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if !(1..=6).contains(&hex) || bytes.get(3 + hex) != Some(&b'}') {
                return None;
            }
            let value = u32::from_str_radix(&s[3..3 + hex], 16).ok()?;
            (char::from_u32(value)?, hex + 4)
        }
        _ => return None,
    })
}

/// A char token's value (`token` includes the quotes).
pub(super) fn char_value(token: &str) -> Option<char> {
    let inner = &token[1..token.len() - 1];
    if inner.starts_with('\\') {
        let (c, len) = unescape(inner)?;
        (len == inner.len()).then_some(c)
    } else {
        let mut chars = inner.chars();
        let c = chars.next()?;
        chars.next().is_none().then_some(c)
    }
}

/// A string token's value (`token` includes the quotes).
pub(super) fn string_value(token: &str, escaped: bool) -> Option<String> {
    let inner = &token[1..token.len() - 1];
    if !escaped {
        return Some(inner.to_string());
    }
    let mut out = String::with_capacity(inner.len());
    push_unescaped(&mut out, inner)?;
    Some(out)
}

/// Appends `s` with its escapes decoded.
fn push_unescaped(out: &mut String, mut s: &str) -> Option<()> {
    while let Some(at) = s.find('\\') {
        out.push_str(&s[..at]);
        let (c, len) = unescape(&s[at..])?;
        out.push(c);
        s = &s[at + len..];
    }
    out.push_str(s);
    Some(())
}

/// A multi-line string token's value (`token` includes the `"""` delimiters).
///
/// The opening `"""` must end its line; the closing one sits on a line of spaces only, and
/// those spaces are the indent every line must start with and loses. Lines are joined with
/// `\n` (a `\r` before a line break is dropped), escapes are decoded per line.
pub(super) fn multiline_value(token: &str) -> Option<String> {
    let inner = &token[3..token.len() - 3];
    let inner = inner.strip_prefix('\r').unwrap_or(inner);
    let mut lines = inner.split('\n');
    let indent = lines.next_back()?;
    if indent.bytes().any(|b| b != b' ') || lines.next() != Some("") {
        return None;
    }
    let mut out = String::with_capacity(inner.len());
    for (n, line) in lines.enumerate() {
        let line = line.strip_prefix(indent)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if n > 0 {
            out.push('\n');
        }
        push_unescaped(&mut out, line)?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_like_wasm_wave() {
        assert_eq!(char_value(r"'\u{1F600}'"), Some('😀'));
        assert_eq!(char_value(r"'\u{d800}'"), None);
        assert_eq!(char_value(r"'\u{110000}'"), None);
        assert_eq!(char_value("'é'"), Some('é'));
        assert_eq!(
            string_value(r#""a\tb\u{41}\\""#, true).as_deref(),
            Some("a\tbA\\")
        );
        assert_eq!(string_value(r#""a\qb""#, true), None);
    }

    #[test]
    fn multiline_strings_follow_the_indent_rules() {
        let token = "\"\"\"\n  one\n   two\r\n  \"\"\"";
        assert_eq!(multiline_value(token).as_deref(), Some("one\n two"));
        assert_eq!(multiline_value("\"\"\"\n\"\"\"").as_deref(), Some(""));
        // The opening delimiter must end its line; every line needs the indent.
        assert_eq!(multiline_value("\"\"\"x\n\"\"\""), None);
        assert_eq!(multiline_value("\"\"\"\n a\n\n \"\"\""), None);
        assert_eq!(multiline_value("\"\"\"\"\"\""), None);
    }
}
