//! Semantic comparison of schema documents: two documents are equal when they differ only in
//! server-managed fields (`version`, `discoveryDateTime`, `@odata.*` annotations) or in the
//! spelling of flag strings (`"Add, Update, Delete"` equals `"Add,Update,Delete"`).
//!
//! Nothing here rewrites a document that is written back: normalised copies are for comparing
//! and fingerprinting only.

use serde_json::{Map, Value};

use crate::schema::annotations::is_annotation_key;

/// Keys the service maintains itself; they never count as a difference.
pub const SERVER_MANAGED: &[&str] = &["version", "discoveryDateTime"];

/// Keys whose string values are .NET flag enums serialised as comma-separated member lists.
pub const FLAG_FIELDS: &[&str] = &["flowTypes", "discoverabilities"];

/// True for keys that are ignored when comparing: server-managed fields and OData annotations
/// (`@odata.context`, `directories@odata.context`, ...).
pub fn is_ignored_key(key: &str) -> bool {
    SERVER_MANAGED.contains(&key) || is_annotation_key(key)
}

/// The members of a flag string, trimmed and sorted: `"Update, Add"` → `["Add", "Update"]`.
pub fn flag_members(text: &str) -> Vec<&str> {
    let mut members: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect();
    members.sort_unstable();
    members.dedup();
    members
}

/// Whether two values are equal as the service understands them (see the module docs).
pub fn semantic_eq(a: &Value, b: &Value) -> bool {
    normalized(a) == normalized(b)
}

/// A copy without ignored keys and with flag strings in canonical `A,B,C` form. Array order is
/// kept: it is meaningful to the service (for example attribute mapping order).
pub fn normalized(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, v) in map {
                if is_ignored_key(key) {
                    continue;
                }
                let v = match (FLAG_FIELDS.contains(&key.as_str()), v) {
                    (true, Value::String(s)) => Value::String(flag_members(s).join(",")),
                    _ => normalized(v),
                };
                out.insert(key.clone(), v);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flag_spelling_does_not_matter() {
        let a = json!({"flowTypes": "Add, Update, Delete"});
        let b = json!({"flowTypes": "Delete,Add,Update"});
        assert!(semantic_eq(&a, &b));
        assert!(!semantic_eq(&a, &json!({"flowTypes": "Add,Update"})));
    }

    #[test]
    fn server_managed_fields_are_ignored() {
        let a = json!({"version": "v1", "@odata.context": "x", "id": "j", "directories": [{"discoveryDateTime": null}]});
        let b = json!({"version": "v2", "id": "j", "directories": [{}]});
        assert!(semantic_eq(&a, &b));
        assert!(!semantic_eq(&a, &json!({"id": "k", "directories": [{}]})));
    }

    #[test]
    fn null_and_empty_array_differ() {
        assert!(!semantic_eq(&json!({"scope": null}), &json!({"scope": []})));
        assert!(!semantic_eq(&json!({"scope": null}), &json!({})));
    }
}
