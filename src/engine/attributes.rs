//! Attribute definitions: add one (the documented twelve-field literal, shaped like the object's
//! other definitions), update only the fields a change set names, or remove one. Whether a removed
//! definition is still used is checked by `usage` once all sets are applied.

use serde_json::{Map, Value, json};

use crate::changes::LoadedChangeSet;
use crate::changes::model::AttributeChange;
use crate::engine::select;
use crate::engine::shape::{default_like, key_order, order_like};
use crate::error::{Error, Result};
use crate::schema::nav;

/// The documented "new custom attribute" literal (graph-sync-api.md section 2.6), for `name`.
fn literal(name: &str) -> Map<String, Value> {
    let value = json!({
        "anchor": false, "caseExact": false, "defaultValue": null, "flowNullValues": false,
        "multivalued": false, "mutability": "ReadWrite", "name": name, "required": false,
        "type": "String", "apiExpressions": [], "metadata": [], "referencedObjects": []
    });
    value.as_object().cloned().unwrap_or_default()
}

/// The fields an attribute change names, as JSON key → value.
fn named_fields(change: &AttributeChange, existing: Option<&Value>) -> Vec<(&'static str, Value)> {
    let mut fields = Vec::new();
    if let Some(kind) = &change.kind {
        fields.push(("type", Value::String(kind.value.clone())));
    }
    for (key, flag) in change.flags() {
        if let Some(flag) = flag {
            fields.push((key, Value::Bool(flag.value)));
        }
    }
    if let Some(mutability) = &change.mutability {
        fields.push(("mutability", Value::String(mutability.value.clone())));
    }
    if let Some(default) = &change.default_value {
        fields.push((
            "defaultValue",
            default.value.clone().map_or(Value::Null, Value::String),
        ));
    }
    if let Some(objects) = &change.referenced_objects {
        let current = existing
            .map(|a| nav::array(a, "referencedObjects"))
            .unwrap_or(&[]);
        let items = objects
            .value
            .iter()
            .map(|name| {
                let kept = current
                    .iter()
                    .find(|item| nav::str_field(item, "referencedObjectName") == Some(name));
                kept.cloned().unwrap_or_else(
                    || json!({"referencedObjectName": name, "referencedProperty": null}),
                )
            })
            .collect();
        fields.push(("referencedObjects", Value::Array(items)));
    }
    fields
}

/// Add or update one attribute definition (not a removal).
pub fn ensure(doc: &mut Value, set: &LoadedChangeSet, change: &AttributeChange) -> Result<()> {
    let (d, o) = select::object(doc, set, &change.directory, &change.object)?;
    let object = object_mut(doc, d, o)?;
    let Some(attrs) = ensure_array(object, "attributes") else {
        return Err(set.error_at(
            &change.object,
            "this object definition is not a JSON object",
            None,
        ));
    };
    let existing = nav::position_by(attrs, "name", &change.name.value);
    let fields = named_fields(change, existing.map(|i| &attrs[i]));
    match existing {
        Some(i) => {
            let Some(definition) = attrs[i].as_object_mut() else {
                return Err(set.error_at(
                    &change.name,
                    "this attribute definition is not a JSON object",
                    None,
                ));
            };
            for (key, value) in fields {
                definition.insert(key.to_owned(), value);
            }
        }
        None => {
            let order = key_order(attrs.iter());
            let mut definition = literal(&change.name.value);
            for (key, value) in fields {
                definition.insert(key.to_owned(), value);
            }
            if !order.is_empty() {
                let named = named_fields(change, None);
                let explicitly = |key: &str| named.iter().any(|(k, _)| *k == key);
                definition.retain(|key, _| order.contains(key) || explicitly(key) || key == "name");
                for key in &order {
                    if !definition.contains_key(key) {
                        let sample = attrs
                            .iter()
                            .find_map(|a| a.get(key))
                            .unwrap_or(&Value::Null);
                        definition.insert(key.clone(), default_like(sample));
                    }
                }
                definition = order_like(definition, &order);
            }
            attrs.push(Value::Object(definition));
        }
    }
    Ok(())
}

/// Remove one attribute definition; absent already is fine (idempotent).
pub fn remove(doc: &mut Value, set: &LoadedChangeSet, change: &AttributeChange) -> Result<()> {
    let (d, o) = select::object(doc, set, &change.directory, &change.object)?;
    let object = object_mut(doc, d, o)?;
    if let Some(attrs) = nav::array_mut(object, "attributes")
        && let Some(i) = nav::position_by(attrs, "name", &change.name.value)
    {
        attrs.remove(i);
    }
    Ok(())
}

/// The object definition at `directories[d].objects[o]`, mutably (indexes come from `select`).
fn object_mut(doc: &mut Value, d: usize, o: usize) -> Result<&mut Value> {
    doc.get_mut("directories")
        .and_then(|dirs| dirs.get_mut(d))
        .and_then(|dir| dir.get_mut("objects"))
        .and_then(|objs| objs.get_mut(o))
        .ok_or_else(|| Error::Refused {
            message: "internal error: a selected object definition disappeared".to_owned(),
            hint: None,
        })
}

/// `object[key]` as an array, turning an absent or null value into `[]` first; `None` when
/// `object` is not a JSON object.
pub fn ensure_array<'a>(object: &'a mut Value, key: &str) -> Option<&'a mut Vec<Value>> {
    let slot = object
        .as_object_mut()?
        .entry(key.to_owned())
        .or_insert(Value::Null);
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    slot.as_array_mut()
}
