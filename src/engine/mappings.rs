//! Attribute mappings of one object mapping: set (update only the named fields of an existing
//! mapping, or append a new one shaped like its siblings) and remove by target attribute. A
//! changed `source` takes its tree from the caller's [`Trees`]; an unchanged one keeps its tree.

use serde_json::{Map, Value, json};

use crate::changes::LoadedChangeSet;
use crate::changes::model::SetMapping;
use crate::engine::Trees;
use crate::engine::attributes::ensure_array;
use crate::engine::shape::{TreeShape, default_like, key_order, order_like};
use crate::error::Result;
use crate::schema::nav;

/// Key order of a new mapping when the object mapping has none yet (the corpus export's order).
const DEFAULT_ORDER: &[&str] = &[
    "defaultValue",
    "exportMissingReferences",
    "flowBehavior",
    "flowType",
    "matchingPriority",
    "targetAttributeName",
    "source",
];

/// An expression with whitespace removed outside string literals and attribute brackets, so
/// that `Trim( [a] )` and `Trim([a])` compare equal but `"a b"` and `"ab"` do not.
pub fn normalise_expression(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let (mut in_string, mut escaped, mut depth) = (false, false, 0usize);
    for c in expression.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => continue,
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Where changed expressions get their trees: the caller's map or, in a dry run, nowhere (each
/// expression that needs a tree is recorded in `missing` and a `null` source stands in for it).
#[derive(Debug)]
pub struct TreeLookup<'a> {
    pub trees: &'a Trees,
    pub missing: Option<Vec<String>>,
}

/// The `source` value for a change's expression: the existing tree when the expression is
/// unchanged, otherwise the caller's tree in the shape of the sibling trees.
fn source_value(
    set: &LoadedChangeSet,
    change: &SetMapping,
    existing: Option<&Value>,
    lookup: &mut TreeLookup,
    shape: &TreeShape,
) -> Result<Option<Value>> {
    let Some(source) = &change.source else {
        return Ok(None);
    };
    let Some(expression) = &source.value else {
        return Ok(Some(Value::Null));
    };
    if let Some(current) = existing.and_then(|m| m.get("source"))
        && let Some(text) = current.get("expression").and_then(Value::as_str)
        && normalise_expression(text) == normalise_expression(expression)
    {
        return Ok(Some(current.clone()));
    }
    let Some(tree) = lookup.trees.get(expression) else {
        if let Some(missing) = &mut lookup.missing {
            if !missing.contains(expression) {
                missing.push(expression.clone());
            }
            return Ok(Some(Value::Null));
        }
        return Err(set.error_at(
            source,
            format!("internal error: no expression tree was built for `{expression}`"),
            Some("this is a bug in entra-schema; please report it".to_owned()),
        ));
    };
    Ok(Some(shape.apply(tree)))
}

/// Add or update the attribute mapping of `change.target` in the object mapping `om`.
pub fn set(
    om: &mut Value,
    set: &LoadedChangeSet,
    change: &SetMapping,
    lookup: &mut TreeLookup,
    shape: &TreeShape,
) -> Result<()> {
    let Some(mappings) = ensure_array(om, "attributeMappings") else {
        return Err(set.error_at(
            &change.target,
            "this object mapping is not a JSON object",
            None,
        ));
    };
    let index = nav::position_by(mappings, "targetAttributeName", &change.target.value);
    let source = source_value(set, change, index.map(|i| &mappings[i]), lookup, shape)?;
    let mut fields: Vec<(&str, Value)> = Vec::new();
    if let Some(source) = source {
        fields.push(("source", source));
    }
    if let Some(flow) = &change.flow {
        fields.push(("flowType", Value::String(flow.value.clone())));
    }
    if let Some(behavior) = &change.behavior {
        fields.push(("flowBehavior", Value::String(behavior.value.clone())));
    }
    if let Some(matching) = &change.matching {
        fields.push(("matchingPriority", Value::from(matching.value)));
    }
    if let Some(default) = &change.default {
        fields.push((
            "defaultValue",
            default.value.clone().map_or(Value::Null, Value::String),
        ));
    }
    if let Some(i) = index {
        let Some(mapping) = mappings[i].as_object_mut() else {
            return Err(set.error_at(
                &change.target,
                "this attribute mapping is not a JSON object",
                None,
            ));
        };
        for (key, value) in fields {
            if mapping.get(key) != Some(&value) {
                mapping.insert(key.to_owned(), value);
            }
        }
        return Ok(());
    }
    let mut order = key_order(mappings.iter());
    if order.is_empty() {
        order = DEFAULT_ORDER.iter().map(|k| (*k).to_owned()).collect();
    }
    let mut mapping: Map<String, Value> = json!({
        "defaultValue": null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged",
        "flowType": "Always", "matchingPriority": 0,
        "targetAttributeName": change.target.value, "source": null
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    let named: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
    mapping.retain(|key, _| {
        order.contains(key) || named.contains(&key.as_str()) || key == "targetAttributeName"
    });
    for (key, value) in fields {
        mapping.insert(key.to_owned(), value);
    }
    for key in &order {
        if !mapping.contains_key(key) {
            let sample = mappings
                .iter()
                .find_map(|m| m.get(key))
                .unwrap_or(&Value::Null);
            mapping.insert(key.clone(), default_like(sample));
        }
    }
    mappings.push(Value::Object(order_like(mapping, &order)));
    Ok(())
}

/// Remove the attribute mapping of `target`; absent already is fine (idempotent).
pub fn remove(om: &mut Value, target: &str) {
    if let Some(mappings) = nav::array_mut(om, "attributeMappings")
        && let Some(i) = nav::position_by(mappings, "targetAttributeName", target)
    {
        mappings.remove(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_outside_strings_and_brackets_is_insignificant() {
        assert_eq!(
            normalise_expression("Trim( [a] )"),
            normalise_expression("Trim([a])")
        );
        assert_ne!(
            normalise_expression("\"a b\""),
            normalise_expression("\"ab\"")
        );
        assert_ne!(
            normalise_expression("[emails[type eq \"work\"].value]"),
            normalise_expression("[emails[typeeq \"work\"].value]")
        );
        assert_eq!(
            normalise_expression("Join(\"\\\" \", [a] , [b])"),
            "Join(\"\\\" \",[a],[b])"
        );
    }
}
