//! wavecall: call the exports of WebAssembly components with WAVE text.
#![deny(missing_docs)]

/// The canonical ABI of a call: layout, flattening, spilling and the exact lowering of
/// argument values, as Wasmtime performs it (`wavecall explain`).
pub mod abi;
