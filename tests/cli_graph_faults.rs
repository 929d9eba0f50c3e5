//! End-to-end runs of the real binary against a misbehaving Graph emulator: throttling, an
//! expired token, a Graph 400, and a PUT whose connection drops (once, or until the retries are
//! exhausted), after which the tool must say whether the change was applied.
#![allow(clippy::unwrap_used)]

mod emulator;
mod graph_workspace;

use std::time::{Duration, Instant};

use emulator::Fault;
use graph_workspace::{GraphWorkspace, display_name_add_only, run};

#[test]
fn throttled_request_is_retried_after_retry_after() {
    let ws = GraphWorkspace::new();
    ws.emu.fault(Fault::Throttle("1".into()));
    let start = Instant::now();
    let (code, stdout, stderr) = run(ws.cmd().args(["plan", "--env", "dev"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Plan: 4 to add"), "{stdout}");
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert_eq!(
        ws.since(0),
        ["GET schema", "GET schema", "POST parseExpression"]
    );
}

#[test]
fn expired_token_is_refreshed_once() {
    let ws = GraphWorkspace::new();
    ws.emu.fault(Fault::Unauthorized);
    let (code, _, stderr) = run(ws.cmd().args(["plan", "--env", "dev"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        ws.since(0),
        ["GET schema", "GET schema", "POST parseExpression"]
    );
}

#[test]
fn expired_credential_token_is_replaced_by_a_new_one() {
    let ws = GraphWorkspace::new();
    ws.environment_with_auth(
        "dev",
        &format!("job: {}", ws.job),
        &format!(
            "auth: {{ method: client-secret, clientId: 22222222-0000-0000-0000-000000000001, secretEnv: E2E_SECRET }}\nauthority: {}",
            ws.emu.url()
        ),
    );
    ws.emu.fault(Fault::Unauthorized);
    let mut cmd = ws.cmd();
    cmd.env("E2E_SECRET", "s3cret");
    let (code, _, stderr) = run(cmd.args(["plan", "--env", "dev"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(ws.emu.tokens_issued(), 2, "a new token after the 401");
    let auth: Vec<_> = ws
        .graph_requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        auth,
        [
            "Bearer emulator-token-1",
            "Bearer emulator-token-2",
            "Bearer emulator-token-2"
        ]
    );
}

#[test]
fn graph_400_is_shown_with_its_request_id_and_nothing_changes() {
    let ws = GraphWorkspace::new();
    ws.emu.fault_on(
        "PUT",
        Fault::Status(400, "BadRequest", "The schema is not valid.".into()),
    );
    let before = ws.emu.schema(&ws.job);
    let (code, _, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("Microsoft Graph answered 400 BadRequest: The schema is not valid."),
        "{stderr}"
    );
    let id = stderr
        .split("request-id: ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_default();
    assert!(
        uuid::Uuid::parse_str(id).is_ok(),
        "request-id shown: {stderr}"
    );
    assert!(stderr.contains("the schema was not changed"), "{stderr}");
    assert_eq!(ws.emu.schema(&ws.job), before);
    ws.emu.assert_no_patch();
}

#[test]
fn put_whose_connection_drops_once_is_retried() {
    let ws = GraphWorkspace::new();
    ws.emu.fault_on("PUT", Fault::DropConnection);
    let (code, stdout, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Apply complete!"), "{stdout}");
    assert_eq!(
        ws.since(0),
        [
            "GET schema",
            "POST parseExpression",
            "GET schema",
            "PUT schema",
            "PUT schema",
            "GET schema"
        ]
    );
    assert!(ws.has_mapping(&ws.job, "employeeHireDate"));
}

#[test]
fn put_whose_connection_keeps_dropping_says_the_change_was_not_applied() {
    let ws = GraphWorkspace::new();
    for _ in 0..5 {
        ws.emu.fault_on("PUT", Fault::DropConnection);
    }
    let (code, _, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("was NOT applied"), "{stderr}");
    assert!(stderr.contains("backups/dev/"), "{stderr}");
    assert!(!ws.has_mapping(&ws.job, "employeeHireDate"));
    assert_eq!(ws.since(0).last().map(String::as_str), Some("GET schema"));
}

#[test]
fn put_applied_before_the_connection_dropped_says_the_change_was_applied() {
    let ws = GraphWorkspace::new();
    for _ in 0..5 {
        ws.emu.fault_on("PUT", Fault::ApplyThenDrop);
    }
    let (code, stdout, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert!(stderr.contains("WAS applied"), "{stderr}");
    assert!(ws.has_mapping(&ws.job, "employeeHireDate"));
    // The read-back holds exactly the desired schema: that is the verification.
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Apply complete!"), "{stdout}");
    let requests = ws.since(0);
    assert_eq!(requests.iter().filter(|r| *r == "PUT schema").count(), 5);
    assert_eq!(requests.last().map(String::as_str), Some("GET schema"));
    assert_eq!(
        requests.iter().filter(|r| *r == "GET schema").count(),
        3,
        "plan, re-check, read-back"
    );
}

#[test]
fn put_refused_by_an_unavailable_service_says_whether_it_was_applied() {
    let ws = GraphWorkspace::new();
    for _ in 0..5 {
        ws.emu.fault_on("PUT", Fault::Unavailable(Some("0".into())));
    }
    let (code, _, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("503"), "{stderr}");
    assert!(stderr.contains("was NOT applied"), "{stderr}");
    assert!(!ws.has_mapping(&ws.job, "employeeHireDate"));
}

#[test]
fn schema_read_back_differently_fails_verification_and_names_the_backup() {
    let ws = GraphWorkspace::new();
    ws.emu.portal_edit_changes(display_name_add_only);
    ws.emu.fault_on("PUT", Fault::ApplyThenEdit);
    let (code, stdout, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 1);
    assert!(!stdout.contains("Apply complete!"), "{stdout}");
    assert!(stderr.contains("differs from what was sent"), "{stderr}");
    assert!(stderr.contains("displayName"), "{stderr}");
    assert!(stderr.contains("backups/dev/"), "{stderr}");
}

#[test]
fn missing_token_variable_is_an_error_before_any_request() {
    let ws = GraphWorkspace::new();
    let mut cmd = ws.cmd();
    cmd.env_remove("ENTRA_SCHEMA_TOKEN");
    let (code, _, stderr) = run(cmd.args(["plan", "--env", "dev"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("ENTRA_SCHEMA_TOKEN"), "{stderr}");
    assert!(ws.emu.requests().is_empty());
}

#[test]
fn failed_read_back_after_an_accepted_put_says_the_update_was_sent() {
    let ws = GraphWorkspace::new();
    let (code, _, stderr) = run(ws
        .cmd()
        .args(["plan", "--env", "dev", "--out", "plan.json"]));
    assert_eq!(code, 0, "{stderr}");
    // apply FILE: GET (re-check) and PUT pass, the verifying GET is refused.
    ws.emu.fault(Fault::Latency(Duration::ZERO));
    ws.emu.fault(Fault::Latency(Duration::ZERO));
    ws.emu.fault(Fault::Status(
        403,
        "Forbidden",
        "read access revoked".into(),
    ));
    let (code, _, stderr) = run(ws.cmd().args(["apply", "plan.json"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("the update was accepted"), "{stderr}");
    assert!(stderr.contains("backups/dev/"), "{stderr}");
    assert!(
        ws.has_mapping(&ws.job, "employeeHireDate"),
        "the PUT was stored"
    );
}
