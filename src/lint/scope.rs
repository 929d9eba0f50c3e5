//! Lint rules for scoping filters: operators spelled as the service spells them, values present
//! for binary operators and absent for unary ones, and clauses only on attributes the service
//! can filter (not multi-valued, not `manager`, `appRoleAssignments`, `userType`, not dates).

use serde_json::Value;

use crate::diff::Item;
use crate::expression::{self, Arity, Severity};
use crate::lint::mappings::ObjectMappingContext;
use crate::lint::{Finding, Touched};
use crate::schema::nav;

/// Attributes the provisioning service does not support in scoping filters (known-issues.md).
const UNSUPPORTED: &[&str] = &["manager", "appRoleAssignments", "userType"];

/// The filter group collections of a `filter`, and whether it is the portal's scoping filter.
const COLLECTIONS: &[(&str, bool)] = &[
    ("groups", true),
    ("inputFilterGroups", false),
    ("categoryFilterGroups", false),
];

pub fn check(ctx: &ObjectMappingContext, touched: &Touched, findings: &mut Vec<Finding>) {
    let Some(scope) = ctx.object_mapping.get("scope").filter(|s| !s.is_null()) else {
        return;
    };
    let item = Item::Scope {
        rule: ctx.rule.clone(),
        source: ctx.source_object.clone(),
        target: ctx.target_object.clone(),
    };
    let severity = touched.severity(&item);
    // The clause being checked, as (group, clause) indexes in `groups`, for locating findings.
    let clause_at = std::cell::Cell::new(None);
    let mut push = |severity: Severity, message: String, hint: Option<String>| {
        findings.push(Finding {
            severity,
            item: item.clone(),
            message,
            hint,
            offset: None,
            clause: clause_at.get(),
        });
    };
    let operators = expression::scoping_operator_names();
    for (collection, is_scoping) in COLLECTIONS {
        for (g, group) in nav::array(scope, collection).iter().enumerate() {
            let group_name = nav::str_field(group, "name").unwrap_or("(unnamed)");
            for (c, clause) in nav::array(group, "clauses").iter().enumerate() {
                clause_at.set(is_scoping.then_some((g, c)));
                let attribute = nav::str_field(clause, "sourceOperandName").unwrap_or_default();
                let operator = nav::str_field(clause, "operatorName").unwrap_or_default();
                let at = format!("scoping filter \"{group_name}\", clause on {attribute}");
                if let Some(problem) = expression::check_enum("operator", operator, &operators) {
                    push(severity, format!("{at}: {}", problem.message), problem.hint);
                } else if expression::UNCONFIRMED_SCOPING_OPERATORS.contains(&operator) {
                    push(
                        Severity::Warning,
                        format!(
                            "{at}: the JSON spelling of operator \"{operator}\" is not confirmed by any source"
                        ),
                        Some("check it against the job's GET …/schema/filterOperators".into()),
                    );
                }
                check_values(clause, operator, &at, severity, &mut push);
                let definition = ctx
                    .source_definition
                    .and_then(|object| nav::find_attribute(object, attribute));
                if ctx.source_definition.is_some() && definition.is_none() {
                    push(
                        severity,
                        format!(
                            "{at}: attribute \"{attribute}\" is not defined on object {} of directory {}",
                            ctx.source_object, ctx.source_directory
                        ),
                        Some("scoping clauses name attributes of the source object; names are case-sensitive".into()),
                    );
                }
                if *is_scoping && let Some(reason) = unsupported(attribute, definition) {
                    push(
                        severity,
                        format!("{at}: the service cannot filter on {reason}"),
                        Some("scope on another attribute, or filter in the source system".into()),
                    );
                }
            }
        }
    }
}

/// Binary operators need at least one value; unary ones take none.
fn check_values(
    clause: &Value,
    operator: &str,
    at: &str,
    severity: Severity,
    push: &mut impl FnMut(Severity, String, Option<String>),
) {
    let values = clause
        .get("targetOperand")
        .filter(|t| !t.is_null())
        .map(|t| nav::array(t, "values").len())
        .unwrap_or(0);
    match expression::scoping_operator_arity(operator) {
        Some(Arity::Binary) if values == 0 => push(
            severity,
            format!("{at}: operator \"{operator}\" compares with a value, but the clause has none"),
            Some("give the clause a `value:` (or `values:`)".into()),
        ),
        Some(Arity::Unary) if values > 0 => push(
            severity,
            format!("{at}: operator \"{operator}\" takes no value, but the clause has {values}"),
            Some("remove `value:` from the clause".into()),
        ),
        _ => {}
    }
}

/// Why the service cannot filter on this attribute, if it cannot.
fn unsupported(attribute: &str, definition: Option<&Value>) -> Option<String> {
    if UNSUPPORTED.contains(&attribute) {
        return Some(format!("\"{attribute}\""));
    }
    let definition = definition?;
    if definition.get("multivalued").and_then(Value::as_bool) == Some(true) {
        return Some(format!("the multi-valued attribute \"{attribute}\""));
    }
    match nav::str_field(definition, "type") {
        Some("DateTime") => return Some(format!("the date attribute \"{attribute}\"")),
        // `manager` and its kin (the enterprise extension's `...:User:manager`) are references.
        Some("Reference") => return Some(format!("the reference attribute \"{attribute}\"")),
        _ => {}
    }
    None
}
