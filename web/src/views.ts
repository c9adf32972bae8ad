// The views of an explanation that are tables and lists: the summary, the core signatures,
// the layout, the flat values and the cabi_realloc calls.

import { esc, hex } from "./html.js";
import type { CallLowering, CoreSignature, Explanation, FlatValue, FunctionAbi, TypeLayout } from "./model.js";

export function wat(sig: CoreSignature): string {
  let text = "(func";
  if (sig.params.length) text += ` (param ${sig.params.join(" ")})`;
  if (sig.results.length) text += ` (result ${sig.results.join(" ")})`;
  return text + ")";
}

function yesNo(value: boolean): string {
  return `<b class="${value ? "yes" : "no"}">${value ? "yes" : "no"}</b>`;
}

/// The short summary the page leads with.
export function summary(ex: Explanation): string {
  const lift = ex.function.lift;
  const parts = [
    `<code>${esc(wat(lift))}</code>`,
    `parameters spilled to memory: ${yesNo(lift.params_in_memory)}`,
    `result in memory: ${yesNo(lift.result_in_memory)}`,
  ];
  const lowering = ex.lowering;
  if (lowering) {
    const written = lowering.memory.reduce((n, b) => n + b.bytes.filter((x) => x !== null).length, 0);
    parts.push(`${written} byte${written === 1 ? "" : "s"} written`);
    parts.push(`${lowering.reallocs.length} <code>cabi_realloc</code> call${lowering.reallocs.length === 1 ? "" : "s"}`);
  }
  return parts.join(" · ");
}

export function signature(abi: FunctionAbi): string {
  const block = (sig: CoreSignature, title: string) => `
    <div class="sig" data-direction="${sig.direction}">
      <h4>${title}</h4>
      <pre>${esc(wat(sig))}</pre>
      <p>parameters: ${esc(sig.params_reason)} <span class="badge ${sig.params_in_memory ? "spill" : "flat"}">${sig.params_in_memory ? "spilled" : "flat"}</span></p>
      <p>result: ${esc(sig.result_reason)} <span class="badge ${sig.result_in_memory ? "spill" : "flat"}">${sig.result_in_memory ? "in memory" : "flat"}</span></p>
    </div>`;
  return (
    block(abi.lift, "canon lift: the core export the host calls") +
    block(abi.lower, "canon lower: the core import a guest calls")
  );
}

/// The encoding as `wavecall explain` writes it.
function encodingName(encoding: string | undefined): string {
  return { utf8: "utf-8", utf16: "utf-16", "latin1+utf16": "latin1+utf-16" }[encoding ?? ""] ?? encoding ?? "";
}

interface Row {
  depth: number;
  label: string;
  offset: string;
  layout?: TypeLayout;
  size?: number;
  note?: string;
}

function layoutRows(rows: Row[], label: string, offset: string, layout: TypeLayout, depth: number) {
  rows.push({ depth, label, offset, layout });
  const inner = depth + 1;
  switch (layout.kind) {
    case "record":
    case "tuple":
      for (const f of layout.fields ?? []) layoutRows(rows, f.name, `+${f.offset}`, f.layout, inner);
      break;
    case "variant":
      rows.push({ depth: inner, label: "discriminant", offset: "+0", size: layout.discriminant_size, note: "the case number" });
      for (const c of layout.cases ?? []) {
        const name = `case ${c.discriminant} ${c.name}`;
        if (c.payload) layoutRows(rows, name, `+${layout.payload_offset}`, c.payload, inner);
        else rows.push({ depth: inner, label: name, offset: "", note: "no payload" });
      }
      break;
    case "string":
      rows.push({ depth: inner, label: "pointer", offset: "+0", size: 4 });
      rows.push({ depth: inner, label: "length", offset: "+4", size: 4, note: `in ${encodingName(layout.encoding)} code units` });
      break;
    case "list":
    case "map":
      rows.push({ depth: inner, label: "pointer", offset: "+0", size: 4 });
      rows.push({ depth: inner, label: "count", offset: "+4", size: 4 });
      if (layout.element) layoutRows(rows, "element", "", layout.element, inner);
      if (layout.key) layoutRows(rows, "key", "+0", layout.key, inner);
      if (layout.value) layoutRows(rows, "value", `+${layout.value_offset}`, layout.value, inner);
      break;
    case "fixed-list":
      if (layout.element) layoutRows(rows, `element × ${layout.length}`, "", layout.element, inner);
      break;
    case "flags":
      for (const f of layout.flags ?? [])
        rows.push({ depth: inner, label: f.name, offset: `+${f.byte}`, note: `bit ${f.byte_bit} (flat i32 #${f.flat_index} bit ${f.flat_bit})` });
      break;
  }
}

export function layout(abi: FunctionAbi): string {
  const rows: Row[] = [];
  for (const p of abi.params) layoutRows(rows, p.name, "", p.layout, 0);
  if (abi.result) layoutRows(rows, "result", "", abi.result, 0);
  const body = rows
    .map((r) => {
      const l = r.layout;
      const name = `<span class="indent" style="--depth:${r.depth}">${esc(r.label)}</span>`;
      return `<tr class="depth-${Math.min(r.depth, 3)}">
        <td>${name}</td><td><code>${l ? esc(l.wit) : ""}</code></td><td>${esc(r.offset)}</td>
        <td>${l ? l.size : r.size ?? ""}</td><td>${l ? l.align : ""}</td>
        <td>${l ? esc(l.flat.join(" ")) : esc(r.note ?? "")}</td></tr>`;
    })
    .join("");
  return `<table><thead><tr><th>name</th><th>type</th><th>offset</th><th>size</th><th>align</th><th>flat / note</th></tr></thead><tbody>${body}</tbody></table>`;
}

export function flat(values: FlatValue[], texts: string[]): string {
  if (!values.length) return `<p class="none">no core values</p>`;
  const rows = values
    .map(
      (v, i) => `<tr data-path="${esc(v.path)}"><td>#${i}</td><td>${v.ty}</td><td class="value"><code>${esc(texts[i] ?? "")}</code></td>
        <td><code>${esc(v.path || "-")}</code></td><td>${esc(v.note)}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>#</th><th>type</th><th>value</th><th>carries</th><th>how</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function reallocs(lowering: CallLowering): string {
  if (!lowering.reallocs.length) return `<p class="none">no calls: nothing needs memory</p>`;
  const items = lowering.reallocs
    .map(
      (r) => `<li><code>cabi_realloc(${hex(r.old_ptr)}, ${r.old_size}, ${r.align}, ${r.new_size}) → ${hex(r.ret)}</code>
        <span class="purpose">${esc(r.purpose)}</span></li>`,
    )
    .join("");
  return `<ol>${items}</ol><p class="end">allocator end: <code>${hex(lowering.end)}</code></p>`;
}
