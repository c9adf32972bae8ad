//! What a simulated lowering produces: the flat core values, the `cabi_realloc` calls and
//! the memory written, each part labelled with the argument it carries.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{CallOptions, CoreType};

/// What the caller does to pass one set of arguments to a lifted export.
#[derive(Clone, Debug, Serialize)]
pub struct CallLowering {
    /// The function's name.
    pub function: String,
    /// The base address and string encoding used.
    pub options: CallOptions,
    /// Whether the arguments were stored in memory and passed as one pointer.
    pub params_in_memory: bool,
    /// The core parameter values, in order.
    pub flat: Vec<FlatValue>,
    /// Every call of the callee's `cabi_realloc`, in order.
    pub reallocs: Vec<ReallocCall>,
    /// Every block the allocator handed out, with the bytes written into it.
    pub memory: Vec<MemoryBlock>,
    /// The allocator's next free address after the call.
    pub end: u32,
    #[serde(skip)]
    pub(super) image: BTreeMap<u32, u8>,
}

impl CallLowering {
    /// The bytes from `options.base` up to `end` as the callee sees them after lowering;
    /// `None` where nothing was written.
    pub fn memory_image(&self) -> Vec<Option<u8>> {
        (self.options.base..self.end)
            .map(|a| self.image.get(&a).copied())
            .collect()
    }
}

/// One core parameter value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlatValue {
    /// Its core type.
    pub ty: CoreType,
    /// Its bits: `i32` and `f32` zero-extended, floats as their IEEE bits.
    pub bits: u64,
    /// Which part of which argument it carries (`s.circle.radius`, `names[1]`).
    pub path: String,
    /// How the value came about, for a learner.
    pub note: String,
}

/// One call of the callee's `cabi_realloc(old_ptr, old_size, align, new_size) -> ptr`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReallocCall {
    /// The block to resize, 0 for a new allocation.
    pub old_ptr: u32,
    /// The size of that block.
    pub old_size: u32,
    /// The alignment asked for.
    pub align: u32,
    /// The size asked for.
    pub new_size: u32,
    /// The pointer the (simulated bump) allocator returns.
    pub ret: u32,
    /// What the memory is for.
    pub purpose: String,
}

/// A block of memory handed out by the allocator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemoryBlock {
    /// Its address.
    pub addr: u32,
    /// Its alignment.
    pub align: u32,
    /// What it holds.
    pub purpose: String,
    /// Its bytes, `None` where the lowering wrote nothing (padding, room for a larger case).
    pub bytes: Vec<Option<u8>>,
    /// Which bytes belong to what, in address order, gaps included.
    pub spans: Vec<ByteSpan>,
}

/// A run of bytes with one meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ByteSpan {
    /// The first address.
    pub addr: u32,
    /// The number of bytes.
    pub len: u32,
    /// The part of the arguments stored there; empty for bytes not written.
    pub path: String,
    /// What the bytes mean.
    pub note: String,
}

/// A simulated allocation that does not fit in a 32-bit memory: the base address is too
/// close to 4 GiB for the values, or the values are too large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressOverflow {
    /// Where the block would start (aligned).
    pub start: u64,
    /// How many bytes it needs.
    pub size: u64,
}

impl std::fmt::Display for AddressOverflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} bytes at {:#x} would end at {:#x}, past 0xffffffff, the top of a 32-bit \
             memory; start the simulated allocator at a lower base address",
            self.size,
            self.start,
            self.start.saturating_add(self.size)
        )
    }
}

impl std::error::Error for AddressOverflow {}
