//! Large buffers on huge pages: call texts of megabytes and the lists parsed from them.
//!
//! Memory fresh from the kernel is faulted in 4 KiB at a time; for the 8 MB text and the
//! 40 MB of `Val`s of a million-element list that is some 12,000 page faults, more time than
//! the parsing. On Linux, a buffer marked for transparent huge pages (`MADV_HUGEPAGE`,
//! honoured when `/sys/kernel/mm/transparent_hugepage/enabled` is `madvise` or `always`)
//! before anything is written to it is faulted in 2 MiB at a time. Elsewhere, or when the
//! kernel declines, buffers are ordinary ones.

/// Below this, huge pages are not worth a system call.
const WORTH: usize = 4 << 20;

/// An empty vector with room for `room` items, on huge pages where that is worth it and
/// possible; `None` when not (the caller allocates as usual).
pub(crate) fn vec_with_room<T>(room: usize) -> Option<Vec<T>> {
    let bytes = room.checked_mul(size_of::<T>())?;
    if bytes < WORTH || !cfg!(target_os = "linux") {
        return None;
    }
    let mut fresh: Vec<T> = Vec::new();
    fresh.try_reserve_exact(room).ok()?;
    advise(fresh.as_mut_ptr() as usize, bytes);
    Some(fresh)
}

#[cfg(target_os = "linux")]
fn advise(start: usize, bytes: usize) {
    // From the start of the allocation's first page: a large allocation is a mapping of its
    // own, which the kernel aligns to 2 MiB, so its first huge page starts there.
    const PAGE: usize = 4096;
    let from = start / PAGE * PAGE;
    // SAFETY: `from..start + bytes` is the pages of an allocation nothing has written to yet
    // (and the allocator's header before it), and MADV_HUGEPAGE only changes how the kernel
    // backs pages, never what they hold. A refusal is harmless, so the result is ignored.
    unsafe {
        libc::madvise(
            from as *mut libc::c_void,
            start + bytes - from,
            libc::MADV_HUGEPAGE,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_: usize, _: usize) {}

#[cfg(test)]
mod tests {
    #[test]
    fn room_on_huge_pages_only_when_large() {
        assert!(super::vec_with_room::<u64>(1000).is_none());
        if cfg!(target_os = "linux") {
            let room = super::vec_with_room::<u64>(1 << 20).unwrap();
            assert!(room.is_empty() && room.capacity() == 1 << 20);
        }
    }
}
