//! `entra-schema plan`: compute the change for one environment (or several, concurrently) and
//! print it; with `--out`, save it for `apply FILE`. Touches nothing in the tenant.

use serde_json::Value;

use crate::cli::{PlanArgs, PlanFormat};
use crate::commands::pipeline::{self, Prepared};
use crate::commands::{Context, Outcome, many};
use crate::diff::{self, Plan};
use crate::error::Error;
use crate::render;
use crate::saved_plan::{Base, FORMAT_VERSION, SavedPlan};
use crate::store::file::write_atomically;

/// Print a plan on stdout in the chosen format. The JSON form carries the RFC 6902 patch from
/// `old` to `new` when both are given.
pub fn print(plan: &Plan, format: PlanFormat, documents: Option<(&Value, &Value)>) {
    match format {
        PlanFormat::Text => anstream::print!("{}", render::text(plan)),
        PlanFormat::Markdown => anstream::print!("{}", render::markdown(plan)),
        PlanFormat::Json => {
            let text =
                serde_json::to_string_pretty(&json_with_patch(plan, documents)).unwrap_or_default();
            anstream::println!("{text}");
        }
    }
}

/// The JSON plan, with `"patch"`: the RFC 6902 operations from `old` to `new`, addressed so that
/// they follow the plan's items (a removed mapping is one `remove`, not a shift of the rest).
pub fn json_with_patch(plan: &Plan, documents: Option<(&Value, &Value)>) -> Value {
    let mut value = render::json(plan);
    if let (Some((old, new)), Some(object)) = (documents, value.as_object_mut()) {
        let patch = serde_json::to_value(diff::patch(old, new)).unwrap_or(Value::Null);
        object.insert("patch".into(), patch);
    }
    value
}

/// Build the saved form of a prepared plan.
pub async fn saved(prepared: &Prepared) -> crate::Result<SavedPlan> {
    Ok(SavedPlan {
        format_version: FORMAT_VERSION.into(),
        tool: format!("entra-schema {}", env!("CARGO_PKG_VERSION")),
        environment: prepared.env.name.clone(),
        job: prepared.store.job().await?,
        base: Base {
            fingerprint: prepared.current.fingerprint.clone(),
            version: prepared.current.version.clone(),
        },
        changes_hash: prepared.changes_hash.clone(),
        patch: diff::patch(prepared.current.root(), &prepared.desired),
        plan: render::json(&prepared.plan),
    })
}

pub async fn run(ctx: &Context, args: PlanArgs) -> Outcome {
    let names = many::selected(ctx, &args.envs)?;
    if args.out.is_some() && names.len() != 1 {
        return Err(Error::Refused {
            message: "--out saves the plan of one environment".into(),
            hint: Some("plan each environment with its own --out FILE".into()),
        });
    }
    let results = many::run_all(ctx, &names, args.envs.parallel, "planning", |name| {
        pipeline::prepare(ctx, name)
    })
    .await;
    let several = names.len() > 1;
    let prepared = many::finish(results, |name, prepared| {
        if several {
            print_section(name, prepared, args.format);
        }
    })?;
    if several {
        if args.format == PlanFormat::Json {
            print_json(&prepared);
        }
    } else if let [(_, prepared)] = prepared.as_slice() {
        print(
            &prepared.plan,
            args.format,
            Some((prepared.current.root(), &prepared.desired)),
        );
        if let Some(out) = &args.out {
            let saved = saved(prepared).await?;
            write_atomically(&ctx.workspace.join(out), out, saved.to_json().as_bytes())?;
            ctx.status.say(format!(
                "Saved the plan to {}. Apply exactly this change with: entra-schema apply {}",
                out.display(),
                out.display()
            ));
        }
    }
    let changes = prepared.iter().any(|(_, p)| !p.plan.is_empty());
    Ok(if args.detailed_exitcode && changes {
        2
    } else {
        0
    })
}

/// One environment's plan among several (text and Markdown; JSON is one document at the end).
fn print_section(name: &str, prepared: &Prepared, format: PlanFormat) {
    match format {
        PlanFormat::Json => {}
        PlanFormat::Markdown => {
            anstream::println!("## Environment `{}`\n", render::markdown::escape(name));
            anstream::print!("{}", render::markdown(&prepared.plan));
            anstream::println!();
        }
        PlanFormat::Text => {
            anstream::println!("== {name} ==");
            anstream::print!("{}", render::text(&prepared.plan));
            anstream::println!();
        }
    }
}

/// Several environments' plans as one JSON document.
fn print_json(prepared: &[(String, Prepared)]) {
    let environments: Vec<serde_json::Value> = prepared
        .iter()
        .map(|(name, p)| {
            let plan = json_with_patch(&p.plan, Some((p.current.root(), &p.desired)));
            serde_json::json!({"environment": name, "plan": plan})
        })
        .collect();
    let document = serde_json::json!({
        "format_version": render::json::FORMAT_VERSION,
        "environments": environments,
    });
    anstream::println!(
        "{}",
        serde_json::to_string_pretty(&document).unwrap_or_default()
    );
}
