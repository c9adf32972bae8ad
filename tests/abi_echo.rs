//! The echo proof: the ABI crate's prediction (`abi::lower_call`, fed Wasmtime's own values
//! through `explain::abi_values`) against what Wasmtime really does.
//!
//! Inputs: `wit/echo.wit` + `fixtures/echo.wat` (the hand-written fixture), and worlds of
//! random types generated per batch, whose echo exports are generated from the fixture's
//! runtime. Each call resets the fixture's allocator at a base, calls an echo export with
//! `Val`s through `Func::call`, and reads back through `dump` the flat arguments the core
//! function received, the `cabi_realloc` log and the memory; all three must equal the
//! prediction byte for byte (NaN payloads included, since Wasmtime passes them through).
//!
//! `ABI_ECHO_BATCHES=N` runs more batches of the property test (default 40).

mod abi_support;

use abi_support::*;
use wasmtime::component::wit_parser::abi::AbiVariant;
use wasmtime::component::wit_parser::{Function, Resolve, WorldId};
use wasmtime::component::{Component, Instance, Linker, Val};
use wasmtime::{Engine, Store};
use wavecall::abi::{CallOptions, StringEncoding, lower_call};
use wavecall::explain::abi_values;

struct Echo {
    store: Store<()>,
    instance: Instance,
}

/// What the echo fixture saw during one call.
struct Observed {
    memory: Vec<u8>,
}

impl Observed {
    fn u32_at(&self, addr: usize) -> u32 {
        u32::from_le_bytes(self.memory[addr..addr + 4].try_into().unwrap())
    }
    fn arg(&self, i: usize) -> u64 {
        let at = ARGS + 8 * i;
        u64::from_le_bytes(self.memory[at..at + 8].try_into().unwrap())
    }
    fn reallocs(&self) -> Vec<[u32; 5]> {
        (0..self.u32_at(REALLOC_COUNT) as usize)
            .map(|i| std::array::from_fn(|j| self.u32_at(REALLOC_LOG + 20 * i + 4 * j)))
            .collect()
    }
}

impl Echo {
    fn new(engine: &Engine, bytes: &[u8]) -> Echo {
        let component = Component::new(engine, bytes).expect("echo component compiles");
        let mut store = Store::new(engine, ());
        let instance = Linker::new(engine)
            .instantiate(&mut store, &component)
            .expect("echo component instantiates");
        Echo { store, instance }
    }

    fn call(&mut self, name: &str, args: &[Val]) -> Vec<Val> {
        let func = self
            .instance
            .get_func(&mut self.store, name)
            .unwrap_or_else(|| panic!("export `{name}`"));
        let mut results = vec![Val::Bool(false); func.ty(&self.store).results().len()];
        func.call(&mut self.store, args, &mut results)
            .unwrap_or_else(|e| panic!("call `{name}`: {e:?}"));
        results
    }

    fn run(&mut self, name: &str, args: &[Val], base: u32) -> Observed {
        self.call("reset", &[Val::U32(base)]);
        self.call(name, args);
        let Val::List(bytes) = self.call("dump", &[]).remove(0) else {
            panic!("dump returns a list")
        };
        let memory = bytes
            .into_iter()
            .map(|b| match b {
                Val::U8(b) => b,
                _ => panic!("dump returns bytes"),
            })
            .collect();
        Observed { memory }
    }
}

/// Compares the prediction for one call with what the fixture saw; returns how many bytes
/// of memory were compared.
fn check_call(
    resolve: &Resolve,
    func: &Function,
    args: &[Val],
    options: CallOptions,
    seen: &Observed,
) -> usize {
    let context = || format!("`{}` with {args:?} at base {:#x}", func.name, options.base);
    let predicted = lower_call(resolve, func, &abi_values(args), options)
        .unwrap_or_else(|e| panic!("explain {}: {e:?}", context()));
    let (core_params, ..) = wit_parser_signature(resolve, func, AbiVariant::GuestExport);
    assert_eq!(
        predicted.flat.len(),
        core_params.len(),
        "flat count of {}",
        context()
    );
    for (i, v) in predicted.flat.iter().enumerate() {
        assert_eq!(
            seen.arg(i),
            v.bits,
            "flat value #{i} ({} at `{}`) of {}",
            v.ty,
            v.path,
            context()
        );
    }
    let reallocs: Vec<[u32; 5]> = predicted
        .reallocs
        .iter()
        .map(|r| [r.old_ptr, r.old_size, r.align, r.new_size, r.ret])
        .collect();
    assert_eq!(seen.reallocs(), reallocs, "realloc calls of {}", context());
    assert_eq!(
        seen.memory.len() as u32,
        predicted.end,
        "allocator end of {}",
        context()
    );
    let image = predicted.memory_image();
    let actual = &seen.memory[options.base as usize..];
    for (i, (want, got)) in image.iter().zip(actual).enumerate() {
        assert_eq!(
            want.unwrap_or(0xaa),
            *got,
            "byte at {:#x} of {}",
            options.base as usize + i,
            context()
        );
    }
    image.len()
}

fn load_world(text: &str) -> (Resolve, WorldId) {
    let mut resolve = Resolve::default();
    let pkg = resolve
        .push_str("gen.wit", text)
        .expect("generated WIT parses");
    let world = resolve.select_world(&[pkg], None).expect("one world");
    (resolve, world)
}

fn encoding_pair(i: usize) -> (StringEncoding, wit_component::StringEncoding) {
    match i % 3 {
        0 => (StringEncoding::Utf8, wit_component::StringEncoding::UTF8),
        1 => (StringEncoding::Utf16, wit_component::StringEncoding::UTF16),
        _ => (
            StringEncoding::CompactUtf16,
            wit_component::StringEncoding::CompactUTF16,
        ),
    }
}

#[test]
fn echo_fixture_matches_prediction() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/wit/echo.wit");
    let mut resolve = Resolve::default();
    let pkg = resolve.push_file(dir).expect("wit/echo.wit parses");
    let world = resolve.select_world(&[pkg], None).unwrap();
    let wat_text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/echo.wat")).unwrap();
    let bytes = componentize(
        &wat_text,
        &resolve,
        world,
        wit_component::StringEncoding::UTF8,
    );
    let mut echo = Echo::new(&Engine::default(), &bytes);
    let funcs = echo_functions(&resolve, world);
    let func = |name: &str| funcs.iter().find(|f| f.name == name).unwrap().clone();

    let circle = Val::Variant(
        "circle".into(),
        Some(Box::new(Val::Record(vec![(
            "radius".into(),
            Val::Float32(1.0),
        )]))),
    );
    let options = CallOptions::default();
    let seen = echo.run("area", std::slice::from_ref(&circle), options.base);
    check_call(&resolve, &func("area"), &[circle], options, &seen);
    // The discriminant, 1.0f32, and the unused second slot.
    assert_eq!([seen.arg(0), seen.arg(1), seen.arg(2)], [0, 0x3f80_0000, 0]);

    let greet = [
        Val::String("hé".into()),
        Val::List(vec![Val::String("".into()), Val::String("ab".into())]),
    ];
    for base in [0x10000, 0x10003] {
        let options = CallOptions {
            base,
            ..CallOptions::default()
        };
        let seen = echo.run("greet", &greet, base);
        check_call(&resolve, &func("greet"), &greet, options, &seen);
    }
    // "hé" (3 bytes), the list (2 × 8 bytes), "" (an empty allocation) and "ab".
    let lowered = lower_call(&resolve, &func("greet"), &abi_values(&greet), options).unwrap();
    let sizes: Vec<u32> = lowered.reallocs.iter().map(|r| r.new_size).collect();
    assert_eq!(sizes, [3, 16, 0, 2]);

    let many = [
        Val::U64(u64::MAX),
        Val::U8(7),
        Val::Tuple(vec![
            Val::Float32(f32::from_bits(0x7fc0_1234)),
            Val::Float64(-0.0),
            Val::Char('😀'),
            Val::Bool(true),
        ]),
        Val::Option(Some(Box::new(Val::S16(-2)))),
        Val::Result(Err(Some(Box::new(Val::String("no".into()))))),
        Val::List(vec![Val::U8(1), Val::U8(2), Val::U8(3)]),
        Val::S64(-1),
        Val::U32(1),
        Val::U32(2),
        Val::U32(3),
        Val::U32(4),
    ];
    let seen = echo.run("many", &many, options.base);
    check_call(&resolve, &func("many"), &many, options, &seen);
    let lowered = lower_call(&resolve, &func("many"), &abi_values(&many), options).unwrap();
    assert!(lowered.params_in_memory);
    assert_eq!(
        lowered.reallocs[0].ret, 0x10000,
        "the argument tuple comes first"
    );
}

#[test]
fn echo_property() {
    let batches: usize = std::env::var("ABI_ECHO_BATCHES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let engine = Engine::default();
    let runtime = echo_runtime();
    let mut rng = Rng::new(0x5eed_ec40);
    let (mut functions, mut calls, mut values, mut bytes, mut spilled) = (0, 0, 0, 0, 0);
    for batch in 0..batches {
        let text = WitGen::new(&mut rng).world(8, false);
        let (resolve, world) = load_world(&text);
        let funcs = echo_functions(&resolve, world);
        let mut wat_text = runtime.clone();
        for func in &funcs {
            let (params, ..) = wit_parser_signature(&resolve, func, AbiVariant::GuestExport);
            wat_text.push_str(&echo_function(&func.name, &params));
        }
        wat_text.push_str(")\n");
        let (encoding, wit_encoding) = encoding_pair(batch);
        let component = componentize(&wat_text, &resolve, world, wit_encoding);
        let mut echo = Echo::new(&engine, &component);
        for func in &funcs {
            functions += 1;
            for _ in 0..4 {
                let args: Vec<Val> = func
                    .params
                    .iter()
                    .map(|p| to_val(&random_value(&resolve, &p.ty, &mut rng)))
                    .collect();
                let base = 0x10000 + rng.below(16) as u32;
                let seen = echo.run(&func.name, &args, base);
                let options = CallOptions {
                    base,
                    string_encoding: encoding,
                };
                bytes += check_call(&resolve, func, &args, options, &seen);
                calls += 1;
                values += args.len();
                if wit_parser_signature(&resolve, func, AbiVariant::GuestExport).2 {
                    spilled += 1;
                }
            }
        }
    }
    println!(
        "echo property: {batches} worlds, {functions} random function types, {calls} calls \
         with {values} argument values ({spilled} calls with spilled arguments), {bytes} bytes \
         of memory compared"
    );
    assert!(calls >= 100);
}
