//! The fixtures themselves: every one builds, validates and links under Wasmtime with WASI
//! p2, and each behaves as its WIT documents.
//!
//! These tests talk to Wasmtime directly, not to wavecall, so that a wrong fixture shows up
//! here as a fixture bug rather than as a mysterious wavecall failure in `tests/cli/`.

mod support;

use anyhow::{Context, Result, anyhow};
use support::fixtures;
use wasmtime::component::wasm_wave::untyped::UntypedFuncCall;
use wasmtime::component::{Component, Linker, ResourceTable, Val};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

struct Host {
    wasi: WasiCtx,
    table: ResourceTable,
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

fn engine() -> Engine {
    let mut config = Config::new();
    config.wasm_component_model(true);
    Engine::new(&config).unwrap()
}

fn linker(engine: &Engine) -> Linker<Host> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
    linker
}

#[test]
fn every_fixture_builds_validates_and_links() {
    let engine = engine();
    let linker = linker(&engine);
    let names = fixtures::names();
    assert!(
        names.iter().any(|n| n == "shapes"),
        "no shapes fixture in {names:?}"
    );
    for name in names {
        let path = fixtures::path(&name);
        let component = Component::from_file(&engine, &path)
            .map_err(|e| anyhow!(e))
            .with_context(|| format!("fixture `{name}` does not compile"))
            .unwrap();
        linker
            .instantiate_pre(&component)
            .map_err(|e| anyhow!(e))
            .with_context(|| format!("fixture `{name}` does not link with WASI p2"))
            .unwrap();
    }
}

/// Calls `call` (WAVE call syntax; `iface` names the exported instance, if any) on a fresh
/// instance of `fixture`, and renders the results in WAVE, one per line.
fn call_with(fixture: &str, iface: Option<&str>, call: &str, wasi: WasiCtx) -> Result<String> {
    let engine = engine();
    let component = Component::from_file(&engine, fixtures::path(fixture))?;
    let mut store = Store::new(
        &engine,
        Host {
            wasi,
            table: ResourceTable::new(),
        },
    );
    let instance = linker(&engine).instantiate(&mut store, &component)?;
    let parsed = UntypedFuncCall::parse(call).map_err(|e| anyhow!("{e}"))?;
    let parent = match iface {
        Some(iface) => Some(
            instance
                .get_export_index(&mut store, None, iface)
                .with_context(|| format!("no instance `{iface}`"))?,
        ),
        None => None,
    };
    let index = instance
        .get_export_index(&mut store, parent.as_ref(), parsed.name())
        .with_context(|| format!("no function `{}`", parsed.name()))?;
    let func = instance
        .get_func(&mut store, index)
        .context("not a function")?;
    let ty = func.ty(&store);
    let param_types: Vec<_> = ty.params().map(|(_, t)| t).collect();
    let params: Vec<Val> = parsed
        .to_wasm_params(&param_types)
        .map_err(|e| anyhow!("{e}"))?;
    let mut results = vec![Val::Bool(false); ty.results().len()];
    func.call(&mut store, &params, &mut results)?;
    let rendered: Vec<String> = results
        .iter()
        .map(|v| v.to_wave())
        .collect::<Result<_, _>>()?;
    Ok(rendered.join("\n"))
}

fn call(fixture: &str, iface: Option<&str>, call: &str) -> Result<String> {
    call_with(fixture, iface, call, WasiCtx::builder().build())
}

/// Asserts that each call renders as expected.
fn check(fixture: &str, iface: Option<&str>, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (input, expected) in cases {
        match call(fixture, iface, input) {
            Ok(got) if got == *expected => {}
            Ok(got) => failures.push(format!("{input}: expected `{expected}`, got `{got}`")),
            Err(e) => failures.push(format!("{input}: expected `{expected}`, got error {e:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "fixture `{fixture}`:\n{}",
        failures.join("\n")
    );
}

/// Asserts that each call fails and that the error mentions the given text.
#[allow(dead_code)] // Used once the trap fixtures land.
fn check_fails(fixture: &str, iface: Option<&str>, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (input, expected) in cases {
        match call(fixture, iface, input) {
            Ok(got) => failures.push(format!("{input}: expected an error, got `{got}`")),
            Err(e) if format!("{e:?}").contains(expected) => {}
            Err(e) => failures.push(format!("{input}: expected `{expected}` in {e:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "fixture `{fixture}`:\n{}",
        failures.join("\n")
    );
}

#[test]
fn shapes() {
    check(
        "shapes",
        None,
        &[
            ("area(circle({radius: 1.0}))", "3.1415927"),
            ("area(rect({width: 2.0, height: 3.5}))", "7"),
            ("area(point)", "0"),
            ("perimeter(circle({radius: 0.5}))", "3.1415927"),
            ("perimeter(rect({width: 2.0, height: 3.5}))", "11"),
            ("perimeter(point)", "0"),
            ("scale(circle({radius: 1.5}), 2.0)", "circle({radius: 3})"),
            (
                "scale(rect({width: 1.0, height: 2.0}), 0.5)",
                "rect({width: 0.5, height: 1})",
            ),
            ("scale(point, 3.0)", "point"),
        ],
    );
}
