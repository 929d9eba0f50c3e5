//! The content fingerprint of a schema: a SHA-256 over its semantically normalised form, so two
//! documents that differ only in server-managed fields, annotations or flag spelling share it.
//! Used to detect a stale plan when a tenant has no usable `version`.
//!
//! Object keys are sorted before hashing, so the fingerprint agrees with
//! [`semantic_eq`](crate::schema::semantic::semantic_eq), which ignores key order.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::schema::format::canonical_bytes;
use crate::schema::semantic::normalized;

/// `"sha256:<64 lowercase hex digits>"` of the canonical bytes of the normalised document with
/// sorted keys.
pub fn fingerprint(root: &Value) -> String {
    let digest = Sha256::digest(canonical_bytes(&sorted_keys(&normalized(root))));
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// A copy with every object's keys in lexicographic order (array order is kept).
fn sorted_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted_keys(v)))
                    .collect::<Map<String, Value>>(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted_keys).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ignores_server_fields_and_flag_spelling() {
        let a = json!({"@odata.context": "x", "version": "1", "flowTypes": "Add, Update"});
        let b = json!({"version": "2", "flowTypes": "Update,Add"});
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert!(fingerprint(&a).starts_with("sha256:"));
        assert_eq!(fingerprint(&a).len(), "sha256:".len() + 64);
    }

    #[test]
    fn changes_with_content_but_not_key_order() {
        let a = json!({"name": "x", "scope": null, "list": [1, 2]});
        assert_ne!(
            fingerprint(&a),
            fingerprint(&json!({"name": "x", "scope": [], "list": [1, 2]}))
        );
        assert_ne!(
            fingerprint(&a),
            fingerprint(&json!({"name": "x", "scope": null, "list": [2, 1]}))
        );
        assert_eq!(
            fingerprint(&a),
            fingerprint(&json!({"list": [1, 2], "scope": null, "name": "x"}))
        );
    }

    #[test]
    fn empty_object_has_the_known_digest() {
        // sha256 of "{}\n"
        assert_eq!(
            fingerprint(&json!({})),
            "sha256:ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356"
        );
    }
}
