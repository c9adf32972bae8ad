//! Recording calls into a spec file, for `run --record` and the REPL's `:record`: the
//! recording starts with what the session has (component, links, mocks, grants, limits) and
//! is written by the library's one spec writer (`wavecall::spec::record`).

use std::path::Path;

use anyhow::{Result, anyhow};
use wavecall::error::{ClassifyExt, FailureClass};
use wavecall::spec::record::Recording;
use wavecall::{CapturedOutput, GuestOutput, Limits, Program};

use super::options::InstanceArgs;

/// A recording of calls to `component` under what `instance` grants and provides.
pub fn start(instance: &InstanceArgs, component: &str, program: &Program) -> Result<Recording> {
    if component == "-" {
        return Err(anyhow!(
            "a spec names its component by path; save the component to a file first"
        ))
        .classify(FailureClass::Usage, || {
            "cannot record calls to a component read from standard input".into()
        });
    }
    // The stack and output limits are not the spec's to set.
    let mut limits: Limits = instance.limits.limits();
    limits.max_stack = None;
    limits.max_output = None;
    Ok(Recording::new(component)
        .links(instance.imports.links.iter().map(Into::into))
        .mocks(instance.imports.mocks(program)?)
        .env(instance.host.env())
        .dirs(instance.host.dirs()?)
        .limits(limits))
}

/// Decides whether the tests share an instance and writes the spec to `path`. Calls are
/// replayed on fresh instances to find out, unless the guest may touch the host (granted
/// directories or network): then the tests share one instance, as in the session.
pub fn write(
    mut recording: Recording,
    path: &Path,
    instance: &InstanceArgs,
    program: &Program,
    argv: Vec<String>,
) -> Result<Recording> {
    let sandboxed = instance.host.dirs.is_empty() && !instance.host.inherit_network;
    let fresh = match sandboxed {
        true => Some(
            instance
                .session(program, argv)?
                .output(GuestOutput::Capture(CapturedOutput::new()))
                .prepare()?,
        ),
        false => None,
    };
    recording.settle(fresh.as_ref());
    recording.write(path)?;
    Ok(recording)
}
