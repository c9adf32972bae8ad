//! The tables of the text view: columns as wide as their content, a cell too wide for its
//! column on a line of its own with the rest of the row below it, aligned.

use unicode_width::UnicodeWidthStr;

use super::{Out, TextStyle};
use crate::{CallLowering, FlatValue, MemoryBlock};

/// Widest a path or a value column grows; a longer cell gets a line of its own.
const CAP: usize = 28;
/// No limit.
const FREE: usize = usize::MAX;
/// Space between columns.
const GAP: usize = 2;

/// One cell of a table.
pub(super) struct Cell {
    text: String,
    style: TextStyle,
}

impl Cell {
    fn new(text: impl Into<String>) -> Cell {
        Cell::styled(text, TextStyle::Plain)
    }

    fn styled(text: impl Into<String>, style: TextStyle) -> Cell {
        Cell {
            text: text.into(),
            style,
        }
    }
}

/// A row of a table: cells in columns, or a line of its own (a block's heading in a dump).
pub(super) enum Row {
    Cells(Vec<Cell>),
    Line(String),
}

/// Writes `rows` indented by `indent` columns. Every column but the last is as wide as its
/// widest cell, up to `caps[column]` (no limit past the end of `caps`); the last is free
/// text.
fn table(out: &mut Out<'_>, indent: usize, caps: &[usize], rows: &[Row]) {
    let cells = || {
        rows.iter().filter_map(|row| match row {
            Row::Cells(cells) => Some(cells),
            Row::Line(_) => None,
        })
    };
    let columns = cells().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; columns.saturating_sub(1)];
    for row in cells() {
        // A cell wider than its cap wraps instead of widening its column.
        for (c, (width, cell)) in widths.iter_mut().zip(row).enumerate() {
            if cell.text.width() <= caps.get(c).copied().unwrap_or(usize::MAX) {
                *width = (*width).max(cell.text.width());
            }
        }
    }
    for row in rows {
        let row = match row {
            Row::Line(text) => {
                out.line(text);
                continue;
            }
            Row::Cells(row) => row,
        };
        let mut line: Vec<(TextStyle, String)> = vec![(TextStyle::Plain, " ".repeat(indent))];
        let mut at = indent;
        let mut start = indent;
        for (c, cell) in row.iter().enumerate() {
            if at < start {
                line.push((TextStyle::Plain, " ".repeat(start - at)));
                at = start;
            }
            line.push((cell.style, cell.text.clone()));
            at += cell.text.width();
            let Some(width) = widths.get(c) else { break };
            start += width + GAP;
            if at > start - GAP && c + 1 < row.len() {
                // Too wide: the rest of the row goes on the next line, at its columns.
                flush(out, &mut line);
                at = 0;
            }
        }
        flush(out, &mut line);
    }
}

/// Writes a line without trailing spaces.
fn flush(out: &mut Out<'_>, line: &mut Vec<(TextStyle, String)>) {
    while let Some((_, text)) = line.last_mut() {
        let trimmed = text.trim_end().len();
        if trimmed > 0 {
            text.truncate(trimmed);
            break;
        }
        line.pop();
    }
    for (style, text) in line.drain(..) {
        out.styled(style, &text);
    }
    out.text("\n");
}

/// One line per flat core value: index, type, value, what it carries, how it came about.
pub(super) fn flat(out: &mut Out<'_>, flat: &[FlatValue]) {
    let rows: Vec<Row> = flat
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let path = if v.path.is_empty() { "-" } else { &v.path };
            Row::Cells(vec![
                Cell::new(format!("#{i}")),
                Cell::new(v.ty.to_string()),
                Cell::new(v.to_string()),
                Cell::new(path),
                Cell::new(v.note.clone()),
            ])
        })
        .collect();
    table(out, 2, &[FREE, FREE, CAP, CAP], &rows);
}

/// The `cabi_realloc` calls in order, their purposes aligned.
pub(super) fn reallocs(out: &mut Out<'_>, lowering: &CallLowering) {
    let rows: Vec<Row> = lowering
        .reallocs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Row::Cells(vec![
                Cell::new(format!("{}.", i + 1)),
                Cell::new(format!(
                    "cabi_realloc({:#x}, {}, {}, {}) -> {:#x}",
                    r.old_ptr, r.old_size, r.align, r.new_size, r.ret
                )),
                Cell::new(r.purpose.clone()),
            ])
        })
        .collect();
    table(out, 2, &[], &rows);
}

/// An annotated hex dump of `blocks`, up to eight bytes a line: each field's bytes and its
/// label in the field's style, bytes nobody wrote as `..` in their own.
pub(super) fn blocks(out: &mut Out<'_>, blocks: &[MemoryBlock]) {
    let mut rows = Vec::new();
    for block in blocks {
        let count = block.bytes.len();
        rows.push(Row::Line(format!(
            "  block {:#x}, {count} byte{}, align {}: {}",
            block.addr,
            if count == 1 { "" } else { "s" },
            block.align,
            block.purpose
        )));
        let mut field = 0;
        for span in &block.spans {
            let start = (span.addr - block.addr) as usize;
            let end = (start + span.len as usize).min(count);
            let bytes = block.bytes.get(start..end).unwrap_or_default();
            let style = if span.path.is_empty() {
                TextStyle::Unwritten
            } else {
                field += 1;
                TextStyle::Field(field - 1)
            };
            for (n, chunk) in bytes.chunks(8).enumerate() {
                let hex: Vec<String> = chunk
                    .iter()
                    .map(|b| b.map_or("..".to_string(), |b| format!("{b:02x}")))
                    .collect();
                let mut row = vec![
                    Cell::new(format!("{:#010x}", span.addr as usize + 8 * n)),
                    Cell::styled(hex.join(" "), style),
                ];
                // Bytes nobody wrote have no label: the dump's heading says what `..` is.
                if n == 0 && !span.path.is_empty() {
                    row.extend([
                        Cell::styled(span.path.clone(), style),
                        Cell::new(span.note.clone()),
                    ]);
                }
                rows.push(Row::Cells(row));
            }
        }
    }
    table(out, 4, &[FREE, FREE, CAP], &rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(rows: &[Row]) -> String {
        let mut text = String::new();
        table(&mut Out::new(&mut text), 2, &[FREE, FREE, CAP], rows);
        text
    }

    #[test]
    fn columns_fit_their_content_and_long_cells_wrap() {
        let row = |cells: &[&str]| Row::Cells(cells.iter().map(|c| Cell::new(*c)).collect());
        let long = "result.very-long-field-name.another-long-name";
        let text = render(&[
            row(&["#0", "i32", "a", "note one"]),
            row(&["#1", "f32", "bb", ""]),
            row(&["#2", "i32", long, "note three"]),
        ]);
        assert_eq!(
            text,
            format!(
                "  #0  i32  a   note one\n  #1  f32  bb\n  #2  i32  {long}\n               note three\n"
            )
        );
    }
}
