//! The canonical ABI of a component function, worked out for one call from WIT types and
//! values alone: no Wasmtime, no component, so it runs anywhere Rust does (the command line
//! of `wavecall explain`, and a browser through `wasm32-unknown-unknown`).
//!
//! - [`function_abi`] describes a function without values: the size, alignment and inner
//!   layout of every parameter and result type, their flat core types, and the core
//!   signatures of `canon lift` (the core export the host calls) and `canon lower` (the core
//!   import a guest calls), with the reason for every spill to memory.
//! - [`lower_call`] lowers concrete argument values the way Wasmtime's host does when it
//!   calls an export: the flat core values, every `cabi_realloc` call answered by a
//!   deterministic bump allocator, and every byte written to linear memory with the field it
//!   belongs to.
//! - [`lift_result`] works backwards from the value a real call returned to the core result
//!   and memory the guest must have produced for Wasmtime to lift it.
//! - [`Explanation`] puts them together for one call; [`explain`] builds one from WIT text
//!   and a WAVE call, or says where the call is wrong ([`CallError`]: a byte span to put a
//!   caret under, the expected WIT type, hints).
//!
//! Every result serialises with `serde` (the JSON view) and renders as text through
//! `Display` (the text view); [`Explanation::render`] shows chosen [`Part`]s, with the
//! [`TextStyle`] of each piece for a front end that colours them.
//!
//! ```
//! use wavecall_abi::{CallOptions, explain};
//!
//! let wit = "package demo:shapes;
//!            world shapes {
//!              record circle { radius: f32 }
//!              export area: func(c: circle) -> f32;
//!            }";
//! let explanation = explain(wit, None, "area({radius: 1.0})", CallOptions::default()).unwrap();
//! let lowering = explanation.lowering.as_ref().unwrap();
//! assert_eq!(lowering.flat[0].bits, 1.0f32.to_bits() as u64);
//! assert!(explanation.to_string().contains("c.radius"));
//! ```
//!
//! Only 32-bit memories are described: Wasmtime 48 lowers into 64-bit memories with the
//! 32-bit layout as well (wasmtime#4311).
#![deny(missing_docs)]

mod explanation;
mod flatten;
mod from_text;
mod layout;
mod lift;
mod lower;
mod text;
mod value;
pub mod wave;

use serde::Serialize;
use wit_parser::{Function, Resolve};

pub use explanation::{ExplainError, Explanation, POST_RETURN, SetupCall};
pub use flatten::{CoreSignature, Direction, flatten};
pub use from_text::{explain, explain_in, lift_text, select_world};
pub use layout::{Case, Field, FlagBit, Shape, TypeLayout, size_align, type_layout, wit_name};
pub use lift::ResultLifting;
pub use lower::{AddressOverflow, ByteSpan, CallLowering, FlatValue, MemoryBlock, ReallocCall};
pub use text::{Part, StyledWrite, TextStyle, TextView};
pub use value::Value;
pub use wave::CallError;

/// The WAVE crate whose untyped tree calls are read from (the version Wasmtime 48 re-exports).
pub use wasm_wave;
/// The WIT parser whose types the model takes (the version Wasmtime 48 re-exports).
pub use wit_parser;

/// At most this many flat values are passed as core parameters; more spill to memory.
pub const MAX_FLAT_PARAMS: usize = 16;
/// At most this many flat values are returned as core results; more go through memory.
pub const MAX_FLAT_RESULTS: usize = 1;
/// Where the simulated bump allocator starts when the caller picks no other base: the start
/// of the second 64 KiB page, clear of a guest's data and stack in small examples.
pub const DEFAULT_BASE: u32 = 0x1_0000;

/// A core WebAssembly value type, the only types the canonical ABI flattens into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CoreType {
    /// 32-bit integer, also used for pointers, lengths, discriminants and handles.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit float.
    F32,
    /// 64-bit float.
    F64,
}

/// How a component's strings are laid out in its linear memory (`string-encoding=` on
/// `canon lift` / `canon lower`; UTF-8 unless the component says otherwise).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StringEncoding {
    /// UTF-8: the length counts bytes.
    #[default]
    Utf8,
    /// UTF-16 little-endian: the length counts 16-bit code units.
    Utf16,
    /// Latin-1 when every character fits, UTF-16 otherwise, flagged in the length's top bit.
    #[serde(rename = "latin1+utf16")]
    CompactUtf16,
}

/// The ABI of one function, independent of argument values.
#[derive(Clone, Debug, Serialize)]
pub struct FunctionAbi {
    /// The function's name as WIT spells it.
    pub name: String,
    /// Every parameter with its type's layout.
    pub params: Vec<ParamAbi>,
    /// The layout of the result type, if the function returns one.
    pub result: Option<TypeLayout>,
    /// The string encoding assumed for `string` values.
    pub string_encoding: StringEncoding,
    /// The core signature of `canon lift`: the core export that the host calls.
    pub lift: CoreSignature,
    /// The core signature of `canon lower`: the core import that a guest calls.
    pub lower: CoreSignature,
}

/// One parameter of a function.
#[derive(Clone, Debug, Serialize)]
pub struct ParamAbi {
    /// The parameter's name.
    pub name: String,
    /// Its type's layout and flat core types.
    pub layout: TypeLayout,
}

/// Options of a simulated call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CallOptions {
    /// The first address the bump allocator hands out (rounded up to each allocation's
    /// alignment).
    pub base: u32,
    /// The string encoding of the callee.
    pub string_encoding: StringEncoding,
}

impl Default for CallOptions {
    fn default() -> Self {
        CallOptions {
            base: DEFAULT_BASE,
            string_encoding: StringEncoding::Utf8,
        }
    }
}

/// Describes the ABI of `func`, which must belong to `resolve`.
pub fn function_abi(
    resolve: &Resolve,
    func: &Function,
    string_encoding: StringEncoding,
) -> FunctionAbi {
    FunctionAbi {
        name: func.name.clone(),
        params: func
            .params
            .iter()
            .map(|p| ParamAbi {
                name: p.name.clone(),
                layout: type_layout(resolve, &p.ty, string_encoding),
            })
            .collect(),
        result: func
            .result
            .as_ref()
            .map(|ty| type_layout(resolve, ty, string_encoding)),
        string_encoding,
        lift: CoreSignature::of(resolve, func, Direction::Lift),
        lower: CoreSignature::of(resolve, func, Direction::Lower),
    }
}

/// Lowers `args` for a host call of the export `func`, as Wasmtime does it, with a bump
/// allocator that starts at `options.base`.
///
/// Fails when an argument does not match its parameter type, holds a handle (whose table
/// index only the running instance knows), or does not fit below 4 GiB from the base
/// ([`AddressOverflow`], somewhere in the chain).
pub fn lower_call(
    resolve: &Resolve,
    func: &Function,
    args: &[Value],
    options: CallOptions,
) -> anyhow::Result<CallLowering> {
    lower::lower_call(resolve, func, args, options)
}

/// Works out how the result `result` of a call of the export `func` was lifted: the core
/// result the guest returned, or the return area and memory it wrote, predicted by lowering
/// the lifted value through the same simulator (see [`ResultLifting`] for what is exact and
/// what is the simulator's choice).
///
/// Fails when the value does not match the result type, holds a handle, or does not fit
/// below 4 GiB from the base.
pub fn lift_result(
    resolve: &Resolve,
    func: &Function,
    result: Option<&Value>,
    options: CallOptions,
) -> anyhow::Result<ResultLifting> {
    lift::lift_result(resolve, func, result, options)
}
