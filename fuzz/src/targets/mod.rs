//! The fuzz targets, shared by the libFuzzer binaries in `fuzz/fuzz_targets/`, the stable
//! in-process loop `fuzz/src/bin/stable.rs` and the seeded smoke test `tests/fuzz_smoke.rs`
//! (which includes this file with `#[path]`). It depends only on wavecall and Wasmtime.
//!
//! Every target takes a [`Choices`] stream: a seeded RNG for the smoke test and the stable
//! loop, the fuzzer's bytes for libFuzzer. A target returns normally or panics: a panic is
//! a bug in wavecall (or in the crates it relies on) for the fuzzer to report.
//!
//! * [`call_text`]: a call of a random function type, as valid WAVE for a random value and
//!   then mutated, through parse → type check → render. Nothing may panic.
//! * [`round_trip`]: a random value of a random type, rendered as WAVE and parsed back with
//!   wavecall's converter, must be the same value (NaN equals NaN, `-0` is not `0`).
//! * [`component_bytes`]: bytes (often a mutated fixture) as a component: load, index the
//!   exports, decode the WIT. Errors are fine, panics are not.
//! * [`spec_file`] (`spec.rs`): a spec file, generated as TOML structure and values and then
//!   mutated, through `spec::parse`, the checks the runner makes on its calls and expected
//!   values, and now and then a real run of it.
//! * [`completion`] (`complete.rs`): a call cut short and mutated, completed and hinted
//!   at a random cursor (`wavecall::complete`).
//! * [`cli_values`] (`cli.rs`): command-line option values (durations, sizes, counts, host
//!   grants, mocks, paths) through their parsers, bounded reads and cp-like writes of odd
//!   files, and now and then a real call under the limits they describe.
//!
//! Every error a call text produces is rendered with its caret ([`check_error`]): spans must
//! lie on character boundaries for any input (issue 16 found Unicode white space in names
//! panicking the renderer).

#![allow(dead_code)]

#[cfg(unix)]
mod cli;
mod complete;
mod spec;

#[cfg(unix)]
pub use cli::{FileBox, call_with_limits, cli_values};
pub use complete::completion;
pub use spec::{SpecRun, spec_file};

use std::fmt::Write as _;

use wasmtime::component::{Type, Val};
use wavecall::error::InvocationError;
use wavecall::invocation;
use wavecall::render::{NoHandles, write_value};
use wavecall::{Program, Runtime, Source};

/// Where a target's decisions come from.
pub trait Choices {
    /// The next 64 random bits (zeros once a byte stream is used up).
    fn next_u64(&mut self) -> u64;

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// splitmix64: small, fast and good enough to drive generators.
pub struct Rng(pub u64);

impl Choices for Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A fuzzer's input read as choices, eight bytes at a time.
pub struct Bytes<'a>(pub &'a [u8]);

impl Choices for Bytes<'_> {
    fn next_u64(&mut self) -> u64 {
        let n = self.0.len().min(8);
        let mut word = [0u8; 8];
        word[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        u64::from_le_bytes(word)
    }
}

/// Labels that stress WAVE: keywords that need `%`, and ordinary names.
const LABELS: &[&str] = &[
    "a", "b", "x-y", "inf", "nan", "none", "some", "ok", "err", "true", "false", "red", "c2",
];

/// Writes a WIT world of `funcs` random functions; named types are declared in the world.
pub fn random_world(rng: &mut dyn Choices, funcs: usize) -> String {
    let mut decls = String::new();
    let mut exports = String::new();
    let mut next = 0;
    for f in 0..funcs {
        let params: Vec<String> = (0..rng.below(4))
            .map(|p| format!("p{p}: {}", wit_type(rng, 0, &mut decls, &mut next)))
            .collect();
        let result = if rng.one_in(4) {
            String::new()
        } else {
            format!(" -> {}", wit_type(rng, 0, &mut decls, &mut next))
        };
        let _ = writeln!(
            exports,
            "  export f{f}: func({}){result};",
            params.join(", ")
        );
    }
    format!("package fuzz:gen;\n\nworld gen {{\n{decls}{exports}}}\n")
}

fn distinct_labels(rng: &mut dyn Choices) -> Vec<&'static str> {
    let count = 1 + rng.below(4);
    let mut labels: Vec<&str> = Vec::new();
    while labels.len() < count {
        let label = LABELS[rng.below(LABELS.len())];
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels
}

fn wit_label(label: &str) -> String {
    // `%` escapes WIT keywords; escaping every label is always allowed.
    format!("%{label}")
}

fn wit_type(rng: &mut dyn Choices, depth: u32, decls: &mut String, next: &mut u32) -> String {
    const PRIMITIVES: &[&str] = &[
        "bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char",
        "string",
    ];
    let leaf = depth >= 3 || rng.one_in(2);
    if leaf {
        return PRIMITIVES[rng.below(PRIMITIVES.len())].to_string();
    }
    let d = depth + 1;
    match rng.below(8) {
        0 => format!("list<{}>", wit_type(rng, d, decls, next)),
        1 => format!("option<{}>", wit_type(rng, d, decls, next)),
        2 => match rng.below(4) {
            0 => {
                let ok = wit_type(rng, d, decls, next);
                format!("result<{ok}, {}>", wit_type(rng, d, decls, next))
            }
            1 => format!("result<_, {}>", wit_type(rng, d, decls, next)),
            2 => format!("result<{}>", wit_type(rng, d, decls, next)),
            _ => "result".to_string(),
        },
        3 => {
            let items: Vec<String> = (0..1 + rng.below(3))
                .map(|_| wit_type(rng, d, decls, next))
                .collect();
            format!("tuple<{}>", items.join(", "))
        }
        kind => {
            let labels = distinct_labels(rng);
            let body: Vec<String> = match kind {
                4 => labels
                    .iter()
                    .map(|l| format!("{}: {}", wit_label(l), wit_type(rng, d, decls, next)))
                    .collect(),
                5 => labels
                    .iter()
                    .map(|l| match rng.one_in(2) {
                        true => wit_label(l),
                        false => format!("{}({})", wit_label(l), wit_type(rng, d, decls, next)),
                    })
                    .collect(),
                _ => labels.iter().map(|l| wit_label(l)).collect(),
            };
            let name = format!("t{next}");
            *next += 1;
            let keyword = ["record", "variant", "enum", "flags"][kind - 4];
            let _ = writeln!(decls, "  {keyword} {name} {{ {} }}", body.join(", "));
            name
        }
    }
}

/// Builds a component exporting `wit`'s world, with bodies that trap (never called), and
/// loads it. `None` when the WIT is not accepted (a generator limitation, not a bug).
pub fn component_for(runtime: &Runtime, wit: &str) -> Option<Program> {
    use wasmtime::component::wit_parser::Resolve;
    let mut resolve = Resolve::default();
    let pkg = resolve.push_str("gen.wit", wit).ok()?;
    let world = resolve.select_world(&[pkg], None).ok()?;
    let mut module = trapping_module(&resolve, world)?;
    wit_component::embed_component_metadata(
        &mut module,
        &resolve,
        world,
        wit_component::StringEncoding::UTF8,
    )
    .ok()?;
    let bytes = wit_component::ComponentEncoder::default()
        .module(&module)
        .ok()?
        .validate(true)
        .encode()
        .ok()?;
    let source = Source::Bytes {
        name: "gen.wasm".into(),
        bytes,
    };
    Some(runtime.load(&source).expect("a generated component loads"))
}

/// A core module with the exports `world` needs, every function body `unreachable`.
fn trapping_module(
    resolve: &wasmtime::component::wit_parser::Resolve,
    world: wasmtime::component::wit_parser::WorldId,
) -> Option<Vec<u8>> {
    use wasmtime::component::wit_parser::WorldItem;
    use wasmtime::component::wit_parser::abi::{AbiVariant, WasmType};
    let core = |ty: &WasmType| match ty {
        WasmType::I64 | WasmType::PointerOrI64 => "i64",
        WasmType::F32 => "f32",
        WasmType::F64 => "f64",
        _ => "i32",
    };
    let mut wat = String::from(
        "(module (memory (export \"memory\") 1)\n\
         (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) unreachable)\n",
    );
    for item in resolve.worlds[world].exports.values() {
        let WorldItem::Function(func) = item else {
            continue;
        };
        let sig = resolve.wasm_signature(AbiVariant::GuestExport, func);
        let params: Vec<&str> = sig.params.iter().map(core).collect();
        let results: Vec<&str> = sig.results.iter().map(core).collect();
        let _ = writeln!(
            wat,
            "(func (export \"{}\") (param {}) (result {}) unreachable)",
            func.name,
            params.join(" "),
            results.join(" ")
        );
    }
    wat.push(')');
    wat::parse_str(&wat).ok()
}

/// A function to call: its name, named parameter types and result types.
pub type Signature = (String, Vec<(String, Type)>, Vec<Type>);

/// A pool of function signatures to fuzz against, from `worlds` generated worlds.
pub struct Pool {
    /// Each function's signature.
    pub funcs: Vec<Signature>,
}

impl Pool {
    /// Generates and compiles `worlds` worlds from `seed`, plus the `extra` programs.
    pub fn new(seed: u64, worlds: usize, extra: &[Program]) -> Pool {
        let runtime = Runtime::new().expect("engine");
        let mut rng = Rng(seed);
        let mut funcs = Vec::new();
        let mut add = |program: &Program| {
            for func in program.exports().funcs() {
                funcs.push((func.qualified_name(), func.params(), func.results()));
            }
        };
        for program in extra {
            add(program);
        }
        for _ in 0..worlds {
            let wit = random_world(&mut rng, 8);
            match component_for(&runtime, &wit) {
                Some(program) => add(&program),
                None => panic!("generated WIT was not accepted:\n{wit}"),
            }
        }
        Pool { funcs }
    }
}

/// A random value of `ty`.
pub fn random_val(rng: &mut dyn Choices, ty: &Type, depth: u32) -> Val {
    let len = |rng: &mut dyn Choices| if depth > 4 { 0 } else { rng.below(4) };
    match ty {
        Type::Bool => Val::Bool(rng.one_in(2)),
        Type::U8 => Val::U8(rng.next_u64() as u8),
        Type::U16 => Val::U16(rng.next_u64() as u16),
        Type::U32 => Val::U32(rng.next_u64() as u32),
        Type::U64 => Val::U64(edgy(rng)),
        Type::S8 => Val::S8(rng.next_u64() as i8),
        Type::S16 => Val::S16(rng.next_u64() as i16),
        Type::S32 => Val::S32(rng.next_u64() as i32),
        Type::S64 => Val::S64(edgy(rng) as i64),
        Type::Float32 => Val::Float32(random_f64(rng) as f32),
        Type::Float64 => Val::Float64(random_f64(rng)),
        Type::Char => Val::Char(random_char(rng)),
        Type::String => Val::String((0..len(rng) * 3).map(|_| random_char(rng)).collect()),
        Type::List(list) => Val::List(
            (0..len(rng))
                .map(|_| random_val(rng, &list.ty(), depth + 1))
                .collect(),
        ),
        Type::Tuple(tuple) => Val::Tuple(
            tuple
                .types()
                .map(|t| random_val(rng, &t, depth + 1))
                .collect(),
        ),
        Type::Record(record) => Val::Record(
            record
                .fields()
                .map(|f| (f.name.to_string(), random_val(rng, &f.ty, depth + 1)))
                .collect(),
        ),
        Type::Variant(variant) => {
            let cases: Vec<_> = variant.cases().collect();
            let case = &cases[rng.below(cases.len())];
            let payload = case
                .ty
                .as_ref()
                .map(|t| Box::new(random_val(rng, t, depth + 1)));
            Val::Variant(case.name.to_string(), payload)
        }
        Type::Enum(e) => {
            let names: Vec<&str> = e.names().collect();
            Val::Enum(names[rng.below(names.len())].to_string())
        }
        Type::Option(option) => Val::Option(
            (!rng.one_in(3)).then(|| Box::new(random_val(rng, &option.ty(), depth + 1))),
        ),
        Type::Result(result) => {
            let side = |rng: &mut dyn Choices, t: Option<Type>| {
                t.map(|t| Box::new(random_val(rng, &t, depth + 1)))
            };
            if rng.one_in(2) {
                Val::Result(Ok(side(rng, result.ok())))
            } else {
                Val::Result(Err(side(rng, result.err())))
            }
        }
        Type::Flags(flags) => Val::Flags(
            flags
                .names()
                .filter(|_| rng.one_in(2))
                .map(str::to_string)
                .collect(),
        ),
        other => panic!("the generator makes no {other:?}"),
    }
}

fn edgy(rng: &mut dyn Choices) -> u64 {
    match rng.below(4) {
        0 => u64::MAX - rng.below(3) as u64,
        1 => 1 << 63,
        _ => rng.next_u64(),
    }
}

fn random_f64(rng: &mut dyn Choices) -> f64 {
    match rng.below(10) {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => f64::NEG_INFINITY,
        3 => -0.0,
        4 => f64::MIN_POSITIVE / 3.0, // subnormal
        5 => f64::MAX,
        6 => (rng.below(2000) as f64 - 1000.0) / 8.0,
        _ => f64::from_bits(rng.next_u64()),
    }
}

fn random_char(rng: &mut dyn Choices) -> char {
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
        '😀',
        'é',
        '\u{10ffff}',
    ];
    match rng.below(3) {
        0 => SPECIAL[rng.below(SPECIAL.len())],
        1 => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
        _ => (b' ' + rng.below(95) as u8) as char,
    }
}

/// Equality for values, with NaN equal to NaN and `-0.0` unequal to `0.0`.
pub fn same(a: &Val, b: &Val) -> bool {
    let all = |x: &[Val], y: &[Val]| x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y));
    let boxed = |x: &Option<Box<Val>>, y: &Option<Box<Val>>| match (x, y) {
        (Some(x), Some(y)) => same(x, y),
        (None, None) => true,
        _ => false,
    };
    match (a, b) {
        (Val::Float32(x), Val::Float32(y)) => {
            (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
        }
        (Val::Float64(x), Val::Float64(y)) => {
            (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
        }
        (Val::List(x), Val::List(y)) | (Val::Tuple(x), Val::Tuple(y)) => all(x, y),
        (Val::Record(x), Val::Record(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((n, x), (m, y))| n == m && same(x, y))
        }
        (Val::Variant(n, x), Val::Variant(m, y)) => n == m && boxed(x, y),
        (Val::Option(x), Val::Option(y)) => boxed(x, y),
        (Val::Result(Ok(x)), Val::Result(Ok(y))) | (Val::Result(Err(x)), Val::Result(Err(y))) => {
            boxed(x, y)
        }
        (Val::Flags(x), Val::Flags(y)) => {
            let mut x = x.clone();
            let mut y = y.clone();
            x.sort();
            y.sort();
            x == y
        }
        _ => a == b,
    }
}

/// The WAVE text of a value, as wavecall prints it.
pub fn wave(val: &Val) -> String {
    let mut out = String::new();
    write_value(&mut out, val, &NoHandles);
    out
}

/// Target (c): print a random value, parse it back, compare.
pub fn round_trip(pool: &Pool, rng: &mut dyn Choices) {
    let (_, params, results) = &pool.funcs[rng.below(pool.funcs.len())];
    let types: Vec<&Type> = params.iter().map(|(_, t)| t).chain(results).collect();
    let Some(ty) = types.get(rng.below(types.len())) else {
        return;
    };
    let value = random_val(rng, ty, 0);
    let text = format!("f({})", wave(&value));
    let call = invocation::parse(&text)
        .unwrap_or_else(|e| panic!("printed value does not parse: {text}\n{e}"));
    let params = vec![("x".to_string(), (*ty).clone())];
    let parsed = invocation::arguments(&call, "f", &params, Vec::new(), &NoHandles)
        .unwrap_or_else(|e| panic!("printed value does not convert back: {text}\n{e}"));
    assert!(
        same(&parsed[0], &value),
        "round trip changed the value\n printed: {text}\n  parsed: {:?}\nexpected: {value:?}",
        parsed[0]
    );
}

/// Tokens spliced into call text by the mutator.
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
    "ok(",
    "err(",
    "inf",
    "-inf",
    "nan",
    "-0",
    "1e400",
    "99999999999999999999999",
    "\\u{d800}",
    "\\u{110000}",
    "\"\"\"\n",
    "\n",
    "{:}",
    "{}",
    "=",
    "@",
    "\u{0}",
    "é",
    "x = ",
    ".",
    "-",
    "1.5",
];

/// Every character Unicode counts as white space, and others easy to miss in a name: zero
/// width, joiners, bidirectional controls, combining marks, wide and astral characters.
pub const UNICODE: &[&str] = &[
    "\u{9}",
    "\u{b}",
    "\u{c}",
    "\r",
    "\u{85}",
    "\u{a0}",
    "\u{1680}",
    "\u{2000}",
    "\u{2001}",
    "\u{2002}",
    "\u{2003}",
    "\u{2004}",
    "\u{2005}",
    "\u{2006}",
    "\u{2007}",
    "\u{2008}",
    "\u{2009}",
    "\u{200a}",
    "\u{2028}",
    "\u{2029}",
    "\u{202f}",
    "\u{205f}",
    "\u{3000}",
    "\u{180e}",
    "\u{200b}",
    "\u{200c}",
    "\u{200d}",
    "\u{2060}",
    "\u{feff}",
    "\u{202e}",
    "\u{2066}",
    "\u{61c}",
    "\u{301}",
    "\u{20dd}",
    "\u{fe0f}",
    "\u{e0001}",
    "\u{1f3fb}",
    "世",
    "😀",
    "👨\u{200d}👩\u{200d}👧",
    "\u{fdfa}",
    "\u{10ffff}",
    "\u{fffd}",
    "e\u{301}",
    "\u{7f}",
    "\u{1b}[31m",
];

/// Escapes WAVE rejects or that sit at the edge of what it accepts, unpaired surrogates
/// among them.
pub const ESCAPES: &[&str] = &[
    "\\u{d800}",
    "\\u{dfff}",
    "\\u{d83d}\\u{de00}",
    "\\u{",
    "\\u{}",
    "\\u{110000}",
    "\\u{ffffffffffff}",
    "\\u",
    "\\",
    "\\x41",
    "\\u{0}",
    "'\\u{dc00}'",
    "\"\\u{d800}\"",
    "\\u{1F600}",
];

/// Ways a call may start before its name.
const PREFIXES: &[&str] = &[
    "c = ",
    "none = ",
    "c\u{a0}= ",
    "my_c = ",
    "C = ",
    "c.",
    "counter(0).",
    "%c = ",
    " = ",
    "c =",
];

/// Target (a): a call for a random function, valid then mutated, through parse → convert →
/// render. Errors are expected; panics are bugs. A call that converts is printed and must
/// parse back to the same values. Returns whether it converted.
pub fn call_text(pool: &Pool, rng: &mut dyn Choices) -> bool {
    let (name, params, _) = &pool.funcs[rng.below(pool.funcs.len())];
    let mut text = random_call(name, params, rng);
    for _ in 0..rng.below(4) {
        mutate(&mut text, rng);
    }
    // Any span of any text renders.
    let len = text.len() + 2;
    let (a, b) = (rng.below(len), rng.below(len));
    check_error(&InvocationError::new(&text, a..b, "label"));
    check_call(&text, name, params)
}

/// A valid call of `name`, sometimes with a binding or receiver in front.
pub fn random_call(name: &str, params: &[(String, Type)], rng: &mut dyn Choices) -> String {
    let args: Vec<String> = params
        .iter()
        .map(|(_, ty)| wave(&random_val(rng, ty, 0)))
        .collect();
    let prefix = if rng.one_in(4) {
        PREFIXES[rng.below(PREFIXES.len())]
    } else {
        ""
    };
    format!("{prefix}{name}({})", args.join(", "))
}

/// An invocation error, rendered as the command line and the spec reports render it: its
/// span lies on character boundaries of its call, and the excerpt is two lines.
pub fn check_error(err: &InvocationError) {
    assert!(
        err.call.get(err.span.clone()).is_some(),
        "span {:?} is not on character boundaries of {:?}",
        err.span,
        err.call
    );
    let excerpt = err.excerpt(&err.message);
    assert_eq!(excerpt.lines().count(), 2, "{excerpt:?}");
    let _ = wavecall::spec::caret(err);
}

/// Parses `text` as a call of `name` with `params`: no panic, and what converts round-trips.
/// Returns whether it converted.
pub fn check_call(text: &str, name: &str, params: &[(String, Type)]) -> bool {
    let call = match invocation::parse(text) {
        Ok(call) => call,
        Err(err) => {
            check_error(&err);
            return false;
        }
    };
    let values = match invocation::arguments(&call, name, params, Vec::new(), &NoHandles) {
        Ok(values) => values,
        Err(err) => {
            check_error(&err);
            return false;
        }
    };
    let printed: Vec<String> = values.iter().map(wave).collect();
    let again = format!("f({})", printed.join(", "));
    let call = invocation::parse(&again)
        .unwrap_or_else(|e| panic!("printed arguments do not parse: {again}\n{e}"));
    let back = invocation::arguments(&call, "f", params, Vec::new(), &NoHandles)
        .unwrap_or_else(|e| panic!("printed arguments do not convert: {again}\n{e}"));
    for (a, b) in values.iter().zip(&back) {
        assert!(
            same(a, b),
            "{text}\n printed {again}\n gave {b:?}, not {a:?}"
        );
    }
    true
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One edit of call text: insert a token, a Unicode oddity or an escape, delete or
/// duplicate a slice, cut the end.
pub fn mutate(text: &mut String, rng: &mut dyn Choices) {
    let at = floor(text, rng.below(text.len() + 1));
    match rng.below(7) {
        0 | 1 => text.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
        5 => text.insert_str(at, UNICODE[rng.below(UNICODE.len())]),
        6 => text.insert_str(at, ESCAPES[rng.below(ESCAPES.len())]),
        2 => {
            let end = floor(text, (at + 1 + rng.below(8)).min(text.len()));
            text.replace_range(at..end.max(at), "");
        }
        3 => {
            let end = floor(text, (at + rng.below(16)).min(text.len()));
            let slice = text[at..end.max(at)].to_string();
            text.insert_str(at, &slice);
        }
        _ => text.truncate(at),
    }
}

/// Target (b): bytes as a component. Only panics matter.
pub fn component_bytes(runtime: &Runtime, bytes: &[u8]) {
    let source = Source::Bytes {
        name: "fuzz.wasm".into(),
        bytes: bytes.to_vec(),
    };
    if let Ok(program) = runtime.load(&source) {
        // The listing, the printer and the WIT names in messages: every use of the WIT.
        if let Ok(wit) = program.wit() {
            let _ = wit.signatures();
            let _ = wit.to_text();
        }
        for func in program.exports().funcs() {
            let _ = program.parse_result("'?'", &func.results());
        }
    }
}

/// Mutates a seed component: byte flips, LEB-ish edits, cuts and splices.
pub fn mutate_bytes(seed: &[u8], rng: &mut dyn Choices) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(6) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes[at] = [0, 0x7f, 0x80, 0xff, 1][rng.below(5)],
            2 => bytes.truncate(at),
            3 => {
                let end = (at + 1 + rng.below(16)).min(bytes.len());
                bytes.drain(at..end);
            }
            4 => {
                let end = (at + 1 + rng.below(16)).min(bytes.len());
                let slice = bytes[at..end].to_vec();
                let to = rng.below(bytes.len());
                bytes.splice(to..to, slice);
            }
            _ => bytes.insert(at, rng.next_u64() as u8),
        }
    }
    bytes
}

/// A number and a unit as a duration or size option would be written.
pub fn unit_value(rng: &mut dyn Choices) -> String {
    const NUMBERS: &[&str] = &[
        "0",
        "1",
        "64",
        "1.5",
        ".5",
        "5.",
        "-1",
        "9223372036854775807",
        "18446744073709551615",
        "18446744073709551616",
        "3000000000000000",
        "30000000000000000",
        "99999999999999999999999999",
        "1e3",
        "0x10",
        "",
        "nan",
        "inf",
        "١٢",
    ];
    const UNITS: &[&str] = &[
        "",
        "s",
        "ms",
        "m",
        "min",
        "h",
        "S",
        "MS",
        "Min",
        "H",
        "b",
        "B",
        "k",
        "K",
        "kib",
        "KiB",
        "KIB",
        "m",
        "M",
        "mib",
        "MiB",
        "g",
        "GiB",
        "t",
        "TiB",
        "kb",
        "MB",
        "mb",
        "GB",
        "tb",
        "ZiB",
        " s",
        "s ",
        "ns",
        "d",
        "\u{3000}s",
    ];
    let number = NUMBERS[rng.below(NUMBERS.len())];
    let unit = UNITS[rng.below(UNITS.len())];
    format!("{number}{unit}")
}
