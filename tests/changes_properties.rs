//! Properties of change-set loading that must hold for any input: no panic, and every error
//! points inside the file it names.

use std::collections::BTreeMap;
use std::path::Path;

use entra_schema::Error;
use entra_schema::changes::vars::substitute;
use entra_schema::changes::{compose, function_sources, load};
use proptest::prelude::*;

fn vars() -> BTreeMap<String, String> {
    BTreeMap::from([("upnDomain".to_string(), "example.com".to_string())])
}

/// Text that looks like a change set often enough to reach the checks, not just the parser.
fn yamlish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "version: 1\n",
        "version: 2\n",
        "mappings:\n",
        "attributes:\n",
        "  - ",
        "    ",
        "rule: {name: r}\n",
        "rule: {}\n",
        "object: {source: a, target: b}\n",
        "set:\n",
        "target: mail\n",
        "source: null\n",
        "source: '${upnDomain}'\n",
        "source: '${x'\n",
        "default: x\n",
        "remove: [mail]\n",
        "scope: {any: []}\n",
        "operator: IS TRUE\n",
        "value: 1\n",
        "enabled: yes\n",
        "\t",
        "{",
        "]",
        ": ",
        "'",
        "#c\n",
        "é",
        "\n",
        "directory: d\n",
        "object: o\n",
        "name: n\n",
        "remove: true\n",
        "type: Strin\n",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn load_never_panics_and_errors_point_into_the_file(text in yamlish()) {
        match load(Path::new("s.yaml"), &text, &vars()) {
            Ok(set) => {
                let sets = [set];
                let _ = compose(&sets);
                let _ = function_sources(&sets);
            }
            Err(Error::Yaml { location, .. } | Error::Change { location, .. }) => {
                let lines = text.lines().count().max(1) as u64;
                prop_assert_eq!(location.file.as_path(), Path::new("s.yaml"));
                prop_assert!(location.line >= 1 && location.line <= lines + 1, "{location} in {lines} lines");
                prop_assert!(location.column >= 1);
            }
            Err(other) => prop_assert!(false, "unexpected error kind {other:?}"),
        }
    }

    #[test]
    fn load_never_panics_on_arbitrary_text(text in "\\PC{0,200}") {
        let _ = load(Path::new("s.yaml"), &text, &vars());
    }

    #[test]
    fn text_without_dollars_is_left_alone(text in "[^$]{0,80}") {
        prop_assert_eq!(substitute(&text, &vars()), Ok(text.clone()));
    }

    #[test]
    fn escaped_references_come_out_literally(name in "[a-zA-Z_][a-zA-Z0-9_]{0,10}") {
        let text = format!("$${{{name}}}");
        prop_assert_eq!(substitute(&text, &vars()), Ok(format!("${{{name}}}")));
    }
}
