//! Shared by the ABI tests, here and in the wavecall package (`tests/abi_echo.rs` includes
//! this file): a seeded generator of random WIT types and of values of those types.
//!
//! A hand-rolled generator rather than `proptest`: the types are WIT text that must be
//! parsed (and, for the echo proof, componentised) per batch, which proptest's shrinking
//! cannot help with.
#![allow(dead_code)]

use std::fmt::Write as _;

use wavecall_abi::Value;
use wavecall_abi::wit_parser::{Resolve, Type, TypeDefKind};

/// SplitMix64: tiny, seeded, good enough to pick shapes and values.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next() % den < num
    }
}

/// Builds the text of a world of random types and functions.
pub struct WitGen<'r> {
    rng: &'r mut Rng,
    defs: Vec<String>,
}

const LEAVES: &[&str] = &[
    "bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char", "string",
];

impl<'r> WitGen<'r> {
    pub fn new(rng: &'r mut Rng) -> Self {
        WitGen {
            rng,
            defs: Vec::new(),
        }
    }

    fn name(&mut self) -> String {
        format!("t{}", self.defs.len())
    }

    pub fn ty(&mut self, depth: u32) -> String {
        if depth == 0 || self.rng.chance(2, 5) {
            return LEAVES[self.rng.below(LEAVES.len())].to_string();
        }
        let d = depth - 1;
        match self.rng.below(9) {
            0 => format!("list<{}>", self.ty(d)),
            1 => format!("option<{}>", self.ty(d)),
            2 => match self.rng.below(4) {
                0 => "result".to_string(),
                1 => format!("result<{}>", self.ty(d)),
                2 => format!("result<_, {}>", self.ty(d)),
                _ => format!("result<{}, {}>", self.ty(d), self.ty(d)),
            },
            3 => {
                let n = 1 + self.rng.below(4);
                let parts: Vec<String> = (0..n).map(|_| self.ty(d)).collect();
                format!("tuple<{}>", parts.join(", "))
            }
            4 => {
                let n = 1 + self.rng.below(4);
                let fields: Vec<String> = (0..n).map(|i| format!("a{i}: {}", self.ty(d))).collect();
                let name = self.name();
                self.defs
                    .push(format!("record {name} {{ {} }}", fields.join(", ")));
                name
            }
            5 | 6 => {
                let n = 1 + self.rng.below(5);
                let cases: Vec<String> = (0..n)
                    .map(|i| {
                        if self.rng.chance(1, 4) {
                            format!("c{i}")
                        } else {
                            format!("c{i}({})", self.ty(d))
                        }
                    })
                    .collect();
                let name = self.name();
                self.defs
                    .push(format!("variant {name} {{ {} }}", cases.join(", ")));
                name
            }
            7 => {
                // Now and then enough cases for a two-byte discriminant.
                let n = if self.rng.chance(1, 8) {
                    300
                } else {
                    1 + self.rng.below(6)
                };
                let cases: Vec<String> = (0..n).map(|i| format!("e{i}")).collect();
                let name = self.name();
                self.defs
                    .push(format!("enum {name} {{ {} }}", cases.join(", ")));
                name
            }
            _ => {
                let n = 1 + self.rng.below(32);
                let flags: Vec<String> = (0..n).map(|i| format!("g{i}")).collect();
                let name = self.name();
                self.defs
                    .push(format!("flags {name} {{ {} }}", flags.join(", ")));
                name
            }
        }
    }

    /// A world `gen` with the echo runtime's exports and `funcs` random functions; with
    /// `results`, functions return random types too (for signature checks, not echo).
    pub fn world(mut self, funcs: usize, results: bool) -> String {
        let mut exports = String::new();
        for f in 0..funcs {
            let many = self.rng.chance(1, 6);
            let n = if many {
                6 + self.rng.below(10)
            } else {
                self.rng.below(6)
            };
            let depth = if many { 1 } else { 3 };
            let params: Vec<String> = (0..n)
                .map(|i| format!("p{i}: {}", self.ty(depth)))
                .collect();
            let result = if results && self.rng.chance(3, 4) {
                format!(" -> {}", self.ty(2))
            } else {
                String::new()
            };
            let _ = writeln!(
                exports,
                "  export f{f}: func({}){result};",
                params.join(", ")
            );
        }
        let mut out = String::from("package test:gen;\n\nworld gen {\n");
        for def in &self.defs {
            let _ = writeln!(out, "  {def}");
        }
        out.push_str("  export reset: func(base: u32);\n  export dump: func() -> list<u8>;\n");
        out.push_str(&exports);
        out.push_str("}\n");
        out
    }
}

const CHARS: &[char] = &['a', 'Z', ' ', '\0', 'é', 'ÿ', '€', '日', '😀', '\u{7f}'];

fn float_bits32(rng: &mut Rng) -> f32 {
    match rng.below(6) {
        0 => 0.0,
        1 => -0.0,
        2 => f32::INFINITY,
        3 => f32::from_bits(0x7f80_0000 | (rng.next() as u32 & 0x807f_ffff) | 1),
        _ => f32::from_bits(rng.next() as u32),
    }
}

fn float_bits64(rng: &mut Rng) -> f64 {
    match rng.below(6) {
        0 => 0.0,
        1 => -0.0,
        2 => f64::NEG_INFINITY,
        3 => f64::from_bits(0x7ff0_0000_0000_0000 | (rng.next() & 0x800f_ffff_ffff_ffff) | 1),
        _ => f64::from_bits(rng.next()),
    }
}

/// A random value of `ty`.
pub fn random_value(resolve: &Resolve, ty: &Type, rng: &mut Rng) -> Value {
    match ty {
        Type::Bool => Value::Bool(rng.chance(1, 2)),
        Type::U8 => Value::U8(rng.next() as u8),
        Type::U16 => Value::U16(rng.next() as u16),
        Type::U32 => Value::U32(rng.next() as u32),
        Type::U64 => Value::U64(rng.next()),
        Type::S8 => Value::S8(rng.next() as i8),
        Type::S16 => Value::S16(rng.next() as i16),
        Type::S32 => Value::S32(rng.next() as i32),
        Type::S64 => Value::S64(rng.next() as i64),
        Type::F32 => Value::F32(float_bits32(rng)),
        Type::F64 => Value::F64(float_bits64(rng)),
        Type::Char => Value::Char(if rng.chance(1, 2) {
            CHARS[rng.below(CHARS.len())]
        } else {
            char::from_u32(rng.next() as u32 % 0x11_0000).unwrap_or('?')
        }),
        Type::String => {
            let n = rng.below(7);
            Value::String((0..n).map(|_| CHARS[rng.below(CHARS.len())]).collect())
        }
        Type::ErrorContext => unreachable!("not generated"),
        Type::Id(id) => match &resolve.types[*id].kind {
            TypeDefKind::Type(t) => random_value(resolve, t, rng),
            TypeDefKind::Record(r) => Value::Record(
                r.fields
                    .iter()
                    .map(|f| (f.name.clone(), random_value(resolve, &f.ty, rng)))
                    .collect(),
            ),
            TypeDefKind::Tuple(t) => Value::Tuple(
                t.types
                    .iter()
                    .map(|t| random_value(resolve, t, rng))
                    .collect(),
            ),
            TypeDefKind::Variant(v) => {
                let case = &v.cases[rng.below(v.cases.len())];
                Value::Variant(
                    case.name.clone(),
                    case.ty
                        .as_ref()
                        .map(|t| Box::new(random_value(resolve, t, rng))),
                )
            }
            TypeDefKind::Enum(e) => Value::Enum(e.cases[rng.below(e.cases.len())].name.clone()),
            TypeDefKind::Option(t) => Value::Option(
                rng.chance(2, 3)
                    .then(|| Box::new(random_value(resolve, t, rng))),
            ),
            TypeDefKind::Result(r) => {
                if rng.chance(1, 2) {
                    Value::Result(Ok(r
                        .ok
                        .as_ref()
                        .map(|t| Box::new(random_value(resolve, t, rng)))))
                } else {
                    Value::Result(Err(r
                        .err
                        .as_ref()
                        .map(|t| Box::new(random_value(resolve, t, rng)))))
                }
            }
            TypeDefKind::Flags(f) => Value::Flags(
                f.flags
                    .iter()
                    .filter(|_| rng.chance(1, 2))
                    .map(|f| f.name.clone())
                    .collect(),
            ),
            TypeDefKind::List(t) => {
                let n = rng.below(4);
                Value::List((0..n).map(|_| random_value(resolve, t, rng)).collect())
            }
            other => unreachable!("not generated: {other:?}"),
        },
    }
}
