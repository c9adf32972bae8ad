//! The playground's engine: [`wavecall_abi`] behind one wasm-bindgen function.
//!
//! The page hands over the texts a learner typed and gets back an [`Answer`]: the
//! explanation as exactly the JSON `wavecall explain --format json --wit FILE --invoke CALL`
//! prints (the page's numbers come from the same engine, and a test holds them equal), a
//! few display strings the page cannot work out in JavaScript without losing bits (64-bit
//! values), and errors as the command line prints them, with the span to underline.

mod errors;

use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wavecall_abi::wit_parser::{Resolve, WorldId};
use wavecall_abi::{CallOptions, ExplainError, Explanation, FlatValue, StringEncoding};

use errors::{Input, InputError};

/// What the page shows for one set of inputs.
#[wasm_bindgen(getter_with_clone)]
pub struct Answer {
    /// The explanation, as `wavecall explain --format json` prints it; `None` on an error in
    /// the WIT or the call.
    pub explanation: Option<String>,
    /// The explanation as `wavecall explain` prints it for people.
    pub text: Option<String>,
    /// A JSON object of display strings (see [`View`]).
    pub view: Option<String>,
    /// A JSON [`InputError`], when one of the inputs is wrong. An error in the result comes
    /// with the explanation of the call.
    pub error: Option<String>,
}

/// Display strings of the explanation.
#[derive(Serialize)]
struct View {
    /// Each flat core value of the lowering as the text view writes it.
    flat: Vec<String>,
    /// The same for the core result of the lifting.
    lifted_flat: Vec<String>,
}

/// Explains the call `call` of a function that the world `world` (empty: the package's only
/// world) of the WIT text `wit` exports, with the simulated allocator starting at `base`
/// (decimal or `0x` hex) and strings in `encoding` (`utf8`, `utf16`, `latin1+utf16`, the
/// names `--string-encoding` takes); and, unless `result` is empty, how that result, written
/// in WAVE, would be lifted.
#[wasm_bindgen]
pub fn explain(
    wit: &str,
    world: &str,
    call: &str,
    result: &str,
    base: &str,
    encoding: &str,
) -> Answer {
    match answer(wit, world, call, result, base, encoding) {
        Ok((explained, error)) => Answer {
            explanation: Some(serde_json::to_string(&explained).expect("serialisable")),
            text: Some(explained.to_string()),
            view: Some(serde_json::to_string(&view(&explained)).expect("serialisable")),
            error: error.map(|e| e.to_json()),
        },
        Err(error) => Answer {
            explanation: None,
            text: None,
            view: None,
            error: Some(error.to_json()),
        },
    }
}

type Explained = (Explanation, Option<InputError>);

fn answer(
    wit: &str,
    world: &str,
    call: &str,
    result: &str,
    base: &str,
    encoding: &str,
) -> Result<Explained, InputError> {
    let options = CallOptions {
        base: parse_address(base).map_err(|e| InputError::plain(Input::Base, e))?,
        string_encoding: match encoding {
            "utf8" => StringEncoding::Utf8,
            "utf16" => StringEncoding::Utf16,
            "latin1+utf16" => StringEncoding::CompactUtf16,
            other => {
                let message = format!("unknown string encoding `{other}`");
                return Err(InputError::plain(Input::Encoding, message));
            }
        },
    };
    let (resolve, world) = read_wit(wit, world)?;
    let mut explained = wavecall_abi::explain_in(&resolve, world, call, options)
        .map_err(|e| InputError::explain(Input::Call, e))?;
    if result.trim().is_empty() {
        return Ok((explained, None));
    }
    let lifted = wavecall_abi::lift_text(&resolve, world, &mut explained, result, options);
    let error = lifted.err().map(|e| InputError::explain(Input::Result, e));
    Ok((explained, error))
}

fn read_wit(wit: &str, world: &str) -> Result<(Resolve, WorldId), InputError> {
    let mut resolve = Resolve::default();
    // wit-parser points into the text only when asked to render its error.
    let package = resolve
        .push_str("input.wit", wit)
        .map_err(|e| anyhow::anyhow!(resolve.render_error(&e)))
        .map_err(|e| InputError::wit(e.context("failed to read the WIT")))?;
    let world = Some(world.trim()).filter(|w| !w.is_empty());
    let world = wavecall_abi::select_world(&mut resolve, package, world)
        .map_err(|e| InputError::wit(e.context("failed to select a world")))?;
    Ok((resolve, world))
}

fn view(explained: &Explanation) -> View {
    let texts = |flat: &[FlatValue]| flat.iter().map(ToString::to_string).collect();
    View {
        flat: explained
            .lowering
            .as_ref()
            .map_or_else(Vec::new, |l| texts(&l.flat)),
        lifted_flat: explained
            .lifting
            .as_ref()
            .map_or_else(Vec::new, |l| texts(&l.flat)),
    }
}

/// `65536` or `0x10000`, as `wavecall explain --base` reads it.
fn parse_address(text: &str) -> Result<u32, String> {
    let text = text.trim();
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| "expected an address below 2^32 such as `65536` or `0x10000`".to_string())
}

/// An [`ExplainError`] that is not about a text's syntax, said as the command line says it.
fn describe(err: &ExplainError) -> String {
    match err {
        ExplainError::Lowering { function, base, .. } => {
            format!("cannot explain the lowering of `{function}` (base {base:#x})")
        }
        ExplainError::Lifting { target, base, .. } => {
            format!("cannot explain the lifting of the result of `{target}` (base {base:#x})")
        }
        other => other.to_string(),
    }
}
