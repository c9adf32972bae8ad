#!/usr/bin/env bash
# Rebuilds the WASI-importing benchmark component from source and copies it to
# bench/greet.wasm.
#
# Needs a Rust toolchain with the wasm32-wasip2 target (added with rustup when missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../fixtures/wasip2.sh"

wasip2_prepare "$here" greet
cargo build --release --locked --target "$wasip2_target"
wasip2_copy greet.wasm "$here/../greet.wasm"
