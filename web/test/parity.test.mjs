// The page's numbers come from the same engine as `wavecall explain --format json`: the
// same (WIT, call) vectors through the wasm engine and through the command line give the
// same JSON text, the same caret errors, and the same lifting of a result.
//
// WAVECALL_BIN names the wavecall binary and WAVECALL_FIXTURES the built fixture components
// (tests/playground.rs sets both).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT, engine } from "./engine.mjs";

const BIN = process.env.WAVECALL_BIN ?? join(ROOT, "target", "debug", "wavecall");

function wavecall(args) {
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.RUST_BACKTRACE;
  const out = spawnSync(BIN, args, { encoding: "utf8", env });
  if (out.error) throw new Error(`cannot run ${BIN}: ${out.error.message}`);
  return out;
}

const wit = (file) => readFileSync(join(ROOT, "wit", file), "utf8");

const VECTORS = [
  ["shapes.wit", "area(circle({radius: 1.0}))"],
  ["shapes.wit", "scale(rect({width: 2.0, height: 0.5}), 3.0)", "0x403", "utf16"],
  ["echo.wit", 'greet("hé", ["", "ab"])'],
  ["echo.wit", 'greet("日本", ["", "ab"])', "7", "latin1+utf16"],
  ["echo.wit", 'greet("ÿ", ["ab"])', "0x10", "latin1+utf16"],
  ["echo.wit", "many(18446744073709551615, 255, (1.5, -0.0, '😀', true), some(-2), err(\"x\"), [1, 2], -9223372036854775808, 1, 2, 3, 4)"],
  ["types.wit", 'countdown("hé", 3)', "0x403", "utf16"],
  ["types.wit", "echo-u64(18446744073709551615)"],
  ["types.wit", "echo-f64(nan)"],
  ["types.wit", "echo-mixed(double(-1.5))"],
  ["types.wit", "echo-many({b1, b32})"],
  ["types.wit", "echo-perms({read, exec})"],
  ["types.wit", "echo-keywords({%true: 1, %none: false, %inf: inf})"],
  ["types.wit", 'echo-person({name: "Ada", age: 36})'],
  ["types.wit", "echo-nested-list([[1], [], [2, 3]])"],
  ["types.wit", "count-some(some(1))"],
  ["types.wit", "nothing()"],
  ["many-params.wit", 'mixed(1, "a", 2, "bc", 3.5, "", true, "d", -5, "é", 7, "f")'],
  ["many-params.wit", "sum17(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)", "4294967000"],
  ["resources.wit", "consume(counter(0))"],
];

test("the engine's explanation is `wavecall explain --format json`, byte for byte", () => {
  for (const [file, call, base = "65536", encoding = "utf8"] of VECTORS) {
    const cli = wavecall(["explain", "--format", "json", "--base", base, "--string-encoding", encoding,
      "--wit", join(ROOT, "wit", file), "--invoke", call]);
    assert.equal(cli.status, 0, `${file} ${call}: ${cli.stderr}`);
    const page = engine({ wit: wit(file), call, base, encoding });
    assert.equal(page.error, undefined, `${file} ${call}: ${page.error?.text}`);
    assert.equal(page.explanation, cli.stdout.trimEnd(), `${file} ${call}`);
  }
});

// Errors in the values of a call: the command line checks them with the same converter.
const BAD_CALLS = [
  ["shapes.wit", 'area(circle({radius: "big"}))'],
  ["shapes.wit", "area(circle({radius: 1.0})"],
  ["shapes.wit", "area(circle({radius: 1.0, colour: 2}))"],
  ["shapes.wit", "area(circel({radius: 1.0}))"],
  ["echo.wit", 'greet("日本", ["ab", 3])'],
  ["types.wit", "echo-u8(300)"],
  ["types.wit", "echo-u8(0xff)"],
  ["types.wit", "echo-char('ab')"],
  ["types.wit", "countdown"],
];

test("errors in a call are the command line's, caret and hints included", () => {
  for (const [file, call] of BAD_CALLS) {
    const cli = wavecall(["explain", "--wit", join(ROOT, "wit", file), "--invoke", call]);
    assert.equal(cli.status, 2, `${call}: ${cli.stderr}`);
    const page = engine({ wit: wit(file), call });
    assert.equal(page.explanation, undefined, call);
    assert.equal(page.error.input, "call", call);
    assert.equal(page.error.text, cli.stderr, call);
  }
});

test("an error's span is in UTF-16 code units, for the page's text fields", () => {
  const call = 'greet("日本😀", ["ab", 3])';
  const page = engine({ wit: wit("echo.wit"), call });
  const [start, end] = page.error.span;
  assert.equal(call.slice(start, end), "3");
});

test("WIT errors point at the line, as wit-parser says", () => {
  const page = engine({ wit: "package a:b;\nworld w {\n  export f: func(x: u33);\n}\n", call: "f(1)" });
  assert.equal(page.error.input, "wit");
  assert.equal(page.error.line, 3);
  assert.match(page.error.text, /^error: failed to read the WIT\n\nCaused by:\n/);
  assert.match(page.error.text, /input\.wit:3:/);
});

test("bad options are errors about the option", () => {
  const base = engine({ wit: wit("shapes.wit"), call: "area(point)", base: "0x1_0000_0000" });
  assert.equal(base.error.input, "base");
  assert.equal(base.error.text, "error: expected an address below 2^32 such as `65536` or `0x10000`\n");
  const past = engine({ wit: wit("echo.wit"), call: 'greet("abc", [])', base: "0xfffffffe" });
  assert.equal(past.error.input, "base");
  assert.match(past.error.text, /past 0xffffffff/);
});

// The lifting of a result the learner types is the lifting `wavecall explain --invoke`
// shows for a real call that returned that value.
const LIFTED = [
  ["shapes", "scale(rect({width: 1.0, height: 2.0}), 0.5)"],
  ["shapes", "area(circle({radius: 1.0}))"],
  ["types", 'countdown("hé", 3)'],
  ["types", 'swap("ab", 7)'],
  ["types", 'echo-result(err("no"))'],
  ["types", "echo-option-option(some(none))"],
];

test("a typed result is lifted as the command line lifts the real one", (t) => {
  const fixtures = process.env.WAVECALL_FIXTURES;
  if (!fixtures) return t.skip("WAVECALL_FIXTURES is not set (tests/playground.rs sets it)");
  for (const [name, call] of LIFTED) {
    const cli = wavecall(["explain", "--format", "json", "--invoke", call, join(fixtures, `${name}.wasm`)]);
    assert.equal(cli.status, 0, `${call}: ${cli.stderr}`);
    const real = JSON.parse(cli.stdout);
    const page = engine({ wit: wit(`${name}.wit`), call, result: real.result });
    assert.equal(page.error, undefined, `${call}: ${page.error?.text}`);
    assert.deepEqual(JSON.parse(page.explanation).lifting, real.lifting, call);
  }
});
