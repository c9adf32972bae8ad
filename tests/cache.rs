//! The compile cache seen from outside: many processes sharing one cache directory, and
//! artifacts from `wavecall compile`.

use std::path::Path;
use std::process::{Command, Output};

const SHAPES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/shapes.wasm");
const CALL: &str = "area(circle({radius: 1.0}))";

fn wavecall(cache: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wavecall"));
    cmd.args(args)
        .env("WAVECALL_CACHE_DIR", cache)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LOG");
    cmd
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn dozens_of_processes_share_one_cold_cache() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let children: Vec<_> = (0..32)
        .map(|_| {
            wavecall(&cache, &["run", "--invoke", CALL, SHAPES])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(out.stdout, b"3.1415927\n", "{}", text(&out));
        assert!(out.stderr.is_empty(), "{}", text(&out));
    }
    let names: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let entries = names.iter().filter(|n| n.ends_with(".cwasm")).count();
    assert_eq!(entries, 1, "one entry, no temporary files left: {names:?}");
    assert!(!names.iter().any(|n| n.starts_with(".tmp")), "{names:?}");
    // And warm.
    let out = wavecall(&cache, &["run", "--invoke", CALL, SHAPES])
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"3.1415927\n", "{}", text(&out));
}

#[test]
fn compiled_artifacts_run_only_with_their_engine_settings() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let artifact = dir.path().join("shapes.cwasm");
    let artifact = artifact.to_str().unwrap();
    let out = wavecall(&cache, &["compile", SHAPES, "-o", artifact])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));

    let out = wavecall(&cache, &["run", "--no-cache", "--invoke", CALL, artifact])
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"3.1415927\n", "{}", text(&out));

    let out = wavecall(
        &cache,
        &["run", "--fuel", "1000000", "--invoke", CALL, artifact],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("wavecall compile"),
        "{}",
        text(&out)
    );

    // A damaged artifact is refused, never mapped.
    let mut bytes = std::fs::read(artifact).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(artifact, bytes).unwrap();
    let out = wavecall(&cache, &["run", "--invoke", CALL, artifact])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("checksum"),
        "{}",
        text(&out)
    );
}
