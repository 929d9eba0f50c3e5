//! Composition of several change sets, applied in order: every setting (a field of an attribute
//! definition, a field of an attribute mapping, whether a mapping or attribute exists or is
//! removed, a scope, `enabled`) may be written by several sets only with the same value. Two
//! sets that set the same thing differently are an [`Error::Conflict`] naming both places.
//! Setting something identically twice is fine: change sets are idempotent.
//!
//! Items are identified as in [`crate::changes::keys`]: object mappings by their selectors as
//! written. Pure: compares loaded values only.

use std::collections::BTreeMap;

use crate::changes::keys::{AttributeKey, MappingKey};
use crate::changes::loaded::LoadedChangeSet;
use crate::changes::model::{AttributeChange, MappingChange, RuleSelector, Scope};
use crate::error::{Error, Result};
use crate::location::{Location, snippet};

/// Check that `sets`, applied in order, never set the same thing differently. Rules are
/// identified by their selectors as written.
pub fn compose(sets: &[LoadedChangeSet]) -> Result<()> {
    compose_with(sets, &|_| None)
}

/// [`compose`], with `rule_identity` naming the rule a selector resolves to in a schema (so that
/// `{name: R}` in one set and `{source: A, target: B}` in another are seen as the same rule);
/// selectors it cannot resolve keep their written form.
pub fn compose_with(
    sets: &[LoadedChangeSet],
    rule_identity: &dyn Fn(&RuleSelector) -> Option<String>,
) -> Result<()> {
    let mut composer = Composer {
        sets,
        seen: BTreeMap::new(),
        rule_identity,
    };
    for (index, loaded) in sets.iter().enumerate() {
        for attribute in &loaded.set.attributes {
            composer.attribute(index, &attribute.value)?;
        }
        for mapping in &loaded.set.mappings {
            composer.mapping(index, &mapping.value)?;
        }
    }
    Ok(())
}

/// The first place a setting was written, and its value as shown to the user.
struct Seen {
    value: String,
    set: usize,
    at: serde_saphyr::Location,
}

struct Composer<'a> {
    sets: &'a [LoadedChangeSet],
    seen: BTreeMap<String, Seen>,
    rule_identity: &'a dyn Fn(&RuleSelector) -> Option<String>,
}

fn quoted(value: impl std::fmt::Display) -> String {
    format!("`{value}`")
}

fn nullable(value: &Option<String>) -> String {
    value.as_deref().map_or_else(|| "null".to_string(), quoted)
}

impl Composer<'_> {
    /// Record that set `set` writes `value` for `what` at `at`; a different earlier value is a
    /// conflict.
    fn note(
        &mut self,
        set: usize,
        what: String,
        value: String,
        at: serde_saphyr::Location,
    ) -> Result<()> {
        match self.seen.get(&what) {
            None => {
                self.seen.insert(what, Seen { value, set, at });
                Ok(())
            }
            Some(first) if first.value == value => Ok(()),
            Some(first) => Err(self.conflict(first, set, at, &value, what)),
        }
    }

    fn conflict(
        &self,
        first: &Seen,
        set: usize,
        at: serde_saphyr::Location,
        value: &str,
        what: String,
    ) -> Error {
        let first_set = &self.sets[first.set];
        let second_set = &self.sets[set];
        let first_location =
            Location::new(first_set.path.clone(), first.at.line(), first.at.column());
        let second_location = Location::new(second_set.path.clone(), at.line(), at.column());
        let mut rendered = snippet(&second_set.text, at.line(), at.column());
        if !rendered.is_empty() {
            rendered.push_str(&format!(" {value}"));
        }
        let earlier = snippet(&first_set.text, first.at.line(), first.at.column());
        rendered.push_str(&format!(
            "{}note: first set at {first_location} to {}",
            if rendered.is_empty() { "" } else { "\n" },
            first.value
        ));
        if !earlier.is_empty() {
            rendered.push_str(":\n");
            rendered.push_str(&earlier);
        }
        Error::Conflict {
            first: first_location,
            second: second_location,
            what,
            snippet: Some(rendered),
        }
    }

    fn attribute(&mut self, set: usize, a: &AttributeChange) -> Result<()> {
        let label = AttributeKey::of(a).label();
        if let Some(remove) = a.remove.as_ref().filter(|r| r.value) {
            return self.note(
                set,
                format!("whether {label} exists"),
                "removed".into(),
                remove.referenced,
            );
        }
        self.note(
            set,
            format!("whether {label} exists"),
            "defined".into(),
            a.name.referenced,
        )?;
        let field = |name: &str| format!("`{name}` of {label}");
        let strings = [("type", &a.kind), ("mutability", &a.mutability)];
        for (name, value) in strings {
            if let Some(v) = value {
                self.note(set, field(name), quoted(&v.value), v.referenced)?;
            }
        }
        for (name, value) in a.flags() {
            if let Some(v) = value {
                self.note(set, field(name), quoted(v.value), v.referenced)?;
            }
        }
        if let Some(v) = &a.default_value {
            self.note(set, field("defaultValue"), nullable(&v.value), v.referenced)?;
        }
        if let Some(v) = &a.referenced_objects {
            self.note(
                set,
                field("referencedObjects"),
                quoted(format!("[{}]", v.value.join(", "))),
                v.referenced,
            )?;
        }
        Ok(())
    }

    fn mapping(&mut self, set: usize, m: &MappingChange) -> Result<()> {
        let mut key = MappingKey::of(m);
        if let Some(rule) = (self.rule_identity)(&m.rule.value) {
            key.rule = quoted(rule);
        }
        let label = key.label();
        for item in &m.set {
            let item = &item.value;
            let target = &item.target.value;
            let of = |name: &str| format!("`{name}` of target `{target}` in {label}");
            self.note(
                set,
                format!("whether target `{target}` is mapped in {label}"),
                "mapped".into(),
                item.target.referenced,
            )?;
            for (name, value) in [("source", &item.source), ("default", &item.default)] {
                if let Some(v) = value {
                    self.note(set, of(name), nullable(&v.value), v.referenced)?;
                }
            }
            for (name, value) in [("flow", &item.flow), ("behavior", &item.behavior)] {
                if let Some(v) = value {
                    self.note(set, of(name), quoted(&v.value), v.referenced)?;
                }
            }
            if let Some(v) = &item.matching {
                self.note(set, of("matching"), quoted(v.value), v.referenced)?;
            }
        }
        for target in &m.remove {
            self.note(
                set,
                format!("whether target `{}` is mapped in {label}", target.value),
                "removed".into(),
                target.referenced,
            )?;
        }
        if let Some(scope) = &m.scope {
            self.note(
                set,
                format!("the scope of {label}"),
                quoted(describe_scope(&scope.value)),
                scope.referenced,
            )?;
        }
        if let Some(enabled) = &m.enabled {
            self.note(
                set,
                format!("`enabled` of {label}"),
                quoted(enabled.value),
                enabled.referenced,
            )?;
        }
        Ok(())
    }
}

/// A one-line rendering of a scope that two equal scopes share: groups joined by `OR`, clauses by
/// `AND`, each clause `attribute OPERATOR values`, group names in brackets.
pub fn describe_scope(scope: &Scope) -> String {
    if scope.any.is_empty() {
        return "everyone (no groups)".to_string();
    }
    scope
        .any
        .iter()
        .map(|group| {
            let clauses = group
                .value
                .all
                .iter()
                .map(|c| {
                    let c = &c.value;
                    let mut values: Vec<&str> = c.value.iter().map(|v| v.value.as_str()).collect();
                    if let Some(list) = &c.values {
                        values.extend(list.value.iter().map(String::as_str));
                    }
                    let mut text = format!("{} {}", c.attribute.value, c.operator.value);
                    if !values.is_empty() {
                        text.push(' ');
                        text.push_str(&values.join("|"));
                    }
                    text
                })
                .collect::<Vec<_>>()
                .join(" AND ");
            match &group.value.name {
                Some(name) => format!("[{}] ({clauses})", name.value),
                None => format!("({clauses})"),
            }
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;
    use crate::changes::load::load;

    const SET: &str = "version: 1\nmappings:\n  - rule: {name: r}\n    object: {source: a, target: b}\n    set:\n      - {target: mail, source: '[email]', matching: 1}\n    enabled: true\n";

    fn loaded(name: &str, text: &str) -> LoadedChangeSet {
        load(Path::new(name), text, &BTreeMap::new()).expect("loads")
    }

    #[test]
    fn the_same_set_twice_composes() {
        compose(&[loaded("a.yaml", SET), loaded("b.yaml", SET)]).expect("idempotent");
    }

    #[test]
    fn different_fields_of_one_mapping_do_not_conflict() {
        let other = "version: 1\nmappings:\n  - rule: {name: r}\n    object: {source: a, target: b}\n    set:\n      - {target: mail, flow: ObjectAddOnly}\n";
        compose(&[loaded("a.yaml", SET), loaded("b.yaml", other)]).expect("no overlap");
    }

    #[test]
    fn a_different_value_names_both_places() {
        let other = SET.replace("matching: 1", "matching: 2");
        let err =
            compose(&[loaded("a.yaml", SET), loaded("b.yaml", &other)]).expect_err("conflict");
        assert_eq!(
            err.to_string(),
            "b.yaml:6:53: `matching` of target `mail` in object mapping a → b of rule `r` is set \
             differently than at a.yaml:6:53"
        );
    }

    #[test]
    fn rules_selected_differently_are_different_keys() {
        let other = SET
            .replace("{name: r}", "{id: r}")
            .replace("matching: 1", "matching: 2");
        compose(&[loaded("a.yaml", SET), loaded("b.yaml", &other)]).expect("compared as written");
    }
}
