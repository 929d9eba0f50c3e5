//! Engine on the real cloud-sync export (../shared/corpus, skipped when absent): adding, changing
//! and removing mappings in the middle of the `user` → `User` list touches nothing else, and a
//! second apply changes nothing.

mod engine_support;

use std::path::PathBuf;

use engine_support::{attribute_node, load};
use entra_schema::engine::{Trees, apply};
use serde_json::{Value, json};

fn corpus(name: &str) -> Option<Value> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for dir in [
        root.join("../shared/corpus"),
        root.join("../../shared/corpus"),
    ] {
        if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
            return Some(serde_json::from_str(&text).expect("corpus file is JSON"));
        }
    }
    eprintln!("note: corpus file {name} not found; test skipped");
    None
}

const CHANGES: &str = r#"version: 1
mappings:
  - rule: {source: Active Directory, target: Azure Active Directory}
    object: {source: user, target: User}
    set:
      - target: MSExchExtensionCustomAttribute3
        source: 'Trim([company])'
      - target: MSExchLitigationHoldDate
        flow: ObjectAddOnly
      - target: MSExchEnableModeration
        source: '[msExchEnableModeration] '
      - target: employeeType
        source: '[title]'
    remove: [MSExchImmutableId, MSExchElcMailboxFlags]
"#;

fn trees() -> Trees {
    let mut trees = Trees::new();
    trees.insert(
        "Trim([company])".into(),
        json!({"expression": "Trim([company])", "name": "Trim",
            "parameters": [{"key": "source", "value": attribute_node("company")}], "type": "Function"}),
    );
    trees.insert("[title]".into(), attribute_node("title"));
    trees
}

fn user_mappings(doc: &Value) -> &Vec<Value> {
    doc["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]
        .as_array()
        .expect("mappings")
}

fn target(mapping: &Value) -> &str {
    mapping["targetAttributeName"].as_str().unwrap_or("")
}

const NAMED: &[&str] = &[
    "MSExchExtensionCustomAttribute3",
    "MSExchLitigationHoldDate",
    "MSExchEnableModeration",
    "employeeType",
    "MSExchImmutableId",
    "MSExchElcMailboxFlags",
];

#[test]
fn mapping_changes_in_the_middle_touch_only_the_named_mappings() {
    let Some(doc) = corpus("cloudsync-ad2aad-export.json") else {
        return;
    };
    let out = apply(&doc, &[load("corpus", CHANGES)], &trees()).expect("applies");
    let (before, after) = (user_mappings(&doc), user_mappings(&out));

    // Untouched mappings: all equal and in the same relative order.
    let untouched = |maps: &Vec<Value>| -> Vec<Value> {
        maps.iter()
            .filter(|m| !NAMED.contains(&target(m)))
            .cloned()
            .collect()
    };
    assert_eq!(untouched(after), untouched(before));
    assert_eq!(after.len(), before.len() - 2 + 1);

    // Changed mappings stay where they were; the new one is appended.
    let index = |maps: &Vec<Value>, t: &str| maps.iter().position(|m| target(m) == t);
    let changed = "MSExchExtensionCustomAttribute3";
    let b = &before[index(before, changed).expect("present")];
    let a = &after[index(after, changed).expect("present")];
    assert_eq!(
        a["source"]["parameters"][0]["value"]["name"],
        json!("company")
    );
    let mut expected = b.clone();
    expected["source"] = a["source"].clone();
    assert_eq!(a, &expected, "only the source changed");
    // The new tree is written in the export's node key order (expression, name, type, parameters).
    let sibling_keys: Vec<&String> = b["source"].as_object().expect("tree").keys().collect();
    let new_keys: Vec<&String> = a["source"].as_object().expect("tree").keys().collect();
    assert_eq!(new_keys, sibling_keys);

    let hold = &after[index(after, "MSExchLitigationHoldDate").expect("present")];
    assert_eq!(hold["flowType"], json!("ObjectAddOnly"));
    let moderation = "MSExchEnableModeration";
    assert_eq!(
        after[index(after, moderation).expect("present")],
        before[index(before, moderation).expect("present")],
        "an unchanged expression keeps its stored mapping and tree"
    );
    assert_eq!(index(after, "employeeType"), Some(after.len() - 1));
    assert!(index(after, "MSExchImmutableId").is_none());
    let keys = |v: &Value| v.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>());
    assert_eq!(keys(&after[after.len() - 1]), keys(&before[0]));

    // Nothing outside this mapping list changed, byte for byte.
    let strip = |d: &Value| {
        let mut d = d.clone();
        d["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"] = json!([]);
        serde_json::to_string(&d).expect("json")
    };
    assert_eq!(strip(&out), strip(&doc));

    // Idempotent: a second apply changes nothing (and needs no new trees).
    let again = apply(&out, &[load("corpus", CHANGES)], &Trees::new()).expect("applies again");
    assert_eq!(again, out);
}

#[test]
fn an_empty_change_set_returns_the_document_byte_for_byte() {
    let Some(doc) = corpus("cloudsync-ad2aad-export.json") else {
        return;
    };
    let out = apply(&doc, &[load("empty", "version: 1\n")], &Trees::new()).expect("applies");
    assert_eq!(
        serde_json::to_string_pretty(&out).expect("json"),
        serde_json::to_string_pretty(&doc).expect("json")
    );
}

#[test]
fn removing_a_definition_the_export_maps_is_refused() {
    let Some(doc) = corpus("cloudsync-ad2aad-export.json") else {
        return;
    };
    let yaml = "version: 1\nattributes:\n  - {directory: Active Directory, object: user, name: company, remove: true}\n";
    let err = apply(&doc, &[load("corpus", yaml)], &Trees::new()).expect_err("refused");
    assert!(
        err.to_string()
            .contains("cannot remove attribute \"company\""),
        "{err}"
    );
}

#[test]
fn scope_set_twice_on_the_export_changes_nothing_the_second_time() {
    let Some(doc) = corpus("cloudsync-ad2aad-export.json") else {
        return;
    };
    let yaml = "version: 1\nmappings:\n  - rule: {name: AD2AADProvisioning}\n    object: {source: user, target: User}\n    scope:\n      any:\n        - all: [{attribute: department, operator: EQUALS, value: Sales}]\n";
    let once = apply(&doc, &[load("scope", yaml)], &Trees::new()).expect("applies");
    let scope = &once["synchronizationRules"][0]["objectMappings"][0]["scope"];
    assert_eq!(
        scope["inputFilterGroups"],
        doc["synchronizationRules"][0]["objectMappings"][0]["scope"]["inputFilterGroups"]
    );
    assert_eq!(
        scope["groups"][0]["clauses"][0]["targetOperand"],
        json!({"values": ["Sales"]})
    );
    let again = apply(&once, &[load("scope", yaml)], &Trees::new()).expect("applies");
    assert_eq!(again, once);
}
