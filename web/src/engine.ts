// The Rust engine (web/crate, wavecall-abi compiled to WebAssembly) behind a typed call.

import init, { explain } from "../pkg/wavecall_playground.js";
import type { Answer } from "./model.js";

export interface Inputs {
  wit: string;
  world: string;
  call: string;
  result: string;
  base: string;
  encoding: string;
}

/// Fetches and compiles the engine; once this resolves, nothing else is fetched.
export async function load(): Promise<void> {
  await init({ module_or_path: new URL("wavecall_playground_bg.wasm", document.baseURI) });
}

export function run(inputs: Inputs): Answer {
  const out = explain(inputs.wit, inputs.world, inputs.call, inputs.result, inputs.base, inputs.encoding);
  try {
    const answer: Answer = {};
    if (out.explanation !== undefined) answer.explanation = JSON.parse(out.explanation);
    if (out.text !== undefined) answer.text = out.text;
    if (out.view !== undefined) answer.view = JSON.parse(out.view);
    if (out.error !== undefined) answer.error = JSON.parse(out.error);
    return answer;
  } finally {
    out.free();
  }
}
