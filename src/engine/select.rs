//! Selecting what a change set names: a directory's object definition, a synchronization rule (by
//! name, id, or source and target directory) and an object mapping. A selection that matches
//! nothing is an error at the selector that lists the names that exist, with "did you mean".

use serde_json::Value;
use serde_saphyr::Spanned;

use crate::changes::LoadedChangeSet;
use crate::changes::model::{ObjectSelector, RuleSelector};
use crate::error::Result;
use crate::schema::nav;
use crate::suggest::{hint, quoted_list};

/// Indexes of the directory and of its object definition named by an attribute change.
pub fn object(
    doc: &Value,
    set: &LoadedChangeSet,
    directory: &Spanned<String>,
    object: &Spanned<String>,
) -> Result<(usize, usize)> {
    let dirs = nav::directories(doc);
    let Some(d) = nav::position_by(dirs, "name", &directory.value) else {
        let names = nav::names(dirs, "name");
        return Err(set.error_at(
            directory,
            format!(
                "no directory named \"{}\"; directories are: {}",
                directory.value,
                quoted_list(&names)
            ),
            hint(&directory.value, names.iter().map(String::as_str)),
        ));
    };
    let objects = nav::objects(&dirs[d]);
    let Some(o) = nav::position_by(objects, "name", &object.value) else {
        let names = nav::names(objects, "name");
        return Err(set.error_at(
            object,
            format!(
                "no object named \"{}\" in directory \"{}\"; objects are: {}",
                object.value,
                directory.value,
                quoted_list(&names)
            ),
            hint(&object.value, names.iter().map(String::as_str)),
        ));
    };
    Ok((d, o))
}

fn field<'a>(item: &'a Value, key: &str) -> &'a str {
    nav::str_field(item, key).unwrap_or("")
}

/// `"name" ("source" → "target")` for each rule, to list what exists.
fn describe_rules(rules: &[&Value]) -> String {
    if rules.is_empty() {
        return "none".to_owned();
    }
    rules
        .iter()
        .map(|r| {
            format!(
                "\"{}\" (\"{}\" → \"{}\")",
                field(r, "name"),
                field(r, "sourceDirectoryName"),
                field(r, "targetDirectoryName")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Index of the synchronization rule a mapping change selects.
pub fn rule(doc: &Value, set: &LoadedChangeSet, selector: &Spanned<RuleSelector>) -> Result<usize> {
    let all = nav::rules(doc);
    let sel = &selector.value;
    let to = match &sel.source {
        Some(source) => format!("from \"{}\" to", source.value),
        None => "to target directory".to_owned(),
    };
    let criteria: [(&Option<Spanned<String>>, &str, &str); 4] = [
        (&sel.name, "name", "named"),
        (&sel.id, "id", "with id"),
        (&sel.source, "sourceDirectoryName", "from source directory"),
        (&sel.target, "targetDirectoryName", &to),
    ];
    // `changes::checks` has made sure the selector names a rule exactly one way.
    let mut candidates: Vec<usize> = (0..all.len()).collect();
    for (value, key, phrase) in criteria {
        let Some(value) = value else { continue };
        let remaining: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| field(&all[i], key) == value.value)
            .collect();
        if remaining.is_empty() {
            let listed: Vec<&Value> = candidates.iter().map(|&i| &all[i]).collect();
            let names = nav::names(all, key);
            return Err(set.error_at(
                value,
                format!(
                    "no synchronization rule {phrase} \"{}\"; rules are: {}",
                    value.value,
                    describe_rules(&listed)
                ),
                hint(&value.value, names.iter().map(String::as_str)),
            ));
        }
        candidates = remaining;
    }
    match candidates.as_slice() {
        [one] => Ok(*one),
        _ => {
            let listed: Vec<&Value> = candidates.iter().map(|&i| &all[i]).collect();
            Err(set.error_at(
                selector,
                format!(
                    "{} synchronization rules match this selector: {}",
                    candidates.len(),
                    describe_rules(&listed)
                ),
                Some("select the rule by `name` or `id`".to_owned()),
            ))
        }
    }
}

/// The rule a selector names, as the schema names it (`name`, else `id`), when exactly one rule
/// matches; `None` otherwise (the selection error is reported by [`rule`]). Lets composition
/// see that `{name: R}` and `{source: A, target: B}` are the same rule.
pub fn rule_identity(doc: &Value, selector: &RuleSelector) -> Option<String> {
    let criteria = [
        (&selector.name, "name"),
        (&selector.id, "id"),
        (&selector.source, "sourceDirectoryName"),
        (&selector.target, "targetDirectoryName"),
    ];
    let matching: Vec<&Value> = nav::rules(doc)
        .iter()
        .filter(|rule| {
            criteria.iter().all(|(value, key)| {
                value
                    .as_ref()
                    .is_none_or(|value| field(rule, key) == value.value)
            })
        })
        .collect();
    match matching.as_slice() {
        [rule] => Some(
            nav::str_field(rule, "name")
                .or_else(|| nav::str_field(rule, "id"))
                .unwrap_or_default()
                .to_owned(),
        ),
        _ => None,
    }
}

/// Index of the object mapping (by source and target object name) in a rule.
pub fn object_mapping(
    rule: &Value,
    set: &LoadedChangeSet,
    selector: &Spanned<ObjectSelector>,
) -> Result<usize> {
    let mappings = nav::object_mappings(rule);
    let (source, target) = (&selector.value.source, &selector.value.target);
    let found = mappings.iter().position(|m| {
        field(m, "sourceObjectName") == source.value && field(m, "targetObjectName") == target.value
    });
    if let Some(index) = found {
        return Ok(index);
    }
    let pairs: Vec<String> = mappings
        .iter()
        .map(|m| {
            format!(
                "\"{}\" → \"{}\"",
                field(m, "sourceObjectName"),
                field(m, "targetObjectName")
            )
        })
        .collect();
    let source_known = mappings
        .iter()
        .any(|m| field(m, "sourceObjectName") == source.value);
    let (at, key) = if source_known {
        (target, "targetObjectName")
    } else {
        (source, "sourceObjectName")
    };
    let names = nav::names(mappings, key);
    Err(set.error_at(
        at,
        format!(
            "no object mapping from \"{}\" to \"{}\" in rule \"{}\"; object mappings are: {}",
            source.value,
            target.value,
            field(rule, "name"),
            if pairs.is_empty() {
                "none".to_owned()
            } else {
                pairs.join(", ")
            }
        ),
        hint(&at.value, names.iter().map(String::as_str)),
    ))
}
