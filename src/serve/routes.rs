//! The routes, and the middleware every request passes: the access log (which also gives a
//! problem its `instance`), panics caught as 500, the bearer token, the body size limit.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State as Shared};
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use tower_http::catch_panic::CatchPanicLayer;

use super::api;
use super::lifecycle::State;
use super::problem::{PendingInstance, Problem, ProblemKind};

/// What a call handler tells the access log about the call.
#[derive(Debug, Clone)]
pub(crate) struct CallInfo {
    pub(crate) component: String,
    pub(crate) function: Option<String>,
    pub(crate) outcome: &'static str,
}

pub(crate) fn router(state: Arc<State>) -> Router {
    let max_body = state.settings.max_body;
    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route("/metrics", get(api::metrics))
        .route("/v1/openapi.json", get(api::openapi))
        .route("/v1/components", get(api::components))
        .route("/v1/call", post(api::call_default))
        .route("/v1/functions", get(api::functions_default))
        .route("/v1/wit", get(api::wit_default))
        .route("/v1/{component}/call", post(api::call))
        .route("/v1/{component}/functions", get(api::functions))
        .route("/v1/{component}/wit", get(api::wit))
        .route("/v1/{component}/sessions", post(api::open_session))
        .route("/v1/{component}/sessions/{id}", delete(api::close_session))
        .route(
            "/v1/{component}/sessions/{id}/call",
            post(api::session_call),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), authenticate))
        .layer(CatchPanicLayer::custom(|_| {
            Problem::new(
                ProblemKind::Internal,
                "the server failed while handling the request",
            )
            .into_response()
        }))
        .layer(middleware::from_fn(finish))
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

async fn not_found() -> Problem {
    Problem::new(
        ProblemKind::NotFound,
        "no such route; `GET /v1/openapi.json` describes every route",
    )
}

async fn method_not_allowed() -> Problem {
    Problem::new(
        ProblemKind::MethodNotAllowed,
        "the route does not take this method",
    )
}

/// With a token set, every route but `/healthz` needs `Authorization: Bearer TOKEN`.
async fn authenticate(Shared(state): Shared<Arc<State>>, request: Request, next: Next) -> Response {
    let Some(token) = &state.settings.auth_token else {
        return next.run(request).await;
    };
    if request.uri().path() == "/healthz" {
        return next.run(request).await;
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    match given {
        Some(given) if same(given.trim().as_bytes(), token.as_bytes()) => next.run(request).await,
        Some(_) => Problem::new(ProblemKind::Unauthorized, "the bearer token is not valid")
            .challenge()
            .into_response(),
        None => Problem::new(
            ProblemKind::Unauthorized,
            "this server requires `Authorization: Bearer TOKEN`",
        )
        .challenge()
        .into_response(),
    }
}

/// Compares in time that does not depend on where the bytes differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Fills in a problem's `instance` with the request's path, and logs the request.
async fn finish(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    if let Some(PendingInstance(problem)) = response.extensions_mut().remove::<PendingInstance>() {
        let info = response.extensions_mut().remove::<CallInfo>();
        response = problem.response(&path);
        if let Some(info) = info {
            response.extensions_mut().insert(info);
        }
    }
    let status = response.status().as_u16();
    let problem = response.extensions().get::<ProblemKind>().map(|k| k.name());
    let info = response.extensions().get::<CallInfo>();
    tracing::info!(
        method = %method,
        path = %path,
        status,
        duration_us = started.elapsed().as_micros() as u64,
        problem,
        component = info.map(|i| i.component.as_str()),
        function = info.and_then(|i| i.function.as_deref()),
        outcome = info.map(|i| i.outcome),
        "request"
    );
    response
}
