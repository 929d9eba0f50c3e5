//! Shared helpers for the engine tests: a small API2AAD-like schema, change sets from YAML text,
//! and hand-built expression trees.
#![allow(dead_code)]

use std::path::PathBuf;

use entra_schema::changes::LoadedChangeSet;
use entra_schema::changes::model::ChangeSet;
use entra_schema::engine::{self, Trees};
use serde_json::{Value, json};

/// A change set parsed from YAML, named `schemas/<name>.yaml`.
pub fn load(name: &str, yaml: &str) -> LoadedChangeSet {
    let set: ChangeSet = serde_saphyr::from_str(yaml).expect("test change set parses");
    LoadedChangeSet {
        path: PathBuf::from(format!("schemas/{name}.yaml")),
        text: yaml.to_owned(),
        set,
    }
}

/// `apply` with one change set, panicking on error.
pub fn apply_one(doc: &Value, yaml: &str, trees: &Trees) -> Value {
    engine::apply(doc, &[load("test", yaml)], trees).expect("applies")
}

/// The error report (`error: ...`, snippet, hint) of applying `yaml`.
pub fn apply_err(doc: &Value, yaml: &str, trees: &Trees) -> String {
    engine::apply(doc, &[load("test", yaml)], trees)
        .expect_err("fails")
        .report()
}

/// An Attribute node as the service writes it.
pub fn attribute_node(name: &str) -> Value {
    json!({"expression": format!("[{name}]"), "name": name, "parameters": [], "type": "Attribute"})
}

/// Trees for bare attribute expressions `[name]`.
pub fn attribute_trees(names: &[&str]) -> Trees {
    names
        .iter()
        .map(|n| (format!("[{n}]"), attribute_node(n)))
        .collect()
}

/// A mapping in the corpus export's key order.
pub fn mapping(target: &str, source: Value) -> Value {
    json!({"defaultValue": null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged",
        "flowType": "Always", "matchingPriority": 0, "targetAttributeName": target, "source": source})
}

/// An attribute definition without `flowNullValues`, like the 2020 export.
pub fn definition(name: &str, kind: &str) -> Value {
    json!({"anchor": false, "caseExact": false, "defaultValue": null, "multivalued": false,
        "mutability": "ReadWrite", "name": name, "required": false, "type": kind,
        "apiExpressions": [], "metadata": [], "referencedObjects": []})
}

/// `Item(Split([userName], "@"), 1)` as the service stores it.
pub fn mail_nickname_source() -> Value {
    let split = json!({"expression": "Split([userName], \"@\")", "name": "Split",
        "parameters": [
            {"key": "source", "value": attribute_node("userName")},
            {"key": "delimiter", "value": {"expression": "\"@\"", "name": "@", "parameters": [], "type": "Constant"}}
        ], "type": "Function"});
    json!({"expression": "Item(Split([userName], \"@\"), 1)", "name": "Item",
        "parameters": [
            {"key": "source", "value": split},
            {"key": "index", "value": {"expression": "\"1\"", "name": "1", "parameters": [], "type": "Constant"}}
        ], "type": "Function"})
}

/// A small API-driven inbound schema.
pub fn schema() -> Value {
    json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#schema",
        "id": "API2AAD.job",
        "version": "v1",
        "synchronizationRules": [{
            "editable": true,
            "id": "rule-1",
            "name": "API2AAD",
            "priority": 1,
            "sourceDirectoryName": "API",
            "targetDirectoryName": "Azure Active Directory",
            "metadata": [],
            "objectMappings": [{
                "enabled": true,
                "flowTypes": "Add, Update, Delete",
                "name": "Provision API users",
                "sourceObjectName": "User",
                "targetObjectName": "User",
                "attributeMappings": [
                    mapping("employeeId", attribute_node("externalId")),
                    mapping("accountEnabled", attribute_node("active")),
                    mapping("mail", attribute_node("emails[type eq \"work\"].value")),
                    mapping("mailNickname", mail_nickname_source()),
                    mapping("department", attribute_node("department"))
                ],
                "metadata": [],
                "scope": null
            }]
        }],
        "directories": [
            {"id": "api", "name": "API", "objects": [{
                "name": "User",
                "attributes": [
                    definition("externalId", "String"),
                    definition("active", "Boolean"),
                    definition("userName", "String"),
                    definition("emails[type eq \"work\"].value", "String"),
                    definition("department", "String"),
                    definition("title", "String")
                ],
                "metadata": [],
                "supportedApis": []
            }]},
            {"id": "aad", "name": "Azure Active Directory", "objects": [{
                "name": "User",
                "attributes": [definition("employeeId", "String"), definition("mail", "String")],
                "metadata": [],
                "supportedApis": ["user"]
            }]}
        ]
    })
}

/// The `attributeMappings` of the fixture's only object mapping.
pub fn user_mappings(doc: &Value) -> &Vec<Value> {
    doc["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]
        .as_array()
        .expect("mappings array")
}

/// The API directory's User attribute definitions.
pub fn api_attributes(doc: &Value) -> &Vec<Value> {
    doc["directories"][0]["objects"][0]["attributes"]
        .as_array()
        .expect("attributes array")
}

/// Keys of a JSON object, in order.
pub fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}
