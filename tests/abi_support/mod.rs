//! Shared by the `abi_*` tests: the echo fixture builder, and the seeded generator of random
//! WIT types and values that the ABI crate's own tests use (included from
//! `crates/abi/tests/support`, so that both test the same worlds).
#![allow(dead_code)]

#[path = "../../crates/abi/tests/support/mod.rs"]
mod generator;

use std::fmt::Write as _;

pub use generator::{Rng, WitGen, random_value};
use wasmtime::component::Val;
use wasmtime::component::wit_parser::{
    Function, Resolve, WorldId, WorldItem,
    abi::{AbiVariant, WasmType},
};
use wavecall::abi::Value;

/// The exported functions of `world`, runtime exports (`reset`, `dump`) left out.
pub fn echo_functions(resolve: &Resolve, world: WorldId) -> Vec<Function> {
    resolve.worlds[world]
        .exports
        .values()
        .filter_map(|item| match item {
            WorldItem::Function(f) if f.name != "reset" && f.name != "dump" => Some(f.clone()),
            _ => None,
        })
        .collect()
}

/// The Wasmtime value of an ABI model value (the inverse of `wavecall::explain::abi_value`
/// for values without handles), so that one generator feeds both sides of the echo proof.
pub fn to_val(value: &Value) -> Val {
    let boxed = |v: &Option<Box<Value>>| v.as_deref().map(|v| Box::new(to_val(v)));
    let all = |items: &[Value]| items.iter().map(to_val).collect();
    match value {
        Value::Bool(b) => Val::Bool(*b),
        Value::S8(n) => Val::S8(*n),
        Value::U8(n) => Val::U8(*n),
        Value::S16(n) => Val::S16(*n),
        Value::U16(n) => Val::U16(*n),
        Value::S32(n) => Val::S32(*n),
        Value::U32(n) => Val::U32(*n),
        Value::S64(n) => Val::S64(*n),
        Value::U64(n) => Val::U64(*n),
        Value::F32(x) => Val::Float32(*x),
        Value::F64(x) => Val::Float64(*x),
        Value::Char(c) => Val::Char(*c),
        Value::String(s) => Val::String(s.clone()),
        Value::List(items) => Val::List(all(items)),
        Value::FixedList(items) => Val::FixedLengthList(all(items)),
        Value::Map(entries) => Val::Map(
            entries
                .iter()
                .map(|(k, v)| (to_val(k), to_val(v)))
                .collect(),
        ),
        Value::Record(fields) => {
            Val::Record(fields.iter().map(|(n, v)| (n.clone(), to_val(v))).collect())
        }
        Value::Tuple(items) => Val::Tuple(all(items)),
        Value::Variant(case, payload) => Val::Variant(case.clone(), boxed(payload)),
        Value::Enum(case) => Val::Enum(case.clone()),
        Value::Option(payload) => Val::Option(boxed(payload)),
        Value::Result(Ok(payload)) => Val::Result(Ok(boxed(payload))),
        Value::Result(Err(payload)) => Val::Result(Err(boxed(payload))),
        Value::Flags(set) => Val::Flags(set.clone()),
        Value::Handle => unreachable!("the echo proof generates no handles"),
    }
}

/// The core signature wit-parser gives `func`, with pointers and lengths as plain integers.
pub fn wit_parser_signature(
    resolve: &Resolve,
    func: &Function,
    variant: AbiVariant,
) -> (Vec<&'static str>, Vec<&'static str>, bool, bool) {
    let sig = resolve.wasm_signature(variant, func);
    let core = |t: &WasmType| match t {
        WasmType::I32 | WasmType::Pointer | WasmType::Length => "i32",
        WasmType::I64 | WasmType::PointerOrI64 => "i64",
        WasmType::F32 => "f32",
        WasmType::F64 => "f64",
    };
    (
        sig.params.iter().map(core).collect(),
        sig.results.iter().map(core).collect(),
        sig.indirect_params,
        sig.retptr,
    )
}

/// Where the echo runtime keeps what it saw (see fixtures/echo.wat).
pub const ARGS: usize = 16;
pub const REALLOC_COUNT: usize = 1024;
pub const REALLOC_LOG: usize = 1028;

/// The echo runtime: `fixtures/echo.wat` up to its hand-written echo exports.
pub fn echo_runtime() -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/echo.wat"))
        .expect("read fixtures/echo.wat");
    let marker = ";; ---- echo exports ----";
    let at = text
        .find(marker)
        .expect("echo.wat has the echo exports marker");
    text[..at].to_string()
}

/// A core function `name` of the given core parameter types that stores every argument,
/// widened to 64 bits, at `ARGS + 8 * i`.
pub fn echo_function(name: &str, params: &[&str]) -> String {
    let mut body = String::new();
    for (i, ty) in params.iter().enumerate() {
        let value = match *ty {
            "i32" => format!("(i64.extend_i32_u (local.get {i}))"),
            "i64" => format!("(local.get {i})"),
            "f32" => format!("(i64.extend_i32_u (i32.reinterpret_f32 (local.get {i})))"),
            "f64" => format!("(i64.reinterpret_f64 (local.get {i}))"),
            other => panic!("unexpected core type {other}"),
        };
        let _ = writeln!(
            body,
            "    (i64.store offset={} (i32.const 0) {value})",
            ARGS + 8 * i
        );
    }
    format!(
        "  (func (export \"{name}\") (param {})\n{body}  )\n",
        params.join(" ")
    )
}

/// Encodes a core module (WAT) for `world` into a component.
pub fn componentize(
    wat_text: &str,
    resolve: &Resolve,
    world: WorldId,
    encoding: wit_component::StringEncoding,
) -> Vec<u8> {
    let mut module = wat::parse_str(wat_text).expect("echo module parses");
    wit_component::embed_component_metadata(&mut module, resolve, world, encoding)
        .expect("embed metadata");
    wit_component::ComponentEncoder::default()
        .module(&module)
        .expect("module accepted")
        .validate(true)
        .encode()
        .expect("component encodes")
}
