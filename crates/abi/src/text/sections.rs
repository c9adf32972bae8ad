//! The parts of the text view in order: the summary, the calls made first, the layout, the
//! signature, the lowering, the memory, the lifting.

use super::layout::{layout, signatures, wat};
use super::tables;
use super::{Out, Part, TextStyle, TextView};
use crate::{
    CallLowering, CoreSignature, Explanation, FunctionAbi, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS,
    ResultLifting,
};

/// How a result's core values and bytes are worked out, said before them.
const WORKED_OUT: &str = "\
Worked out from the value of the result, by lowering it through the same
simulator: the flat values and bytes are what the guest must have produced;
the addresses are the simulator's, the guest chose its own.";

pub(super) fn explanation(ex: &Explanation, view: &TextView, out: &mut Out<'_>) {
    if view.shows(Part::Summary) {
        summary(&ex.function, Some(ex), out);
    }
    if view.shows(Part::Lowering) && !ex.setup.is_empty() {
        out.paragraph();
        out.heading("calls made first");
        for setup in &ex.setup {
            out.line(&format!("  {}\n    returned {}", setup.call, setup.result));
        }
    }
    function_parts(&ex.function, view, out);
    let shows_lowering = view.shows(Part::Lowering) || view.shows(Part::Memory);
    match (&ex.lowering, &ex.lowering_error) {
        (Some(lowering), _) => {
            if view.shows(Part::Lowering) {
                self::lowering(lowering, out);
            }
            // Nothing written is news only when no summary has said so.
            let said = view.shows(Part::Summary) && lowering.memory.is_empty();
            if view.shows(Part::Memory) && !said {
                memory(lowering, out);
            }
        }
        (None, error) if shows_lowering => {
            out.paragraph();
            out.line(&format!(
                "the lowering cannot be shown: {}",
                error.as_deref().unwrap_or("no reason given")
            ));
        }
        (None, _) => {}
    }
    if view.shows(Part::Lifting) {
        returned(ex, view, out);
    }
}

pub(super) fn function(abi: &FunctionAbi, view: &TextView, out: &mut Out<'_>) {
    if view.shows(Part::Summary) {
        summary(abi, None, out);
    }
    function_parts(abi, view, out);
}

fn function_parts(abi: &FunctionAbi, view: &TextView, out: &mut Out<'_>) {
    if view.shows(Part::Layout) {
        layout(abi, out);
    }
    if view.shows(Part::Signature) {
        signatures(abi, view.brief, out);
    }
}

/// The few lines the default view leads with: the core signature the host calls, whether
/// anything spills to memory, what the lowering writes, what the call returned.
fn summary(abi: &FunctionAbi, ex: Option<&Explanation>, out: &mut Out<'_>) {
    out.paragraph();
    match ex {
        Some(ex) => out.heading(&format!("summary of `{}`", ex.call)),
        None => out.heading(&format!("summary of `{}`", abi.name)),
    }
    let mut rows = vec![
        ("core signature", wat(&abi.lift)),
        ("spilled", spilled(&abi.lift)),
    ];
    if let Some(ex) = ex {
        let memory = match &ex.lowering {
            Some(lowering) => written(lowering),
            None => "not shown: an argument holds a handle".to_string(),
        };
        rows.push(("memory", memory));
        match (&ex.target, &ex.result) {
            (Some(_), Some(result)) => rows.push(("returned", result.clone())),
            (None, Some(result)) => rows.push(("result given", result.clone())),
            (_, None) => {}
        }
    }
    for (what, text) in rows {
        out.line(&format!("  {what:<14}  {text}"));
    }
}

/// `parameters no (3 flat values), result yes (3 flat values > 1)`.
fn spilled(lift: &CoreSignature) -> String {
    let values = |n: usize| match n {
        1 => "1 flat value".to_string(),
        n => format!("{n} flat values"),
    };
    let params = match lift.params_in_memory {
        true => format!(
            "parameters yes ({} > {MAX_FLAT_PARAMS})",
            values(lift.flat_param_count)
        ),
        false => format!("parameters no ({})", values(lift.flat_param_count)),
    };
    let result = match (lift.flat_result_count, lift.result_in_memory) {
        (0, _) => "no result".to_string(),
        (n, true) => format!("result yes ({} > {MAX_FLAT_RESULTS})", values(n)),
        (n, false) => format!("result no ({})", values(n)),
    };
    format!("{params}, {result}")
}

/// `21 bytes written in 3 blocks, 4 cabi_realloc calls`.
fn written(lowering: &CallLowering) -> String {
    let bytes: usize = lowering
        .memory
        .iter()
        .map(|b| b.bytes.iter().filter(|b| b.is_some()).count())
        .sum();
    let plural = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    let calls = match lowering.reallocs.len() {
        0 => "no cabi_realloc call".to_string(),
        n => plural(n, "cabi_realloc call"),
    };
    match bytes {
        0 => format!("nothing written, {calls}"),
        _ => {
            let blocks = lowering.memory.iter().filter(|b| !b.bytes.is_empty());
            format!(
                "{} written in {}, {calls}",
                plural(bytes, "byte"),
                plural(blocks.count(), "block")
            )
        }
    }
}

pub(super) fn lowering(lowering: &CallLowering, out: &mut Out<'_>) {
    out.paragraph();
    out.heading(&format!(
        "lowering the arguments of `{}` (allocator base {:#x}, strings: {})",
        lowering.function, lowering.options.base, lowering.options.string_encoding
    ));
    out.paragraph();
    let how = if lowering.params_in_memory {
        "one pointer to the arguments in memory"
    } else {
        "the arguments flattened"
    };
    out.heading(&format!("core parameters ({how})"));
    if lowering.flat.is_empty() {
        out.line("  (none)");
    }
    tables::flat(out, &lowering.flat);
    out.paragraph();
    out.heading("cabi_realloc calls (old ptr, old size, align, new size)");
    if lowering.reallocs.is_empty() {
        out.line("  (none: nothing needs memory)");
    }
    tables::reallocs(out, lowering);
    out.paragraph();
    out.line(&format!("allocator end: {:#x}", lowering.end));
}

pub(super) fn memory(lowering: &CallLowering, out: &mut Out<'_>) {
    out.paragraph();
    out.heading("memory written (.. = not written: padding, or room for a larger case)");
    if lowering.memory.is_empty() {
        out.line("  (none: every argument travels in core values)");
    }
    tables::blocks(out, &lowering.memory);
}

/// The call made and how its result was lifted; `post-return` last.
fn returned(ex: &Explanation, view: &TextView, out: &mut Out<'_>) {
    out.paragraph();
    match (&ex.target, &ex.result) {
        (Some(target), Some(result)) => {
            out.heading(&format!("calling `{target}` through Wasmtime"));
            out.line(&format!("  returned {result}"));
        }
        (None, Some(result)) => {
            out.heading("the result given, as if the call had returned it");
            out.line(&format!("  {result}"));
        }
        (_, None) => {
            out.line("no call is made: `--wit` gives the types, not the code");
            return;
        }
    }
    match (&ex.lifting, &ex.lifting_error) {
        (Some(lifting), _) => self::lifting(lifting, view, out),
        (None, error) => {
            out.paragraph();
            out.line(&format!(
                "the lifting cannot be shown: {}",
                error.as_deref().unwrap_or("no reason given")
            ));
        }
    }
    if let (Some(post_return), false) = (ex.post_return, view.brief) {
        out.paragraph();
        out.styled(TextStyle::Rule, post_return);
        out.text("\n");
    }
}

pub(super) fn lifting(lifting: &ResultLifting, view: &TextView, out: &mut Out<'_>) {
    out.paragraph();
    let Some(result) = &lifting.result else {
        out.line(&format!(
            "`{}` has no result: no core result, nothing to lift",
            lifting.function
        ));
        return;
    };
    out.heading(&format!(
        "lifting the result of `{}` (`{result}`)",
        lifting.function
    ));
    if !view.brief {
        out.paragraph();
        out.styled(TextStyle::Rule, WORKED_OUT);
        out.text("\n");
    }
    out.paragraph();
    if lifting.result_in_memory {
        out.heading("core result (a pointer: the result is in memory)");
    } else {
        out.heading("core result (the result flattened)");
    }
    tables::flat(out, &lifting.flat);
    if !lifting.memory.is_empty() {
        out.paragraph();
        out.heading(&format!(
            "memory the guest wrote, placed from {:#x} (.. = not read: padding, or room for a \
             larger case)",
            lifting.options.base
        ));
        tables::blocks(out, &lifting.memory);
    }
    if !lifting.rules.is_empty() && !view.brief {
        out.paragraph();
        out.heading("lifting rules that apply");
        for rule in &lifting.rules {
            out.styled(TextStyle::Rule, &format!("  - {rule}"));
            out.text("\n");
        }
    }
}
