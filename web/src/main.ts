// The playground page: inputs in, the explanation's views out, live as the learner types.

import { type Inputs, load, run } from "./engine.js";
import { EXAMPLES } from "./examples.js";
import { esc } from "./html.js";
import { grid, linkHover } from "./memory.js";
import type { Answer, Explanation, InputError } from "./model.js";
import { decode, encode } from "./share.js";
import * as views from "./views.js";

const byId = <T extends HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`)!;
const field = (id: keyof Inputs) => byId<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(id);
const INPUTS: (keyof Inputs)[] = ["wit", "world", "call", "result", "base", "encoding"];

/// What tests and the curious can read: how long updates take, in milliseconds.
interface Timing {
  /// From the first keystroke not yet shown to the start of the update (the debounce).
  waited: number;
  explain: number;
  render: number;
  /// From that keystroke to the next frame after the update: what the learner waits.
  total: number;
}
/// `idle`: every keystroke so far is on screen (tests wait for it).
const stats = { ready: false, idle: false, updates: 0, timings: [] as Timing[] };
(window as unknown as { __playground: typeof stats }).__playground = stats;

function inputs(): Inputs {
  const entries = INPUTS.map((key) => [key, field(key).value]);
  return Object.fromEntries(entries) as Inputs;
}

function fill(values: Partial<Inputs>) {
  for (const key of INPUTS) if (values[key] !== undefined) field(key).value = values[key]!;
}

// An update runs on the next turn of the event loop after a keystroke, so keystrokes that
// arrive together are shown once; when updates get slow (a large WIT, a long list), it
// waits for a pause in typing instead, about twice as long as the last update took.
let since: number | null = null;
let timer: number | undefined;
let lastCost = 0;
let typed = 0;

function schedule() {
  since ??= performance.now();
  typed++;
  stats.idle = false;
  clearTimeout(timer);
  const delay = lastCost > 30 ? Math.min(2 * lastCost, 250) : 0;
  timer = window.setTimeout(() => update(), delay);
}

function update(typing = true) {
  const start = performance.now();
  const first = since ?? start;
  const shown = typed;
  since = null;
  const current = inputs();
  const answer = run(current);
  const explained = performance.now();
  render(answer);
  history.replaceState(null, "", encode(current));
  const rendered = performance.now();
  // The first update also compiles the engine's code: it says nothing about the next.
  if (typing) lastCost = rendered - start;
  stats.updates++;
  // The frame after the update has been painted once a task queued from its callback runs.
  requestAnimationFrame(() => setTimeout(() => {
    stats.timings.push({
      waited: start - first,
      explain: explained - start,
      render: rendered - explained,
      total: performance.now() - first,
    });
    if (typed === shown) stats.idle = true;
  }));
}

function render(answer: Answer) {
  showError(answer.error);
  const ex = answer.explanation;
  document.body.classList.toggle("stale", ex === undefined);
  if (!ex) return;
  byId("summary").innerHTML = views.summary(ex);
  byId("signature").innerHTML = views.signature(ex.function);
  byId("layout").innerHTML = views.layout(ex.function);
  const view = answer.view!;
  if (ex.lowering) {
    byId("flat").innerHTML = views.flat(ex.lowering.flat, view.flat);
    byId("reallocs").innerHTML = views.reallocs(ex.lowering);
    byId("memory").innerHTML = grid(ex.lowering.memory, "a");
  } else {
    const why = `<p class="none">the lowering cannot be shown: ${esc(ex.lowering_error ?? "")}</p>`;
    for (const id of ["flat", "reallocs", "memory"]) byId(id).innerHTML = why;
  }
  renderLifting(ex, view.lifted_flat, answer.error);
  byId("text").textContent = answer.text ?? "";
}

function renderLifting(ex: Explanation, texts: string[], error: InputError | undefined) {
  const result = ex.function.result;
  const input = byId<HTMLInputElement>("result");
  input.disabled = result === null;
  input.placeholder = result ? `a ${result.wit} in WAVE` : "no result: nothing to lift";
  const lifting = ex.lifting;
  const target = byId("lifting");
  if (!lifting || error?.input === "result") {
    const hint = result ? "type a result above to see how the guest returned it" : "the function has no result";
    target.innerHTML = `<p class="none">${hint}</p>`;
    return;
  }
  const how = lifting.result_in_memory ? "a pointer: the result is in memory" : "the result flattened";
  const rules = lifting.rules.map((r) => `<li>${esc(r)}</li>`).join("");
  target.innerHTML = `
    <p class="note">Worked out from the value, by lowering it through the same simulator: the flat values
    and bytes are what the guest must have produced; the addresses are the simulator's.</p>
    <h4>core result (${how})</h4><div data-testid="lifted-flat">${views.flat(lifting.flat, texts)}</div>
    <div data-testid="lifted-memory" class="memory">${grid(lifting.memory, "r")}</div>
    ${rules ? `<h4>lifting rules that apply</h4><ul>${rules}</ul>` : ""}`;
}

function showError(error: InputError | undefined) {
  const box = byId("error");
  for (const key of INPUTS) field(key).classList.toggle("invalid", error?.input === key);
  if (!error) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  // The error sits under the input it is about, as the command line prints it.
  document.getElementById(`slot-${error.input}`)!.append(box);
  box.hidden = false;
  box.dataset.input = error.input;
  box.textContent = error.text;
}

async function main() {
  const select = byId<HTMLSelectElement>("examples");
  select.innerHTML = EXAMPLES.map((e, i) => `<option value="${i}">${esc(e.name)}</option>`).join("");
  select.addEventListener("change", () => {
    const example = EXAMPLES[Number(select.value)];
    fill({ wit: example.wit, world: "", call: example.call, result: example.result });
    schedule();
  });
  const shared = decode(location.hash);
  const first = EXAMPLES[0];
  fill(shared ?? { wit: first.wit, call: first.call, result: first.result });
  for (const key of INPUTS) field(key).addEventListener("input", schedule);
  byId("share").addEventListener("click", async () => {
    await navigator.clipboard?.writeText(location.href).catch(() => {});
    byId("share").textContent = "link copied";
  });
  linkHover(byId("memory"));
  linkHover(byId("lifting"));
  await load();
  update(false);
  stats.ready = true;
}

main().catch((err) => {
  const box = byId("error");
  box.hidden = false;
  box.textContent = `error: the playground could not start: ${err}`;
});
