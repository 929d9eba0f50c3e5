//! The enum values of attribute mappings and scoping filters, spelled exactly as the service
//! spells them (expressions.md §5.3 and §6), and the check that suggests the right spelling.

use crate::expression::suggest::did_you_mean;
use crate::expression::validate::{Problem, Severity};

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

/// The names of `SCOPING_OPERATORS`, for `check_enum`.
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

/// `None` when `value` is one of `allowed` exactly; otherwise an error naming the closest
/// spelling: `flowType "alwaYs" is not valid; did you mean "Always"?`.
pub fn check_enum(kind: &str, value: &str, allowed: &[&str]) -> Option<Problem> {
    if allowed.contains(&value) {
        return None;
    }
    // Scoping operators are written with spaces, but users type underscores (IS_NOT_NULL).
    let spaced = value.replace('_', " ");
    let guess = did_you_mean(value, allowed.iter().copied()).or_else(|| {
        allowed
            .iter()
            .copied()
            .find(|a| a.eq_ignore_ascii_case(&spaced))
    });
    let list = allowed
        .iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let (message, hint) = match guess {
        Some(g) => (
            format!("{kind} \"{value}\" is not valid; did you mean \"{g}\"?"),
            format!("the service spells the values exactly: {list}"),
        ),
        None => (
            format!("{kind} \"{value}\" is not valid"),
            format!("use one of {list}"),
        ),
    };
    Some(Problem {
        severity: Severity::Error,
        offset: None,
        message,
        hint: Some(hint),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_enum_suggests_exact_spelling() {
        let p = check_enum("flowType", "alwaYs", FLOW_TYPES).expect("a problem");
        assert_eq!(
            p.message,
            "flowType \"alwaYs\" is not valid; did you mean \"Always\"?"
        );
        assert!(check_enum("flowType", "Always", FLOW_TYPES).is_none());
    }

    #[test]
    fn check_enum_maps_underscores_to_spaced_operators() {
        let names = scoping_operator_names();
        let p = check_enum("scoping operator", "IS_NOT_NULL", &names).expect("a problem");
        assert!(
            p.message.contains("did you mean \"IS NOT NULL\"?"),
            "{}",
            p.message
        );
        assert!(check_enum("scoping operator", "ENDS_WITH", &names).is_none());
        assert_eq!(scoping_operator_arity("IS FALSE"), Some(Arity::Unary));
    }
}
