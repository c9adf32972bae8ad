#!/usr/bin/env bash
# Rebuilds the example component from source and copies it to examples/shapes.wasm.
#
# Needs a Rust toolchain with the wasm32-wasip2 target (added with rustup when missing).
# The committed shapes.wasm was built with the toolchain named in README.md; another rustc
# or wasm-component-ld gives a component that works the same but may differ in its bytes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../fixtures/wasip2.sh"

wasip2_prepare "$here" shapes
cargo build --release --locked --target "$wasip2_target"
wasip2_copy shapes.wasm "$here/../shapes.wasm"
