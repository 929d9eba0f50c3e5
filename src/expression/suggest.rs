//! "Did you mean" suggestions: the closest known spelling of a mistyped word.

/// The candidate closest to `word`: an exact match ignoring case first, otherwise the smallest
/// edit distance (ignoring case) when it is small for the length of the word.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = distance(&lower, &c.to_lowercase());
        if d == 0 {
            return Some(c);
        }
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let limit = (word.chars().count() / 3).clamp(1, 3);
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

/// Damerau-Levenshtein distance (optimal string alignment) between two strings, in chars.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_transposed_letters() {
        assert_eq!(did_you_mean("Jion", ["Join", "Item", "Left"]), Some("Join"));
        assert_eq!(distance("jion", "join"), 1);
    }

    #[test]
    fn prefers_case_insensitive_match() {
        assert_eq!(
            did_you_mean("alwaYs", ["ObjectAddOnly", "Always"]),
            Some("Always")
        );
    }

    #[test]
    fn gives_nothing_for_distant_words() {
        assert_eq!(did_you_mean("Frobnicate", ["Join", "Left"]), None);
    }
}
