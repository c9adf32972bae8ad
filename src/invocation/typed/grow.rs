//! Room for the items of a list, projected from what the text still holds.
//!
//! A million-element list is 40 MB of `Val`s; grown by doubling it is copied and faulted in
//! again and again. Once a list has a few thousand items, its room is projected from the
//! bytes each item took so far and allocated once, on huge pages (`super::super::huge`).
//! Room beyond the list's end is never touched: it costs address space, not memory.

use wasmtime::component::Val;

use crate::invocation::huge;

/// Items read before the room for the rest is projected.
const SAMPLE: usize = 4096;

/// Appends `item`; `consumed` bytes of text held the items so far, `remaining` are left.
#[inline(always)]
pub(super) fn push(items: &mut Vec<Val>, item: Val, consumed: usize, remaining: usize) {
    if items.len() == items.capacity() {
        grow(items, consumed, remaining);
    }
    items.push(item);
}

#[cold]
fn grow(items: &mut Vec<Val>, consumed: usize, remaining: usize) {
    let len = items.len();
    let mut room = (2 * len).max(4);
    if len >= SAMPLE {
        // Every item takes at least two bytes (one and a comma).
        let projected = len.saturating_mul(consumed + remaining) / consumed.max(1);
        room = room.max((projected + projected / 8).min(len + remaining / 2));
    }
    match huge::vec_with_room(room) {
        Some(mut fresh) => {
            fresh.append(items);
            *items = fresh;
        }
        // A projection the allocator refuses falls back to doubling.
        None => {
            if items.try_reserve_exact(room - len).is_err() {
                items.reserve(len.max(4));
            }
        }
    }
}
