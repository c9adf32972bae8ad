#!/usr/bin/env python3
"""Writes the spec-mode benchmark: N tests `add(i, 1)` expecting `i + 1`, against
bench/add.wat, one file per instance mode (docs/benchmarks.md).

    bench/spec.py DIR [N]     # writes DIR/fresh.toml and DIR/shared.toml, N = 10000
"""
import json
import os
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
component = os.path.join(os.path.dirname(os.path.abspath(__file__)), "add.wat")
os.makedirs(out, exist_ok=True)
for instance in ("fresh", "shared"):
    lines = [f"component = {json.dumps(component)}", f'instance = "{instance}"', ""]
    for i in range(n):
        lines += ["[[test]]", f'call = "add({i}, 1)"', f'expect = "{i + 1}"', ""]
    with open(os.path.join(out, f"{instance}.toml"), "w") as f:
        f.write("\n".join(lines))
