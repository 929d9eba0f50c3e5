//! The steps `plan`, `apply` and `validate` share: load the environment and its change sets,
//! check every expression, fetch the tenant's schema, build trees, run the engine and diff.
//! Nothing here writes to a tenant.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::changes::{self, LoadedChangeSet};
use crate::commands::{Context, findings};
use crate::diff::{self, Plan};
use crate::engine;
use crate::environment::Environment;
use crate::error::{Error, Result};
use crate::expression;
use crate::lint;
use crate::location::Location;
use crate::schema::nav;
use crate::store::file::{FileStore, local_trees};
use crate::store::{Fetched, Store};

/// Everything a plan is made of.
pub struct Prepared {
    pub env: Environment,
    pub store: Box<dyn Store>,
    pub current: Fetched,
    pub sets: Vec<LoadedChangeSet>,
    pub desired: Value,
    pub plan: Plan,
    /// Hash of the change sets' paths and texts and of the environment's vars.
    pub changes_hash: String,
}

/// Open the store an environment points at.
pub fn open_store(ctx: &Context, env: &Environment) -> Result<Box<dyn Store>> {
    match &env.file {
        Some(file) => Ok(Box::new(FileStore::new(&ctx.workspace, file))),
        None => Err(Error::Environment {
            name: env.name.clone(),
            message: "Graph environments are not supported by this build yet".into(),
            hint: Some("use `file:` to point at a local schema document".into()),
        }),
    }
}

/// Read, parse and compose the environment's change sets, in order.
pub fn load_change_sets(ctx: &Context, env: &Environment) -> Result<Vec<LoadedChangeSet>> {
    let mut sets = Vec::new();
    for path in &env.changes {
        let full = ctx.workspace.join(path);
        let text = std::fs::read_to_string(&full).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        sets.push(changes::load(path, &text, &env.vars)?);
    }
    changes::compose(&sets)?;
    Ok(sets)
}

/// Parse every `source` expression of the change sets; the first that does not parse is an
/// error pointing into the YAML file.
pub fn check_expressions(sets: &[LoadedChangeSet]) -> Result<()> {
    for set in sets {
        for mapping in &set.set.mappings {
            for item in &mapping.value.set {
                let Some(source) = &item.value.source else {
                    continue;
                };
                let Some(text) = &source.value else { continue };
                if let Err(err) = expression::parse(text) {
                    return Err(expression::located(
                        text,
                        Some(err.offset),
                        &err.message,
                        err.hint.as_deref(),
                        &set.location(source),
                        Some(&set.text),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// A stable hash of what the plan was made from: change-set paths and texts, and vars.
pub fn changes_hash(env: &Environment, sets: &[LoadedChangeSet]) -> String {
    let mut hasher = Sha256::new();
    for set in sets {
        hasher.update(set.path.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(set.text.as_bytes());
        hasher.update([0]);
    }
    for (key, value) in &env.vars {
        hasher.update(key.as_bytes());
        hasher.update([0]);
        hasher.update(value.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Compute the desired schema from `current` and the change sets.
///
/// A first pass builds every tree with the local parser; the store is then asked for the trees
/// of the Function sources that pass added or changed (for Graph: the job's parseExpression, one
/// request each, since the service's parameter keys are authoritative), and a second pass uses
/// them. Unchanged expressions keep the trees the tenant already has.
pub async fn desired(
    store: &dyn Store,
    current: &Value,
    sets: &[LoadedChangeSet],
) -> Result<Value> {
    check_expressions(sets)?;
    let sources: Vec<(String, Location)> = changes::function_sources(sets);
    let mut trees = local_trees(current, &sources)?;
    let first = engine::apply(current, sets, &trees)?;
    let changed = changed_function_sources(current, &first);
    if changed.is_empty() {
        return Ok(first);
    }
    let wanted: Vec<(String, Location)> = sources
        .into_iter()
        .filter(|(text, _)| changed.contains(text))
        .collect();
    let from_store = store.trees(current, &wanted).await?;
    if from_store.is_empty() {
        return Ok(first);
    }
    trees.extend(from_store);
    engine::apply(current, sets, &trees)
}

/// The `expression` strings of Function sources in `desired` that are new or differ from the
/// source of the same mapping (same rule, object mapping and target) in `current`.
pub fn changed_function_sources(current: &Value, desired: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let before_all = all_mappings(current);
    for (rule, om, mapping) in all_mappings(desired) {
        let Some(source) = mapping.get("source").filter(|s| !s.is_null()) else {
            continue;
        };
        if nav::str_field(source, "type") != Some("Function") {
            continue;
        }
        let before = before_all.iter().find(|(r, o, m)| {
            r == &rule
                && o == &om
                && nav::str_field(m, "targetAttributeName")
                    == nav::str_field(mapping, "targetAttributeName")
        });
        let unchanged = before.is_some_and(|(_, _, m)| m.get("source") == Some(source));
        if !unchanged {
            if let Some(text) = nav::str_field(source, "expression") {
                out.insert(text.to_owned());
            }
        }
    }
    out
}

/// Every attribute mapping with the identity of its rule and object mapping.
fn all_mappings(schema: &Value) -> Vec<(String, (String, String), &Value)> {
    let mut out = Vec::new();
    for rule in nav::rules(schema) {
        let rule_id = nav::str_field(rule, "name")
            .or_else(|| nav::str_field(rule, "id"))
            .unwrap_or_default()
            .to_owned();
        for om in nav::object_mappings(rule) {
            let key = (
                nav::str_field(om, "sourceObjectName").unwrap_or_default().to_owned(),
                nav::str_field(om, "targetObjectName").unwrap_or_default().to_owned(),
            );
            for mapping in nav::attribute_mappings(om) {
                out.push((rule_id.clone(), key.clone(), mapping));
            }
        }
    }
    out
}

/// Load an environment and compute its plan.
pub async fn prepare(ctx: &Context, env_name: &str) -> Result<Prepared> {
    let env = Environment::load(&ctx.workspace, env_name)?;
    let sets = load_change_sets(ctx, &env)?;
    check_expressions(&sets)?;
    let store = open_store(ctx, &env)?;
    ctx.status
        .say(format!("Reading the schema of {} ({})", env.name, store.describe()));
    let current = store.fetch().await?;
    let desired = desired(store.as_ref(), current.root(), &sets).await?;
    let plan = diff::diff(current.root(), &desired);
    findings::report(&lint::lint(&desired, &plan), &sets, &ctx.status)?;
    let changes_hash = changes_hash(&env, &sets);
    Ok(Prepared {
        env,
        store,
        current,
        sets,
        desired,
        plan,
        changes_hash,
    })
}

/// A path shown relative to the workspace when possible.
pub fn shown(path: &Path) -> String {
    path.display().to_string()
}
