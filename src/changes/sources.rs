//! The source expressions the change sets write, for the caller that turns them into expression
//! trees (locally, or through Graph `parseExpression`). Pure: it only collects strings.

use std::collections::BTreeSet;

use crate::changes::loaded::LoadedChangeSet;
use crate::location::Location;

/// Every non-null `source` of a `set` item (after `${var}` substitution), in file order,
/// each string once, with the place it was first written. The location is the first character
/// of the expression itself (after an opening quote on the same line), so that
/// [`Location::shifted`] by a character offset inside the expression lands on that character
/// (exact for plain scalars and for quoted ones without escapes).
pub fn function_sources(sets: &[LoadedChangeSet]) -> Vec<(String, Location)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for loaded in sets {
        for mapping in &loaded.set.mappings {
            for item in &mapping.value.set {
                let Some(source) = &item.value.source else {
                    continue;
                };
                let Some(expression) = &source.value else {
                    continue;
                };
                if seen.insert(expression.clone()) {
                    let mut location = loaded.location(source);
                    if starts_with_quote(&loaded.text, location.line, location.column) {
                        location = location.shifted(1);
                    }
                    out.push((expression.clone(), location));
                }
            }
        }
    }
    out
}

/// Whether the character at 1-based `line`:`column` of `text` opens a quoted scalar.
fn starts_with_quote(text: &str, line: u64, column: u64) -> bool {
    text.lines()
        .nth(line.saturating_sub(1) as usize)
        .and_then(|l| l.chars().nth(column.saturating_sub(1) as usize))
        .is_some_and(|c| c == '\'' || c == '"')
}
