//! The simulated callee memory: a bump allocator answering `cabi_realloc`, the bytes
//! written, and the blocks and spans an explanation shows.

use super::Lowerer;
use super::model::{AddressOverflow, ByteSpan, MemoryBlock, ReallocCall};

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
    pub(crate) fn realloc(
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

    pub(super) fn memory_block(&self, block: &Block) -> MemoryBlock {
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
