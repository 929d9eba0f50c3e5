//! Read-only checks against a real tenant. Compiled only with `--features live-tenant`, never in
//! CI:
//!
//! ```text
//! ENTRA_SCHEMA_LIVE_WORKSPACE=/path/to/workspace ENTRA_SCHEMA_LIVE_ENV=dev \
//!     cargo test --features live-tenant --test live_tenant
//! ```
//!
//! The environment's own `auth` block supplies the credentials. Only `pull` and `plan` run: they
//! read the schema (and, for changed expressions, call parseExpression); nothing is written to
//! the tenant. The backup lands in the workspace's `backups/`.
#![cfg(feature = "live-tenant")]

use assert_cmd::Command;

fn setting(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("set {name} to run the live-tenant tests"))
}

#[test]
fn pull_then_plan_against_a_live_tenant() {
    let workspace = setting("ENTRA_SCHEMA_LIVE_WORKSPACE");
    let env = setting("ENTRA_SCHEMA_LIVE_ENV");
    Command::cargo_bin("entra-schema")
        .expect("binary")
        .args(["-C", &workspace, "pull", "--env", &env])
        .assert()
        .success();
    let plan = Command::cargo_bin("entra-schema")
        .expect("binary")
        .args(["-C", &workspace, "plan", "--env", &env, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let plan: serde_json::Value = serde_json::from_slice(&plan).expect("JSON plan");
    assert_eq!(plan["format_version"], "1.0");
}
