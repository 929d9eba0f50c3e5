//! The function table read from functions.tsv: which engine has which function, arities and the
//! parameter keys of the parsed tree.

use entra_schema::expression::{Flavor, Key, Lookup, Origin, lookup, signatures};

fn keys(name: &str, flavor: Flavor, positions: usize) -> Vec<Key> {
    let Lookup::Found(sig) = lookup(name, flavor) else {
        panic!("{name} is known")
    };
    (0..positions)
        .map(|i| sig.param_at(i).expect("a parameter").key.clone())
        .collect()
}

fn verified(names: &[&str]) -> Vec<Key> {
    names.iter().map(|n| Key::Verified(n.to_string())).collect()
}

#[test]
fn engines_share_the_reference_and_cloud_sync_adds_five() {
    let app = signatures(Flavor::AppProvisioning);
    let cloud = signatures(Flavor::CloudSync);
    // 45 documented + AssertiveAppRoleAssignmentsComplex + 3 legacy names.
    assert_eq!(app.len(), 49);
    assert_eq!(cloud.len(), 54);
    assert_eq!(app.iter().filter(|s| s.origin == Origin::Legacy).count(), 3);
    for name in [
        "Trim",
        "Error",
        "DNComponent",
        "StringFromSid",
        "ConvertFromBase64",
    ] {
        assert!(
            matches!(lookup(name, Flavor::CloudSync), Lookup::Found(_)),
            "{name}"
        );
        assert!(
            matches!(
                lookup(name, Flavor::AppProvisioning),
                Lookup::OtherFlavor(_)
            ),
            "{name}"
        );
    }
    assert!(matches!(
        lookup("AssertNotNull", Flavor::CloudSync),
        Lookup::Unknown
    ));
    assert!(matches!(lookup("iif", Flavor::CloudSync), Lookup::CaseMismatch(s) if s.name == "IIF"));
}

#[test]
fn arities_follow_the_table() {
    let arity = |name: &str, flavor| match lookup(name, flavor) {
        Lookup::Found(s) => (s.min, s.max),
        _ => panic!("{name} is known"),
    };
    assert_eq!(arity("Join", Flavor::AppProvisioning), (2, None));
    assert_eq!(arity("Switch", Flavor::AppProvisioning), (4, None));
    assert_eq!(arity("Replace", Flavor::AppProvisioning), (1, Some(7)));
    assert_eq!(
        arity("DefaultDomain", Flavor::AppProvisioning),
        (0, Some(0))
    );
    assert_eq!(
        arity("FormatDateTime", Flavor::AppProvisioning),
        (4, Some(4))
    );
    assert_eq!(arity("FormatDateTime", Flavor::CloudSync), (3, Some(3)));
}

#[test]
fn tree_keys_are_the_service_keys_where_known() {
    assert_eq!(
        keys("Join", Flavor::CloudSync, 4),
        verified(&["separator", "source", "source", "source"])
    );
    assert_eq!(
        keys("IIF", Flavor::CloudSync, 3),
        verified(&["one", "four", "five"])
    );
    assert_eq!(
        keys("Mid", Flavor::AppProvisioning, 3),
        verified(&["source", "start", "length"])
    );
    assert_eq!(
        keys("BitAnd", Flavor::CloudSync, 2),
        verified(&["left", "right"])
    );
    assert_eq!(
        keys("Left", Flavor::CloudSync, 2),
        verified(&["source", "length"])
    );
    assert_eq!(keys("Error", Flavor::CloudSync, 1), verified(&["message"]));
    assert_eq!(
        keys("FormatDateTime", Flavor::CloudSync, 3),
        verified(&["source", "inputFormat", "outputFormat"])
    );
    let fdt = keys("FormatDateTime", Flavor::AppProvisioning, 4);
    assert_eq!(fdt[1], Key::Guess("dateTimeStyles".into()));
    assert_eq!(fdt[3], Key::Verified("outputFormat".into()));
    let replace = keys("Replace", Flavor::AppProvisioning, 7);
    assert_eq!(replace[1], Key::Verified("Find".into()));
    assert_eq!(replace[2], Key::Guess("regexPattern".into()));
    assert_eq!(replace[4], Key::Verified("Replacement".into()));
}

#[test]
fn unknown_keys_are_the_documented_names_marked_as_guesses() {
    assert_eq!(
        keys("Switch", Flavor::AppProvisioning, 5),
        vec![
            Key::Guess("source".into()),
            Key::Guess("defaultValue".into()),
            Key::Guess("switchValue".into()),
            Key::Guess("switchValue".into()),
            Key::Guess("switchValue".into()),
        ]
    );
    assert_eq!(
        keys("InStr", Flavor::AppProvisioning, 1),
        vec![Key::Guess("value1".into())]
    );
    assert_eq!(
        keys("SelectUniqueValue", Flavor::AppProvisioning, 3),
        vec![Key::Guess("uniqueValueRule".into()); 3]
    );
}

#[test]
fn template_decides_the_engine() {
    assert_eq!(
        Flavor::from_template(Some("AD2AADProvisioning")),
        Flavor::CloudSync
    );
    assert_eq!(
        Flavor::from_template(Some("API2AAD")),
        Flavor::AppProvisioning
    );
    assert_eq!(Flavor::from_template(None), Flavor::AppProvisioning);
}
