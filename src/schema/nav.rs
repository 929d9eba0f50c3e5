//! Typed navigation through a schema document's JSON tree: directories → objects → attribute
//! definitions, and synchronization rules → object mappings → attribute mappings.
//!
//! Everything here reads or borrows the order-preserving `serde_json::Value`; nothing is copied
//! into typed structs, so fields this module does not know about are never lost.

use serde_json::Value;

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

/// `directories[]` of a schema.
pub fn directories(schema: &Value) -> &[Value] {
    array(schema, "directories")
}

/// `synchronizationRules[]` of a schema.
pub fn rules(schema: &Value) -> &[Value] {
    array(schema, "synchronizationRules")
}

/// `objects[]` of a directory definition.
pub fn objects(directory: &Value) -> &[Value] {
    array(directory, "objects")
}

/// `attributes[]` of an object definition.
pub fn attributes(object: &Value) -> &[Value] {
    array(object, "attributes")
}

/// `objectMappings[]` of a synchronization rule.
pub fn object_mappings(rule: &Value) -> &[Value] {
    array(rule, "objectMappings")
}

/// `attributeMappings[]` of an object mapping.
pub fn attribute_mappings(object_mapping: &Value) -> &[Value] {
    array(object_mapping, "attributeMappings")
}

/// Index of the first element of `items` whose `key` field equals `wanted` (case-sensitive).
pub fn position_by(items: &[Value], key: &str, wanted: &str) -> Option<usize> {
    items
        .iter()
        .position(|item| str_field(item, key) == Some(wanted))
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

/// Index of the directory called `name`.
pub fn find_directory(schema: &Value, name: &str) -> Option<usize> {
    position_by(directories(schema), "name", name)
}

/// The object definition `object` of directory `directory`, if both exist.
pub fn find_object<'a>(schema: &'a Value, directory: &str, object: &str) -> Option<&'a Value> {
    let dir = &directories(schema)[find_directory(schema, directory)?];
    let objs = objects(dir);
    Some(&objs[position_by(objs, "name", object)?])
}

/// The attribute definition `name` of an object definition.
pub fn find_attribute<'a>(object: &'a Value, name: &str) -> Option<&'a Value> {
    let attrs = attributes(object);
    Some(&attrs[position_by(attrs, "name", name)?])
}

/// The attribute mapping whose `targetAttributeName` is `target` in an object mapping.
pub fn find_attribute_mapping<'a>(object_mapping: &'a Value, target: &str) -> Option<&'a Value> {
    let maps = attribute_mappings(object_mapping);
    Some(&maps[position_by(maps, "targetAttributeName", target)?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "directories": [
                {"name": "API", "objects": [{"name": "User", "attributes": [{"name": "userName"}]}]},
                {"name": "Azure Active Directory", "objects": null}
            ],
            "synchronizationRules": [{
                "name": "r", "objectMappings": [{
                    "sourceObjectName": "User",
                    "attributeMappings": [{"targetAttributeName": "mail"}]
                }]
            }]
        })
    }

    #[test]
    fn finds_items_by_name() {
        let s = sample();
        assert_eq!(find_directory(&s, "Azure Active Directory"), Some(1));
        let user = find_object(&s, "API", "User").expect("object");
        assert!(find_attribute(user, "userName").is_some());
        assert!(
            find_attribute(user, "username").is_none(),
            "names are case-sensitive"
        );
        let om = &object_mappings(&rules(&s)[0])[0];
        assert!(find_attribute_mapping(om, "mail").is_some());
    }

    #[test]
    fn null_arrays_read_as_empty() {
        let s = sample();
        assert!(objects(&directories(&s)[1]).is_empty());
        assert_eq!(
            names(directories(&s), "name"),
            vec!["API", "Azure Active Directory"]
        );
    }
}
