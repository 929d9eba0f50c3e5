//! Semantic diff of two synchronization schema documents: what was added, changed or removed,
//! item by item (attribute definitions, rules, object mappings, attribute mappings, scoping
//! filters), each marked destructive or not; and an RFC 6902 patch that follows the same
//! identities.
//!
//! Items are matched by identity (names, source/target objects, target attributes), never by
//! array index, so a plan does not report a mere reordering of items (the patch still moves
//! them, to reproduce the new document exactly). Server-managed fields and flag spelling are ignored (`crate::schema::semantic`).
//! Pure: values in, values out; nothing here prints or reads files.

pub mod directories;
pub mod fields;
pub mod item;
pub mod matching;
pub mod patch;
pub mod rules;
pub mod scope;

use serde_json::Value;

pub use item::{Action, Change, FieldChange, Item, Plan};
pub use patch::patch;

use crate::schema::{nav, semantic};

/// The semantic difference from `old` to `new`, in document order (items of `old`, then items
/// only in `new`).
pub fn diff(old: &Value, new: &Value) -> Plan {
    let mut changes = Vec::new();
    if old.is_object() && new.is_object() {
        for key in fields::keys(old, new, &[]) {
            let walked = match (key, arrays_or_missing(old, new, key)) {
                ("directories", Some((a, b))) => {
                    directories::diff_directories(a, b, &mut changes);
                    true
                }
                ("synchronizationRules", Some((a, b))) => {
                    rules::diff_rules(a, b, &mut changes);
                    true
                }
                _ => false,
            };
            // Keys the item walk does not cover, and `null` / absent versus `[]`.
            let both_lists = walked
                && old.get(key).is_some_and(Value::is_array)
                && new.get(key).is_some_and(Value::is_array);
            let empty_list = |v: &Value| {
                v.get(key)
                    .and_then(Value::as_array)
                    .is_some_and(Vec::is_empty)
            };
            let unexplained = !walked || (!both_lists && (empty_list(old) || empty_list(new)));
            if unexplained && !fields::field_eq(key, old.get(key), new.get(key)) {
                changes.push(document_change(key, old.get(key), new.get(key)));
            }
        }
    } else if !semantic::semantic_eq(old, new) {
        changes.push(document_change("", Some(old), Some(new)));
    }
    // Definitions before the mappings that use them, whatever the document's key order.
    changes.sort_by_key(|change| section(&change.item));
    let mut plan = Plan {
        changes,
        ..Plan::default()
    };
    for rule in nav::rules(old).iter().chain(nav::rules(new)) {
        let directions = (
            nav::str_field(rule, "sourceDirectoryName")
                .unwrap_or_default()
                .to_owned(),
            nav::str_field(rule, "targetDirectoryName")
                .unwrap_or_default()
                .to_owned(),
        );
        plan.rule_directories
            .insert(matching::rule_key(rule), directions);
    }
    plan
}

/// Both sides of `key` as element lists when each is an array, null or absent, and at least one
/// is an array (so a schema without rules diffs item by item against one with rules).
fn arrays_or_missing<'a>(
    old: &'a Value,
    new: &'a Value,
    key: &str,
) -> Option<(&'a [Value], &'a [Value])> {
    let list = |v: &'a Value| match v.get(key) {
        Some(Value::Array(items)) => Some(Some(items.as_slice())),
        None | Some(Value::Null) => Some(None),
        Some(_) => None,
    };
    match (list(old)?, list(new)?) {
        (None, None) => None,
        (a, b) => Some((a.unwrap_or_default(), b.unwrap_or_default())),
    }
}

fn document_change(key: &str, old: Option<&Value>, new: Option<&Value>) -> Change {
    let action = match (old, new) {
        (None, _) => Action::Add,
        (_, None) => Action::Remove,
        _ => Action::Change,
    };
    let path = if key.is_empty() {
        String::new()
    } else {
        format!("/{}", key.replace('~', "~0").replace('/', "~1"))
    };
    let field = if key.is_empty() { "document" } else { key };
    Change::new(
        action,
        Item::Document { path },
        vec![FieldChange::new(field, old.cloned(), new.cloned())],
    )
}

/// The order of plan sections: directory side, rule side, anything else.
fn section(item: &Item) -> u8 {
    match item {
        Item::Directory { .. }
        | Item::ObjectDefinition { .. }
        | Item::AttributeDefinition { .. } => 0,
        Item::Rule { .. }
        | Item::ObjectMapping { .. }
        | Item::AttributeMapping { .. }
        | Item::Scope { .. } => 1,
        Item::Document { .. } => 2,
    }
}
