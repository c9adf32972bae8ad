//! Running one call, on a blocking thread: a fresh instance from the component's
//! `SessionPre` (or a session's instance), the call, and the response or the problem.

use std::time::Instant;

use serde_json::{Value, json};

use super::loaded::Served;
use super::metrics::{LimitLabels, Metrics};
use super::problem::{Problem, ProblemKind, limit_name};
use super::request::Call;
use crate::limits::{CapturedOutput, GuestOutput, LimitExceeded, Limits};
use crate::render::{self, Format};
use crate::{CallOutcome, Session};

/// How a call ended, for the response and the metrics.
pub(crate) struct Done {
    /// The function that ran (its qualified name), when the call got that far.
    pub(crate) function: Option<String>,
    pub(crate) result: Result<Value, Problem>,
}

/// Runs `call` on a fresh instance of `served` under `limits`.
pub(crate) fn fresh(served: &Served, call: &Call, limits: Limits, metrics: &Metrics) -> Done {
    let output = CapturedOutput::new();
    let started = Instant::now();
    let session = served
        .pre
        .start_with_output(limits, &GuestOutput::Capture(output.clone()));
    let instantiation = started.elapsed();
    let labels = Metrics::component(&served.name);
    metrics.instantiations.get_or_create(&labels).inc();
    metrics
        .instantiation
        .get_or_create(&labels)
        .observe(instantiation.as_secs_f64());
    let mut session = match session {
        Ok(session) => session,
        Err(err) => {
            let problem = guest_failure(&err, false, &output, served, metrics);
            return Done {
                function: None,
                result: Err(problem),
            };
        }
    };
    let (function, outcome) = match call {
        Call::Wave(text) => match session.prepare_call(text) {
            Ok(prepared) => {
                let name = prepared.func.qualified_name();
                (Some(name), session.call(&prepared.func, &prepared.args))
            }
            Err(err) => {
                let unknown = unknown_target(&session, text, &err);
                let problem = guest_failure(&err, unknown, &output, served, metrics);
                return Done {
                    function: None,
                    result: Err(problem),
                };
            }
        },
        Call::Json { function, args } => match session.program().exports().resolve(function) {
            Ok(func) => {
                let func = func.clone();
                (Some(func.qualified_name()), session.call_json(&func, args))
            }
            Err(not_found) => {
                let err = anyhow::Error::new(not_found);
                return Done {
                    function: None,
                    result: Err(Problem::from_error(&err, true)),
                };
            }
        },
    };
    let ran = started.elapsed().saturating_sub(instantiation);
    let result = respond(&session, outcome, &output, served, metrics).map(|mut body| {
        body["duration_us"] = json!(ran.as_micros() as u64);
        body["instantiation_us"] = json!(instantiation.as_micros() as u64);
        body
    });
    Done { function, result }
}

/// Runs `call` on a session's instance, under `limits` for this call.
pub(crate) fn in_session(
    session: &mut Session<'static>,
    output: &CapturedOutput,
    served: &Served,
    call: &Call,
    limits: Limits,
    metrics: &Metrics,
) -> Done {
    let refused = |problem| Done {
        function: None,
        result: Err(problem),
    };
    if session.is_broken() {
        return refused(Problem::new(
            ProblemKind::SessionBroken,
            "a trap or an exhausted limit ended the session's instance; delete the session and open another",
        ));
    }
    if let Err(err) = session.set_limits(limits) {
        return refused(Problem::from_error(&err, false));
    }
    let started = Instant::now();
    let outcome = match call {
        Call::Wave(text) => session.invoke(text),
        Call::Json { function, args } => match session.program().exports().resolve(function) {
            Ok(func) => {
                let func = func.clone();
                session.call_json(&func, args)
            }
            Err(not_found) => return refused(Problem::from_error(&not_found.into(), true)),
        },
    };
    let ran = started.elapsed();
    let function = outcome.as_ref().ok().map(|o| o.func.clone());
    if let Err(err) = &outcome
        && !session.is_broken()
    {
        // Refused before it ran (a bad call): the guest's output is untouched.
        let unknown = matches!(call, Call::Wave(text) if unknown_target(session, text, err));
        return refused(Problem::from_error(err, unknown));
    }
    let result = respond(session, outcome, output, served, metrics).map(|mut body| {
        body["duration_us"] = json!(ran.as_micros() as u64);
        body
    });
    Done { function, result }
}

/// The response body of a call that returned, or the problem of one that failed.
fn respond(
    session: &Session<'_>,
    outcome: anyhow::Result<CallOutcome>,
    output: &CapturedOutput,
    served: &Served,
    metrics: &Metrics,
) -> Result<Value, Problem> {
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(err) => return Err(guest_failure(&err, false, output, served, metrics)),
    };
    let names = session.handle_names();
    let result = match outcome.results.as_slice() {
        [] => Value::Null,
        [one] => render::to_json(one, &names),
        many => many.iter().map(|v| render::to_json(v, &names)).collect(),
    };
    let mut body = json!({
        "component": served.name,
        "function": outcome.func,
        "result": result,
        "wave": render::results(&outcome.results, Format::Wave, &names),
        "stdout": text(output.take_stdout()),
        "stderr": text(output.take_stderr()),
    });
    if let Some(fuel) = outcome.fuel_used {
        body["fuel_used"] = json!(fuel);
    }
    Ok(body)
}

/// The problem of a call or instantiation that failed, with what the guest wrote before
/// it did; traps and limit hits are counted.
fn guest_failure(
    err: &anyhow::Error,
    unknown_function: bool,
    output: &CapturedOutput,
    served: &Served,
    metrics: &Metrics,
) -> Problem {
    let mut problem = Problem::from_error(err, unknown_function);
    let component = Metrics::component(&served.name);
    match problem.kind {
        ProblemKind::Trap => {
            metrics.traps.get_or_create(&component).inc();
        }
        ProblemKind::LimitExceeded => {
            if let Some(limit) = err.downcast_ref::<LimitExceeded>() {
                let labels = LimitLabels {
                    component: served.name.clone(),
                    kind: limit_name(limit).to_string(),
                };
                metrics.limit_hits.get_or_create(&labels).inc();
            }
        }
        _ => return problem,
    }
    problem.set("stdout", json!(text(output.take_stdout())));
    problem.set("stderr", json!(text(output.take_stderr())));
    problem
}

/// The guest's bytes as text; invalid UTF-8 becomes U+FFFD.
fn text(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    }
}

/// Whether a WAVE call failed because it names no function the component exports (404,
/// not 400): the error points at the call's target, and the export index knows no
/// function by that name.
fn unknown_target(session: &Session<'_>, text: &str, err: &anyhow::Error) -> bool {
    let Some(inv) = crate::error::find_invocation_error(err) else {
        return false;
    };
    let Ok(call) = crate::invocation::split(text) else {
        return false;
    };
    let at_target = call.target.start <= inv.span.start && inv.span.end <= call.target.end;
    let unknown = matches!(
        session.program().exports().resolve(call.target()),
        Err(crate::exports::ExportNotFound::Unknown { .. })
    );
    at_target && unknown && call.target() != "drop"
}
