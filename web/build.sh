#!/usr/bin/env bash
# Builds the playground into web/dist/: static files any web server can serve.
#
#   web/build.sh          # installs what it needs on a fresh machine, then builds
#
# Needs cargo with the wasm32-unknown-unknown target, and node with npm. It installs, and
# keeps between runs: the wasm-bindgen CLI of exactly the version web/crate uses (into
# target/web-tools), the npm packages of package-lock.json (web/node_modules).
set -euo pipefail
web="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$web")"
cd "$web"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

# The CLI must be the crate's version exactly: its output is glue for that version only.
version="$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' crate/Cargo.toml)"
tools="$root/target/web-tools"
bindgen="$tools/bin/wasm-bindgen"
if [ ! -x "$bindgen" ] || [ "$("$bindgen" --version)" != "wasm-bindgen $version" ]; then
  echo "== installing wasm-bindgen-cli $version into target/web-tools (once)"
  cargo install --locked --quiet wasm-bindgen-cli --version "=$version" --root "$tools"
fi

echo "== the engine: wavecall-abi for wasm32-unknown-unknown"
export CARGO_TARGET_DIR="$root/target/playground"
cargo build --quiet --release --locked --target wasm32-unknown-unknown --manifest-path crate/Cargo.toml
rm -rf pkg
"$bindgen" --target web --out-dir pkg \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/wavecall_playground.wasm"

echo "== the page"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npx tsc -p .
rm -rf dist
mkdir -p dist
npx esbuild src/main.ts --bundle --format=esm --minify --target=es2022 --loader:.wit=text \
  --log-level=warning --outfile=dist/playground.js
cp index.html style.css pkg/wavecall_playground_bg.wasm dist/

echo "== web/dist (bytes, raw and gzipped)"
for file in dist/*; do
  printf '  %-36s %8d %8d\n' "$(basename "$file")" "$(wc -c <"$file")" "$(gzip -9c "$file" | wc -c)"
done
total=$(cat dist/* | wc -c)
gzipped=$(for file in dist/*; do gzip -9c "$file" | wc -c; done | awk '{s += $1} END {print s}')
printf '  %-36s %8d %8d\n' "total" "$total" "$gzipped"
