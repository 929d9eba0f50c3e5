//! Conformance over the real documents in ../shared/corpus (skipped when the folder is absent):
//! every valid document reads and writes back value-identical (same keys in the same order, same
//! nulls and empty arrays, same numbers), byte-identical where a standard pretty printer made it;
//! the published invalid example fails with a line:column error.

use std::path::{Path, PathBuf};

use entra_schema::Error;
use entra_schema::schema::nav::{self, RuleSelector};
use entra_schema::schema::{
    Document, Encoding, LineEnding, TextFormat, fingerprint, job_template, schema_version,
    without_annotations,
};
use serde_json::Value;

/// The corpus folder, or `None` (the test then passes with a note).
fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = [
        root.join("../shared/corpus"),
        root.join("../../shared/corpus"),
    ]
    .into_iter()
    .find(|dir| dir.is_dir());
    if found.is_none() {
        eprintln!("note: ../shared/corpus not found; corpus test skipped");
    }
    found
}

fn read(name: &str) -> Option<(PathBuf, Vec<u8>)> {
    let path = corpus()?.join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some((path, bytes))
}

/// Fails unless `a` and `b` are the same tree: same types, same keys in the same order, same
/// array lengths, same scalars (numbers compared by their written form).
fn assert_identical(a: &Value, b: &Value, at: &str) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            assert_eq!(kx, ky, "key order differs at {at}");
            for (key, value) in x {
                assert_identical(value, &y[key], &format!("{at}/{key}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "array length differs at {at}");
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                assert_identical(p, q, &format!("{at}/{i}"));
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            assert_eq!(x.to_string(), y.to_string(), "number differs at {at}")
        }
        _ => assert_eq!(a, b, "value differs at {at}"),
    }
}

/// Read, write back with no change, read again; returns the document and whether the written
/// bytes equal the original.
fn round_trip(name: &str) -> Option<(Document, bool)> {
    let (path, bytes) = read(name)?;
    let doc = Document::parse(&bytes, &path).unwrap_or_else(|e| panic!("{}", e.report()));
    let written = doc.render(&doc.root);
    let again = Document::parse(&written, &path).unwrap_or_else(|e| panic!("{}", e.report()));
    assert_identical(&doc.root, &again.root, name);
    assert_eq!(
        again.format, doc.format,
        "{name}: format survives a rewrite"
    );
    Some((doc, written == bytes))
}

fn format(line_ending: LineEnding, indent: &str, final_newline: bool) -> TextFormat {
    TextFormat {
        encoding: Encoding::Utf8,
        line_ending,
        indent: indent.to_owned(),
        final_newline,
    }
}

#[test]
fn cloudsync_export_round_trips_byte_identically() {
    let Some((doc, identical)) = round_trip("cloudsync-ad2aad-export.json") else {
        return;
    };
    assert_eq!(doc.format, format(LineEnding::CrLf, "    ", false));
    assert!(identical, "the export is rewritten byte for byte");
}

#[test]
fn cloudsync_export_is_navigable_and_keeps_its_quirks() {
    let Some((doc, _)) = round_trip("cloudsync-ad2aad-export.json") else {
        return;
    };
    let root = &doc.root;
    assert_eq!(job_template(root), Some("AD2AADProvisioning"));
    assert!(schema_version(root).is_some_and(|v| v.starts_with("Date:2020-04-30")));
    let keys: Vec<&String> = root.as_object().expect("object").keys().collect();
    assert_eq!(keys[..2], ["@odata.context", "id"]);
    let attributes: usize = (nav::directories(root).iter())
        .flat_map(nav::objects)
        .map(|o| nav::attributes(o).len())
        .sum();
    assert_eq!(attributes, 566);

    let selector = RuleSelector::Directories {
        source: "Active Directory".into(),
        target: "Azure Active Directory".into(),
    };
    let rule = nav::find_rule(root, &selector).expect("the cloud sync rule");
    let metadata = &nav::array(rule, "metadata")[0]["value"];
    assert!(
        metadata
            .as_str()
            .is_some_and(|s| s.contains("\"FlowTypes\":"))
    );
    let user = nav::find_object_mapping(rule, "user", "User").expect("user mapping");
    assert_eq!(nav::attribute_mappings(user).len(), 136);
    assert!(nav::scope(user).is_some());
    let disabled = nav::find_object_mapping(rule, "", "SyncCredentialsChangeItem").expect("om");
    assert_eq!(disabled["scope"], Value::Null);
    assert_eq!(disabled["name"], Value::Null);

    let body = without_annotations(root);
    assert!(body.get("@odata.context").is_none());
    assert!(body.get("directories@odata.context").is_none());
    assert_eq!(fingerprint(&body), fingerprint(root));
}

#[test]
fn salesforce_schema_round_trips_byte_identically() {
    let Some((doc, identical)) = round_trip("msdocs-graph-get-schema-salesforce-response.json")
    else {
        return;
    };
    assert_eq!(doc.format, format(LineEnding::Lf, "  ", true));
    assert!(identical);
    let rule = nav::find_rule(&doc.root, &RuleSelector::Name("USER_OUTBOUND_USER".into()));
    let om = nav::find_object_mapping(rule.expect("rule"), "User", "User").expect("om");
    assert!(nav::scope(om).is_none());
    assert_eq!(job_template(&doc.root), None, "this excerpt has no id");
}

#[test]
fn objectdefinition_sample_round_trips_byte_identically() {
    let Some((doc, identical)) = round_trip("msdocs-objectdefinition-aad-user-sample.json") else {
        return;
    };
    assert_eq!(doc.format, format(LineEnding::Lf, "    ", false));
    assert!(identical);
}

#[test]
fn objectmapping_example_round_trips_byte_identically() {
    let Some((doc, identical)) = round_trip("msdocs-objectmapping-salesforce-example.json") else {
        return;
    };
    assert!(identical);
    let quoted = nav::array(&doc.root, "metadata")
        .iter()
        .any(|entry| entry["value"] == "\"Normal\"");
    assert!(quoted, "embedded quotes survive");
    let default_only = nav::attribute_mappings(&doc.root)
        .iter()
        .filter(|m| nav::source(m).is_none())
        .count();
    assert!(default_only > 0, "source: null mappings are kept");
}

#[test]
fn parseexpression_response_round_trips_byte_identically() {
    let Some((_, identical)) = round_trip("msdocs-parseexpression-response.json") else {
        return;
    };
    assert!(identical);
}

#[test]
fn functions_response_round_trips_byte_identically() {
    let Some((_, identical)) = round_trip("msdocs-schema-functions-response.json") else {
        return;
    };
    assert!(identical);
}

#[test]
fn filteroperators_response_round_trips_byte_identically() {
    let Some((_, identical)) = round_trip("msdocs-schema-filteroperators-response.json") else {
        return;
    };
    assert!(identical);
}

/// Examples 2 and 3 were printed with 3-space indent and no space after `:`. The text form has
/// no setting for the colon spacing, so they come back value-identical with `": "`.
#[test]
fn put_example2_round_trips_value_identically() {
    let Some((doc, identical)) = round_trip("msdocs-put-schema-example2-customattribute.json")
    else {
        return;
    };
    assert_eq!(doc.format, format(LineEnding::Lf, "   ", true));
    assert!(!identical, "colon spacing is not kept");
}

#[test]
fn put_example3_round_trips_value_identically() {
    let Some((doc, identical)) = round_trip("msdocs-put-schema-example3-newmapping.json") else {
        return;
    };
    assert_eq!(doc.format.indent, "   ");
    assert!(!identical, "colon spacing is not kept");
    assert_eq!(without_annotations(&doc.root).get("@odata.type"), None);
}

#[test]
fn put_example1_jsonc_fails_with_line_and_column() {
    let Some((path, bytes)) = read("msdocs-put-schema-example1.jsonc") else {
        return;
    };
    let err = Document::parse(&bytes, &path).expect_err("trailing commas are not JSON");
    let Error::SchemaDocument {
        line,
        column,
        ref message,
        ref snippet,
        ..
    } = err
    else {
        panic!("unexpected error {err:?}");
    };
    assert_eq!((line, column), (15, 13));
    assert!(message.starts_with("trailing comma"), "{message}");
    assert!(
        snippet
            .as_deref()
            .is_some_and(|s| s.contains("15 |             ]"))
    );
    assert!(
        err.to_string()
            .ends_with("msdocs-put-schema-example1.jsonc:15:13: trailing comma: JSON allows no comma before a closing `]` or `}`"),
        "{err}"
    );
}
