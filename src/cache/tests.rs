use std::cell::Cell;
use std::time::Duration;

use super::*;
use crate::limits::{Limits, Metering};

fn engine(limits: &Limits) -> Engine {
    crate::engine::build(limits, Metering::of(limits)).unwrap()
}

fn wat(export: &str) -> String {
    format!(
        r#"(component
          (core module $m (func (export "f") (result i32) i32.const 7))
          (core instance $i (instantiate $m))
          (func (export "{export}") (result u32) (canon lift (core func $i "f"))))"#
    )
}

fn cache_in(dir: &Path, max_size: u64, settle: Duration) -> Cache {
    Cache {
        settle,
        ..Cache::new(dir, max_size)
    }
}

/// Gets `export`'s component from the cache, compiling it on a miss; says whether it compiled.
fn get(cache: &Cache, engine: &Engine, export: &str) -> bool {
    let text = wat(export);
    let compiled = Cell::new(false);
    cache
        .get_or_compile(
            engine,
            &engine_digest(engine),
            &source_digest(text.as_bytes()),
            || {
                compiled.set(true);
                Ok(Component::new(engine, &text)?)
            },
        )
        .unwrap();
    compiled.get()
}

fn entry(cache: &Cache, engine: &Engine, export: &str) -> PathBuf {
    let source = source_digest(wat(export).as_bytes());
    cache.entry_path(&key(&engine_digest(engine), &source))
}

fn flip_byte(path: &Path, at: usize) {
    let mut bytes = fs::read(path).unwrap();
    bytes[at] ^= 1;
    fs::write(path, bytes).unwrap();
}

#[test]
fn key_covers_code_changing_settings_and_source() {
    let plain = engine_digest(&engine(&Limits::new()));
    assert_eq!(plain, engine_digest(&engine(&Limits::new())));
    let fuel = Limits::new().fuel(1);
    let timeout = Limits::new().timeout(Duration::from_secs(1));
    assert_ne!(plain, engine_digest(&engine(&fuel)));
    assert_ne!(plain, engine_digest(&engine(&timeout)));
    // The amount of fuel does not change code, only whether it is metered.
    let more_fuel = Limits::new().fuel(1_000);
    assert_eq!(
        engine_digest(&engine(&fuel)),
        engine_digest(&engine(&more_fuel))
    );

    let (a, b) = (source_digest(b"a"), source_digest(b"b"));
    assert_ne!(key(&plain, &a), key(&plain, &b));
    assert_ne!(key(&plain, &a), key(&engine_digest(&engine(&fuel)), &a));
}

#[test]
fn hit_after_miss_and_other_engines_miss() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path(), DEFAULT_MAX_SIZE);
    let plain = engine(&Limits::new());
    assert!(get(&cache, &plain, "a"), "first use compiles");
    assert!(!get(&cache, &plain, "a"), "second use hits");
    let fuel = engine(&Limits::new().fuel(10));
    assert!(
        get(&cache, &fuel, "a"),
        "another engine configuration compiles anew"
    );
}

#[test]
fn atomic_writes_leave_whole_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out");
    let contents: Vec<Vec<u8>> = (0..8u8).map(|i| vec![i; 256 * 1024]).collect();
    std::thread::scope(|s| {
        for c in &contents {
            let dest = &dest;
            s.spawn(move || {
                for _ in 0..4 {
                    write_atomic(dest, &[&c[..1000], &c[1000..]]).unwrap();
                }
            });
        }
    });
    let written = fs::read(&dest).unwrap();
    assert!(contents.contains(&written), "a torn or mixed write");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "temporary files were left behind");
}

#[test]
fn a_flipped_byte_is_recompiled_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path(), DEFAULT_MAX_SIZE);
    let engine = engine(&Limits::new());
    assert!(get(&cache, &engine, "a"));
    let path = entry(&cache, &engine, "a");
    let len = fs::metadata(&path).unwrap().len() as usize;
    // In the code, in the trailer's checksum, and in its lengths.
    for at in [len / 2, len - 60, len - 30] {
        flip_byte(&path, at);
        assert!(
            get(&cache, &engine, "a"),
            "a damaged entry (byte {at}) was used"
        );
        assert!(
            !get(&cache, &engine, "a"),
            "the entry was not written again"
        );
    }
    fs::write(&path, b"").unwrap();
    assert!(get(&cache, &engine, "a"), "an empty entry was used");
}

#[test]
fn a_remembered_check_is_voided_by_a_change() {
    let dir = tempfile::tempdir().unwrap();
    // Trust fingerprints at once, so that the remembered check is used.
    let cache = cache_in(dir.path(), DEFAULT_MAX_SIZE, Duration::ZERO);
    let engine = engine(&Limits::new());
    assert!(get(&cache, &engine, "a"));
    assert!(!get(&cache, &engine, "a"), "checked and remembered");
    assert!(!get(&cache, &engine, "a"), "remembered");
    // Let the file system's clock move on, so the change shows in the change time.
    std::thread::sleep(Duration::from_millis(50));
    let path = entry(&cache, &engine, "a");
    flip_byte(&path, fs::metadata(&path).unwrap().len() as usize / 2);
    assert!(
        get(&cache, &engine, "a"),
        "a changed entry was trusted on an old check"
    );
}

#[test]
fn source_digests_are_remembered_while_the_file_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let cache = cache_in(&dir.path().join("cache"), DEFAULT_MAX_SIZE, Duration::ZERO);
    let source = dir.path().join("c.wat");
    fs::write(&source, "(component)").unwrap();
    let meta = fs::metadata(&source).unwrap();
    if Fingerprint::of(&meta).is_none() {
        return;
    }
    let digest = source_digest(b"(component)");
    cache.remember_source(&source, &meta, &digest);
    assert_eq!(cache.known_source(&source, &meta), Some(digest));
    std::thread::sleep(Duration::from_millis(50));
    fs::write(&source, "(component )").unwrap();
    let changed = fs::metadata(&source).unwrap();
    assert_eq!(cache.known_source(&source, &changed), None);

    // With the default settling time, a file just written is never remembered.
    let strict = Cache::new(dir.path().join("cache"), DEFAULT_MAX_SIZE);
    strict.remember_source(&source, &changed, &digest);
    assert_eq!(strict.known_source(&source, &changed), None);
}

#[test]
fn eviction_drops_the_least_recently_used() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(&Limits::new());
    let roomy = cache_in(dir.path(), DEFAULT_MAX_SIZE, Duration::ZERO);
    for name in ["a", "b", "c"] {
        assert!(get(&roomy, &engine, name));
        // A second use checks the entry and records the use.
        assert!(!get(&roomy, &engine, name));
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !get(&roomy, &engine, "a"),
        "`a` is now the most recently used"
    );
    let size = roomy.stats().unwrap().bytes;
    assert_eq!(roomy.stats().unwrap().entries, 3);

    // Room for two entries of the three.
    let tight = cache_in(dir.path(), size * 2 / 3 + 1, Duration::ZERO);
    tight.evict().unwrap();
    assert_eq!(tight.stats().unwrap().entries, 2);
    assert!(
        !entry(&tight, &engine, "b").exists(),
        "`b` was used least recently"
    );
    assert!(entry(&tight, &engine, "a").exists());
    assert!(entry(&tight, &engine, "c").exists());

    let stats = tight.clean().unwrap();
    assert_eq!(stats.entries, 2);
    assert_eq!(tight.stats().unwrap().entries, 0);
}

#[test]
fn clean_stats_and_eviction_touch_only_what_wavecall_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(&Limits::new());
    let cache = cache_in(dir.path(), DEFAULT_MAX_SIZE, Duration::ZERO);
    assert!(get(&cache, &engine, "a"));
    assert!(
        !get(&cache, &engine, "a"),
        "a record of the checked entry is written"
    );
    let foreign = [
        dir.path().join("my.cwasm"),
        dir.path().join(".tmp-notes"),
        dir.path().join("stamps/README"),
        dir.path().join("stamps/keep.cwasm"),
    ];
    for path in &foreign {
        fs::write(path, vec![0; 4096]).unwrap();
    }
    // An old foreign `.tmp-` file is not mistaken for one a crashed wavecall left.
    let old = SystemTime::now() - Duration::from_secs(7200);
    File::options()
        .write(true)
        .open(&foreign[1])
        .unwrap()
        .set_modified(old)
        .unwrap();
    let stats = cache.stats().unwrap();
    assert_eq!(stats.entries, 1, "only the entry wavecall wrote counts");
    let entry_len = fs::metadata(entry(&cache, &engine, "a")).unwrap().len();
    assert_eq!(stats.bytes, entry_len);

    // Eviction down to nothing removes only the entry.
    cache_in(dir.path(), 0, Duration::ZERO).evict().unwrap();
    assert!(!entry(&cache, &engine, "a").exists());
    assert!(get(&cache, &engine, "a"));

    let cleaned = cache.clean().unwrap();
    assert_eq!(cleaned.entries, 1);
    for path in &foreign {
        assert!(path.exists(), "`{}` was removed", path.display());
    }
    let records: Vec<_> = fs::read_dir(dir.path().join("stamps"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        records.len(),
        2,
        "only the foreign files are left: {records:?}"
    );
}

/// An entry's name holding a FIFO (or a symlink to a device) is a bad entry: refused without
/// blocking, removed, and the component compiled again.
#[cfg(unix)]
#[test]
fn an_entry_that_is_no_file_is_recompiled_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(&Limits::new());
    let cache = cache_in(dir.path(), DEFAULT_MAX_SIZE, Duration::ZERO);
    let path = entry(&cache, &engine, "a");
    fs::create_dir_all(dir.path()).unwrap();
    let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a plain libc call with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    assert!(get(&cache, &engine, "a"), "compiled again");
    assert!(
        fs::metadata(&path).unwrap().is_file(),
        "replaced by a sound entry"
    );
    fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
    assert!(get(&cache, &engine, "a"), "compiled again");
    assert!(fs::metadata(&path).unwrap().is_file());
}
