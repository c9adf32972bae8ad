//! Errors as `application/problem+json` (RFC 9457), with the messages the command line
//! prints, and the one mapping from wavecall's error classes to HTTP statuses.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::error::{FailureClass, class_of, find_invocation_error, messages, wasm_backtrace};
use crate::exports::ExportNotFound;
use crate::limits::LimitExceeded;
use crate::render::JsonValueError;

/// What went wrong, which decides the status (see [`status_of`]) and the problem's `type`
/// (`urn:wavecall:problem:` and the kind's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The body is not a request: not JSON, unknown fields, bad limits (400).
    BadRequest,
    /// The call does not fit the component: WAVE syntax, types, arguments (400).
    BadCall,
    /// A limit above what the server allows (400).
    LimitAboveCeiling,
    /// No bearer token, or a wrong one (401).
    Unauthorized,
    /// No such route (404).
    NotFound,
    /// No component of that name (404).
    UnknownComponent,
    /// The component exports no such function (404).
    UnknownFunction,
    /// No open session of that id (404).
    UnknownSession,
    /// The method is not one the route takes (405).
    MethodNotAllowed,
    /// Another request is using the session (409).
    SessionBusy,
    /// A trap or an exhausted limit ended the session's instance (409).
    SessionBroken,
    /// The body is larger than the server takes (413).
    BodyTooLarge,
    /// The guest trapped (422).
    Trap,
    /// The call ran into its timeout, fuel, memory or stack limit (422).
    LimitExceeded,
    /// Every slot and every queue place is taken; try again after `Retry-After` (429).
    Overloaded,
    /// As many sessions are open as the server allows (429).
    TooManySessions,
    /// The server failed, not the call (500).
    Internal,
    /// Not ready: still loading, or shutting down (503).
    Unavailable,
}

impl ProblemKind {
    /// The name in the problem's `type`.
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::BadRequest => "bad-request",
            ProblemKind::BadCall => "bad-call",
            ProblemKind::LimitAboveCeiling => "limit-above-ceiling",
            ProblemKind::Unauthorized => "unauthorized",
            ProblemKind::NotFound => "not-found",
            ProblemKind::UnknownComponent => "unknown-component",
            ProblemKind::UnknownFunction => "unknown-function",
            ProblemKind::UnknownSession => "unknown-session",
            ProblemKind::MethodNotAllowed => "method-not-allowed",
            ProblemKind::SessionBusy => "session-busy",
            ProblemKind::SessionBroken => "session-broken",
            ProblemKind::BodyTooLarge => "body-too-large",
            ProblemKind::Trap => "trap",
            ProblemKind::LimitExceeded => "limit-exceeded",
            ProblemKind::Overloaded => "overloaded",
            ProblemKind::TooManySessions => "too-many-sessions",
            ProblemKind::Internal => "internal",
            ProblemKind::Unavailable => "unavailable",
        }
    }

    fn title(self) -> &'static str {
        match self {
            ProblemKind::BadRequest => "The request is not valid",
            ProblemKind::BadCall => "The call does not fit the component",
            ProblemKind::LimitAboveCeiling => "A limit is above what the server allows",
            ProblemKind::Unauthorized => "A valid bearer token is required",
            ProblemKind::NotFound => "No such route",
            ProblemKind::UnknownComponent => "No component of that name",
            ProblemKind::UnknownFunction => "The component exports no such function",
            ProblemKind::UnknownSession => "No open session of that id",
            ProblemKind::MethodNotAllowed => "The route does not take this method",
            ProblemKind::SessionBusy => "Another request is using the session",
            ProblemKind::SessionBroken => "The session's instance cannot be used again",
            ProblemKind::BodyTooLarge => "The request body is too large",
            ProblemKind::Trap => "The guest trapped",
            ProblemKind::LimitExceeded => "The call ran into a limit",
            ProblemKind::Overloaded => "The server is at capacity",
            ProblemKind::TooManySessions => "Too many sessions are open",
            ProblemKind::Internal => "The server failed",
            ProblemKind::Unavailable => "The server is not ready",
        }
    }

    /// The outcome label of the request metrics.
    pub(crate) fn outcome(self) -> &'static str {
        match self {
            ProblemKind::Trap => "trap",
            ProblemKind::LimitExceeded => "limit",
            ProblemKind::BadCall | ProblemKind::UnknownFunction => "bad_call",
            ProblemKind::Overloaded | ProblemKind::TooManySessions => "overloaded",
            ProblemKind::Internal => "error",
            _ => "rejected",
        }
    }
}

/// The HTTP status of a kind of problem: the documented mapping (`docs/serve.md`).
/// Failures of the call (a trap, a limit) are 422, not 5xx: the server did its job, and
/// a 5xx rate is left to measure the server alone.
pub fn status_of(kind: ProblemKind) -> StatusCode {
    match kind {
        ProblemKind::BadRequest | ProblemKind::BadCall | ProblemKind::LimitAboveCeiling => {
            StatusCode::BAD_REQUEST
        }
        ProblemKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ProblemKind::NotFound
        | ProblemKind::UnknownComponent
        | ProblemKind::UnknownFunction
        | ProblemKind::UnknownSession => StatusCode::NOT_FOUND,
        ProblemKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ProblemKind::SessionBusy | ProblemKind::SessionBroken => StatusCode::CONFLICT,
        ProblemKind::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ProblemKind::Trap | ProblemKind::LimitExceeded => StatusCode::UNPROCESSABLE_ENTITY,
        ProblemKind::Overloaded | ProblemKind::TooManySessions => StatusCode::TOO_MANY_REQUESTS,
        ProblemKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ProblemKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// One problem, ready to be a response.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub(crate) kind: ProblemKind,
    /// The headline: the first line the command line prints after `error:`.
    detail: String,
    /// Further members: causes, excerpt, hints, the limit hit, the guest's output…
    extra: Map<String, Value>,
    retry_after: Option<Duration>,
    auth_challenge: bool,
}

impl Problem {
    pub(crate) fn new(kind: ProblemKind, detail: impl Into<String>) -> Problem {
        Problem {
            kind,
            detail: detail.into(),
            extra: Map::new(),
            retry_after: None,
            auth_challenge: false,
        }
    }

    /// An error of a call, classified, with the messages the command line prints: the
    /// headline, the causes, the caret excerpt under the call, hints, the wasm backtrace.
    pub(crate) fn from_error(err: &anyhow::Error, unknown_function: bool) -> Problem {
        let kind = if let Some(limit) = err.downcast_ref::<LimitExceeded>() {
            let mut problem = Problem::new(ProblemKind::LimitExceeded, err.to_string());
            problem.set("limit", json!(limit_name(limit)));
            return problem.with_messages(err);
        } else if err.downcast_ref::<ExportNotFound>().is_some() || unknown_function {
            ProblemKind::UnknownFunction
        } else {
            match class_of(err) {
                Some(FailureClass::Usage) => ProblemKind::BadCall,
                Some(FailureClass::Call) => ProblemKind::Trap,
                Some(FailureClass::Load) | None => ProblemKind::Internal,
            }
        };
        Problem::new(kind, err.to_string()).with_messages(err)
    }

    fn with_messages(mut self, err: &anyhow::Error) -> Problem {
        let invocation = find_invocation_error(err);
        let mut causes: Vec<String> = messages(err).into_iter().skip(1).collect();
        if let Some(inv) = invocation {
            // As on the command line: the message stands beside the caret unless the
            // headline already says it, and is not repeated among the causes.
            let label = if self.detail == inv.message {
                ""
            } else {
                &inv.message
            };
            self.set("excerpt", json!(inv.excerpt(label)));
            causes.retain(|c| *c != inv.message);
            if !inv.hints.is_empty() {
                self.set("hints", json!(inv.hints));
            }
        }
        if let Some(found) = err.downcast_ref::<ExportNotFound>() {
            let hints: Vec<String> = match found {
                ExportNotFound::Unknown { suggestions, .. } => suggestions
                    .iter()
                    .map(|s| format!("did you mean `{s}`?"))
                    .collect(),
                ExportNotFound::Ambiguous { candidates, .. } => candidates
                    .iter()
                    .map(|c| format!("it could be `{c}`"))
                    .collect(),
            };
            if !hints.is_empty() {
                self.set("hints", json!(hints));
            }
        }
        if let Some(json) = err.downcast_ref::<JsonValueError>() {
            self.set("pointer", json!(json.pointer));
        }
        if !causes.is_empty() {
            self.set("causes", json!(causes));
        }
        if let Some(frames) = wasm_backtrace(err) {
            let frames: Vec<&str> = frames
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            self.set("backtrace", json!(frames));
        }
        self
    }

    /// Adds a member.
    pub(crate) fn set(&mut self, key: &str, value: Value) {
        self.extra.insert(key.to_string(), value);
    }

    /// Adds a cause (what the server was doing).
    pub(crate) fn cause(mut self, cause: &str) -> Problem {
        let causes = self.extra.entry("causes").or_insert_with(|| json!([]));
        if let Some(list) = causes.as_array_mut() {
            list.push(json!(cause));
        }
        self
    }

    pub(crate) fn retry_after(mut self, after: Duration) -> Problem {
        self.retry_after = Some(after);
        self
    }

    pub(crate) fn challenge(mut self) -> Problem {
        self.auth_challenge = true;
        self
    }

    /// The JSON document.
    pub(crate) fn body(&self, instance: &str) -> Value {
        let mut doc = Map::new();
        doc.insert(
            "type".into(),
            json!(format!("urn:wavecall:problem:{}", self.kind.name())),
        );
        doc.insert("title".into(), json!(self.kind.title()));
        doc.insert("status".into(), json!(status_of(self.kind).as_u16()));
        doc.insert("detail".into(), json!(self.detail));
        doc.insert("instance".into(), json!(instance));
        doc.extend(self.extra.clone());
        Value::Object(doc)
    }

    /// The response, for the request at `instance` (its path).
    pub(crate) fn response(&self, instance: &str) -> Response {
        let mut response = (status_of(self.kind), self.body(instance).to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(after) = self.retry_after {
            let secs = after.as_secs().max(1).to_string();
            if let Ok(value) = HeaderValue::from_str(&secs) {
                headers.insert(header::RETRY_AFTER, value);
            }
        }
        if self.auth_challenge {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"wavecall\""),
            );
        }
        response.extensions_mut().insert(self.kind);
        response
    }
}

/// The limit's kind, as the `limit` member and the metrics name it.
pub(crate) fn limit_name(limit: &LimitExceeded) -> &'static str {
    match limit {
        LimitExceeded::Timeout(_) => "timeout",
        LimitExceeded::Fuel(_) => "fuel",
        LimitExceeded::Memory(_) => "memory",
        LimitExceeded::Table(_) => "table",
        LimitExceeded::Stack(_) => "stack",
    }
}

/// A problem becomes a response when a handler returns it; the path is added by
/// [`super::routes`]'s middleware, which knows it.
impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = self.response("");
        response.extensions_mut().insert(PendingInstance(self));
        response
    }
}

/// A problem whose `instance` is still to be filled in with the request's path.
#[derive(Clone)]
pub(crate) struct PendingInstance(pub(crate) Problem);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ClassifyExt, InvocationError};

    #[test]
    fn classes_map_to_statuses() {
        let usage = anyhow::Error::from(InvocationError::new("f(x)", 2..3, "expected u32"));
        let problem = Problem::from_error(&usage, false);
        assert_eq!(status_of(problem.kind), StatusCode::BAD_REQUEST);
        let body = problem.body("/v1/call");
        assert_eq!(body["excerpt"], "    f(x)\n      ^\n");
        let trap: anyhow::Result<()> = Err(anyhow::anyhow!("unreachable"))
            .classify(FailureClass::Call, || "failed to call `f`".into());
        let problem = Problem::from_error(&trap.unwrap_err(), false);
        assert_eq!(problem.kind, ProblemKind::Trap);
        assert_eq!(problem.body("/")["causes"], json!(["unreachable"]));
        let limit = anyhow::Error::new(LimitExceeded::Fuel(5)).context("failed to call `f`");
        let problem = Problem::from_error(&limit, false);
        assert_eq!(status_of(problem.kind), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem.body("/")["limit"], "fuel");
    }
}
