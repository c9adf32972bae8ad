//! wavecall calls the exports of WebAssembly components with [WAVE] text.
//!
//! The pipeline is the same for the command line and for Rust programs: a [`Runtime`] loads
//! a [`Program`] (a compiled component and its export index), a [`Session`] instantiates it
//! under a default-deny WASI sandbox, and [`Session::invoke`] parses a call against the
//! function's WIT types, runs it and returns typed values that [`render`] prints.
//!
//! ```
//! use wavecall::render::Format;
//! use wavecall::{Runtime, Source};
//!
//! # fn main() -> anyhow::Result<()> {
//! let runtime = Runtime::builder().build()?;
//! let component = r#"(component
//!   (core module $m (func (export "add") (param i32 i32) (result i32)
//!     local.get 0 local.get 1 i32.add))
//!   (core instance $i (instantiate $m))
//!   (func (export "add") (param "a" u32) (param "b" u32) (result u32)
//!     (canon lift (core func $i "add"))))"#;
//! let program = runtime.load(Source::bytes("add.wat", component))?;
//! let mut session = program.session().start()?;
//! let outcome = session.invoke("add(1, 2)")?;
//! assert_eq!(session.render(&outcome, Format::Wave), "3");
//! # Ok(())
//! # }
//! ```
//!
//! [WAVE]: https://github.com/bytecodealliance/wasm-tools/tree/main/crates/wasm-wave
//!
//! <hr>
//!
#![doc = include_str!("../docs/library.md")]
#![deny(missing_docs)]

pub mod cache;
pub mod complete;
mod engine;
pub mod error;
pub mod explain;
pub mod exports;
pub mod files;
mod host;
pub mod invocation;
pub mod limits;
pub mod link;
mod load;
mod pool;
mod program;
pub mod render;
mod runtime;
#[cfg(feature = "serve")]
pub mod serve;
mod session;
pub mod spec;
mod wasi_link;
pub mod wit;

pub use host::{DirGrant, Mock};
pub use limits::{CapturedOutput, GuestOutput, Limits};
pub use link::Link;
pub use load::{LoadProgress, Source};
pub use pool::{PoolSize, Pooling};
pub use program::Program;
pub use runtime::{ProgramBuilder, Runtime, RuntimeBuilder};
pub use session::{CallChecker, CallOutcome, PreparedCall, Session, SessionBuilder, SessionPre};
/// The canonical ABI of a call: layout, flattening, spilling and the exact lowering of
/// argument values, as Wasmtime performs it (`wavecall explain`). It is its own crate,
/// `wavecall-abi`, with no Wasmtime inside; [`explain`] adapts Wasmtime's values to it.
pub use wavecall_abi as abi;

/// The version of the Wasmtime this crate embeds, e.g. `48.0.8`.
pub const WASMTIME_VERSION: &str = wasmtime_environ::VERSION;

/// The Wasmtime this crate is built on, for embedders who need more of its API.
pub use wasmtime;
/// Component values and types, for calls with typed arguments.
pub use wasmtime::component::{Type, Val};
/// The WAVE crate and the WIT parser, as Wasmtime uses them (the versions never drift apart).
pub use wasmtime::component::{wasm_wave, wit_parser};
