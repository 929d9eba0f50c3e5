//! Making new items look like their siblings: key order taken from existing items, defaults for
//! keys the siblings have, and expression-tree nodes reordered (and `parameters` kept or left
//! out) the way the document's existing source trees are written.

use serde_json::{Map, Value};

/// The keys of `samples` in order of first appearance: the first sample's keys, then keys only
/// later samples have.
pub fn key_order<'a>(samples: impl IntoIterator<Item = &'a Value>) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    for sample in samples {
        if let Some(map) = sample.as_object() {
            for key in map.keys() {
                if !order.contains(key) {
                    order.push(key.clone());
                }
            }
        }
    }
    order
}

/// `map` with the keys named in `order` first (in that order), then its other keys as they were.
pub fn order_like(mut map: Map<String, Value>, order: &[String]) -> Map<String, Value> {
    let mut out = Map::new();
    for key in order {
        if let Some(value) = map.shift_remove(key) {
            out.insert(key.clone(), value);
        }
    }
    out.extend(map);
    out
}

/// A neutral value of the same kind as `sample`, for a key siblings have that a new item has no
/// value for: `[]` for arrays, `false` for booleans, `null` otherwise.
pub fn default_like(sample: &Value) -> Value {
    match sample {
        Value::Array(_) => Value::Array(Vec::new()),
        Value::Bool(_) => Value::Bool(false),
        _ => Value::Null,
    }
}

/// Every node of an `attributeMappingSource` tree, parents before children.
pub fn tree_nodes<'a>(node: &'a Value, out: &mut Vec<&'a Value>) {
    if !node.is_object() {
        return;
    }
    out.push(node);
    for entry in node
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(value) = entry.get("value") {
            tree_nodes(value, out);
        }
    }
}

fn is_leaf(node: &Value) -> bool {
    matches!(
        node.get("type").and_then(Value::as_str),
        Some("Attribute" | "Constant")
    )
}

/// How existing source trees are written: node key order, parameter entry key order, and whether
/// Attribute/Constant nodes carry a `parameters` key.
#[derive(Debug, Default)]
pub struct TreeShape {
    node_order: Vec<String>,
    entry_order: Vec<String>,
    leaf_parameters: Option<bool>,
}

impl TreeShape {
    /// Learn the shape from existing source trees (the `source` values of sibling mappings).
    pub fn learn<'a>(sources: impl IntoIterator<Item = &'a Value>) -> Self {
        let mut nodes = Vec::new();
        for source in sources {
            tree_nodes(source, &mut nodes);
        }
        let entries = nodes.iter().flat_map(|n| {
            n.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        });
        let leaves: Vec<&&Value> = nodes.iter().filter(|n| is_leaf(n)).collect();
        let with = leaves
            .iter()
            .filter(|n| n.get("parameters").is_some())
            .count();
        let leaf_parameters = match (with, leaves.len()) {
            (_, 0) => None,
            (w, n) if w == n => Some(true),
            (0, _) => Some(false),
            _ => None,
        };
        TreeShape {
            node_order: key_order(nodes.iter().copied()),
            entry_order: key_order(entries),
            leaf_parameters,
        }
    }

    /// Whether anything was learned (no existing trees → use the next wider scope).
    pub fn is_empty(&self) -> bool {
        self.node_order.is_empty()
    }

    /// `tree` rewritten in this shape; values are never changed, only key order and an empty
    /// `parameters` on leaves.
    pub fn apply(&self, tree: &Value) -> Value {
        let Some(map) = tree.as_object() else {
            return tree.clone();
        };
        let mut map = map.clone();
        if let Some(Value::Array(entries)) = map.get_mut("parameters") {
            for entry in entries.iter_mut() {
                if let Some(entry_map) = entry.as_object_mut() {
                    if let Some(value) = entry_map.get_mut("value") {
                        *value = self.apply(value);
                    }
                    *entry_map = order_like(std::mem::take(entry_map), &self.entry_order);
                }
            }
        }
        if is_leaf(tree) {
            let empty = match map.get("parameters") {
                None | Some(Value::Null) => true,
                Some(Value::Array(a)) => a.is_empty(),
                Some(_) => false,
            };
            match self.leaf_parameters {
                Some(false) if empty => {
                    map.shift_remove("parameters");
                }
                Some(true) if !map.contains_key("parameters") => {
                    map.insert("parameters".to_owned(), Value::Array(Vec::new()));
                }
                _ => {}
            }
        }
        Value::Object(order_like(map, &self.node_order))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn orders_keys_like_the_template_and_keeps_extras_last() {
        let map = json!({"b": 1, "x": 2, "a": 3})
            .as_object()
            .cloned()
            .unwrap_or_default();
        let ordered = order_like(map, &["a".to_owned(), "b".to_owned()]);
        assert_eq!(ordered.keys().collect::<Vec<_>>(), ["a", "b", "x"]);
    }

    #[test]
    fn tree_takes_sibling_key_order_and_drops_leaf_parameters_when_siblings_lack_them() {
        let sibling = json!({"type": "Constant", "name": "x", "expression": "\"x\""});
        let shape = TreeShape::learn([&sibling]);
        let tree =
            json!({"expression": "[mail]", "name": "mail", "parameters": [], "type": "Attribute"});
        let shaped = shape.apply(&tree);
        assert_eq!(
            serde_json::to_string(&shaped).unwrap_or_default(),
            r#"{"type":"Attribute","name":"mail","expression":"[mail]"}"#
        );
    }

    #[test]
    fn tree_gains_empty_leaf_parameters_when_siblings_have_them() {
        let sibling =
            json!({"expression": "[a]", "name": "a", "parameters": [], "type": "Attribute"});
        let shape = TreeShape::learn([&sibling]);
        let tree = json!({"expression": "Trim([b])", "name": "Trim", "type": "Function",
            "parameters": [{"value": {"name": "b", "type": "Attribute", "expression": "[b]"}, "key": "source"}]});
        let shaped = shape.apply(&tree);
        let leaf = &shaped["parameters"][0]["value"];
        assert_eq!(leaf["parameters"], json!([]));
        assert_eq!(
            leaf.as_object()
                .map(|m| m.keys().cloned().collect::<Vec<_>>()),
            Some(vec![
                "expression".into(),
                "name".into(),
                "parameters".into(),
                "type".into()
            ])
        );
    }
}
