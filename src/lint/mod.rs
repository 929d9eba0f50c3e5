//! Lint rules over a whole desired schema (expressions.md §7): a target mapped twice, source
//! attributes a directory does not define, matching priorities that are not unique, expressions
//! that do not validate, enum spellings, and scoping clauses the service cannot evaluate.
//!
//! A problem in an item the change sets add or change (an item of the plan) is an error: it
//! stops `plan` and `apply`. A problem already present in the tenant's schema is a warning, so
//! every real schema still plans. Pure: schema and plan in, findings out.

mod mappings;
mod scope;

use serde_json::Value;

use crate::diff::{Action, Item, Plan};
use crate::expression::Severity;
use crate::schema::nav;

/// One problem, attached to the schema item it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub item: Item,
    pub message: String,
    pub hint: Option<String>,
    /// For expression problems: the character offset inside the mapping's expression.
    pub offset: Option<usize>,
    /// For scoping clauses: the (group, clause) indexes in the scope's `groups`.
    pub clause: Option<(usize, usize)>,
}

/// Whether an item is one the plan adds or changes.
pub struct Touched<'a> {
    plan: &'a Plan,
}

impl Touched<'_> {
    pub fn contains(&self, item: &Item) -> bool {
        self.plan
            .changes
            .iter()
            .any(|c| &c.item == item && !matches!(c.action, Action::Remove))
    }

    /// Error for touched items, warning for the rest.
    fn severity(&self, item: &Item) -> Severity {
        if self.contains(item) {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

/// The identity of a rule, as the diff names it: its `name`, else its `id`.
pub fn rule_identity(rule: &Value) -> String {
    nav::str_field(rule, "name")
        .or_else(|| nav::str_field(rule, "id"))
        .unwrap_or_default()
        .to_owned()
}

/// Run every rule over `desired`; `plan` says which items the change sets add or change.
pub fn lint(desired: &Value, plan: &Plan) -> Vec<Finding> {
    let touched = Touched { plan };
    let mut findings = Vec::new();
    for rule in nav::rules(desired) {
        for object_mapping in nav::object_mappings(rule) {
            let ctx = mappings::ObjectMappingContext::new(desired, rule, object_mapping);
            mappings::check(&ctx, &touched, &mut findings);
            scope::check(&ctx, &touched, &mut findings);
        }
    }
    findings
}

/// How many findings are errors.
pub fn error_count(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
}
