//! The semantic diff of the directory side of a schema: directories → object definitions →
//! attribute definitions, each matched by name.

use serde_json::Value;

use crate::diff::fields::{field_changes, notable_fields};
use crate::diff::item::{Action, Change, Item};
use crate::diff::matching::{field_key, match_by};
use crate::schema::nav;

const DIRECTORY_REMOVED: &str = "removing a directory drops all its objects and attributes";
const OBJECT_REMOVED: &str = "removing an object definition drops all its attributes";
const ATTRIBUTE_REMOVED: &str =
    "removing an attribute definition drops the attribute and breaks mappings that use it";
const ANCHOR_CHANGED: &str = "changing an anchor changes how objects are identified and matched";
const ANCHOR_ADDED: &str = "a new anchor attribute changes how objects are identified and matched";

/// Both values of `key` when both are arrays (compared element by element), else `None`.
pub fn both_arrays<'a>(
    old: &'a Value,
    new: &'a Value,
    key: &str,
) -> Option<(&'a [Value], &'a [Value])> {
    match (old.get(key), new.get(key)) {
        (Some(Value::Array(a)), Some(Value::Array(b))) => Some((a, b)),
        _ => None,
    }
}

/// The `name` of an element, or "" when it has none.
pub fn name_of(value: &Value) -> String {
    nav::str_field(value, "name").unwrap_or_default().to_owned()
}

/// Appends the changes between two `directories[]` arrays.
pub fn diff_directories(old: &[Value], new: &[Value], out: &mut Vec<Change>) {
    let matching = match_by(old, new, field_key("name"));
    for (index, dir) in old.iter().enumerate() {
        let item = Item::Directory {
            directory: name_of(dir),
        };
        match matching.pairs.iter().find(|(o, _)| *o == index) {
            Some((_, n)) => diff_directory(dir, &new[*n], out),
            None => {
                let mut change =
                    Change::new(Action::Remove, item, notable_fields(dir, &["name"], false));
                change.destructive_because(DIRECTORY_REMOVED);
                out.push(change);
            }
        }
    }
    for &n in &matching.added {
        let item = Item::Directory {
            directory: name_of(&new[n]),
        };
        out.push(Change::new(
            Action::Add,
            item,
            notable_fields(&new[n], &["name"], true),
        ));
    }
}

fn diff_directory(old: &Value, new: &Value, out: &mut Vec<Change>) {
    let directory = name_of(new);
    let objects = both_arrays(old, new, "objects");
    let skip: &[&str] = if objects.is_some() {
        &["name", "objects"]
    } else {
        &["name"]
    };
    let fields = field_changes(old, new, skip);
    if !fields.is_empty() {
        let item = Item::Directory {
            directory: directory.clone(),
        };
        out.push(Change::new(Action::Change, item, fields));
    }
    let Some((old_objects, new_objects)) = objects else {
        return;
    };
    let matching = match_by(old_objects, new_objects, field_key("name"));
    for (index, object) in old_objects.iter().enumerate() {
        let item = Item::ObjectDefinition {
            directory: directory.clone(),
            object: name_of(object),
        };
        match matching.pairs.iter().find(|(o, _)| *o == index) {
            Some((_, n)) => diff_object(&directory, object, &new_objects[*n], out),
            None => {
                let fields = notable_fields(object, &["name"], false);
                let mut change = Change::new(Action::Remove, item, fields);
                change.destructive_because(OBJECT_REMOVED);
                out.push(change);
            }
        }
    }
    for &n in &matching.added {
        let object = &new_objects[n];
        let item = Item::ObjectDefinition {
            directory: directory.clone(),
            object: name_of(object),
        };
        let fields = notable_fields(object, &["name"], true);
        out.push(Change::new(Action::Add, item, fields));
    }
}

fn diff_object(directory: &str, old: &Value, new: &Value, out: &mut Vec<Change>) {
    let object = name_of(new);
    let attributes = both_arrays(old, new, "attributes");
    let skip: &[&str] = if attributes.is_some() {
        &["name", "attributes"]
    } else {
        &["name"]
    };
    let fields = field_changes(old, new, skip);
    if !fields.is_empty() {
        let item = Item::ObjectDefinition {
            directory: directory.to_owned(),
            object: object.clone(),
        };
        out.push(Change::new(Action::Change, item, fields));
    }
    let Some((old_attrs, new_attrs)) = attributes else {
        return;
    };
    let item = |attr: &Value| Item::AttributeDefinition {
        directory: directory.to_owned(),
        object: object.clone(),
        name: name_of(attr),
    };
    let matching = match_by(old_attrs, new_attrs, field_key("name"));
    for (index, attr) in old_attrs.iter().enumerate() {
        match matching.pairs.iter().find(|(o, _)| *o == index) {
            Some((_, n)) => {
                let fields = field_changes(attr, &new_attrs[*n], &["name"]);
                if fields.is_empty() {
                    continue;
                }
                let anchor = fields.iter().any(|f| f.field == "anchor");
                let mut change = Change::new(Action::Change, item(attr), fields);
                if anchor {
                    change.destructive_because(ANCHOR_CHANGED);
                }
                out.push(change);
            }
            None => {
                let fields = notable_fields(attr, &["name"], false);
                let mut change = Change::new(Action::Remove, item(attr), fields);
                change.destructive_because(ATTRIBUTE_REMOVED);
                out.push(change);
            }
        }
    }
    for &n in &matching.added {
        let attr = &new_attrs[n];
        let fields = notable_fields(attr, &["name"], true);
        let mut change = Change::new(Action::Add, item(attr), fields);
        if attr.get("anchor").and_then(Value::as_bool) == Some(true) {
            change.destructive_because(ANCHOR_ADDED);
        }
        out.push(change);
    }
}
