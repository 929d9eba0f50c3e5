//! "Did you mean" for the engine's errors: the closest existing name to what the user wrote, and
//! exact enum spellings (`string` → `String`) checked with a suggestion.

use crate::changes::LoadedChangeSet;
use crate::error::Result;
use serde_saphyr::Spanned;

/// Edit distance between two strings, counted in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let value = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            current.push(value);
        }
        previous = current;
    }
    previous[b.len()]
}

/// The candidate closest to `wanted`, when it is close enough to be a likely typo: equal ignoring
/// case, spaces and underscores, or within a third of its length in edits.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let fold = |s: &str| s.to_lowercase().replace(['_', ' '], "");
    let folded = fold(wanted);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == wanted {
            continue;
        }
        let score = if fold(candidate) == folded {
            0
        } else {
            distance(&wanted.to_lowercase(), &candidate.to_lowercase())
        };
        let limit = (wanted.chars().count().max(candidate.chars().count()) / 3).max(1);
        if score <= limit && best.is_none_or(|(b, _)| score < b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, name)| name)
}

/// `did you mean "X"?` for the closest candidate, if any.
pub fn hint<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(wanted, candidates).map(|name| format!("did you mean \"{name}\"?"))
}

/// `"a", "b", "c"` (or `none` when empty), for "names that exist" lists.
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

/// Check that `value` is spelled exactly as one of `allowed`; the error names the field, lists
/// the allowed values and suggests the closest one.
pub fn check_enum(
    set: &LoadedChangeSet,
    value: &Spanned<String>,
    field: &str,
    allowed: &[&str],
) -> Result<()> {
    if allowed.contains(&value.value.as_str()) {
        return Ok(());
    }
    Err(set.error_at(
        value,
        format!(
            "\"{}\" is not a valid {field}; the values are: {}",
            value.value,
            quoted_list(allowed)
        ),
        hint(&value.value, allowed.iter().copied()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_case_and_typo_fixes() {
        assert_eq!(closest("string", ["String", "Integer"]), Some("String"));
        assert_eq!(
            closest("APi", ["API", "Azure Active Directory"]),
            Some("API")
        );
        assert_eq!(closest("Usr", ["User", "Group"]), Some("User"));
        assert_eq!(closest("IS_TRUE", ["IS TRUE", "IS FALSE"]), Some("IS TRUE"));
    }

    #[test]
    fn no_suggestion_for_unrelated_names() {
        assert_eq!(closest("department", ["mail", "User"]), None);
        assert_eq!(hint("x", std::iter::empty()), None);
    }

    #[test]
    fn lists_names_quoted() {
        assert_eq!(quoted_list(&["a", "b"]), "\"a\", \"b\"");
        assert_eq!(quoted_list::<&str>(&[]), "none");
    }
}
