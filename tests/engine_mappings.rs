//! Engine: setting and removing attribute mappings, expression trees, enabling object mappings.

mod engine_support;

use engine_support::*;
use entra_schema::engine::{self, Trees};
use serde_json::{Value, json};

const HEADER: &str = "version: 1\nmappings:\n  - rule: {source: API, target: Azure Active Directory}\n    object: {source: User, target: User}\n";

fn change(body: &str) -> String {
    format!("{HEADER}{body}")
}

#[test]
fn new_mapping_is_appended_with_defaults_in_sibling_key_order() {
    let doc = schema();
    let yaml = change("    set:\n      - {target: jobTitle, source: '[title]'}\n");
    let out = apply_one(&doc, &yaml, &attribute_trees(&["title"]));
    let maps = user_mappings(&out);
    assert_eq!(&maps[..5], &user_mappings(&doc)[..]);
    assert_eq!(maps[5], mapping("jobTitle", attribute_node("title")));
    assert_eq!(keys(&maps[5]), keys(&maps[0]));
    assert_eq!(keys(&maps[5]["source"]), keys(&maps[0]["source"]));
}

#[test]
fn new_mapping_follows_microsoft_docs_order_when_siblings_use_it() {
    let mut doc = schema();
    let docs_order = json!({"defaultValue": null, "exportMissingReferences": false,
        "flowBehavior": "FlowWhenChanged", "flowType": "Always", "matchingPriority": 0,
        "source": attribute_node("externalId"), "targetAttributeName": "employeeId"});
    doc["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"] = json!([docs_order]);
    let yaml = change(
        "    set:\n      - {target: jobTitle, source: '[title]', flow: ObjectAddOnly, matching: 2, behavior: FlowAlways, default: x}\n",
    );
    let out = apply_one(&doc, &yaml, &attribute_trees(&["title"]));
    let added = &user_mappings(&out)[1];
    assert_eq!(keys(added), keys(&user_mappings(&doc)[0]));
    assert_eq!(added["flowType"], json!("ObjectAddOnly"));
    assert_eq!(added["flowBehavior"], json!("FlowAlways"));
    assert_eq!(added["matchingPriority"], json!(2));
    assert_eq!(added["defaultValue"], json!("x"));
}

#[test]
fn existing_mapping_changes_only_the_named_fields() {
    let mut doc = schema();
    doc["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["matchingPriority"] =
        json!(1);
    let yaml = change("    set:\n      - {target: employeeId, flow: ObjectAddOnly}\n");
    let out = apply_one(&doc, &yaml, &Trees::new());
    let before = &user_mappings(&doc)[0];
    let after = &user_mappings(&out)[0];
    assert_eq!(after["flowType"], json!("ObjectAddOnly"));
    assert_eq!(after["matchingPriority"], json!(1), "not reset by omission");
    assert_eq!(after["source"], before["source"]);
    assert_eq!(keys(after), keys(before));
    assert_eq!(&user_mappings(&out)[1..], &user_mappings(&doc)[1..]);
}

#[test]
fn changed_source_takes_the_callers_tree() {
    let doc = schema();
    let yaml = change("    set:\n      - {target: department, source: '[title]'}\n");
    let out = apply_one(&doc, &yaml, &attribute_trees(&["title"]));
    assert_eq!(user_mappings(&out)[4]["source"], attribute_node("title"));
}

#[test]
fn unchanged_expression_keeps_its_stored_tree_even_with_other_whitespace() {
    let mut doc = schema();
    // A placeholder the string does not show: re-parsing would lose it.
    doc["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][3]["source"]["parameters"]
        [1]["value"]["name"] = json!("%placeholder%");
    let yaml = change(
        "    set:\n      - {target: mailNickname, source: 'Item( Split([userName], \"@\"),1 )'}\n",
    );
    let out = apply_one(&doc, &yaml, &Trees::new());
    assert_eq!(out, doc, "no tree was needed and nothing changed");
}

#[test]
fn missing_tree_for_a_changed_expression_is_an_internal_error_naming_it() {
    let yaml = change("    set:\n      - {target: department, source: 'Trim([title])'}\n");
    let report = apply_err(&schema(), &yaml, &Trees::new());
    assert!(
        report.contains("internal error: no expression tree was built for `Trim([title])`"),
        "{report}"
    );
}

#[test]
fn function_tree_is_reordered_like_sibling_nodes() {
    let doc = schema();
    let mut trees = Trees::new();
    trees.insert(
        "Trim([title])".into(),
        json!({"type": "Function", "name": "Trim", "expression": "Trim([title])",
            "parameters": [{"value": {"type": "Attribute", "name": "title", "expression": "[title]"}, "key": "source"}]}),
    );
    let yaml = change("    set:\n      - {target: jobTitle, source: 'Trim([title])'}\n");
    let out = apply_one(&doc, &yaml, &trees);
    let source = &user_mappings(&out)[5]["source"];
    assert_eq!(
        serde_json::to_string(source).expect("json"),
        r#"{"expression":"Trim([title])","name":"Trim","parameters":[{"key":"source","value":{"expression":"[title]","name":"title","parameters":[],"type":"Attribute"}}],"type":"Function"}"#
    );
}

#[test]
fn leaf_nodes_get_no_parameters_when_siblings_have_none() {
    let mut doc = schema();
    let maps = &mut doc["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"];
    *maps = json!([mapping(
        "employeeId",
        json!({"expression": "[externalId]", "name": "externalId", "type": "Attribute"})
    )]);
    let yaml = change("    set:\n      - {target: jobTitle, source: '[title]'}\n");
    let out = apply_one(&doc, &yaml, &attribute_trees(&["title"]));
    assert!(user_mappings(&out)[1]["source"].get("parameters").is_none());
}

#[test]
fn null_source_writes_a_default_only_mapping() {
    let doc = schema();
    let yaml = change("    set:\n      - {target: usageLocation, source: null, default: US}\n");
    let out = apply_one(&doc, &yaml, &Trees::new());
    let added = &user_mappings(&out)[5];
    assert_eq!(added["source"], Value::Null);
    assert_eq!(added["defaultValue"], json!("US"));
}

#[test]
fn remove_takes_out_only_that_mapping_and_absent_targets_are_a_no_op() {
    let doc = schema();
    let yaml = change("    remove: [mail, facsimileTelephoneNumber]\n");
    let out = apply_one(&doc, &yaml, &Trees::new());
    let before = user_mappings(&doc);
    let expected: Vec<Value> = before
        .iter()
        .filter(|m| m["targetAttributeName"] != "mail")
        .cloned()
        .collect();
    assert_eq!(user_mappings(&out), &expected);
}

#[test]
fn enabled_sets_only_the_flag() {
    let doc = schema();
    let out = apply_one(&doc, &change("    enabled: false\n"), &Trees::new());
    let mut expected = doc.clone();
    expected["synchronizationRules"][0]["objectMappings"][0]["enabled"] = json!(false);
    assert_eq!(out, expected);
    assert_eq!(
        apply_one(&doc, &change("    enabled: true\n"), &Trees::new()),
        doc
    );
}

#[test]
fn flow_and_behavior_spellings_are_exact() {
    let report = apply_err(
        &schema(),
        &change("    set:\n      - {target: mail, flow: objectaddonly}\n"),
        &Trees::new(),
    );
    assert!(
        report.contains("did you mean \"ObjectAddOnly\"?"),
        "{report}"
    );
    let report = apply_err(
        &schema(),
        &change("    set:\n      - {target: mail, behavior: FlowAlway}\n"),
        &Trees::new(),
    );
    assert!(report.contains("did you mean \"FlowAlways\"?"), "{report}");
}

#[test]
fn applying_mapping_changes_twice_equals_applying_once() {
    let doc = schema();
    let mut trees = attribute_trees(&["title", "department"]);
    trees.insert(
        "Join(\" \", [title], [department])".into(),
        json!({"expression": "Join(\" \", [title], [department])", "name": "Join", "parameters": [
            {"key": "separator", "value": {"expression": "\" \"", "name": " ", "parameters": [], "type": "Constant"}},
            {"key": "source", "value": attribute_node("title")},
            {"key": "source", "value": attribute_node("department")}], "type": "Function"}),
    );
    let yaml = change(
        "    set:\n      - {target: jobTitle, source: '[title]'}\n      - {target: displayName, source: 'Join(\" \", [title], [department])', flow: ObjectAddOnly}\n      - {target: employeeId, matching: 1}\n    remove: [mail]\n    enabled: false\n",
    );
    let once = apply_one(&doc, &yaml, &trees);
    assert_ne!(once, doc);
    assert_eq!(apply_one(&once, &yaml, &trees), once);
    // The second pass needs no trees: every expression is unchanged.
    assert_eq!(apply_one(&once, &yaml, &Trees::new()), once);
}

#[test]
fn setting_and_removing_the_same_target_is_an_error() {
    let yaml =
        change("    set:\n      - {target: mail, flow: ObjectAddOnly}\n    remove: [mail]\n");
    let report = apply_err(&schema(), &yaml, &Trees::new());
    assert!(
        report.contains("target `mail` is both set (line 6) and removed"),
        "{report}"
    );
}

#[test]
fn expressions_to_build_lists_only_added_or_changed_expressions() {
    let doc = schema();
    let yaml = change(
        "    set:\n      - {target: jobTitle, source: '[title]'}\n      - {target: mailNickname, source: 'Item(Split([userName], \"@\"), 1)'}\n      - {target: department, source: 'Trim([department])'}\n      - {target: city, source: '[title]'}\n      - {target: usageLocation, source: null, default: US}\n",
    );
    let needed = engine::expressions_to_build(&doc, &[load("test", &yaml)]).expect("selects");
    assert_eq!(needed, ["[title]", "Trim([department])"]);
    let trees = Trees::from([
        ("[title]".to_owned(), attribute_node("title")),
        (
            "Trim([department])".to_owned(),
            json!({"expression": "Trim([department])", "name": "Trim",
            "parameters": [{"key": "source", "value": attribute_node("department")}], "type": "Function"}),
        ),
    ]);
    let out = apply_one(&doc, &yaml, &trees);
    assert!(
        engine::expressions_to_build(&out, &[load("test", &yaml)])
            .expect("selects")
            .is_empty()
    );
}
