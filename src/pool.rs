//! Pooled instances: fresh instances of one program in microseconds.
//!
//! Wasmtime's on-demand allocator maps, protects and unmaps every instance's memories and
//! tables (a 4 GiB reservation and its guard per memory), which made a fresh instance cost
//! more than the call it runs. Its pooling allocator reserves slots for them once, when its
//! engine is made, and a slot used before by the same component is reset in place to the
//! memory's copy-on-write image (`Config::memory_init_cow`, on by default); where Linux
//! reports which pages an instance wrote (`PAGEMAP_SCAN`), only those are copied back and
//! the slot stays mapped. Instantiating is then little more than filling in the instance's
//! tables: about 3.5 µs of CPU for instantiating and dropping a small component, against 15 µs
//! on demand (`docs/benchmarks.md`).
//!
//! A pool is an engine setting, and its slots must fit the components instantiated from it,
//! so a runtime that pools ([`crate::RuntimeBuilder::pooling`]) gives each program it loads
//! an engine of its own, with a pool sized from that component: as many memory and table
//! slots as [`Pooling::instances`] live instances of it need, each memory slot the engine's
//! 4 GiB reservation (the compiled code leaves out bounds checks on that assumption, so a
//! smaller slot would mean other code and other cache entries), each table slot the largest
//! initial table or [`TABLE_ELEMENTS`], whichever is more. Pooling changes no compiled code:
//! the program's component is the one loaded, serialized and taken into the new engine.
//!
//! Where a component does not fit a pool (it instantiates core modules it imports, so what
//! it needs cannot be counted; a memory starts larger than a slot; the reservation would go
//! past [`Pooling::max_reservation`]; the system refuses the reservation), the program keeps
//! the runtime's engine and allocates on demand, and a log record says why (`-v`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, bail};
use wasmtime::component::Component;
use wasmtime::{Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::limits::format_bytes;

/// The fewest elements a pooled table slot holds, whatever the component's tables start
/// at: Wasmtime's own default is 20,000, and a pooled table cannot grow past its slot.
pub(crate) const TABLE_ELEMENTS: usize = 100_000;

/// Wasmtime's limit on the memory one instance's bookkeeping takes. It reserves nothing
/// (the bookkeeping is allocated on the heap either way), so it is set past any component
/// rather than from one.
const INSTANCE_SIZE: usize = 256 << 20;

/// The default of [`Pooling::max_reservation`]: 1 TiB of the 128 TiB of address space a
/// 64-bit Linux process has, about 250 memory slots.
pub(crate) const DEFAULT_MAX_RESERVATION: u64 = 1 << 40;

/// How a runtime pools the instances of the programs it loads
/// ([`crate::RuntimeBuilder::pooling`]).
///
/// ```
/// use wavecall::{Pooling, Runtime};
///
/// # fn main() -> anyhow::Result<()> {
/// // A service with eight workers, each running one instance at a time.
/// let runtime = Runtime::builder().pooling(Pooling::instances(8)).build()?;
/// assert_eq!(runtime.pooling().map(|p| p.instances), Some(8));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pooling {
    /// The most instances of one program alive at once: a service's workers, a test run's
    /// jobs. Starting one more fails until one ends, so count every live session.
    pub instances: u32,
    /// The most address space the pools of all of a runtime's programs reserve together.
    /// Reserved space is not memory: the system hands out pages only as a guest touches
    /// them; but a process under an address-space limit (`ulimit -v`) has less of it.
    pub max_reservation: u64,
}

impl Pooling {
    /// Pools for `instances` live instances of each program (at least one).
    pub fn instances(instances: u32) -> Pooling {
        Pooling {
            instances: instances.max(1),
            max_reservation: DEFAULT_MAX_RESERVATION,
        }
    }

    /// With at most `bytes` of address space reserved by all the pools of the runtime.
    pub fn max_reservation(mut self, bytes: u64) -> Pooling {
        self.max_reservation = bytes;
        self
    }
}

/// The pool a program's instances come from, sized from its component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolSize {
    /// The most instances alive at once.
    pub instances: u32,
    /// Memory slots: the component's memories, times `instances`.
    pub memories: u32,
    /// Table slots: the component's tables, times `instances`.
    pub tables: u32,
    /// The most elements each table may grow to.
    pub table_elements: usize,
    /// The most bytes a memory may grow to in its slot: the engine's reservation.
    pub max_memory: u64,
    /// The bytes of each memory slot, its guard region included.
    pub memory_slot: u64,
    /// The address space reserved for all of it.
    pub reserved: u64,
}

/// The address space a runtime's pools have reserved, shared by its programs; each pooled
/// program gives its part back when it is dropped.
#[derive(Debug, Default)]
pub(crate) struct Reservations(AtomicU64);

/// A pooled program's engine and its part of the runtime's reservations.
pub(crate) struct Pool {
    pub(crate) size: PoolSize,
    reservations: Arc<Reservations>,
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.reservations
            .0
            .fetch_sub(self.size.reserved, Ordering::Relaxed);
    }
}

/// What a program is pooled with, when it is.
pub(crate) struct Pooled {
    pub(crate) engine: Engine,
    pub(crate) component: Component,
    pub(crate) pool: Pool,
}

/// Moves `component` (loaded by `engine`) into an engine of its own, which `make_engine`
/// makes as `engine` was but for the allocation strategy, with a pool sized for it; or says
/// why it stays on demand.
pub(crate) fn pool(
    engine: &Engine,
    component: &Component,
    pooling: &Pooling,
    reservations: &Arc<Reservations>,
    make_engine: impl FnOnce(InstanceAllocationStrategy) -> Result<Engine>,
) -> Result<Pooled> {
    let size = size(engine, component, pooling)?;
    let claim = |bytes| {
        reservations
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |reserved| {
                reserved
                    .checked_add(bytes)
                    .filter(|total| *total <= pooling.max_reservation)
            })
    };
    if let Err(reserved) = claim(size.reserved) {
        bail!(
            "its pool would reserve {} of address space, and the runtime's pools have {} of \
             their {} already",
            approximately(size.reserved),
            approximately(reserved),
            approximately(pooling.max_reservation)
        );
    }
    let pool = Pool {
        size,
        reservations: reservations.clone(),
    };
    let strategy = InstanceAllocationStrategy::Pooling(allocation(&size));
    let pooled = make_engine(strategy).context("the system refused the pool's reservation")?;
    let image = component.serialize()?;
    // SAFETY: the bytes are what Wasmtime's `serialize` made just now of a component
    // compiled for an engine with this same configuration but for the allocation strategy,
    // which changes no compiled code (Wasmtime's `PoolingAllocationConfig` documentation).
    let component = unsafe { Component::deserialize(&pooled, &image) }
        .map_err(anyhow::Error::from)
        .context("the component does not fit the pool")?;
    Ok(Pooled {
        engine: pooled,
        component,
        pool,
    })
}

/// The pool `component` needs for `pooling.instances` live instances.
fn size(engine: &Engine, component: &Component, pooling: &Pooling) -> Result<PoolSize> {
    let Some(needs) = component.resources_required() else {
        bail!("it instantiates core modules it imports, so what it needs cannot be counted");
    };
    let instances = pooling.instances;
    // The slot takes the engine's reservation anyway: a memory may grow through all of it.
    let max_memory = engine.get_memory_reservation();
    let memory_slot = max_memory
        .checked_add(engine.get_memory_guard_size())
        .context("the memory slot is too large")?;
    if let Some(pages) = needs.max_initial_memory_size
        && pages.saturating_mul(WASM_PAGE) > max_memory
    {
        bail!(
            "a memory starts at {}, more than a pool slot's {}",
            format_bytes(pages.saturating_mul(WASM_PAGE)),
            format_bytes(max_memory)
        );
    }
    let table_elements = needs
        .max_initial_table_size
        .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX))
        .max(TABLE_ELEMENTS);
    let memories = needs
        .num_memories
        .checked_mul(instances)
        .context("too many memory slots")?;
    let tables = needs
        .num_tables
        .checked_mul(instances)
        .context("too many table slots")?;
    // The slots, the guard before the first, and the tables (pointer-sized elements).
    let reserved = u64::from(memories)
        .checked_mul(memory_slot)
        .and_then(|m| m.checked_add(engine.get_memory_guard_size()))
        .and_then(|m| m.checked_add(u64::from(tables).checked_mul(table_elements as u64 * 8)?))
        .context("the pool is too large to reserve")?;
    Ok(PoolSize {
        instances,
        memories,
        tables,
        table_elements,
        max_memory,
        memory_slot,
        reserved,
    })
}

/// The bytes of a WebAssembly page (components made with custom page sizes count high).
const WASM_PAGE: u64 = 64 << 10;

/// Wasmtime's pool settings for `size`.
fn allocation(size: &PoolSize) -> PoolingAllocationConfig {
    let per_instance = |slots: u32| (slots / size.instances).max(1);
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(size.instances)
        // Counted, not reserved; the component instance bounds them (and how many core
        // instances a component makes is not in Wasmtime's public API).
        .total_core_instances(u32::MAX)
        .max_component_instance_size(INSTANCE_SIZE)
        .max_core_instance_size(INSTANCE_SIZE)
        .total_memories(size.memories)
        .max_memories_per_component(size.memories / size.instances)
        .max_memories_per_module(per_instance(size.memories))
        .max_memory_size(usize::try_from(size.max_memory).unwrap_or(usize::MAX))
        .total_tables(size.tables)
        .max_tables_per_component(size.tables / size.instances)
        .max_tables_per_module(per_instance(size.tables))
        .table_elements(size.table_elements)
        // wavecall makes no async calls, which alone use these stacks; the default reserves
        // 1,000 of 2 MiB each.
        .total_stacks(0);
    // By default a slot given back is reset with `madvise`, and the next instance faults
    // every page it touches in again: that reset and those faults were most of a pooled
    // instance's cost. Where Linux can tell which pages an instance wrote (`PAGEMAP_SCAN`,
    // 6.7 and later), only those are copied back from the image, and the slot stays
    // resident. Without the scan, keeping pages resident would mean clearing them all
    // every time, so the default stays.
    if PoolingAllocationConfig::is_pagemap_scan_available() {
        pool.pagemap_scan(Enabled::Yes)
            .linear_memory_keep_resident(KEEP_RESIDENT)
            .table_keep_resident(KEEP_RESIDENT);
    }
    pool
}

/// The most bytes of a memory or a table that an instance wrote which are copied back
/// rather than unmapped when its slot is reset: more than a small call writes (its stack,
/// its allocations), little enough that copying it is quicker than the page faults.
const KEEP_RESIDENT: usize = 1 << 20;

/// A size as people read it in a log record: `4.0 GiB`, `781.3 KiB`.
pub(crate) fn approximately(bytes: u64) -> String {
    let units = [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    match units.iter().find(|(_, size)| bytes >= *size) {
        Some((unit, size)) => format!("{:.1} {unit}", bytes as f64 / *size as f64),
        None => format!("{bytes} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_log_records_are_rounded() {
        assert_eq!(approximately((4 << 30) + (32 << 20)), "4.0 GiB");
        assert_eq!(approximately(1536 << 10), "1.5 MiB");
        assert_eq!(approximately(512), "512 bytes");
    }
}
