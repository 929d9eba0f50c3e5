//! "Did you mean": the known spelling closest to a word someone mistyped. The one place every
//! module (change sets, engine, expressions) asks for a suggestion.

/// Lower case, with `_`, `-` and spaces dropped, so `is_not_null` meets `IS NOT NULL`.
fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The candidate closest to `word`, when it is a plausible typo of it.
///
/// A candidate equal to `word` ignoring case and `_` / `-` / space separators wins first.
/// Otherwise the smallest edit distance (transpositions count as one edit) between the folded
/// spellings, when it is at most a third of the longer word (at least 1, at most 3) and leaves
/// at least one character standing (so `x` never "means" `&`, but `dd` may mean `d`). Ties go
/// to the earlier candidate. A candidate spelled exactly like `word` is never suggested:
/// suggesting the same word helps nobody.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let folded = fold(word);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let other = fold(candidate);
        if other == folded {
            return Some(candidate);
        }
        let d = distance(&folded, &other);
        let (a, b) = (folded.chars().count(), other.chars().count());
        let limit = (a.max(b) / 3).clamp(1, 3);
        if d <= limit && d < a.max(b) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `did you mean "X"?` for the closest candidate, if any (the hint of "not found" errors).
pub fn hint<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(word, candidates).map(|name| format!("did you mean \"{name}\"?"))
}

/// `"a", "b", "c"` (or `none` when empty), for "the values are" and "names that exist" lists.
pub fn quoted_list<S: AsRef<str>>(names: &[S]) -> String {
    if names.is_empty() {
        return "none".to_owned();
    }
    names
        .iter()
        .map(|n| format!("\"{}\"", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
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
    fn separators_and_case_are_ignored_first() {
        let ops = ["IS TRUE", "IS FALSE", "IS NOT NULL"];
        assert_eq!(did_you_mean("is_true", ops), Some("IS TRUE"));
        assert_eq!(did_you_mean("IS_NOT_NULL", ops), Some("IS NOT NULL"));
        assert_eq!(
            did_you_mean("objectaddonly", ["Always", "ObjectAddOnly"]),
            Some("ObjectAddOnly")
        );
        assert_eq!(
            did_you_mean("alwaYs", ["ObjectAddOnly", "Always"]),
            Some("Always")
        );
        assert_eq!(
            did_you_mean("string", ["String", "Integer"]),
            Some("String")
        );
        assert_eq!(
            did_you_mean("APi", ["API", "Azure Active Directory"]),
            Some("API")
        );
    }

    #[test]
    fn typos_and_transpositions_are_found() {
        assert_eq!(
            did_you_mean("Allways", ["Always", "ValueAddOnly"]),
            Some("Always")
        );
        assert_eq!(did_you_mean("Strng", ["String", "Integer"]), Some("String"));
        assert_eq!(did_you_mean("Usr", ["User", "Group"]), Some("User"));
        assert_eq!(did_you_mean("Jion", ["Join", "Item", "Left"]), Some("Join"));
        assert_eq!(did_you_mean("dd", ["yyyy", "m", "d"]), Some("d"));
        assert_eq!(distance("jion", "join"), 1);
    }

    #[test]
    fn unrelated_or_identical_words_get_nothing() {
        assert_eq!(
            did_you_mean("banana", ["FlowWhenChanged", "FlowAlways"]),
            None
        );
        assert_eq!(did_you_mean("department", ["mail", "User"]), None);
        assert_eq!(did_you_mean("Frobnicate", ["Join", "Left"]), None);
        assert_eq!(did_you_mean("x", ["&", "!&"]), None);
        assert_eq!(did_you_mean("User", ["User"]), None);
        assert_eq!(did_you_mean("x", std::iter::empty()), None);
    }

    #[test]
    fn hint_quotes_the_suggestion() {
        assert_eq!(
            hint("Usr", ["User", "Group"]),
            Some("did you mean \"User\"?".to_owned())
        );
        assert_eq!(hint("x", std::iter::empty()), None);
    }

    #[test]
    fn lists_names_quoted() {
        assert_eq!(quoted_list(&["a", "b"]), "\"a\", \"b\"");
        assert_eq!(quoted_list::<&str>(&[]), "none");
    }
}
