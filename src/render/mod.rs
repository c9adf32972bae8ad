//! Step 6 of the pipeline: results as WAVE or JSON.

mod from_json;
mod json;
mod wave;

pub use from_json::{JsonValueError, from_json, json_arguments};
pub use json::to_json;
pub use wave::write_value;

use wasmtime::component::{ResourceAny, ResourceType, Val};

use crate::invocation::{HandleRef, HandleScope, ResourceNames};

/// How returned handles are named in output.
pub trait HandleNames {
    /// The printed form of a handle, e.g. `counter(0)`.
    fn handle_name(&self, handle: &ResourceAny) -> String;
}

/// For values outside any session, which hold no handles: names no handle and no type (but
/// by its structure), and refuses a handle written in a value.
pub struct NoHandles;

impl HandleNames for NoHandles {
    fn handle_name(&self, _: &ResourceAny) -> String {
        "<handle>".to_string()
    }
}

impl ResourceNames for NoHandles {
    fn resource_name(&self, _: &ResourceType) -> Option<&str> {
        None
    }
}

impl HandleScope for NoHandles {
    fn lookup(&self, _: HandleRef<'_>, _: &ResourceType, _: bool) -> Result<ResourceAny, String> {
        Err(NO_HANDLES.to_string())
    }
}

/// Why a value outside a session cannot hold a handle.
pub(crate) const NO_HANDLES: &str =
    "a handle cannot be written here: expected values and mocks hold plain values";

/// Output formats for results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One line of WAVE per call, `()` when the function returns nothing.
    #[default]
    Wave,
    /// One JSON document per call: the result, or `null` when the function returns nothing.
    Json,
}

/// Renders the results of one call in `format` (without a trailing newline).
pub fn results(results: &[Val], format: Format, handles: &dyn HandleNames) -> String {
    match format {
        Format::Wave => {
            let mut out = String::new();
            match results {
                [] => out.push_str("()"),
                [one] => write_value(&mut out, one, handles),
                many => {
                    // Not produced by today's component model, which allows one result.
                    for (i, value) in many.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        write_value(&mut out, value, handles);
                    }
                }
            }
            out
        }
        Format::Json => {
            let doc = match results {
                [] => serde_json::Value::Null,
                [one] => to_json(one, handles),
                many => many.iter().map(|v| to_json(v, handles)).collect(),
            };
            doc.to_string()
        }
    }
}
