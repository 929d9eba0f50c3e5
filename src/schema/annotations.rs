//! OData annotations in schema documents (`@odata.context`, `directories@odata.context`,
//! `@odata.type`): kept in backups and files, ignored when comparing, left out of the PUT body.

use serde_json::{Map, Value};

/// True for an OData annotation key: `@odata.x` or `property@odata.x`.
pub fn is_annotation_key(key: &str) -> bool {
    key.contains("@odata.")
}

/// A copy of `root` without any annotation key, at any depth, other keys in their order.
/// This is the body sent with a PUT.
pub fn without_annotations(root: &Value) -> Value {
    match root {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| !is_annotation_key(key))
                .map(|(key, value)| (key.clone(), without_annotations(value)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_annotations).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn drops_annotations_at_every_depth_and_keeps_order() {
        let root = json!({
            "@odata.context": "c",
            "id": "job",
            "directories@odata.context": "d",
            "directories": [{"@odata.type": "t", "name": "AD", "objects": null}],
            "zeta": {"odata": 1, "a@odata.b": 2}
        });
        let body = without_annotations(&root);
        assert_eq!(
            body,
            json!({"id": "job", "directories": [{"name": "AD", "objects": null}], "zeta": {"odata": 1}})
        );
        let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["id", "directories", "zeta"]);
    }

    #[test]
    fn recognises_annotation_keys() {
        assert!(is_annotation_key("@odata.context"));
        assert!(is_annotation_key("directories@odata.nextLink"));
        assert!(!is_annotation_key("odata"));
        assert!(!is_annotation_key("@odata"));
    }
}
