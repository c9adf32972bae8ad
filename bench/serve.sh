#!/usr/bin/env bash
# `wavecall serve` under wrk on loopback, in one run with its two yardsticks; see
# docs/benchmarks.md ("wavecall serve").
#
#   bench/serve.sh                    # 10 s per server, 1 wrk thread, 16 connections
#   DURATION=20s CONNECTIONS=32 bench/serve.sh
#
# - wavecall: `wavecall serve examples/shapes.wasm`, POST /v1/call
#   {"call": "area(circle({radius: 1.0}))"}: a fresh instance per request;
# - axum: `examples/serve_baseline.rs`, a bare axum handler on the same runtime answering
#   the same JSON without running anything (the HTTP stack's ceiling);
# - wasmtime serve: the real CLI on `bench/hello-http.wasm` (`bench/hello-http/`, a
#   hello-world wasi:http component from Rust; `bench/hello-http/rebuild.sh` rebuilds it),
#   which also instantiates per request.
#
# Needs: cargo, wrk (`apt-get install wrk`), curl; the wasmtime CLI as $WASMTIME (default:
# the one .ci/run fetches, target/ci-tools/wasmtime_cli/wasmtime).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
threads=${THREADS:-1}
wasmtime=${WASMTIME:-$repo/target/ci-tools/wasmtime_cli/wasmtime}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

echo "== building wavecall and the axum baseline (release)" >&2
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin wavecall --example serve_baseline
target=$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

cat >"$work/post.lua" <<'EOF'
wrk.method = "POST"
wrk.body = '{"call": "area(circle({radius: 1.0}))"}'
wrk.headers["Content-Type"] = "application/json"
EOF

# Waits until `url` answers 200.
wait_up() {
    for _ in $(seq 1 300); do
        if curl -fs -o /dev/null -X POST -d '{"call": "area(point)"}' "$1"; then return 0; fi
        sleep 0.1
    done
    echo "bench/serve.sh: $1 never answered" >&2
    exit 1
}

# Runs wrk against `url`; prints "requests/s p50 p99".
load() {
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/post.lua" "$1" >"$work/wrk.txt"
    python3 - "$work/wrk.txt" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
p = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)", text, re.M))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
socket = re.search(r"Socket errors: (.*)", text)
print(rps, p["50"], p["99"], errors.group(1) if errors else 0, (socket.group(1) if socket else "none").replace(" ", ""))
EOF
}

metric() {
    curl -s "http://127.0.0.1:18081/metrics" | awk -v m="$1" '$1 ~ "^"m"(\\{|$)" {s += $2} END {print s + 0}'
}

echo "== wavecall serve" >&2
"$target/release/wavecall" serve -q --listen 127.0.0.1:18081 --cache-dir "$work/cache" \
    "$repo/examples/shapes.wasm" 2>"$work/wavecall.log" &
pids+=($!)
wait_up http://127.0.0.1:18081/v1/call
n0=$(metric wavecall_instantiation_duration_seconds_count)
s0=$(metric wavecall_instantiation_duration_seconds_sum)
read -r w_rps w_p50 w_p99 w_err w_sock < <(load http://127.0.0.1:18081/v1/call)
n1=$(metric wavecall_instantiation_duration_seconds_count)
s1=$(metric wavecall_instantiation_duration_seconds_sum)
inst=$(python3 -c "print(f'{($s1 - $s0) / ($n1 - $n0) * 1e6:.1f}')")
rss=$(awk '/VmRSS/ {print $2}' "/proc/${pids[0]}/status")

echo "== bare axum" >&2
"$target/release/examples/serve_baseline" 127.0.0.1:18082 &
pids+=($!)
wait_up http://127.0.0.1:18082/v1/call
read -r a_rps a_p50 a_p99 a_err a_sock < <(load http://127.0.0.1:18082/v1/call)

echo "== wasmtime serve" >&2
"$wasmtime" serve -S cli --addr 127.0.0.1:18083 "$repo/bench/hello-http.wasm" 2>"$work/wasmtime.log" &
pids+=($!)
wait_up http://127.0.0.1:18083/v1/call
read -r t_rps t_p50 t_p99 t_err t_sock < <(load http://127.0.0.1:18083/v1/call)

echo
echo "wrk -t$threads -c$connections -d$duration --latency, keep-alive, loopback; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| server | requests/s | p50 | p99 | non-2xx | socket errors |"
echo "| --- | ---: | ---: | ---: | ---: | --- |"
echo "| wavecall serve, fresh instance per request | $w_rps | $w_p50 | $w_p99 | $w_err | $w_sock |"
echo "| bare axum handler, same JSON | $a_rps | $a_p50 | $a_p99 | $a_err | $a_sock |"
echo "| wasmtime serve, hello-world wasi:http | $t_rps | $t_p50 | $t_p99 | $t_err | $t_sock |"
echo
python3 -c "print(f'wavecall / axum: {$w_rps / $a_rps:.2f}x; wavecall / wasmtime serve: {$w_rps / $t_rps:.2f}x')"
echo "wavecall instantiation per request: $inst µs (mean over $((${n1%.*} - ${n0%.*})) requests); RSS after: $rss KiB"
