//! The typed parser: WAVE tokens read against a [`Shape`], straight into `Val`s.
//!
//! Each method mirrors one step of the reference path, wasm-wave's `Parser` (which node a
//! token starts, what may follow it, the nesting limit) followed by wavecall's `Converter`
//! (which nodes a type accepts, the `some`/`ok` shorthand, omitted `option` fields, unknown
//! fields and cases refused). Every method answers only "this value" or "not accepted":
//! why a call is refused is the reference path's job, which reruns on any `None`.

use wasmtime::component::Val;

use super::grow;
use super::lexer::{Kind, Lexer, Token};
use super::shape::Shape;
use super::text;
use crate::invocation::{HandleRef, HandleScope};

/// wasm-wave's nesting limit: a node nested more than this deep is an error.
const MAX_DEPTH: usize = 100;

/// WAVE's keywords; written with `%` they are plain labels.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keyword {
    True,
    False,
    Some,
    None,
    Ok,
    Err,
    Inf,
    Nan,
}

fn keyword(label: &str) -> Option<Keyword> {
    Some(match label {
        "true" => Keyword::True,
        "false" => Keyword::False,
        "some" => Keyword::Some,
        "none" => Keyword::None,
        "ok" => Keyword::Ok,
        "err" => Keyword::Err,
        "inf" => Keyword::Inf,
        "nan" => Keyword::Nan,
        _ => return None,
    })
}

/// A label without its `%` escape.
fn name(label: &str) -> &str {
    label.strip_prefix('%').unwrap_or(label)
}

pub(super) struct Parser<'a> {
    pub lex: Lexer<'a>,
    scope: &'a dyn HandleScope,
    /// Record fields being filled, innermost record last.
    slots: Vec<Option<Val>>,
}

impl<'a> Parser<'a> {
    pub fn new(lex: Lexer<'a>, scope: &'a dyn HandleScope) -> Self {
        Parser {
            lex,
            scope,
            slots: Vec::new(),
        }
    }

    /// The value that starts at the next token; `parent` is how deep the enclosing node is.
    pub fn value(&mut self, shape: &Shape, parent: usize) -> Option<Val> {
        if parent >= MAX_DEPTH {
            return None;
        }
        // An integer type takes nothing but a number: read it while lexing it.
        match shape {
            Shape::S8 => return Some(Val::S8(self.lex.integer()?)),
            Shape::U8 => return Some(Val::U8(self.lex.integer()?)),
            Shape::S16 => return Some(Val::S16(self.lex.integer()?)),
            Shape::U16 => return Some(Val::U16(self.lex.integer()?)),
            Shape::S32 => return Some(Val::S32(self.lex.integer()?)),
            Shape::U32 => return Some(Val::U32(self.lex.integer()?)),
            Shape::S64 => return Some(Val::S64(self.lex.integer()?)),
            Shape::U64 => return Some(Val::U64(self.lex.integer()?)),
            _ => {}
        }
        let token = self.lex.next()?;
        self.node(token, shape, parent + 1)
    }

    /// Expects the one-byte token `byte` next.
    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.lex.next()?.kind == Kind::Punct(byte)).then_some(())
    }

    /// The node `token` starts, `depth` deep, as a value of `shape`.
    fn node(&mut self, token: Token, shape: &Shape, depth: usize) -> Option<Val> {
        let slice = self.lex.slice(token);
        let word = match token.kind {
            Kind::Label => keyword(slice),
            _ => None,
        };
        Some(match (token.kind, shape) {
            (_, Shape::Option(some)) => self.option(token, word, some, depth)?,
            (_, Shape::Result(ok, err)) => self.result(token, word, ok, err, depth)?,
            (Kind::Label, Shape::Bool) => match word? {
                Keyword::True => Val::Bool(true),
                Keyword::False => Val::Bool(false),
                _ => return None,
            },
            (Kind::Number, Shape::S8) => Val::S8(integer(slice)?),
            (Kind::Number, Shape::U8) => Val::U8(integer(slice)?),
            (Kind::Number, Shape::S16) => Val::S16(integer(slice)?),
            (Kind::Number, Shape::U16) => Val::U16(integer(slice)?),
            (Kind::Number, Shape::S32) => Val::S32(integer(slice)?),
            (Kind::Number, Shape::U32) => Val::U32(integer(slice)?),
            (Kind::Number, Shape::S64) => Val::S64(integer(slice)?),
            (Kind::Number, Shape::U64) => Val::U64(integer(slice)?),
            (Kind::Number, Shape::F32) => Val::Float32(slice.parse().ok()?),
            (Kind::Number, Shape::F64) => Val::Float64(slice.parse().ok()?),
            // `inf` and `nan` are numbers in wasm-wave's tree; `-inf` is lexed as one.
            (Kind::Label, Shape::F32) if matches!(word, Some(Keyword::Inf | Keyword::Nan)) => {
                Val::Float32(slice.parse().ok()?)
            }
            (Kind::Label, Shape::F64) if matches!(word, Some(Keyword::Inf | Keyword::Nan)) => {
                Val::Float64(slice.parse().ok()?)
            }
            (Kind::Char, Shape::Char) => Val::Char(text::char_value(slice)?),
            (Kind::String { escaped }, Shape::String) => {
                Val::String(text::string_value(slice, escaped)?)
            }
            (Kind::Multiline, Shape::String) => Val::String(text::multiline_value(slice)?),
            (Kind::Punct(b'['), Shape::List(element)) => Val::List(self.list(element, depth)?),
            (Kind::Punct(b'['), Shape::FixedList(element, len)) => {
                let items = self.list(element, depth)?;
                (items.len() == *len).then_some(())?;
                Val::FixedLengthList(items)
            }
            (Kind::Punct(b'['), Shape::Map(key, value)) => self.map(key, value, depth)?,
            (Kind::Punct(b'('), Shape::Tuple(types)) => {
                let mut items = Vec::with_capacity(types.len());
                self.sequence(b')', |p| {
                    let item = p.value(types.get(items.len())?, depth)?;
                    items.push(item);
                    Some(())
                })?;
                // wasm-wave has no empty tuple.
                (!items.is_empty() && items.len() == types.len()).then_some(())?;
                Val::Tuple(items)
            }
            (Kind::Punct(b'{'), Shape::Record(fields)) => self.record(fields, depth)?,
            (Kind::Punct(b'{'), Shape::Flags(names)) => self.flags(names)?,
            (Kind::Label, Shape::Variant(cases)) if word.is_none() => {
                let label = name(slice);
                let (case, ty) = cases.iter().find(|(case, _)| **case == *label)?;
                let payload = self.payload(ty.as_ref(), depth)?;
                Val::Variant(String::from(&**case), payload)
            }
            (Kind::Label, Shape::Enum(names)) if word.is_none() => {
                // A payload would make it a variant case.
                (self.lex.peek() != Some(b'(')).then_some(())?;
                let label = name(slice);
                Val::Enum(String::from(&**names.iter().find(|n| ***n == *label)?))
            }
            (Kind::Label, Shape::Handle(resource, owned)) if word.is_none() => {
                let reference = match self.lex.peek() {
                    Some(b'(') => {
                        self.lex.bump();
                        if depth >= MAX_DEPTH {
                            return None;
                        }
                        let number = self.lex.next()?;
                        (number.kind == Kind::Number).then_some(())?;
                        let number = self.lex.slice(number).parse().ok()?;
                        self.expect(b')')?;
                        HandleRef::Numbered {
                            resource: name(slice),
                            number,
                        }
                    }
                    _ => HandleRef::Binding(name(slice)),
                };
                Val::Resource(self.scope.lookup(reference, resource, *owned).ok()?)
            }
            _ => return None,
        })
    }

    fn option(
        &mut self,
        token: Token,
        word: Option<Keyword>,
        some: &Shape,
        depth: usize,
    ) -> Option<Val> {
        Some(Val::Option(match word {
            Some(Keyword::Some) => {
                self.expect(b'(')?;
                let value = self.value(some, depth)?;
                self.expect(b')')?;
                Some(Box::new(value))
            }
            Some(Keyword::None) => None,
            _ if some.flattenable() => Some(Box::new(self.node(token, some, depth)?)),
            _ => return None,
        }))
    }

    fn result(
        &mut self,
        token: Token,
        word: Option<Keyword>,
        ok: &Option<Box<Shape>>,
        err: &Option<Box<Shape>>,
        depth: usize,
    ) -> Option<Val> {
        Some(Val::Result(match (word, ok) {
            (Some(Keyword::Ok), _) => Ok(self.payload(ok.as_deref(), depth)?),
            (Some(Keyword::Err), _) => Err(self.payload(err.as_deref(), depth)?),
            (_, Some(ok)) if ok.flattenable() => Ok(Some(Box::new(self.node(token, ok, depth)?))),
            _ => return None,
        }))
    }

    /// A case's `(payload)`, present exactly when the case has a type.
    fn payload(&mut self, ty: Option<&Shape>, depth: usize) -> Option<Option<Box<Val>>> {
        match (self.lex.peek(), ty) {
            (Some(b'('), Some(ty)) => {
                self.lex.bump();
                let value = self.value(ty, depth)?;
                self.expect(b')')?;
                Some(Some(Box::new(value)))
            }
            (Some(b'('), None) | (_, Some(_)) => None,
            (_, None) => Some(None),
        }
    }

    /// wasm-wave's comma-separated nodes up to `close`: possibly none, a trailing comma
    /// allowed. `item` parses one.
    pub fn sequence(
        &mut self,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        if self.lex.peek() == Some(close) {
            self.lex.bump();
            return Some(());
        }
        loop {
            item(self)?;
            match self.lex.peek()? {
                b',' => {
                    self.lex.bump();
                    if self.lex.peek() == Some(close) {
                        self.lex.bump();
                        return Some(());
                    }
                }
                b if b == close => {
                    self.lex.bump();
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn list(&mut self, element: &Shape, depth: usize) -> Option<Vec<Val>> {
        let mut items = Vec::new();
        // Lists of integers are the big arguments; each kind gets its own tight loop.
        match element {
            Shape::S8 => self.integers(&mut items, depth, Val::S8)?,
            Shape::U8 => self.integers(&mut items, depth, Val::U8)?,
            Shape::S16 => self.integers(&mut items, depth, Val::S16)?,
            Shape::U16 => self.integers(&mut items, depth, Val::U16)?,
            Shape::S32 => self.integers(&mut items, depth, Val::S32)?,
            Shape::U32 => self.integers(&mut items, depth, Val::U32)?,
            Shape::S64 => self.integers(&mut items, depth, Val::S64)?,
            Shape::U64 => self.integers(&mut items, depth, Val::U64)?,
            _ => {
                let start = self.lex.position();
                self.sequence(b']', |p| {
                    let item = p.value(element, depth)?;
                    let consumed = p.lex.position() - start;
                    grow::push(&mut items, item, consumed, p.lex.remaining());
                    Some(())
                })?
            }
        }
        Some(items)
    }

    /// [`Parser::sequence`] up to `]` of integers, as [`Parser::value`] reads each.
    fn integers<T: TryFrom<i128>>(
        &mut self,
        items: &mut Vec<Val>,
        depth: usize,
        make: fn(T) -> Val,
    ) -> Option<()> {
        let lex = &mut self.lex;
        if lex.peek()? == b']' {
            lex.bump();
            return Some(());
        }
        if depth >= MAX_DEPTH {
            return None;
        }
        let start = lex.position();
        loop {
            let item = make(lex.integer()?);
            grow::push(items, item, lex.position() - start, lex.remaining());
            // The usual separator first: `, ` and the next number.
            if lex.skip_comma_space_before_number() {
                continue;
            }
            match lex.peek()? {
                b',' => {
                    lex.bump();
                    if lex.peek() == Some(b']') {
                        lex.bump();
                        return Some(());
                    }
                }
                b']' => {
                    lex.bump();
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A map is written as a list of `(key, value)` tuples.
    fn map(&mut self, key: &Shape, value: &Shape, depth: usize) -> Option<Val> {
        let mut entries = Vec::new();
        self.sequence(b']', |p| {
            if depth >= MAX_DEPTH {
                return None;
            }
            p.expect(b'(')?;
            let mut entry = (None, None);
            p.sequence(b')', |p| {
                match entry {
                    (None, _) => entry.0 = Some(p.value(key, depth + 1)?),
                    (Some(_), None) => entry.1 = Some(p.value(value, depth + 1)?),
                    _ => return None,
                }
                Some(())
            })?;
            entries.push((entry.0?, entry.1?));
            Some(())
        })?;
        Some(Val::Map(entries))
    }

    /// After `{`: fields in any order, separated by commas (which wasm-wave lets one leave
    /// out), a trailing comma allowed, `{:}` for none; left-out `option` fields are `none`.
    fn record(&mut self, fields: &[(Box<str>, Shape)], depth: usize) -> Option<Val> {
        let base = self.slots.len();
        self.slots.resize_with(base + fields.len(), || None);
        let filled = self.record_fields(fields, base, depth);
        let slots = self.slots.drain(base..);
        filled?;
        let mut values = Vec::with_capacity(fields.len());
        for ((field, shape), slot) in fields.iter().zip(slots) {
            let value = match (slot, shape) {
                (Some(value), _) => value,
                (None, Shape::Option(_)) => Val::Option(None),
                (None, _) => return None,
            };
            values.push((String::from(&**field), value));
        }
        Some(Val::Record(values))
    }

    fn record_fields(
        &mut self,
        fields: &[(Box<str>, Shape)],
        base: usize,
        depth: usize,
    ) -> Option<()> {
        let mut token = self.lex.next()?;
        if token.kind == Kind::Punct(b':') {
            return self.expect(b'}');
        }
        // `{a}` would be flags.
        (self.lex.peek() == Some(b':')).then_some(())?;
        let mut next = 0;
        loop {
            (token.kind == Kind::Label).then_some(())?;
            let label = name(self.lex.slice(token));
            // Fields usually come in type order.
            let index = match fields.get(next) {
                Some((field, _)) if **field == *label => next,
                _ => fields.iter().position(|(field, _)| **field == *label)?,
            };
            next = index + 1;
            if self.slots[base + index].is_some() {
                return None;
            }
            self.expect(b':')?;
            let value = self.value(&fields[index].1, depth)?;
            self.slots[base + index] = Some(value);
            token = self.lex.next()?;
            if token.kind == Kind::Punct(b',') {
                token = self.lex.next()?;
            }
            if token.kind == Kind::Punct(b'}') {
                return Some(());
            }
        }
    }

    /// After `{`: flag names, each at most once and as the type spells it (wavecall's
    /// converter compares the written label, so `%name` is not accepted), in name order.
    fn flags(&mut self, names: &[Box<str>]) -> Option<Val> {
        let mut token = self.lex.next()?;
        let mut set: Vec<String> = Vec::new();
        if token.kind == Kind::Punct(b'}') {
            return Some(Val::Flags(set));
        }
        // `{a: …}` would be a record.
        (self.lex.peek() != Some(b':')).then_some(())?;
        loop {
            (token.kind == Kind::Label).then_some(())?;
            let label = self.lex.slice(token);
            let flag = names.iter().find(|n| ***n == *label)?;
            if set.iter().any(|s| *s == **flag) {
                return None;
            }
            set.push(String::from(&**flag));
            token = self.lex.next()?;
            if token.kind == Kind::Punct(b',') {
                token = self.lex.next()?;
            }
            if token.kind == Kind::Punct(b'}') {
                set.sort_unstable();
                return Some(Val::Flags(set));
            }
        }
    }
}

/// A decimal integer in `T`'s range, as `str::parse::<i128>` then `T::try_from` read it:
/// `-0` is zero, fractions, exponents, `inf` and `nan` are not integers.
fn integer<T: TryFrom<i128>>(text: &str) -> Option<T> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    // 20 digits hold every u64; anything longer is out of range for every integer type.
    if digits.is_empty() || digits.len() > 20 {
        return None;
    }
    let mut magnitude: u64 = 0;
    for b in digits.bytes() {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        magnitude = magnitude.checked_mul(10)?.checked_add(u64::from(digit))?;
    }
    let value = i128::from(magnitude);
    T::try_from(if negative { -value } else { value }).ok()
}
