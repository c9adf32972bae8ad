//! The layout and signature parts: sizes, alignments and offsets of the types, and the core
//! signatures of `canon lift` and `canon lower`.

use super::{Out, TextStyle};
use crate::{CoreSignature, CoreType, Direction, FunctionAbi, Shape, TypeLayout};

pub(super) fn core_list(types: &[CoreType]) -> String {
    let names: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    format!("[{}]", names.join(", "))
}

/// `(func (param i32 f32) (result f32))`.
pub(super) fn wat(sig: &CoreSignature) -> String {
    let join = |types: &[CoreType]| {
        let names: Vec<String> = types.iter().map(|t| t.to_string()).collect();
        names.join(" ")
    };
    let mut func = String::from("(func");
    if !sig.params.is_empty() {
        func.push_str(&format!(" (param {})", join(&sig.params)));
    }
    if !sig.results.is_empty() {
        func.push_str(&format!(" (result {})", join(&sig.results)));
    }
    func.push(')');
    func
}

pub(super) fn layout(abi: &FunctionAbi, out: &mut Out<'_>) {
    out.paragraph();
    out.heading("parameters");
    if abi.params.is_empty() {
        out.line("  (none)");
    }
    for param in &abi.params {
        type_layout(out, &format!("{}: ", param.name), &param.layout, 1);
    }
    out.paragraph();
    out.heading("result");
    match &abi.result {
        Some(result) => type_layout(out, "", result, 1),
        None => out.line("  (none)"),
    }
}

fn type_layout(out: &mut Out<'_>, label: &str, layout: &TypeLayout, depth: usize) {
    let pad = "  ".repeat(depth);
    out.line(&format!(
        "{pad}{label}{} (size {}, align {}, flat {})",
        layout.wit,
        layout.size,
        layout.align,
        core_list(&layout.flat)
    ));
    let pad = "  ".repeat(depth + 1);
    match &layout.shape {
        Shape::Scalar => {}
        Shape::Char => out.line(&format!(
            "{pad}a Unicode scalar value stored as its code point"
        )),
        Shape::String { encoding } => out.line(&format!(
            "{pad}pointer at +0, length at +4, counted in {encoding} code units"
        )),
        Shape::Record { fields } | Shape::Tuple { fields } => {
            for field in fields {
                let label = format!("+{} {}: ", field.offset, field.name);
                type_layout(out, &label, &field.layout, depth + 1);
            }
        }
        Shape::Variant {
            discriminant_size,
            payload_offset,
            cases,
        } => {
            out.line(&format!(
                "{pad}discriminant: {discriminant_size} byte{} at +0; payload at +{payload_offset}",
                if *discriminant_size == 1 { "" } else { "s" }
            ));
            for case in cases {
                match &case.payload {
                    Some(payload) => {
                        let label = format!("case {} {}: ", case.discriminant, case.name);
                        type_layout(out, &label, payload, depth + 1);
                    }
                    None => out.line(&format!(
                        "{pad}case {} {}: no payload",
                        case.discriminant, case.name
                    )),
                }
            }
        }
        Shape::Flags { flags } => {
            for flag in flags {
                out.line(&format!(
                    "{pad}{}: byte {} bit {} (flat i32 #{} bit {})",
                    flag.name, flag.byte, flag.byte_bit, flag.flat_index, flag.flat_bit
                ));
            }
        }
        Shape::List { element } => {
            out.line(&format!(
                "{pad}pointer at +0, element count at +4; elements {} bytes apart",
                element.size
            ));
            type_layout(out, "element: ", element, depth + 1);
        }
        Shape::FixedList { length, element } => {
            out.line(&format!("{pad}{length} elements stored in place"));
            type_layout(out, "element: ", element, depth + 1);
        }
        Shape::Map {
            key,
            value,
            value_offset,
            entry_size,
        } => {
            out.line(&format!(
                "{pad}pointer at +0, entry count at +4; {entry_size}-byte entries, value at \
                 +{value_offset}"
            ));
            type_layout(out, "key: ", key, depth + 1);
            type_layout(out, "value: ", value, depth + 1);
        }
        Shape::Handle => out.line(&format!("{pad}an index into a table of the instance")),
        Shape::Resource => out.line(&format!(
            "{pad}a resource type: only handles to it (`own`, `borrow`) are passed, as i32 \
             table indices"
        )),
    }
}

/// Both core signatures; what the lower direction shares with the lift direction is said
/// once.
pub(super) fn signatures(abi: &FunctionAbi, brief: bool, out: &mut Out<'_>) {
    let (lift, lower) = (&abi.lift, &abi.lower);
    for sig in [lift, lower] {
        let title = match sig.direction {
            Direction::Lift => "canon lift (the core export the host calls)",
            Direction::Lower => "canon lower (the core import a guest calls)",
        };
        out.paragraph();
        out.heading(title);
        out.line(&format!("  {}", wat(sig)));
        if brief {
            continue;
        }
        let same_params =
            sig.direction == Direction::Lower && sig.params_reason == lift.params_reason;
        let same_result =
            sig.direction == Direction::Lower && sig.result_reason == lift.result_reason;
        let reasons = match (same_params, same_result) {
            (true, true) => vec!["parameters and result: as for canon lift".to_string()],
            (same_params, same_result) => vec![
                format!(
                    "parameters: {}",
                    if same_params {
                        "as for canon lift"
                    } else {
                        &sig.params_reason
                    }
                ),
                format!(
                    "result: {}",
                    if same_result {
                        "as for canon lift"
                    } else {
                        &sig.result_reason
                    }
                ),
            ],
        };
        for reason in reasons {
            out.styled(TextStyle::Rule, &format!("  {reason}"));
            out.text("\n");
        }
    }
}
