//! Navigation on the mapping side of a schema: synchronization rules → object mappings →
//! attribute mappings → source expression tree, and an object mapping's scope (scoping filter),
//! for reading and for editing in place.

use std::fmt;

use serde_json::Value;

use super::{array, array_mut, find_by, find_by_mut, non_null, non_null_mut, str_field};

/// How a synchronization rule is picked: by `name`, by `id`, or by its source and target
/// directory names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RuleSelector {
    Name(String),
    Id(String),
    Directories { source: String, target: String },
}

impl RuleSelector {
    /// Whether `rule` is the one this selector names (case-sensitive).
    pub fn matches(&self, rule: &Value) -> bool {
        match self {
            RuleSelector::Name(name) => str_field(rule, "name") == Some(name),
            RuleSelector::Id(id) => str_field(rule, "id") == Some(id),
            RuleSelector::Directories { source, target } => {
                str_field(rule, "sourceDirectoryName") == Some(source)
                    && str_field(rule, "targetDirectoryName") == Some(target)
            }
        }
    }
}

impl fmt::Display for RuleSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleSelector::Name(name) => write!(f, "rule \"{name}\""),
            RuleSelector::Id(id) => write!(f, "rule with id \"{id}\""),
            RuleSelector::Directories { source, target } => {
                write!(f, "rule \"{source}\" → \"{target}\"")
            }
        }
    }
}

/// `synchronizationRules[]` of a schema.
pub fn rules(schema: &Value) -> &[Value] {
    array(schema, "synchronizationRules")
}

/// `synchronizationRules[]` of a schema, mutably; `None` when absent or null.
pub fn rules_mut(schema: &mut Value) -> Option<&mut Vec<Value>> {
    array_mut(schema, "synchronizationRules")
}

/// Indexes of every rule the selector matches, so callers can report an ambiguous selector.
pub fn rule_positions(schema: &Value, selector: &RuleSelector) -> Vec<usize> {
    (rules(schema).iter().enumerate())
        .filter(|(_, rule)| selector.matches(rule))
        .map(|(i, _)| i)
        .collect()
}

/// The first rule the selector matches.
pub fn find_rule<'a>(schema: &'a Value, selector: &RuleSelector) -> Option<&'a Value> {
    rules(schema).iter().find(|rule| selector.matches(rule))
}

/// The first rule the selector matches, mutably.
pub fn find_rule_mut<'a>(schema: &'a mut Value, selector: &RuleSelector) -> Option<&'a mut Value> {
    rules_mut(schema)?
        .iter_mut()
        .find(|rule| selector.matches(rule))
}

/// `objectMappings[]` of a synchronization rule.
pub fn object_mappings(rule: &Value) -> &[Value] {
    array(rule, "objectMappings")
}

/// `objectMappings[]` of a synchronization rule, mutably; `None` when absent or null.
pub fn object_mappings_mut(rule: &mut Value) -> Option<&mut Vec<Value>> {
    array_mut(rule, "objectMappings")
}

fn maps_objects(mapping: &Value, source_object: &str, target_object: &str) -> bool {
    str_field(mapping, "sourceObjectName") == Some(source_object)
        && str_field(mapping, "targetObjectName") == Some(target_object)
}

/// The object mapping from `source_object` to `target_object` (`""` is a valid source name).
pub fn find_object_mapping<'a>(
    rule: &'a Value,
    source_object: &str,
    target_object: &str,
) -> Option<&'a Value> {
    object_mappings(rule)
        .iter()
        .find(|m| maps_objects(m, source_object, target_object))
}

/// The object mapping from `source_object` to `target_object`, mutably.
pub fn find_object_mapping_mut<'a>(
    rule: &'a mut Value,
    source_object: &str,
    target_object: &str,
) -> Option<&'a mut Value> {
    object_mappings_mut(rule)?
        .iter_mut()
        .find(|m| maps_objects(m, source_object, target_object))
}

/// `attributeMappings[]` of an object mapping.
pub fn attribute_mappings(object_mapping: &Value) -> &[Value] {
    array(object_mapping, "attributeMappings")
}

/// `attributeMappings[]` of an object mapping, mutably; `None` when absent or null.
pub fn attribute_mappings_mut(object_mapping: &mut Value) -> Option<&mut Vec<Value>> {
    array_mut(object_mapping, "attributeMappings")
}

/// The attribute mapping whose `targetAttributeName` is `target` in an object mapping.
pub fn find_attribute_mapping<'a>(object_mapping: &'a Value, target: &str) -> Option<&'a Value> {
    find_by(
        attribute_mappings(object_mapping),
        "targetAttributeName",
        target,
    )
}

/// The attribute mapping whose `targetAttributeName` is `target`, mutably.
pub fn find_attribute_mapping_mut<'a>(
    object_mapping: &'a mut Value,
    target: &str,
) -> Option<&'a mut Value> {
    find_by_mut(
        attribute_mappings_mut(object_mapping)?,
        "targetAttributeName",
        target,
    )
}

/// The source tree of an attribute mapping; `None` for `"source": null` (a default-only
/// mapping) or no source at all.
pub fn source(attribute_mapping: &Value) -> Option<&Value> {
    non_null(attribute_mapping, "source")
}

/// `parameters[]` of a source node: `{"key": <parameter name>, "value": <source node>}` pairs.
pub fn parameters(node: &Value) -> &[Value] {
    array(node, "parameters")
}

/// The argument node stored under parameter `key` of a Function node (`"source"`, `"one"`...).
pub fn parameter<'a>(node: &'a Value, key: &str) -> Option<&'a Value> {
    find_by(parameters(node), "key", key).and_then(|pair| pair.get("value"))
}

/// The scoping filter of an object mapping; `None` for `"scope": null` or no scope.
pub fn scope(object_mapping: &Value) -> Option<&Value> {
    non_null(object_mapping, "scope")
}

/// The scoping filter of an object mapping, mutably; `None` when null or absent (the caller
/// decides what to write instead, keeping the null-vs-absent distinction).
pub fn scope_mut(object_mapping: &mut Value) -> Option<&mut Value> {
    non_null_mut(object_mapping, "scope")
}

/// `clauses[]` of a filter group (an element of a scope's `groups`, `inputFilterGroups` or
/// `categoryFilterGroups`).
pub fn clauses(filter_group: &Value) -> &[Value] {
    array(filter_group, "clauses")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({"synchronizationRules": [
            {"id": "r1", "name": "USER_OUTBOUND_USER", "objectMappings": []},
            {"id": "6c40", "name": "AD2AADProvisioning",
             "sourceDirectoryName": "Active Directory", "targetDirectoryName": "Azure Active Directory",
             "objectMappings": [
                {"sourceObjectName": "user", "targetObjectName": "User",
                 "scope": {"groups": [{"name": "g", "clauses": [{"operatorName": "IS TRUE"}]}]},
                 "attributeMappings": [
                    {"targetAttributeName": "mail", "source": {"type": "Function", "name": "Trim",
                     "parameters": [{"key": "source", "value": {"type": "Attribute", "name": "mail"}}]}},
                    {"targetAttributeName": "usageLocation", "source": null, "defaultValue": "US"}
                 ]},
                {"sourceObjectName": "", "targetObjectName": "SyncCredentialsChangeItem", "scope": null}
             ]}
        ]})
    }

    fn directories(source: &str, target: &str) -> RuleSelector {
        RuleSelector::Directories {
            source: source.into(),
            target: target.into(),
        }
    }

    #[test]
    fn selects_rules_by_name_id_or_directories() {
        let s = sample();
        let by_dirs = directories("Active Directory", "Azure Active Directory");
        let by_name = RuleSelector::Name("AD2AADProvisioning".into());
        let by_id = RuleSelector::Id("6c40".into());
        for selector in [&by_dirs, &by_name, &by_id] {
            assert_eq!(find_rule(&s, selector).expect("rule")["id"], "6c40");
            assert_eq!(rule_positions(&s, selector), [1]);
        }
        assert!(find_rule(&s, &RuleSelector::Name("ad2aadprovisioning".into())).is_none());
        assert!(rule_positions(&s, &directories("Active Directory", "X")).is_empty());
        assert_eq!(
            by_dirs.to_string(),
            "rule \"Active Directory\" → \"Azure Active Directory\""
        );
    }

    #[test]
    fn finds_object_mappings_including_empty_source_names() {
        let s = sample();
        let rule = find_rule(&s, &RuleSelector::Id("6c40".into())).expect("rule");
        assert!(find_object_mapping(rule, "user", "User").is_some());
        let disabled = find_object_mapping(rule, "", "SyncCredentialsChangeItem").expect("om");
        assert!(scope(disabled).is_none(), "scope: null reads as no scope");
        assert!(find_object_mapping(rule, "User", "User").is_none());
    }

    #[test]
    fn walks_attribute_mapping_sources_and_scope() {
        let s = sample();
        let rule = &rules(&s)[1];
        let om = find_object_mapping(rule, "user", "User").expect("om");
        let mail = find_attribute_mapping(om, "mail").expect("mapping");
        let trim = source(mail).expect("source");
        assert_eq!(parameter(trim, "source").expect("argument")["name"], "mail");
        assert!(parameter(trim, "Find").is_none());
        let default_only = find_attribute_mapping(om, "usageLocation").expect("mapping");
        assert!(source(default_only).is_none(), "source: null has no tree");
        let groups = array(scope(om).expect("scope"), "groups");
        assert_eq!(clauses(&groups[0])[0]["operatorName"], "IS TRUE");
    }

    #[test]
    fn edits_mappings_in_place() {
        let mut s = sample();
        let selector = RuleSelector::Name("AD2AADProvisioning".into());
        let rule = find_rule_mut(&mut s, &selector).expect("rule");
        let om = find_object_mapping_mut(rule, "user", "User").expect("om");
        find_attribute_mapping_mut(om, "usageLocation").expect("mapping")["defaultValue"] =
            json!("DE");
        scope_mut(om).expect("scope")["groups"] = json!([]);
        attribute_mappings_mut(om)
            .expect("mappings")
            .push(json!({"targetAttributeName": "x"}));
        rules_mut(&mut s)
            .expect("rules")
            .push(json!({"name": "new"}));
        let om = find_object_mapping(&rules(&s)[1], "user", "User").expect("om");
        assert_eq!(
            find_attribute_mapping(om, "usageLocation").expect("m")["defaultValue"],
            "DE"
        );
        assert_eq!(scope(om).expect("scope")["groups"], json!([]));
        assert_eq!(attribute_mappings(om).len(), 3);
        assert_eq!(rules(&s).len(), 3);
        let rule = find_rule_mut(&mut s, &RuleSelector::Id("6c40".into())).expect("rule");
        let disabled = find_object_mapping_mut(rule, "", "SyncCredentialsChangeItem").expect("om");
        assert!(scope_mut(disabled).is_none());
        assert!(object_mappings_mut(&mut json!({"objectMappings": null})).is_none());
    }
}
