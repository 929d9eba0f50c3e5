//! The one error type of entra-schema. Every variant is something the user must fix or know, and
//! its message is written for them: `main` prints `error: <message>`, the snippet when there is
//! one, each `caused by: <source>`, then `hint: <hint>`.
//!
//! Errors never carry secrets: tokens and client secrets are never formatted into a message.

use std::path::PathBuf;

use crate::location::Location;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A file could not be written (nothing was changed: writes go through a temporary file).
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A schema document is not valid JSON, or not in a supported text encoding.
    #[error("{}:{line}:{column}: {message}", path.display())]
    SchemaDocument {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
        snippet: Option<String>,
    },

    /// A YAML file (change set or environment) is malformed or does not match its format.
    #[error("{location}: {message}")]
    Yaml {
        location: Location,
        message: String,
        snippet: Option<String>,
        hint: Option<String>,
    },

    /// A change set is well-formed YAML but asks for something impossible or wrong.
    #[error("{location}: {message}")]
    Change {
        location: Location,
        message: String,
        snippet: Option<String>,
        hint: Option<String>,
    },

    /// Two change sets set the same thing differently.
    #[error("{second}: {what} is set differently than at {first}")]
    Conflict {
        first: Location,
        second: Location,
        what: String,
        snippet: Option<String>,
    },

    /// A mapping expression does not parse or does not validate.
    #[error("{location}: {message}")]
    Expression {
        location: Location,
        message: String,
        snippet: Option<String>,
        hint: Option<String>,
    },

    /// An environment file is missing, malformed, or unsafe (an inline secret, plain http).
    #[error("environment {name}: {message}")]
    Environment {
        name: String,
        message: String,
        hint: Option<String>,
    },

    /// Validation found errors; they were printed as diagnostics before this error.
    #[error("validation failed with {count} error{}", if *count == 1 { "" } else { "s" })]
    Invalid { count: usize },

    /// Microsoft Graph answered with an error.
    #[error("Microsoft Graph answered {status} {code}: {message} (request-id: {})", request_id.as_deref().unwrap_or("none"))]
    Graph {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
        hint: Option<String>,
    },

    /// Microsoft Graph (or the token endpoint) could not be reached.
    #[error("cannot reach {url}: {message}")]
    Transport {
        url: String,
        message: String,
        hint: Option<String>,
    },

    /// A credential could not be built or a token could not be obtained.
    #[error("authentication failed: {message}")]
    Auth {
        message: String,
        hint: Option<String>,
    },

    /// The tenant's schema changed between plan and apply.
    #[error("the plan is stale: {message}")]
    StalePlan {
        message: String,
        hint: Option<String>,
    },

    /// The tool refuses to go on without the user's consent or a required condition.
    #[error("{message}")]
    Refused {
        message: String,
        hint: Option<String>,
    },

    /// After a PUT the schema read back differs from what was sent.
    #[error("the schema read back after the update differs from what was sent: {message}")]
    VerifyFailed {
        message: String,
        hint: Option<String>,
    },

    /// A git operation on the backups failed.
    #[error("git: {message}")]
    Git { message: String },
}

impl Error {
    /// What the user can do about it, printed after `hint:`.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Yaml { hint, .. }
            | Error::Change { hint, .. }
            | Error::Expression { hint, .. }
            | Error::Environment { hint, .. }
            | Error::Graph { hint, .. }
            | Error::Transport { hint, .. }
            | Error::Auth { hint, .. }
            | Error::StalePlan { hint, .. }
            | Error::Refused { hint, .. }
            | Error::VerifyFailed { hint, .. } => hint.as_deref(),
            Error::Conflict { .. } => {
                Some("make the change sets agree, or remove the setting from one of them")
            }
            _ => None,
        }
    }

    /// The source lines the error points at, already rendered with a caret.
    pub fn snippet(&self) -> Option<&str> {
        match self {
            Error::SchemaDocument { snippet, .. }
            | Error::Yaml { snippet, .. }
            | Error::Change { snippet, .. }
            | Error::Conflict { snippet, .. }
            | Error::Expression { snippet, .. } => snippet.as_deref(),
            _ => None,
        }
    }

    /// The process exit code for this error. Usage errors (64) are reported by clap, not here.
    pub fn exit_code(&self) -> i32 {
        1
    }

    /// The whole report as plain text: `error:`, snippet, `caused by:` lines and `hint:`.
    pub fn report(&self) -> String {
        let mut out = format!("error: {self}");
        if let Some(snippet) = self.snippet() {
            out.push('\n');
            out.push_str(snippet);
        }
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            out.push_str(&format!("\ncaused by: {cause}"));
            source = cause.source();
        }
        if let Some(hint) = self.hint() {
            out.push_str(&format!("\nhint: {hint}"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_shows_cause_and_hint() {
        let err = Error::Read {
            path: PathBuf::from("x.json"),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        };
        assert_eq!(
            err.report(),
            "error: cannot read x.json\ncaused by: no such file"
        );
        let err = Error::Refused {
            message: "apply needs a terminal to ask for confirmation".into(),
            hint: Some("pass --auto-approve".into()),
        };
        assert_eq!(
            err.report(),
            "error: apply needs a terminal to ask for confirmation\nhint: pass --auto-approve"
        );
    }

    #[test]
    fn graph_error_names_request_id() {
        let err = Error::Graph {
            status: 400,
            code: "BadRequest".into(),
            message: "bad".into(),
            request_id: Some("abc".into()),
            hint: None,
        };
        assert!(err.to_string().contains("request-id: abc"));
    }
}
