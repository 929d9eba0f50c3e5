//! The RFC 6902 patch follows item identities: applying it to `old` yields a document
//! semantically equal to `new`, with few operations.

use entra_schema::diff::patch;
use entra_schema::schema::semantic::semantic_eq;
use json_patch::PatchOperation;
use proptest::prelude::*;
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

/// Applies the patch from `old` to `new` and checks the result; returns the operations.
fn roundtrip(old: &Value, new: &Value) -> Vec<PatchOperation> {
    let ops = patch(old, new);
    let mut doc = old.clone();
    json_patch::patch(&mut doc, &ops).unwrap_or_else(|e| panic!("patch fails: {e}\n{ops:#?}"));
    assert!(
        semantic_eq(&doc, new),
        "patched document differs\npatch: {}\ngot: {doc:#}\nwant: {new:#}",
        serde_json::to_string_pretty(&ops).unwrap_or_default()
    );
    ops.0
}

fn mappings(targets: &[&str]) -> Value {
    let maps: Vec<Value> = targets
        .iter()
        .map(|t| json!({"targetAttributeName": t, "source": {"expression": format!("[{t}]"), "name": t, "type": "Attribute", "parameters": []}}))
        .collect();
    json!({"synchronizationRules": [{"name": "r", "objectMappings": [
        {"sourceObjectName": "user", "targetObjectName": "User", "attributeMappings": maps}]}]})
}

fn paths(ops: &[PatchOperation]) -> Vec<String> {
    ops.iter()
        .map(|op| {
            let v = serde_json::to_value(op).unwrap_or_default();
            format!(
                "{} {}",
                v["op"].as_str().unwrap_or("?"),
                v["path"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

const AM: &str = "/synchronizationRules/0/objectMappings/0/attributeMappings";

#[test]
fn removing_a_middle_mapping_is_one_remove() {
    let names: Vec<String> = (0..50).map(|i| format!("a{i}")).collect();
    let all: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut fewer = all.clone();
    fewer.remove(3);
    let ops = roundtrip(&mappings(&all), &mappings(&fewer));
    assert_eq!(paths(&ops), vec![format!("remove {AM}/3")]);
}

#[test]
fn removals_go_from_the_highest_index_down() {
    let ops = roundtrip(
        &mappings(&["a", "b", "c", "d", "e"]),
        &mappings(&["a", "c", "e"]),
    );
    assert_eq!(
        paths(&ops),
        vec![format!("remove {AM}/3"), format!("remove {AM}/1")]
    );
}

#[test]
fn new_items_are_appended_with_dash() {
    let ops = roundtrip(&mappings(&["a", "b"]), &mappings(&["a", "b", "c"]));
    assert_eq!(paths(&ops), vec![format!("add {AM}/-")]);
}

#[test]
fn items_inserted_in_the_middle_keep_their_place() {
    let ops = roundtrip(&mappings(&["a", "c"]), &mappings(&["a", "b", "c"]));
    assert_eq!(paths(&ops), vec![format!("add {AM}/1")]);
}

#[test]
fn field_changes_address_the_field_after_removals() {
    let old = mappings(&["a", "b", "c"]);
    let mut new = mappings(&["a", "c"]);
    new["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][1]["flowType"] =
        json!("ObjectAddOnly");
    let ops = roundtrip(&old, &new);
    assert_eq!(
        paths(&ops),
        vec![format!("remove {AM}/1"), format!("add {AM}/1/flowType")]
    );
}

#[test]
fn reordered_items_are_moved_not_rewritten() {
    let ops = roundtrip(
        &mappings(&["a", "b", "c", "d"]),
        &mappings(&["d", "a", "b", "c"]),
    );
    assert_eq!(ops.len(), 1);
    assert!(matches!(ops[0], PatchOperation::Move(_)));
}

#[test]
fn ignored_fields_and_key_order_produce_no_operations() {
    let old = json!({"version": "1", "@odata.context": "x", "id": "j", "directories": [
        {"name": "D", "discoverabilities": "A, B", "objects": []}]});
    let new = json!({"directories": [{"objects": [], "discoverabilities": "B,A", "name": "D"}], "id": "j", "version": "2"});
    assert!(roundtrip(&old, &new).is_empty());
}

#[test]
fn fixture_change_set_patch_is_small() {
    let old = fixture("api2aad-before.json");
    let new = fixture("api2aad-after.json");
    let ops = roundtrip(&old, &new);
    assert!(ops.len() <= 10, "{:#?}", paths(&ops));
    let text = paths(&ops).join("\n");
    assert!(text.contains(&format!("remove {AM}/4")), "{text}");
    assert!(
        text.contains("add /directories/0/objects/0/attributes/-"),
        "{text}"
    );
}

#[test]
fn names_with_slashes_and_tildes_are_escaped() {
    let old =
        json!({"directories": [{"name": "a/b~c", "objects": [{"name": "x", "attributes": []}]}]});
    let new = json!({"directories": [{"name": "a/b~c", "objects": [{"name": "x", "attributes": [{"name": "n/1"}]}]}]});
    roundtrip(&old, &new);
}

#[test]
fn duplicates_and_whole_array_changes_roundtrip() {
    roundtrip(
        &mappings(&["a", "a", "b"]),
        &mappings(&["b", "a", "c", "a"]),
    );
    roundtrip(&mappings(&["a"]), &json!({"synchronizationRules": null}));
    roundtrip(&json!({"synchronizationRules": null}), &mappings(&["a"]));
    roundtrip(&json!([1, 2]), &json!({"a": 1}));
}

fn schema_strategy() -> impl Strategy<Value = Value> {
    let mapping = (0usize..6, 0usize..3, 0i64..2).prop_map(|(target, expr, prio)| {
        json!({"targetAttributeName": format!("t{target}"), "matchingPriority": prio,
               "source": {"expression": format!("[s{expr}]"), "name": format!("s{expr}"), "type": "Attribute"}})
    });
    let object_mapping = (
        0usize..3,
        proptest::collection::vec(mapping, 0..8),
        any::<bool>(),
    )
        .prop_map(|(source, maps, enabled)| {
            json!({"sourceObjectName": format!("o{source}"), "targetObjectName": "User",
                   "enabled": enabled, "attributeMappings": maps})
        });
    let rule = (0usize..2, proptest::collection::vec(object_mapping, 0..3))
        .prop_map(|(name, oms)| json!({"name": format!("r{name}"), "objectMappings": oms}));
    let attribute = (0usize..6, any::<bool>())
        .prop_map(|(n, anchor)| json!({"name": format!("a{n}"), "anchor": anchor}));
    let object = (0usize..2, proptest::collection::vec(attribute, 0..6))
        .prop_map(|(n, attrs)| json!({"name": format!("obj{n}"), "attributes": attrs}));
    let directory = (0usize..2, proptest::collection::vec(object, 0..3))
        .prop_map(|(n, objs)| json!({"name": format!("d{n}"), "objects": objs}));
    (
        proptest::collection::vec(rule, 0..3),
        proptest::collection::vec(directory, 0..3),
        proptest::option::of(0u8..3),
    )
        .prop_map(|(rules, dirs, id)| {
            let mut doc = json!({"synchronizationRules": rules, "directories": dirs});
            if let Some(id) = id {
                doc["id"] = json!(id);
            }
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn patch_turns_old_into_new(old in schema_strategy(), new in schema_strategy()) {
        roundtrip(&old, &new);
    }

    #[test]
    fn diff_of_a_document_with_itself_is_empty(doc in schema_strategy()) {
        prop_assert!(entra_schema::diff::diff(&doc, &doc).is_empty());
        prop_assert!(patch(&doc, &doc).0.is_empty());
    }
}

#[test]
fn a_changed_source_is_replaced_in_one_piece() {
    let old = mappings(&["a", "b"]);
    let mut new = old.clone();
    new["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][1]["source"] = json!(
        {"expression": "Join(\"@\", [b], \"x\")", "name": "Join", "type": "Function", "parameters": []});
    let ops = roundtrip(&old, &new);
    assert_eq!(paths(&ops), vec![format!("replace {AM}/1/source")]);
}
