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

#[test]
fn types() {
    check(
        "types",
        None,
        &[
            ("echo-bool(true)", "true"),
            ("echo-u8(255)", "255"),
            ("echo-u16(65535)", "65535"),
            ("echo-u32(4294967295)", "4294967295"),
            ("echo-u64(18446744073709551615)", "18446744073709551615"),
            ("echo-s8(-128)", "-128"),
            ("echo-s16(-32768)", "-32768"),
            ("echo-s32(-2147483648)", "-2147483648"),
            ("echo-s64(-9223372036854775808)", "-9223372036854775808"),
            ("echo-f32(1.5)", "1.5"),
            ("echo-f64(-0.25)", "-0.25"),
            ("echo-f64(nan)", "nan"),
            ("echo-char('🦀')", "'🦀'"),
            (r#"echo-string("héllo\n")"#, r#""héllo\n""#),
            (r#"echo-string("")"#, r#""""#),
            ("echo-list-u8([1, 2, 255])", "[1, 2, 255]"),
            ("echo-list-u32([])", "[]"),
            ("echo-list-u32([7, 4294967295])", "[7, 4294967295]"),
            (
                r#"echo-list-string(["a", "", "ccc"])"#,
                r#"["a", "", "ccc"]"#,
            ),
            ("echo-nested-list([[1], [], [2, 3]])", "[[1], [], [2, 3]]"),
            (r#"echo-tuple((7, "x", true))"#, r#"(7, "x", true)"#),
            (
                r#"echo-person({name: "Ada", age: 36})"#,
                r#"{name: "Ada", age: 36}"#,
            ),
            (
                r#"echo-person({name: "Ada", age: 36, nickname: some("A")})"#,
                r#"{name: "Ada", age: 36, nickname: some("A")}"#,
            ),
            // wasm-wave 0.254's `to_wave` does not `%`-escape keyword labels; the fixture is
            // checked here, not the rendering.
            (
                "echo-keywords({%true: 1, %none: true, %inf: inf})",
                "{true: 1, none: true, inf: inf}",
            ),
            ("echo-mixed(int(-5))", "int(-5)"),
            ("echo-mixed(float(2.5))", "float(2.5)"),
            ("echo-mixed(long(-9000000000))", "long(-9000000000)"),
            ("echo-mixed(double(0.1))", "double(0.1)"),
            (r#"echo-mixed(text("hi"))"#, r#"text("hi")"#),
            ("echo-mixed(empty)", "empty"),
            ("echo-color(blue)", "blue"),
            ("echo-option(some(3))", "some(3)"),
            ("echo-option(none)", "none"),
            ("echo-option-option(some(some(3)))", "some(some(3))"),
            ("echo-option-option(some(none))", "some(none)"),
            ("echo-option-option(none)", "none"),
            ("echo-result(ok(1))", "ok(1)"),
            (r#"echo-result(err("no"))"#, r#"err("no")"#),
            ("echo-result-no-ok(ok)", "ok"),
            (r#"echo-result-no-ok(err("no"))"#, r#"err("no")"#),
            ("echo-result-no-err(ok(2))", "ok(2)"),
            ("echo-result-no-err(err)", "err"),
            ("echo-result-empty(ok)", "ok"),
            ("echo-result-empty(err)", "err"),
            ("echo-perms({read, exec})", "{read, exec}"),
            ("echo-perms({})", "{}"),
            ("echo-many({b1, b31, b32})", "{b1, b31, b32}"),
            (
                r#"countdown("go", 3)"#,
                r#"{title: "go", values: [3, 2, 1]}"#,
            ),
            (r#"countdown("", 0)"#, r#"{title: "", values: []}"#),
            (r#"swap("x", 9)"#, r#"(9, "x")"#),
            ("nothing()", ""),
            ("count-some(none, none, none)", "0"),
            (r#"count-some(some(1), some("b"), some(false))"#, "3"),
        ],
    );
}

#[test]
fn many_params() {
    check(
        "many-params",
        None,
        &[
            (
                "sum16(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)",
                "136",
            ),
            (
                "sum17(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)",
                "153",
            ),
            (
                "sum17(4294967295, 4294967295, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)",
                "8589934591",
            ),
            (
                r#"concat9("a", "b", "", "d", "e", "f", "g", "h", "i!")"#,
                r#""abdefghi!""#,
            ),
            (
                r#"mixed(1, "one ", 2, "two ", 0.5, "three ", true, "four ", -10, "five ", 100, "six")"#,
                r#"("one two three four five six", 94.5)"#,
            ),
        ],
    );
}

#[test]
fn traps() {
    check(
        "traps",
        None,
        &[
            ("divide(7, 2)", "3"),
            ("divide(-7, 2)", "-3"),
            ("hog(1)", "1"),
            ("deep(100)", "100"),
        ],
    );
    check_fails(
        "traps",
        None,
        &[
            ("boom()", "unreachable"),
            ("divide(1, 0)", "divide by zero"),
            ("divide(-2147483648, -1)", "overflow"),
            ("deep(100000000)", "call stack exhausted"),
            ("bad-utf8()", "utf-8"),
            ("bad-pointer()", "out of bounds"),
            ("bad-char()", "char"),
            ("bad-enum()", "discriminant"),
            ("misaligned()", "aligned"),
        ],
    );
}

#[test]
fn nested() {
    check("nested", None, &[("version()", r#""1.2.0""#)]);
    check(
        "nested",
        Some("wavecall:nested/alpha@1.2.0"),
        &[(r#"greet("Ada")"#, r#""hello from alpha, Ada""#)],
    );
    check(
        "nested",
        Some("wavecall:nested/beta@1.2.0"),
        &[
            (r#"greet("Ada")"#, r#""hello from beta, Ada""#),
            (r#"shout("Ada")"#, r#""HEY Ada""#),
        ],
    );
    check(
        "nested",
        Some("wavecall:pre/gamma@0.2.0-rc.1"),
        &[(r#"greet("")"#, r#""hello from gamma, ""#)],
    );
}

#[test]
fn resources() -> Result<()> {
    // WAVE has no handle syntax, so the handles are passed by hand here.
    let engine = engine();
    let component = Component::from_file(&engine, fixtures::path("resources"))?;
    let mut store = Store::new(
        &engine,
        Host {
            wasi: WasiCtx::builder().build(),
            table: ResourceTable::new(),
        },
    );
    let instance = linker(&engine).instantiate(&mut store, &component)?;
    let api = instance
        .get_export_index(&mut store, None, "wavecall:res/api")
        .context("api")?;
    let mut call = |name: &str, params: &[Val], results: usize| -> Result<Vec<Val>> {
        let index = instance
            .get_export_index(&mut store, Some(&api), name)
            .with_context(|| format!("no `{name}`"))?;
        let func = instance
            .get_func(&mut store, index)
            .context("not a function")?;
        let mut out = vec![Val::Bool(false); results];
        func.call(&mut store, params, &mut out)?;
        Ok(out)
    };
    let c = call("[constructor]counter", &[Val::U32(5)], 1)?.remove(0);
    assert_eq!(
        call("[method]counter.increment", std::slice::from_ref(&c), 1)?,
        [Val::U32(6)]
    );
    assert_eq!(
        call("[method]counter.get", std::slice::from_ref(&c), 1)?,
        [Val::U32(6)]
    );
    let Val::Tuple(pair) = call("make-pair", &[], 1)?.remove(0) else {
        panic!("not a tuple")
    };
    assert_eq!(
        call("[method]counter.get", &[pair[1].clone()], 1)?,
        [Val::U32(2)]
    );
    let merged = call("[static]counter.merge", &[c.clone(), pair[0].clone()], 1)?.remove(0);
    assert_eq!(
        call("[method]counter.get", std::slice::from_ref(&merged), 1)?,
        [Val::U32(7)]
    );
    assert_eq!(call("dropped", &[], 1)?, [Val::U32(0)]);
    assert_eq!(call("consume", &[merged], 1)?, [Val::U32(7)]);
    assert_eq!(call("dropped", &[], 1)?, [Val::U32(1)]);
    assert_eq!(call("[method]counter.get", &[c], 1)?, [Val::U32(6)]);
    Ok(())
}

#[test]
fn wasi() -> Result<()> {
    use wasmtime_wasi::p2::pipe::MemoryOutputPipe;

    let stdout = MemoryOutputPipe::new(1 << 20);
    let mut ctx = WasiCtx::builder();
    ctx.args(&["prog", "a b", "fail"]).stdout(stdout.clone());
    let got = call_with("wasi", Some("wasi:cli/run@0.2.6"), "run()", ctx.build())?;
    assert_eq!(got, "err");
    assert_eq!(
        String::from_utf8_lossy(&stdout.contents()),
        "hello from wavecall\nprog\na b\nfail\n"
    );

    let mut ctx = WasiCtx::builder();
    ctx.args(&["prog", "exit", "not printed"]);
    let err = call_with("wasi", Some("wasi:cli/run@0.2.6"), "run()", ctx.build()).unwrap_err();
    let exit = err.downcast_ref::<wasmtime_wasi::I32Exit>().map(|e| e.0);
    assert_eq!(exit, Some(1), "{err:?}");

    let mut ctx = WasiCtx::builder();
    ctx.env("GREETING", "hi there")
        .env("EMPTY", "")
        .args(&["x", "y"]);
    let wasi = ctx.build();
    assert_eq!(
        call_with("wasi", None, r#"env-var("GREETING")"#, wasi)?,
        r#"some("hi there")"#
    );
    let mut ctx = WasiCtx::builder();
    ctx.env("EMPTY", "");
    assert_eq!(
        call_with("wasi", None, r#"env-var("EMPTY")"#, ctx.build())?,
        r#"some("")"#
    );
    assert_eq!(call("wasi", None, r#"env-var("HOME")"#)?, "none");
    let mut ctx = WasiCtx::builder();
    ctx.args(&["x", "y z"]);
    assert_eq!(
        call_with("wasi", None, "args()", ctx.build())?,
        r#"["x", "y z"]"#
    );

    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("hello.txt"), "hello, file\n")?;
    let preopened = || -> Result<WasiCtx> {
        let mut ctx = WasiCtx::builder();
        ctx.preopened_dir(dir.path(), "/", wasmtime_wasi::FsPerms::ReadOnly)
            .map_err(|e| anyhow!(e))?;
        Ok(ctx.build())
    };
    assert_eq!(
        call_with("wasi", None, r#"read-file("hello.txt")"#, preopened()?)?,
        r#"ok("hello, file\n")"#
    );
    assert_eq!(
        call_with("wasi", None, r#"read-file("missing.txt")"#, preopened()?)?,
        r#"err("no-entry")"#
    );
    assert_eq!(
        call_with("wasi", None, r#"read-file("../escape.txt")"#, preopened()?)?,
        r#"err("not-permitted")"#
    );
    assert_eq!(
        call("wasi", None, r#"read-file("hello.txt")"#)?,
        r#"err("no preopened directory")"#
    );
    Ok(())
}

#[test]
fn stdio() -> Result<()> {
    use wasmtime_wasi::p2::pipe::MemoryOutputPipe;

    let (stdout, stderr) = (
        MemoryOutputPipe::new(1 << 20),
        MemoryOutputPipe::new(1 << 20),
    );
    let with_pipes = || {
        let mut ctx = WasiCtx::builder();
        ctx.stdout(stdout.clone()).stderr(stderr.clone());
        ctx.build()
    };
    assert_eq!(
        call_with("stdio", None, r#"print("out\n")"#, with_pipes())?,
        "4"
    );
    assert_eq!(
        call_with("stdio", None, r#"eprint("err")"#, with_pipes())?,
        "3"
    );
    // More than the 4096 bytes one write may carry.
    assert_eq!(
        call_with("stdio", None, r#"repeat("0123456789", 500)"#, with_pipes())?,
        ""
    );
    let err = call_with("stdio", None, r#"print-then-trap("o", "e")"#, with_pipes()).unwrap_err();
    assert!(format!("{err:?}").contains("unreachable"), "{err:?}");
    let out = String::from_utf8(stdout.contents().to_vec())?;
    assert_eq!(out, format!("out\n{}o", "0123456789".repeat(500)));
    assert_eq!(String::from_utf8(stderr.contents().to_vec())?, "erre");
    Ok(())
}

#[test]
fn sockets() -> Result<()> {
    // WASI's defaults: TCP, UDP and name lookups are all off.
    assert_eq!(
        call("sockets", None, r#"lookup("localhost")"#)?,
        r#"err("permanent-resolver-failure")"#
    );
    assert_eq!(
        call("sockets", None, "bind-tcp(0)")?,
        r#"err("access-denied")"#
    );
    assert_eq!(
        call("sockets", None, "connect-tcp(1)")?,
        r#"err("access-denied")"#
    );

    // TCP on, but no address allowed: the socket is created, the bind is refused.
    let mut ctx = WasiCtx::builder();
    ctx.allow_tcp(true);
    assert_eq!(
        call_with("sockets", None, "bind-tcp(0)", ctx.build())?,
        r#"err("access-denied")"#
    );

    let open = || {
        let mut ctx = WasiCtx::builder();
        ctx.inherit_network()
            .allow_tcp(true)
            .allow_ip_name_lookup(true);
        ctx.build()
    };
    assert_eq!(
        call_with("sockets", None, r#"lookup("localhost")"#, open())?,
        "ok"
    );
    assert_eq!(
        call_with("sockets", None, r#"lookup("not a name")"#, open())?,
        r#"err("invalid-argument")"#
    );
    assert_eq!(call_with("sockets", None, "bind-tcp(0)", open())?, "ok");
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    assert_eq!(
        call_with("sockets", None, &format!("connect-tcp({port})"), open())?,
        "ok"
    );
    Ok(())
}

#[test]
fn buggy() {
    // Right below the planted bugs, wrong from them on.
    check(
        "buggy",
        None,
        &[
            ("echo-u32(999)", "999"),
            ("echo-u32(1000)", "1001"),
            (r#"echo-string("a-b")"#, r#""a-b""#),
            (r#"echo-string("a#b")"#, r#""a?b""#),
            (r#"echo-string("é#")"#, r#""é?""#),
            ("echo-list([1, 2])", "[1, 2]"),
            ("echo-list([1, 2, 3])", "[1, 2]"),
            ("echo-s64(-9223372036854775808)", "-9223372036854775808"),
            ("divide(7, 2)", "3"),
            ("add(4294967295, 2)", "1"),
            ("add-fast(200, 1)", "201"),
            ("add-fast(201, 1)", "203"),
        ],
    );
    check_fails("buggy", None, &[("divide(1, 0)", "divide by zero")]);
}
