//! Structural checks of one change set that need no schema: a rule selector names exactly one
//! rule, a `set` item is complete, a clause has the values its operator takes, an item is not
//! listed twice, a target is not both set and removed, and fixed words are spelled right.
//!
//! Decisions: an empty `scope: {any: []}` is allowed and means "no scoping filter groups", so
//! every user is in scope; a group with an empty `all:` is an error (it is never what people
//! mean). The first problem found is reported, in file order.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use crate::changes::keys::{AttributeKey, MappingKey};
use crate::changes::loaded::LoadedChangeSet;
use crate::changes::model::{AttributeChange, Clause, MappingChange, RuleSelector, SetMapping};
use crate::error::Result;
use crate::vocabulary::{
    ATTRIBUTE_TYPES, Arity, FLOW_BEHAVIORS, FLOW_TYPES, MUTABILITIES, scoping_operator_arity,
    scoping_operator_names,
};

/// Check `loaded.set`; the first problem is returned as an [`crate::Error::Change`].
pub fn check(loaded: &LoadedChangeSet) -> Result<()> {
    let mut attributes: BTreeMap<AttributeKey, u64> = BTreeMap::new();
    for attribute in &loaded.set.attributes {
        check_attribute(loaded, &attribute.value)?;
        let key = AttributeKey::of(&attribute.value);
        let name = &attribute.value.name;
        if let Some(first) = attributes.insert(key.clone(), name.referenced.line()) {
            return Err(loaded.error_at(
                name,
                format!(
                    "{} is listed twice in this file (first at line {first})",
                    key.label()
                ),
                Some("merge the two entries into one".into()),
            ));
        }
    }
    let mut mappings: BTreeMap<MappingKey, u64> = BTreeMap::new();
    for mapping in &loaded.set.mappings {
        check_mapping(loaded, &mapping.value)?;
        let key = MappingKey::of(&mapping.value);
        if let Some(first) = mappings.insert(key.clone(), mapping.value.object.referenced.line()) {
            return Err(loaded.error_at(
                &mapping.value.object,
                format!(
                    "{} is listed twice in this file (first at line {first})",
                    key.label()
                ),
                Some("merge the two entries into one".into()),
            ));
        }
    }
    Ok(())
}

fn check_attribute(loaded: &LoadedChangeSet, a: &AttributeChange) -> Result<()> {
    if let Some(kind) = &a.kind {
        loaded.check_enum(kind, "attribute type", ATTRIBUTE_TYPES)?;
    }
    if let Some(mutability) = &a.mutability {
        loaded.check_enum(mutability, "mutability", MUTABILITIES)?;
    }
    let removing = a.remove.as_ref().is_some_and(|r| r.value);
    if removing {
        let others = [
            ("type", a.kind.as_ref().map(|s| s.referenced)),
            ("anchor", a.anchor.as_ref().map(|s| s.referenced)),
            ("caseExact", a.case_exact.as_ref().map(|s| s.referenced)),
            ("multivalued", a.multivalued.as_ref().map(|s| s.referenced)),
            ("required", a.required.as_ref().map(|s| s.referenced)),
            ("mutability", a.mutability.as_ref().map(|s| s.referenced)),
            (
                "defaultValue",
                a.default_value.as_ref().map(|s| s.referenced),
            ),
            (
                "flowNullValues",
                a.flow_null_values.as_ref().map(|s| s.referenced),
            ),
            (
                "referencedObjects",
                a.referenced_objects.as_ref().map(|s| s.referenced),
            ),
        ];
        if let Some((key, at)) = others
            .into_iter()
            .filter_map(|(k, at)| at.map(|at| (k, at)))
            .min_by_key(|(_, at)| (at.line(), at.column()))
        {
            let spot = Spanned::new((), at, at);
            return Err(loaded.error_at(
                &spot,
                format!("`{key}` cannot go with `remove: true`: a removed attribute has no fields"),
                Some("keep only `directory`, `object`, `name` and `remove: true`, or drop `remove` to update the attribute".into()),
            ));
        }
    }
    Ok(())
}

fn check_rule(loaded: &LoadedChangeSet, rule: &Spanned<RuleSelector>) -> Result<()> {
    let r = &rule.value;
    let hint = Some("select the rule with `name:`, with `id:`, or with both `source:` and `target:` (directory names)".to_string());
    match (&r.source, &r.target) {
        (Some(s), None) => {
            return Err(loaded.error_at(s, "the rule selector has `source` but no `target`", hint));
        }
        (None, Some(t)) => {
            return Err(loaded.error_at(t, "the rule selector has `target` but no `source`", hint));
        }
        _ => {}
    }
    let mut ways: Vec<(&str, &serde_saphyr::Location)> = Vec::new();
    if let Some(name) = &r.name {
        ways.push(("name", &name.referenced));
    }
    if let Some(id) = &r.id {
        ways.push(("id", &id.referenced));
    }
    if let Some(source) = &r.source {
        ways.push(("source/target", &source.referenced));
    }
    ways.sort_by_key(|(_, at)| (at.line(), at.column()));
    match ways.as_slice() {
        [] => Err(loaded.error_at(rule, "the rule selector names no rule", hint)),
        [_] => Ok(()),
        [(first, _), (second, at), ..] => {
            let spot = Spanned::new((), **at, **at);
            Err(loaded.error_at(
                &spot,
                format!("the rule selector gives both `{first}` and `{second}`; give exactly one"),
                hint,
            ))
        }
    }
}

fn check_mapping(loaded: &LoadedChangeSet, m: &MappingChange) -> Result<()> {
    check_rule(loaded, &m.rule)?;
    let mut targets: BTreeMap<&str, u64> = BTreeMap::new();
    for item in &m.set {
        check_set(loaded, &item.value)?;
        let target = &item.value.target;
        if let Some(first) = targets.insert(&target.value, target.referenced.line()) {
            return Err(loaded.error_at(
                target,
                format!("target `{}` is set twice in this mapping (first at line {first})", target.value),
                Some("each target attribute can be mapped once per object mapping; merge the two items".into()),
            ));
        }
    }
    let mut removed: BTreeMap<&str, u64> = BTreeMap::new();
    for target in &m.remove {
        if let Some(line) = targets.get(target.value.as_str()) {
            return Err(loaded.error_at(
                target,
                format!(
                    "target `{}` is both set (line {line}) and removed",
                    target.value
                ),
                Some("keep either the `set` item or the `remove` entry".into()),
            ));
        }
        if let Some(first) = removed.insert(&target.value, target.referenced.line()) {
            return Err(loaded.error_at(
                target,
                format!(
                    "target `{}` is removed twice (first at line {first})",
                    target.value
                ),
                Some("list it once".into()),
            ));
        }
    }
    if let Some(scope) = &m.scope {
        for group in &scope.value.any {
            if group.value.all.is_empty() {
                return Err(loaded.error_at(
                    group,
                    "a scoping group needs at least one clause in `all:`",
                    Some("add clauses, or remove the group; `scope: {any: []}` means everyone is in scope".into()),
                ));
            }
            for clause in &group.value.all {
                check_clause(loaded, clause)?;
            }
        }
    }
    Ok(())
}

fn check_set(loaded: &LoadedChangeSet, item: &SetMapping) -> Result<()> {
    if item.target.value.trim().is_empty() {
        return Err(loaded.error_at(
            &item.target,
            "`target` is empty",
            Some("name the target attribute".into()),
        ));
    }
    if let Some(source) = &item.source
        && source.value.is_none()
        && item.default.as_ref().is_none_or(|d| d.value.is_none())
    {
        return Err(loaded.error_at(
            source,
            format!("`source: null` for `{}` needs a `default`", item.target.value),
            Some("a mapping without a source only supplies its `default:` value; add one, or give a source expression".into()),
        ));
    }
    if let Some(flow) = &item.flow {
        loaded.check_enum(flow, "flow type", FLOW_TYPES)?;
    }
    if let Some(behavior) = &item.behavior {
        loaded.check_enum(behavior, "flow behavior", FLOW_BEHAVIORS)?;
    }
    if let Some(matching) = &item.matching
        && matching.value < 0
    {
        return Err(loaded.error_at(
            matching,
            format!("`matching: {}` is negative", matching.value),
            Some("0 means not used for matching; 1, 2, ... give the matching order".into()),
        ));
    }
    Ok(())
}

fn check_clause(loaded: &LoadedChangeSet, clause: &Spanned<Clause>) -> Result<()> {
    let c = &clause.value;
    let operator = &c.operator;
    loaded.check_enum(operator, "scoping operator", &scoping_operator_names())?;
    let unary = scoping_operator_arity(&operator.value) == Some(Arity::Unary);
    if let (Some(_), Some(values)) = (&c.value, &c.values) {
        return Err(loaded.error_at(
            values,
            "a clause takes `value` or `values`, not both",
            Some("use `values: [a, b]` for several values".into()),
        ));
    }
    if unary {
        if let Some(value) = &c.value {
            return Err(loaded.error_at(
                value,
                format!("`{}` takes no value", operator.value),
                Some("remove `value:`".into()),
            ));
        }
        if let Some(values) = &c.values {
            return Err(loaded.error_at(
                values,
                format!("`{}` takes no values", operator.value),
                Some("remove `values:`".into()),
            ));
        }
        return Ok(());
    }
    match (&c.value, &c.values) {
        (None, None) => Err(loaded.error_at(
            operator,
            format!("`{}` needs a value to compare with", operator.value),
            Some("add `value: ...` (or `values: [...]`) to the clause".into()),
        )),
        (None, Some(values)) if values.value.is_empty() => Err(loaded.error_at(
            values,
            format!(
                "`{}` needs at least one value; `values` is empty",
                operator.value
            ),
            Some("add a value to the list".into()),
        )),
        _ => Ok(()),
    }
}
