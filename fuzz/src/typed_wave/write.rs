//! Random values and the many ways of writing them in WAVE, then mutations.

use wasmtime::component::{Type, Val};

use super::Draw;

/// A random value of `ty`, edge cases favoured.
pub fn random_val(d: &mut dyn Draw, ty: &Type, depth: u32) -> Val {
    // Deep down, one item each: enough to reach the bottom of a deeply nested type.
    let len = |d: &mut dyn Draw| if depth > 4 { 1 } else { d.below(4) };
    match ty {
        Type::Bool => Val::Bool(d.one_in(2)),
        Type::U8 => Val::U8(edge(d) as u8),
        Type::U16 => Val::U16(edge(d) as u16),
        Type::U32 => Val::U32(edge(d) as u32),
        Type::U64 => Val::U64(edge(d)),
        Type::S8 => Val::S8(edge(d) as i8),
        Type::S16 => Val::S16(edge(d) as i16),
        Type::S32 => Val::S32(edge(d) as i32),
        Type::S64 => Val::S64(edge(d) as i64),
        Type::Float32 => Val::Float32(float(d) as f32),
        Type::Float64 => Val::Float64(float(d)),
        Type::Char => Val::Char(random_char(d)),
        Type::String => Val::String((0..len(d) * 2).map(|_| random_char(d)).collect()),
        Type::List(list) => Val::List(
            (0..len(d))
                .map(|_| random_val(d, &list.ty(), depth + 1))
                .collect(),
        ),
        Type::Tuple(tuple) => Val::Tuple(
            tuple
                .types()
                .map(|t| random_val(d, &t, depth + 1))
                .collect(),
        ),
        Type::Record(record) => Val::Record(
            record
                .fields()
                .map(|f| (f.name.to_string(), random_val(d, &f.ty, depth + 1)))
                .collect(),
        ),
        Type::Variant(variant) => {
            let cases: Vec<_> = variant.cases().collect();
            let case = &cases[d.below(cases.len())];
            let payload = case
                .ty
                .as_ref()
                .map(|t| Box::new(random_val(d, t, depth + 1)));
            Val::Variant(case.name.to_string(), payload)
        }
        Type::Enum(e) => {
            let names: Vec<&str> = e.names().collect();
            Val::Enum(names[d.below(names.len())].to_string())
        }
        Type::Option(option) => {
            Val::Option((!d.one_in(3)).then(|| Box::new(random_val(d, &option.ty(), depth + 1))))
        }
        Type::Result(result) => {
            let side = |d: &mut dyn Draw, t: Option<Type>| {
                t.map(|t| Box::new(random_val(d, &t, depth + 1)))
            };
            match d.one_in(2) {
                true => Val::Result(Ok(side(d, result.ok()))),
                false => Val::Result(Err(side(d, result.err()))),
            }
        }
        Type::Flags(flags) => {
            // In name order, as wavecall's converter builds them.
            let mut set: Vec<String> = flags
                .names()
                .filter(|_| d.one_in(2))
                .map(str::to_string)
                .collect();
            set.sort();
            Val::Flags(set)
        }
        other => panic!("the generator makes no {other:?}"),
    }
}

/// Integer bits: the ends of every range, small numbers, anything.
fn edge(d: &mut dyn Draw) -> u64 {
    match d.below(6) {
        0 => [0, 1, u64::MAX][d.below(3)],
        1 => [
            i8::MIN as u64,
            i16::MIN as u64,
            i32::MIN as u64,
            i64::MIN as u64,
        ][d.below(4)],
        2 => [
            i8::MAX as u64,
            u8::MAX as u64,
            i16::MAX as u64,
            u16::MAX as u64,
        ][d.below(4)],
        3 => [i32::MAX as u64, u32::MAX as u64, i64::MAX as u64][d.below(3)],
        4 => d.below(1000) as u64,
        _ => d.next_u64(),
    }
}

fn float(d: &mut dyn Draw) -> f64 {
    match d.below(10) {
        0 => [f64::NAN, f64::INFINITY, f64::NEG_INFINITY][d.below(3)],
        1 => [-0.0, 0.0, 1.0, -1.0][d.below(4)],
        2 => [f64::MIN_POSITIVE / 3.0, f64::MAX, f64::MIN_POSITIVE, 1e-300][d.below(4)],
        3 => [f32::MAX as f64, f32::MIN_POSITIVE as f64, 3.4e38, 1e-45][d.below(4)],
        4 | 5 => (d.below(20001) as f64 - 10000.0) / 64.0,
        _ => f64::from_bits(d.next_u64()),
    }
}

fn random_char(d: &mut dyn Draw) -> char {
    const SPECIAL: &[char] = &[
        '"',
        '\'',
        '\\',
        '\n',
        '\r',
        '\t',
        '\0',
        '\u{7f}',
        '\u{85}',
        '\u{200b}',
        '\u{feff}',
        '{',
        '}',
        '%',
        ',',
        '/',
        ' ',
        '😀',
        'é',
        '\u{10ffff}',
        '\u{d7ff}',
        '\u{e000}',
    ];
    match d.below(3) {
        0 => SPECIAL[d.below(SPECIAL.len())],
        1 => char::from_u32(d.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
        _ => (b' ' + d.below(95) as u8) as char,
    }
}

/// Writes values in WAVE, choosing among the equivalent spellings.
pub struct Writer<'d> {
    d: &'d mut dyn Draw,
}

fn keyword(label: &str) -> bool {
    matches!(
        label,
        "true" | "false" | "some" | "none" | "ok" | "err" | "inf" | "nan"
    )
}

fn flattenable(ty: &Type) -> bool {
    !matches!(ty, Type::Option(_) | Type::Result(_))
}

impl<'d> Writer<'d> {
    /// A writer drawing from `d`.
    pub fn new(d: &'d mut dyn Draw) -> Self {
        Writer { d }
    }

    /// The source of choices, for interleaving other draws.
    pub fn draw(&mut self) -> &mut dyn Draw {
        &mut *self.d
    }

    /// Whitespace and comments, usually nothing.
    pub fn gap(&mut self) -> String {
        const GAPS: &[&str] = &[
            " ",
            "  ",
            "\n",
            "\t",
            "\r\n",
            " // note\n",
            "//\n  ",
            "\n\n",
        ];
        match self.d.below(3) {
            0 => GAPS[self.d.below(GAPS.len())].to_string(),
            _ => String::new(),
        }
    }

    /// A label as a case or field name: `%` where it is a keyword, sometimes elsewhere.
    fn label(&mut self, label: &str, keywords_need_escape: bool) -> String {
        if (keywords_need_escape && keyword(label)) || self.d.one_in(4) {
            format!("%{label}")
        } else {
            label.to_string()
        }
    }

    /// `items` between `open` and `close`, comma-separated, maybe a trailing comma.
    fn sequence(&mut self, open: char, close: char, items: Vec<String>) -> String {
        let mut out = String::from(open);
        let count = items.len();
        for (i, item) in items.into_iter().enumerate() {
            out += &self.gap();
            out += &item;
            out += &self.gap();
            if i + 1 < count || self.d.one_in(3) {
                out.push(',');
            }
        }
        out += &self.gap();
        out.push(close);
        out
    }

    /// `val` of `ty` in WAVE.
    pub fn value(&mut self, val: &Val, ty: &Type) -> String {
        match (val, ty) {
            (Val::Bool(b), _) => b.to_string(),
            (Val::U8(0) | Val::U16(0) | Val::U32(0) | Val::U64(0), _) if self.d.one_in(3) => {
                "-0".to_string()
            }
            (Val::U8(n), _) => n.to_string(),
            (Val::U16(n), _) => n.to_string(),
            (Val::U32(n), _) => n.to_string(),
            (Val::U64(n), _) => n.to_string(),
            (Val::S8(n), _) => n.to_string(),
            (Val::S16(n), _) => n.to_string(),
            (Val::S32(n), _) => n.to_string(),
            (Val::S64(n), _) => n.to_string(),
            (Val::Float32(x), _) => self.float(f64::from(*x), x.to_string(), format!("{x:e}")),
            (Val::Float64(x), _) => self.float(*x, x.to_string(), format!("{x:E}")),
            (Val::Char(c), _) => format!("'{}'", self.escaped(*c, '\'')),
            (Val::String(s), _) if self.d.one_in(4) => self.multiline(s),
            (Val::String(s), _) => {
                let body: String = s.chars().map(|c| self.escaped(c, '"')).collect();
                format!("\"{body}\"")
            }
            (Val::List(items), Type::List(list)) => {
                let items = items.iter().map(|v| self.value(v, &list.ty())).collect();
                self.sequence('[', ']', items)
            }
            (Val::Tuple(items), Type::Tuple(tuple)) => {
                let items = items
                    .iter()
                    .zip(tuple.types())
                    .map(|(v, t)| self.value(v, &t))
                    .collect();
                self.sequence('(', ')', items)
            }
            (Val::Record(fields), Type::Record(record)) => self.record(fields, record),
            (Val::Variant(case, payload), Type::Variant(variant)) => {
                let label = self.label(case, true);
                let ty = variant.cases().find(|c| c.name == case).and_then(|c| c.ty);
                match (payload, ty) {
                    (Some(p), Some(t)) => format!("{label}{}({})", self.gap(), self.value(p, &t)),
                    _ => label,
                }
            }
            (Val::Enum(case), _) => self.label(case, true),
            (Val::Option(None), _) => "none".to_string(),
            (Val::Option(Some(v)), Type::Option(option)) => {
                let inner = option.ty();
                let written = self.value(v, &inner);
                match flattenable(&inner) && self.d.one_in(2) {
                    true => written,
                    false => format!("some{}({written})", self.gap()),
                }
            }
            (Val::Result(r), Type::Result(result)) => {
                let (word, payload, ty) = match r {
                    Ok(p) => ("ok", p, result.ok()),
                    Err(p) => ("err", p, result.err()),
                };
                match (payload, ty) {
                    (Some(p), Some(t)) if word == "ok" && flattenable(&t) && self.d.one_in(2) => {
                        self.value(p, &t)
                    }
                    (Some(p), Some(t)) => format!("{word}{}({})", self.gap(), self.value(p, &t)),
                    _ => word.to_string(),
                }
            }
            (Val::Flags(names), _) => {
                let mut names: Vec<String> = names.clone();
                shuffle(self.d, &mut names);
                if names.is_empty() {
                    return format!("{{{}}}", self.gap());
                }
                let mut out = String::from("{");
                for (i, name) in names.iter().enumerate() {
                    out += &self.gap();
                    out += name;
                    if i + 1 < names.len() {
                        // wasm-wave lets the comma go.
                        out += if self.d.one_in(5) { " " } else { "," };
                    }
                }
                out += &self.gap();
                out + "}"
            }
            (val, ty) => panic!("no writer for {val:?} as {ty:?}"),
        }
    }

    fn float(&mut self, x: f64, display: String, exponent: String) -> String {
        if x.is_nan() {
            "nan".to_string()
        } else if x.is_infinite() {
            if x > 0.0 { "inf" } else { "-inf" }.to_string()
        } else if self.d.one_in(3) {
            exponent
        } else {
            display
        }
    }

    /// One char inside `quote`s: required escapes, and others at random.
    fn escaped(&mut self, c: char, quote: char) -> String {
        match c {
            '\\' => "\\\\".to_string(),
            '\n' => "\\n".to_string(),
            c if c == quote => format!("\\{c}"),
            _ if self.d.one_in(5) => {
                let hex = format!("{:x}", c as u32);
                let zeros = self.d.below(7 - hex.len());
                format!("\\u{{{}{hex}}}", "0".repeat(zeros))
            }
            '\t' if self.d.one_in(2) => "\\t".to_string(),
            '\r' if self.d.one_in(2) => "\\r".to_string(),
            '"' | '\'' if self.d.one_in(2) => format!("\\{c}"),
            c => c.to_string(),
        }
    }

    /// A `"""` string: the closing delimiter's indent on every line.
    fn multiline(&mut self, s: &str) -> String {
        let indent = " ".repeat(self.d.below(4));
        // A `\r` before a line break is dropped.
        let newline = if self.d.one_in(3) { "\r\n" } else { "\n" };
        let mut out = String::from("\"\"\"") + newline;
        for line in s.split('\n') {
            out += &indent;
            for c in line.chars() {
                // Quotes are escaped so that no `"""` appears; a raw `\r` could end a line.
                out += &match c {
                    '"' => "\\\"".to_string(),
                    '\r' => "\\r".to_string(),
                    c => self.escaped(c, '"'),
                };
            }
            out += newline;
        }
        out + &indent + "\"\"\""
    }

    fn record(
        &mut self,
        fields: &[(String, Val)],
        record: &wasmtime::component::types::Record,
    ) -> String {
        let mut written: Vec<String> = Vec::new();
        for ((name, value), field) in fields.iter().zip(record.fields()) {
            if matches!(value, Val::Option(None)) && self.d.one_in(2) {
                continue;
            }
            let label = self.label(name, false);
            let gap = self.gap();
            written.push(format!(
                "{label}{gap}:{}{}",
                self.gap(),
                self.value(value, &field.ty)
            ));
        }
        if written.is_empty() {
            return format!("{{{}:{}}}", self.gap(), self.gap());
        }
        shuffle(self.d, &mut written);
        let mut out = String::from("{");
        let count = written.len();
        for (i, field) in written.into_iter().enumerate() {
            out += &self.gap();
            out += &field;
            if i + 1 < count {
                // wasm-wave lets the comma between fields go (`{a: 1e: 2}` is two fields).
                out += ["", " ", ",", ",", ",", ","][self.d.below(6)];
            } else if self.d.one_in(3) {
                out.push(',');
            }
        }
        out += &self.gap();
        out + "}"
    }
}

fn shuffle<T>(d: &mut dyn Draw, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, d.below(i + 1));
    }
}

/// Pieces spliced into texts: structure, keywords, escapes, numbers, trivia.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "\\",
    "%",
    "some(",
    "none",
    "ok",
    "err(",
    "true",
    "inf",
    "-inf",
    "nan",
    "-0",
    "-",
    "e",
    "E5",
    "e-3",
    ".",
    ".5",
    "0",
    "9",
    "1e400",
    "99999999999999999999999",
    "\\u{",
    "\\u{d800}",
    "\\u{110000}",
    "\\u{0}",
    "}",
    "\"\"\"",
    "\"\"\"\n",
    "\n",
    "\r",
    "\t",
    " ",
    "//",
    "/",
    "{:}",
    "{}",
    "a",
    "B",
    "-x",
    "é",
    "\u{0}",
    "\u{a0}",
];

/// One edit: insert a piece, delete, duplicate, cut the end, or change one character.
pub fn mutate(text: &mut String, d: &mut dyn Draw) {
    let floor = |s: &str, mut i: usize| {
        while i > 0 && !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let at = floor(text, d.below(text.len() + 1));
    match d.below(6) {
        0 | 1 => text.insert_str(at, TOKENS[d.below(TOKENS.len())]),
        2 => {
            let end = floor(text, (at + 1 + d.below(6)).min(text.len()));
            text.replace_range(at..end.max(at), "");
        }
        3 => {
            let end = floor(text, (at + d.below(12)).min(text.len()));
            let slice = text[at..end.max(at)].to_string();
            text.insert_str(at, &slice);
        }
        4 => {
            let Some(c) = text[at..].chars().next() else {
                return;
            };
            let swapped = match c {
                'a'..='z' => c.to_ascii_uppercase(),
                'A'..='Z' => c.to_ascii_lowercase(),
                '0'..='8' => (c as u8 + 1) as char,
                _ => ' ',
            };
            text.replace_range(at..at + c.len_utf8(), &swapped.to_string());
        }
        _ => text.truncate(at),
    }
}
