//! Scoping filters (`objectMapping.scope`): whether they changed, and how their groups read to a
//! person (`department EQUALS "Sales" AND active IS TRUE`, groups joined by OR).
//!
//! Every scope change is destructive: saving a scoping filter starts a full sync and objects
//! that drop out of scope are deprovisioned.

use serde_json::Value;

use crate::diff::fields;
use crate::diff::item::{Action, Change, FieldChange, Item};
use crate::diff::matching::{field_key, match_by};

/// Why any scope change is destructive.
pub const SCOPE_REASON: &str =
    "changing scoping filters starts a full sync and can deprovision users out of scope";

/// The filter-group lists of a scope, in the order they are reported.
pub const GROUP_KEYS: &[&str] = &["groups", "inputFilterGroups", "categoryFilterGroups"];

/// The change of an object mapping's scope, or `None` when it is semantically unchanged.
pub fn scope_change(item: Item, old: Option<&Value>, new: Option<&Value>) -> Option<Change> {
    if fields::field_eq("scope", old, new) {
        return None;
    }
    let present = |v: Option<&Value>| v.is_some_and(Value::is_object);
    let action = match (present(old), present(new)) {
        (false, true) => Action::Add,
        (true, false) => Action::Remove,
        _ => Action::Change,
    };
    let field_list = match (old, new) {
        (Some(o @ Value::Object(_)), Some(n @ Value::Object(_))) => {
            let mut list = fields::field_changes(o, n, &[]);
            list.sort_by_key(|f| rank(&f.field));
            list
        }
        _ => vec![FieldChange::new("scope", old.cloned(), new.cloned())],
    };
    let mut change = Change::new(action, item, field_list);
    change.destructive_because(SCOPE_REASON);
    Some(change)
}

fn rank(field: &str) -> usize {
    GROUP_KEYS
        .iter()
        .position(|k| *k == field)
        .unwrap_or(GROUP_KEYS.len())
}

/// A readable form of a filter-group list: `(a AND b) OR (c)`; `(none)` for an empty list.
pub fn describe_groups(groups: &Value) -> String {
    match groups {
        Value::Array(list) if list.is_empty() => "(none)".to_owned(),
        Value::Array(list) => list
            .iter()
            .map(|group| {
                let clauses: Vec<String> = group
                    .get("clauses")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .map(describe_clause)
                    .collect();
                format!("({})", clauses.join(" AND "))
            })
            .collect::<Vec<_>>()
            .join(" OR "),
        Value::Object(_) => describe_scope(groups),
        other => other.to_string(),
    }
}

/// A readable form of a whole scope object: `groups: ...; inputFilterGroups: ...`.
pub fn describe_scope(scope: &Value) -> String {
    let Some(map) = scope.as_object() else {
        return scope.to_string();
    };
    map.iter()
        .filter(|(k, _)| GROUP_KEYS.contains(&k.as_str()))
        .map(|(k, v)| format!("{k}: {}", describe_groups(v)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Clause-level differences between two filter-group lists, groups matched by name: the
/// lines removed and the lines added (`group: clause`, or `group: (a AND b)` for a whole
/// group). `None` when either side is not a list.
pub fn group_changes(old: &Value, new: &Value) -> Option<(Vec<String>, Vec<String>)> {
    let (Value::Array(old), Value::Array(new)) = (old, new) else {
        return None;
    };
    let name = |g: &Value| {
        g.get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let whole = |g: &Value| {
        format!(
            "{}: {}",
            name(g),
            describe_groups(&Value::Array(vec![g.clone()]))
        )
    };
    let clauses = |g: &Value| -> Vec<String> {
        g.get("clauses")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(describe_clause)
            .collect()
    };
    let matching = match_by(old, new, field_key("name"));
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    for (index, group) in old.iter().enumerate() {
        match matching.pairs.iter().find(|(o, _)| *o == index) {
            Some((_, n)) => {
                let (before, after) = (clauses(group), clauses(&new[*n]));
                let mut rest = after.clone();
                for clause in &before {
                    match rest.iter().position(|c| c == clause) {
                        Some(at) => {
                            rest.remove(at);
                        }
                        None => removed.push(format!("{}: {clause}", name(group))),
                    }
                }
                added.extend(rest.iter().map(|c| format!("{}: {c}", name(group))));
            }
            None => removed.push(whole(group)),
        }
    }
    added.extend(matching.added.iter().map(|&n| whole(&new[n])));
    Some((removed, added))
}

/// `department EQUALS "Sales"`, `active IS TRUE`, `dept EQUALS "A" | "B"`.
pub fn describe_clause(clause: &Value) -> String {
    let text = |key: &str| clause.get(key).and_then(Value::as_str).unwrap_or("?");
    let values: Vec<String> = clause
        .get("targetOperand")
        .and_then(|t| t.get("values"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|v| match v {
            Value::String(s) => format!("{s:?}"),
            other => other.to_string(),
        })
        .collect();
    let head = format!("{} {}", text("sourceOperandName"), text("operatorName"));
    if values.is_empty() {
        head
    } else {
        format!("{head} {}", values.join(" | "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn clauses_read_like_the_portal() {
        let groups = json!([
            {"name": "g1", "clauses": [
                {"operatorName": "EQUALS", "sourceOperandName": "department", "targetOperand": {"values": ["Sales"]}},
                {"operatorName": "IS TRUE", "sourceOperandName": "active", "targetOperand": null}
            ]},
            {"name": "g2", "clauses": []}
        ]);
        assert_eq!(
            describe_groups(&groups),
            "(department EQUALS \"Sales\" AND active IS TRUE) OR ()"
        );
        assert_eq!(describe_groups(&json!([])), "(none)");
    }

    #[test]
    fn group_changes_list_clauses_by_group() {
        let old = json!([{"name": "g", "clauses": [
            {"operatorName": "IS TRUE", "sourceOperandName": "active", "targetOperand": null},
            {"operatorName": "EQUALS", "sourceOperandName": "c", "targetOperand": {"values": ["NL"]}}]}]);
        let new = json!([{"name": "g", "clauses": [
            {"operatorName": "EQUALS", "sourceOperandName": "c", "targetOperand": {"values": ["BE"]}},
            {"operatorName": "IS TRUE", "sourceOperandName": "active", "targetOperand": null}]},
            {"name": "h", "clauses": []}]);
        let (removed, added) = group_changes(&old, &new).expect("lists");
        assert_eq!(removed, vec!["g: c EQUALS \"NL\""]);
        assert_eq!(added, vec!["g: c EQUALS \"BE\"", "h: ()"]);
        assert!(group_changes(&Value::Null, &new).is_none());
    }

    #[test]
    fn any_scope_change_is_destructive() {
        let item = Item::Scope {
            rule: "r".into(),
            source: "s".into(),
            target: "t".into(),
        };
        let old = json!({"groups": [], "inputFilterGroups": []});
        let new = json!({"groups": [{"name": "g", "clauses": []}], "inputFilterGroups": []});
        let change = scope_change(item.clone(), Some(&old), Some(&new)).expect("change");
        assert!(change.destructive);
        assert_eq!(change.fields.len(), 1);
        assert_eq!(change.fields[0].field, "groups");
        assert!(scope_change(item.clone(), Some(&old), Some(&old)).is_none());
        let added = scope_change(item, Some(&Value::Null), Some(&new)).expect("change");
        assert_eq!(added.action, Action::Add);
    }
}
