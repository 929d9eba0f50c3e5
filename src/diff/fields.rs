//! Field-level comparison of two JSON objects (an attribute definition, a mapping, a rule...):
//! which keys differ semantically, and how an attribute mapping's `source` reads as text.
//!
//! Server-managed keys and `@odata.*` annotations never count, and flag strings (`flowTypes`)
//! compare as sets; both rules come from `crate::schema::semantic`.

use serde_json::Value;

use crate::diff::item::FieldChange;
use crate::schema::semantic;

/// Whether the values of field `key` are semantically equal (flag fields compare as sets).
pub fn field_eq(key: &str, old: Option<&Value>, new: Option<&Value>) -> bool {
    match (old, new) {
        (None, None) => true,
        (Some(Value::String(a)), Some(Value::String(b)))
            if semantic::FLAG_FIELDS.contains(&key) =>
        {
            semantic::flag_members(a) == semantic::flag_members(b)
        }
        (Some(a), Some(b)) => semantic::semantic_eq(a, b),
        _ => false,
    }
}

/// The keys of `old` then the keys only in `new`, without ignored keys and without `skip`.
pub fn keys<'a>(old: &'a Value, new: &'a Value, skip: &[&str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for map in [old.as_object(), new.as_object()].into_iter().flatten() {
        for key in map.keys() {
            let key = key.as_str();
            if !semantic::is_ignored_key(key) && !skip.contains(&key) && !out.contains(&key) {
                out.push(key);
            }
        }
    }
    out
}

/// The fields that differ between two objects, in document order, except `skip`.
pub fn field_changes(old: &Value, new: &Value, skip: &[&str]) -> Vec<FieldChange> {
    keys(old, new, skip)
        .into_iter()
        .filter(|key| !field_eq(key, old.get(*key), new.get(*key)))
        .map(|key| FieldChange::new(key, old.get(key).cloned(), new.get(key).cloned()))
        .collect()
}

/// The fields of a new or removed object worth showing: everything except `skip`, ignored
/// keys and unremarkable defaults (false, null, 0, "", [], `Always`, `FlowWhenChanged`,
/// `ReadWrite`). Values are kept whole; renderers shorten them.
pub fn notable_fields(value: &Value, skip: &[&str], added: bool) -> Vec<FieldChange> {
    keys(value, &Value::Null, skip)
        .into_iter()
        .filter_map(|key| {
            let v = value.get(key)?;
            if is_unremarkable(v) {
                return None;
            }
            let shown = v.clone();
            Some(if added {
                FieldChange::new(key, None, Some(shown))
            } else {
                FieldChange::new(key, Some(shown), None)
            })
        })
        .collect()
}

fn is_unremarkable(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::Number(n) => n.as_i64() == Some(0),
        Value::String(s) => {
            s.is_empty() || matches!(s.as_str(), "Always" | "FlowWhenChanged" | "ReadWrite")
        }
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        Value::Bool(true) => false,
    }
}

/// How an attribute mapping's `source` reads: its `expression` string; for a node without one,
/// `[name]` (Attribute), `"text"` (Constant) or `Name(arguments)` (Function) built from the
/// tree; JSON `null` for `source: null`; `None` when the key is absent.
pub fn source_text(source: Option<&Value>) -> Option<Value> {
    match source? {
        Value::Null => Some(Value::Null),
        node => Some(Value::String(node_text(node))),
    }
}

fn node_text(node: &Value) -> String {
    if let Some(expression) = node.get("expression").and_then(Value::as_str) {
        return expression.to_owned();
    }
    let name = node.get("name").and_then(Value::as_str).unwrap_or_default();
    match node.get("type").and_then(Value::as_str) {
        Some("Attribute") => format!("[{name}]"),
        Some("Constant") => format!("\"{name}\""),
        Some("Function") => {
            let arguments: Vec<String> = node
                .get("parameters")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|p| p.get("value").map(node_text).unwrap_or_default())
                .collect();
            format!("{name}({})", arguments.join(", "))
        }
        _ => serde_json::to_string(node).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flag_fields_compare_as_sets() {
        let a = json!({"flowTypes": "Add, Update", "enabled": true});
        let b = json!({"flowTypes": "Update,Add", "enabled": false});
        let changes = field_changes(&a, &b, &[]);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "enabled");
    }

    #[test]
    fn source_text_without_expression_uses_tree() {
        let tree = json!({"name": "Join", "type": "Function", "parameters": [
            {"key": "separator", "value": {"name": "@", "type": "Constant"}},
            {"key": "source", "value": {"name": "userName", "type": "Attribute"}}
        ]});
        assert_eq!(
            source_text(Some(&tree)),
            Some(json!("Join(\"@\", [userName])"))
        );
        assert_eq!(source_text(Some(&Value::Null)), Some(Value::Null));
        assert_eq!(source_text(None), None);
    }
}
