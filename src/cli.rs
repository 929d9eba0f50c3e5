//! The command line: clap definitions (whose `///` comments are the user's help text) and the
//! entry point that runs a command, prints its error and turns it into an exit code.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Manage Microsoft Entra ID provisioning job schemas as code.
///
/// Declare attribute additions and mapping changes in versioned YAML, see a semantic plan,
/// and apply it to a tenant safely: re-checked, backed up, PUT whole, read back and verified.
#[derive(Debug, Parser)]
#[command(
    name = "entra-schema",
    version,
    after_help = "Exit codes: 0 success or no changes; 1 error or refusal (nothing written); \
                  2 changes present (plan --detailed-exitcode, diff --exit-code); 64 usage error."
)]
pub struct Cli {
    /// Run as if started in DIR (the workspace holding environments/, schemas/ and backups/).
    #[arg(short = 'C', long = "directory", global = true, value_name = "DIR")]
    pub directory: Option<PathBuf>,

    /// When to colour the output: auto (a terminal without NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print more detail on stderr; -vv also logs every Graph request (never its headers or body).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print only the product and errors: no progress or status lines.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read tenants' schemas and write them to backups/ENV/JOB.json.
    Pull(PullArgs),
    /// Compute and show what apply would change; touches nothing.
    Plan(PlanArgs),
    /// Plan, confirm, back up, write the whole schema, read it back and verify it.
    Apply(ApplyArgs),
    /// Check change sets, expressions and references offline, without any network request.
    Validate(ValidateArgs),
    /// Show the semantic differences between two schema documents.
    Diff(DiffArgs),
    /// Print shell completions for the given shell.
    Completions(CompletionsArgs),
}

/// Which environments a command works on.
#[derive(Debug, Args)]
pub struct EnvSelection {
    /// The environment to use (environments/ENV.yaml); repeat for several.
    #[arg(
        short,
        long = "env",
        value_name = "ENV",
        required_unless_present = "all"
    )]
    pub env: Vec<String>,

    /// Use every environment in environments/.
    #[arg(long, conflicts_with = "env")]
    pub all: bool,

    /// How many environments to work on at the same time.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub parallel: usize,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    #[command(flatten)]
    pub envs: EnvSelection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub envs: EnvSelection,

    /// Save the plan to FILE so that `apply FILE` carries out exactly this change (one
    /// environment only).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// How to print the plan on stdout.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,

    /// Exit 0 when there are no changes, 2 when there are changes (in any environment), 1 on
    /// error.
    #[arg(long)]
    pub detailed_exitcode: bool,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The environment to apply to (environments/ENV.yaml).
    #[arg(
        short,
        long = "env",
        value_name = "ENV",
        required_unless_present = "plan"
    )]
    pub env: Option<String>,

    /// A plan saved by `plan --out`; apply carries out exactly that change.
    #[arg(value_name = "PLAN")]
    pub plan: Option<PathBuf>,

    /// Do not ask for confirmation. Needed when stdin is not a terminal.
    #[arg(long)]
    pub auto_approve: bool,

    /// Allow changes that can deprovision users or re-evaluate matching: removals, matching,
    /// anchor and scoping filter changes.
    #[arg(long)]
    pub allow_destructive: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Validate only this environment (default: every environment).
    #[arg(short, long = "env", value_name = "ENV")]
    pub env: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old schema: a file, or env:NAME for an environment's current schema.
    pub old: String,
    /// The new schema: a file, or env:NAME for an environment's current schema.
    pub new: String,

    /// How to print the differences on stdout.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,

    /// Exit 2 when the documents differ, 0 when they do not.
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Run the command line and return the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = match err.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 64,
            };
            let _ = err.print();
            return code;
        }
    };
    crate::commands::run(cli)
}
