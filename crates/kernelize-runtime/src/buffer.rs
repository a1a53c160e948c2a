//! Output buffers for the allocating entry points: zeroed without touching the pages, and
//! on Linux marked for transparent huge pages when large.
//!
//! Why: page-faulting a fresh 800 MB output with 4 KiB pages costs about as much as the
//! whole softmax computation on this machine (≈ 0.3 s against ≈ 0.07 s with 2 MiB pages),
//! and the faults happen on whichever thread first writes each page. [`alloc_output`]
//! gets the memory from the allocator's zeroing path (`calloc`: fresh `mmap`ed pages for a
//! large buffer, which the kernel zeroes on the first fault, so no thread writes them up
//! front), then asks for huge pages with `madvise(MADV_HUGEPAGE)`. The kernel's own chunked
//! threads (see [`crate::parallel::for_each_chunk_mut`]) then fault the pages they write.
//!
//! What a fresh output still costs, measured (`BENCHMARKS.md`, "The allocating call at
//! 10^8": a 2-vCPU KVM guest, softmax over 10^8 `f64` on two threads): the allocating
//! call took 24–39 ms more than `into` a pre-faulted buffer (1.24–1.40×);
//! its 800 MB came as 2 MiB pages (≈ 380 huge-page faults per call, at most 36 falling
//! back to 4 KiB pages in a whole harness run); and with the page cache filling memory the
//! faults waited for compaction (up to 522 stalls in a run) without moving the medians.
//! Runs twice as slow were as slow for `into`: the host's other load, not the allocation.

use crate::simd::Element;

/// Size of a transparent huge page on x86-64 and the usual aarch64 configurations: 2 MiB.
pub const HUGE_PAGE: usize = 2 << 20;

/// An output of `len` zeros for a kernel to overwrite, allocated so that its pages are not
/// touched yet and, when it spans at least [`HUGE_PAGE`] bytes on Linux, advised to use
/// transparent huge pages (see [`advise_huge_pages`]).
///
/// The result is an ordinary `Vec` (from the global allocator; `len == capacity`), free to
/// keep, grow or drop.
///
/// ```
/// let y = kernelize_runtime::buffer::alloc_output::<f64>(1 << 20);
/// assert_eq!(y.len(), 1 << 20);
/// assert!(y.iter().all(|&v| v == 0.0));
/// ```
pub fn alloc_output<T: Element>(len: usize) -> Vec<T> {
    // `T::ZERO` is all-zero bits for `f32` and `f64`, so the standard library's zero
    // specialisation of `vec![x; n]` allocates through `alloc_zeroed` (`calloc`) instead of
    // writing `n` zeros; `tests/buffer.rs` checks that the pages stay untouched.
    let v = vec![T::ZERO; len];
    advise_huge_pages(&v);
    v
}

/// Asks the OS to back `buf` with transparent huge pages: on Linux, `madvise(MADV_HUGEPAGE)`
/// on the 2 MiB-aligned interior of `buf` when it spans at least one whole huge page.
/// Pages already faulted keep their size (the kernel's `khugepaged` may merge them later);
/// pages faulted afterwards come as 2 MiB pages where the kernel can find them.
///
/// Advice only: it does nothing on other systems, for smaller buffers, or when the kernel
/// has no transparent huge pages (`/sys/kernel/mm/transparent_hugepage/enabled` says
/// `never`), and an error from `madvise` is ignored. With the setting `madvise` (the
/// common default, and this machine's) it is what turns huge pages on for this memory.
pub fn advise_huge_pages<T>(buf: &[T]) {
    #[cfg(target_os = "linux")]
    {
        let start = buf.as_ptr() as usize;
        let end = start + core::mem::size_of_val(buf);
        let lo = start.next_multiple_of(HUGE_PAGE);
        let hi = end - end % HUGE_PAGE;
        if hi > lo {
            // SAFETY: `lo..hi` lies inside `buf`'s allocation, which is mapped and which we
            // borrow for the duration of the call; MADV_HUGEPAGE changes only how later
            // faults are served, never the contents or the validity of the memory, so no
            // Rust reference is invalidated. The address is 2 MiB aligned, hence page
            // aligned as madvise requires. The cast to `*mut` is for the C signature;
            // madvise does not write through it.
            let rc =
                unsafe { libc::madvise(lo as *mut libc::c_void, hi - lo, libc::MADV_HUGEPAGE) };
            // EINVAL when the kernel lacks THP: the buffer simply keeps 4 KiB pages.
            let _ = rc;
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = buf;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_empty() {
        assert!(alloc_output::<f64>(0).is_empty());
        let y = alloc_output::<f32>(7);
        assert_eq!(y, vec![0.0f32; 7]);
        advise_huge_pages::<f64>(&[]);
    }
}
