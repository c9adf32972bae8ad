//! The simulated callee memory: a bump allocator answering `cabi_realloc`, the bytes
//! written, and the blocks and spans a report shows.

use std::collections::BTreeMap;

use serde::Serialize;

use super::lower::Lowerer;
use super::{CallOptions, CoreType};

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

/// A block handed out by the simulated allocator, with what was written into it.
pub(super) struct Block {
    pub(super) addr: u32,
    pub(super) size: u32,
    pub(super) align: u32,
    pub(super) purpose: String,
    pub(super) spans: Vec<ByteSpan>,
}

impl Lowerer<'_> {
    /// Answers one `cabi_realloc` call. Sizes are taken as `u64` so that a request too
    /// large for a 32-bit memory is an error that says so, never an overflow: every block
    /// handed out ends below 4 GiB, so addresses within it never wrap.
    pub(super) fn realloc(
        &mut self,
        old_ptr: u32,
        old_size: u32,
        align: u32,
        new_size: u64,
        purpose: String,
    ) -> anyhow::Result<u32> {
        let ret = if old_ptr != 0 && new_size <= u64::from(old_size) {
            old_ptr
        } else {
            let start = u64::from(self.top).div_ceil(u64::from(align)) * u64::from(align);
            let end = start.saturating_add(new_size);
            if end > u64::from(u32::MAX) {
                return Err(anyhow::Error::new(AddressOverflow {
                    start,
                    size: new_size,
                })
                .context(purpose));
            }
            self.top = end as u32;
            start as u32
        };
        // Fits: the block ends below 4 GiB.
        let new_size = new_size as u32;
        self.reallocs.push(ReallocCall {
            old_ptr,
            old_size,
            align,
            new_size,
            ret,
            purpose: purpose.clone(),
        });
        if old_ptr != 0 && ret == old_ptr {
            if let Some(block) = self.blocks.iter_mut().rev().find(|b| b.addr == ret) {
                block.size = new_size;
            }
            return Ok(ret);
        }
        if old_ptr != 0 {
            // A real allocator moves the old contents; so does the simulated one.
            for i in 0..old_size {
                if let Some(byte) = self.image.get(&(old_ptr + i)).copied() {
                    self.image.insert(ret + i, byte);
                }
            }
        }
        self.blocks.push(Block {
            addr: ret,
            size: new_size,
            align,
            purpose,
            spans: Vec::new(),
        });
        Ok(ret)
    }

    pub(super) fn write(&mut self, addr: u32, bytes: &[u8], path: &str, note: String) {
        for (i, b) in bytes.iter().enumerate() {
            self.image.insert(addr + i as u32, *b);
        }
        let len = bytes.len() as u32;
        if let Some(block) = self
            .blocks
            .iter_mut()
            .rev()
            .find(|b| b.addr <= addr && addr + len <= b.addr + b.size.max(len))
        {
            block.spans.push(ByteSpan {
                addr,
                len,
                path: path.to_string(),
                note,
            });
        }
    }

    pub(super) fn block_report(&self, block: &Block) -> MemoryBlock {
        let mut spans: Vec<ByteSpan> = block
            .spans
            .iter()
            .filter(|s| s.addr < block.addr + block.size)
            .cloned()
            .collect();
        spans.sort_by_key(|s| s.addr);
        let mut out = Vec::new();
        let mut at = block.addr;
        let end = block.addr + block.size;
        for span in spans {
            if span.addr > at {
                out.push(gap(at, span.addr));
            }
            at = at.max(span.addr + span.len);
            out.push(span);
        }
        if at < end {
            out.push(gap(at, end));
        }
        MemoryBlock {
            addr: block.addr,
            align: block.align,
            purpose: block.purpose.clone(),
            bytes: (block.addr..end)
                .map(|a| self.image.get(&a).copied())
                .collect(),
            spans: out,
        }
    }

    pub(super) fn write_pointer_and_length(
        &mut self,
        addr: u32,
        ptr: u32,
        len: u32,
        path: &str,
        note: String,
    ) {
        self.write(addr, &ptr.to_le_bytes(), path, format!("pointer {ptr:#x}"));
        self.write(
            addr + 4,
            &len.to_le_bytes(),
            path,
            format!("length: {note}"),
        );
    }
}

fn gap(from: u32, to: u32) -> ByteSpan {
    ByteSpan {
        addr: from,
        len: to - from,
        path: String::new(),
        note: "not written: padding, or room for a larger case".into(),
    }
}
