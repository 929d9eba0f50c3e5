//! Engine: adding, updating and removing attribute definitions.

mod engine_support;

use engine_support::*;
use entra_schema::engine::{Trees, apply};
use serde_json::{Value, json};

const HIRE_DATE: &str = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate";

#[test]
fn new_definition_is_appended_shaped_like_its_siblings() {
    let doc = schema();
    let yaml = format!(
        "version: 1\nattributes:\n  - {{directory: API, object: User, name: \"{HIRE_DATE}\"}}\n"
    );
    let out = apply_one(&doc, &yaml, &Trees::new());
    let attrs = api_attributes(&out);
    assert_eq!(attrs.len(), api_attributes(&doc).len() + 1);
    let added = attrs.last().expect("appended");
    // No flowNullValues: the siblings lack it. Key order: the siblings' order.
    assert_eq!(added, &definition(HIRE_DATE, "String"));
    assert_eq!(keys(added), keys(&attrs[0]));
    assert_eq!(&attrs[..attrs.len() - 1], &api_attributes(&doc)[..]);
}

#[test]
fn new_definition_has_all_twelve_fields_when_siblings_have_flow_null_values() {
    let mut doc = schema();
    for attr in doc["directories"][0]["objects"][0]["attributes"]
        .as_array_mut()
        .expect("array")
    {
        attr.as_object_mut()
            .expect("object")
            .insert("flowNullValues".into(), json!(false));
    }
    let yaml = format!(
        "version: 1\nattributes:\n  - {{directory: API, object: User, name: \"{HIRE_DATE}\", type: DateTime}}\n"
    );
    let out = apply_one(&doc, &yaml, &Trees::new());
    let added = api_attributes(&out).last().expect("appended");
    assert_eq!(added["flowNullValues"], json!(false));
    assert_eq!(added["type"], json!("DateTime"));
    assert_eq!(keys(added).len(), 12);
    assert_eq!(keys(added), keys(&api_attributes(&doc)[0]));
}

#[test]
fn new_definition_without_siblings_is_the_documented_literal() {
    let mut doc = schema();
    doc["directories"][0]["objects"][0]["attributes"] = json!([]);
    let yaml = "version: 1\nattributes:\n  - {directory: API, object: User, name: x}\n";
    let out = apply_one(&doc, yaml, &Trees::new());
    let added = &api_attributes(&out)[0];
    assert_eq!(
        serde_json::to_string(added).expect("json"),
        r#"{"anchor":false,"caseExact":false,"defaultValue":null,"flowNullValues":false,"multivalued":false,"mutability":"ReadWrite","name":"x","required":false,"type":"String","apiExpressions":[],"metadata":[],"referencedObjects":[]}"#
    );
}

#[test]
fn sibling_key_without_a_value_gets_a_neutral_default() {
    let mut doc = schema();
    for attr in doc["directories"][0]["objects"][0]["attributes"]
        .as_array_mut()
        .expect("array")
    {
        attr.as_object_mut()
            .expect("object")
            .insert("customFlags".into(), json!(["a"]));
    }
    let yaml = "version: 1\nattributes:\n  - {directory: API, object: User, name: x}\n";
    let out = apply_one(&doc, yaml, &Trees::new());
    assert_eq!(
        api_attributes(&out).last().expect("added")["customFlags"],
        json!([])
    );
}

#[test]
fn existing_definition_changes_only_the_named_fields() {
    let mut doc = schema();
    doc["directories"][0]["objects"][0]["attributes"][5]["anchor"] = json!(true);
    let yaml = "version: 1\nattributes:\n  - {directory: API, object: User, name: title, multivalued: true, defaultValue: none}\n";
    let out = apply_one(&doc, yaml, &Trees::new());
    let title = &api_attributes(&out)[5];
    assert_eq!(title["multivalued"], json!(true));
    assert_eq!(title["defaultValue"], json!("none"));
    assert_eq!(title["anchor"], json!(true), "not reset by omission");
    assert_eq!(title["type"], json!("String"));
    assert_eq!(keys(title), keys(&api_attributes(&doc)[5]));
    assert!(title.get("flowNullValues").is_none());
}

#[test]
fn reference_attribute_gets_referenced_objects() {
    let doc = schema();
    let yaml = "version: 1\nattributes:\n  - {directory: API, object: User, name: manager, type: Reference, referencedObjects: [User]}\n";
    let out = apply_one(&doc, yaml, &Trees::new());
    let added = api_attributes(&out).last().expect("added");
    assert_eq!(
        added["referencedObjects"],
        json!([{"referencedObjectName": "User", "referencedProperty": null}])
    );
}

#[test]
fn wrong_type_case_is_an_error_with_did_you_mean() {
    let yaml =
        "version: 1\nattributes:\n  - {directory: API, object: User, name: x, type: string}\n";
    let report = apply_err(&schema(), yaml, &Trees::new());
    assert!(
        report.contains("\"string\" is not a valid attribute type"),
        "{report}"
    );
    assert!(report.contains("did you mean \"String\"?"), "{report}");
}

#[test]
fn wrong_mutability_is_an_error_with_did_you_mean() {
    let yaml = "version: 1\nattributes:\n  - {directory: API, object: User, name: x, mutability: readonly}\n";
    let report = apply_err(&schema(), yaml, &Trees::new());
    assert!(report.contains("did you mean \"ReadOnly\"?"), "{report}");
}

#[test]
fn unused_definition_is_removed_and_removing_again_is_a_no_op() {
    let doc = schema();
    let yaml =
        "version: 1\nattributes:\n  - {directory: API, object: User, name: title, remove: true}\n";
    let once = apply_one(&doc, yaml, &Trees::new());
    let names: Vec<&Value> = api_attributes(&once).iter().map(|a| &a["name"]).collect();
    assert!(!names.contains(&&json!("title")));
    assert_eq!(api_attributes(&once).len(), api_attributes(&doc).len() - 1);
    assert_eq!(apply_one(&once, yaml, &Trees::new()), once);
}

#[test]
fn removing_a_definition_a_mapping_uses_is_refused_at_the_remove_line() {
    let yaml = "version: 1\nattributes:\n  - directory: API\n    object: User\n    name: userName\n    remove: true\n";
    let report = apply_err(&schema(), yaml, &Trees::new());
    assert!(
        report.starts_with("error: schemas/test.yaml:6:13: cannot remove attribute \"userName\""),
        "{report}"
    );
    assert!(
        report.contains("the mapping of \"mailNickname\""),
        "{report}"
    );
}

#[test]
fn removing_a_definition_a_scoping_clause_uses_is_refused() {
    let mut doc = schema();
    doc["synchronizationRules"][0]["objectMappings"][0]["scope"] = json!({"groups": [{"name": "g",
        "clauses": [{"operatorName": "IS NOT NULL", "sourceOperandName": "title", "targetOperand": null}]}],
        "inputFilterGroups": [], "categoryFilterGroups": []});
    let yaml =
        "version: 1\nattributes:\n  - {directory: API, object: User, name: title, remove: true}\n";
    let report = apply_err(&doc, yaml, &Trees::new());
    assert!(report.contains("scoping filter group \"g\""), "{report}");
}

#[test]
fn removing_a_definition_together_with_its_mapping_is_allowed() {
    let doc = schema();
    let yaml = "version: 1\nattributes:\n  - {directory: API, object: User, name: department, remove: true}\nmappings:\n  - rule: {name: API2AAD}\n    object: {source: User, target: User}\n    remove: [department]\n";
    let out = apply_one(&doc, yaml, &Trees::new());
    assert_eq!(user_mappings(&out).len(), 4);
    assert_eq!(api_attributes(&out).len(), 5);
}

#[test]
fn a_later_set_may_remove_the_mapping_of_a_removed_definition() {
    let doc = schema();
    let first = load(
        "a",
        "version: 1\nattributes:\n  - {directory: API, object: User, name: department, remove: true}\n",
    );
    let second = load(
        "b",
        "version: 1\nmappings:\n  - rule: {name: API2AAD}\n    object: {source: User, target: User}\n    remove: [department]\n",
    );
    assert!(apply(&doc, &[first, second], &Trees::new()).is_ok());
}

#[test]
fn later_sets_see_earlier_results() {
    let doc = schema();
    let first = load(
        "a",
        "version: 1\nattributes:\n  - {directory: API, object: User, name: x, type: Integer}\n",
    );
    let second = load(
        "b",
        "version: 1\nattributes:\n  - {directory: API, object: User, name: x, required: true}\n",
    );
    let out = apply(&doc, &[first, second], &Trees::new()).expect("applies");
    let added = api_attributes(&out).last().expect("added");
    assert_eq!(
        (&added["type"], &added["required"]),
        (&json!("Integer"), &json!(true))
    );
}
