//! The service's fixed spellings: attribute types, mutabilities, flow types, flow behaviors and
//! scoping operators (with their arity), exactly as the service writes them (graph-sync-api.md
//! §2, expressions.md §5.3 and §6), and the one check that names the right spelling.
//!
//! The service compares these strings case-sensitively (`flowWhenChanged` is rejected), so a
//! wrong case is a wrong spelling. This module only knows words.

use crate::suggest::{did_you_mean, quoted_list};

/// `attributeDefinition.type`.
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

/// `attributeMapping.flowType`.
pub const FLOW_TYPES: &[&str] = &[
    "Always",
    "ObjectAddOnly",
    "MultiValueAddOnly",
    "ValueAddOnly",
    "AttributeAddOnly",
];

/// `attributeMapping.flowBehavior`.
pub const FLOW_BEHAVIORS: &[&str] = &["FlowWhenChanged", "FlowAlways"];

/// Whether a scoping operator takes values (`targetOperand.values`) or not (`targetOperand: null`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arity {
    Unary,
    Binary,
}

/// `filterClause.operatorName` values: the eight of the `filterOperators` sample, the two the
/// real export confirms (`!&`, `ENDS_WITH`), and the four the portal lists whose JSON spelling
/// is not confirmed (see `UNCONFIRMED_SCOPING_OPERATORS`).
pub const SCOPING_OPERATORS: &[(&str, Arity)] = &[
    ("EQUALS", Arity::Binary),
    ("NOT EQUALS", Arity::Binary),
    ("IS TRUE", Arity::Unary),
    ("IS FALSE", Arity::Unary),
    ("IS NULL", Arity::Unary),
    ("IS NOT NULL", Arity::Unary),
    ("REGEX MATCH", Arity::Binary),
    ("NOT REGEX MATCH", Arity::Binary),
    ("!&", Arity::Binary),
    ("ENDS_WITH", Arity::Binary),
    ("&", Arity::Binary),
    ("Greater_Than", Arity::Binary),
    ("Greater_Than_OR_EQUALS", Arity::Binary),
    ("Includes", Arity::Binary),
];

/// Operators the portal documents but whose JSON spelling no source confirms (OQ-10): accept
/// them, with a warning.
pub const UNCONFIRMED_SCOPING_OPERATORS: &[&str] =
    &["&", "Greater_Than", "Greater_Than_OR_EQUALS", "Includes"];

/// The names of `SCOPING_OPERATORS`, in table order, for `check_enum`.
pub fn scoping_operator_names() -> Vec<&'static str> {
    SCOPING_OPERATORS.iter().map(|(n, _)| *n).collect()
}

/// The arity of a scoping operator spelled exactly as the service spells it.
pub fn scoping_operator_arity(name: &str) -> Option<Arity> {
    SCOPING_OPERATORS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| *a)
}

/// Why a word is not one of the allowed spellings, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misspelling {
    /// `"alwaYs" is not a valid flow type; did you mean "Always"?`
    pub message: String,
    /// The allowed spellings: `the service spells the values exactly: "Always", ...`.
    pub hint: String,
}

/// `None` when `value` is one of `allowed` exactly; otherwise the message (with the closest
/// spelling, if one is close) and a hint listing the allowed values. `kind` names the field in
/// words (`flow type`, `scoping operator`).
pub fn check_enum(kind: &str, value: &str, allowed: &[&str]) -> Option<Misspelling> {
    if allowed.contains(&value) {
        return None;
    }
    let message = match did_you_mean(value, allowed.iter().copied()) {
        Some(guess) => format!("\"{value}\" is not a valid {kind}; did you mean \"{guess}\"?"),
        None => format!("\"{value}\" is not a valid {kind}"),
    };
    Some(Misspelling {
        message,
        hint: format!(
            "the service spells the values exactly: {}",
            quoted_list(allowed)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_enum_suggests_exact_spelling() {
        let m = check_enum("flow type", "alwaYs", FLOW_TYPES).expect("a misspelling");
        assert_eq!(
            m.message,
            "\"alwaYs\" is not a valid flow type; did you mean \"Always\"?"
        );
        assert!(m.hint.ends_with("\"ValueAddOnly\", \"AttributeAddOnly\""));
        assert!(check_enum("flow type", "Always", FLOW_TYPES).is_none());
    }

    #[test]
    fn check_enum_maps_underscores_to_spaced_operators() {
        let names = scoping_operator_names();
        let m = check_enum("scoping operator", "IS_NOT_NULL", &names).expect("a misspelling");
        assert!(
            m.message.contains("did you mean \"IS NOT NULL\"?"),
            "{}",
            m.message
        );
        assert!(check_enum("scoping operator", "ENDS_WITH", &names).is_none());
    }

    #[test]
    fn check_enum_without_a_close_word_only_lists() {
        let m = check_enum("flow behavior", "x", FLOW_BEHAVIORS).expect("a misspelling");
        assert_eq!(m.message, "\"x\" is not a valid flow behavior");
        assert_eq!(
            m.hint,
            "the service spells the values exactly: \"FlowWhenChanged\", \"FlowAlways\""
        );
    }

    #[test]
    fn operators_know_their_arity() {
        assert_eq!(scoping_operator_arity("IS FALSE"), Some(Arity::Unary));
        assert_eq!(scoping_operator_arity("ENDS_WITH"), Some(Arity::Binary));
        assert_eq!(scoping_operator_arity("is false"), None);
        assert!(
            UNCONFIRMED_SCOPING_OPERATORS
                .iter()
                .all(|u| scoping_operator_arity(u).is_some())
        );
    }
}
