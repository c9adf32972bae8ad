//! Writing a spec from calls that were made: `wavecall run --record` and the REPL's
//! `:record` turn what a session did into a file `wavecall test` passes.
//!
//! Each call becomes a `[[test]]`: a result that a spec can state becomes its `expect`, a
//! trap its `expect-trap`, and the calls each mock received during it its `expect-calls`.
//! The file names the component, links, mocks, grants and limits the session had, paths
//! relative to the spec's folder.
//!
//! Tests run on fresh instances unless the calls depend on each other. A call that binds
//! a handle, or a result that holds one, makes that plain; state kept in the instance's
//! memory does not show, so [`Recording::settle`] replays each call on a fresh instance
//! (when the front end can do that without side effects) and keeps `instance = "shared"`
//! when any result differs.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use anyhow::Result;
use wasmtime::component::Val;

use super::outcome::chain_text;
use crate::error::{ClassifyExt, FailureClass, classify, messages};
use crate::host::{DirGrant, Mock};
use crate::limits::{Interrupted, LimitExceeded, Limits, format_duration};
use crate::render::Format;
use crate::session::{CallOutcome, Session, SessionPre};

/// What a recorded call did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// It returned this value, as WAVE: the test's `expect`.
    Value(String),
    /// It returned something a spec cannot state (nothing, or a handle): the test only
    /// checks that it returns.
    Returned,
    /// It trapped or hit a limit; the text is what `expect-trap` looks for.
    Trap(String),
}

/// One call of a session and what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The call as it ran.
    pub call: String,
    /// What it did.
    pub recorded: Recorded,
    /// How often each mock was called during it, in the order of the recording's mocks.
    pub mock_calls: Vec<u64>,
    /// Whether it binds a name or returned a handle: later calls may use either.
    pub holds_handles: bool,
}

/// Whether the tests of a recorded spec share one instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InstanceMode {
    /// Not decided yet: [`Recording::settle`] decides; written as shared, which always
    /// reproduces the session.
    #[default]
    Unsettled,
    /// Each test on a fresh instance (the spec's default).
    Fresh,
    /// One instance for all tests, in order.
    Shared,
}

/// The calls of one session instance, with what the session had, to be written as a spec.
#[derive(Debug, Clone, Default)]
pub struct Recording {
    component: PathBuf,
    links: Vec<PathBuf>,
    mocks: Vec<Mock>,
    env: Vec<(String, String)>,
    dirs: Vec<DirGrant>,
    limits: Limits,
    steps: Vec<Step>,
    /// Set by a trap: the instance is unusable, nothing after it is recorded.
    ended: bool,
    mode: InstanceMode,
}

impl Recording {
    /// A recording of calls to `component` (a path as the user gave it).
    pub fn new(component: impl Into<PathBuf>) -> Recording {
        Recording {
            component: component.into(),
            ..Recording::default()
        }
    }

    /// With the links the component was composed with.
    pub fn links(mut self, links: impl IntoIterator<Item = PathBuf>) -> Recording {
        self.links = links.into_iter().collect();
        self
    }

    /// With the mocks the session had, in the session's order.
    pub fn mocks(mut self, mocks: impl IntoIterator<Item = Mock>) -> Recording {
        self.mocks = mocks.into_iter().collect();
        self
    }

    /// With the environment variables the guest saw.
    pub fn env(mut self, env: impl IntoIterator<Item = (String, String)>) -> Recording {
        self.env = env.into_iter().collect();
        self
    }

    /// With the directories the guest was granted.
    pub fn dirs(mut self, dirs: impl IntoIterator<Item = DirGrant>) -> Recording {
        self.dirs = dirs.into_iter().collect();
        self
    }

    /// With the limits the calls ran under (a trap from exhausted fuel needs the same fuel).
    pub fn limits(mut self, limits: Limits) -> Recording {
        self.limits = limits;
        self
    }

    /// The calls recorded so far.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Whether the tests will share one instance, once settled.
    pub fn mode(&self) -> InstanceMode {
        self.mode
    }

    /// Records a call made on `session` as `call`, given the mock counts from before it.
    /// Calls rejected before running, interrupted calls and calls after a trap are not
    /// recorded (the answer says whether this one was); an interruption ends the recording,
    /// as the instance is then unusable.
    pub fn record(
        &mut self,
        session: &Session<'_>,
        call: &str,
        result: &Result<CallOutcome>,
        mock_calls_before: &[u64],
    ) -> bool {
        if self.ended {
            return false;
        }
        let recorded = match result {
            Ok(outcome) => outcome_value(session, outcome),
            Err(err) if err.downcast_ref::<Interrupted>().is_some() => {
                self.ended = true;
                return false;
            }
            Err(err) if classify(err) == FailureClass::Call && session.is_broken() => {
                self.ended = true;
                Recorded::Trap(trap_text(err))
            }
            Err(_) => return false,
        };
        let mock_calls = session
            .mock_calls()
            .iter()
            .enumerate()
            .map(|(i, after)| after - mock_calls_before.get(i).copied().unwrap_or(0))
            .collect();
        let holds_handles = crate::invocation::split(call).is_ok_and(|c| c.binding.is_some())
            || result
                .as_ref()
                .is_ok_and(|o| o.results.iter().any(holds_handle));
        self.steps.push(Step {
            call: call.to_string(),
            recorded,
            mock_calls,
            holds_handles,
        });
        self.mode = InstanceMode::Unsettled;
        true
    }

    /// Decides whether the tests need one shared instance. They do when a call binds or
    /// returns a handle; otherwise, given `fresh` (a session setup whose instances can be
    /// started without side effects: no granted directories or network, output captured),
    /// each call is replayed on a fresh instance, and any different outcome keeps them
    /// shared. Without `fresh`, more than one call stays shared.
    pub fn settle(&mut self, fresh: Option<&SessionPre<'_>>) {
        let handles = self.steps.iter().any(|s| s.holds_handles);
        let independent = !handles
            && match fresh {
                Some(pre) => self.steps.iter().all(|step| replays_alike(pre, step)),
                None => self.steps.len() <= 1,
            };
        self.mode = if independent {
            InstanceMode::Fresh
        } else {
            InstanceMode::Shared
        };
    }

    /// The spec as TOML, for a file at `spec_path` (paths are written relative to its
    /// folder).
    pub fn to_toml(&self, spec_path: &Path) -> String {
        let folder = spec_path.parent().filter(|p| !p.as_os_str().is_empty());
        let base = absolute(folder.unwrap_or(Path::new(".")));
        let relative = |p: &Path| toml_string(&relative_to(&absolute(p), &base));
        let mut out = String::new();
        out.push_str(&format!(
            "# Recorded by wavecall {}: each test is one call of the session and what it did.\n",
            env!("CARGO_PKG_VERSION")
        ));
        let _ = writeln!(out, "component = {}", relative(&self.component));
        if self.mode != InstanceMode::Fresh {
            out.push_str("instance = \"shared\"\n");
        }
        if let Some(timeout) = self.limits.timeout {
            let _ = writeln!(out, "timeout = \"{}\"", format_duration(timeout));
        }
        if let Some(fuel) = self.limits.fuel {
            let _ = writeln!(out, "fuel = {fuel}");
        }
        if let Some(bytes) = self.limits.max_memory {
            let _ = writeln!(out, "max-memory = {bytes}");
        }
        if !self.env.is_empty() {
            let pairs: Vec<String> = self
                .env
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_key(k), toml_string(v)))
                .collect();
            let _ = writeln!(out, "env = {{ {} }}", pairs.join(", "));
        }
        if !self.dirs.is_empty() {
            let dirs: Vec<String> = self
                .dirs
                .iter()
                .map(|d| {
                    let host = relative_to(&absolute(&d.host), &base);
                    toml_string(&format!("{host}::{}", d.guest))
                })
                .collect();
            let _ = writeln!(out, "dirs = [{}]", dirs.join(", "));
        }
        if !self.links.is_empty() {
            let links: Vec<String> = self.links.iter().map(|l| relative(l)).collect();
            let _ = writeln!(out, "link = [{}]", links.join(", "));
        }
        if !self.mocks.is_empty() {
            out.push_str("\n[mock]\n");
            for mock in &self.mocks {
                let _ = writeln!(
                    out,
                    "{} = {}",
                    toml_key(&mock.import),
                    toml_string(&mock.value)
                );
            }
        }
        for step in &self.steps {
            out.push_str("\n[[test]]\n");
            let _ = writeln!(out, "call = {}", toml_string(&step.call));
            match &step.recorded {
                Recorded::Value(wave) => {
                    let _ = writeln!(out, "expect = {}", toml_string(wave));
                }
                Recorded::Returned => {}
                Recorded::Trap(text) => {
                    let _ = writeln!(out, "expect-trap = {}", toml_string(text));
                }
            }
            let calls: Vec<String> = self
                .mocks
                .iter()
                .zip(&step.mock_calls)
                .filter(|(_, n)| **n > 0)
                .map(|(mock, n)| format!("{} = {n}", toml_key(&mock.import)))
                .collect();
            if !calls.is_empty() {
                let _ = writeln!(out, "expect-calls = {{ {} }}", calls.join(", "));
            }
        }
        out
    }

    /// Writes the spec to `path`, replacing what is there.
    pub fn write(&self, path: &Path) -> Result<()> {
        crate::files::write_output(path, &[self.to_toml(path).as_bytes()])
            .classify(FailureClass::Usage, || {
                format!("failed to write the spec `{}`", path.display())
            })
    }
}

/// The expectation an outcome gives: its value, unless it holds handles (which a spec
/// cannot write) or there is none.
fn outcome_value(session: &Session<'_>, outcome: &CallOutcome) -> Recorded {
    if outcome.func == "drop"
        || outcome.results.is_empty()
        || outcome.results.iter().any(holds_handle)
    {
        return Recorded::Returned;
    }
    Recorded::Value(session.render(outcome, Format::Wave))
}

/// What `expect-trap` looks for: the limit that was hit, else the innermost message (the
/// trap itself), which does not depend on how the call was named.
pub fn trap_text(err: &anyhow::Error) -> String {
    if let Some(limit) = err.downcast_ref::<LimitExceeded>() {
        return match limit {
            // The same limit in the spec gives the same words; a timeout's wall time is
            // not reproducible, only that it was one.
            LimitExceeded::Timeout(_) => "timeout".to_string(),
            other => other.to_string(),
        };
    }
    let all = messages(err);
    let last = all.last().map_or_else(|| chain_text(err), Clone::clone);
    last.lines().next().unwrap_or("").to_string()
}

fn holds_handle(value: &Val) -> bool {
    match value {
        Val::Resource(_) => true,
        Val::List(items) | Val::Tuple(items) | Val::FixedLengthList(items) => {
            items.iter().any(holds_handle)
        }
        Val::Record(fields) => fields.iter().any(|(_, v)| holds_handle(v)),
        Val::Variant(_, Some(v)) | Val::Option(Some(v)) => holds_handle(v),
        Val::Result(Ok(Some(v)) | Err(Some(v))) => holds_handle(v),
        Val::Map(entries) => entries
            .iter()
            .any(|(k, v)| holds_handle(k) || holds_handle(v)),
        _ => false,
    }
}

/// Whether `step`, made first on a fresh instance, does what it did in the session.
fn replays_alike(pre: &SessionPre<'_>, step: &Step) -> bool {
    let Ok(mut session) = pre.start() else {
        return false;
    };
    let result = session.invoke(&step.call);
    let mut replay = Recording::default();
    let zeros = vec![0; session.mock_calls().len()];
    replay.record(&session, &step.call, &result, &zeros);
    replay
        .steps
        .first()
        .is_some_and(|r| r.recorded == step.recorded && r.mock_calls == step.mock_calls)
}

/// `path` made absolute against the working directory, `.` and `..` folded away.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to the folder `base` (both absolute), with `/` separators so that the
/// spec reads the same everywhere.
fn relative_to(path: &Path, base: &Path) -> String {
    let path_parts: Vec<Component<'_>> = path.components().collect();
    let base_parts: Vec<Component<'_>> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    // Paths that share no folder (only the root) stay absolute.
    let shared_folders = path_parts[..common]
        .iter()
        .filter(|c| matches!(c, Component::Normal(_)))
        .count();
    if shared_folders == 0 {
        return path.display().to_string();
    }
    let ups = std::iter::repeat_n("..".to_string(), base_parts.len() - common);
    let downs = path_parts[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let parts: Vec<String> = ups.chain(downs).collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// A TOML key: bare when it can be, else a quoted string.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare {
        key.to_string()
    } else {
        basic_string(key)
    }
}

/// A TOML string: a literal string (`'…'`, nothing escaped, as WAVE is easiest to read)
/// when the text allows it, else a basic string with escapes.
pub(crate) fn toml_string(text: &str) -> String {
    let literal_ok = !text.contains('\'') && !text.chars().any(|c| c.is_control());
    if literal_ok && text.contains('"') {
        format!("'{text}'")
    } else {
        basic_string(text)
    }
}

fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_read_back_as_written() {
        for text in [
            "",
            "area(circle({radius: 1.0}))",
            r#"greet("hé")"#,
            r#"f("it's", '\'')"#,
            "tab\there\nnew line \u{7f} \u{1} \\ \"",
            "ns:pkg/iface.f",
        ] {
            let doc = format!("a = {}\n{} = 1\n", toml_string(text), toml_key(text));
            // An empty key is valid TOML only quoted, which `toml_key` does.
            let parsed: toml::Table = toml::from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(parsed["a"].as_str(), Some(text), "{doc}");
            assert!(parsed.contains_key(text), "{doc}");
        }
    }

    #[test]
    fn wave_with_double_quotes_is_written_as_a_literal_string() {
        assert_eq!(toml_string(r#"err("x")"#), r#"'err("x")'"#);
        assert_eq!(toml_string("3"), r#""3""#);
    }

    #[test]
    fn paths_are_relative_to_the_spec_folder() {
        let base = Path::new("/work/specs");
        assert_eq!(
            relative_to(Path::new("/work/fixtures/a.wasm"), base),
            "../fixtures/a.wasm"
        );
        assert_eq!(relative_to(Path::new("/work/specs/a.wasm"), base), "a.wasm");
        assert_eq!(relative_to(Path::new("/tmp/a.wasm"), base), "/tmp/a.wasm");
        assert_eq!(absolute(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }

    #[test]
    fn a_recording_without_calls_still_names_its_component() {
        let recording = Recording::new("/work/c.wasm")
            .mocks([Mock::new("my:app/config.get", r#"some("blue")"#)])
            .limits(Limits::new().fuel(1000));
        let text = recording.to_toml(Path::new("/work/specs/s.toml"));
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(parsed["component"].as_str(), Some("../c.wasm"));
        assert_eq!(parsed["instance"].as_str(), Some("shared"));
        assert_eq!(parsed["fuel"].as_integer(), Some(1000));
        assert_eq!(
            parsed["mock"]["my:app/config.get"].as_str(),
            Some(r#"some("blue")"#)
        );
    }
}
