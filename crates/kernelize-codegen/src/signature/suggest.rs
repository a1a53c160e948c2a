//! "Did you mean ...?" for misspelt names, by edit distance.

/// The candidate nearest to `word`, if it is near enough to be a likely misspelling:
/// equal but for case, or within an edit distance of one per three characters (at least
/// one). Ties go to the earlier candidate, so callers list preferred spellings first.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let distance = if candidate.eq_ignore_ascii_case(word) {
            0
        } else {
            edit_distance(&lower, &candidate.to_ascii_lowercase())
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// two adjacent characters each cost one (so `paralel`→`parallel` and `f8`→`8f` are 1).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the dynamic-programming table: two back, one back, current.
    let mut two_back = vec![0; b.len() + 1];
    let mut one_back: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (one_back[j] + 1)
                .min(current[j - 1] + 1)
                .min(one_back[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two_back[j - 2] + 1);
            }
            current[j] = d;
        }
        std::mem::swap(&mut two_back, &mut one_back);
        std::mem::swap(&mut one_back, &mut current);
    }
    one_back[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("paralel", "parallel"), 1);
        assert_eq!(edit_distance("f9", "f8"), 1);
        assert_eq!(edit_distance("8f", "f8"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggestions() {
        let options = ["signature", "parallel", "nogil", "fastmath", "cache"];
        assert_eq!(nearest("paralel", options), Some("parallel"));
        assert_eq!(nearest("Parallel", options), Some("parallel"));
        assert_eq!(nearest("nogill", options), Some("nogil"));
        assert_eq!(nearest("xyz", options), None);
        assert_eq!(nearest("f9", ["f8", "f4"]), Some("f8"));
    }
}
