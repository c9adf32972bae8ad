//! Components' exports as an HTTP function service (`wavecall serve`, `docs/serve.md`).
//!
//! The same pipeline as a call on the command line, behind HTTP: a request names a
//! component and a call (WAVE text, or a function and JSON arguments), the call runs on a
//! fresh instance started from a [`SessionPre`](crate::SessionPre) under the request's
//! limits, and the response carries the typed JSON result, its WAVE text and the guest's
//! captured output. Errors are `application/problem+json` with the command line's
//! messages.
//!
//! Calls run on Tokio's blocking threads through Wasmtime's synchronous API, the API the
//! whole library is built on (WASI included): a request's timeout stops its guest by epoch
//! interruption wherever it runs, and the bounded concurrency bounds the blocking threads.
//! The async API would let a waiting guest yield its thread, but guests here compute: they
//! have no network and no clocks to wait on.
//!
//! ```no_run
//! use wavecall::serve::{Component, Server};
//!
//! # async fn serve() -> anyhow::Result<()> {
//! let server = Server::builder()
//!     .component(Component::new("shapes", "examples/shapes.wasm"))
//!     .build()?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! server.run(listener).await
//! # }
//! ```

mod admission;
mod api;
mod builder;
mod execute;
mod lifecycle;
mod loaded;
mod metrics;
mod problem;
mod request;
mod routes;
mod sessions;

pub use builder::{Component, ServerBuilder, Setup, default_limits};
pub use lifecycle::{Server, ServerHandle};
pub use problem::{ProblemKind, status_of};

/// The OpenAPI document of the service's HTTP API, as served at `/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");
