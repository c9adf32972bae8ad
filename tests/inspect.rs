//! What wavecall learns about a component without running it: the progress events of a
//! load, the parse-only WIT, and the check of a sequence of calls before any runs.

mod support;

use std::sync::{Arc, Mutex};

use wavecall::wit::{Wit, WitDecoder};
use wavecall::{LoadProgress, Runtime, Source};

fn fixture(name: &str) -> Source {
    Source::Path(support::fixtures::dir().join(format!("{name}.wasm")))
}

#[test]
fn loading_reports_compiling_only_when_it_compiles() {
    let cache = tempfile::tempdir().unwrap();
    // `$WAVECALL_CACHE_DIR` would win over `dir`: a text no cache can hold yet makes the
    // first load compile wherever the cache is.
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let text = format!(";; {nonce} {}\n(component)", std::process::id());
    let source = Source::Bytes {
        name: "empty.wat".into(),
        bytes: text.into_bytes(),
    };
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let runtime = Runtime::builder()
        .cache_dir(cache.path())
        .on_progress(move |e: &LoadProgress| sink.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    runtime.load(&source).unwrap();
    let seen = std::mem::take(&mut *events.lock().unwrap());
    match seen.as_slice() {
        [
            LoadProgress::Compiling {
                name,
                bytes,
                cached: true,
            },
            LoadProgress::Compiled { name: done, .. },
        ] => {
            assert_eq!(name, "empty.wat");
            assert_eq!(name, done);
            assert!(*bytes > 0, "{bytes}");
        }
        other => panic!("{other:?}"),
    }
    // From the cache: nothing to report.
    runtime.load(&source).unwrap();
    assert!(events.lock().unwrap().is_empty());
}

#[test]
fn wit_is_read_without_compiling() {
    let wit = Wit::read(fixture("resources"), WitDecoder::InProcess).unwrap();
    assert!(wit.partial.is_none());
    let names: Vec<String> = wit.exports().iter().map(|e| e.func.name.clone()).collect();
    assert!(
        names.contains(&"[method]counter.increment".to_string()),
        "{names:?}"
    );
}

#[test]
fn a_later_bad_call_is_found_before_any_runs() {
    let runtime = Runtime::new().unwrap();
    let program = runtime.load(fixture("resources")).unwrap();
    let mut checker = program.checker().unwrap();
    let bound = checker.check("c = [constructor]counter(1)").unwrap();
    assert_eq!(bound.unwrap().func.name, "[constructor]counter");
    let method = checker.check("c.increment()").unwrap().unwrap();
    assert_eq!(method.func.name, "[method]counter.increment");
    assert!(checker.check("consume(c)").is_ok());
    // `c` was moved into `consume`.
    let err = checker.check("c.get()").err().expect("`c` was moved");
    assert!(err.to_string().contains("moved"), "{err}");
}
