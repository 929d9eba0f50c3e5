//! The diff over the real public schema documents in ../shared/corpus (skipped when absent):
//! a document never differs from itself, and mutations in the middle of the cloud-sync export
//! produce exactly the expected items and a small patch.

use std::path::PathBuf;

use entra_schema::diff::{Action, Item, diff, patch};
use entra_schema::schema::semantic::semantic_eq;
use serde_json::{Value, json};

fn corpus_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let found = [
        root.join("../shared/corpus"),
        root.join("../../shared/corpus"),
    ]
    .into_iter()
    .find(|p| p.is_dir());
    if found.is_none() {
        eprintln!("note: shared/corpus not found; corpus tests skipped");
    }
    found
}

fn load(dir: &std::path::Path, name: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(name)).expect("corpus file");
    serde_json::from_str(&text).expect("corpus json")
}

#[test]
fn every_corpus_document_equals_itself() {
    let Some(dir) = corpus_dir() else { return };
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus dir") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let Ok(doc) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let plan = diff(&doc, &doc);
        assert!(plan.is_empty(), "{}: {plan:#?}", path.display());
        assert!(patch(&doc, &doc).0.is_empty(), "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 2, "complete schemas were read");
}

#[test]
fn complete_schemas_diff_against_an_empty_document_without_panic() {
    let Some(dir) = corpus_dir() else { return };
    for name in [
        "cloudsync-ad2aad-export.json",
        "msdocs-graph-get-schema-salesforce-response.json",
    ] {
        let doc = load(&dir, name);
        let empty = json!({});
        assert!(!diff(&doc, &empty).is_empty());
        let mut rebuilt = empty.clone();
        json_patch::patch(&mut rebuilt, &patch(&empty, &doc)).expect("patch applies");
        assert!(semantic_eq(&rebuilt, &doc));
    }
}

const OM: &str = "/synchronizationRules/0/objectMappings/0";

#[test]
fn mutations_in_the_middle_of_the_cloud_sync_export_are_found_by_identity() {
    let Some(dir) = corpus_dir() else { return };
    let old = load(&dir, "cloudsync-ad2aad-export.json");
    let mut new = old.clone();
    let om = &mut new["synchronizationRules"][0]["objectMappings"][0];
    let maps = om["attributeMappings"].as_array_mut().expect("mappings");
    let removed = maps.remove(60);
    let changed_target = maps[70]["targetAttributeName"].clone();
    maps[70]["source"] =
        json!({"expression": "[mail]", "name": "mail", "parameters": [], "type": "Attribute"});
    maps[10]["flowType"] = json!("ObjectAddOnly");
    om["flowTypes"] = json!("Delete,Add,Update"); // spelling only: no change
    let clauses = om["scope"]["inputFilterGroups"][0]["clauses"]
        .as_array_mut()
        .expect("clauses");
    clauses.remove(5);
    new["synchronizationRules"][0]["objectMappings"][1]["enabled"] = json!(true);
    let attrs = new["directories"][1]["objects"][0]["attributes"]
        .as_array_mut()
        .expect("attributes");
    let removed_attr = attrs.remove(70);
    attrs.push(json!({"anchor": false, "name": "extension_test", "type": "String"}));
    new["version"] = json!("Date:2026-11-29T00:00:00Z");

    let plan = diff(&old, &new);
    let mapping = |m: &Value| Item::AttributeMapping {
        rule: "AD2AADProvisioning".into(),
        source: "user".into(),
        target: "User".into(),
        attribute: m["targetAttributeName"].as_str().unwrap_or_default().into(),
    };
    let old_maps = old["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]
        .as_array()
        .expect("mappings");
    let attribute = |name: &Value| Item::AttributeDefinition {
        directory: "Azure Active Directory".into(),
        object: "User".into(),
        name: name.as_str().unwrap_or_default().into(),
    };
    let got: Vec<(Action, Item)> = plan
        .changes
        .iter()
        .map(|c| (c.action, c.item.clone()))
        .collect();
    // Definitions come before the mappings that use them.
    let expected = vec![
        (Action::Remove, attribute(&removed_attr["name"])),
        (Action::Add, attribute(&json!("extension_test"))),
        (Action::Change, mapping(&old_maps[10])),
        (Action::Remove, mapping(&removed)),
        (
            Action::Change,
            mapping(&json!({"targetAttributeName": changed_target})),
        ),
        (
            Action::Change,
            Item::Scope {
                rule: "AD2AADProvisioning".into(),
                source: "user".into(),
                target: "User".into(),
            },
        ),
        (
            Action::Change,
            Item::ObjectMapping {
                rule: "AD2AADProvisioning".into(),
                source: String::new(),
                target: "SyncCredentialsChangeItem".into(),
            },
        ),
    ];
    assert_eq!(got, expected);
    let scope = &plan.changes[5];
    assert!(scope.destructive);
    assert_eq!(scope.fields.len(), 1);
    assert_eq!(scope.fields[0].field, "inputFilterGroups");
    assert!(!plan.changes[6].destructive, "enabling is not destructive");

    let ops = patch(&old, &new);
    let paths: Vec<String> = ops.0.iter().map(|op| op.path().to_string()).collect();
    assert!(paths.len() <= 10, "small patch: {paths:#?}");
    assert!(paths.contains(&format!("{OM}/attributeMappings/60")));
    assert!(paths.contains(&format!("{OM}/attributeMappings/10/flowType")));
    assert!(paths.contains(&"/directories/1/objects/0/attributes/-".to_owned()));
    let mut patched = old.clone();
    json_patch::patch(&mut patched, &ops).expect("patch applies");
    assert!(semantic_eq(&patched, &new));
}
