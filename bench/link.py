#!/usr/bin/env python3
"""Times `--link` two ways on the real pair (fixtures/real/pair); see docs/linking.md.

    WAVECALL_A=path/to/wavecall-forwarding WAVECALL_B=path/to/wavecall bench/link.py

A and B are two wavecall binaries (for instance one built at the commit before links were
composed, and one after). Each case runs the whole process; the table shows the median wall
and CPU time (user + system, all threads; steadier on a shared machine) of RUNS runs
(COLD_RUNS for the cold cases). WASMTIME, when set, adds `wasmtime run` on
the `wac plug` composition as a reference. The cache lives in a temporary directory.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PAIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "real", "pair")
RUNS = int(os.environ.get("RUNS", "30"))
COLD_RUNS = int(os.environ.get("COLD_RUNS", "10"))
CROSSINGS = 1000


def timed(argv, env, prepare=None):
    """Wall time and CPU time (user + system, all threads) of one run, in seconds."""
    if prepare:
        prepare()
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[0]} failed: {stderr.decode()[-400:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def median_ms(argv, env, runs, prepare=None):
    """Median wall and CPU milliseconds over `runs` runs, after one unmeasured run."""
    timed(argv, env, prepare)  # warms the cache (or is emptied again by `prepare`)
    samples = [timed(argv, env, prepare) for _ in range(runs)]
    return tuple(statistics.median(s[i] for s in samples) * 1000 for i in (0, 1))


def wavecall_cases(binary, cache):
    env = dict(os.environ, WAVECALL_CACHE_DIR=cache)
    env.pop("RUST_BACKTRACE", None)
    link = [binary, "run", "--link", f"{PAIR}/provider.wasm"]
    importer = f"{PAIR}/importer.wasm"
    hello = link + ["--invoke", 'hello("bob")', importer]
    many = link + [arg for _ in range(CROSSINGS) for arg in ("--invoke", 'hello("x")')] + [importer]

    def empty():
        shutil.rmtree(cache, ignore_errors=True)

    return {
        "cold: load + link + first call": median_ms(hello, env, COLD_RUNS, empty),
        "warm: load + link + first call": median_ms(hello, env, RUNS),
        f"warm: {CROSSINGS} calls crossing the link": median_ms(many, env, max(RUNS // 6, 3)),
    }


def resources(binary, cache):
    env = dict(os.environ, WAVECALL_CACHE_DIR=cache)
    env.pop("RUST_BACKTRACE", None)
    argv = [binary, "run", "--link", f"{PAIR}/provider.wasm", "--invoke", 'count("c", 3, 2)',
            f"{PAIR}/importer.wasm"]
    done = subprocess.run(argv, env=env, capture_output=True)
    if done.returncode == 0:
        return f"ok: {done.stdout.decode().splitlines()[-1]}"
    lines = [l.strip() for l in done.stderr.decode().splitlines() if l.strip()]
    cause = lines[lines.index("Caused by:") + 1] if "Caused by:" in lines else lines[-1]
    return f"exit {done.returncode}: {cause}"


def main():
    binaries = {k: os.environ[k] for k in ("WAVECALL_A", "WAVECALL_B") if k in os.environ}
    if not binaries:
        sys.exit(__doc__)
    rows = {}
    notes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, binary in binaries.items():
            cache = os.path.join(tmp, name)
            rows[name] = wavecall_cases(binary, cache)
            notes[name] = resources(binary, cache)
        wasmtime = os.environ.get("WASMTIME")
        if wasmtime:
            config = os.path.join(tmp, "wasmtime-cache.toml")
            with open(config, "w") as f:
                f.write(f'[cache]\ndirectory = "{tmp}/wasmtime-cache"\n')
            argv = [wasmtime, "run", "-C", f"cache-config={config}", "--invoke", 'hello("bob")',
                    f"{PAIR}/composed.wasm"]
            rows["wasmtime"] = {"warm: load + link + first call": median_ms(argv, os.environ, RUNS)}
    cases = list(next(iter(rows.values())).keys())
    print("| case | " + " | ".join(rows) + " |")
    print("| --- |" + " --- |" * len(rows))
    for case in cases:
        cells = [
            "{:.1f} ms wall, {:.1f} ms CPU".format(*rows[n][case]) if case in rows[n] else ""
            for n in rows
        ]
        print(f"| {case} | " + " | ".join(cells) + " |")
    for name, note in notes.items():
        print(f"{name}: `count(\"c\", 3, 2)` (a resource across the link): {note}")


if __name__ == "__main__":
    main()
