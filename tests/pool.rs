//! Pooled instances (`src/pool.rs`): sized from the component, fresh from its memory image
//! every time, under the same limits as instances allocated on demand, and on demand when a
//! component does not fit.
//!
//! The tests take turns (`SERIAL`): one counts the memory images mapped into the process.

use std::sync::Mutex;
use std::time::Duration;

use std::sync::Arc;

use wavecall::error::{FailureClass, classify};
use wavecall::limits::LimitExceeded;
use wavecall::{Limits, LoadProgress, Pooling, Program, Runtime, Source, Val};

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One memory whose byte 16 starts at 42 (a data segment), a global counter, and functions
/// that grow the memory, loop forever and trap.
const COMPONENT: &str = r#"(component
  (core module $m
    (memory (export "memory") 1)
    (data (i32.const 16) "\2a")
    (global $calls (mut i32) (i32.const 0))
    (func (export "bump") (result i32)
      global.get $calls i32.const 1 i32.add global.set $calls global.get $calls)
    (func (export "peek") (result i32) i32.const 16 i32.load8_u)
    (func (export "poke") (param i32) i32.const 16 local.get 0 i32.store8)
    (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
    (func (export "spin") (loop br 0))
    (func (export "boom") unreachable))
  (core instance $i (instantiate $m))
  (func (export "bump") (result u32) (canon lift (core func $i "bump")))
  (func (export "peek") (result u8) (canon lift (core func $i "peek")))
  (func (export "poke") (param "v" u8) (canon lift (core func $i "poke")))
  (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $i "grow")))
  (func (export "spin") (canon lift (core func $i "spin")))
  (func (export "boom") (canon lift (core func $i "boom"))))"#;

fn load(runtime: &Runtime) -> Program {
    runtime.load(Source::bytes("pool.wat", COMPONENT)).unwrap()
}

fn pooled(instances: u32) -> Runtime {
    Runtime::builder()
        .pooling(Pooling::instances(instances))
        .build()
        .unwrap()
}

fn result(session: &mut wavecall::Session<'_>, call: &str) -> Val {
    let outcome = session.invoke(call).unwrap();
    outcome
        .results
        .into_iter()
        .next()
        .unwrap_or(Val::Tuple(vec![]))
}

/// How many memory slots of the program's pool are in use.
fn live_memories(program: &Program) -> usize {
    program
        .engine()
        .pooling_allocator_metrics()
        .expect("a pooled engine")
        .memories()
}

#[test]
fn each_program_gets_a_pool_sized_from_its_component() {
    let _turn = serial();
    let runtime = pooled(3);
    let program = load(&runtime);
    let pool = program.pool().expect("pooled");
    assert_eq!(pool.instances, 3);
    assert_eq!(pool.memories, 3, "one memory, three instances");
    assert_eq!(pool.tables, 0);
    // A slot is the engine's whole reservation (the compiled code relies on it) and a guard.
    let engine = program.engine();
    assert_eq!(pool.max_memory, engine.get_memory_reservation());
    let slot = engine.get_memory_reservation() + engine.get_memory_guard_size();
    assert_eq!(pool.memory_slot, slot);
    assert_eq!(pool.reserved, 3 * slot + engine.get_memory_guard_size());
    // Its own engine; the runtime's allocates on demand, for one-shot sessions.
    assert!(runtime.engine().pooling_allocator_metrics().is_none());
    // Not pooling unless asked.
    let plain = Runtime::new().unwrap();
    assert!(load(&plain).pool().is_none());
}

#[test]
fn a_fresh_pooled_instance_starts_from_the_memory_image() {
    let _turn = serial();
    let runtime = pooled(2);
    let program = load(&runtime);
    let pre = program.session().prepare().unwrap();
    for _ in 0..3 {
        let mut session = pre.start().unwrap();
        assert_eq!(live_memories(&program), 1);
        // One page, whatever the instance before grew its memory to.
        assert_eq!(result(&mut session, "grow(0)"), Val::S32(1));
        assert_eq!(result(&mut session, "peek()"), Val::U8(42));
        assert_eq!(result(&mut session, "bump()"), Val::U32(1));
        session.invoke("poke(7)").unwrap();
        assert_eq!(result(&mut session, "grow(3)"), Val::S32(1));
        assert_eq!(result(&mut session, "peek()"), Val::U8(7));
        assert_eq!(result(&mut session, "bump()"), Val::U32(2));
    }
    // Two at once, each its own.
    let mut first = pre.start().unwrap();
    let mut second = pre.start().unwrap();
    assert_eq!(live_memories(&program), 2);
    first.invoke("poke(1)").unwrap();
    assert_eq!(result(&mut second, "peek()"), Val::U8(42));
    assert_eq!(result(&mut first, "bump()"), Val::U32(1));
    assert_eq!(result(&mut second, "bump()"), Val::U32(1));
    drop((first, second));
    assert_eq!(live_memories(&program), 0);
}

/// The memory comes from Wasmtime's copy-on-write image of the data segments
/// (`Config::memory_init_cow`): a memfd mapped into the slot, not bytes copied in.
#[cfg(target_os = "linux")]
#[test]
fn the_memory_image_is_mapped_copy_on_write() {
    let _turn = serial();
    let images = || {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        maps.lines()
            .filter(|l| l.contains("memfd:wasm-memory-image"))
            .count()
    };
    let runtime = pooled(1);
    let program = load(&runtime);
    let pre = program.session().prepare().unwrap();
    assert_eq!(images(), 0);
    let mut session = pre.start().unwrap();
    assert_eq!(result(&mut session, "peek()"), Val::U8(42));
    assert!(images() >= 1, "no memory image mapped");
}

#[test]
fn limits_hold_as_on_demand() {
    let _turn = serial();
    let runtime = Runtime::builder()
        .pooling(Pooling::instances(2))
        .meter_fuel(true)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let program = load(&runtime);
    assert!(program.pool().is_some());
    let pre = program
        .session()
        .limits(Limits::new().max_memory(4 << 16))
        .prepare()
        .unwrap();
    let hit = |err: anyhow::Error| err.downcast_ref::<LimitExceeded>().copied();
    // Memory: the limiter refuses growth past the limit, not the 4 GiB slot.
    let mut session = pre.start().unwrap();
    assert_eq!(result(&mut session, "grow(3)"), Val::S32(1));
    let err = session.invoke("grow(1)").unwrap_err();
    assert_eq!(hit(err), Some(LimitExceeded::Memory(4 << 16)));
    // A trap ends its own instance only: the other live one and the next fresh one go on.
    let mut other = pre.start().unwrap();
    assert!(session.is_broken());
    assert_eq!(result(&mut other, "bump()"), Val::U32(1));
    drop(session);
    let mut next = pre.start().unwrap();
    assert!(next.invoke("boom()").is_err());
    assert_eq!(result(&mut other, "bump()"), Val::U32(2));
    drop(next);
    // Fuel and time, per session.
    let mut session = pre.start_with(Limits::new().fuel(10_000)).unwrap();
    let err = session.invoke("spin()").unwrap_err();
    assert_eq!(hit(err), Some(LimitExceeded::Fuel(10_000)));
    drop(session);
    let limits = Limits::new().timeout(Duration::from_millis(50));
    let mut session = pre.start_with(limits).unwrap();
    let err = session.invoke("spin()").unwrap_err();
    assert_eq!(
        hit(err),
        Some(LimitExceeded::Timeout(Duration::from_millis(50)))
    );
}

#[test]
fn more_live_instances_than_slots_fail_until_one_ends() {
    let _turn = serial();
    let runtime = pooled(1);
    let program = load(&runtime);
    let pre = program.session().prepare().unwrap();
    let first = pre.start().unwrap();
    let err = pre.start().err().expect("the only slot is taken");
    let text = format!("{err:#}");
    // A call that could not be made (exit status 1), as any instantiation that fails.
    assert_eq!(classify(&err), FailureClass::Call);
    assert!(text.contains("failed to instantiate `pool.wat`"), "{text}");
    assert!(
        text.contains("all 1 instances its pool holds are live"),
        "{text}"
    );
    drop(first);
    let mut again = pre.start().unwrap();
    assert_eq!(result(&mut again, "bump()"), Val::U32(1));
}

#[test]
fn a_component_that_does_not_fit_is_allocated_on_demand() {
    let _turn = serial();
    // One slot reserves 4 GiB and a guard: a budget of 1 GiB leaves no room for any.
    let runtime = Runtime::builder()
        .pooling(Pooling::instances(1).max_reservation(1 << 30))
        .build()
        .unwrap();
    let program = load(&runtime);
    assert!(program.pool().is_none());
    assert!(program.engine().pooling_allocator_metrics().is_none());
    let pre = program.session().prepare().unwrap();
    let mut session = pre.start().unwrap();
    assert_eq!(result(&mut session, "peek()"), Val::U8(42));
    let also = pre.start();
    assert!(also.is_ok(), "on demand there is no slot to run out of");
}

#[test]
fn the_runtime_budget_is_shared_and_given_back() {
    let _turn = serial();
    let slot_and_guard = {
        let program = load(&pooled(1));
        program.pool().unwrap().reserved
    };
    // Room for one program's pool at a time.
    let runtime = Runtime::builder()
        .pooling(Pooling::instances(1).max_reservation(slot_and_guard + slot_and_guard / 2))
        .build()
        .unwrap();
    let first = load(&runtime);
    assert!(first.pool().is_some());
    let second = load(&runtime);
    assert!(second.pool().is_none(), "over the budget");
    drop(first);
    let third = load(&runtime);
    assert!(
        third.pool().is_some(),
        "the first one's part was given back"
    );
    let mut session = second.session().start().unwrap();
    assert_eq!(result(&mut session, "bump()"), Val::U32(1));
}

/// The pooled engine takes the component the runtime's engine loaded, so the compile cache
/// serves pooled programs as any other: compiled once, then loaded from the cache.
#[test]
fn a_pooled_program_comes_from_the_compile_cache() {
    let _turn = serial();
    let cache = tempfile::tempdir().unwrap();
    // `$WAVECALL_CACHE_DIR` would win over `cache_dir`: a text no cache can hold yet makes
    // the first load compile wherever the cache is.
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let text = format!(";; {nonce} {}\n{COMPONENT}", std::process::id());
    let source = Source::bytes("pool.wat", text);
    let compiled = Arc::new(Mutex::new(0));
    let runtime = || {
        let sink = compiled.clone();
        Runtime::builder()
            .pooling(Pooling::instances(1))
            .cache_dir(cache.path())
            .on_progress(move |e: &LoadProgress| {
                if let LoadProgress::Compiled { .. } = e {
                    *sink.lock().unwrap() += 1;
                }
            })
            .build()
            .unwrap()
    };
    for _ in 0..2 {
        let runtime = runtime();
        let program = runtime.load(&source).unwrap();
        assert!(program.pool().is_some());
        let mut session = program.session().start().unwrap();
        assert_eq!(result(&mut session, "peek()"), Val::U8(42));
        assert_eq!(live_memories(&program), 1);
    }
    assert_eq!(
        *compiled.lock().unwrap(),
        1,
        "compiled again instead of from the cache"
    );
}
