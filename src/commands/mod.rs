//! The commands: each file orchestrates one user command from the shell's side (reading files,
//! asking the store, printing); the computing is done by the pure core modules.

mod apply;
mod diff;
mod expressions;
mod findings;
mod many;
mod pipeline;
mod plan;
mod pull;
mod validate;

use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::terminal::{self, Status};

/// What every command gets: the workspace root and how chatty to be.
#[derive(Debug, Clone)]
pub struct Context {
    pub workspace: PathBuf,
    pub status: Status,
}

/// How a command ended when it did not fail: the process exit code (0, or 2 for "changes
/// present" with `--detailed-exitcode` / `--exit-code`).
pub type Outcome = Result<i32, Error>;

/// Run a parsed command line and return the exit code.
pub fn run(cli: Cli) -> i32 {
    terminal::init_color(cli.color);
    if cli.verbose >= 2 {
        // -vv: every Graph request and response line (method, path, status, client-request-id;
        // never headers or bodies, so never a token) on stderr.
        let ansi = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
        let _ = tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(ansi)
            .with_env_filter(tracing_subscriber::EnvFilter::new("entra_schema=debug"))
            .without_time()
            .try_init();
    }
    let ctx = Context {
        workspace: cli.directory.clone().unwrap_or_else(|| PathBuf::from(".")),
        status: Status {
            quiet: cli.quiet,
            verbose: cli.verbose,
        },
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            terminal::print_error(&format!("error: cannot start the async runtime: {err}"));
            return 1;
        }
    };
    let outcome = runtime.block_on(dispatch(&ctx, cli.command));
    match outcome {
        Ok(code) => code,
        Err(err) => {
            terminal::print_error(&err.report());
            err.exit_code()
        }
    }
}

async fn dispatch(ctx: &Context, command: Command) -> Outcome {
    match command {
        Command::Plan(args) => plan::run(ctx, args).await,
        Command::Apply(args) => apply::run(ctx, args).await,
        Command::Validate(args) => validate::run(ctx, args).await,
        Command::Diff(args) => diff::run(ctx, args).await,
        Command::Pull(args) => pull::run(ctx, args).await,
        Command::Completions(args) => {
            use clap::CommandFactory;
            let mut command = Cli::command();
            clap_complete::generate(
                args.shell,
                &mut command,
                "entra-schema",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
    }
}
