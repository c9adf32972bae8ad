//! Target: command-line option values. Durations, sizes and counts go through the parsers
//! the command line uses (`limits::parse_duration`, `limits::parse_bytes`), host grants and
//! mocks through theirs, paths through the bounded reads and cp-like writes of
//! `wavecall::files` inside a folder of odd files (a FIFO, symlinks to `/dev/zero` and
//! `/dev/full`, a dangling symlink, a symlink loop). Now and then the values become the
//! limits of a real call, so that a timeout of 2^63 seconds or a fuel of 2^64 - 1 is run.

use std::path::{Path, PathBuf};
use std::time::Duration;

use wavecall::limits::{self, LimitExceeded, format_bytes, format_duration};
use wavecall::{DirGrant, Limits, Mock, Runtime, Source, files};

use super::{Choices, UNICODE, unit_value};

/// A folder of files that are not what a reader or writer expects.
pub struct FileBox {
    dir: PathBuf,
}

/// Entries of the box that may be read (the FIFO too: it must be refused, not waited on).
const READ: &[&str] = &[
    "file",
    "empty",
    "dir",
    "fifo",
    "zero",
    "null",
    "full",
    "dangling",
    "loop",
    "missing",
    "dir/deps",
    "dir/a.wit",
    "wit-dir",
];

/// Entries that may be written: never the FIFO, which blocks a writer until a reader comes.
const WRITE: &[&str] = &[
    "out",
    "file",
    "dir",
    "null",
    "full",
    "zero",
    "dangling",
    "loop",
    "missing/out",
    "dir/out",
];

impl FileBox {
    /// Makes the box in a fresh folder under `parent`.
    pub fn new(parent: &Path) -> FileBox {
        let dir = parent.join(format!("wavecall-fuzz-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("dir/deps")).expect("make the box");
        std::fs::create_dir_all(dir.join("wit-dir/deps")).expect("make the box");
        std::fs::write(dir.join("file"), b"(component)").expect("make the box");
        std::fs::write(dir.join("empty"), b"").expect("make the box");
        std::fs::write(dir.join("dir/a.wit"), b"package a:b;").expect("make the box");
        let status = std::process::Command::new("mkfifo")
            .arg(dir.join("fifo"))
            .status()
            .expect("run mkfifo");
        assert!(status.success(), "mkfifo failed");
        let link = |target: &str, name: &str| {
            std::os::unix::fs::symlink(target, dir.join(name)).expect("make a symlink");
        };
        link("/dev/zero", "zero");
        link("/dev/null", "null");
        link("/dev/full", "full");
        link("created-by-a-write", "dangling");
        link("loop", "loop");
        link("../zero", "wit-dir/deps/z.wit");
        FileBox { dir }
    }

    fn pick(&self, names: &[&str], rng: &mut dyn Choices) -> PathBuf {
        self.dir.join(names[rng.below(names.len())])
    }
}

impl Drop for FileBox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The target: one option value of each kind, from the same choices.
pub fn cli_values(files_box: &FileBox, rng: &mut dyn Choices) {
    let text = option_text(rng);
    let duration = limits::parse_duration(&text);
    if let Ok(d) = duration {
        let _ = format_duration(d);
        let _ = LimitExceeded::Timeout(d).to_string();
    }
    let bytes = limits::parse_bytes(&text);
    if let Ok(n) = bytes {
        let _ = format_bytes(n);
        let _ = LimitExceeded::Memory(n).to_string();
        let _ = LimitExceeded::Stack(usize::try_from(n).unwrap_or(usize::MAX)).to_string();
    }
    let _ = text.parse::<u64>();
    let _ = DirGrant::parse(&text);
    if let Ok(mock) = Mock::parse(&text) {
        let _ = (mock.import.len(), mock.value.len());
    }
    let _ = Source::from_arg(&text).to_string();

    // Paths: reads end at once (refused or capped), writes go through or fail cleanly.
    let read = files_box.pick(READ, rng);
    let cap = [files::COMPONENT, files::CALL, files::SPEC][rng.below(3)];
    let _ = files::read_file(&read, cap);
    let _ = files::check_wit_path(&read);
    let _ = files::read_file(&files_box.dir.join(&text), cap);
    if rng.one_in(4) {
        let write = files_box.pick(WRITE, rng);
        let _ = files::write_output(&write, &[text.as_bytes()]);
    }

    // Now and then, a real call under these values as limits.
    if rng.one_in(2000) {
        call_with_limits(duration.ok(), bytes.ok(), rng);
    }
}

/// A tiny component called once under the given limits: huge values mean no practical
/// limit, never a panic or an overflow.
pub fn call_with_limits(timeout: Option<Duration>, bytes: Option<u64>, rng: &mut dyn Choices) {
    const COMPONENT: &str = r#"(component
      (core module $m (memory (export "m") 1)
        (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add))
      (core instance $i (instantiate $m))
      (func (export "f") (param "x" u32) (result u32) (canon lift (core func $i "f"))))"#;
    let pick = |rng: &mut dyn Choices| bytes.filter(|_| rng.one_in(2));
    let mut limits = Limits::new();
    limits.fuel = pick(rng).or_else(|| rng.one_in(2).then_some(u64::MAX));
    limits.timeout = timeout;
    limits.max_memory = pick(rng);
    limits.max_stack = pick(rng).map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    limits.max_output = pick(rng);
    let Ok(runtime) = Runtime::builder().limits(limits).build() else {
        return;
    };
    let source = Source::Bytes {
        name: "limits.wat".into(),
        bytes: COMPONENT.into(),
    };
    let program = runtime.load(&source).expect("the component loads");
    if let Ok(mut session) = program.session().start() {
        let _ = session.invoke("f(41)");
    }
}

/// Text for an option value: a number (ordinary, at or past the limits of its type, with a
/// fraction or a sign) and a unit in any case, or something else altogether.
fn option_text(rng: &mut dyn Choices) -> String {
    match rng.below(4) {
        0 | 1 => unit_value(rng),
        2 => {
            let mut text = unit_value(rng);
            let at = super::floor(&text, rng.below(text.len() + 1));
            text.insert_str(at, UNICODE[rng.below(UNICODE.len())]);
            text
        }
        _ => [
            "",
            " ",
            "=",
            "a=b",
            "NAME",
            "host::guest",
            "::",
            "a::",
            "::b",
            "my:app/x.f=1",
            "f=",
            "=1",
            "-",
            "@-",
            "../..",
            "dir",
            "fifo",
            "zero",
        ][rng.below(18)]
        .to_string(),
    }
}
