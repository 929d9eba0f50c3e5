//! The whole-schema lint rules: each rule fires on what it should, as an error when the change
//! sets touch the item (it is in the plan) and as a warning when the tenant already had it.

use entra_schema::diff::{Item, diff};
use entra_schema::expression::Severity;
use entra_schema::lint::{Finding, error_count, lint};
use serde_json::{Value, json};

fn attribute(name: &str, kind: &str, multivalued: bool) -> Value {
    json!({"name": name, "type": kind, "multivalued": multivalued, "anchor": false})
}

/// A small API → Entra schema with the given mappings and scope.
fn schema(mappings: Value, scope: Value) -> Value {
    json!({
        "id": "API2AAD.x.y",
        "synchronizationRules": [{
            "name": "R", "sourceDirectoryName": "API", "targetDirectoryName": "Azure Active Directory",
            "objectMappings": [{
                "sourceObjectName": "User", "targetObjectName": "User", "enabled": true,
                "attributeMappings": mappings, "scope": scope
            }]
        }],
        "directories": [{
            "name": "API",
            "objects": [{"name": "User", "attributes": [
                attribute("userName", "String", false),
                attribute("active", "Boolean", false),
                attribute("emails", "String", true),
                attribute("hireDate", "DateTime", false),
                attribute("manager", "Reference", false),
                attribute("urn:x:User:manager", "Reference", false),
                attribute("userType", "String", false)
            ]}]
        }]
    })
}

fn mapping(target: &str, source: Value, priority: i64) -> Value {
    json!({"flowType": "Always", "flowBehavior": "FlowWhenChanged", "matchingPriority": priority,
           "targetAttributeName": target, "source": source})
}

fn attr(name: &str) -> Value {
    json!({"expression": format!("[{name}]"), "name": name, "type": "Attribute", "parameters": []})
}

fn function(expression: &str) -> Value {
    json!({"expression": expression, "name": "X", "type": "Function", "parameters": []})
}

fn clause(attribute: &str, operator: &str, values: Option<&[&str]>) -> Value {
    json!({"operatorName": operator, "sourceOperandName": attribute,
           "targetOperand": values.map(|v| json!({"values": v}))})
}

fn scope(clauses: Vec<Value>) -> Value {
    json!({"groups": [{"name": "g", "clauses": clauses}], "inputFilterGroups": [], "categoryFilterGroups": []})
}

/// Lint `after`, with the plan from `before` marking what the change sets touched.
fn findings(before: &Value, after: &Value) -> Vec<Finding> {
    lint(after, &diff(before, after))
}

fn mapping_item(target: &str) -> Item {
    Item::AttributeMapping {
        rule: "R".into(),
        source: "User".into(),
        target: "User".into(),
        attribute: target.into(),
    }
}

fn messages(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{:?}: {}", f.severity, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_clean_schema_has_no_findings() {
    let s = schema(json!([mapping("mail", attr("userName"), 0)]), Value::Null);
    assert!(findings(&s, &s).is_empty());
}

#[test]
fn undefined_source_attribute_is_an_error_when_added_and_a_warning_when_present() {
    let before = schema(json!([]), Value::Null);
    let after = schema(json!([mapping("mail", attr("usrName"), 0)]), Value::Null);
    let added = findings(&before, &after);
    assert_eq!(error_count(&added), 1, "{}", messages(&added));
    assert!(
        added[0]
            .message
            .contains("\"usrName\" is not defined on object User")
    );
    assert_eq!(added[0].item, mapping_item("mail"));
    let existing = findings(&after, &after);
    assert_eq!(existing.len(), 1);
    assert_eq!(existing[0].severity, Severity::Warning);
}

#[test]
fn target_mapped_twice_is_reported_once() {
    let before = schema(json!([mapping("mail", attr("userName"), 0)]), Value::Null);
    let after = schema(
        json!([
            mapping("mail", attr("userName"), 0),
            mapping("mail", attr("active"), 0)
        ]),
        Value::Null,
    );
    let found = findings(&before, &after);
    let twice: Vec<_> = found
        .iter()
        .filter(|f| f.message.contains("mapped 2 times"))
        .collect();
    assert_eq!(twice.len(), 1, "{}", messages(&found));
}

#[test]
fn matching_priorities_must_be_unique() {
    let before = schema(
        json!([mapping("employeeId", attr("userName"), 1)]),
        Value::Null,
    );
    let after = schema(
        json!([
            mapping("employeeId", attr("userName"), 1),
            mapping("mail", attr("userName"), 1)
        ]),
        Value::Null,
    );
    let found = findings(&before, &after);
    assert_eq!(error_count(&found), 1, "{}", messages(&found));
    assert!(
        found[0]
            .message
            .contains("matching priority 1 is used by employeeId, mail")
    );
}

#[test]
fn misspelled_flow_type_in_the_tenant_is_a_warning() {
    let mut m = mapping("mail", attr("userName"), 0);
    m["flowType"] = json!("always");
    let s = schema(json!([m]), Value::Null);
    let found = findings(&s, &s);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0].message.contains("did you mean \"Always\""),
        "{}",
        found[0].message
    );
}

#[test]
fn changed_function_sources_are_validated_with_a_position() {
    let before = schema(json!([]), Value::Null);
    let after = schema(
        json!([mapping("mail", function("Jion(\"@\", [userName])"), 0)]),
        Value::Null,
    );
    let found = findings(&before, &after);
    assert_eq!(error_count(&found), 1, "{}", messages(&found));
    assert!(found[0].message.contains("unknown function \"Jion\""));
    assert_eq!(found[0].offset, Some(0));
    // The same expression already in the tenant is not re-validated.
    assert!(findings(&after, &after).is_empty());
}

#[test]
fn scoping_on_attributes_the_service_cannot_filter_is_refused() {
    let before = schema(json!([]), Value::Null);
    for (attribute, why) in [
        ("emails", "multi-valued"),
        ("hireDate", "date"),
        ("manager", "\"manager\""),
        ("urn:x:User:manager", "reference"),
        ("userType", "\"userType\""),
    ] {
        let after = schema(
            json!([]),
            scope(vec![clause(attribute, "IS NOT NULL", None)]),
        );
        let found = findings(&before, &after);
        assert_eq!(error_count(&found), 1, "{attribute}: {}", messages(&found));
        assert!(
            found[0].message.contains(why),
            "{attribute}: {}",
            found[0].message
        );
    }
}

#[test]
fn scoping_operators_need_the_right_values() {
    let before = schema(json!([]), Value::Null);
    let cases = [
        (clause("userName", "EQUALS", None), "compares with a value"),
        (clause("active", "IS TRUE", Some(&["x"])), "takes no value"),
        (
            clause("userName", "EQUAL", Some(&["x"])),
            "did you mean \"EQUALS\"",
        ),
        (
            clause("nickName", "IS NOT NULL", None),
            "\"nickName\" is not defined",
        ),
    ];
    for (c, expected) in cases {
        let after = schema(json!([]), scope(vec![c]));
        let found = findings(&before, &after);
        assert!(
            found
                .iter()
                .any(|f| f.severity == Severity::Error && f.message.contains(expected)),
            "{expected}: {}",
            messages(&found)
        );
    }
}

#[test]
fn unconfirmed_operator_spellings_are_only_warnings() {
    let before = schema(json!([]), Value::Null);
    let after = schema(
        json!([]),
        scope(vec![clause("userName", "Includes", Some(&["x"]))]),
    );
    let found = findings(&before, &after);
    assert_eq!(error_count(&found), 0, "{}", messages(&found));
    assert_eq!(found.len(), 1);
}

#[test]
fn every_changed_source_is_validated_not_only_functions() {
    let before = schema(json!([]), Value::Null);
    // `source: userName` (brackets forgotten) would set every user's value to the text.
    let bare =
        json!({"expression": "userName", "name": "userName", "type": "Constant", "parameters": []});
    let after = schema(json!([mapping("displayName", bare, 0)]), Value::Null);
    let found = findings(&before, &after);
    assert_eq!(error_count(&found), 1, "{}", messages(&found));
    assert!(
        found[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("[userName]")
            || found[0].message.contains("userName")
    );
    // The 10,000-character limit holds for constants too.
    let long = format!("\"{}\"", "a".repeat(10_050));
    let constant = json!({"expression": long, "name": "a", "type": "Constant", "parameters": []});
    let after = schema(json!([mapping("displayName", constant, 0)]), Value::Null);
    let found = findings(&before, &after);
    assert!(
        found
            .iter()
            .any(|f| f.severity == Severity::Error && f.message.contains("10,000")),
        "{}",
        messages(&found)
    );
}
