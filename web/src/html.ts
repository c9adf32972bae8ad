// HTML built as text: every piece of user or engine text goes through `esc`.

export function esc(text: string | number): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function hex(n: number): string {
  return "0x" + n.toString(16);
}
