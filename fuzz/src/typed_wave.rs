//! Differential target for the typed WAVE parser (`wavecall::invocation::typed`).
//!
//! Each case is a function type from a pool of generated worlds and a call text: a random
//! value of each parameter, written in one of WAVE's many spellings (whitespace and comments,
//! `some`/`ok` shorthand, omitted `none` fields, fields in any order, trailing or missing
//! commas, `%` labels, `\u{…}` escapes, multi-line strings, exponents, `-0`), then mutated.
//! The typed parser must agree with the reference path (wasm-wave's untyped tree and
//! wavecall's converter): both accept with equal values, or both refuse. A single value is
//! also compared with wasm-wave's own typed parser (`Val::from_wave`), which differs from
//! wavecall only where [`Quirks`] says.
//!
//! Self-contained (wavecall, Wasmtime, wit-component): `fuzz/src/bin/stable.rs` runs it as
//! `typed_wave`, `fuzz_targets/typed_wave.rs` under libFuzzer, and `tests/typed_wave.rs`
//! (which includes this file with `#[path]`) for a few thousand cases on every `cargo test`.

#![allow(dead_code)]

use std::fmt::Write as _;

use wasmtime::component::wasm_wave::ast::{Node, NodeType};
use wasmtime::component::wasm_wave::untyped::UntypedValue;
use wasmtime::component::wit_parser::abi::{AbiVariant, WasmType};
use wasmtime::component::wit_parser::{Resolve, WorldId, WorldItem};
use wasmtime::component::{ResourceAny, ResourceType, Type, Val};
use wavecall::invocation::{self, HandleRef, HandleScope, ResourceNames};
use wavecall::{Runtime, Source};

/// Where decisions come from: a seeded RNG, or a fuzzer's bytes.
pub trait Draw {
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

/// splitmix64.
pub struct Rng(pub u64);

impl Draw for Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A fuzzer's input, eight bytes per draw.
pub struct Bytes<'a>(pub &'a [u8]);

impl Draw for Bytes<'_> {
    fn next_u64(&mut self) -> u64 {
        let n = self.0.len().min(8);
        let mut word = [0u8; 8];
        word[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        u64::from_le_bytes(word)
    }
}

/// Labels: WAVE keywords (which need `%` as cases), upper case, digits, hyphens.
/// `e` and `x` can follow a number directly: `{a: 1e: 2}` is the fields `a` and `e`.
const LABELS: &[&str] = &[
    "a", "b", "x-y", "red", "c2", "ABC", "is-OK", "a-b-c", "e", "E", "x", "e1", "true", "false",
    "some", "none", "ok", "err", "inf", "nan",
];

/// A WIT type; named types are declared into `decls`.
fn wit_type(d: &mut dyn Draw, depth: u32, decls: &mut String, next: &mut u32) -> String {
    const PRIMITIVES: &[&str] = &[
        "bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char",
        "string",
    ];
    if depth >= 4 || d.one_in(3) {
        return PRIMITIVES[d.below(PRIMITIVES.len())].to_string();
    }
    let mut inner = |d: &mut dyn Draw| wit_type(d, depth + 1, decls, next);
    let kind = d.below(9);
    match kind {
        0 => format!("list<{}>", inner(d)),
        1 => format!("option<{}>", inner(d)),
        2 => match d.below(4) {
            0 => {
                let ok = inner(d);
                format!("result<{ok}, {}>", inner(d))
            }
            1 => format!("result<_, {}>", inner(d)),
            2 => format!("result<{}>", inner(d)),
            _ => "result".to_string(),
        },
        3 => {
            let items: Vec<String> = (0..1 + d.below(4)).map(|_| inner(d)).collect();
            format!("tuple<{}>", items.join(", "))
        }
        _ => {
            let mut labels: Vec<&str> = Vec::new();
            for _ in 0..1 + d.below(5) {
                let label = LABELS[d.below(LABELS.len())];
                // Component names are unique regardless of case.
                if !labels.iter().any(|l| l.eq_ignore_ascii_case(label)) {
                    labels.push(label);
                }
            }
            // `%` escapes WIT keywords; escaping every label is always allowed.
            let body: Vec<String> = labels
                .iter()
                .map(|l| match kind {
                    4 | 8 => format!("%{l}: {}", inner(d)),
                    5 if d.one_in(2) => format!("%{l}({})", inner(d)),
                    _ => format!("%{l}"),
                })
                .collect();
            let keyword = ["record", "variant", "enum", "flags", "record"][kind - 4];
            let name = format!("t{next}");
            *next += 1;
            let _ = writeln!(decls, "  {keyword} {name} {{ {} }}", body.join(", "));
            name
        }
    }
}

/// Function parameter lists to fuzz against.
pub struct Pool {
    /// Each function's named parameters.
    pub funcs: Vec<Vec<(String, Type)>>,
}

impl Pool {
    /// `worlds` generated worlds of eight functions each, from `seed`.
    pub fn new(seed: u64, worlds: usize) -> Pool {
        let runtime = Runtime::new().expect("engine");
        let mut d = Rng(seed);
        let mut funcs = Vec::new();
        for _ in 0..worlds {
            let (mut decls, mut exports, mut next) = (String::new(), String::new(), 0);
            for f in 0..8 {
                let params: Vec<String> = (0..1 + d.below(3))
                    .map(|p| format!("p{p}: {}", wit_type(&mut d, 0, &mut decls, &mut next)))
                    .collect();
                let _ = writeln!(exports, "  export f{f}: func({});", params.join(", "));
            }
            let wit = format!("package fuzz:typed;\n\nworld w {{\n{decls}{exports}}}\n");
            let bytes = component(&wit).unwrap_or_else(|| panic!("generated WIT failed:\n{wit}"));
            let source = Source::Bytes {
                name: "typed.wasm".into(),
                bytes,
            };
            let program = runtime
                .load(source.clone())
                .expect("a generated component loads");
            funcs.extend(program.exports().funcs().iter().map(|f| f.params()));
        }
        // Around wasm-wave's nesting limit of 100 levels (the argument tuple is the first);
        // component types may nest at most 100 deep, so the deepest worlds may not build.
        for n in 94..=100 {
            let nest = |open: &str, close: &str| format!("{}u8{}", open.repeat(n), close.repeat(n));
            let wit = format!(
                "package fuzz:deep;\n\nworld w {{\n  export l: func(p: {});\n  \
                 export o: func(p: {});\n}}\n",
                nest("list<", ">"),
                nest("option<", ">")
            );
            let Some(bytes) = component(&wit) else {
                continue;
            };
            let source = Source::Bytes {
                name: "deep.wasm".into(),
                bytes,
            };
            if let Ok(program) = runtime.load(source.clone()) {
                funcs.extend(program.exports().funcs().iter().map(|f| f.params()));
            }
        }
        Pool { funcs }
    }
}

/// The parameters of each function `wit` (a whole WIT package) exports.
pub fn params_of(wit: &str) -> Vec<Vec<(String, Type)>> {
    let runtime = Runtime::new().expect("engine");
    let bytes = component(wit).unwrap_or_else(|| panic!("WIT failed:\n{wit}"));
    let source = Source::Bytes {
        name: "params.wasm".into(),
        bytes,
    };
    let program = runtime.load(source.clone()).expect("the component loads");
    program
        .exports()
        .funcs()
        .iter()
        .map(|f| f.params())
        .collect()
}

/// Both paths on `text` against `params`; they must agree. The accepted values, if any.
pub fn agree(text: &str, params: &[(String, Type)]) -> Option<Vec<Val>> {
    call(text, params, &mut Tally::default())
}

/// A component exporting `wit`'s world, every body a trap (nothing is called).
fn component(wit: &str) -> Option<Vec<u8>> {
    let mut resolve = Resolve::default();
    let pkg = resolve.push_str("typed.wit", wit).ok()?;
    let world = resolve.select_world(&[pkg], None).ok()?;
    let mut module = trapping_module(&resolve, world)?;
    wit_component::embed_component_metadata(
        &mut module,
        &resolve,
        world,
        wit_component::StringEncoding::UTF8,
    )
    .ok()?;
    wit_component::ComponentEncoder::default()
        .module(&module)
        .ok()?
        .validate(true)
        .encode()
        .ok()
}

/// A core module with the exports `world` needs, each body `unreachable`.
fn trapping_module(resolve: &Resolve, world: WorldId) -> Option<Vec<u8>> {
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

/// The generated types hold no resources: no handles, no names.
pub struct NoScope;

impl ResourceNames for NoScope {
    fn resource_name(&self, _: &ResourceType) -> Option<&str> {
        None
    }
}

impl HandleScope for NoScope {
    fn lookup(&self, _: HandleRef<'_>, _: &ResourceType, _: bool) -> Result<ResourceAny, String> {
        Err("no handles in a fuzz run".into())
    }
}

#[path = "typed_wave/write.rs"]
mod write;

pub use write::{Writer, mutate, random_val};

/// What one case came to, for the smoke test's statistics.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Both parsers accepted (with equal values).
    pub accepted: u64,
    /// Both refused.
    pub refused: u64,
    /// Compared with `Val::from_wave` too.
    pub from_wave: u64,
}

/// One case: a call of a random function (or one value, also against `Val::from_wave`),
/// written and mutated. Panics on any disagreement.
pub fn typed_wave(pool: &Pool, d: &mut dyn Draw, tally: &mut Tally) {
    let params = &pool.funcs[d.below(pool.funcs.len())];
    if d.one_in(2) {
        let ty = &params[d.below(params.len())].1;
        let value = random_val(d, ty, 0);
        let mut text = Writer::new(d).value(&value, ty);
        for _ in 0..d.below(3) {
            mutate(&mut text, d);
        }
        let accepted = call(&format!("f({text}\n)"), &[("x".into(), ty.clone())], tally);
        against_from_wave(&text, ty, accepted.map(|mut v| v.remove(0)), tally);
    } else {
        // Trailing `option` parameters may be left out.
        let mut written = params.len();
        while written > 0 && matches!(params[written - 1].1, Type::Option(_)) && d.one_in(2) {
            written -= 1;
        }
        let mut w = Writer::new(d);
        let mut text = String::from("f(");
        for (i, (_, ty)) in params[..written].iter().enumerate() {
            let value = random_val(w.draw(), ty, 0);
            text.push_str(&w.gap());
            text.push_str(&w.value(&value, ty));
            text.push_str(&w.gap());
            if i + 1 < written || w.draw().one_in(4) {
                text.push(',');
            }
        }
        text.push_str(&w.gap());
        text.push(')');
        text.push_str(&w.gap());
        for _ in 0..d.below(4) {
            mutate(&mut text, d);
        }
        call(&text, params, tally);
    }
}

/// Both paths on one call text; they must agree. The accepted values, if any.
fn call(text: &str, params: &[(String, Type)], tally: &mut Tally) -> Option<Vec<Val>> {
    // Splitting is shared by both paths.
    let call = invocation::split(text).ok()?;
    let fast = invocation::typed::arguments(&call, params, &NoScope);
    let reference = invocation::reference_arguments(&call, "f", params, Vec::new(), &NoScope);
    match (fast, reference) {
        (Some(fast), Ok(reference)) => {
            assert!(
                fast == reference,
                "values differ for {text:?}\n typed: {fast:?}\n reference: {reference:?}"
            );
            tally.accepted += 1;
            Some(fast)
        }
        (None, Err(_)) => {
            tally.refused += 1;
            None
        }
        (Some(fast), Err(err)) => {
            panic!("typed parser accepts {text:?} as {fast:?}; the reference refuses: {err}")
        }
        (None, Ok(reference)) => {
            panic!("typed parser refuses {text:?}; the reference accepts {reference:?}")
        }
    }
}

/// Where wasm-wave's typed parser and wavecall may differ, found in a value's untyped tree.
#[derive(Debug, Default)]
struct Quirks {
    /// A record field the type does not have: wasm-wave ignores it, wavecall refuses it.
    unknown_field: bool,
    /// `-0` for an unsigned integer: wavecall reads zero, wasm-wave refuses it.
    unsigned_minus_zero: bool,
    /// Nested 99 levels or more: in a call, the argument tuple is one more level.
    deep: bool,
}

fn against_from_wave(text: &str, ty: &Type, ours: Option<Val>, tally: &mut Tally) {
    let Ok(tree) = UntypedValue::parse(text) else {
        // Not one value on its own (`1) //` closes the call early): nothing to compare.
        return;
    };
    let mut quirks = Quirks::default();
    find_quirks(tree.node(), ty, text, 1, &mut quirks);
    let theirs = Val::from_wave(ty, text).ok();
    tally.from_wave += 1;
    match (ours, theirs) {
        (Some(ours), Some(theirs)) => {
            assert!(
                ours == theirs,
                "{text:?}: wavecall {ours:?}, wasm-wave {theirs:?}"
            )
        }
        (None, None) => {}
        _ if quirks.deep => {}
        (None, Some(_)) if quirks.unknown_field => {}
        (Some(_), None) if quirks.unsigned_minus_zero => {}
        (ours, theirs) => panic!(
            "{text:?} as {ty:?}: wavecall gives {ours:?}, wasm-wave's typed parser {theirs:?}"
        ),
    }
}

fn find_quirks(node: &Node, ty: &Type, src: &str, depth: usize, q: &mut Quirks) {
    q.deep |= depth >= 99;
    match ty {
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => {
            q.unsigned_minus_zero |= node.ty() == NodeType::Number && &src[node.span()] == "-0";
        }
        Type::List(list) => {
            for child in children(node) {
                find_quirks(child, &list.ty(), src, depth + 1, q);
            }
        }
        Type::Tuple(tuple) => {
            for (child, ty) in children(node).into_iter().zip(tuple.types()) {
                find_quirks(child, &ty, src, depth + 1, q);
            }
        }
        Type::Record(record) => {
            for (name, value) in node.as_record(src).into_iter().flatten() {
                match record.fields().find(|f| f.name == name) {
                    Some(field) => find_quirks(value, &field.ty, src, depth + 1, q),
                    None => q.unknown_field = true,
                }
            }
        }
        Type::Variant(variant) => {
            if let Ok((name, Some(payload))) = node.as_variant(src)
                && let Some(ty) = variant.cases().find(|c| c.name == name).and_then(|c| c.ty)
            {
                find_quirks(payload, &ty, src, depth + 1, q);
            }
        }
        Type::Option(option) => match node.as_option() {
            Ok(Some(payload)) => find_quirks(payload, &option.ty(), src, depth + 1, q),
            Ok(None) => {}
            Err(_) => find_quirks(node, &option.ty(), src, depth, q),
        },
        Type::Result(result) => match node.as_result() {
            Ok(Ok(Some(payload))) => {
                if let Some(ty) = result.ok() {
                    find_quirks(payload, &ty, src, depth + 1, q);
                }
            }
            Ok(Err(Some(payload))) => {
                if let Some(ty) = result.err() {
                    find_quirks(payload, &ty, src, depth + 1, q);
                }
            }
            Ok(_) => {}
            Err(_) => {
                if let Some(ty) = result.ok() {
                    find_quirks(node, &ty, src, depth, q);
                }
            }
        },
        _ => {}
    }
}

/// The stable loop: `iterations` cases from `seed`; prints the count, panics with the case
/// seed on the first disagreement.
pub fn run(pool: &Pool, iterations: u64, seed: u64) {
    let start = std::time::Instant::now();
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    for i in 0..iterations {
        let case_seed = rng.next_u64();
        let case = || typed_wave(pool, &mut Rng(case_seed), &mut tally);
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(case)).is_err() {
            panic!("typed_wave: disagreement at iteration {i}, case seed {case_seed}");
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "typed_wave: {iterations} executions in {secs:.1} s ({:.0}/s), seed {seed}, no \
         disagreement; both accepted {}, both refused {}, also against from_wave {}",
        iterations as f64 / secs,
        tally.accepted,
        tally.refused,
        tally.from_wave
    );
}

fn children(node: &Node) -> Vec<&Node> {
    match node.ty() {
        NodeType::List => node.as_list().map(Iterator::collect).unwrap_or_default(),
        NodeType::Tuple => node.as_tuple().map(Iterator::collect).unwrap_or_default(),
        _ => Vec::new(),
    }
}
