#!/usr/bin/env bash
# Rebuilds the hello-world wasi:http component from source and copies it to bench/hello-http.wasm.
#
# Needs a Rust toolchain with the wasm32-wasip2 target (`rustup target add wasm32-wasip2`).
# The committed hello-http.wasm was built with the toolchain named in README.md; another rustc
# or wasm-component-ld gives a component that works the same but may differ in its bytes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

target=wasm32-wasip2
expected_rustc="1.95.0"

if ! rustc --print target-list | grep -qx "$target"; then
    echo "rebuild.sh: this rustc does not know the $target target" >&2
    exit 1
fi
if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$target"; then
    echo "rebuild.sh: adding the $target target with rustup" >&2
    rustup target add "$target"
fi
actual_rustc="$(rustc --version | awk '{print $2}')"
if [ "$actual_rustc" != "$expected_rustc" ]; then
    echo "rebuild.sh: warning: rustc $actual_rustc, the committed component was built with $expected_rustc" >&2
fi

# Keep the build independent of where the checkout and the cargo home are, so the bytes do not
# depend on them; a caller's own RUSTFLAGS would change the output, so they are replaced.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
export RUSTFLAGS="--remap-path-prefix=$here=/hello-http --remap-path-prefix=$cargo_home=/cargo"
unset CARGO_ENCODED_RUSTFLAGS

cargo build --release --locked --target "$target"

out="$here/../hello-http.wasm"
cp "target/$target/release/hello_http.wasm" "$out"
echo "rebuild.sh: wrote $(cd "$(dirname "$out")" && pwd)/hello-http.wasm ($(wc -c <"$out") bytes)"
