//! The enum checks of attribute mappings and scoping filters as expression `Problem`s. The
//! spellings themselves live in `crate::vocabulary`; this file only adapts the check.

use crate::expression::validate::{Problem, Severity};
use crate::vocabulary;

/// `None` when `value` is one of `allowed` exactly; otherwise an error naming the closest
/// spelling: `"alwaYs" is not a valid flowType; did you mean "Always"?`, with the allowed
/// values as the hint.
pub fn check_enum(kind: &str, value: &str, allowed: &[&str]) -> Option<Problem> {
    vocabulary::check_enum(kind, value, allowed).map(|m| Problem {
        severity: Severity::Error,
        offset: None,
        message: m.message,
        hint: Some(m.hint),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::FLOW_TYPES;

    #[test]
    fn check_enum_is_an_error_with_the_exact_spelling() {
        let p = check_enum("flowType", "alwaYs", FLOW_TYPES).expect("a problem");
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(
            p.message,
            "\"alwaYs\" is not a valid flowType; did you mean \"Always\"?"
        );
        assert!(check_enum("flowType", "Always", FLOW_TYPES).is_none());
    }
}
