//! End-to-end runs of the real binary against the Graph emulator (`auth: {method: token}`,
//! `graph: http://127.0.0.1:PORT`): pull, plan, apply, saved plans and their refusals, job
//! discovery by template, `pull --all`, `validate` on backups, the client-secret credential, and
//! the number and kind of requests each command sends.
#![allow(clippy::unwrap_used)]

mod emulator;
mod graph_workspace;

use std::time::{Duration, Instant};

use emulator::Fault;
use graph_workspace::{
    GraphWorkspace, TOKEN, display_name_add_only, example_schema, run, without_annotations,
};

#[test]
fn pull_writes_the_backup_with_one_get() {
    let ws = GraphWorkspace::new();
    let (code, stdout, _) = run(ws.cmd().args(["pull", "--env", "dev"]));
    assert_eq!(code, 0);
    let backup = format!("backups/dev/{}.json", ws.job);
    assert!(stdout.contains(&backup), "{stdout}");
    assert_eq!(ws.since(0), ["GET schema"]);
    let text = ws.read(&backup);
    assert!(
        text.ends_with("}\n") && text.contains("\n  \"id\": "),
        "stable form"
    );
    assert!(!text.contains('\r'));
    let saved: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(without_annotations(&saved), ws.emu.schema(&ws.job));
}

#[test]
fn plan_sends_one_get_and_one_parse_expression_per_function_source() {
    let ws = GraphWorkspace::new();
    let (code, stdout, _) = run(ws
        .cmd()
        .args(["plan", "--env", "dev", "--detailed-exitcode"]));
    assert_eq!(code, 2);
    assert!(
        stdout.contains("Plan: 4 to add, 1 to change, 0 to remove."),
        "{stdout}"
    );
    assert!(stdout.contains("dev.contoso.example"), "vars substituted");
    // One Function source is added or changed (userPrincipalName): one parseExpression.
    assert_eq!(ws.since(0), ["GET schema", "POST parseExpression"]);
    let parse = &ws.graph_requests()[1];
    let body: serde_json::Value = serde_json::from_slice(&parse.body).unwrap();
    assert!(body["expression"].as_str().unwrap().starts_with("Join("));
    assert_eq!(parse.header("content-type"), Some("application/json"));
    assert_eq!(
        parse.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[test]
fn only_added_or_changed_function_sources_are_parsed_by_the_service() {
    let ws = GraphWorkspace::new();
    ws.write(
        "schemas/names.yaml",
        r#"version: 1
mappings:
  - rule: { source: API, target: Azure Active Directory }
    object: { source: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', target: User }
    set:
      - target: mailNickname
        source: 'Item(Split([userName], "@"), 1)'
      - target: displayName
        source: 'Join(" ", [name.givenName], [name.familyName])'
      - target: jobTitle
        source: 'Join(" ", [name.givenName], [name.familyName])'
"#,
    );
    ws.environment_full(
        "dev",
        &format!("job: {}", ws.job),
        "auth: { method: token }",
        &["schemas/example.yaml", "schemas/names.yaml"],
    );
    let (code, stdout, stderr) = run(ws.cmd().args(["plan", "--env", "dev"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Plan: 4 to add, 3 to change, 0 to remove."),
        "{stdout}"
    );
    // mailNickname keeps its expression (no tree is built); the Join is sent once for two
    // targets; userPrincipalName's expression is the other one.
    assert_eq!(
        ws.since(0),
        ["GET schema", "POST parseExpression", "POST parseExpression"]
    );
    let (code, _, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 0, "{stderr}");
    let mark = ws.mark();
    let (code, _, _) = run(ws
        .cmd()
        .args(["plan", "--env", "dev", "--detailed-exitcode"]));
    assert_eq!(code, 0);
    assert_eq!(ws.since(mark), ["GET schema"]);
}

#[test]
fn apply_rechecks_backs_up_puts_the_whole_schema_and_verifies() {
    let ws = GraphWorkspace::new();
    let before = ws.emu.schema(&ws.job);
    let (code, stdout, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Apply complete! 4 added, 1 changed, 0 removed."),
        "{stdout}"
    );
    assert_eq!(
        ws.since(0),
        [
            "GET schema",
            "POST parseExpression",
            "GET schema",
            "PUT schema",
            "GET schema"
        ]
    );
    ws.emu.assert_no_patch();
    assert!(ws.has_mapping(&ws.job, "employeeHireDate"));
    let put = &ws.graph_requests()[3];
    let sent = String::from_utf8(put.body.clone()).unwrap();
    assert!(!sent.contains("@odata."), "annotations are not sent back");
    // The backup holds the schema as it was before the change.
    let backups = ws.backups("dev");
    assert_eq!(backups.len(), 1);
    let backup: serde_json::Value =
        serde_json::from_str(&ws.read(backups[0].to_str().unwrap())).unwrap();
    assert_eq!(without_annotations(&backup), before);
    assert!(!ws.read(backups[0].to_str().unwrap()).contains(TOKEN));
}

#[test]
fn empty_plan_is_one_request_and_empty_apply_sends_no_put() {
    let ws = GraphWorkspace::new();
    let (code, _, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 0, "{stderr}");
    let mark = ws.mark();
    let (code, stdout, _) = run(ws
        .cmd()
        .args(["plan", "--env", "dev", "--detailed-exitcode"]));
    assert_eq!(
        code, 0,
        "applying the same change sets twice changes nothing"
    );
    assert!(stdout.contains("No changes"), "{stdout}");
    assert_eq!(ws.since(mark), ["GET schema"]);
    let mark = ws.mark();
    let (code, stdout, _) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("No changes"), "{stdout}");
    assert_eq!(ws.since(mark), ["GET schema"], "an empty plan never PUTs");
}

#[test]
fn apply_refuses_when_the_tenant_moved_since_the_plan() {
    let ws = GraphWorkspace::new();
    // The portal edit lands right after the plan's GET: the re-check sees another version and
    // another displayName mapping.
    ws.emu.portal_edit_changes(display_name_add_only);
    ws.emu.edit_in_portal_after_gets(&ws.job, 1);
    let (code, _, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("changed since the plan"), "{stderr}");
    assert!(stderr.contains("emulator-v1 → emulator-v2"), "{stderr}");
    let shown = stderr
        .split("Changes made in the tenant since the plan:")
        .nth(1)
        .unwrap_or_else(|| panic!("what changed is shown: {stderr}"));
    assert!(
        shown.contains("displayName") && shown.contains("ObjectAddOnly"),
        "{stderr}"
    );
    assert_eq!(
        ws.since(0),
        ["GET schema", "POST parseExpression", "GET schema"]
    );
    assert!(ws.backups("dev").is_empty(), "nothing is backed up");
    assert!(!ws.has_mapping(&ws.job, "employeeHireDate"));
}

#[test]
fn saved_plan_applies_with_get_put_get_and_holds_no_secret() {
    let ws = GraphWorkspace::new();
    let (code, _, stderr) = run(ws
        .cmd()
        .args(["plan", "--env", "dev", "--out", "plan.json"]));
    assert_eq!(code, 0, "{stderr}");
    let plan = ws.read("plan.json");
    assert!(!plan.contains(TOKEN), "plans hold no secrets");
    assert!(plan.contains(&ws.job));
    let mark = ws.mark();
    // No prompt (no terminal, no --auto-approve): the plan was reviewed when it was saved.
    let (code, stdout, stderr) = run(ws.cmd().args(["apply", "plan.json"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Apply complete!"), "{stdout}");
    assert_eq!(ws.since(mark), ["GET schema", "PUT schema", "GET schema"]);
    assert!(ws.has_mapping(&ws.job, "employeeHireDate"));
    let mark = ws.mark();
    let (code, _, _) = run(ws
        .cmd()
        .args(["plan", "--env", "dev", "--detailed-exitcode"]));
    assert_eq!(code, 0);
    assert_eq!(ws.since(mark), ["GET schema"]);
    // An empty saved plan: one GET, no PUT.
    run(ws
        .cmd()
        .args(["plan", "--env", "dev", "--out", "empty.json"]));
    let mark = ws.mark();
    let (code, stdout, stderr) = run(ws.cmd().args(["apply", "empty.json"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("No changes"), "{stdout}");
    assert_eq!(ws.since(mark), ["GET schema"]);
}

#[test]
fn saved_plan_is_refused_when_the_tenant_moved() {
    let ws = GraphWorkspace::new();
    run(ws
        .cmd()
        .args(["plan", "--env", "dev", "--out", "plan.json"]));
    ws.emu.portal_edit_changes(display_name_add_only);
    ws.emu.edit_in_portal(&ws.job);
    let mark = ws.mark();
    let (code, _, stderr) = run(ws.cmd().args(["apply", "plan.json"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("stale"), "{stderr}");
    assert!(stderr.contains("its content changed"), "{stderr}");
    assert_eq!(ws.since(mark), ["GET schema"]);
    assert!(!ws.has_mapping(&ws.job, "employeeHireDate"));
}

#[test]
fn saved_plan_is_refused_for_another_environment_job_or_change_sets() {
    let ws = GraphWorkspace::new();
    let other_job = ws.emu.add_job("API2AAD", example_schema());
    ws.environment("test", &format!("job: {other_job}"));
    run(ws
        .cmd()
        .args(["plan", "--env", "dev", "--out", "plan.json"]));
    let mark = ws.mark();

    let (code, _, stderr) = run(ws.cmd().args(["apply", "--env", "test", "plan.json"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("made for environment \"dev\""), "{stderr}");

    ws.environment("dev", &format!("job: {other_job}"));
    let (code, _, stderr) = run(ws.cmd().args(["apply", "plan.json"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("made for job"), "{stderr}");

    ws.environment("dev", &format!("job: {}", ws.job));
    let text = ws.read("schemas/example.yaml");
    ws.write(
        "schemas/example.yaml",
        &text.replace("ObjectAddOnly", "Always"),
    );
    let (code, _, stderr) = run(ws.cmd().args(["apply", "plan.json"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("change sets"), "{stderr}");
    assert!(
        ws.since(mark).iter().all(|r| r != "PUT schema"),
        "nothing was written"
    );
}

#[test]
fn environment_with_only_a_template_finds_its_job() {
    let ws = GraphWorkspace::new();
    ws.environment("dev", "template: API2AAD\napiVersion: beta");
    let (code, stdout, stderr) = run(ws.cmd().args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Apply complete!"), "{stdout}");
    assert_eq!(ws.since(0)[0], "GET jobs", "one jobs list, then the schema");
    assert_eq!(ws.since(0).iter().filter(|r| *r == "GET jobs").count(), 1);
    assert!(ws.has_mapping(&ws.job, "employeeHireDate"));
    assert_eq!(ws.backups("dev").len(), 1);
    assert!(
        ws.graph_requests()
            .iter()
            .all(|r| r.path.starts_with("/beta/servicePrincipals/")),
        "apiVersion: beta"
    );
}

#[test]
fn pull_all_reads_several_environments_concurrently() {
    let ws = GraphWorkspace::new();
    let jobs = [
        ws.job.clone(),
        ws.emu.add_job("API2AAD", example_schema()),
        ws.emu.add_job("API2AAD", example_schema()),
    ];
    for (name, job) in ["dev", "test", "prod"].iter().zip(&jobs) {
        ws.environment(name, &format!("job: {job}"));
    }
    // Each GET takes two seconds: one after the other, the three would take six.
    for _ in 0..3 {
        ws.emu.fault(Fault::Latency(Duration::from_secs(2)));
    }
    let start = Instant::now();
    let (code, stdout, stderr) = run(ws.cmd().args(["pull", "--all"]));
    let elapsed = start.elapsed();
    assert_eq!(code, 0, "{stderr}");
    for (name, job) in ["dev", "test", "prod"].iter().zip(&jobs) {
        assert!(stdout.contains(&format!("{name}: wrote backups/{name}/{job}.json")));
        assert_eq!(ws.backups(name).len(), 1);
    }
    assert_eq!(ws.since(0).len(), 3);
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    // --parallel bounds it: one at a time, the three take at least three latencies.
    for _ in 0..3 {
        ws.emu.fault(Fault::Latency(Duration::from_secs(1)));
    }
    let start = Instant::now();
    let (code, _, stderr) = run(ws.cmd().args(["pull", "--all", "--parallel", "1"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        start.elapsed() >= Duration::from_secs(3),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn validate_uses_the_latest_backup_and_warns_without_one() {
    let ws = GraphWorkspace::new();
    let (code, stdout, stderr) = run(ws.cmd().args(["validate", "--env", "dev"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("no backup"), "{stderr}");
    assert!(stdout.contains("no errors"), "{stdout}");
    // A reference to an object the schema does not have: unchecked without a backup...
    let text = ws.read("schemas/example.yaml");
    ws.write(
        "schemas/example.yaml",
        &text.replacen(
            "object: urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "object: urn:ietf:params:scim:schemas:extension:enterprise:2.0:Usr",
            1,
        ),
    );
    let (code, _, _) = run(ws.cmd().args(["validate", "--env", "dev"]));
    assert_eq!(code, 0);
    // ...and an error once `pull` wrote one.
    run(ws.cmd().args(["pull", "--env", "dev"]));
    let mark = ws.mark();
    let (code, _, stderr) = run(ws.cmd().args(["validate", "--env", "dev"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("schemas/example.yaml:"), "{stderr}");
    assert!(!stderr.contains("no backup"), "{stderr}");
    ws.write("schemas/example.yaml", &text);
    let (code, _, stderr) = run(ws.cmd().args(["validate", "--env", "dev"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("dev: valid"), "{stderr}");
    assert_eq!(ws.mark(), mark, "validate sends no request");
}

#[test]
fn client_secret_credential_gets_its_token_from_the_authority() {
    let ws = GraphWorkspace::new();
    let secret = "e2e-client-secret-NEVER-SHOWN-41b2";
    ws.emu.expect_client_secret(secret);
    ws.environment_with_auth(
        "dev",
        &format!("job: {}", ws.job),
        &format!(
            "auth: {{ method: client-secret, clientId: 22222222-0000-0000-0000-000000000001, secretEnv: E2E_SECRET }}\nauthority: {}",
            ws.emu.url()
        ),
    );
    let mut cmd = ws.cmd();
    cmd.env_remove("ENTRA_SCHEMA_TOKEN")
        .env("E2E_SECRET", secret);
    let (code, stdout, stderr) = run(cmd.args(["apply", "--env", "dev", "--auto-approve"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains(secret) && !stderr.contains(secret));
    assert!(ws.emu.tokens_issued() >= 1);
    let token_requests: Vec<_> = ws
        .emu
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/oauth2/v2.0/token"))
        .collect();
    assert!(
        token_requests[0]
            .path
            .starts_with(&format!("/{}", emulator::TENANT))
    );
    assert!(
        ws.graph_requests()
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer emulator-token-1")),
        "the credential's token is cached and used for every request"
    );
    for backup in ws.backups("dev") {
        assert!(!ws.read(backup.to_str().unwrap()).contains(secret));
    }

    // A wrong secret: Entra's AADSTS error, and no Graph request.
    let mut cmd = ws.cmd();
    cmd.env_remove("ENTRA_SCHEMA_TOKEN")
        .env("E2E_SECRET", "wrong");
    let mark = ws.mark();
    let (code, _, stderr) = run(cmd.args(["plan", "--env", "dev"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("AADSTS7000215"), "{stderr}");
    assert_eq!(ws.mark(), mark);
}

#[test]
fn expression_errors_are_found_before_any_request_and_without_a_backup() {
    let ws = GraphWorkspace::new();
    let text = ws.read("schemas/example.yaml");
    ws.write(
        "schemas/example.yaml",
        &text.replace("Join(\"@\", Item(", "Jion(\"@\", Item("),
    );
    // validate: no backup, yet the unknown function is an error.
    let (code, _, stderr) = run(ws.cmd().args(["validate", "--env", "dev"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("unknown function \"Jion\""), "{stderr}");
    assert!(stderr.contains("schemas/example.yaml:"), "{stderr}");
    // plan: refused before the first request (no GET, no parseExpression).
    let mark = ws.mark();
    let (code, _, stderr) = run(ws.cmd().args(["plan", "--env", "dev"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("did you mean \"Join\""), "{stderr}");
    assert_eq!(ws.since(mark), Vec::<String>::new(), "no request was sent");
}

#[test]
fn a_proxy_never_sees_requests_to_a_loopback_graph() {
    let ws = GraphWorkspace::new();
    // A "proxy" that would receive the plain-http requests, bearer token included.
    let proxy = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    proxy.set_nonblocking(true).expect("nonblocking");
    let proxy_url = format!("http://{}", proxy.local_addr().expect("addr"));
    let mut cmd = ws.cmd();
    cmd.env("HTTP_PROXY", &proxy_url)
        .env("http_proxy", &proxy_url)
        .env("ALL_PROXY", &proxy_url);
    let (code, _, stderr) = run(cmd.args(["pull", "--env", "dev"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        proxy.accept().is_err(),
        "the proxy received a connection: the token would have left the machine in clear"
    );
    assert_eq!(ws.since(0), ["GET schema"]);
}
