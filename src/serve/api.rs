//! The request handlers: health, metrics, listings, calls and sessions.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as Shared};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::execute::{self, Done};
use super::lifecycle::State;
use super::loaded::Served;
use super::metrics::{Metrics, RequestLabels};
use super::problem::{Problem, ProblemKind};
use super::request::{CallRequest, RequestLimits, SessionRequest};
use super::routes::CallInfo;
use super::sessions::Refused;
use crate::limits::{CapturedOutput, GuestOutput, Limits};

type Body = Result<Bytes, BytesRejection>;

pub(crate) async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

pub(crate) async fn readyz(Shared(state): Shared<Arc<State>>) -> Result<Json<Value>, Problem> {
    if state.draining.load(Ordering::SeqCst) {
        return Err(Problem::new(
            ProblemKind::Unavailable,
            "the server is shutting down",
        ));
    }
    let Some(generation) = state.generation() else {
        return Err(Problem::new(
            ProblemKind::Unavailable,
            "the components are still loading",
        ));
    };
    let names: Vec<&String> = generation.components.keys().collect();
    let pooled: Vec<&String> = generation
        .components
        .values()
        .filter(|served| served.pre.program().pool().is_some())
        .map(|served| &served.name)
        .collect();
    Ok(Json(json!({
        "status": "ready",
        "generation": generation.number,
        "components": names,
        "pooled": pooled,
    })))
}

pub(crate) async fn metrics(Shared(state): Shared<Arc<State>>) -> Response {
    state.metrics.sessions.set(state.sessions.count() as i64);
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    (
        [(header::CONTENT_TYPE, content_type)],
        state.metrics.encode(),
    )
        .into_response()
}

pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], super::OPENAPI).into_response()
}

pub(crate) async fn components(Shared(state): Shared<Arc<State>>) -> Result<Json<Value>, Problem> {
    let generation = state.generation().ok_or_else(loading)?;
    let list: Vec<Value> = generation
        .components
        .values()
        .map(|served| {
            let name = &served.name;
            json!({
                "name": name,
                "call": format!("/v1/{name}/call"),
                "functions": served.functions["functions"].as_array().map_or(0, Vec::len),
            })
        })
        .collect();
    Ok(Json(
        json!({"generation": generation.number, "components": list}),
    ))
}

pub(crate) async fn functions(
    Shared(state): Shared<Arc<State>>,
    Path(component): Path<String>,
) -> Result<Json<Value>, Problem> {
    Ok(Json(find(&state, &component)?.functions.clone()))
}

pub(crate) async fn functions_default(
    Shared(state): Shared<Arc<State>>,
) -> Result<Json<Value>, Problem> {
    Ok(Json(only(&state)?.functions.clone()))
}

pub(crate) async fn wit(
    Shared(state): Shared<Arc<State>>,
    Path(component): Path<String>,
) -> Result<Response, Problem> {
    wit_of(&find(&state, &component)?)
}

pub(crate) async fn wit_default(Shared(state): Shared<Arc<State>>) -> Result<Response, Problem> {
    wit_of(&only(&state)?)
}

fn wit_of(served: &Arc<Served>) -> Result<Response, Problem> {
    match &served.wit {
        Ok(text) => {
            let content_type = "text/plain; charset=utf-8";
            Ok(([(header::CONTENT_TYPE, content_type)], text.clone()).into_response())
        }
        Err(err) => Err(Problem::new(ProblemKind::Internal, err.clone())),
    }
}

pub(crate) async fn call(
    Shared(state): Shared<Arc<State>>,
    Path(component): Path<String>,
    body: Body,
) -> Response {
    match find(&state, &component) {
        Ok(served) => call_fresh(state, served, body).await,
        Err(problem) => problem.into_response(),
    }
}

pub(crate) async fn call_default(Shared(state): Shared<Arc<State>>, body: Body) -> Response {
    match only(&state) {
        Ok(served) => call_fresh(state, served, body).await,
        Err(problem) => problem.into_response(),
    }
}

/// The limits a request (a call, or a session it opens) asks for, over the server's
/// defaults and within its ceilings.
fn server_limits(state: &State, asked: &RequestLimits) -> Result<Limits, Problem> {
    let settings = &state.settings;
    asked.resolve(
        &settings.limits,
        &settings.ceilings,
        state.fuel_metered,
        false,
    )
}

/// A call on a fresh instance: parse, limits, admission, then the call on a blocking
/// thread that holds the slot until the guest is done.
async fn call_fresh(state: Arc<State>, served: Arc<Served>, body: Body) -> Response {
    let started = Instant::now();
    let prepared = parse::<CallRequest>(body).and_then(|request| {
        let limits = server_limits(&state, &request.limits)?;
        Ok((request.call()?, limits))
    });
    let (call, limits) = match prepared {
        Ok(prepared) => prepared,
        Err(problem) => return finish(&state, &served.name, Done::refused(problem), started),
    };
    let slot = match state.admission.admit(&state.metrics).await {
        Ok(slot) => slot,
        Err(_) => {
            return finish(
                &state,
                &served.name,
                Done::refused(overloaded(&state)),
                started,
            );
        }
    };
    let shared = state.clone();
    let component = served.name.clone();
    let done = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        execute::fresh(&served, &call, limits, &shared.metrics)
    })
    .await
    .unwrap_or_else(|_| Done::refused(panicked()));
    finish(&state, &component, done, started)
}

pub(crate) async fn open_session(
    Shared(state): Shared<Arc<State>>,
    Path(component): Path<String>,
    body: Body,
) -> Response {
    let started = Instant::now();
    let opened = async {
        let served = find(&state, &component)?;
        let request = match body {
            Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => SessionRequest::default(),
            body => parse::<SessionRequest>(body)?,
        };
        let limits = server_limits(&state, &request.limits)?;
        if !state.sessions.has_room() {
            return Err(too_many_sessions(&state));
        }
        let _slot = state
            .admission
            .admit(&state.metrics)
            .await
            .map_err(|_| overloaded(&state))?;
        let pre_served = served.clone();
        let output = CapturedOutput::new();
        let capture = GuestOutput::Capture(output.clone());
        let session =
            tokio::task::spawn_blocking(move || pre_served.pre.start_with_output(limits, &capture))
                .await
                .map_err(|_| panicked())?
                .map_err(|err| Problem::from_error(&err, false))?;
        let labels = Metrics::component(&served.name);
        state.metrics.instantiations.get_or_create(&labels).inc();
        let open = state
            .sessions
            .add(served.clone(), session, output, limits)
            .map_err(|refused| match refused {
                Refused::Full => too_many_sessions(&state),
                Refused::NoRandomness(err) => Problem::new(
                    ProblemKind::Internal,
                    format!("the operating system gave no random bytes for a session id: {err}"),
                ),
            })?;
        state.metrics.sessions.set(state.sessions.count() as i64);
        Ok::<_, Problem>(json!({
            "id": open.id,
            "component": served.name,
            "call": format!("/v1/{}/sessions/{}/call", served.name, open.id),
            "idle_ttl_s": state.sessions.ttl().as_secs_f64(),
        }))
    };
    match opened.await {
        Ok(body) => (StatusCode::CREATED, Json(body)).into_response(),
        Err(problem) => {
            let done = Done::refused(problem);
            finish(&state, &component, done, started)
        }
    }
}

pub(crate) async fn session_call(
    Shared(state): Shared<Arc<State>>,
    Path((component, id)): Path<(String, String)>,
    body: Body,
) -> Response {
    let started = Instant::now();
    let Some(open) = state.sessions.get(&component, &id) else {
        let problem = match find(&state, &component) {
            Ok(_) => unknown_session(&id),
            Err(problem) => problem,
        };
        return finish(&state, &component, Done::refused(problem), started);
    };
    let prepared = parse::<CallRequest>(body).and_then(|request| {
        let settings = &state.settings;
        let limits =
            request
                .limits
                .resolve(&open.limits, &settings.ceilings, state.fuel_metered, true)?;
        Ok((request.call()?, limits))
    });
    let (call, limits) = match prepared {
        Ok(prepared) => prepared,
        Err(problem) => return finish(&state, &component, Done::refused(problem), started),
    };
    let slot = match state.admission.admit(&state.metrics).await {
        Ok(slot) => slot,
        Err(_) => {
            return finish(
                &state,
                &component,
                Done::refused(overloaded(&state)),
                started,
            );
        }
    };
    let shared = state.clone();
    let done = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let Some(mut session) = open.try_session() else {
            let busy = "another request is using the session; its calls run one at a time";
            return Done::refused(Problem::new(ProblemKind::SessionBusy, busy));
        };
        let done = execute::in_session(
            &mut session,
            &open.output,
            &open.served,
            &call,
            limits,
            &shared.metrics,
        );
        open.touch();
        done.map(|mut body| {
            body["session"] = json!(open.id);
            body
        })
    })
    .await
    .unwrap_or_else(|_| Done::refused(panicked()));
    finish(&state, &component, done, started)
}

pub(crate) async fn close_session(
    Shared(state): Shared<Arc<State>>,
    Path((component, id)): Path<(String, String)>,
) -> Result<StatusCode, Problem> {
    if state.sessions.remove(&component, &id) {
        state.metrics.sessions.set(state.sessions.count() as i64);
        return Ok(StatusCode::NO_CONTENT);
    }
    find(&state, &component)?;
    Err(unknown_session(&id))
}

/// Counts and logs a call, and makes its response.
fn finish(state: &State, component: &str, done: Done, started: Instant) -> Response {
    let outcome = match &done.result {
        Ok(_) => "ok",
        Err(problem) => problem.kind.outcome(),
    };
    let labels = RequestLabels {
        component: component.to_string(),
        function: done.function.clone().unwrap_or_default(),
        outcome: outcome.to_string(),
    };
    state.metrics.requests.get_or_create(&labels).inc();
    state
        .metrics
        .duration
        .get_or_create(&Metrics::component(component))
        .observe(started.elapsed().as_secs_f64());
    let mut response = match done.result {
        Ok(body) => Json(body).into_response(),
        Err(problem) => problem.into_response(),
    };
    response.extensions_mut().insert(CallInfo {
        component: component.to_string(),
        function: done.function,
        outcome,
    });
    response
}

/// The body as JSON of type `T`: 413 past the size limit, 400 when it is not one.
fn parse<T: DeserializeOwned>(body: Body) -> Result<T, Problem> {
    let bytes = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Problem::new(
            ProblemKind::BodyTooLarge,
            "the request body is larger than this server takes (`--max-body`)",
        ),
        _ => Problem::new(ProblemKind::BadRequest, rejection.body_text()),
    })?;
    serde_json::from_slice(&bytes).map_err(|err| {
        Problem::new(
            ProblemKind::BadRequest,
            format!("invalid request body: {err}"),
        )
    })
}

/// The component `name` of the loaded generation.
fn find(state: &State, name: &str) -> Result<Arc<Served>, Problem> {
    let generation = state.generation().ok_or_else(loading)?;
    generation.components.get(name).cloned().ok_or_else(|| {
        let names: Vec<&str> = generation.components.keys().map(String::as_str).collect();
        let mut problem = Problem::new(
            ProblemKind::UnknownComponent,
            format!("this server serves no component `{name}`"),
        );
        problem.set("components", json!(names));
        problem
    })
}

/// The one component, for the routes without a name.
fn only(state: &State) -> Result<Arc<Served>, Problem> {
    let generation = state.generation().ok_or_else(loading)?;
    let mut all = generation.components.values();
    match (all.next(), all.next()) {
        (Some(one), None) => Ok(one.clone()),
        _ => {
            let names: Vec<&str> = generation.components.keys().map(String::as_str).collect();
            let mut problem = Problem::new(
                ProblemKind::UnknownComponent,
                "this server serves several components: name one in the route, `/v1/{name}/call`",
            );
            problem.set("components", json!(names));
            Err(problem)
        }
    }
}

fn loading() -> Problem {
    Problem::new(ProblemKind::Unavailable, "the components are still loading")
}

fn overloaded(state: &State) -> Problem {
    let detail = "every call slot and every place in the queue is taken; try again shortly";
    Problem::new(ProblemKind::Overloaded, detail).retry_after(state.settings.retry_after)
}

fn too_many_sessions(state: &State) -> Problem {
    let detail = format!(
        "{} sessions are open, as many as this server allows; close one, or wait for one to expire",
        state.settings.max_sessions
    );
    Problem::new(ProblemKind::TooManySessions, detail).retry_after(state.sessions.ttl())
}

fn unknown_session(id: &str) -> Problem {
    Problem::new(
        ProblemKind::UnknownSession,
        format!("no open session `{id}`: it was closed, it expired, or it never was"),
    )
}

fn panicked() -> Problem {
    Problem::new(ProblemKind::Internal, "the call's thread failed")
}

impl Done {
    pub(crate) fn refused(problem: Problem) -> Done {
        Done {
            function: None,
            result: Err(problem),
        }
    }

    fn map(mut self, f: impl FnOnce(Value) -> Value) -> Done {
        self.result = self.result.map(f);
        self
    }
}
