//! Saved plans (`plan --out FILE`, `apply FILE`): what the plan was made against (environment,
//! job, the schema's fingerprint and version, a hash of the change sets) and the change itself as
//! an RFC 6902 patch that already holds every expression tree. Pure: (de)serialisation and the
//! checks `apply FILE` makes; the shell reads and writes the file.
//!
//! A plan file holds no secrets: no tokens, no credentials, only schema content.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// The plan file format. Minor versions only add fields; a major bump breaks compatibility.
pub const FORMAT_VERSION: &str = "1.0";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedPlan {
    pub format_version: String,
    /// `entra-schema <version>` that wrote the plan.
    pub tool: String,
    pub environment: String,
    pub job: String,
    /// What the tenant had when the plan was made.
    pub base: Base,
    /// Hash of the change sets and vars the plan was made from.
    pub changes_hash: String,
    /// The change, addressed by identity, with every new expression tree included.
    pub patch: json_patch::Patch,
    /// The plan as `plan --format json` prints it, for people and bots reading the file.
    pub plan: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Base {
    pub fingerprint: String,
    pub version: Option<String>,
}

impl SavedPlan {
    /// Parse a plan file, refusing other formats with a clear message.
    pub fn from_json(text: &str, shown: &str) -> Result<SavedPlan> {
        let value: Value = serde_json::from_str(text).map_err(|err| Error::Refused {
            message: format!(
                "{shown}:{}:{}: not a saved plan: {err}",
                err.line(),
                err.column()
            ),
            hint: Some("create one with `entra-schema plan --env ENV --out FILE`".into()),
        })?;
        let version = value.get("format_version").and_then(Value::as_str);
        if version
            .map(|v| v.split('.').next() != Some("1"))
            .unwrap_or(true)
        {
            return Err(Error::Refused {
                message: format!(
                    "{shown}: plan format_version {} is not supported (this tool reads {FORMAT_VERSION})",
                    version.unwrap_or("(missing)")
                ),
                hint: Some("make the plan again with this version of entra-schema".into()),
            });
        }
        serde_json::from_value(value).map_err(|err| Error::Refused {
            message: format!("{shown}: the saved plan is damaged: {err}"),
            hint: Some("make the plan again with `entra-schema plan --out`".into()),
        })
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Refuse to apply this plan to another environment or job, or with other change sets.
    pub fn check_target(&self, environment: &str, job: &str, changes_hash: &str) -> Result<()> {
        let refuse = |message: String| Error::Refused {
            message,
            hint: Some("make a new plan with `entra-schema plan --out`".into()),
        };
        if self.environment != environment {
            return Err(refuse(format!(
                "the plan was made for environment {:?}, not {environment:?}",
                self.environment
            )));
        }
        if self.job != job {
            return Err(refuse(format!(
                "the plan was made for job {:?}, but the environment now points at {job:?}",
                self.job
            )));
        }
        if self.changes_hash != changes_hash {
            return Err(refuse(
                "the change sets (or the environment's vars) changed since the plan was made"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Refuse when the tenant moved since the plan was made.
    pub fn check_base(&self, now: &Base) -> Result<()> {
        if &self.base == now {
            return Ok(());
        }
        let mut what = Vec::new();
        if self.base.version != now.version {
            what.push(format!(
                "version {} → {}",
                self.base.version.as_deref().unwrap_or("(none)"),
                now.version.as_deref().unwrap_or("(none)")
            ));
        }
        if self.base.fingerprint != now.fingerprint {
            what.push("its content changed".into());
        }
        Err(Error::StalePlan {
            message: format!(
                "the tenant's schema changed after the plan was made ({})",
                what.join("; ")
            ),
            hint: Some(
                "someone changed the schema (the portal, another run); review the new state with `entra-schema plan` and plan again".into(),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SavedPlan {
        SavedPlan {
            format_version: FORMAT_VERSION.into(),
            tool: "entra-schema test".into(),
            environment: "dev".into(),
            job: "API2AAD.x".into(),
            base: Base {
                fingerprint: "sha256:aa".into(),
                version: Some("v1".into()),
            },
            changes_hash: "sha256:cc".into(),
            patch: json_patch::Patch(vec![]),
            plan: Value::Null,
        }
    }

    #[test]
    fn saved_plan_round_trips() {
        let plan = sample();
        let back = SavedPlan::from_json(&plan.to_json(), "p.json").expect("parses");
        assert_eq!(back.base, plan.base);
        assert_eq!(back.job, "API2AAD.x");
    }

    #[test]
    fn plan_for_other_environment_is_refused() {
        let err = sample()
            .check_target("prod", "API2AAD.x", "sha256:cc")
            .expect_err("other env");
        assert!(err.to_string().contains("\"dev\""), "{err}");
        assert!(
            sample()
                .check_target("dev", "API2AAD.x", "sha256:dd")
                .is_err()
        );
        assert!(
            sample()
                .check_target("dev", "API2AAD.y", "sha256:cc")
                .is_err()
        );
        assert!(
            sample()
                .check_target("dev", "API2AAD.x", "sha256:cc")
                .is_ok()
        );
    }

    #[test]
    fn moved_tenant_makes_the_plan_stale() {
        let now = Base {
            fingerprint: "sha256:aa".into(),
            version: Some("v2".into()),
        };
        let err = sample().check_base(&now).expect_err("stale");
        assert!(err.to_string().contains("v1 → v2"), "{err}");
    }

    #[test]
    fn other_format_version_is_refused() {
        let err = SavedPlan::from_json(r#"{"format_version": "2.0"}"#, "p.json").expect_err("v2");
        assert!(err.to_string().contains("2.0"));
    }
}
