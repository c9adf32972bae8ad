//! The HTTP stack's ceiling for `docs/benchmarks.md`: a bare axum handler, on the same
//! Tokio runtime and axum features as `wavecall serve`, answering `POST /v1/call` with the
//! same JSON document without running anything.
//!
//! `cargo run --release --example serve_baseline -- 127.0.0.1:18090`

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::routing::post;

/// A `wavecall serve` reply to `area(circle({radius: 1.0}))`, byte for byte but the times.
const BODY: &str = r#"{"component":"shapes","function":"area","result":3.1415927,"wave":"3.1415927","stdout":"","stderr":"","duration_us":6,"instantiation_us":9}"#;

async fn call(_request: Bytes) -> ([(header::HeaderName, &'static str); 1], &'static str) {
    ([(header::CONTENT_TYPE, "application/json")], BODY)
}

fn main() -> Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18090".into());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("failed to start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .with_context(|| format!("failed to listen on `{addr}`"))?;
        let app = Router::new().route("/v1/call", post(call));
        axum::serve(listener, app).await.context("failed to serve")
    })
}
