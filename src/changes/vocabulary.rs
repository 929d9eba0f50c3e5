//! The fixed spellings a change set may use (attribute types, mutability, flow types, flow
//! behaviours, scoping operators), and "did you mean" suggestions for near misses.
//!
//! The service compares these strings case-sensitively, so a wrong case is a wrong spelling.
//! This module only knows words; it does not look at change sets.

/// `attributeDefinition.type` (`type:` of an attribute).
pub const ATTRIBUTE_TYPES: &[&str] = &[
    "String",
    "Integer",
    "Reference",
    "Binary",
    "Boolean",
    "DateTime",
];

/// `attributeDefinition.mutability`.
pub const MUTABILITIES: &[&str] = &["ReadWrite", "ReadOnly", "Immutable", "WriteOnly"];

/// `attributeMapping.flowType` (`flow:` of a `set` item).
pub const FLOW_TYPES: &[&str] = &[
    "Always",
    "ObjectAddOnly",
    "MultiValueAddOnly",
    "ValueAddOnly",
    "AttributeAddOnly",
];

/// `attributeMapping.flowBehavior` (`behavior:` of a `set` item).
pub const FLOW_BEHAVIORS: &[&str] = &["FlowWhenChanged", "FlowAlways"];

/// Scoping operators that take no value (`targetOperand: null`).
pub const UNARY_OPERATORS: &[&str] = &["IS TRUE", "IS FALSE", "IS NULL", "IS NOT NULL"];

/// Scoping operators that compare with one or more values.
pub const BINARY_OPERATORS: &[&str] = &[
    "EQUALS",
    "NOT EQUALS",
    "REGEX MATCH",
    "NOT REGEX MATCH",
    "Greater_Than",
    "Greater_Than_OR_EQUALS",
    "Includes",
    "ENDS_WITH",
    "&",
    "!&",
];

/// Folds case and treats `_`, `-` and spaces alike, so `is_true` finds `IS TRUE`.
fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Edit distance between two short words (Levenshtein, by characters).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}

/// The known word closest to `word`, if one is close enough to be a plausible typo.
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let folded = fold(word);
    if let Some(exact) = known.iter().find(|k| fold(k) == folded) {
        return Some(exact);
    }
    known
        .iter()
        .map(|k| (distance(&folded, &fold(k)), *k))
        .filter(|(d, k)| *d <= 2.max(fold(k).len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// A hint listing the allowed words, led by the closest one when there is one.
pub fn spelling_hint(word: &str, known: &[&str]) -> String {
    let list = known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match closest(word, known) {
        Some(best) => format!("did you mean `{best}`? allowed: {list}"),
        None => format!("allowed: {list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_ignores_case_and_separators() {
        assert_eq!(closest("is_true", UNARY_OPERATORS), Some("IS TRUE"));
        assert_eq!(closest("objectaddonly", FLOW_TYPES), Some("ObjectAddOnly"));
    }

    #[test]
    fn closest_finds_typos_but_not_unrelated_words() {
        assert_eq!(closest("Allways", FLOW_TYPES), Some("Always"));
        assert_eq!(closest("Strng", ATTRIBUTE_TYPES), Some("String"));
        assert_eq!(closest("banana", FLOW_BEHAVIORS), None);
    }

    #[test]
    fn hint_lists_allowed_words() {
        assert_eq!(
            spelling_hint("x", FLOW_BEHAVIORS),
            "allowed: `FlowWhenChanged`, `FlowAlways`"
        );
    }
}
