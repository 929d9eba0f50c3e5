//! An RFC 6902 JSON patch from one schema document to another, built from identity-matched
//! items: removing mapping #3 of 50 is one `remove`, not 47 `replace`s.
//!
//! Operations apply in order and address array elements by their index at the moment the
//! operation runs: removals first (highest index first), then each element of the new array
//! in turn — a `move` only when matched elements were reordered, the element's own field
//! changes, or an `add` for a new element (`/-` when it goes at the end). A changed mapping
//! `source` is one `replace` of the whole tree. Ignored keys
//! (server-managed, `@odata.*`) and flag spelling produce no operations.

use json_patch::jsonptr::PointerBuf;
use json_patch::{
    AddOperation, MoveOperation, Patch, PatchOperation, RemoveOperation, ReplaceOperation,
};
use serde_json::{Map, Value};

use crate::diff::fields::field_eq;
use crate::diff::matching::{match_by, object_mapping_key, rule_key};
use crate::schema::{nav, semantic};

/// The patch that turns `old` into a document semantically equal to `new`.
pub fn patch(old: &Value, new: &Value) -> Patch {
    let mut builder = Builder::default();
    builder.value("", old, new, &mut Vec::new());
    Patch(builder.ops)
}

/// Keys whose value is replaced as a whole when it differs: an attribute mapping's `source`
/// tree must agree with its `expression`, so it changes in one piece.
const REPLACED_WHOLE: &[&str] = &["source"];

/// The identity of elements of the array stored under `key`, for the schema's named arrays.
fn identity(key: &str) -> Option<fn(&Value) -> String> {
    fn by_name(v: &Value) -> String {
        nav::str_field(v, "name").map_or_else(|| "\u{0}".to_owned(), str::to_owned)
    }
    fn by_target(v: &Value) -> String {
        nav::str_field(v, "targetAttributeName").map_or_else(|| "\u{0}".to_owned(), str::to_owned)
    }
    fn by_objects(v: &Value) -> String {
        let (source, target) = object_mapping_key(v);
        format!("{source}\u{0}{target}")
    }
    match key {
        "directories" | "objects" | "attributes" => Some(by_name),
        "synchronizationRules" => Some(rule_key),
        "objectMappings" => Some(by_objects),
        "attributeMappings" => Some(by_target),
        _ => None,
    }
}

fn pointer(path: &[String]) -> PointerBuf {
    PointerBuf::from_tokens(path.iter().map(String::as_str))
}

#[derive(Default)]
struct Builder {
    ops: Vec<PatchOperation>,
}

impl Builder {
    fn add(&mut self, path: &[String], value: &Value) {
        self.ops.push(PatchOperation::Add(AddOperation {
            path: pointer(path),
            value: value.clone(),
        }));
    }

    fn remove(&mut self, path: &[String]) {
        self.ops.push(PatchOperation::Remove(RemoveOperation {
            path: pointer(path),
        }));
    }

    fn replace(&mut self, path: &[String], value: &Value) {
        self.ops.push(PatchOperation::Replace(ReplaceOperation {
            path: pointer(path),
            value: value.clone(),
        }));
    }

    /// Operations for the value stored under `key` at `path`.
    fn value(&mut self, key: &str, old: &Value, new: &Value, path: &mut Vec<String>) {
        if field_eq(key, Some(old), Some(new)) {
            return;
        }
        match (old, new) {
            (Value::Object(a), Value::Object(b)) if !REPLACED_WHOLE.contains(&key) => {
                self.object(a, b, path)
            }
            (Value::Array(a), Value::Array(b))
                if identity(key).is_some() && a.iter().chain(b).all(Value::is_object) =>
            {
                if let Some(id) = identity(key) {
                    self.array(key, a, b, id, path);
                }
            }
            _ => self.replace(path, new),
        }
    }

    fn object(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        path: &mut Vec<String>,
    ) {
        for key in old.keys() {
            if !semantic::is_ignored_key(key) && !new.contains_key(key) {
                path.push(key.clone());
                self.remove(path);
                path.pop();
            }
        }
        for (key, value) in new {
            if semantic::is_ignored_key(key) {
                continue;
            }
            path.push(key.clone());
            match old.get(key) {
                None => self.add(path, value),
                Some(before) => self.value(key, before, value, path),
            }
            path.pop();
        }
    }

    fn array(
        &mut self,
        key: &str,
        old: &[Value],
        new: &[Value],
        id: fn(&Value) -> String,
        path: &mut Vec<String>,
    ) {
        let matching = match_by(old, new, id);
        for &index in matching.removed.iter().rev() {
            path.push(index.to_string());
            self.remove(path);
            path.pop();
        }
        let mut old_for_new: Vec<Option<usize>> = vec![None; new.len()];
        for &(o, n) in &matching.pairs {
            old_for_new[n] = Some(o);
        }
        // The old index of each element currently in the array (None for added ones).
        let mut current: Vec<Option<usize>> = (0..old.len())
            .filter(|i| matching.removed.binary_search(i).is_err())
            .map(Some)
            .collect();
        for (target, element) in new.iter().enumerate() {
            match old_for_new[target] {
                Some(o) => {
                    let at = current.iter().position(|c| *c == Some(o)).unwrap_or(target);
                    if at != target {
                        let mut from = path.clone();
                        from.push(at.to_string());
                        path.push(target.to_string());
                        self.ops.push(PatchOperation::Move(MoveOperation {
                            from: pointer(&from),
                            path: pointer(path),
                        }));
                        path.pop();
                        current.remove(at);
                        current.insert(target.min(current.len()), Some(o));
                    }
                    path.push(target.to_string());
                    self.value(key, &old[o], element, path);
                    path.pop();
                }
                None => {
                    let token = if target >= current.len() {
                        "-".to_owned()
                    } else {
                        target.to_string()
                    };
                    path.push(token);
                    self.add(path, element);
                    path.pop();
                    current.insert(target.min(current.len()), None);
                }
            }
        }
    }
}
