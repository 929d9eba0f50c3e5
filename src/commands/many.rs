//! Running one command on several environments: which environments (`--env`, repeatable, or
//! `--all`), and running them concurrently — at most `--parallel` at a time (default 8) — with a
//! progress bar on a terminal and none when stderr is piped. Results come back in the order the
//! environments were named, whatever order they finished in.

use std::future::Future;
use std::io::IsTerminal;

use futures::StreamExt;

use crate::cli::EnvSelection;
use crate::commands::Context;
use crate::environment::Environment;
use crate::error::{Error, Result};

/// The environments a command names: `--env` (repeatable) or `--all`.
pub fn selected(ctx: &Context, selection: &EnvSelection) -> Result<Vec<String>> {
    if selection.all {
        return Environment::list(&ctx.workspace);
    }
    if selection.env.is_empty() {
        return Err(Error::Refused {
            message: "no environment given".into(),
            hint: Some("name one with --env ENV (repeatable), or use --all".into()),
        });
    }
    Ok(selection.env.clone())
}

/// Run `work` for every environment, at most `parallel` at a time.
pub async fn run_all<'a, T, F, Fut>(
    ctx: &Context,
    names: &'a [String],
    parallel: usize,
    what: &str,
    work: F,
) -> Vec<(&'a str, Result<T>)>
where
    F: Fn(&'a str) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let bar =
        (std::io::stderr().is_terminal() && !ctx.status.quiet && names.len() > 1).then(|| {
            let bar = indicatif::ProgressBar::new(names.len() as u64);
            bar.set_message(what.to_owned());
            bar
        });
    let results = futures::stream::iter(names.iter())
        .map(|name| {
            let bar = bar.clone();
            let job = work(name);
            async move {
                let result = job.await;
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                (name.as_str(), result)
            }
        })
        .buffered(parallel.max(1))
        .collect()
        .await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    results
}

/// After a multi-environment run: hand every success to `on_ok` in the order the environments
/// were named, then print the errors of those that failed (a single environment's error is
/// returned as is).
pub fn finish<T>(
    results: Vec<(&str, Result<T>)>,
    mut on_ok: impl FnMut(&str, &T),
) -> Result<Vec<(String, T)>> {
    let total = results.len();
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for (name, result) in results {
        match result {
            Ok(value) => {
                on_ok(name, &value);
                ok.push((name.to_owned(), value));
            }
            Err(err) => errors.push((name.to_owned(), err)),
        }
    }
    if errors.is_empty() {
        return Ok(ok);
    }
    if total == 1
        && let Some((_, err)) = errors.pop()
    {
        return Err(err);
    }
    for (name, err) in &errors {
        crate::terminal::print_error(&format!("{}\n  (environment {name})", err.report()));
    }
    Err(Error::Refused {
        message: format!("{} of {total} environments failed", errors.len()),
        hint: None,
    })
}
