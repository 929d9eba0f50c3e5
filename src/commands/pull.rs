//! `entra-schema pull`: read tenants' schemas and write them to `backups/<env>/<job>.json` in the
//! stable backup form. Several environments are read concurrently (see `many`).

use crate::backup;
use crate::cli::PullArgs;
use crate::commands::pipeline::open_store;
use crate::commands::{Context, Outcome, many};
use crate::environment::Environment;

async fn pull_one(ctx: &Context, name: &str) -> crate::Result<String> {
    let env = Environment::load(&ctx.workspace, name)?;
    let store = open_store(ctx, &env)?;
    let fetched = store.fetch().await?;
    let job = store.job().await?;
    let path = backup::write(&ctx.workspace, name, &job, fetched.root())?;
    Ok(path.display().to_string())
}

pub async fn run(ctx: &Context, args: PullArgs) -> Outcome {
    let names = many::selected(ctx, &args.envs)?;
    let results = many::run_all(ctx, &names, args.envs.parallel, "pulling", |name| {
        pull_one(ctx, name)
    })
    .await;
    many::finish(results, |name, path| {
        anstream::println!("{name}: wrote {path}")
    })?;
    Ok(0)
}
