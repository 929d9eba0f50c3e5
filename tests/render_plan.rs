//! Snapshots of a representative plan rendered as text (plain and coloured), JSON and Markdown.

use entra_schema::diff::{Plan, diff};
use entra_schema::render;
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

fn representative_plan() -> Plan {
    diff(
        &fixture("api2aad-before.json"),
        &fixture("api2aad-after.json"),
    )
}

fn plain(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}

#[test]
fn text_plan_plain() {
    insta::assert_snapshot!(plain(&render::text(&representative_plan())));
}

#[test]
fn text_plan_with_colours() {
    let coloured = render::text(&representative_plan());
    assert!(coloured.contains("\u{1b}["), "styles are emitted");
    insta::assert_snapshot!(coloured.replace('\u{1b}', "\\e"));
}

#[test]
fn text_plan_shows_expressions_and_summary() {
    let text = plain(&render::text(&representative_plan()));
    assert!(text.contains("  + attribute mapping employeeHireDate\n      source: [urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate]\n"));
    assert!(text.contains("  ~ attribute mapping userPrincipalName\n      source: [userName] → Join(\"@\", [userName], \"contoso.com\")\n"));
    assert!(text.contains("  - attribute mapping facsimileTelephoneNumber   (destructive: removing a mapping stops the attribute from flowing)\n"));
    assert!(text.contains("department EQUALS \"Sales\" AND active IS TRUE"));
    assert!(text.contains("\nPlan: 2 to add, 3 to change, 2 to remove.\n"));
    assert!(text.contains("Warning: 4 changes are destructive"));
}

#[test]
fn text_is_deterministic() {
    let plan = representative_plan();
    assert_eq!(render::text(&plan), render::text(&representative_plan()));
}

#[test]
fn empty_plan_says_no_changes() {
    let plan = Plan::default();
    assert_eq!(
        plain(&render::text(&plan)),
        "No changes. The schema matches the change sets.\n"
    );
    assert!(render::markdown(&plan).contains("No changes."));
    let json = render::json(&plan);
    assert_eq!(json["summary"]["add"], 0);
    assert_eq!(json["changes"], serde_json::json!([]));
}

#[test]
fn json_plan() {
    let json = render::json(&representative_plan());
    assert_eq!(json["format_version"], "1.0");
    assert_eq!(json["summary"]["destructive"], 4);
    insta::assert_json_snapshot!(json);
}

#[test]
fn markdown_plan() {
    let md = render::markdown(&representative_plan());
    assert!(md.starts_with("**Plan: 2 to add, 3 to change, 2 to remove.**"));
    assert_eq!(md.matches("<details>").count(), 7);
    assert_eq!(md.matches("</details>").count(), 7);
    insta::assert_snapshot!(md);
}

#[test]
fn markdown_escapes_schema_content() {
    let old = serde_json::json!({"synchronizationRules": [{"name": "r|@team", "objectMappings": [
        {"sourceObjectName": "u", "targetObjectName": "U", "attributeMappings": [
            {"targetAttributeName": "a|b", "source": {"expression": "<script>`x`</script> | @octocat #1", "type": "Function"}}]}]}]});
    let mut new = old.clone();
    new["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["source"]["expression"] =
        serde_json::json!("[y]");
    let md = render::markdown(&diff(&old, &new));
    assert!(!md.contains("<script>"));
    assert!(!md.contains("@octocat"));
    assert!(!md.contains("a|b"));
    assert!(!md.contains(" #1"));
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        let columns = line.matches(" | ").count();
        assert!(columns == 2 || columns == 3, "table row broken: {line}");
    }
}

#[test]
fn text_matches_the_documented_example() {
    use entra_schema::diff::{Action, Change, FieldChange, Item};
    let item = |attribute: &str| Item::AttributeMapping {
        rule: "API2AAD".into(),
        source: "urn:User".into(),
        target: "User".into(),
        attribute: attribute.into(),
    };
    let hire = "[urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate]";
    let mut removed = Change::new(Action::Remove, item("facsimileTelephoneNumber"), vec![]);
    removed.destructive_because("removing a mapping stops the attribute from flowing");
    let mut plan = Plan {
        changes: vec![
            Change::new(
                Action::Add,
                item("employeeHireDate"),
                vec![FieldChange::new(
                    "source",
                    None,
                    Some(serde_json::json!(hire)),
                )],
            ),
            Change::new(
                Action::Change,
                item("userPrincipalName"),
                vec![FieldChange::new(
                    "source",
                    Some(serde_json::json!("[userName]")),
                    Some(serde_json::json!(
                        "Join(\"@\", [userName], \"contoso.com\")"
                    )),
                )],
            ),
            removed,
        ],
        ..Plan::default()
    };
    plan.rule_directories.insert(
        "API2AAD".into(),
        ("API".into(), "Azure Active Directory".into()),
    );
    let expected = format!(
        "  # API → Azure Active Directory: urn:User → User
  + attribute mapping employeeHireDate
      source: {hire}
  ~ attribute mapping userPrincipalName
      source: [userName] → Join(\"@\", [userName], \"contoso.com\")
  - attribute mapping facsimileTelephoneNumber   (destructive: removing a mapping stops the attribute from flowing)

Plan: 1 to add, 1 to change, 1 to remove.
Warning: 1 change is destructive; apply refuses it without --allow-destructive.
"
    );
    assert_eq!(plain(&render::text(&plan)), expected);
}
