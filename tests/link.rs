//! Links through the library, on the real pair in `fixtures/real/pair` (a Rust importer and
//! provider built for `wasm32-wasip2`, and their `wac plug` composition): the composition is
//! the one `wac plug` makes, resources cross it, and mocks meet it as documented.
//!
//! The guests print to the test process's stdout and stderr; that output is theirs.

use std::path::{Path, PathBuf};
use std::time::Instant;

use wavecall::link::{self, Link};
use wavecall::{Mock, Program, Runtime, Source, Val};

fn pair(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/real/pair")
        .join(file)
}

fn read(file: &str) -> Vec<u8> {
    std::fs::read(pair(file)).unwrap()
}

fn provider() -> Link {
    Link::read(pair("provider.wasm")).unwrap()
}

fn linked(runtime: &Runtime) -> Program {
    let importer = pair("importer.wasm");
    runtime.program(importer).link(provider()).load().unwrap()
}

#[test]
fn the_composition_is_byte_for_byte_the_one_wac_plug_made() {
    let composed = link::compose("importer.wasm", &read("importer.wasm"), &[provider()]).unwrap();
    assert!(
        composed.binary == read("composed.wasm"),
        "the composition differs from fixtures/real/pair/composed.wasm (`wac plug`)"
    );
    let imports: Vec<(&str, &str)> = composed
        .linked
        .iter()
        .map(|l| (l.import.as_str(), l.link.as_str()))
        .collect();
    let provider = pair("provider.wasm").display().to_string();
    assert_eq!(
        imports,
        [
            ("wavecall:pair/counters@0.1.0", provider.as_str()),
            ("wavecall:pair/greetings@0.1.0", provider.as_str()),
        ]
    );
}

#[test]
fn resources_cross_the_link() {
    let runtime = Runtime::new().unwrap();
    let program = linked(&runtime);
    let mut session = program.session().start().unwrap();
    // `count` makes an own handle in the provider and calls methods on it.
    let outcome = session.invoke(r#"count("c", 3, 2)"#).unwrap();
    assert_eq!(outcome.results, vec![Val::U32(6)]);
    // `merge` moves two own handles into the provider and borrows the one it returns.
    let outcome = session.invoke("merge(2, 5)").unwrap();
    assert_eq!(outcome.results, vec![Val::String("left+right = 8".into())]);
}

#[test]
fn the_imports_a_link_satisfies_are_no_longer_imports() {
    let runtime = Runtime::new().unwrap();
    let program = linked(&runtime);
    let engine = program.engine();
    let imports: Vec<String> = program
        .component()
        .component_type()
        .imports(engine)
        .map(|(name, _)| name.to_string())
        .collect();
    assert!(
        imports.iter().all(|i| i.starts_with("wasi:")),
        "{imports:?}"
    );
    assert!(imports.contains(&"wasi:cli/stdout@0.2.6".to_string()));
}

#[test]
fn a_mock_of_a_linked_import_is_refused_naming_the_link() {
    let runtime = Runtime::new().unwrap();
    let program = linked(&runtime);
    let mocks = [Mock::parse(r#"wavecall:pair/greetings.greet="mocked""#).unwrap()];
    let problems = program.check_mocks(&mocks);
    let [(0, err)] = problems.as_slice() else {
        panic!("expected one problem, got {problems:?}");
    };
    let message = err.to_string();
    assert!(message.contains("leave the link out"), "{message}");
    assert!(message.contains("provider.wasm"), "{message}");
}

#[test]
fn mocks_apply_to_the_imports_the_composition_keeps() {
    let runtime = Runtime::new().unwrap();
    let program = linked(&runtime);
    let mocks = vec![Mock::parse("wasi:cli/environment.get-environment=[]").unwrap()];
    assert!(program.check_mocks(&mocks).is_empty());
    // The rest of WASI stays real: both parts print through it.
    let mut session = program.session().mocks(mocks).start().unwrap();
    let outcome = session.invoke(r#"hello("mocks")"#).unwrap();
    assert_eq!(outcome.results, vec![Val::String("hello, mocks!".into())]);
    assert_eq!(session.mock_calls(), [0]);
}

#[test]
fn the_same_import_mocked_twice_is_refused() {
    let runtime = Runtime::new().unwrap();
    let importer = runtime.load(Source::Path(pair("importer.wasm"))).unwrap();
    let mocks = [
        Mock::parse(r#"wavecall:pair/greetings.greet="one""#).unwrap(),
        Mock::parse(r#"wavecall:pair/greetings@0.1.0#greet="two""#).unwrap(),
    ];
    let problems = importer.check_mocks(&mocks);
    let [(1, err)] = problems.as_slice() else {
        panic!("expected one problem, got {problems:?}");
    };
    assert!(err.to_string().contains("already mocked"), "{err}");
}

#[test]
fn a_link_that_satisfies_nothing_is_an_error() {
    let runtime = Runtime::new().unwrap();
    // The importer exports nothing the provider imports.
    let importer = Link::read(pair("importer.wasm")).unwrap();
    let err = runtime
        .program(pair("provider.wasm"))
        .link(importer)
        .load()
        .err()
        .expect("linking fails");
    assert_eq!(
        wavecall::error::classify(&err),
        wavecall::error::FailureClass::Load
    );
    let text = format!("{err:#}");
    assert!(text.contains("exports nothing that"), "{text}");
}

/// What composing costs on every start (the compile cache finds the composition by the
/// digest of its bytes, so a warm start composes again before it looks): on the pair, and on
/// a generated importer of about 10 MB. Run with `--ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn composing_costs() {
    let links = [provider()];
    let measure = |name: &str, importer: &[u8], runs: u32| {
        let start = Instant::now();
        for _ in 0..runs {
            let composed = link::compose(name, importer, &links).unwrap();
            std::hint::black_box(blake3::hash(&composed.binary)); // the cache key
        }
        let per = start.elapsed() / runs;
        let kib = (importer.len() + links[0].binary.len()) / 1024;
        println!("composing and hashing {name} ({kib} KiB of input): {per:?} per start");
    };
    measure("the pair", &read("importer.wasm"), 200);
    measure("a large importer", &large_importer(20_000), 5);
}

/// A component of about 10 MB that imports the provider's `greetings`: `functions` core
/// functions of 100 additions each.
fn large_importer(functions: usize) -> Vec<u8> {
    let body = "local.get 0 i32.const 1000 i32.add local.set 0 ".repeat(100);
    let funcs: String = (0..functions)
        .map(|i| format!("(func (export \"f{i}\") (param i32) (result i32) {body} local.get 0)\n"))
        .collect();
    let wat = format!(
        r#"(component
          (import "wavecall:pair/greetings@0.1.0" (instance
            (export "greet" (func (param "name" string) (result string)))))
          (core module $m (func (export "noop")) {funcs})
          (core instance $i (instantiate $m))
          (func (export "noop") (canon lift (core func $i "noop"))))"#
    );
    wat::parse_str(&wat).unwrap()
}

#[test]
fn specs_link_the_real_pair() {
    use wavecall::spec::{self, RunOptions, Status};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec/real");
    let paths = spec::discover(&[dir]).unwrap();
    assert_eq!(paths.len(), 2);
    let reports = spec::run(&paths, &RunOptions::default(), &|_| {}).unwrap();
    for report in &reports {
        assert!(report.error.is_none(), "{report:?}");
        for test in &report.tests {
            assert_eq!(test.status, Status::Passed, "{test:?}");
        }
    }
    let tests: usize = reports.iter().map(|r| r.tests.len()).sum();
    assert_eq!(tests, 8);
}

#[test]
#[cfg(feature = "cli")] // runs the `wavecall` binary
fn the_compile_cache_keeps_one_entry_per_composition() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let provider = pair("provider.wasm");
    let importer = pair("importer.wasm");
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wavecall"))
            .args(["run", "--link"])
            .arg(&provider)
            .args(["--invoke", "merge(1, 2)"])
            .arg(&importer)
            .env("WAVECALL_CACHE_DIR", &cache)
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        out.stdout
    };
    let entries = || {
        std::fs::read_dir(&cache)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "cwasm")
            })
            .count()
    };
    let cold = run();
    assert_eq!(
        entries(),
        1,
        "one entry for the composition, none for its parts"
    );
    let warm = run();
    assert_eq!(
        entries(),
        1,
        "the warm run found the composition by its bytes"
    );
    assert_eq!(cold, warm);
}
