//! Engine: selecting directories, objects, rules and object mappings that do not exist fails at
//! the selector with the names that do exist (snapshots of the full error reports).

mod engine_support;

use engine_support::*;
use entra_schema::engine::Trees;

fn report(yaml: &str) -> String {
    apply_err(&schema(), yaml, &Trees::new())
}

#[test]
fn unknown_directory_lists_directories() {
    insta::assert_snapshot!(report(
        "version: 1\nattributes:\n  - {directory: APi, object: User, name: x}\n"
    ));
}

#[test]
fn unknown_object_lists_objects() {
    insta::assert_snapshot!(report(
        "version: 1\nattributes:\n  - {directory: API, object: user, name: x}\n"
    ));
}

#[test]
fn unknown_rule_name_lists_rules() {
    insta::assert_snapshot!(report(
        "version: 1\nmappings:\n  - rule: {name: API2AD}\n    object: {source: User, target: User}\n"
    ));
}

#[test]
fn unknown_rule_id_lists_rules() {
    insta::assert_snapshot!(report(
        "version: 1\nmappings:\n  - rule: {id: nope}\n    object: {source: User, target: User}\n"
    ));
}

#[test]
fn unknown_rule_directories_list_rules() {
    insta::assert_snapshot!(report(
        "version: 1\nmappings:\n  - rule: {source: API, target: Microsoft Entra ID}\n    object: {source: User, target: User}\n"
    ));
}

#[test]
fn empty_rule_selector_is_an_error() {
    insta::assert_snapshot!(report(
        "version: 1\nmappings:\n  - rule: {}\n    object: {source: User, target: User}\n"
    ));
}

#[test]
fn unknown_object_mapping_lists_object_mappings() {
    insta::assert_snapshot!(report(
        "version: 1\nmappings:\n  - rule: {name: API2AAD}\n    object: {source: Users, target: User}\n"
    ));
}

#[test]
fn rule_selected_by_id_works() {
    let yaml = "version: 1\nmappings:\n  - rule: {id: rule-1}\n    object: {source: User, target: User}\n    enabled: false\n";
    let out = apply_one(&schema(), yaml, &Trees::new());
    assert_eq!(
        out["synchronizationRules"][0]["objectMappings"][0]["enabled"],
        false
    );
}
