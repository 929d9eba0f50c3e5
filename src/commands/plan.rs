//! `entra-schema plan`: compute the change for one environment and print it; with `--out`,
//! save it for `apply FILE`. Touches nothing in the tenant.

use crate::cli::{PlanArgs, PlanFormat};
use crate::commands::pipeline::{self, Prepared};
use crate::commands::{Context, Outcome};
use crate::diff::{self, Plan};
use crate::render;
use crate::saved_plan::{Base, FORMAT_VERSION, SavedPlan};
use crate::store::file::write_atomically;

/// Print a plan on stdout in the chosen format.
pub fn print(plan: &Plan, format: PlanFormat) {
    match format {
        PlanFormat::Text => anstream::print!("{}", render::text(plan)),
        PlanFormat::Markdown => anstream::print!("{}", render::markdown(plan)),
        PlanFormat::Json => {
            let text = serde_json::to_string_pretty(&render::json(plan)).unwrap_or_default();
            anstream::println!("{text}");
        }
    }
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
    let prepared = pipeline::prepare(ctx, &args.env).await?;
    print(&prepared.plan, args.format);
    if let Some(out) = &args.out {
        let saved = saved(&prepared).await?;
        write_atomically(&ctx.workspace.join(out), out, saved.to_json().as_bytes())?;
        ctx.status.say(format!(
            "Saved the plan to {}. Apply exactly this change with: entra-schema apply {}",
            out.display(),
            out.display()
        ));
    }
    Ok(if args.detailed_exitcode && !prepared.plan.is_empty() {
        2
    } else {
        0
    })
}
