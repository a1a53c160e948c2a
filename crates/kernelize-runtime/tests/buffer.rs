//! `buffer::alloc_output`: zeroed, untouched until written, advised for huge pages.

use kernelize_runtime::buffer::{HUGE_PAGE, advise_huge_pages, alloc_output};
use kernelize_runtime::parallel::for_each_chunk_mut;

#[test]
fn zeroed_at_every_size() {
    for len in [
        0,
        1,
        1000,
        HUGE_PAGE / 8 - 1,
        HUGE_PAGE / 8,
        3 * HUGE_PAGE / 8 + 5,
    ] {
        let y = alloc_output::<f64>(len);
        assert_eq!(y.len(), len);
        assert!(y.iter().all(|v| v.to_bits() == 0));
        let y = alloc_output::<f32>(len);
        assert!(y.iter().all(|v| v.to_bits() == 0));
    }
}

#[test]
fn an_ordinary_vec() {
    let mut y = alloc_output::<f64>(HUGE_PAGE);
    for_each_chunk_mut(&mut y, |start, chunk| {
        for (i, v) in chunk.iter_mut().enumerate() {
            *v = (start + i) as f64;
        }
    });
    y.push(-1.0);
    assert_eq!(y[HUGE_PAGE - 1], (HUGE_PAGE - 1) as f64);
    assert_eq!(y.pop(), Some(-1.0));
    advise_huge_pages(&y[1..]);
}

/// The `/proc/self/smaps` entry of the mapping that contains `addr`: (`Rss` in KiB,
/// `VmFlags`).
#[cfg(target_os = "linux")]
fn smaps_entry(addr: usize) -> Option<(u64, String)> {
    let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
    let mut inside = false;
    let mut rss = None;
    for line in smaps.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        if let Some((lo, hi)) = first.split_once('-')
            && let (Ok(lo), Ok(hi)) = (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
        {
            inside = (lo..hi).contains(&addr);
            rss = None;
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(v) = line.strip_prefix("Rss:") {
            rss = v.trim().trim_end_matches("kB").trim().parse().ok();
        }
        if let Some(flags) = line.strip_prefix("VmFlags:") {
            return Some((rss?, flags.trim().to_string()));
        }
    }
    None
}

#[cfg(target_os = "linux")]
#[test]
fn large_output_is_untouched_and_advised() {
    let thp =
        std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled").unwrap_or_default();
    let len = 64 << 20 >> 3; // 64 MiB of f64
    let y = alloc_output::<f64>(len);
    let mid = y.as_ptr() as usize + len * 4;
    let Some((rss_kib, flags)) = smaps_entry(mid) else {
        panic!("no /proc/self/smaps entry for the buffer");
    };
    // calloc gave fresh pages: nothing of the 64 MiB is resident yet (a header page, or
    // one huge page under `always`, at most).
    assert!(rss_kib < 8 << 10, "{rss_kib} KiB resident before any write");
    if thp.contains("[madvise]") || thp.contains("[always]") {
        assert!(
            flags.split_whitespace().any(|f| f == "hg"),
            "no `hg` (MADV_HUGEPAGE) in VmFlags: {flags}"
        );
    }
    drop(y);
}
