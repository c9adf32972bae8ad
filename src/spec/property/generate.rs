//! Values of any WIT type for property tests: random ones that grow with the case number, and
//! edge values (empty strings, U+10FFFF, NaN, the extremes of every integer type) often
//! enough that a few dozen cases meet them.

use wasmtime::component::{Type, Val};

use super::rng::Rng;

/// The most values one case generates, nested ones included, so that lists of lists stay
/// small whatever the size.
const BUDGET: usize = 4096;

/// Why values of a type cannot be generated: handles, futures and streams only exist inside
/// an instance.
pub(super) fn unsupported(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::Own(_) | Type::Borrow(_) => Some("resource handles"),
        Type::Future(_) => Some("futures"),
        Type::Stream(_) => Some("streams"),
        Type::ErrorContext => Some("error contexts"),
        Type::List(l) => unsupported(&l.ty()),
        Type::FixedLengthList(l) => unsupported(&l.ty()),
        Type::Map(m) => unsupported(&m.key()).or_else(|| unsupported(&m.value())),
        Type::Record(r) => r.fields().find_map(|f| unsupported(&f.ty)),
        Type::Tuple(t) => t.types().find_map(|t| unsupported(&t)),
        Type::Variant(v) => v.cases().find_map(|c| c.ty.as_ref().and_then(unsupported)),
        Type::Option(o) => unsupported(&o.ty()),
        Type::Result(r) => r
            .ok()
            .as_ref()
            .and_then(unsupported)
            .or_else(|| r.err().as_ref().and_then(unsupported)),
        _ => None,
    }
}

/// Generates one value per type; `size` (1 up to the property's `max-size`) bounds the
/// lengths of strings and lists and the magnitude of most numbers.
pub(super) fn values(types: &[Type], rng: &mut Rng, size: u32) -> Vec<Val> {
    let mut g = Generator {
        rng,
        size: u64::from(size.max(1)),
        budget: BUDGET,
    };
    types.iter().map(|ty| g.value(ty, 0)).collect()
}

struct Generator<'a> {
    rng: &'a mut Rng,
    size: u64,
    budget: usize,
}

const CHAR_EDGES: [char; 16] = [
    '\0',
    'a',
    '\n',
    '"',
    '\'',
    '\\',
    '\u{7f}',
    '\u{80}',
    '\u{7ff}',
    '\u{800}',
    '\u{d7ff}',
    '\u{e000}',
    '\u{fffd}',
    '\u{ffff}',
    '\u{10000}',
    '\u{10ffff}',
];

impl Generator<'_> {
    /// A length for a string or list: often 0 when the budget runs low.
    fn len(&mut self, depth: u32) -> u64 {
        if self.budget == 0 || self.rng.one_in(8) {
            return 0;
        }
        // Nested lists get shorter, so the total stays near the size.
        let max = (self.size >> depth.min(6)).max(1);
        self.rng.below(max + 1).min(self.budget as u64)
    }

    /// `len` values of `ty`, fewer when the budget runs out on the way.
    fn items(&mut self, len: u64, ty: &Type, depth: u32) -> Vec<Val> {
        let mut items = Vec::new();
        for _ in 0..len {
            if self.budget == 0 {
                break;
            }
            items.push(self.value(ty, depth + 1));
        }
        items
    }

    fn spend(&mut self, n: u64) {
        self.budget = self
            .budget
            .saturating_sub(usize::try_from(n).unwrap_or(usize::MAX));
    }

    /// An integer in `min..=max`: an edge value a quarter of the time, a small one (within
    /// the size of zero) half the time, else anything.
    fn int(&mut self, min: i128, max: i128) -> i128 {
        match self.rng.below(4) {
            0 => *self
                .rng
                .pick(&[min, max, 0, 1, min + 1, max - 1, (-1i128).max(min)]),
            1 => {
                let span = i128::from(self.size);
                let low = (-span).max(min);
                let high = span.min(max);
                low + i128::from(self.rng.below((high - low) as u64 + 1))
            }
            _ => {
                let width = (max - min) as u128 + 1;
                let raw = u128::from(self.rng.next_u64()) << 64 | u128::from(self.rng.next_u64());
                min + (raw % width) as i128
            }
        }
    }

    fn float(&mut self) -> f64 {
        match self.rng.below(4) {
            0 => *self.rng.pick(&[
                0.0,
                -0.0,
                1.0,
                -1.0,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::MIN_POSITIVE,
                5e-324,
                f64::MAX,
                f64::MIN,
                0.1,
            ]),
            1 => f64::from_bits(self.rng.next_u64()),
            _ => {
                // A short decimal: digits over a power of ten.
                let digits = self.int(-(1 << 24), 1 << 24) as f64;
                digits / 10f64.powi(self.rng.below(4) as i32)
            }
        }
    }

    fn char(&mut self) -> char {
        match self.rng.below(4) {
            0 => *self.rng.pick(&CHAR_EDGES),
            1 => loop {
                if let Some(c) = char::from_u32(self.rng.below(0x11_0000) as u32) {
                    break c;
                }
            },
            _ => char::from(b' ' + self.rng.below(95) as u8),
        }
    }

    fn value(&mut self, ty: &Type, depth: u32) -> Val {
        self.spend(1);
        match ty {
            Type::Bool => Val::Bool(self.rng.one_in(2)),
            Type::S8 => Val::S8(self.int(i8::MIN.into(), i8::MAX.into()) as i8),
            Type::U8 => Val::U8(self.int(0, u8::MAX.into()) as u8),
            Type::S16 => Val::S16(self.int(i16::MIN.into(), i16::MAX.into()) as i16),
            Type::U16 => Val::U16(self.int(0, u16::MAX.into()) as u16),
            Type::S32 => Val::S32(self.int(i32::MIN.into(), i32::MAX.into()) as i32),
            Type::U32 => Val::U32(self.int(0, u32::MAX.into()) as u32),
            Type::S64 => Val::S64(self.int(i64::MIN.into(), i64::MAX.into()) as i64),
            Type::U64 => Val::U64(self.int(0, u64::MAX.into()) as u64),
            Type::Float32 => Val::Float32(self.float() as f32),
            Type::Float64 => Val::Float64(self.float()),
            Type::Char => Val::Char(self.char()),
            Type::String => {
                let len = self.len(depth);
                self.spend(len);
                Val::String((0..len).map(|_| self.char()).collect())
            }
            Type::List(list) => {
                let len = self.len(depth);
                Val::List(self.items(len, &list.ty(), depth))
            }
            Type::FixedLengthList(list) => {
                let ty = list.ty();
                Val::FixedLengthList(
                    (0..list.len())
                        .map(|_| self.value(&ty, depth + 1))
                        .collect(),
                )
            }
            Type::Map(map) => {
                let len = self.len(depth);
                let (key, value) = (map.key(), map.value());
                let mut pairs: Vec<(Val, Val)> = Vec::new();
                for _ in 0..len {
                    if self.budget == 0 {
                        break;
                    }
                    let k = self.value(&key, depth + 1);
                    if !pairs.iter().any(|(existing, _)| *existing == k) {
                        let v = self.value(&value, depth + 1);
                        pairs.push((k, v));
                    }
                }
                Val::Map(pairs)
            }
            Type::Record(record) => Val::Record(
                record
                    .fields()
                    .map(|f| (f.name.to_string(), self.value(&f.ty, depth + 1)))
                    .collect(),
            ),
            Type::Tuple(tuple) => {
                Val::Tuple(tuple.types().map(|t| self.value(&t, depth + 1)).collect())
            }
            Type::Variant(variant) => {
                let cases: Vec<_> = variant
                    .cases()
                    .map(|c| (c.name.to_string(), c.ty))
                    .collect();
                let (name, payload) = self.rng.pick(&cases).clone();
                let payload = payload.map(|t| Box::new(self.value(&t, depth + 1)));
                Val::Variant(name, payload)
            }
            Type::Enum(e) => {
                let names: Vec<&str> = e.names().collect();
                Val::Enum(self.rng.pick(&names).to_string())
            }
            Type::Option(option) => {
                if self.budget == 0 || self.rng.one_in(4) {
                    Val::Option(None)
                } else {
                    Val::Option(Some(Box::new(self.value(&option.ty(), depth + 1))))
                }
            }
            Type::Result(result) => {
                let (ok, ty) = if self.rng.one_in(2) {
                    (true, result.ok())
                } else {
                    (false, result.err())
                };
                let payload = ty.map(|t| Box::new(self.value(&t, depth + 1)));
                Val::Result(if ok { Ok(payload) } else { Err(payload) })
            }
            Type::Flags(flags) => Val::Flags(
                flags
                    .names()
                    .filter(|_| self.rng.one_in(2))
                    .map(str::to_string)
                    .collect(),
            ),
            Type::Own(_)
            | Type::Borrow(_)
            | Type::Future(_)
            | Type::Stream(_)
            | Type::ErrorContext => unreachable!("checked by `unsupported` first"),
        }
    }
}

/// The simplest value of a type: what a shrunk variant payload or a new list element is.
pub(super) fn simplest(ty: &Type) -> Val {
    match ty {
        Type::Bool => Val::Bool(false),
        Type::S8 => Val::S8(0),
        Type::U8 => Val::U8(0),
        Type::S16 => Val::S16(0),
        Type::U16 => Val::U16(0),
        Type::S32 => Val::S32(0),
        Type::U32 => Val::U32(0),
        Type::S64 => Val::S64(0),
        Type::U64 => Val::U64(0),
        Type::Float32 => Val::Float32(0.0),
        Type::Float64 => Val::Float64(0.0),
        Type::Char => Val::Char('a'),
        Type::String => Val::String(String::new()),
        Type::List(_) => Val::List(Vec::new()),
        Type::Map(_) => Val::Map(Vec::new()),
        Type::FixedLengthList(l) => {
            Val::FixedLengthList((0..l.len()).map(|_| simplest(&l.ty())).collect())
        }
        Type::Record(r) => Val::Record(
            r.fields()
                .map(|f| (f.name.to_string(), simplest(&f.ty)))
                .collect(),
        ),
        Type::Tuple(t) => Val::Tuple(t.types().map(|t| simplest(&t)).collect()),
        Type::Variant(v) => {
            let case = v.cases().next().expect("a variant has a case");
            Val::Variant(
                case.name.to_string(),
                case.ty.map(|t| Box::new(simplest(&t))),
            )
        }
        Type::Enum(e) => Val::Enum(e.names().next().unwrap_or_default().to_string()),
        Type::Option(_) => Val::Option(None),
        Type::Result(r) => Val::Result(Ok(r.ok().map(|t| Box::new(simplest(&t))))),
        Type::Flags(_) => Val::Flags(Vec::new()),
        Type::Own(_) | Type::Borrow(_) | Type::Future(_) | Type::Stream(_) | Type::ErrorContext => {
            unreachable!("checked by `unsupported` first")
        }
    }
}

#[cfg(test)]
mod tests {
    use wasmtime::component::types::ComponentItem;
    use wasmtime::component::{Component, Type, Val};

    use super::*;

    /// The parameter types of `f(a: string, b: float64, c: u32, d: char, e: list<list<u8>>)`.
    fn types() -> Vec<Type> {
        let engine = wasmtime::Engine::default();
        let component = Component::new(
            &engine,
            r#"(component
              (core module $m
                (memory (export "memory") 1)
                (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
                (func (export "f") (param i32 i32 f64 i32 i32 i32 i32)))
              (core instance $i (instantiate $m))
              (type $t (func (param "a" string) (param "b" float64) (param "c" u32)
                (param "d" char) (param "e" (list (list u8)))))
              (func (export "f") (type $t)
                (canon lift (core func $i "f") (memory $i "memory") (realloc (func $i "realloc")))))"#,
        )
        .unwrap();
        let ty = component.component_type();
        let (_, item) = ty.exports(&engine).next().unwrap();
        let ComponentItem::ComponentFunc(func) = item.ty else {
            panic!("not a function")
        };
        func.params().map(|(_, t)| t).collect()
    }

    #[test]
    fn edge_values_come_up_within_a_few_hundred_cases() {
        let types = types();
        let mut rng = Rng::new(42);
        let (mut empty, mut max_char, mut nan, mut max_u32, mut zero, mut nested) =
            (false, false, false, false, false, false);
        for case in 0..300 {
            let values = values(&types, &mut rng, 1 + case / 10);
            let [
                Val::String(s),
                Val::Float64(f),
                Val::U32(u),
                Val::Char(_),
                Val::List(l),
            ] = values.as_slice()
            else {
                panic!("{values:?}")
            };
            empty |= s.is_empty();
            max_char |= s.contains('\u{10ffff}');
            nan |= f.is_nan();
            max_u32 |= *u == u32::MAX;
            zero |= *u == 0;
            nested |= l
                .iter()
                .any(|inner| matches!(inner, Val::List(v) if !v.is_empty()));
        }
        assert!(empty && max_char && nan && max_u32 && zero && nested);
    }

    #[test]
    fn a_seed_gives_the_same_values() {
        let types = types();
        let a = values(&types, &mut Rng::new(7), 20);
        let b = values(&types, &mut Rng::new(7), 20);
        assert_eq!(a, b);
        assert_ne!(a, values(&types, &mut Rng::new(8), 20));
    }

    #[test]
    fn the_budget_bounds_nested_lists() {
        let types = types();
        let mut rng = Rng::new(1);
        for _ in 0..50 {
            let values = values(&types, &mut rng, 10_000);
            let Val::List(outer) = &values[4] else {
                panic!()
            };
            let total: usize = outer
                .iter()
                .map(|v| match v {
                    Val::List(inner) => inner.len() + 1,
                    _ => 1,
                })
                .sum();
            assert!(total <= BUDGET, "{total}");
        }
    }
}
