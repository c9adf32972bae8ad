//! An explanation from text alone: WIT and a WAVE call in, the full [`Explanation`] out,
//! or an error that points at the text to fix. This is what a browser playground calls
//! (through a thin wasm-bindgen layer that hands over strings and takes back JSON).

use anyhow::Context;
use wit_parser::{Function, PackageId, Resolve, WorldId, WorldItem};

use crate::wave::{self, AnyHandle, CallError, CallText, nearest};
use crate::{CallOptions, ExplainError, Explanation};

/// Explains the call `call` of a function the world exports, from the WIT text `wit` (one
/// package, its world picked by name or the only one, see [`select_world`]) and the WAVE call: the function's
/// ABI and the lowering of the arguments. Nothing is called, so there is no result.
///
/// A handle argument may be written as any name: it only says that the lowering depends on
/// the running instance, which the explanation then says.
pub fn explain(
    wit: &str,
    world: Option<&str>,
    call: &str,
    options: CallOptions,
) -> Result<Explanation, ExplainError> {
    let mut resolve = Resolve::default();
    // wit-parser points into the text (line, column, a caret) only when asked to render.
    let world = resolve
        .push_str("input.wit", wit)
        .map_err(|e| anyhow::anyhow!(resolve.render_error(&e)))
        .and_then(|package| select_world(&mut resolve, package, world))
        .context("failed to read the WIT")
        .map_err(ExplainError::Wit)?;
    explain_in(&resolve, world, call, options)
}

/// The world of `package` named `world`, or its only one. A package of interfaces and no
/// world (WIT as a learner often writes it) gets a world that exports each of its
/// interfaces, so that their functions can be called by name as a component would export
/// them.
pub fn select_world(
    resolve: &mut Resolve,
    package: PackageId,
    world: Option<&str>,
) -> anyhow::Result<WorldId> {
    let declared = &resolve.packages[package];
    if world.is_some() || !declared.worlds.is_empty() || declared.interfaces.is_empty() {
        return resolve.select_world(&[package], world);
    }
    let name = &declared.name;
    let version = name
        .version
        .as_ref()
        .map_or(String::new(), |v| format!("@{v}"));
    let exports: String = declared
        .interfaces
        .keys()
        .map(|iface| {
            format!(
                "  export {}:{}/{iface}{version};\n",
                name.namespace, name.name
            )
        })
        .collect();
    // A package of its own, so the user's package is left as written.
    let text =
        format!("package wavecall-explain:interfaces;\n\nworld interfaces {{\n{exports}}}\n");
    let synthetic = resolve
        .push_str("interfaces.wit", &text)
        .context("failed to make a world of the package's interfaces")?;
    resolve.select_world(&[synthetic], None)
}

/// [`explain`] for a world already resolved.
pub fn explain_in(
    resolve: &Resolve,
    world: WorldId,
    call: &str,
    options: CallOptions,
) -> Result<Explanation, ExplainError> {
    let text = CallText::parse(call)?;
    let (name, func) = world_function(resolve, world, &text)?;
    let nodes = text.arg_nodes();
    let written = (call, nodes.as_slice(), text.args_span.clone());
    let args = wave::arguments(written, (resolve, func, &name), Vec::new(), &AnyHandle)?;
    Explanation::new(resolve, func, call, &args, options)
}

/// Adds to `explanation` (of a call of a function `world` exports, from [`explain_in`]) how
/// the result written in WAVE as `result` would be lifted, as if the call had returned it
/// (see [`Explanation::given_result`]).
pub fn lift_text(
    resolve: &Resolve,
    world: WorldId,
    explanation: &mut Explanation,
    result: &str,
    options: CallOptions,
) -> Result<(), ExplainError> {
    let text = CallText::parse(&explanation.call)?;
    let (_, func) = world_function(resolve, world, &text)?;
    explanation.given_result(resolve, func, result, options)
}

impl Explanation {
    /// Adds how the result written in WAVE as `result` would be lifted, as if the call of
    /// `func` had returned it: what a learner types to see the other direction. A function
    /// without a result takes an empty `result`. An error in `result` is an
    /// [`ExplainError::Call`] pointing into it. `target` stays `None`: nothing was called.
    pub fn given_result(
        &mut self,
        resolve: &Resolve,
        func: &Function,
        result: &str,
        options: CallOptions,
    ) -> Result<(), ExplainError> {
        let value = match &func.result {
            Some(ty) => Some(wave::value(result, (resolve, ty), &AnyHandle)?),
            None if result.trim().is_empty() => None,
            None => {
                let message = format!("`{}` has no result", func.name);
                let err = CallError::new(result, 0..result.len(), message)
                    .hint("leave the result empty: nothing is lifted");
                return Err(err.into());
            }
        };
        let shown = match &value {
            Some(_) => result.trim().to_string(),
            None => "()".to_string(),
        };
        self.returned(
            resolve,
            func,
            func.name.clone(),
            (value.as_ref(), shown),
            options,
        )?;
        self.target = None;
        Ok(())
    }
}

/// The function the call's target names among the exports of `world`: a function of the
/// world by its name (`area`, `[constructor]r`), a function of an exported interface by the
/// interface's name and its own (`demo:shapes/shapes.area`, `shapes.area`), or by its own
/// name alone when no other export has it.
fn world_function<'r>(
    resolve: &'r Resolve,
    world: WorldId,
    text: &CallText,
) -> Result<(String, &'r Function), CallError> {
    // Every export under each name that reaches it, the full name first.
    let mut exports: Vec<(Vec<String>, &Function)> = Vec::new();
    for (key, item) in &resolve.worlds[world].exports {
        match item {
            WorldItem::Function(func) => exports.push((vec![func.name.clone()], func)),
            WorldItem::Interface { id, .. } => {
                let full = resolve.name_world_key(key);
                let short = resolve.interfaces[*id].name.clone().unwrap_or_default();
                for func in resolve.interfaces[*id].functions.values() {
                    let names = [&full, &short].map(|i| format!("{i}.{}", func.name));
                    exports.push((
                        vec![names[0].clone(), names[1].clone(), func.name.clone()],
                        func,
                    ));
                }
            }
            WorldItem::Type { .. } => {}
        }
    }
    let target = text.target();
    let reaches = |(names, _): &&(Vec<String>, &Function)| names.iter().any(|n| n == target);
    let found: Vec<&(Vec<String>, &Function)> = exports.iter().filter(reaches).collect();
    match found.as_slice() {
        [(names, func)] => Ok((names[0].clone(), func)),
        [] => {
            let world = &resolve.worlds[world].name;
            let message = format!("world `{world}` exports no function `{target}`");
            let err = CallError::new(&text.text, text.target.clone(), message);
            let names = exports
                .iter()
                .flat_map(|(names, _)| names.iter().map(String::as_str));
            Err(match nearest(target, names) {
                Some(near) => err.hint(format!("did you mean `{near}`?")),
                None => err,
            })
        }
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|(names, _)| format!("  {}", names[0]))
                .collect();
            let message = format!("`{target}` names {} functions", many.len());
            let hint = format!("name one of them in full:\n{}", list.join("\n"));
            Err(CallError::new(&text.text, text.target.clone(), message).hint(hint))
        }
    }
}
