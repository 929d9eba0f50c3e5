//! Removing OData response annotations (`@odata.context`, `directories@odata.context`, …) from a
//! schema before it is sent back with PUT (graph-sync-api.md §2: safe default, keep them in backups).
//!
//! Pure, and order-preserving: every other key keeps its place (no swap-remove).

use serde_json::{Map, Value};

/// A copy of `value` without `@odata.*` annotation keys (also `name@odata.context` forms), at any
/// depth, keeping every other key in its original order.
pub fn strip_odata(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let kept: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| !k.contains("@odata."))
                .map(|(k, v)| (k.clone(), strip_odata(v)))
                .collect();
            Value::Object(kept)
        }
        Value::Array(items) => Value::Array(items.iter().map(strip_odata).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn odata_annotations_are_stripped_in_order() {
        let v: Value = serde_json::from_str(
            r#"{"@odata.context":"x","id":"j","version":"v","directories@odata.context":"y","directories":[{"@odata.type":"t","name":"API","b":1,"a":2}]}"#,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&strip_odata(&v)).unwrap(),
            r#"{"id":"j","version":"v","directories":[{"name":"API","b":1,"a":2}]}"#
        );
    }
}
