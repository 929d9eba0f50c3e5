//! The steps `plan`, `apply` and `validate` share: load the environment and its change sets,
//! check every expression, fetch the tenant's schema, build trees, run the engine and diff.
//! Nothing here writes to a tenant.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::changes::{self, LoadedChangeSet};
use crate::commands::{Context, expressions, findings};
use crate::diff::{self, Plan};
use crate::engine;
use crate::environment::{Environment, Tenant};
use crate::error::{Error, Result};
use crate::expression::Flavor;
use crate::lint;
use crate::location::Location;
use crate::store::file::{FileStore, local_trees};
use crate::store::graph::GraphStore;
use crate::store::{Fetched, Store};

/// Everything a plan is made of.
pub struct Prepared {
    pub env: Environment,
    pub store: Box<dyn Store>,
    pub current: Fetched,
    pub desired: Value,
    pub plan: Plan,
    /// Hash of the change sets' paths and texts and of the environment's vars.
    pub changes_hash: String,
}

/// Open the store an environment points at.
pub fn open_store(ctx: &Context, env: &Environment) -> Result<Box<dyn Store>> {
    match &env.tenant {
        Tenant::File(file) => Ok(Box::new(FileStore::new(&ctx.workspace, file))),
        Tenant::Graph(settings) => Ok(Box::new(GraphStore::open(env, settings)?)),
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

/// Compute the desired schema from `current` and the change sets (whose expressions
/// `expressions::parse_all` has already parsed).
///
/// Trees are built only for the expressions the change sets add or change (existing trees can
/// hold placeholders their strings do not show, so they are never rebuilt). Attribute and
/// Constant sources get their trees locally; Function sources get theirs from the store (for
/// Graph: the job's parseExpression, one request each, since the service's parameter keys are
/// authoritative), or from the local parser when the store has no service (files).
pub async fn desired(
    store: &dyn Store,
    current: &Value,
    sets: &[LoadedChangeSet],
) -> Result<Value> {
    let to_build = engine::expressions_to_build(current, sets)?;
    let located: Vec<(String, Location)> = changes::function_sources(sets)
        .into_iter()
        .filter(|(text, _)| to_build.contains(text))
        .collect();
    let mut trees = local_trees(current, &located)?;
    let functions: Vec<(String, Location)> = located
        .into_iter()
        .filter(|(text, _)| {
            trees
                .get(text)
                .is_some_and(|tree| tree.get("type").and_then(Value::as_str) == Some("Function"))
        })
        .collect();
    if !functions.is_empty() {
        trees.extend(store.trees(current, &functions).await?);
    }
    engine::apply(current, sets, &trees)
}

/// Load an environment and compute its plan.
pub async fn prepare(ctx: &Context, env_name: &str) -> Result<Prepared> {
    let env = Environment::load(&ctx.workspace, env_name)?;
    let sets = load_change_sets(ctx, &env)?;
    for set in &sets {
        ctx.status
            .detail(format!("Loaded change set {}", set.path.display()));
    }
    expressions::parse_all(&sets)?;
    if let Tenant::Graph(settings) = &env.tenant {
        // Everything that needs no schema is checked before the first request.
        let flavor = Flavor::from_template(settings.template_id());
        expressions::validate_all(&sets, flavor, &ctx.status, false)?;
    }
    let store = open_store(ctx, &env)?;
    ctx.status.say(format!(
        "Reading the schema of {} ({})",
        env.name,
        store.describe()
    ));
    let current = store.fetch().await?;
    let desired = desired(store.as_ref(), current.root(), &sets).await?;
    let plan = diff::diff(current.root(), &desired);
    findings::report(&lint::lint(&desired, &plan), &sets, &ctx.status)?;
    let changes_hash = changes_hash(&env, &sets);
    Ok(Prepared {
        env,
        store,
        current,
        desired,
        plan,
        changes_hash,
    })
}
