//! Reading and writing schema documents in every supported text form: the fixtures come back
//! byte for byte, a one-value change shows as a one-line difference, and any tree written in any
//! format reads back as the same tree and format.

use std::path::{Path, PathBuf};

use entra_schema::schema::{Document, Encoding, LineEnding, TextFormat, canonical_bytes};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn fixture(name: &str) -> (PathBuf, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schemas")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path, bytes)
}

fn parse(name: &str) -> (Document, Vec<u8>) {
    let (path, bytes) = fixture(name);
    let doc = Document::parse(&bytes, &path).unwrap_or_else(|e| panic!("{}", e.report()));
    (doc, bytes)
}

fn format(encoding: Encoding, line_ending: LineEnding, indent: &str, nl: bool) -> TextFormat {
    TextFormat {
        encoding,
        line_ending,
        indent: indent.to_owned(),
        final_newline: nl,
    }
}

/// Same tree: same keys in the same order at every depth, same scalars.
fn same_tree(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.keys().eq(y.keys()) && x.iter().all(|(k, v)| same_tree(v, &y[k]))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_tree(p, q))
        }
        (Value::Number(x), Value::Number(y)) => x.to_string() == y.to_string(),
        _ => a == b,
    }
}

#[test]
fn every_fixture_is_rewritten_byte_for_byte() {
    let cases = [
        (
            "utf16le-bom-crlf-4spaces.json",
            format(Encoding::Utf16Le, LineEnding::CrLf, "    ", true),
        ),
        (
            "utf16be-bom-2spaces.json",
            format(Encoding::Utf16Be, LineEnding::Lf, "  ", false),
        ),
        (
            "utf8-bom-crlf-2spaces.json",
            format(Encoding::Utf8Bom, LineEnding::CrLf, "  ", true),
        ),
        (
            "utf8-tabs.json",
            format(Encoding::Utf8, LineEnding::Lf, "\t", true),
        ),
        (
            "utf8-minified.json",
            format(Encoding::Utf8, LineEnding::Lf, "", false),
        ),
    ];
    for (name, expected) in cases {
        let (doc, bytes) = parse(name);
        assert_eq!(doc.format, expected, "{name}");
        assert!(
            doc.render(&doc.root) == bytes,
            "{name} is rewritten identically"
        );
    }
}

#[test]
fn every_fixture_holds_the_same_tree() {
    let (reference, _) = parse("utf8-tabs.json");
    for name in [
        "utf16le-bom-crlf-4spaces.json",
        "utf16be-bom-2spaces.json",
        "utf8-bom-crlf-2spaces.json",
        "utf8-minified.json",
    ] {
        assert!(same_tree(&parse(name).0.root, &reference.root), "{name}");
    }
    let root = &reference.root;
    assert_eq!(
        root["synchronizationRules"][0]["containerFilter"],
        Value::Null
    );
    let om = &root["synchronizationRules"][0]["objectMappings"][0];
    assert_eq!(om["flowTypes"], "Add,Update,Delete");
    assert_eq!(om["metadata"][0]["value"], "\"Normal\"");
    assert_eq!(om["attributeMappings"][0]["defaultValue"], "Zürich");
}

#[test]
fn other_escape_spellings_come_back_value_identical() {
    let (doc, bytes) = parse("utf8-escapes.json");
    assert_eq!(doc.root["a"], "café <b>");
    assert_eq!(doc.root["b"], "x/y");
    let written = doc.render(&doc.root);
    assert_ne!(written, bytes, "escapes are re-spelled");
    let again = Document::parse(&written, Path::new("again.json")).expect("valid");
    assert!(same_tree(&again.root, &doc.root));
    assert_eq!(
        String::from_utf8(written).expect("utf-8"),
        "{\n  \"a\": \"café <b>\",\n  \"b\": \"x/y\",\n  \"c\": \"\\\"Normal\\\"\",\n  \"d\": 1.0\n}\n"
    );
}

#[test]
fn a_changed_value_shows_as_one_changed_line() {
    let (doc, bytes) = parse("utf16le-bom-crlf-4spaces.json");
    let mut root = doc.root.clone();
    root["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["defaultValue"] =
        json!("Bern");
    let written = doc.render(&root);
    let lines = |b: &[u8]| -> Vec<String> {
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16(&units)
            .expect("utf-16")
            .split("\r\n")
            .map(str::to_owned)
            .collect()
    };
    let (before, after) = (lines(&bytes), lines(&written));
    assert_eq!(before.len(), after.len());
    let changed: Vec<(&String, &String)> =
        before.iter().zip(&after).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.contains("\"defaultValue\": \"Bern\""));
}

#[test]
fn backups_use_the_canonical_form_whatever_the_input() {
    let (doc, _) = parse("utf16le-bom-crlf-4spaces.json");
    let (tabs, _) = parse("utf8-tabs.json");
    let backup = canonical_bytes(&doc.root);
    assert_eq!(backup, canonical_bytes(&tabs.root));
    let text = String::from_utf8(backup).expect("utf-8 without BOM");
    assert!(text.starts_with("{\n  \"@odata.context\""));
    assert!(text.ends_with("}\n") && !text.contains('\r'));
}

// ---- property: any tree, any format -------------------------------------------------------

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        "[ -~]{0,8}|\\PC{0,4}|[\"\\\\/\\n\\t\\u{1}]{0,3}".prop_map(Value::String),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(("[a-z@.]{1,6}", inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn text_format() -> impl Strategy<Value = TextFormat> {
    let encodings = prop_oneof![
        Just(Encoding::Utf8),
        Just(Encoding::Utf8Bom),
        Just(Encoding::Utf16Le),
        Just(Encoding::Utf16Be)
    ];
    let endings = prop_oneof![Just(LineEnding::Lf), Just(LineEnding::CrLf)];
    let indents = prop_oneof![
        Just(""),
        Just(" "),
        Just("  "),
        Just("   "),
        Just("    "),
        Just("\t")
    ];
    (encodings, endings, indents, any::<bool>()).prop_map(|(e, l, i, nl)| format(e, l, i, nl))
}

proptest! {
    #[test]
    fn any_tree_in_any_format_reads_back_identically(
        first in ("[a-z]{1,5}", tree()),
        rest in prop::collection::vec(("[a-z]{1,5}", tree()), 0..4),
        f in text_format(),
    ) {
        let mut map = Map::new();
        map.insert(first.0, first.1);
        for (k, v) in rest { map.insert(k, v); }
        let root = Value::Object(map);
        let bytes = f.render(&root);
        let doc = Document::parse(&bytes, Path::new("p.json")).map_err(|e| TestCaseError::fail(e.report()))?;
        prop_assert!(same_tree(&doc.root, &root));
        // A minified document's line ending is only visible through its final newline.
        let mut expected = f.clone();
        if f.indent.is_empty() && !f.final_newline { expected.line_ending = LineEnding::Lf; }
        prop_assert_eq!(&doc.format, &expected);
        prop_assert_eq!(doc.render(&doc.root), bytes);
    }
}

/// A schema whose one mapping is a `Replace(Replace(...))` chain `depth` calls deep.
fn schema_with_nested_expression(depth: usize) -> String {
    let mut node = serde_json::json!({"expression": "[displayName]", "name": "displayName", "type": "Attribute", "parameters": []});
    for _ in 0..depth {
        node = serde_json::json!({"expression": "Replace(...)", "name": "Replace", "type": "Function",
            "parameters": [{"key": "source", "value": node}]});
    }
    serde_json::json!({"synchronizationRules": [{"name": "r", "objectMappings": [{
        "attributeMappings": [{"targetAttributeName": "displayName", "source": node}]}]}]})
    .to_string()
}

#[test]
fn deeply_nested_expressions_do_not_make_a_schema_unreadable() {
    // 300 nested calls are 900 JSON levels: far past serde_json's default limit of 128.
    let text = schema_with_nested_expression(300);
    let doc = Document::parse(text.as_bytes(), Path::new("deep.json")).expect("parses");
    assert_eq!(
        doc.render(&doc.root),
        text.as_bytes(),
        "round-trips byte for byte"
    );
    assert!(entra_schema::schema::semantic::semantic_eq(
        &doc.root, &doc.root
    ));
    assert!(entra_schema::diff::diff(&doc.root, &doc.root).is_empty());
    // Absurd nesting is still an error, not a crash.
    let text = format!("{{\"a\": {}{}}}", "[".repeat(3_000), "]".repeat(3_000));
    let err = Document::parse(text.as_bytes(), Path::new("deep.json")).expect_err("too deep");
    assert!(err.to_string().contains("nests deeper than"), "{err}");
}
