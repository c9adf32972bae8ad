// The memory as a hex grid: each field's bytes share a colour with its label, bytes nobody
// wrote are marked as padding, and hovering a byte or a label highlights the other.

import { esc, hex } from "./html.js";
import type { MemoryBlock } from "./model.js";

/// Bytes shown at most; a larger value is summarised.
const MAX_BYTES = 4096;
const ROW = 8;
const COLOURS = 10;

export function grid(blocks: MemoryBlock[], prefix: string): string {
  const shown = blocks.filter((b) => b.bytes.length > 0);
  if (!shown.length) return `<p class="none">no memory: every value travels in core values</p>`;
  let budget = MAX_BYTES;
  let colour = 0;
  const out: string[] = [];
  for (const [b, block] of shown.entries()) {
    if (budget <= 0) {
      const rest = shown.slice(b).reduce((n, x) => n + x.bytes.length, 0);
      out.push(`<p class="none">… ${rest} more bytes in ${shown.length - b} blocks not shown</p>`);
      break;
    }
    // Which span, and so which colour, each byte of the block belongs to.
    const owner: number[] = new Array(block.bytes.length).fill(-1);
    const fields: { id: string; cls: string }[] = [];
    const legend: string[] = [];
    for (const [s, span] of block.spans.entries()) {
      const id = `${prefix}${b}-${s}`;
      const padding = span.path === "";
      const cls = padding ? "padding" : `c${colour++ % COLOURS}`;
      for (let i = 0; i < span.len; i++) owner[span.addr - block.addr + i] = s;
      const range = span.len > 1 ? `${hex(span.addr)}–${hex(span.addr + span.len - 1)}` : hex(span.addr);
      legend.push(
        `<li class="field ${cls}" data-span="${id}"><span class="swatch"></span><code>${range}</code> ` +
          `<b>${esc(span.path || "padding")}</b> ${esc(span.note)}</li>`,
      );
      fields.push({ id, cls });
    }
    const cells: string[] = [];
    const first = block.addr - (block.addr % ROW);
    const limit = Math.min(block.bytes.length, budget);
    budget -= limit;
    for (let row = first; row < block.addr + limit; row += ROW) {
      cells.push(`<span class="addr">${hex(row).padStart(10, " ")}</span>`);
      for (let addr = row; addr < row + ROW; addr++) {
        const i = addr - block.addr;
        if (i < 0 || i >= limit) {
          cells.push(`<span class="cell outside"></span>`);
          continue;
        }
        const byte = block.bytes[i];
        const field = fields[owner[i]] ?? { id: "", cls: "padding" };
        const text = byte === null ? ".." : byte.toString(16).padStart(2, "0");
        const cls = byte === null ? "padding" : field.cls;
        cells.push(`<span class="cell byte ${cls}" data-addr="${addr}" data-span="${field.id}">${text}</span>`);
      }
    }
    const more = limit < block.bytes.length ? `<p class="none">… ${block.bytes.length - limit} more bytes not shown</p>` : "";
    out.push(`<section class="block">
      <h4>block <code>${hex(block.addr)}</code>, ${block.bytes.length} byte${block.bytes.length === 1 ? "" : "s"}, align ${block.align}: ${esc(block.purpose)}</h4>
      <div class="hexgrid">${cells.join("")}</div>${more}
      <ul class="legend">${legend.join("")}</ul></section>`);
  }
  return out.join("");
}

/// Hovering a byte or a label highlights every element of the same field in `root`.
export function linkHover(root: HTMLElement): void {
  let lit: Element[] = [];
  const clear = () => {
    for (const el of lit) el.classList.remove("hl");
    lit = [];
  };
  root.addEventListener("mouseover", (event) => {
    const target = (event.target as Element).closest("[data-span]");
    const id = target?.getAttribute("data-span");
    clear();
    if (!id) return;
    lit = Array.from(root.querySelectorAll(`[data-span="${CSS.escape(id)}"]`));
    for (const el of lit) el.classList.add("hl");
  });
  root.addEventListener("mouseleave", clear);
}
