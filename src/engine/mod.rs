//! The engine: apply declared change sets to a schema document, producing the desired document.
//!
//! Pure: it takes the current document and already-loaded change sets and returns a new
//! document. Only what a change set names changes; every other byte-relevant detail (key order,
//! null vs `[]` vs absent, untouched items and their order) is kept. Expression trees are built
//! by the caller and passed in as [`Trees`]; the engine never parses expressions.

mod attributes;
mod mappings;
mod scope;
mod select;
mod shape;
mod usage;

use serde_json::Value;

use crate::changes::LoadedChangeSet;
use crate::changes::checks::check;
use crate::changes::compose::compose_with;
use crate::changes::model::MappingChange;
use crate::error::{Error, Result};
use crate::schema::nav;

use mappings::TreeLookup;
pub use mappings::normalise_expression;
use scope::ScopeShape;
use shape::TreeShape;

/// Expression trees for every `source` string the change sets add or change, keyed by the
/// expression text exactly as it appears after `${var}` substitution. The caller builds it
/// (offline: the local expression parser; against Graph: the service's parseExpression) — the
/// engine never parses expressions and never rebuilds a tree of an unchanged expression.
pub type Trees = std::collections::BTreeMap<String, Value>;

/// Apply `sets` in order to `current` and return the desired document. Later sets see the
/// results of earlier ones; within a set, attribute definitions are applied before mappings.
/// Removed definitions that are still used by the final document are refused. Each set is first
/// checked with `changes::checks::check` (spellings, clause values, selectors...), so sets built
/// without `changes::load` are held to the same rules.
pub fn apply(current: &Value, sets: &[LoadedChangeSet], trees: &Trees) -> Result<Value> {
    let mut lookup = TreeLookup {
        trees,
        missing: None,
    };
    run(current, sets, &mut lookup)
}

/// The `source` expressions (after `${var}` substitution) that [`apply`] needs trees for: those
/// the change sets add or change, in order of appearance, each once. Expressions equal to the
/// stored one (modulo whitespace) are left out, so their trees are never rebuilt. Fails like
/// `apply` does on bad selections and spellings.
pub fn expressions_to_build(current: &Value, sets: &[LoadedChangeSet]) -> Result<Vec<String>> {
    let none = Trees::new();
    let mut lookup = TreeLookup {
        trees: &none,
        missing: Some(Vec::new()),
    };
    run(current, sets, &mut lookup)?;
    Ok(lookup.missing.unwrap_or_default())
}

/// `apply` with a given way of finding trees.
fn run(current: &Value, sets: &[LoadedChangeSet], lookup: &mut TreeLookup) -> Result<Value> {
    // The structural checks (spellings, clause values, set-and-removed...) live in one place;
    // `changes::load` runs them too, but the engine may be handed sets built another way.
    for set in sets {
        check(set)?;
    }
    // The same rule may be selected differently in two sets: compose again with the rules
    // resolved against this schema, so that conflicting settings are still caught.
    compose_with(sets, &|selector| select::rule_identity(current, selector))?;
    let mut doc = current.clone();
    let mut removals = Vec::new();
    for set in sets {
        for change in &set.set.attributes {
            let change = &change.value;
            if change.remove.as_ref().is_some_and(|r| r.value) {
                attributes::remove(&mut doc, set, change)?;
                removals.push((set, change));
            } else {
                attributes::ensure(&mut doc, set, change)?;
            }
        }
        for change in &set.set.mappings {
            apply_mapping(&mut doc, set, &change.value, lookup)?;
        }
    }
    usage::check_removals(&doc, &removals)?;
    Ok(doc)
}

/// Every `source` tree and every `scope` of the document, for learning sibling shapes.
fn document_sources_and_scopes(doc: &Value) -> (Vec<&Value>, Vec<&Value>) {
    let mut sources = Vec::new();
    let mut scopes = Vec::new();
    for rule in nav::rules(doc) {
        for om in nav::object_mappings(rule) {
            sources.extend(
                nav::attribute_mappings(om)
                    .iter()
                    .filter_map(|m| m.get("source")),
            );
            scopes.extend(om.get("scope"));
        }
    }
    (sources, scopes)
}

/// Apply one entry of `mappings:` to the object mapping it selects.
fn apply_mapping(
    doc: &mut Value,
    set: &LoadedChangeSet,
    change: &MappingChange,
    lookup: &mut TreeLookup,
) -> Result<()> {
    let r = select::rule(doc, set, &change.rule)?;
    let rule = &nav::rules(doc)[r];
    let o = select::object_mapping(rule, set, &change.object)?;
    let om = &nav::object_mappings(rule)[o];

    let own_sources = nav::attribute_mappings(om)
        .iter()
        .filter_map(|m| m.get("source"));
    let mut tree_shape = TreeShape::learn(own_sources);
    let (all_sources, all_scopes) = document_sources_and_scopes(doc);
    if tree_shape.is_empty() {
        tree_shape = TreeShape::learn(all_sources);
    }
    let scope_shape = ScopeShape::learn(om.get("scope").into_iter().chain(all_scopes));

    let om = doc
        .get_mut("synchronizationRules")
        .and_then(|rules| rules.get_mut(r))
        .and_then(|rule| rule.get_mut("objectMappings"))
        .and_then(|oms| oms.get_mut(o))
        .ok_or_else(|| Error::Refused {
            message: "internal error: a selected object mapping disappeared".to_owned(),
            hint: None,
        })?;
    for item in &change.set {
        mappings::set(om, set, &item.value, lookup, &tree_shape)?;
    }
    for target in &change.remove {
        mappings::remove(om, &target.value);
    }
    if let Some(scope) = &change.scope {
        scope::replace(om, &scope.value, &scope_shape);
    }
    if let Some(enabled) = &change.enabled
        && om.get("enabled") != Some(&Value::Bool(enabled.value))
        && let Some(map) = om.as_object_mut()
    {
        map.insert("enabled".to_owned(), Value::Bool(enabled.value));
    }
    Ok(())
}
