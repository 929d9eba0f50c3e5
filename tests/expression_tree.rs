//! Building `attributeMappingSource` trees from expressions and reading them back.

use entra_schema::expression::{Expr, Flavor, from_tree, from_tree_in, parse, print, to_tree};
use serde_json::{Value, json};

const DOCS_ORDER: &[&str] = &["expression", "name", "parameters", "type"];

fn build(src: &str, flavor: Flavor, order: &[&str]) -> (Value, Vec<String>) {
    let e = parse(src).expect("parses");
    let b = to_tree(src, &e, flavor, order);
    (b.tree, b.unverified)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn mid_tree_matches_the_graph_documentation() {
    let (tree, unverified) = build(
        "Mid([userPrincipalName], 1, 8)",
        Flavor::AppProvisioning,
        DOCS_ORDER,
    );
    let expected = json!({ "expression": "Mid([userPrincipalName], 1, 8)", "name": "Mid",
      "parameters": [
        { "key": "source", "value": { "expression": "[userPrincipalName]", "name": "userPrincipalName", "parameters": [], "type": "Attribute" } },
        { "key": "start",  "value": { "expression": "\"1\"", "name": "1", "parameters": [], "type": "Constant" } },
        { "key": "length", "value": { "expression": "\"8\"", "name": "8", "parameters": [], "type": "Constant" } } ],
      "type": "Function" });
    assert_eq!(tree, expected);
    assert_eq!(keys(&tree), DOCS_ORDER);
    assert!(unverified.is_empty());
}

#[test]
fn join_with_filtered_attribute_has_one_attribute_source() {
    let (tree, unverified) = build(
        r#"Join("@", [emails[type eq "work"].value], "x")"#,
        Flavor::AppProvisioning,
        &[],
    );
    let params = tree["parameters"].as_array().expect("parameters");
    let keys: Vec<&str> = params.iter().filter_map(|p| p["key"].as_str()).collect();
    assert_eq!(keys, ["separator", "source", "source"]);
    assert_eq!(params[1]["value"]["type"], "Attribute");
    assert_eq!(
        params[1]["value"]["name"],
        r#"emails[type eq "work"].value"#
    );
    assert_eq!(
        params[1]["value"]["expression"],
        r#"[emails[type eq "work"].value]"#
    );
    assert!(unverified.is_empty());
}

#[test]
fn nested_function_keeps_its_source_text() {
    let src = r#"IIF(BitAnd([userAccountControl],2)="0","True","False")"#;
    let (tree, _) = build(src, Flavor::CloudSync, &[]);
    assert_eq!(tree["expression"], src);
    assert_eq!(
        tree["parameters"][0]["value"]["expression"],
        "BitAnd([userAccountControl],2)"
    );
    let keys: Vec<&str> = tree["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["key"].as_str())
        .collect();
    assert_eq!(keys, ["one", "two", "three", "four", "five"]);
    assert_eq!(tree["parameters"][1]["value"]["name"], "=");
}

#[test]
fn expression_not_from_the_text_gets_canonical_child_text() {
    let e = parse("Left(Trim( [x] ), 3)").expect("parses");
    let built = to_tree("typed differently", &e, Flavor::CloudSync, &[]);
    assert_eq!(built.tree["expression"], "typed differently");
    assert_eq!(
        built.tree["parameters"][0]["value"]["expression"],
        "Trim([x])"
    );
}

#[test]
fn missing_parameters_key_in_siblings_is_mirrored_for_leaves_only() {
    let (tree, _) = build(
        "Not([IsSoftDeleted])",
        Flavor::AppProvisioning,
        &["expression", "name", "type"],
    );
    assert_eq!(keys(&tree), ["expression", "name", "type", "parameters"]);
    assert_eq!(
        keys(&tree["parameters"][0]["value"]),
        ["expression", "name", "type"]
    );
}

#[test]
fn guessed_keys_are_reported_as_unverified() {
    let (_, u) = build(r#"Switch([d], , "a", "b")"#, Flavor::AppProvisioning, &[]);
    assert_eq!(u, ["Switch"]);
    let (_, u) = build(
        r#"Replace([x], "-", , , "_", , )"#,
        Flavor::AppProvisioning,
        &[],
    );
    assert!(u.is_empty(), "{u:?}");
    let (tree, u) = build(
        r#"Replace([x], , "\\d", , "", , )"#,
        Flavor::AppProvisioning,
        &[],
    );
    assert_eq!(u, ["Replace"]);
    assert_eq!(tree["parameters"][1]["key"], "regexPattern");
    let (_, u) = build("CBool([a] = [b])", Flavor::AppProvisioning, &[]);
    assert_eq!(
        u,
        [
            "CBool",
            "comparison '=' outside an IIF condition (tree form unknown, OQ-5)"
        ]
    );
    let (tree, u) = build(
        r#"FormatDateTime([x], , "a", "b")"#,
        Flavor::AppProvisioning,
        &[],
    );
    assert!(u.is_empty(), "{u:?}");
    assert_eq!(tree["parameters"][1]["key"], "inputFormat");
}

#[test]
fn documented_replace_tree_reads_back_with_seven_slots() {
    let tree = json!({ "expression": "Replace([preferredLanguage], \"-\", , , \"_\", , )", "name": "Replace",
        "parameters": [
          { "key": "source", "value": { "expression": "[preferredLanguage]", "name": "preferredLanguage", "parameters": [], "type": "Attribute" } },
          { "key": "Find", "value": { "expression": "\"-\"", "name": "-", "parameters": [], "type": "Constant" } },
          { "key": "Replacement", "value": { "expression": "\"_\"", "name": "_", "parameters": [], "type": "Constant" } } ],
        "type": "Function" });
    let e = from_tree(&tree).expect("reads");
    assert_eq!(
        print(&e),
        "Replace([preferredLanguage], \"-\", , , \"_\", , )"
    );
}

#[test]
fn cloud_sync_trees_read_back_by_engine() {
    let tree = json!({ "name": "FormatDateTime", "type": "Function", "parameters": [
        { "key": "source", "value": { "name": "x", "type": "Attribute" } },
        { "key": "outputFormat", "value": { "name": "yyyy", "type": "Constant", "expression": "\"yyyy\"" } } ] });
    let cloud = from_tree_in(&tree, Flavor::CloudSync).expect("reads");
    assert_eq!(print(&cloud), r#"FormatDateTime([x], , "yyyy")"#);
    let app = from_tree_in(&tree, Flavor::AppProvisioning).expect("reads");
    assert_eq!(print(&app), r#"FormatDateTime([x], , , "yyyy")"#);
    let placeholder = json!({ "name": "Join", "type": "Function", "parameters": [
        { "key": "separator", "value": { "name": "@", "type": "Constant", "expression": "\"@\"" } },
        { "key": "source", "value": { "name": "s", "type": "Attribute" } },
        { "key": "source", "value": { "name": "%DomainFQDN%", "type": "Constant", "expression": null } } ] });
    let e = from_tree_in(&placeholder, Flavor::CloudSync).expect("reads");
    assert_eq!(print(&e), r#"Join("@", [s], "%DomainFQDN%")"#);
}

#[test]
fn iif_tree_with_comparison_reads_back_as_comparison() {
    let src = r#"IIF(BitAnd([u], &HF) <> 0, vbTextCompare, )"#;
    let (tree, _) = build(src, Flavor::CloudSync, &[]);
    let e = from_tree_in(&tree, Flavor::CloudSync).expect("reads");
    assert_eq!(e, parse(src).expect("parses"));
}

#[test]
fn malformed_trees_are_errors() {
    assert!(from_tree(&json!({ "name": "x", "type": "Thing" })).is_err());
    assert!(from_tree(&json!({ "type": "Attribute" })).is_err());
    let bad_key = json!({ "name": "Mid", "type": "Function", "parameters": [
        { "key": "nope", "value": { "name": "x", "type": "Attribute" } } ] });
    let err = from_tree(&bad_key).expect_err("unknown key");
    assert!(
        err.contains("Mid has no parameter with key \"nope\""),
        "{err}"
    );
    let mut deep = json!({ "name": "x", "type": "Attribute" });
    for _ in 0..200 {
        deep = json!({ "name": "Trim", "type": "Function", "parameters": [ { "key": "source", "value": deep } ] });
    }
    assert!(from_tree_in(&deep, Flavor::CloudSync).is_err());
    assert_eq!(
        from_tree(&json!({ "name": "12", "type": "Constant" })),
        Ok(Expr::Number("12".into()))
    );
}

#[test]
fn same_structure_ignores_expression_text_and_key_order() {
    let (built, _) = build("Not( [IsSoftDeleted] )", Flavor::AppProvisioning, &[]);
    let documented = json!({ "expression": "Not([IsSoftDeleted])", "name": "Not",
        "parameters": [ { "key": "source", "value": { "name": "IsSoftDeleted", "type": "Attribute" } } ],
        "type": "Function" });
    assert!(entra_schema::expression::same_structure(
        &built,
        &documented
    ));
    let (other, _) = build("Not([IsDeleted])", Flavor::AppProvisioning, &[]);
    assert!(!entra_schema::expression::same_structure(
        &other,
        &documented
    ));
    let (join, _) = build(r#"Join("@", [s], )"#, Flavor::CloudSync, &[]);
    let with_placeholder = json!({ "name": "Join", "type": "Function", "parameters": [
        { "key": "separator", "value": { "name": "@", "type": "Constant" } },
        { "key": "source", "value": { "name": "s", "type": "Attribute" } },
        { "key": "source", "value": { "name": "%DomainFQDN%", "type": "Constant", "expression": null } } ] });
    assert!(!entra_schema::expression::same_structure(
        &join,
        &with_placeholder
    ));
}
