// The playground's engine in Node: the same wasm file the page loads, with its glue.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { explain, initSync } from "../pkg/wavecall_playground.js";

export const WEB = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(WEB);

initSync({ module: readFileSync(join(WEB, "dist", "wavecall_playground_bg.wasm")) });

/// The engine's answer, its explanation left as the JSON text it produced.
export function engine({ wit, world = "", call, result = "", base = "65536", encoding = "utf8" }) {
  const out = explain(wit, world, call, result, base, encoding);
  try {
    return {
      explanation: out.explanation,
      view: out.view && JSON.parse(out.view),
      error: out.error && JSON.parse(out.error),
    };
  } finally {
    out.free();
  }
}
