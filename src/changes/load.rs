//! Loading one change set from its text: parse the YAML strictly (unknown keys, duplicate keys
//! and YAML 1.1 booleans rejected), check the format version, substitute `${var}`, and run the
//! structural checks. Pure: the caller reads the file and passes its path (as the user should see
//! it in messages) and its text.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::DuplicateKeyPolicy;

use crate::changes::checks::check;
use crate::changes::loaded::LoadedChangeSet;
use crate::changes::model::ChangeSet;
use crate::changes::vars::substitute_all;
use crate::changes::yaml_error::yaml_error;
use crate::error::Result;

/// The only change-set format version.
pub const VERSION: u32 = 1;

/// Parse, substitute and check the change set `text` read from `path`.
pub fn load(path: &Path, text: &str, vars: &BTreeMap<String, String>) -> Result<LoadedChangeSet> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
    };
    let mut set: ChangeSet = serde_saphyr::from_str_with_options(text, options)
        .map_err(|err| yaml_error(path, text, &err))?;
    let loaded_path = path.to_path_buf();
    substitute_all(&mut set, path, text, vars)?;
    let loaded = LoadedChangeSet {
        path: loaded_path,
        text: text.to_string(),
        set,
    };
    if loaded.set.version.value != VERSION {
        return Err(loaded.error_at(
            &loaded.set.version,
            format!(
                "unsupported change-set version {}; this entra-schema reads version {VERSION}",
                loaded.set.version.value
            ),
            Some(format!("write `version: {VERSION}`")),
        ));
    }
    check(&loaded)?;
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> BTreeMap<String, String> {
        BTreeMap::from([("d".to_string(), "example.com".to_string())])
    }

    #[test]
    fn load_substitutes_variables_in_sources() {
        let text = "version: 1\nmappings:\n  - rule: {name: r}\n    object: {source: a, target: b}\n    set:\n      - target: upn\n        source: 'Join(\"@\", [u], \"${d}\")'\n";
        let loaded = load(Path::new("s.yaml"), text, &vars()).expect("loads");
        let source = loaded.set.mappings[0].value.set[0].value.source.as_ref();
        assert_eq!(
            source.and_then(|s| s.value.as_deref()),
            Some(r#"Join("@", [u], "example.com")"#)
        );
    }

    #[test]
    fn yaml_one_one_booleans_stay_strings_and_are_refused_as_booleans() {
        let text = "version: 1\nattributes:\n  - {directory: no, object: on, name: x}\n";
        let loaded = load(Path::new("s.yaml"), text, &vars()).expect("loads");
        assert_eq!(loaded.set.attributes[0].value.directory.value, "no");
        let text = "version: 1\nmappings:\n  - rule: {name: r}\n    object: {source: a, target: b}\n    enabled: yes\n";
        let err = load(Path::new("s.yaml"), text, &vars()).expect_err("yes is no boolean");
        assert!(err.to_string().starts_with("s.yaml:5:14:"), "{err}");
    }

    #[test]
    fn empty_scope_is_allowed() {
        let text = "version: 1\nmappings:\n  - rule: {id: r}\n    object: {source: a, target: b}\n    scope: {any: []}\n";
        let loaded = load(Path::new("s.yaml"), text, &vars()).expect("loads");
        assert!(
            loaded.set.mappings[0]
                .value
                .scope
                .as_ref()
                .is_some_and(|s| s.value.any.is_empty())
        );
    }
}
