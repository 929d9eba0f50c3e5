//! The semantic diff of the mapping side of a schema: synchronization rules (by name, else id)
//! → object mappings (by source and target object) → attribute mappings (by target attribute)
//! and scoping filters.

use serde_json::Value;

use crate::diff::directories::both_arrays;
use crate::diff::fields::{field_changes, field_eq, notable_fields, source_text};
use crate::diff::item::{Action, Change, FieldChange, Item};
use crate::diff::matching::{field_key, match_by, object_mapping_key, rule_key};
use crate::diff::scope::scope_change;

const RULE_REMOVED: &str = "removing a synchronization rule stops provisioning through it";
const RULE_FILTER: &str =
    "changing the container or group filter changes which objects are in scope";
const MAPPING_REMOVED: &str = "removing an object mapping stops provisioning these objects";
const MAPPING_DISABLED: &str = "disabling an object mapping stops provisioning these objects";
const ATTRIBUTE_MAPPING_REMOVED: &str = "removing a mapping stops the attribute from flowing";
const MATCHING_CHANGED: &str =
    "changing matching attributes (matchingPriority) changes how existing users are matched";

/// Appends the changes between two `synchronizationRules[]` arrays.
pub fn diff_rules(old: &[Value], new: &[Value], out: &mut Vec<Change>) {
    let matching = match_by(old, new, rule_key);
    for (index, rule) in old.iter().enumerate() {
        match matching.pairs.iter().find(|(o, _)| *o == index) {
            Some((_, n)) => diff_rule(rule, &new[*n], out),
            None => {
                let item = Item::Rule {
                    rule: rule_key(rule),
                };
                let mut change =
                    Change::new(Action::Remove, item, notable_fields(rule, &["name"], false));
                change.destructive_because(RULE_REMOVED);
                out.push(change);
            }
        }
    }
    for &n in &matching.added {
        let item = Item::Rule {
            rule: rule_key(&new[n]),
        };
        let fields = notable_fields(&new[n], &["name"], true);
        out.push(Change::new(Action::Add, item, fields));
    }
}

fn diff_rule(old: &Value, new: &Value, out: &mut Vec<Change>) {
    let rule = rule_key(new);
    let mappings = both_arrays(old, new, "objectMappings");
    let skip: &[&str] = if mappings.is_some() {
        &["name", "objectMappings"]
    } else {
        &["name"]
    };
    let fields = field_changes(old, new, skip);
    if !fields.is_empty() {
        let filter = fields
            .iter()
            .any(|f| f.field == "containerFilter" || f.field == "groupFilter");
        let mut change = Change::new(Action::Change, Item::Rule { rule: rule.clone() }, fields);
        if filter {
            change.destructive_because(RULE_FILTER);
        }
        out.push(change);
    }
    let Some((old_maps, new_maps)) = mappings else {
        return;
    };
    let item = |m: &Value| {
        let (source, target) = object_mapping_key(m);
        Item::ObjectMapping {
            rule: rule.clone(),
            source,
            target,
        }
    };
    let matching = match_by(old_maps, new_maps, object_mapping_key);
    for (index, map) in old_maps.iter().enumerate() {
        match matching.pairs.iter().find(|(o, _)| *o == index) {
            Some((_, n)) => diff_object_mapping(&rule, map, &new_maps[*n], out),
            None => {
                let fields = notable_fields(map, &["sourceObjectName", "targetObjectName"], false);
                let mut change = Change::new(Action::Remove, item(map), fields);
                change.destructive_because(MAPPING_REMOVED);
                out.push(change);
            }
        }
    }
    for &n in &matching.added {
        let map = &new_maps[n];
        let fields = notable_fields(map, &["sourceObjectName", "targetObjectName"], true);
        out.push(Change::new(Action::Add, item(map), fields));
    }
}

fn diff_object_mapping(rule: &str, old: &Value, new: &Value, out: &mut Vec<Change>) {
    let (source, target) = object_mapping_key(new);
    let attrs = both_arrays(old, new, "attributeMappings");
    let mut skip = vec!["sourceObjectName", "targetObjectName", "scope"];
    if attrs.is_some() {
        skip.push("attributeMappings");
    }
    let fields = field_changes(old, new, &skip);
    if !fields.is_empty() {
        let disabled = old.get("enabled") == Some(&Value::Bool(true))
            && new.get("enabled") != Some(&Value::Bool(true));
        let item = Item::ObjectMapping {
            rule: rule.to_owned(),
            source: source.clone(),
            target: target.clone(),
        };
        let mut change = Change::new(Action::Change, item, fields);
        if disabled {
            change.destructive_because(MAPPING_DISABLED);
        }
        out.push(change);
    }
    if let Some((old_attrs, new_attrs)) = attrs {
        let item = |m: &Value| Item::AttributeMapping {
            rule: rule.to_owned(),
            source: source.clone(),
            target: target.clone(),
            attribute: crate::schema::nav::str_field(m, "targetAttributeName")
                .unwrap_or_default()
                .to_owned(),
        };
        diff_attribute_mappings(old_attrs, new_attrs, &item, out);
    }
    let scope_item = Item::Scope {
        rule: rule.to_owned(),
        source,
        target,
    };
    out.extend(scope_change(scope_item, old.get("scope"), new.get("scope")));
}

fn diff_attribute_mappings(
    old: &[Value],
    new: &[Value],
    item: &dyn Fn(&Value) -> Item,
    out: &mut Vec<Change>,
) {
    let matching = match_by(old, new, field_key("targetAttributeName"));
    for (index, map) in old.iter().enumerate() {
        match matching.pairs.iter().find(|(o, _)| *o == index) {
            Some((_, n)) => {
                let fields = attribute_mapping_fields(map, &new[*n]);
                if fields.is_empty() {
                    continue;
                }
                let matching_changed = fields.iter().any(|f| f.field == "matchingPriority");
                let mut change = Change::new(Action::Change, item(map), fields);
                if matching_changed {
                    change.destructive_because(MATCHING_CHANGED);
                }
                out.push(change);
            }
            None => {
                let mut change =
                    Change::new(Action::Remove, item(map), mapping_summary(map, false));
                change.destructive_because(ATTRIBUTE_MAPPING_REMOVED);
                out.push(change);
            }
        }
    }
    for &n in &matching.added {
        let map = &new[n];
        let mut change = Change::new(Action::Add, item(map), mapping_summary(map, true));
        if map
            .get("matchingPriority")
            .and_then(Value::as_i64)
            .unwrap_or(0)
            != 0
        {
            change.destructive_because(MATCHING_CHANGED);
        }
        out.push(change);
    }
}

/// The source text and the notable fields of a mapping being added or removed.
fn mapping_summary(map: &Value, added: bool) -> Vec<FieldChange> {
    let text = source_text(map.get("source"));
    let mut fields = Vec::new();
    if text.is_some() {
        fields.push(if added {
            FieldChange::new("source", None, text)
        } else {
            FieldChange::new("source", text, None)
        });
    }
    fields.extend(notable_fields(
        map,
        &["targetAttributeName", "source"],
        added,
    ));
    fields
}

/// Differences of two attribute mappings: `source` as text (or `source tree` when only the tree
/// differs), then the other fields in document order.
fn attribute_mapping_fields(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    let (old_text, new_text) = (
        source_text(old.get("source")),
        source_text(new.get("source")),
    );
    if old_text != new_text {
        fields.push(FieldChange::new("source", old_text, new_text));
    } else if !field_eq("source", old.get("source"), new.get("source")) {
        fields.push(FieldChange::new(
            "source tree",
            old.get("source").cloned(),
            new.get("source").cloned(),
        ));
    }
    fields.extend(field_changes(old, new, &["targetAttributeName", "source"]));
    fields
}
