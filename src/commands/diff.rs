//! `entra-schema diff OLD NEW`: the semantic differences between two schema documents, each a
//! file or `env:NAME` (that environment's current schema).

use crate::cli::{DiffArgs, PlanFormat};
use crate::commands::pipeline::open_store;
use crate::commands::plan::print;
use crate::commands::{Context, Outcome};
use crate::diff;
use crate::environment::Environment;
use crate::store::file::read_document;
use serde_json::Value;

async fn read(ctx: &Context, spec: &str) -> crate::Result<Value> {
    if let Some(name) = spec.strip_prefix("env:") {
        let env = Environment::load(&ctx.workspace, name)?;
        let store = open_store(ctx, &env)?;
        return Ok(store.fetch().await?.document.root);
    }
    let path = std::path::Path::new(spec);
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        ctx.workspace.join(path)
    };
    Ok(read_document(&full, path)?.root)
}

pub async fn run(ctx: &Context, args: DiffArgs) -> Outcome {
    let old = read(ctx, &args.old).await?;
    let new = read(ctx, &args.new).await?;
    let plan = diff::diff(&old, &new);
    match args.format {
        // A plan's wording ("Plan: ...", "matches the change sets") does not fit two documents.
        PlanFormat::Text if plan.is_empty() => {
            anstream::println!("No differences: the two schemas are semantically equal.");
        }
        PlanFormat::Text => {
            let (add, change, remove) = plan.counts();
            anstream::print!("{}", crate::render::text::items(&plan));
            anstream::println!(
                "Differences: {add} added, {change} changed, {remove} removed (from {} to {}).",
                args.old,
                args.new
            );
        }
        format => print(&plan, format, Some((&old, &new))),
    }
    Ok(if args.exit_code && !plan.is_empty() {
        2
    } else {
        0
    })
}
