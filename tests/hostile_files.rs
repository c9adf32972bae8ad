//! The files wavecall reads and writes when they are not what it expects (issue 16): devices,
//! FIFOs and symlinks as outputs (`compile -o`, `test --report`), FIFOs and oversized inputs,
//! and a compile cache holding files wavecall did not write. What needs a file system set up
//! beforehand lives here; the rest is in `tests/cli/hostile/`.
//!
//! Device nodes are made in a temporary folder (`mknod`, as root) rather than using `/dev/null`
//! and `/dev/full`, so that a regression cannot replace the machine's own devices; without
//! root, the real ones are used, which an unprivileged process could not replace anyway.

#![cfg(unix)]

mod support;

use std::ffi::CString;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const CALL: &str = "echo-u8(7)";

fn types() -> PathBuf {
    support::fixtures::path("types")
}

fn wavecall(cache: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wavecall"));
    cmd.args(args)
        .env("WAVECALL_CACHE_DIR", cache)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Waits for a child, killing it after `limit`: a regression that blocks or reads without
/// end fails the test instead of hanging it.
fn finish(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("wavecall did not finish in {limit:?}:\n{}", text(&out));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn run(mut cmd: Command) -> Output {
    finish(cmd.spawn().unwrap(), Duration::from_secs(60))
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn c_path(path: &Path) -> CString {
    CString::new(path.as_os_str().as_encoded_bytes()).unwrap()
}

/// A character device like `/dev/null` (minor 3) or `/dev/full` (minor 7) in `dir`, or the
/// real one when this process may not make device nodes.
fn device(dir: &Path, name: &str, minor: u32) -> PathBuf {
    let path = dir.join(name);
    // SAFETY: plain libc calls with a valid NUL-terminated path.
    let made = unsafe {
        libc::mknod(
            c_path(&path).as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(1, minor),
        )
    };
    if made == 0 {
        path
    } else {
        PathBuf::from(format!("/dev/{name}"))
    }
}

fn fifo(path: &Path) {
    // SAFETY: as above.
    assert_eq!(unsafe { libc::mkfifo(c_path(path).as_ptr(), 0o600) }, 0);
}

fn is_char_device(path: &Path) -> bool {
    fs::metadata(path).unwrap().file_type().is_char_device()
}

#[test]
fn compile_writes_through_devices_fifos_and_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let types = types();
    let types = types.to_str().unwrap();

    let null = device(dir.path(), "null", 3);
    let out = run(wavecall(
        &cache,
        &["compile", "-o", null.to_str().unwrap(), types],
    ));
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        is_char_device(&null),
        "`-o {}` replaced the device",
        null.display()
    );

    let full = device(dir.path(), "full", 7);
    let out = run(wavecall(
        &cache,
        &["compile", "-o", full.to_str().unwrap(), types],
    ));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("failed to write the artifact"), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(is_char_device(&full));

    // A FIFO is written to, as `cp` would; what comes out of it is the artifact.
    let pipe = dir.path().join("pipe");
    fifo(&pipe);
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || fs::read(pipe).unwrap())
    };
    let out = run(wavecall(
        &cache,
        &["compile", "-o", pipe.to_str().unwrap(), types],
    ));
    assert!(out.status.success(), "{}", text(&out));
    let artifact = reader.join().unwrap();
    assert!(fs::metadata(&pipe).unwrap().file_type().is_fifo());
    let copy = dir.path().join("copy.cwasm");
    fs::write(&copy, &artifact).unwrap();
    let out = run(wavecall(
        &cache,
        &["run", "--invoke", CALL, copy.to_str().unwrap()],
    ));
    assert_eq!(out.stdout, b"7\n", "{}", text(&out));

    // A symlink stays a symlink; the file it points to is replaced, keeping its mode.
    let target = dir.path().join("target.cwasm");
    fs::write(&target, b"old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.cwasm");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = run(wavecall(
        &cache,
        &["compile", "-o", link.to_str().unwrap(), types],
    ));
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&target).unwrap(), artifact);
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn reports_write_through_and_a_failed_report_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let spec = dir.path().join("echo.toml");
    fs::write(
        &spec,
        format!("[[test]]\ncall = \"{CALL}\"\nexpect = \"7\"\n"),
    )
    .unwrap();
    let types = types();
    let full = device(dir.path(), "full", 7);
    let json = dir.path().join("r.json");
    let out = run(wavecall(
        &cache,
        &[
            "test",
            "--component",
            types.to_str().unwrap(),
            "--report",
            &format!("junit={}", full.display()),
            "--report",
            &format!("json={}", json.display()),
            spec.to_str().unwrap(),
        ],
    ));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(is_char_device(&full));
    assert!(json.exists(), "the other report is still written");
    assert!(String::from_utf8_lossy(&out.stderr).contains("failed to write the report"));
}

#[test]
fn fifos_are_refused_at_once_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let pipe = dir.path().join("pipe");
    fifo(&pipe);
    let pipe = pipe.to_str().unwrap();
    let types = types();
    let types = types.to_str().unwrap();
    let call_file = format!("@{pipe}");
    for args in [
        vec!["run", "--invoke", CALL, pipe],
        vec!["wit", pipe],
        vec!["run", "--invoke", &call_file, types],
        vec!["test", "--component", types, pipe],
    ] {
        let out = finish(
            wavecall(&cache, &args).spawn().unwrap(),
            Duration::from_secs(20),
        );
        assert!(
            matches!(out.status.code(), Some(2 | 3)),
            "{args:?}: {}",
            text(&out)
        );
        let all = text(&out);
        assert!(
            all.contains("is a named pipe (FIFO), not a regular file"),
            "{all}"
        );
    }
}

#[test]
fn input_larger_than_its_cap_is_refused_with_the_cap_named() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let types = types();
    let mut child = wavecall(&cache, &["run", "--invoke", "@-", types.to_str().unwrap()])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..65 {
            if stdin.write_all(&chunk).is_err() {
                break; // wavecall stopped reading at the cap: as it should.
            }
        }
    });
    let out = finish(child, Duration::from_secs(60));
    feeder.join().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "standard input is larger than 64 MiB, the most wavecall reads as the text of a call"
        ),
        "{stderr}"
    );
}

/// A cache whose records (`stamps/`) were replaced by symlinks to `/dev/zero` and FIFOs: each
/// is treated as no record, never read without end, and the run works.
#[test]
fn cache_records_that_are_not_files_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    // Records are written only for files left alone for two seconds (`cache/stamp.rs`): the
    // component and the cache entry must settle first.
    let component = dir.path().join("types.wasm");
    fs::copy(types(), &component).unwrap();
    let args = ["run", "--invoke", CALL, component.to_str().unwrap()];
    for _ in 0..2 {
        std::thread::sleep(Duration::from_millis(2100));
        let out = run(wavecall(&cache, &args));
        assert_eq!(out.stdout, b"7\n", "{}", text(&out));
    }
    let records: Vec<PathBuf> = fs::read_dir(cache.join("stamps"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!records.is_empty(), "the runs left records");
    for (i, record) in records.iter().enumerate() {
        fs::remove_file(record).unwrap();
        if i % 2 == 0 {
            std::os::unix::fs::symlink("/dev/zero", record).unwrap();
        } else {
            fifo(record);
        }
    }
    let out = finish(
        wavecall(&cache, &args).spawn().unwrap(),
        Duration::from_secs(20),
    );
    assert_eq!(out.stdout, b"7\n", "{}", text(&out));
}

#[test]
fn cache_clean_and_stats_leave_foreign_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let out = run(wavecall(
        &cache,
        &["run", "--invoke", CALL, types().to_str().unwrap()],
    ));
    assert!(out.status.success(), "{}", text(&out));
    let mine = cache.join("my.cwasm");
    fs::write(&mine, b"a user's own file").unwrap();
    fs::write(
        cache.join(".tmp-notes"),
        b"not a temporary file of wavecall's",
    )
    .unwrap();
    let out = run(wavecall(&cache, &["cache", "stats"]));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("components: 1\n"),
        "{}",
        text(&out)
    );
    let out = run(wavecall(&cache, &["cache", "clean"]));
    assert!(
        out.stdout.starts_with(b"removed 1 components, "),
        "{}",
        text(&out)
    );
    assert!(mine.exists());
    assert!(cache.join(".tmp-notes").exists());
}

/// `--report json=/dev/stdout` with standard output redirected to a file adds the report to
/// the file (as `>>` would); it neither replaces the file nor truncates what was printed.
#[test]
fn a_report_to_dev_stdout_adds_to_a_redirected_file() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let spec = dir.path().join("echo.toml");
    fs::write(
        &spec,
        format!("[[test]]\ncall = \"{CALL}\"\nexpect = \"7\"\n"),
    )
    .unwrap();
    let out_path = dir.path().join("out.txt");
    let out_file = fs::File::create(&out_path).unwrap();
    let types = types();
    let mut cmd = wavecall(
        &cache,
        &[
            "test",
            "--component",
            types.to_str().unwrap(),
            "--report",
            "json=/dev/stdout",
            spec.to_str().unwrap(),
        ],
    );
    cmd.stdout(out_file);
    let out = run(cmd);
    assert!(out.status.success(), "{}", text(&out));
    let written = fs::read_to_string(&out_path).unwrap();
    assert!(written.starts_with("1 passed, 0 failed\n{"), "{written}");
    assert!(written.contains("\"files\""), "{written}");
}

/// The command line's guard against wit-parser's crash runs the decoder in a child process
/// (`wavecall __decode-wit`), never a fork: with other threads busy capturing backtraces
/// (which hold a lock a forked child would wait on forever), every thread still gets the WIT
/// rebuilt from the component's types, and the crash is named.
#[test]
fn the_wit_guard_survives_the_crash_from_many_threads() {
    use wavecall::wit::{Wit, WitDecoder};
    fn guard(binary: &[u8]) -> Option<String> {
        let program = std::path::Path::new(env!("CARGO_BIN_EXE_wavecall"));
        wavecall::wit::decode_in_child(program, &["__decode-wit"], binary)
    }
    let cycle = include_bytes!("data/wit-decode-cycle.wasm");
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    let _ = std::backtrace::Backtrace::force_capture();
                }
            });
        }
        let decoders: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let wit = Wit::decode_with(cycle, WitDecoder::Guarded(guard)).unwrap();
                    wit.partial
                        .expect("rebuilt from the component's types")
                        .reason
                })
            })
            .collect();
        for decoder in decoders {
            let reason = decoder.join().unwrap();
            assert!(reason.contains("crashes on this component"), "{reason}");
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
    });
}
