//! Words for plan entries shared by the text and Markdown renderers: the group header of an
//! item, its label, and how a field's values read (expressions verbatim, scoping filters as
//! clauses, other values as compact JSON).

use serde_json::Value;

use crate::diff::scope::{GROUP_KEYS, describe_groups, describe_scope, group_changes};
use crate::diff::{Action, Change, FieldChange, Item, Plan};

/// The heading under which an item is listed: its directory and object, or its rule and
/// object mapping (`API → Azure Active Directory: User → User`).
pub fn group_header(plan: &Plan, item: &Item) -> String {
    let directions = |rule: &str| {
        plan.rule_directories
            .get(rule)
            .filter(|(s, t)| !s.is_empty() || !t.is_empty())
            .map(|(s, t)| format!("{s} → {t}"))
    };
    match item {
        Item::Document { .. } => "document".to_owned(),
        Item::Directory { .. } => "directories".to_owned(),
        Item::ObjectDefinition { directory, .. } => format!("directory {directory}"),
        Item::AttributeDefinition {
            directory, object, ..
        } => format!("{directory}: {object}"),
        Item::Rule { .. } => "synchronization rules".to_owned(),
        Item::ObjectMapping { rule, .. } => match directions(rule) {
            Some(d) => format!("rule {rule} ({d})"),
            None => format!("rule {rule}"),
        },
        Item::AttributeMapping {
            rule,
            source,
            target,
            ..
        }
        | Item::Scope {
            rule,
            source,
            target,
        } => {
            let prefix = directions(rule).unwrap_or_else(|| format!("rule {rule}"));
            format!("{prefix}: {} → {}", shown(source), shown(target))
        }
    }
}

/// An object name as shown: `""` when it is empty (the disabled cloud-sync mapping has one).
fn shown(name: &str) -> &str {
    if name.is_empty() { "\"\"" } else { name }
}

/// The kind of an item in words (`attribute mapping`).
pub fn kind(item: &Item) -> &'static str {
    match item {
        Item::Document { .. } => "document",
        Item::Directory { .. } => "directory",
        Item::ObjectDefinition { .. } => "object definition",
        Item::AttributeDefinition { .. } => "attribute definition",
        Item::Rule { .. } => "rule",
        Item::ObjectMapping { .. } => "object mapping",
        Item::AttributeMapping { .. } => "attribute mapping",
        Item::Scope { .. } => "scoping filter",
    }
}

/// The name of an item within its group (`employeeHireDate`, `user → User`); may be empty.
pub fn name(item: &Item) -> String {
    match item {
        Item::Document { path } => path.clone(),
        Item::Directory { directory } => directory.clone(),
        Item::ObjectDefinition { object, .. } => object.clone(),
        Item::AttributeDefinition { name, .. } => name.clone(),
        Item::Rule { rule } => rule.clone(),
        Item::ObjectMapping { source, target, .. } => {
            format!("{} → {}", shown(source), shown(target))
        }
        Item::AttributeMapping { attribute, .. } => attribute.clone(),
        Item::Scope { .. } => String::new(),
    }
}

/// `kind name`, e.g. `attribute mapping employeeHireDate`.
pub fn label(item: &Item) -> String {
    let name = name(item);
    if name.is_empty() {
        kind(item).to_owned()
    } else {
        format!("{} {name}", kind(item))
    }
}

/// How one side of a field reads.
pub fn value_text(item: &Item, field: &str, value: Option<&Value>) -> String {
    let Some(value) = value else {
        return "(absent)".to_owned();
    };
    let scope_like = matches!(item, Item::Scope { .. }) || field == "scope";
    match value {
        Value::Null if field == "source" => "(none)".to_owned(),
        Value::String(s) if field == "source" => s.clone(),
        v if scope_like && GROUP_KEYS.contains(&field) => describe_groups(v),
        v @ Value::Object(_) if scope_like && field == "scope" => describe_scope(v),
        Value::Array(items) if items.iter().any(Value::is_object) => {
            format!("[{} items]", items.len())
        }
        other => {
            let text = serde_json::to_string(other).unwrap_or_default();
            match text.char_indices().nth(LONG_VALUE) {
                Some((cut, _)) => {
                    format!("{}… ({} characters)", &text[..cut], text.chars().count())
                }
                None => text,
            }
        }
    }
}

/// Values longer than this many characters are shortened in the text and Markdown plans (the
/// JSON plan and the patch always carry them whole). Expressions and filters are never cut.
const LONG_VALUE: usize = 160;

/// For a changed filter-group list of a scope: the clauses removed and added, per group.
pub fn scope_lines(item: &Item, change: &FieldChange) -> Option<(Vec<String>, Vec<String>)> {
    if !matches!(item, Item::Scope { .. }) || !GROUP_KEYS.contains(&change.field.as_str()) {
        return None;
    }
    let lines = group_changes(change.old.as_ref()?, change.new.as_ref()?)?;
    (!lines.0.is_empty() || !lines.1.is_empty()).then_some(lines)
}

/// `field: value` for an added item, `field: old` for a removed one, `field: old → new`; a
/// changed scope lists its removed and added clauses on indented `- ` / `+ ` lines.
pub fn field_lines(item: &Item, action: Action, change: &FieldChange) -> Vec<String> {
    if action == Action::Change
        && let Some((removed, added)) = scope_lines(item, change)
    {
        let mut lines = vec![format!("{}:", change.field)];
        lines.extend(removed.iter().map(|l| format!("  - {l}")));
        lines.extend(added.iter().map(|l| format!("  + {l}")));
        return lines;
    }
    let old = value_text(item, &change.field, change.old.as_ref());
    let new = value_text(item, &change.field, change.new.as_ref());
    vec![match action {
        Action::Add => format!("{}: {new}", change.field),
        Action::Remove => format!("{}: {old}", change.field),
        Action::Change => format!("{}: {old} → {new}", change.field),
    }]
}

/// The summary sentence: `Plan: 2 to add, 1 to change, 1 to remove.`
pub fn summary(plan: &Plan) -> String {
    let (add, change, remove) = plan.counts();
    format!("Plan: {add} to add, {change} to change, {remove} to remove.")
}

/// The changes grouped under their headers, groups in order of first appearance.
pub fn groups(plan: &Plan) -> Vec<(String, Vec<&Change>)> {
    let mut out: Vec<(String, Vec<&Change>)> = Vec::new();
    for change in &plan.changes {
        let header = group_header(plan, &change.item);
        match out.iter_mut().find(|(h, _)| *h == header) {
            Some((_, list)) => list.push(change),
            None => out.push((header, vec![change])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mapping_item(source: &str) -> Item {
        Item::AttributeMapping {
            rule: "r".into(),
            source: source.into(),
            target: "User".into(),
            attribute: "mail".into(),
        }
    }

    #[test]
    fn headers_use_rule_directories_when_known() {
        let mut plan = Plan::default();
        assert_eq!(
            group_header(&plan, &mapping_item("")),
            "rule r: \"\" → User"
        );
        plan.rule_directories
            .insert("r".into(), ("API".into(), "Azure Active Directory".into()));
        assert_eq!(
            group_header(&plan, &mapping_item("u")),
            "API → Azure Active Directory: u → User"
        );
    }

    #[test]
    fn values_read_naturally_and_long_ones_are_shortened() {
        let item = mapping_item("u");
        assert_eq!(value_text(&item, "source", Some(&Value::Null)), "(none)");
        assert_eq!(value_text(&item, "source", Some(&json!("[a]"))), "[a]");
        assert_eq!(
            value_text(&item, "defaultValue", Some(&json!("x"))),
            "\"x\""
        );
        assert_eq!(value_text(&item, "defaultValue", None), "(absent)");
        let long = json!("y".repeat(500));
        let shown = value_text(&item, "defaultValue", Some(&long));
        assert!(shown.ends_with("… (502 characters)"), "{shown}");
        let expression = json!(format!("Join({})", "z".repeat(500)));
        assert_eq!(
            value_text(&item, "source", Some(&expression)),
            expression.as_str().unwrap_or_default(),
            "expressions are never cut"
        );
    }
}
