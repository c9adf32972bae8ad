//! A simulator of Wasmtime's host-side lowering of argument values into a callee's core
//! parameters and linear memory.
//!
//! [`Lowerer`] is the state of one simulation; the files beside this one each add one part:
//! `types` (what a type and a value mean together), `flat` (core values), `store` (values in
//! memory), `strings` (the three string encodings), `memory` (the bump allocator and the
//! bytes written), and `model` (the result, [`CallLowering`]).

mod flat;
mod memory;
mod model;
mod store;
mod strings;
mod types;

use std::collections::BTreeMap;

use anyhow::ensure;
use wit_parser::{Function, Resolve};

use crate::layout::record_offsets;
use crate::{CallOptions, CoreType, MAX_FLAT_PARAMS, StringEncoding, Value, flatten};

use memory::Block;
pub use model::{AddressOverflow, ByteSpan, CallLowering, FlatValue, MemoryBlock, ReallocCall};

/// The state of one simulated lowering: the callee's memory as far as the caller touched it.
pub(crate) struct Lowerer<'a> {
    resolve: &'a Resolve,
    encoding: StringEncoding,
    /// The bump allocator's next free address.
    top: u32,
    reallocs: Vec<ReallocCall>,
    blocks: Vec<Block>,
    image: BTreeMap<u32, u8>,
}

impl<'a> Lowerer<'a> {
    /// A fresh simulation: nothing allocated, the allocator at `options.base`.
    pub(crate) fn new(resolve: &'a Resolve, options: CallOptions) -> Lowerer<'a> {
        Lowerer {
            resolve,
            encoding: options.string_encoding,
            top: options.base,
            reallocs: Vec::new(),
            blocks: Vec::new(),
            image: BTreeMap::new(),
        }
    }

    /// Every block handed out so far, with its bytes and what they mean.
    pub(crate) fn memory(&self) -> Vec<MemoryBlock> {
        self.blocks.iter().map(|b| self.memory_block(b)).collect()
    }
}

pub(crate) fn lower_call(
    resolve: &Resolve,
    func: &Function,
    args: &[Value],
    options: CallOptions,
) -> anyhow::Result<CallLowering> {
    ensure!(
        args.len() == func.params.len(),
        "`{}` takes {} argument{}, got {}",
        func.name,
        func.params.len(),
        if func.params.len() == 1 { "" } else { "s" },
        args.len()
    );
    let mut cx = Lowerer::new(resolve, options);
    let flat_count: usize = func
        .params
        .iter()
        .map(|p| flatten(resolve, &p.ty).len())
        .sum();
    let params_in_memory = flat_count > MAX_FLAT_PARAMS;
    let mut flat = Vec::new();
    if params_in_memory {
        let (offsets, size, align) = record_offsets(resolve, func.params.iter().map(|p| &p.ty));
        let purpose = format!(
            "the {} arguments ({flat_count} flat values > MAX_FLAT_PARAMS = {MAX_FLAT_PARAMS}), \
             stored as a tuple",
            func.params.len()
        );
        let ptr = cx.realloc(0, 0, align, size.into(), purpose)?;
        for ((param, arg), offset) in func.params.iter().zip(args).zip(offsets) {
            cx.store(&param.ty, arg, ptr + offset, &param.name)?;
        }
        flat.push(FlatValue {
            ty: CoreType::I32,
            bits: ptr.into(),
            path: String::new(),
            note: format!("pointer to the {size}-byte argument tuple"),
        });
    } else {
        for (param, arg) in func.params.iter().zip(args) {
            cx.lower_flat(&param.ty, arg, &param.name, &mut flat)?;
        }
    }
    let memory = cx.memory();
    Ok(CallLowering {
        function: func.name.clone(),
        options,
        params_in_memory,
        flat,
        reallocs: cx.reallocs,
        memory,
        end: cx.top,
        image: cx.image,
    })
}

pub(super) fn float_note(ty: &str, nan: bool, v: String) -> String {
    if nan {
        format!(
            "{ty} NaN: Wasmtime passes its payload bits through unchanged (the spec's \
             deterministic profile would canonicalise them)"
        )
    } else {
        format!("{ty} {v}")
    }
}

pub(super) fn join_path(path: &str, part: &str) -> String {
    format!("{path}.{part}")
}
