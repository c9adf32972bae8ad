//! wavecall: call the exports of WebAssembly components with WAVE text.
#![deny(missing_docs)]
