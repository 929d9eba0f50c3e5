//! `entra-schema apply`: plan (or read a saved plan), confirm, re-read the tenant and refuse when
//! it moved, back up the current schema, PUT the whole desired schema, read it back and verify.

use serde_json::Value;

use crate::backup;
use crate::cli::{ApplyArgs, PlanFormat};
use crate::commands::pipeline::{self, changes_hash, load_change_sets, open_store};
use crate::commands::plan::print;
use crate::commands::{Context, Outcome};
use crate::diff::{self, Plan};
use crate::environment::Environment;
use crate::error::Error;
use crate::saved_plan::{Base, SavedPlan};
use crate::schema::semantic::semantic_eq;
use crate::store::{Fetched, Store};
use crate::terminal;

pub async fn run(ctx: &Context, args: ApplyArgs) -> Outcome {
    if let Some(file) = &args.plan {
        return apply_saved(ctx, &args, file).await;
    }
    let Some(env) = &args.env else {
        return Err(Error::Refused {
            message: "apply needs an environment or a saved plan".into(),
            hint: Some(
                "run `entra-schema apply --env ENV` or `entra-schema apply PLAN.json`".into(),
            ),
        });
    };
    let prepared = pipeline::prepare(ctx, env).await?;
    print(&prepared.plan, PlanFormat::Text, None);
    if prepared.plan.is_empty() {
        return Ok(0);
    }
    check_consent(&prepared.plan, &args)?;
    if !args.auto_approve {
        if !terminal::interactive() {
            return Err(Error::Refused {
                message: "apply needs a terminal to ask for confirmation; nothing was changed"
                    .into(),
                hint: Some(
                    "review the plan and pass --auto-approve to apply without asking (for CI)"
                        .into(),
                ),
            });
        }
        let question = format!(
            "\nDo you want to apply these changes to {}?\n  entra-schema will write the whole schema and read it back.",
            prepared.env.name
        );
        if !terminal::confirm(&question) {
            return Err(Error::Refused {
                message: "apply cancelled; nothing was changed".into(),
                hint: None,
            });
        }
    }
    let base = Base {
        fingerprint: prepared.current.fingerprint.clone(),
        version: prepared.current.version.clone(),
    };
    let now = recheck(
        prepared.store.as_ref(),
        &prepared.env.name,
        &base,
        Some(prepared.current.root()),
    )
    .await?;
    write(
        ctx,
        prepared.store.as_ref(),
        &prepared.env.name,
        &prepared.plan,
        &now,
        &prepared.desired,
    )
    .await
}

/// `apply PLAN.json`: the plan was reviewed when it was saved, so there is no prompt (as with
/// Terraform). GET (refuse when the tenant moved), PUT, GET.
async fn apply_saved(ctx: &Context, args: &ApplyArgs, file: &std::path::Path) -> Outcome {
    let full = ctx.workspace.join(file);
    let text = std::fs::read_to_string(&full).map_err(|source| Error::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let saved = SavedPlan::from_json(&text, &file.display().to_string())?;
    let env_name = args
        .env
        .clone()
        .unwrap_or_else(|| saved.environment.clone());
    let env = Environment::load(&ctx.workspace, &env_name)?;
    let sets = load_change_sets(ctx, &env)?;
    let store = open_store(ctx, &env)?;
    saved.check_target(&env.name, &store.job().await?, &changes_hash(&env, &sets))?;
    let now = store.fetch().await?;
    saved.check_base(&Base {
        fingerprint: now.fingerprint.clone(),
        version: now.version.clone(),
    })?;
    let mut desired = now.root().clone();
    json_patch::patch(&mut desired, &saved.patch).map_err(|err| Error::Refused {
        message: format!("the saved plan does not apply to the tenant's schema: {err}"),
        hint: Some("make the plan again with `entra-schema plan --out`".into()),
    })?;
    let plan = diff::diff(now.root(), &desired);
    print(&plan, PlanFormat::Text, None);
    if plan.is_empty() {
        return Ok(0);
    }
    check_consent(&plan, args)?;
    write(ctx, store.as_ref(), &env.name, &plan, &now, &desired).await
}

/// Destructive changes need `--allow-destructive`.
fn check_consent(plan: &Plan, args: &ApplyArgs) -> crate::Result<()> {
    if plan.is_destructive() && !args.allow_destructive {
        return Err(Error::Refused {
            message: "the plan contains destructive changes (marked above); nothing was changed"
                .into(),
            hint: Some(
                "review them, then run again with --allow-destructive (consider pausing the provisioning job first)"
                    .into(),
            ),
        });
    }
    Ok(())
}

/// GET the schema again right before the PUT and refuse when it moved since `base`.
async fn recheck(
    store: &dyn Store,
    env: &str,
    base: &Base,
    base_root: Option<&Value>,
) -> crate::Result<Fetched> {
    let now = store.fetch().await?;
    let now_base = Base {
        fingerprint: now.fingerprint.clone(),
        version: now.version.clone(),
    };
    if &now_base == base {
        return Ok(now);
    }
    if let Some(base_root) = base_root {
        let moved = diff::diff(base_root, now.root());
        if !moved.is_empty() {
            anstream::eprintln!(
                "Changes made in the tenant since the plan:\n{}",
                crate::render::text::items(&moved)
            );
        }
    }
    Err(Error::StalePlan {
        message: format!(
            "the schema of {env} changed since the plan was made (version {} → {})",
            base.version.as_deref().unwrap_or("(none)"),
            now_base.version.as_deref().unwrap_or("(none)")
        ),
        hint: Some("nothing was changed; run plan again to review the tenant's new state".into()),
    })
}

/// Back up, PUT, read back and verify.
async fn write(
    ctx: &Context,
    store: &dyn Store,
    env: &str,
    plan: &Plan,
    now: &Fetched,
    desired: &Value,
) -> Outcome {
    let job = store.job().await?;
    let backup = backup::write(&ctx.workspace, env, &job, now.root())?;
    ctx.status.say(format!(
        "Backed up the current schema to {}",
        backup.display()
    ));
    if let Some(note) = store.rewrite_note() {
        ctx.status.warn(note);
    }
    let after = match store.put(now, desired).await {
        Ok(()) => store.fetch().await.map_err(|err| {
            annotated(
                err,
                Some("the update was accepted, but reading the schema back to verify it failed"),
                format!(
                    "run `entra-schema plan` to check the tenant; the schema as it was before is saved in {}",
                    backup.display()
                ),
            )
        })?,
        Err(err) => after_failed_put(ctx, store, err, now, desired, &backup).await?,
    };
    if !semantic_eq(desired, after.root()) {
        let differences = diff::diff(desired, after.root());
        return Err(Error::VerifyFailed {
            message: format!(
                "{} item(s) differ:\n{}",
                differences.changes.len(),
                crate::render::text::items(&differences)
            ),
            hint: Some(format!(
                "the schema as it was before this apply is saved in {}; run `entra-schema plan` to see where the tenant stands",
                backup.display()
            )),
        });
    }
    let (add, change, remove) = plan.counts();
    anstream::println!("Apply complete! {add} added, {change} changed, {remove} removed.");
    Ok(0)
}

/// A PUT failed. A 4xx answer is clear: nothing was changed. Without a clear answer (the
/// connection dropped, or the service stayed unavailable after the retries), read the schema
/// again: when it holds the change, the update went through (its answer was lost) and that
/// read-back is returned for verification; otherwise say whether the change was applied or not.
async fn after_failed_put(
    ctx: &Context,
    store: &dyn Store,
    err: Error,
    before: &Fetched,
    desired: &Value,
    backup: &std::path::Path,
) -> crate::Result<Fetched> {
    let unclear = match &err {
        Error::Transport { .. } => true,
        Error::Graph { status, .. } => *status >= 500,
        _ => false,
    };
    if !unclear {
        return Err(annotated(
            err,
            None,
            format!(
                "the service refused the update, so the schema was not changed (it is backed up in {})",
                backup.display()
            ),
        ));
    }
    let state = match store.fetch().await {
        Ok(now) if semantic_eq(now.root(), desired) => {
            ctx.status.warn(format!(
                "the answer to the update was lost ({err}), but the schema read back afterwards shows the change WAS applied"
            ));
            return Ok(now);
        }
        Ok(now) if semantic_eq(now.root(), before.root()) => {
            "the schema read back afterwards shows the change was NOT applied".to_owned()
        }
        Ok(_) => {
            "the schema read back afterwards matches neither the old nor the new schema".to_owned()
        }
        Err(read) => {
            format!("reading the schema back failed too ({read}), so its state is unknown")
        }
    };
    let hint = format!(
        "run `entra-schema plan` to see where the tenant stands; the previous schema is in {}",
        backup.display()
    );
    Err(annotated(err, Some(&state), hint))
}

/// A Graph or transport error with `; <state>` appended to its message (when given) and `extra`
/// appended to its hint. Other errors are returned unchanged.
fn annotated(err: Error, state: Option<&str>, extra: String) -> Error {
    let message = |message: String| match state {
        Some(state) => format!("{}; {state}", message.trim_end_matches('.')),
        None => message,
    };
    let hint = |hint: Option<String>| {
        Some(match hint {
            Some(hint) => format!("{hint}; {extra}"),
            None => extra.clone(),
        })
    };
    match err {
        Error::Transport {
            url,
            message: m,
            hint: h,
        } => Error::Transport {
            url,
            message: message(m),
            hint: hint(h),
        },
        Error::Graph {
            status,
            code,
            message: m,
            request_id,
            hint: h,
        } => Error::Graph {
            status,
            code,
            message: message(m),
            request_id,
            hint: hint(h),
        },
        other => other,
    }
}
