//! The functions a component exports, listed as a person calls them: the shortest name that
//! reaches each, and its signature in WIT (`wavecall wit`, a REPL's completion, a service's
//! function listing).

use std::fmt;

use super::Wit;
use crate::abi::wit_name;
use crate::exports::{invoke_name, shortest_name_among};

/// One exported function: the names to call it by, and its signature in WIT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The shortest name that calls it without ambiguity, e.g. `area`.
    pub name: String,
    /// Its fully qualified name, in the spelling `wasmtime run --invoke` accepts too, e.g.
    /// `ns:pkg/iface.f@1.2.0`.
    pub qualified: String,
    /// Its parameters: each name and WIT type.
    pub params: Vec<(String, String)>,
    /// Its result's WIT type, if it returns one.
    pub result: Option<String>,
}

/// `area(s: shape) -> f32`, by the shortest name.
impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name)?;
        for (i, (name, ty)) in self.params.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name}: {ty}")?;
        }
        f.write_str(")")?;
        match &self.result {
            Some(result) => write!(f, " -> {result}"),
            None => Ok(()),
        }
    }
}

impl Wit {
    /// Every exported function with the names that call it and its signature, in order.
    pub fn signatures(&self) -> Vec<Signature> {
        let exports = self.exports();
        exports
            .iter()
            .map(|f| Signature {
                name: shortest_name_among(&exports, f),
                qualified: invoke_name(&f.instance_path, &f.func.name),
                params: f
                    .func
                    .params
                    .iter()
                    .map(|p| (p.name.clone(), wit_name(&self.resolve, &p.ty)))
                    .collect(),
                result: f.func.result.as_ref().map(|t| wit_name(&self.resolve, t)),
            })
            .collect()
    }
}
