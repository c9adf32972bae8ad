// The page's state in the URL fragment: a link that reopens the same WIT, call and options.
// The fragment never reaches a server.

import type { Inputs } from "./engine.js";

const KEYS: (keyof Inputs)[] = ["wit", "world", "call", "result", "base", "encoding"];

export function encode(inputs: Inputs): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (inputs[key] !== "") params.set(key, inputs[key]);
  return "#" + params.toString();
}

/// The inputs a fragment holds; `null` when it holds none (a plain link to the page).
export function decode(hash: string): Partial<Inputs> | null {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  if (!params.has("wit") && !params.has("call")) return null;
  const inputs: Partial<Inputs> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null) inputs[key] = value;
  }
  return inputs;
}
