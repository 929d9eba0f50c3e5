//! Typed navigation through a schema document's JSON tree: directories → objects → attribute
//! definitions (`directories.rs`), and synchronization rules → object mappings → attribute
//! mappings → source tree, and scope (`rules.rs`). Both are re-exported here: use `nav::find_rule`.
//!
//! Everything here reads or borrows the order-preserving `serde_json::Value`; nothing is copied
//! into typed structs, so fields this module does not know about are never lost. Lookups by name
//! are case-sensitive, as the service's are.

use serde_json::Value;

mod directories;
mod rules;

pub use directories::*;
pub use rules::*;

/// The array stored under `key`, or an empty slice when the key is absent, null or not an array.
pub fn array<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The array stored under `key`, mutably; `None` when it is absent, null or not an array.
pub fn array_mut<'a>(value: &'a mut Value, key: &str) -> Option<&'a mut Vec<Value>> {
    value.get_mut(key).and_then(Value::as_array_mut)
}

/// The string stored under `key`, if it is a string.
pub fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// The value stored under `key` unless it is absent or `null`.
pub fn non_null<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value.get(key).filter(|v| !v.is_null())
}

/// The value stored under `key` unless it is absent or `null`, mutably.
pub fn non_null_mut<'a>(value: &'a mut Value, key: &str) -> Option<&'a mut Value> {
    value.get_mut(key).filter(|v| !v.is_null())
}

/// Index of the first element of `items` whose `key` field equals `wanted` (case-sensitive).
pub fn position_by(items: &[Value], key: &str, wanted: &str) -> Option<usize> {
    items
        .iter()
        .position(|item| str_field(item, key) == Some(wanted))
}

/// The first element of `items` whose `key` field equals `wanted`.
pub fn find_by<'a>(items: &'a [Value], key: &str, wanted: &str) -> Option<&'a Value> {
    items
        .iter()
        .find(|item| str_field(item, key) == Some(wanted))
}

/// The first element of `items` whose `key` field equals `wanted`, mutably.
pub fn find_by_mut<'a>(items: &'a mut [Value], key: &str, wanted: &str) -> Option<&'a mut Value> {
    items
        .iter_mut()
        .find(|item| str_field(item, key) == Some(wanted))
}

/// The distinct `key` values of `items`, in document order, for "did you mean" style errors.
pub fn names(items: &[Value], key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in items.iter().filter_map(|item| str_field(item, key)) {
        if !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_and_absent_arrays_read_as_empty() {
        let v = json!({"a": null, "b": [1], "c": "x"});
        assert!(array(&v, "a").is_empty());
        assert!(array(&v, "missing").is_empty());
        assert!(array(&v, "c").is_empty());
        assert_eq!(array(&v, "b").len(), 1);
    }

    #[test]
    fn non_null_hides_null_and_absent() {
        let mut v = json!({"scope": null, "source": {"type": "Attribute"}});
        assert!(non_null(&v, "scope").is_none());
        assert!(non_null(&v, "missing").is_none());
        assert!(non_null(&v, "source").is_some());
        assert!(non_null_mut(&mut v, "scope").is_none());
    }

    #[test]
    fn finds_by_field_case_sensitively() {
        let mut items = vec![json!({"name": "User"}), json!({"name": "user"}), json!({})];
        assert_eq!(position_by(&items, "name", "user"), Some(1));
        assert!(find_by(&items, "name", "USER").is_none());
        find_by_mut(&mut items, "name", "User").expect("found")["x"] = json!(1);
        assert_eq!(items[0], json!({"name": "User", "x": 1}));
        assert_eq!(names(&items, "name"), ["User", "user"]);
    }
}
