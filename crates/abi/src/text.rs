//! The text view: every part of an explanation rendered for people through `Display`. The
//! JSON view is the `Serialize` implementation beside each type, with the same fields.

use std::fmt::{self, Display, Formatter, Write as _};

use crate::{
    CallLowering, CoreSignature, CoreType, Direction, Explanation, FlatValue, FunctionAbi,
    MemoryBlock, POST_RETURN, ResultLifting, Shape, StringEncoding, TypeLayout,
};

impl Display for CoreType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CoreType::I32 => "i32",
            CoreType::I64 => "i64",
            CoreType::F32 => "f32",
            CoreType::F64 => "f64",
        })
    }
}

impl Display for StringEncoding {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StringEncoding::Utf8 => "utf-8",
            StringEncoding::Utf16 => "utf-16",
            StringEncoding::CompactUtf16 => "latin1+utf-16",
        })
    }
}

fn core_list(types: &[CoreType]) -> String {
    let names: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    format!("[{}]", names.join(", "))
}

fn write_layout(out: &mut String, label: &str, layout: &TypeLayout, depth: usize) {
    let pad = "  ".repeat(depth);
    let _ = writeln!(
        out,
        "{pad}{label}{} (size {}, align {}, flat {})",
        layout.wit,
        layout.size,
        layout.align,
        core_list(&layout.flat)
    );
    let pad = "  ".repeat(depth + 1);
    match &layout.shape {
        Shape::Scalar => {}
        Shape::Char => {
            let _ = writeln!(out, "{pad}a Unicode scalar value stored as its code point");
        }
        Shape::String { encoding } => {
            let _ = writeln!(
                out,
                "{pad}pointer at +0, length at +4, counted in {encoding} code units"
            );
        }
        Shape::Record { fields } | Shape::Tuple { fields } => {
            for field in fields {
                let label = format!("+{} {}: ", field.offset, field.name);
                write_layout(out, &label, &field.layout, depth + 1);
            }
        }
        Shape::Variant {
            discriminant_size,
            payload_offset,
            cases,
        } => {
            let _ = writeln!(
                out,
                "{pad}discriminant: {discriminant_size} byte{} at +0; payload at +{payload_offset}",
                if *discriminant_size == 1 { "" } else { "s" }
            );
            for case in cases {
                match &case.payload {
                    Some(payload) => {
                        let label = format!("case {} {}: ", case.discriminant, case.name);
                        write_layout(out, &label, payload, depth + 1);
                    }
                    None => {
                        let _ = writeln!(
                            out,
                            "{pad}case {} {}: no payload",
                            case.discriminant, case.name
                        );
                    }
                }
            }
        }
        Shape::Flags { flags } => {
            for flag in flags {
                let _ = writeln!(
                    out,
                    "{pad}{}: byte {} bit {} (flat i32 #{} bit {})",
                    flag.name, flag.byte, flag.byte_bit, flag.flat_index, flag.flat_bit
                );
            }
        }
        Shape::List { element } => {
            let _ = writeln!(
                out,
                "{pad}pointer at +0, element count at +4; elements {} bytes apart",
                element.size
            );
            write_layout(out, "element: ", element, depth + 1);
        }
        Shape::FixedList { length, element } => {
            let _ = writeln!(out, "{pad}{length} elements stored in place");
            write_layout(out, "element: ", element, depth + 1);
        }
        Shape::Map {
            key,
            value,
            value_offset,
            entry_size,
        } => {
            let _ = writeln!(
                out,
                "{pad}pointer at +0, entry count at +4; {entry_size}-byte entries, value at \
                 +{value_offset}"
            );
            write_layout(out, "key: ", key, depth + 1);
            write_layout(out, "value: ", value, depth + 1);
        }
        Shape::Handle => {
            let _ = writeln!(out, "{pad}an index into a table of the instance");
        }
        Shape::Resource => {
            let _ = writeln!(
                out,
                "{pad}a resource type: only handles to it (`own`, `borrow`) are passed, as i32 \
                 table indices"
            );
        }
    }
}

fn write_signature(out: &mut String, sig: &CoreSignature) {
    let title = match sig.direction {
        Direction::Lift => "canon lift (the core export the host calls)",
        Direction::Lower => "canon lower (the core import a guest calls)",
    };
    let params: Vec<String> = sig.params.iter().map(|t| t.to_string()).collect();
    let results: Vec<String> = sig.results.iter().map(|t| t.to_string()).collect();
    let mut func = String::from("(func");
    if !params.is_empty() {
        let _ = write!(func, " (param {})", params.join(" "));
    }
    if !results.is_empty() {
        let _ = write!(func, " (result {})", results.join(" "));
    }
    func.push(')');
    let _ = writeln!(out, "{title}\n  {func}");
    let _ = writeln!(out, "  parameters: {}", sig.params_reason);
    let _ = writeln!(out, "  result: {}", sig.result_reason);
}

impl Display for FunctionAbi {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "function `{}` (strings: {})\n",
            self.name, self.string_encoding
        );
        let _ = writeln!(out, "parameters");
        if self.params.is_empty() {
            let _ = writeln!(out, "  (none)");
        }
        for param in &self.params {
            write_layout(&mut out, &format!("{}: ", param.name), &param.layout, 1);
        }
        let _ = writeln!(out, "\nresult");
        match &self.result {
            Some(result) => write_layout(&mut out, "", result, 1),
            None => {
                let _ = writeln!(out, "  (none)");
            }
        }
        out.push('\n');
        write_signature(&mut out, &self.lift);
        out.push('\n');
        write_signature(&mut out, &self.lower);
        f.write_str(&out)
    }
}

/// The value of a flat core value as a learner reads it: small `i32`s in decimal, the rest
/// with their bits in hex too, floats as numbers.
impl Display for FlatValue {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let bits = self.bits;
        let text = match self.ty {
            CoreType::I32 => {
                let bits = bits as u32;
                if bits as i32 >= 0 && bits < 0x1_0000 {
                    format!("{bits}")
                } else {
                    format!("{} ({bits:#010x})", bits as i32)
                }
            }
            CoreType::I64 => format!("{} ({bits:#018x})", bits as i64),
            CoreType::F32 => format!("{} ({bits:#010x})", f32::from_bits(bits as u32)),
            CoreType::F64 => format!("{} ({bits:#018x})", f64::from_bits(bits)),
        };
        f.pad(&text)
    }
}

impl Display for CallLowering {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "lowering the arguments of `{}` (allocator base {:#x}, strings: {})\n",
            self.function, self.options.base, self.options.string_encoding
        );
        let how = if self.params_in_memory {
            "one pointer to the arguments in memory"
        } else {
            "the arguments flattened"
        };
        let _ = writeln!(out, "core parameters ({how})");
        if self.flat.is_empty() {
            let _ = writeln!(out, "  (none)");
        }
        write_flat(&mut out, &self.flat);
        let _ = writeln!(
            out,
            "\ncabi_realloc calls (old ptr, old size, align, new size)"
        );
        if self.reallocs.is_empty() {
            let _ = writeln!(out, "  (none: nothing needs memory)");
        }
        for (i, r) in self.reallocs.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. cabi_realloc({:#x}, {}, {}, {}) -> {:#x}  {}",
                i + 1,
                r.old_ptr,
                r.old_size,
                r.align,
                r.new_size,
                r.ret,
                r.purpose
            );
        }
        if !self.memory.is_empty() {
            let _ = writeln!(out, "\nmemory written (.. = not written)");
        }
        write_blocks(&mut out, &self.memory);
        let _ = writeln!(out, "\nallocator end: {:#x}", self.end);
        f.write_str(&out)
    }
}

fn write_flat(out: &mut String, flat: &[FlatValue]) {
    for (i, v) in flat.iter().enumerate() {
        let path = if v.path.is_empty() { "-" } else { &v.path };
        let _ = writeln!(out, "  #{i:<2} {} {:<24} {path:<16} {}", v.ty, v, v.note);
    }
}

/// An annotated hex dump of `blocks`, eight bytes a line, each span labelled.
fn write_blocks(out: &mut String, blocks: &[MemoryBlock]) {
    for block in blocks {
        let _ = writeln!(
            out,
            "  block {:#x}, {} byte{}, align {}: {}",
            block.addr,
            block.bytes.len(),
            if block.bytes.len() == 1 { "" } else { "s" },
            block.align,
            block.purpose
        );
        for span in &block.spans {
            let start = (span.addr - block.addr) as usize;
            let end = (start + span.len as usize).min(block.bytes.len());
            let bytes = block.bytes.get(start..end).unwrap_or_default();
            for (n, chunk) in bytes.chunks(8).enumerate() {
                let hex: Vec<String> = chunk
                    .iter()
                    .map(|b| b.map_or("..".to_string(), |b| format!("{b:02x}")))
                    .collect();
                let label = if n == 0 {
                    let path = if span.path.is_empty() { "" } else { &span.path };
                    format!("{path:<16} {}", span.note)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "    {:#010x}  {:<23}  {}",
                    span.addr as usize + 8 * n,
                    hex.join(" "),
                    label.trim_end()
                );
            }
        }
    }
}

impl Display for ResultLifting {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        let Some(result) = &self.result else {
            return writeln!(
                f,
                "`{}` has no result: no core result, nothing to lift",
                self.function
            );
        };
        let _ = writeln!(
            out,
            "lifting the result of `{}` (`{result}`)\n\n\
             Worked out from the value Wasmtime lifted, by lowering it through the same\n\
             simulator: the flat values and bytes are what the guest must have produced;\n\
             the addresses are the simulator's, the guest chose its own.\n",
            self.function
        );
        if self.result_in_memory {
            let _ = writeln!(out, "core result (a pointer: the result is in memory)");
        } else {
            let _ = writeln!(out, "core result (the result flattened)");
        }
        write_flat(&mut out, &self.flat);
        if !self.memory.is_empty() {
            let _ = writeln!(
                out,
                "\nmemory the guest wrote, placed from {:#x} (.. = not read: padding, or room \
                 for a larger case)",
                self.options.base
            );
            write_blocks(&mut out, &self.memory);
        }
        if !self.rules.is_empty() {
            let _ = writeln!(out, "\nlifting rules that apply");
            for rule in &self.rules {
                let _ = writeln!(out, "  - {rule}");
            }
        }
        f.write_str(&out)
    }
}

impl Display for Explanation {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if !self.setup.is_empty() {
            writeln!(f, "calls made first")?;
            for setup in &self.setup {
                writeln!(f, "  {}\n    returned {}", setup.call, setup.result)?;
            }
            writeln!(f)?;
        }
        writeln!(f, "{}", self.function)?;
        match (&self.lowering, &self.lowering_error) {
            (Some(lowering), _) => writeln!(f, "{lowering}")?,
            (None, error) => writeln!(
                f,
                "the lowering cannot be shown: {}\n",
                error.as_deref().unwrap_or("no reason given")
            )?,
        }
        let (Some(target), Some(result)) = (&self.target, &self.result) else {
            return writeln!(f, "no call is made: `--wit` gives the types, not the code");
        };
        writeln!(
            f,
            "calling `{target}` through Wasmtime\n  returned {result}\n"
        )?;
        match (&self.lifting, &self.lifting_error) {
            (Some(lifting), _) => writeln!(f, "{lifting}")?,
            (None, error) => writeln!(
                f,
                "the lifting cannot be shown: {}\n",
                error.as_deref().unwrap_or("no reason given")
            )?,
        }
        writeln!(f, "{POST_RETURN}")
    }
}
