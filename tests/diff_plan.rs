//! Behaviour of the semantic diff: identity matching, field changes, destructive marking.

use entra_schema::diff::{Action, Item, Plan, diff};
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("fixture");
    serde_json::from_str(&text).expect("json")
}

const EXT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn mapping(attribute: &str) -> Item {
    Item::AttributeMapping {
        rule: "API2AAD".into(),
        source: EXT.into(),
        target: "User".into(),
        attribute: attribute.into(),
    }
}

fn find<'a>(plan: &'a Plan, item: &Item) -> &'a entra_schema::diff::Change {
    plan.changes
        .iter()
        .find(|c| &c.item == item)
        .unwrap_or_else(|| panic!("{item:?} not in plan: {plan:#?}"))
}

fn schema_with_mappings(targets: &[(&str, &str)]) -> Value {
    let maps: Vec<Value> = targets
        .iter()
        .map(|(t, e)| {
            json!({"targetAttributeName": t, "flowType": "Always", "matchingPriority": 0,
                   "source": {"expression": e, "name": e.trim_matches(|c| c == '[' || c == ']'), "parameters": [], "type": "Attribute"}})
        })
        .collect();
    json!({"synchronizationRules": [{"name": "r", "sourceDirectoryName": "A", "targetDirectoryName": "B",
        "objectMappings": [{"sourceObjectName": "user", "targetObjectName": "User", "enabled": true,
                            "attributeMappings": maps}]}]})
}

#[test]
fn identical_schemas_have_no_changes() {
    let before = fixture("api2aad-before.json");
    let plan = diff(&before, &before);
    assert!(plan.is_empty());
    assert_eq!(plan.counts(), (0, 0, 0));
    assert!(!plan.is_destructive());
}

#[test]
fn plan_lists_exactly_the_changed_items() {
    let plan = diff(
        &fixture("api2aad-before.json"),
        &fixture("api2aad-after.json"),
    );
    let summary: Vec<(Action, Item)> = plan
        .changes
        .iter()
        .map(|c| (c.action, c.item.clone()))
        .collect();
    let scope = Item::Scope {
        rule: "API2AAD".into(),
        source: EXT.into(),
        target: "User".into(),
    };
    let attribute = |name: &str| Item::AttributeDefinition {
        directory: "API".into(),
        object: EXT.into(),
        name: name.into(),
    };
    assert_eq!(
        summary,
        // Definitions first, then the mappings that use them.
        vec![
            (
                Action::Remove,
                attribute("urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Legacy")
            ),
            (
                Action::Add,
                attribute("urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate")
            ),
            (Action::Change, mapping("employeeId")),
            (Action::Change, mapping("userPrincipalName")),
            (Action::Remove, mapping("facsimileTelephoneNumber")),
            (Action::Add, mapping("employeeHireDate")),
            (Action::Change, scope),
        ]
    );
    assert_eq!(plan.counts(), (2, 3, 2));
}

#[test]
fn changed_source_shows_old_and_new_expression() {
    let plan = diff(
        &fixture("api2aad-before.json"),
        &fixture("api2aad-after.json"),
    );
    let upn = find(&plan, &mapping("userPrincipalName"));
    assert_eq!(upn.fields.len(), 1);
    assert_eq!(upn.fields[0].field, "source");
    assert_eq!(upn.fields[0].old, Some(json!("[userName]")));
    assert_eq!(
        upn.fields[0].new,
        Some(json!("Join(\"@\", [userName], \"contoso.com\")"))
    );
    assert!(!upn.destructive);
}

#[test]
fn destructive_changes_carry_reasons() {
    let plan = diff(
        &fixture("api2aad-before.json"),
        &fixture("api2aad-after.json"),
    );
    assert!(plan.is_destructive());
    let removed = find(&plan, &mapping("facsimileTelephoneNumber"));
    assert!(removed.destructive);
    assert_eq!(
        removed.reasons,
        vec!["removing a mapping stops the attribute from flowing"]
    );
    let matching = find(&plan, &mapping("employeeId"));
    assert!(matching.destructive);
    assert!(matching.reasons[0].contains("matchingPriority"));
    let added = find(&plan, &mapping("employeeHireDate"));
    assert!(!added.destructive);
    for change in &plan.changes {
        assert_eq!(change.destructive, !change.reasons.is_empty());
    }
}

#[test]
fn removing_a_middle_mapping_is_one_change() {
    let old = schema_with_mappings(&[("a", "[x]"), ("b", "[y]"), ("c", "[z]"), ("d", "[w]")]);
    let new = schema_with_mappings(&[("a", "[x]"), ("c", "[z]"), ("d", "[w]")]);
    let plan = diff(&old, &new);
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].action, Action::Remove);
    assert!(
        matches!(&plan.changes[0].item, Item::AttributeMapping { attribute, .. } if attribute == "b")
    );
}

#[test]
fn reordering_mappings_is_not_a_semantic_change_per_item() {
    let old = schema_with_mappings(&[("a", "[x]"), ("b", "[y]")]);
    let new = schema_with_mappings(&[("b", "[y]"), ("a", "[x]")]);
    assert!(diff(&old, &new).is_empty());
}

#[test]
fn duplicate_targets_match_kth_to_kth_without_bogus_changes() {
    let old = schema_with_mappings(&[("a", "[x]"), ("a", "[y]"), ("b", "[z]")]);
    let plan = diff(&old, &old);
    assert!(plan.is_empty());
    let new = schema_with_mappings(&[("a", "[x]"), ("a", "[y2]"), ("b", "[z]")]);
    let plan = diff(&old, &new);
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].fields[0].old, Some(json!("[y]")));
    assert_eq!(plan.changes[0].fields[0].new, Some(json!("[y2]")));
}

#[test]
fn source_tree_change_with_same_expression_is_reported() {
    let old = schema_with_mappings(&[("a", "[x]")]);
    let mut new = old.clone();
    new["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["source"]["name"] =
        json!("other");
    let plan = diff(&old, &new);
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].fields[0].field, "source tree");
}

#[test]
fn default_only_mapping_shows_none_as_source() {
    let old = schema_with_mappings(&[("a", "[x]")]);
    let mut new = old.clone();
    new["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["source"] =
        Value::Null;
    let plan = diff(&old, &new);
    assert_eq!(plan.changes[0].fields[0].new, Some(Value::Null));
    assert_eq!(plan.changes[0].fields[0].old, Some(json!("[x]")));
}

#[test]
fn disabling_an_object_mapping_is_destructive() {
    let old = schema_with_mappings(&[("a", "[x]")]);
    let mut new = old.clone();
    new["synchronizationRules"][0]["objectMappings"][0]["enabled"] = json!(false);
    let plan = diff(&old, &new);
    assert_eq!(plan.changes.len(), 1);
    assert!(matches!(plan.changes[0].item, Item::ObjectMapping { .. }));
    assert!(plan.changes[0].destructive);
    assert!(plan.changes[0].reasons[0].contains("disabling"));
}

#[test]
fn anchor_change_is_destructive_and_other_attribute_fields_are_not() {
    let old = json!({"directories": [{"name": "D", "objects": [{"name": "U", "attributes": [
        {"name": "id", "anchor": true, "type": "String"},
        {"name": "mail", "anchor": false, "type": "String"}]}]}]});
    let mut new = old.clone();
    new["directories"][0]["objects"][0]["attributes"][0]["anchor"] = json!(false);
    new["directories"][0]["objects"][0]["attributes"][1]["type"] = json!("Reference");
    let plan = diff(&old, &new);
    assert_eq!(plan.changes.len(), 2);
    assert!(plan.changes[0].destructive);
    assert_eq!(plan.changes[0].fields[0].field, "anchor");
    assert!(!plan.changes[1].destructive);
    assert_eq!(plan.changes[1].fields[0].field, "type");
}

#[test]
fn server_managed_fields_and_flag_spelling_are_ignored() {
    let old = json!({"version": "1", "@odata.context": "x", "directories": [
        {"name": "D", "discoverabilities": "AttributeNames, AttributeDataTypes", "discoveryDateTime": null, "objects": []}]});
    let new = json!({"version": "2", "directories": [
        {"name": "D", "discoverabilities": "AttributeDataTypes,AttributeNames", "objects": []}]});
    assert!(diff(&old, &new).is_empty());
}

#[test]
fn rules_are_identified_by_name_else_id() {
    let old = json!({"synchronizationRules": [{"id": "1", "priority": 1}, {"name": "n", "id": "2", "priority": 1}]});
    let new = json!({"synchronizationRules": [{"name": "n", "id": "2", "priority": 2}, {"id": "1", "priority": 1}]});
    let plan = diff(&old, &new);
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].item, Item::Rule { rule: "n".into() });
}

#[test]
fn other_top_level_keys_are_document_items() {
    let old = json!({"id": "a", "directories": []});
    let new = json!({"id": "b", "directories": [], "provisioningTaskIdentifier": "x"});
    let plan = diff(&old, &new);
    let items: Vec<&Item> = plan.changes.iter().map(|c| &c.item).collect();
    assert_eq!(
        items,
        vec![
            &Item::Document { path: "/id".into() },
            &Item::Document {
                path: "/provisioningTaskIdentifier".into()
            }
        ]
    );
    assert_eq!(plan.counts(), (1, 1, 0));
}

#[test]
fn malformed_documents_do_not_panic() {
    for (old, new) in [
        (json!(null), json!({})),
        (json!({"directories": 3}), json!({"directories": []})),
        (
            json!({"synchronizationRules": [1, "x", null]}),
            json!({"synchronizationRules": [{}]}),
        ),
        (
            json!({"directories": [{"objects": [{"attributes": [null]}]}]}),
            json!({"directories": [{}]}),
        ),
    ] {
        let plan = diff(&old, &new);
        assert!(!plan.is_empty());
        let patch = entra_schema::diff::patch(&old, &new);
        let mut doc = old.clone();
        json_patch::patch(&mut doc, &patch).expect("patch applies");
        assert!(entra_schema::schema::semantic::semantic_eq(&doc, &new));
    }
}

#[test]
fn null_and_empty_rule_lists_differ_as_a_document_change() {
    let plan = diff(
        &json!({"synchronizationRules": null}),
        &json!({"synchronizationRules": []}),
    );
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(
        plan.changes[0].item,
        Item::Document {
            path: "/synchronizationRules".into()
        }
    );
    let plan = diff(
        &json!({}),
        &json!({"synchronizationRules": [{"name": "r"}]}),
    );
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].item, Item::Rule { rule: "r".into() });
}

#[test]
fn adding_an_anchor_attribute_is_destructive() {
    let before = json!({"directories": [{"name": "API", "objects": [{"name": "User", "attributes": [
        {"name": "externalId", "anchor": true}]}]}]});
    let mut after = before.clone();
    let attributes = after["directories"][0]["objects"][0]["attributes"]
        .as_array_mut()
        .expect("attributes");
    attributes.push(json!({"name": "plain", "anchor": false}));
    assert!(!diff(&before, &after).is_destructive());
    let mut anchored = before.clone();
    anchored["directories"][0]["objects"][0]["attributes"]
        .as_array_mut()
        .expect("attributes")
        .push(json!({"name": "badgeId", "anchor": true}));
    let plan = diff(&before, &anchored);
    assert!(plan.is_destructive());
    assert!(plan.changes[0].reasons[0].contains("anchor"));
}
