//! Engine: replacing scoping filter groups.

mod engine_support;

use engine_support::*;
use entra_schema::engine::Trees;
use serde_json::{Value, json};

const HEADER: &str =
    "version: 1\nmappings:\n  - rule: {name: API2AAD}\n    object: {source: User, target: User}\n";

fn scope_of(doc: &Value) -> &Value {
    &doc["synchronizationRules"][0]["objectMappings"][0]["scope"]
}

fn with_scope(scope: Value) -> Value {
    let mut doc = schema();
    doc["synchronizationRules"][0]["objectMappings"][0]["scope"] = scope;
    doc
}

const SCOPE: &str = "    scope:\n      any:\n        - all:\n            - {attribute: active, operator: IS TRUE}\n            - {attribute: department, operator: EQUALS, value: Sales}\n        - name: Engineers\n          all:\n            - {attribute: title, operator: REGEX MATCH, values: ['^Eng', '^Dev']}\n";

#[test]
fn scope_on_a_null_scope_writes_all_three_lists() {
    let out = apply_one(&schema(), &format!("{HEADER}{SCOPE}"), &Trees::new());
    assert_eq!(
        scope_of(&out),
        &json!({
            "groups": [
                {"name": "entra-schema 1", "clauses": [
                    {"operatorName": "IS TRUE", "sourceOperandName": "active", "targetOperand": null},
                    {"operatorName": "EQUALS", "sourceOperandName": "department", "targetOperand": {"values": ["Sales"]}}
                ]},
                {"name": "Engineers", "clauses": [
                    {"operatorName": "REGEX MATCH", "sourceOperandName": "title", "targetOperand": {"values": ["^Eng", "^Dev"]}}
                ]}
            ],
            "inputFilterGroups": [],
            "categoryFilterGroups": []
        })
    );
    assert_eq!(
        keys(scope_of(&out)),
        ["groups", "inputFilterGroups", "categoryFilterGroups"]
    );
}

#[test]
fn scope_replaces_groups_only() {
    let input = json!([{"name": "DefaultUserExclusions", "clauses": [
        {"operatorName": "IS FALSE", "sourceOperandName": "isCriticalSystemObject", "targetOperand": null}]}]);
    let doc =
        with_scope(json!({"categoryFilterGroups": null, "groups": [], "inputFilterGroups": input}));
    let out = apply_one(&doc, &format!("{HEADER}{SCOPE}"), &Trees::new());
    let scope = scope_of(&out);
    assert_eq!(
        keys(scope),
        ["categoryFilterGroups", "groups", "inputFilterGroups"]
    );
    assert_eq!(scope["inputFilterGroups"], input);
    assert_eq!(scope["categoryFilterGroups"], Value::Null);
    assert_eq!(scope["groups"].as_array().map(Vec::len), Some(2));
}

#[test]
fn applying_the_same_scope_twice_changes_nothing() {
    let yaml = format!("{HEADER}{SCOPE}");
    let once = apply_one(&schema(), &yaml, &Trees::new());
    assert_eq!(apply_one(&once, &yaml, &Trees::new()), once);
}

#[test]
fn group_with_unchanged_clauses_keeps_its_name_and_form() {
    // Existing unary clause written with an empty values list, and an odd key order: kept as is.
    let existing = json!({"clauses": [{"sourceOperandName": "active", "operatorName": "IS TRUE", "targetOperand": {"values": []}}],
        "name": "Active users"});
    let doc = with_scope(
        json!({"groups": [existing.clone()], "inputFilterGroups": [], "categoryFilterGroups": []}),
    );
    let yaml = format!(
        "{HEADER}    scope:\n      any:\n        - name: Renamed\n          all: [{{attribute: active, operator: IS TRUE}}]\n"
    );
    let out = apply_one(&doc, &yaml, &Trees::new());
    assert_eq!(out, doc);
}

#[test]
fn changed_group_takes_the_given_name_and_sibling_clause_order() {
    let existing = json!({"clauses": [{"sourceOperandName": "active", "operatorName": "IS TRUE", "targetOperand": null}],
        "name": "Active users"});
    let doc = with_scope(
        json!({"groups": [existing], "inputFilterGroups": [], "categoryFilterGroups": []}),
    );
    let yaml = format!(
        "{HEADER}    scope:\n      any:\n        - name: Active sales\n          all:\n            - {{attribute: active, operator: IS TRUE}}\n            - {{attribute: department, operator: EQUALS, value: Sales}}\n"
    );
    let out = apply_one(&doc, &yaml, &Trees::new());
    let group = &scope_of(&out)["groups"][0];
    assert_eq!(group["name"], json!("Active sales"));
    assert_eq!(keys(group), ["clauses", "name"]);
    assert_eq!(
        keys(&group["clauses"][1]),
        ["sourceOperandName", "operatorName", "targetOperand"]
    );
}

#[test]
fn empty_scope_on_a_null_scope_stays_null() {
    let yaml = format!("{HEADER}    scope:\n      any: []\n");
    assert_eq!(apply_one(&schema(), &yaml, &Trees::new()), schema());
}

#[test]
fn empty_scope_clears_the_groups() {
    let doc = with_scope(
        json!({"groups": [{"name": "g", "clauses": []}], "inputFilterGroups": [], "categoryFilterGroups": []}),
    );
    let yaml = format!("{HEADER}    scope:\n      any: []\n");
    let out = apply_one(&doc, &yaml, &Trees::new());
    assert_eq!(scope_of(&out)["groups"], json!([]));
}

#[test]
fn unary_operator_with_a_value_is_an_error() {
    let yaml = format!(
        "{HEADER}    scope:\n      any:\n        - all: [{{attribute: active, operator: IS TRUE, value: x}}]\n"
    );
    let report = apply_err(&schema(), &yaml, &Trees::new());
    assert!(report.contains("`IS TRUE` takes no value"), "{report}");
}

#[test]
fn binary_operator_without_a_value_is_an_error() {
    let yaml = format!(
        "{HEADER}    scope:\n      any:\n        - all: [{{attribute: department, operator: EQUALS}}]\n"
    );
    let report = apply_err(&schema(), &yaml, &Trees::new());
    assert!(
        report.contains("`EQUALS` needs a value to compare with"),
        "{report}"
    );
}

#[test]
fn misspelt_operator_is_an_error_with_did_you_mean() {
    let yaml = format!(
        "{HEADER}    scope:\n      any:\n        - all: [{{attribute: active, operator: IS_TRUE}}]\n"
    );
    let report = apply_err(&schema(), &yaml, &Trees::new());
    assert!(
        report.contains("\"IS_TRUE\" is not a valid scoping operator"),
        "{report}"
    );
    assert!(report.contains("did you mean \"IS TRUE\"?"), "{report}");
}
