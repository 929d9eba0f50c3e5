//! `entra-schema validate`: every check that needs no network — YAML, references, expressions,
//! the engine's rules — for each environment. A `file:` tenant is checked against its document;
//! a Graph environment against its latest backup (`backups/<env>/`), or without schema
//! references (with a warning) when it has none.

use crate::backup;
use crate::cli::ValidateArgs;
use crate::commands::expressions;
use crate::commands::pipeline::load_change_sets;
use crate::commands::{Context, Outcome, findings};
use crate::engine;
use crate::environment::{Environment, Tenant};
use crate::error::Error;
use crate::expression::Flavor;
use crate::store::file::{local_trees, read_document};

pub async fn run(ctx: &Context, args: ValidateArgs) -> Outcome {
    let names = if args.env.is_empty() {
        Environment::list(&ctx.workspace)?
    } else {
        args.env.clone()
    };
    let mut errors = 0;
    for name in &names {
        match validate_one(ctx, name) {
            Ok(()) => ctx.status.say(format!("{name}: valid")),
            // Findings were printed as they were found.
            Err(Error::Invalid { count }) => errors += count,
            Err(err) => {
                crate::terminal::print_error(&err.report());
                errors += 1;
            }
        }
    }
    if errors > 0 {
        return Err(Error::Invalid { count: errors });
    }
    anstream::println!(
        "Validated {} environment{}: no errors.",
        names.len(),
        if names.len() == 1 { "" } else { "s" }
    );
    Ok(0)
}

fn validate_one(ctx: &Context, name: &str) -> crate::Result<()> {
    let env = Environment::load(&ctx.workspace, name)?;
    let sets = load_change_sets(ctx, &env)?;
    expressions::parse_all(&sets)?;
    let schema_file = match &env.tenant {
        Tenant::File(file) => Some(file.clone()),
        Tenant::Graph(_) => backup::latest(&ctx.workspace, name),
    };
    let Some(schema_file) = schema_file else {
        // Without a schema, every check that needs none still runs.
        if let Tenant::Graph(settings) = &env.tenant {
            let flavor = Flavor::from_template(settings.template_id());
            expressions::validate_all(&sets, flavor, &ctx.status, true)?;
        }
        ctx.status.warn(format!(
            "{name}: no backup of the tenant's schema in backups/{name}/, so references to \
             directories, objects and attributes were not checked (run `entra-schema pull --env {name}`)"
        ));
        return Ok(());
    };
    let schema = read_document(&ctx.workspace.join(&schema_file), &schema_file)?.root;
    let sources = crate::changes::function_sources(&sets);
    let trees = local_trees(&schema, &sources)?;
    let desired = engine::apply(&schema, &sets, &trees)?;
    let plan = crate::diff::diff(&schema, &desired);
    findings::report(&crate::lint::lint(&desired, &plan), &sets, &ctx.status)
}
