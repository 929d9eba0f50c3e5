//! `entra-schema pull`: read tenants' schemas and write them to `backups/<env>/<job>.json` in the
//! stable backup form. Several environments are read concurrently (at most 8 at a time), with a
//! progress bar on a terminal and none when piped.

use std::io::IsTerminal;

use futures::StreamExt;

use crate::backup;
use crate::cli::PullArgs;
use crate::commands::pipeline::open_store;
use crate::commands::{Context, Outcome};
use crate::environment::Environment;
use crate::error::Error;

/// How many environments are read at the same time.
pub const CONCURRENCY: usize = 8;

/// The environments a command names: `--env` (repeatable) or `--all`.
pub fn selected(ctx: &Context, envs: &[String], all: bool) -> crate::Result<Vec<String>> {
    if all {
        return Environment::list(&ctx.workspace);
    }
    if envs.is_empty() {
        return Err(Error::Refused {
            message: "no environment given".into(),
            hint: Some("name one with --env ENV, or use --all".into()),
        });
    }
    Ok(envs.to_vec())
}

async fn pull_one(ctx: &Context, name: &str) -> crate::Result<String> {
    let env = Environment::load(&ctx.workspace, name)?;
    let store = open_store(ctx, &env)?;
    let fetched = store.fetch().await?;
    let job = store.job().await?;
    let path = backup::write(&ctx.workspace, name, &job, fetched.root())?;
    Ok(path.display().to_string())
}

pub async fn run(ctx: &Context, args: PullArgs) -> Outcome {
    let names = selected(ctx, &args.envs.env, args.envs.all)?;
    let bar =
        (std::io::stderr().is_terminal() && !ctx.status.quiet && names.len() > 1).then(|| {
            let bar = indicatif::ProgressBar::new(names.len() as u64);
            bar.set_message("pulling");
            bar
        });
    let results: Vec<(String, crate::Result<String>)> = futures::stream::iter(names.iter())
        .map(|name| {
            let bar = bar.clone();
            async move {
                let result = pull_one(ctx, name).await;
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                (name.clone(), result)
            }
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut failed = 0;
    let mut first_error = None;
    for (name, result) in results {
        match result {
            Ok(path) => anstream::println!("{name}: wrote {path}"),
            Err(err) => {
                failed += 1;
                if names.len() > 1 {
                    crate::terminal::print_error(&format!("{name}: {}", err.report()));
                }
                first_error.get_or_insert(err);
            }
        }
    }
    match (failed, first_error) {
        (0, _) => Ok(0),
        (1, Some(err)) if names.len() == 1 => Err(err),
        (n, _) => Err(Error::Refused {
            message: format!("{n} of {} environments could not be pulled", names.len()),
            hint: None,
        }),
    }
}
