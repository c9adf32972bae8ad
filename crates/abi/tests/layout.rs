//! Cross-check: the layout, flattening and core signatures against wit-parser's
//! `SizeAlign`, `push_flat` and `wasm_signature`, for every type and function of every WIT
//! file under the repository's `wit/` and of 60 worlds of random types.

mod support;

use support::*;
use wavecall_abi::wit_parser::abi::{AbiVariant, FlatTypes, WasmType};
use wavecall_abi::wit_parser::{Resolve, SizeAlign, Type, TypeDefKind, WorldItem};
use wavecall_abi::{self as abi, CoreType, Direction, Shape, StringEncoding};

fn core(t: &WasmType) -> CoreType {
    match t {
        WasmType::I32 | WasmType::Pointer | WasmType::Length => CoreType::I32,
        WasmType::I64 | WasmType::PointerOrI64 => CoreType::I64,
        WasmType::F32 => CoreType::F32,
        WasmType::F64 => CoreType::F64,
    }
}

fn their_flat(resolve: &Resolve, ty: &Type) -> Vec<CoreType> {
    let mut storage = [WasmType::I32; 4096];
    let mut flat = FlatTypes::new(&mut storage);
    assert!(resolve.push_flat(ty, &mut flat));
    flat.to_vec().iter().map(core).collect()
}

/// Checks every type and exported function of `resolve`; returns (types, functions).
fn check(resolve: &Resolve) -> (usize, usize) {
    let mut sizes = SizeAlign::default();
    sizes.fill(resolve);
    let mut types = 0;
    for (id, def) in resolve.types.iter() {
        if matches!(def.kind, TypeDefKind::Resource) {
            continue;
        }
        types += 1;
        let ty = Type::Id(id);
        let name = abi::wit_name(resolve, &ty);
        let (size, align) = abi::size_align(resolve, &ty);
        assert_eq!(
            size as usize,
            sizes.size(&ty).size_wasm32(),
            "size of `{name}`"
        );
        assert_eq!(
            align as usize,
            sizes.align(&ty).align_wasm32(),
            "align of `{name}`"
        );
        let layout = abi::type_layout(resolve, &ty, StringEncoding::Utf8);
        assert_eq!(
            layout.flat,
            their_flat(resolve, &ty),
            "flat types of `{name}`"
        );
        match (&def.kind, &layout.shape) {
            (TypeDefKind::Record(r), Shape::Record { fields }) => {
                let theirs = sizes.field_offsets(r.fields.iter().map(|f| &f.ty));
                let ours: Vec<u32> = fields.iter().map(|f| f.offset).collect();
                let theirs: Vec<u32> = theirs.iter().map(|(o, _)| o.size_wasm32() as u32).collect();
                assert_eq!(ours, theirs, "field offsets of `{name}`");
            }
            (TypeDefKind::Tuple(t), Shape::Tuple { fields }) => {
                let theirs = sizes.field_offsets(t.types.iter());
                let ours: Vec<u32> = fields.iter().map(|f| f.offset).collect();
                let theirs: Vec<u32> = theirs.iter().map(|(o, _)| o.size_wasm32() as u32).collect();
                assert_eq!(ours, theirs, "field offsets of `{name}`");
            }
            (TypeDefKind::Variant(v), Shape::Variant { payload_offset, .. }) => {
                let theirs = sizes.payload_offset(v.tag(), v.cases.iter().map(|c| c.ty.as_ref()));
                assert_eq!(
                    *payload_offset as usize,
                    theirs.size_wasm32(),
                    "payload of `{name}`"
                );
            }
            (TypeDefKind::Option(t), Shape::Variant { payload_offset, .. }) => {
                let theirs =
                    sizes.payload_offset(wavecall_abi::wit_parser::Int::U8, [None, Some(t)]);
                assert_eq!(
                    *payload_offset as usize,
                    theirs.size_wasm32(),
                    "payload of `{name}`"
                );
            }
            (TypeDefKind::Result(r), Shape::Variant { payload_offset, .. }) => {
                let theirs = sizes.payload_offset(
                    wavecall_abi::wit_parser::Int::U8,
                    [r.ok.as_ref(), r.err.as_ref()],
                );
                assert_eq!(
                    *payload_offset as usize,
                    theirs.size_wasm32(),
                    "payload of `{name}`"
                );
            }
            _ => {}
        }
    }
    let mut functions = 0;
    // Functions of the worlds and of every interface (resource methods included).
    let world_funcs = resolve.worlds.iter().flat_map(|(_, world)| {
        world
            .imports
            .values()
            .chain(world.exports.values())
            .filter_map(|item| match item {
                WorldItem::Function(func) => Some(func),
                _ => None,
            })
    });
    let interface_funcs = resolve
        .interfaces
        .iter()
        .flat_map(|(_, iface)| iface.functions.values());
    for func in world_funcs.chain(interface_funcs) {
        functions += 1;
        let ours = abi::function_abi(resolve, func, StringEncoding::Utf8);
        for (sig, variant) in [
            (&ours.lift, AbiVariant::GuestExport),
            (&ours.lower, AbiVariant::GuestImport),
        ] {
            let theirs = resolve.wasm_signature(variant, func);
            let what = format!("{:?} signature of `{}`", sig.direction, func.name);
            assert_eq!(
                sig.params,
                theirs.params.iter().map(core).collect::<Vec<_>>(),
                "{what}"
            );
            assert_eq!(
                sig.results,
                theirs.results.iter().map(core).collect::<Vec<_>>(),
                "{what}"
            );
            assert_eq!(sig.params_in_memory, theirs.indirect_params, "{what}");
            assert_eq!(sig.result_in_memory, theirs.retptr, "{what}");
        }
        assert_eq!(ours.lift.direction, Direction::Lift);
    }
    (types, functions)
}

#[test]
fn layout_and_signatures_match_wit_parser_on_wit_dir() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../wit");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "wit") {
            let mut resolve = Resolve::default();
            resolve.push_file(&path).unwrap();
            let (types, functions) = check(&resolve);
            assert!(
                types > 0 && functions > 0,
                "{} has types and functions",
                path.display()
            );
            files += 1;
        }
    }
    assert!(files >= 2, "wit/ holds shapes.wit and echo.wit");
}

#[test]
fn layout_and_signatures_match_wit_parser_on_random_worlds() {
    let mut rng = Rng::new(0x1a_7007);
    let (mut types, mut functions) = (0, 0);
    for _ in 0..60 {
        let text = WitGen::new(&mut rng).world(10, true);
        let mut resolve = Resolve::default();
        resolve.push_str("gen.wit", &text).unwrap();
        let (t, f) = check(&resolve);
        types += t;
        functions += f;
    }
    println!("cross-check: {types} random types, {functions} random functions");
    assert!(types >= 300 && functions >= 600);
}
