//! The library's Graph client against the emulator over real HTTP: schema GET/PUT, jobs,
//! parseExpression, retries (429, 503, dropped connections, timeouts), 401 with a fresh token,
//! Graph error envelopes, and a real azure_identity ClientSecretCredential at the token endpoint.

#![allow(clippy::unwrap_used)]

mod emulator;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use emulator::{Emulator, Fault, SP};
use entra_schema::Error;
use entra_schema::environment::Environment;
use entra_schema::graph::{
    GraphClient, GraphTarget, RetryPolicy, Secret, TokenSource, http_client, token_source,
};
use serde_json::{Value, json};

fn schema() -> Value {
    json!({
        "@odata.context": "ignored",
        "id": "x",
        "version": "old",
        "synchronizationRules": [{
            "id": "rule-1", "name": "USER_INBOUND_USER", "sourceDirectoryName": "API",
            "targetDirectoryName": "Azure Active Directory", "editable": true, "priority": 1, "metadata": [],
            "objectMappings": [{
                "name": "Provision API users", "sourceObjectName": "User", "targetObjectName": "User",
                "enabled": true, "flowTypes": "Add, Update, Delete", "metadata": [], "scope": null,
                "attributeMappings": [{
                    "defaultValue": null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged",
                    "flowType": "Always", "matchingPriority": 1, "targetAttributeName": "employeeId",
                    "source": {"expression": "[externalId]", "name": "externalId", "parameters": [], "type": "Attribute"}
                }]
            }]
        }],
        "directories": [{
            "id": "d1", "name": "API", "discoverabilities": "AttributeNames, AttributeDataTypes",
            "objects": [{"name": "User", "metadata": [], "supportedApis": [], "attributes": [
                {"name": "externalId", "type": "String", "mutability": "ReadWrite", "anchor": true},
                {"name": "userName", "type": "String", "mutability": "ReadWrite", "anchor": false}
            ]}]
        }]
    })
}

/// Hands out `token-1`, `token-2`, … and records whether each call asked for a fresh token.
#[derive(Default)]
struct CountingTokens {
    calls: Mutex<Vec<bool>>,
}

#[async_trait]
impl TokenSource for &'static CountingTokens {
    async fn token(&self, fresh: bool) -> entra_schema::Result<Secret> {
        let mut calls = self.calls.lock().unwrap();
        if fresh || calls.is_empty() {
            calls.push(fresh);
        }
        Ok(Secret::new(format!("token-{}", calls.len())))
    }
}

fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        max_total: Duration::from_secs(20),
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(5),
    }
}

fn target(emu: &Emulator) -> GraphTarget {
    GraphTarget {
        base: emu.url().parse().unwrap(),
        api_version: "v1.0".into(),
        service_principal: SP.into(),
    }
}

fn client_with(emu: &Emulator, policy: RetryPolicy) -> (GraphClient, &'static CountingTokens) {
    let tokens: &'static CountingTokens = Box::leak(Box::default());
    (
        GraphClient::new(target(emu), Box::new(tokens), policy).unwrap(),
        tokens,
    )
}

fn client(emu: &Emulator) -> GraphClient {
    client_with(emu, fast_policy()).0
}

fn graph_requests(emu: &Emulator) -> Vec<emulator::Recorded> {
    emu.requests()
        .into_iter()
        .filter(|r| !r.path.ends_with("/token"))
        .collect()
}

#[tokio::test]
async fn get_schema_returns_the_document_and_request_id() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let fetched = client(&emu).get_schema(&job).await.unwrap();
    assert_eq!(fetched.document.root["id"], json!(job));
    assert!(
        fetched.document.root.get("@odata.context").is_some(),
        "annotations are kept on GET"
    );
    assert!(fetched.request_id.is_some());
    let req = &graph_requests(&emu)[0];
    assert_eq!(req.method, "GET");
    assert_eq!(
        req.path,
        format!("/v1.0/servicePrincipals/{SP}/synchronization/jobs/{job}/schema")
    );
    assert_eq!(req.header("authorization"), Some("Bearer token-1"));
}

#[tokio::test]
async fn put_then_get_shows_stored_body_and_bumped_version() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let client = client(&emu);
    let before = client.get_schema(&job).await.unwrap().document.root;
    let mut desired = before.clone();
    desired["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]
        .as_array_mut()
        .unwrap()
        .push(json!({"defaultValue": null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged",
                     "flowType": "Always", "matchingPriority": 0, "targetAttributeName": "userPrincipalName",
                     "source": {"expression": "[userName]", "name": "userName", "parameters": [], "type": "Attribute"}}));
    client.put_schema(&job, &desired).await.unwrap();

    let put = graph_requests(&emu)
        .into_iter()
        .find(|r| r.method == "PUT")
        .unwrap();
    let sent = String::from_utf8(put.body.clone()).unwrap();
    assert!(
        !sent.contains("@odata."),
        "annotations must not be sent: {sent}"
    );
    assert_eq!(put.header("content-type"), Some("application/json"));
    assert!(
        sent.starts_with(&format!("{{\"id\":\"{job}\",\"version\":")),
        "key order kept: {sent}"
    );

    let after = client.get_schema(&job).await.unwrap().document.root;
    assert_ne!(after["version"], before["version"]);
    assert_eq!(
        after["synchronizationRules"],
        desired["synchronizationRules"]
    );
    assert_eq!(after["directories"], desired["directories"]);
}

#[tokio::test]
async fn patch_is_never_sent() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let client = client(&emu);
    let current = client.get_schema(&job).await.unwrap().document.root;
    client.put_schema(&job, &current).await.unwrap();
    client.list_jobs().await.unwrap();
    client
        .parse_expression(&job, "Trim([userName])")
        .await
        .unwrap();
    let methods: Vec<String> = graph_requests(&emu)
        .iter()
        .map(|r| r.method.clone())
        .collect();
    assert_eq!(methods, ["GET", "PUT", "GET", "POST"]);
    assert_eq!(client.requests_sent(), 4);
}

#[tokio::test]
async fn every_request_carries_its_own_client_request_id() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    emu.fault(Fault::Throttle("0".into()));
    let client = client(&emu);
    client.get_schema(&job).await.unwrap();
    client.get_schema(&job).await.unwrap();
    let ids: Vec<String> = graph_requests(&emu)
        .iter()
        .map(|r| {
            r.header("client-request-id")
                .expect("client-request-id")
                .to_string()
        })
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(ids.iter().all(|id| uuid::Uuid::parse_str(id).is_ok()));
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
}

#[tokio::test]
async fn throttled_request_is_retried_after_retry_after() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    emu.fault(Fault::Throttle("1".into()));
    let client = client(&emu);
    let start = Instant::now();
    client.get_schema(&job).await.unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was not honoured"
    );
    assert_eq!(graph_requests(&emu).len(), 2);
}

#[tokio::test]
async fn throttling_gives_up_after_the_attempt_cap() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    for _ in 0..6 {
        emu.fault(Fault::Throttle("0".into()));
    }
    let policy = RetryPolicy {
        max_attempts: 3,
        ..fast_policy()
    };
    let err = client_with(&emu, policy)
        .0
        .get_schema(&job)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Graph { status: 429, .. }), "{err}");
    assert_eq!(graph_requests(&emu).len(), 3);
}

#[tokio::test]
async fn service_unavailable_is_retried_with_backoff() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    emu.fault(Fault::Unavailable(None));
    emu.fault(Fault::Unavailable(Some("0".into())));
    client(&emu).get_schema(&job).await.unwrap();
    assert_eq!(graph_requests(&emu).len(), 3);
}

#[tokio::test]
async fn dropped_connection_is_retried() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    emu.fault(Fault::DropConnection);
    let fetched = client(&emu).get_schema(&job).await.unwrap();
    assert_eq!(fetched.document.root["id"], json!(job));
    assert_eq!(graph_requests(&emu).len(), 2);
}

#[tokio::test]
async fn slow_answer_times_out_and_is_retried() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    emu.fault(Fault::Latency(Duration::from_secs(3)));
    let policy = RetryPolicy {
        request_timeout: Duration::from_millis(300),
        ..fast_policy()
    };
    let start = Instant::now();
    client_with(&emu, policy).0.get_schema(&job).await.unwrap();
    assert!(start.elapsed() < Duration::from_secs(3));
    assert_eq!(graph_requests(&emu).len(), 2);
}

#[tokio::test]
async fn unreachable_graph_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let tokens: &'static CountingTokens = Box::leak(Box::default());
    let target = GraphTarget {
        base: format!("http://{addr}").parse().unwrap(),
        api_version: "v1.0".into(),
        service_principal: SP.into(),
    };
    let policy = RetryPolicy {
        max_attempts: 2,
        ..fast_policy()
    };
    let err = GraphClient::new(target, Box::new(tokens), policy)
        .unwrap()
        .get_schema("j")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err}");
    assert!(err.to_string().contains("after 2 attempts"), "{err}");
    // No service answered, so the id this client sent is what can be traced.
    assert!(err.to_string().contains("client-request-id: "), "{err}");
}

#[tokio::test]
async fn unauthorized_is_retried_once_with_a_fresh_token() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    emu.fault(Fault::Unauthorized);
    let (client, tokens) = client_with(&emu, fast_policy());
    client.get_schema(&job).await.unwrap();
    assert_eq!(*tokens.calls.lock().unwrap(), [false, true]);
    let auth: Vec<String> = graph_requests(&emu)
        .iter()
        .map(|r| r.header("authorization").unwrap().to_string())
        .collect();
    assert_eq!(auth, ["Bearer token-1", "Bearer token-2"]);
}

#[tokio::test]
async fn second_unauthorized_is_an_error_without_the_token() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    emu.fault(Fault::Unauthorized);
    emu.fault(Fault::Unauthorized);
    let err = client(&emu).get_schema(&job).await.unwrap_err();
    assert!(matches!(err, Error::Graph { status: 401, .. }), "{err}");
    assert!(!err.report().contains("token-"), "{}", err.report());
    assert_eq!(graph_requests(&emu).len(), 2);
}

#[tokio::test]
async fn graph_400_is_shown_with_its_request_id() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let mut twice = schema();
    let mappings = &mut twice["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"];
    let first = mappings[0].clone();
    mappings.as_array_mut().unwrap().push(first);
    let err = client(&emu).put_schema(&job, &twice).await.unwrap_err();
    let Error::Graph {
        status,
        code,
        message,
        request_id,
        ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!((*status, code.as_str()), (400, "BadRequest"));
    assert!(message.contains("employeeId"), "{message}");
    assert!(request_id.as_deref().is_some_and(|id| !id.is_empty()));
    assert!(
        err.to_string()
            .contains(&format!("request-id: {}", request_id.as_deref().unwrap()))
    );
}

#[tokio::test]
async fn undefined_source_attribute_is_refused_by_put() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let mut bad = schema();
    bad["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["source"]["name"] =
        json!("nope");
    let err = client(&emu).put_schema(&job, &bad).await.unwrap_err();
    assert!(err.to_string().contains("'nope' must exist"), "{err}");
}

#[tokio::test]
async fn enum_in_wrong_case_is_refused_with_406_and_a_hint() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let mut bad = schema();
    bad["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["flowBehavior"] =
        json!("flowWhenChanged");
    let err = client(&emu).put_schema(&job, &bad).await.unwrap_err();
    assert!(matches!(err, Error::Graph { status: 406, .. }), "{err}");
    assert!(err.hint().unwrap().contains("case-sensitive"));
}

#[tokio::test]
async fn patch_answer_unknown_error_has_its_json_message_decoded() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let url = format!(
        "{}/v1.0/servicePrincipals/{SP}/synchronization/jobs/{job}/schema",
        emu.url()
    );
    let response = reqwest::Client::new()
        .patch(url)
        .bearer_auth("t")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let request_id = response.headers()["request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let body = response.bytes().await.unwrap();
    let err = entra_schema::graph::envelope::graph_error(404, Some(&request_id), None, &body);
    let Error::Graph {
        code,
        message,
        request_id: rid,
        ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(code, "UnknownError");
    assert!(
        message.starts_with(
            "No HTTP resource was found that matches the request URI 'https://syncfabric"
        ),
        "{message}"
    );
    assert_eq!(rid.as_deref(), Some(request_id.as_str()));
}

#[tokio::test]
async fn jobs_are_listed_and_found_by_template() {
    let emu = Emulator::start().await;
    let inbound = emu.add_job("API2AAD", schema());
    let onprem = emu.add_job("API2AD", schema());
    let client = client(&emu);
    let jobs = client.list_jobs().await.unwrap();
    assert_eq!(jobs.len(), 2);
    assert_eq!(client.find_job("API2AD").await.unwrap(), onprem);
    assert_eq!(client.find_job("API2AAD").await.unwrap(), inbound);
    let err = client.find_job("Workday").await.unwrap_err().to_string();
    assert!(
        err.contains("no job with template Workday") && err.contains(&onprem),
        "{err}"
    );
    emu.add_job("API2AAD", schema());
    let err = client.find_job("API2AAD").await.unwrap_err().to_string();
    assert!(err.contains("2 jobs have template API2AAD"), "{err}");
}

#[tokio::test]
async fn parse_expression_returns_the_service_tree() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let client = client(&emu);
    let parsed = client
        .parse_expression(&job, r#"Replace([preferredLanguage], "-", , , "_", ,  )"#)
        .await
        .unwrap();
    assert!(parsed.parsing_succeeded);
    assert_eq!(parsed.error, None);
    let tree = parsed.tree.unwrap();
    assert_eq!(tree["name"], "Replace");
    let keys: Vec<&str> = tree["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["source", "Find", "Replacement"]);
    let post = graph_requests(&emu).pop().unwrap();
    assert!(post.path.ends_with("/schema/parseExpression"));
    assert_eq!(
        serde_json::from_slice::<Value>(&post.body).unwrap()["expression"],
        r#"Replace([preferredLanguage], "-", , , "_", ,  )"#
    );

    let failed = client
        .parse_expression(&job, "Jion([userName]")
        .await
        .unwrap();
    assert!(!failed.parsing_succeeded);
    assert!(failed.error.is_some() && failed.tree.is_none());
}

#[tokio::test]
async fn portal_edit_changes_the_version_seen_by_the_next_get() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let client = client(&emu);
    let planned = client.get_schema(&job).await.unwrap().document.root["version"].clone();
    emu.edit_in_portal(&job);
    let now = client.get_schema(&job).await.unwrap().document.root["version"].clone();
    assert_ne!(planned, now);
}

#[tokio::test]
async fn portal_edit_between_plan_and_apply_is_visible_to_the_recheck() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    emu.edit_in_portal_after_gets(&job, 1);
    let client = client(&emu);
    let planned = client.get_schema(&job).await.unwrap().document.root["version"].clone();
    let recheck = client.get_schema(&job).await.unwrap().document.root["version"].clone();
    let third = client.get_schema(&job).await.unwrap().document.root["version"].clone();
    assert_ne!(planned, recheck);
    assert_eq!(recheck, third, "one edit only");
}

#[tokio::test]
async fn parse_expression_trees_use_the_service_keys() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let client = client(&emu);
    let keys = |tree: &Value| -> Vec<String> {
        tree["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["key"].as_str().unwrap().to_string())
            .collect()
    };
    let iif = client
        .parse_expression(
            &job,
            r#"IIF(BitAnd([userAccountControl], 2)="0", "True", "False")"#,
        )
        .await
        .unwrap()
        .tree
        .unwrap();
    assert_eq!(keys(&iif), ["one", "two", "three", "four", "five"]);
    assert_eq!(keys(&iif["parameters"][0]["value"]), ["left", "right"]);
    assert_eq!(iif["parameters"][1]["value"]["name"], "=");
    assert_eq!(
        iif["parameters"][2]["value"],
        json!({"expression": "\"0\"", "name": "0", "parameters": [], "type": "Constant"})
    );

    let join = client
        .parse_expression(
            &job,
            r#"Join("@", [userName], [emails[type eq "work"].value])"#,
        )
        .await
        .unwrap()
        .tree
        .unwrap();
    assert_eq!(keys(&join), ["separator", "source", "source"]);
    assert_eq!(
        join["parameters"][2]["value"]["name"],
        r#"emails[type eq "work"].value"#
    );

    let mid = client
        .parse_expression(&job, "Mid([userPrincipalName], 1, 8)")
        .await
        .unwrap()
        .tree
        .unwrap();
    assert_eq!(mid["expression"], "Mid([userPrincipalName], 1, 8)");
    assert_eq!(mid["parameters"][1]["value"]["expression"], "\"1\"");

    let attribute = client
        .parse_expression(&job, "[mail]")
        .await
        .unwrap()
        .tree
        .unwrap();
    assert_eq!(
        attribute,
        json!({"expression": "[mail]", "name": "mail", "parameters": [], "type": "Attribute"})
    );

    let unknown = client
        .parse_expression(&job, "Frobnicate([mail])")
        .await
        .unwrap();
    assert!(!unknown.parsing_succeeded && unknown.error.unwrap().contains("Frobnicate"));
}

#[test]
fn spawned_emulator_serves_synchronous_tests() {
    let emu = Emulator::spawn();
    let job = emu.add_job("API2AAD", schema());
    let url = format!(
        "{}/v1.0/servicePrincipals/{SP}/synchronization/jobs/{job}/schema",
        emu.url()
    );
    let text = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            reqwest::Client::new()
                .get(url)
                .bearer_auth("t")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        })
    })
    .join()
    .unwrap();
    assert!(text.contains(&job));
}

#[test]
fn plain_http_to_a_remote_graph_is_refused() {
    let tokens: &'static CountingTokens = Box::leak(Box::default());
    let target = GraphTarget {
        base: "http://graph.microsoft.com".parse().unwrap(),
        api_version: "v1.0".into(),
        service_principal: SP.into(),
    };
    let err = GraphClient::new(target, Box::new(tokens), RetryPolicy::default())
        .err()
        .unwrap();
    assert!(err.to_string().contains("not loopback"), "{err}");
}

fn workspace_with(env_yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("environments")).unwrap();
    std::fs::write(dir.path().join("environments/dev.yaml"), env_yaml).unwrap();
    dir
}

#[tokio::test]
async fn client_secret_credential_obtains_tokens_from_the_token_endpoint() {
    let emu = Emulator::start().await;
    emu.expect_client_secret("s3cret-value");
    let job = emu.add_job("API2AAD", schema());
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("secret.txt");
    std::fs::write(&secret_file, "s3cret-value\n").unwrap();
    let ws = workspace_with(&format!(
        "tenant: {tenant}\nservicePrincipal: {SP}\njob: {job}\ngraph: {url}\nauthority: {url}\n\
         auth:\n  method: client-secret\n  clientId: 22222222-0000-0000-0000-000000000000\n  secretFile: {file}\n",
        tenant = emulator::TENANT,
        url = emu.url(),
        file = secret_file.display()
    ));
    let env = Environment::load(ws.path(), "dev").unwrap();
    let policy = fast_policy();
    let source = token_source(&env, http_client(&policy, true).unwrap()).unwrap();
    let client = GraphClient::new(
        GraphTarget::from_settings(env.graph().unwrap()),
        source,
        policy,
    )
    .unwrap();
    client.get_schema(&job).await.unwrap();
    client.get_schema(&job).await.unwrap();
    assert_eq!(emu.tokens_issued(), 1, "the credential caches its token");

    emu.fault(Fault::Unauthorized);
    client.get_schema(&job).await.unwrap();
    assert_eq!(emu.tokens_issued(), 2, "a 401 builds a new credential");

    let requests = emu.requests();
    let token_req = requests
        .iter()
        .find(|r| r.path.ends_with("/oauth2/v2.0/token"))
        .unwrap();
    assert_eq!(
        token_req.path,
        format!("/{}/oauth2/v2.0/token", emulator::TENANT)
    );
    let form = String::from_utf8(token_req.body.clone()).unwrap();
    assert!(
        form.contains("grant_type=client_credentials")
            && form.contains(&format!("scope={}", "http%3A%2F%2F127.0.0.1")),
        "{form}"
    );
    let auth: Vec<&str> = graph_requests(&emu)
        .iter()
        .map(|r| r.header("authorization").unwrap().to_string())
        .collect::<Vec<_>>()
        .leak()
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(
        auth,
        [
            "Bearer emulator-token-1",
            "Bearer emulator-token-1",
            "Bearer emulator-token-1",
            "Bearer emulator-token-2"
        ]
    );
}

#[tokio::test]
async fn wrong_client_secret_shows_the_entra_error() {
    let emu = Emulator::start().await;
    emu.expect_client_secret("right");
    let job = emu.add_job("API2AAD", schema());
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("secret.txt");
    std::fs::write(&secret_file, "wrong").unwrap();
    let ws = workspace_with(&format!(
        "tenant: {tenant}\nservicePrincipal: {SP}\njob: {job}\ngraph: {url}\nauthority: {url}\n\
         auth: {{ method: client-secret, clientId: c, secretFile: {file} }}\n",
        tenant = emulator::TENANT,
        url = emu.url(),
        file = secret_file.display()
    ));
    let env = Environment::load(ws.path(), "dev").unwrap();
    let policy = fast_policy();
    let source = token_source(&env, http_client(&policy, true).unwrap()).unwrap();
    let client = GraphClient::new(
        GraphTarget::from_settings(env.graph().unwrap()),
        source,
        policy,
    )
    .unwrap();
    let err = client.get_schema(&job).await.unwrap_err();
    let report = err.report();
    assert!(matches!(err, Error::Auth { .. }), "{report}");
    assert!(report.contains("AADSTS7000215"), "{report}");
    assert!(
        !report.contains("wrong"),
        "the secret must not be shown: {report}"
    );
}

#[tokio::test]
async fn token_method_works_against_a_local_graph() {
    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    // Cargo sets CARGO_PKG_NAME for test processes; it stands in for ENTRA_SCHEMA_TOKEN here.
    let ws = workspace_with(&format!(
        "tenant: t\nservicePrincipal: {SP}\ntemplate: API2AAD\ngraph: {url}\nauth: {{ method: token, tokenEnv: CARGO_PKG_NAME }}\n",
        url = emu.url()
    ));
    let env = Environment::load(ws.path(), "dev").unwrap();
    let policy = fast_policy();
    let source = token_source(&env, http_client(&policy, true).unwrap()).unwrap();
    let client = GraphClient::new(
        GraphTarget::from_settings(env.graph().unwrap()),
        source,
        policy,
    )
    .unwrap();
    let found = client.find_job("API2AAD").await.unwrap();
    assert_eq!(found, job);
    client.get_schema(&found).await.unwrap();
    assert!(
        graph_requests(&emu)
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer entra-schema"))
    );
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/auth")
        .join(name)
}

fn pem_der(label: &str) -> Vec<u8> {
    use base64::Engine;
    let text = std::fs::read_to_string(fixture("test-certificate.pem")).unwrap();
    let begin = format!("-----BEGIN {label}-----");
    let start = text.find(&begin).unwrap() + begin.len();
    let stop = start + text[start..].find("-----END").unwrap();
    let body: String = text[start..stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

#[tokio::test]
async fn certificate_signs_a_client_assertion_the_token_endpoint_accepts() {
    use aws_lc_rs::signature::{
        KeyPair, RSA_PKCS1_2048_8192_SHA256, RsaKeyPair, UnparsedPublicKey,
    };
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let emu = Emulator::start().await;
    let job = emu.add_job("API2AAD", schema());
    let ws = workspace_with(&format!(
        "tenant: {tenant}\nservicePrincipal: {SP}\njob: {job}\ngraph: {url}\nauthority: {url}\n\
         auth: {{ method: certificate, clientId: app-1, certificateFile: {file} }}\n",
        tenant = emulator::TENANT,
        url = emu.url(),
        file = fixture("test-certificate.pem").display()
    ));
    let env = Environment::load(ws.path(), "dev").unwrap();
    let policy = fast_policy();
    let source = token_source(&env, http_client(&policy, true).unwrap()).unwrap();
    let client = GraphClient::new(
        GraphTarget::from_settings(env.graph().unwrap()),
        source,
        policy,
    )
    .unwrap();
    client.get_schema(&job).await.unwrap();
    assert_eq!(emu.tokens_issued(), 1);

    let token_req = emu
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/token"))
        .unwrap();
    let form: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(&token_req.body)
            .into_owned()
            .collect();
    assert_eq!(form["client_id"], "app-1");
    assert_eq!(
        form["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    let jwt: Vec<&str> = form["client_assertion"].split('.').collect();
    assert_eq!(jwt.len(), 3);
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(jwt[0]).unwrap()).unwrap();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(jwt[1]).unwrap()).unwrap();
    let cert_sha256 =
        aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &pem_der("CERTIFICATE"));
    assert_eq!(header["alg"], "RS256");
    assert_eq!(
        header["x5t#S256"],
        json!(URL_SAFE_NO_PAD.encode(cert_sha256))
    );
    assert_eq!(
        (claims["iss"].as_str(), claims["sub"].as_str()),
        (Some("app-1"), Some("app-1"))
    );
    assert_eq!(
        claims["aud"],
        json!(format!(
            "{}/{}/oauth2/v2.0/token",
            emu.url(),
            emulator::TENANT
        ))
    );

    let key = RsaKeyPair::from_pkcs8(&pem_der("PRIVATE KEY")).unwrap();
    let public = UnparsedPublicKey::new(
        &RSA_PKCS1_2048_8192_SHA256,
        key.public_key().as_ref().to_vec(),
    );
    let signature = URL_SAFE_NO_PAD.decode(jwt[2]).unwrap();
    public
        .verify(format!("{}.{}", jwt[0], jwt[1]).as_bytes(), &signature)
        .expect("valid RS256 signature");
}

#[test]
fn password_protected_certificate_is_refused_with_a_hint() {
    let ws = workspace_with(&format!(
        "tenant: t\nservicePrincipal: sp\njob: j\nauth: {{ method: certificate, clientId: c, certificateFile: {}, passwordEnv: CERT_PASSWORD }}\n",
        fixture("test-certificate.pem").display()
    ));
    let env = Environment::load(ws.path(), "dev").unwrap();
    let err = token_source(&env, reqwest::Client::new()).err().unwrap();
    assert!(
        err.report().contains("passwordEnv") && err.report().contains("openssl"),
        "{}",
        err.report()
    );
}

#[test]
fn pkcs12_certificate_is_refused_with_the_conversion_command() {
    let ws = workspace_with(&format!(
        "tenant: t\nservicePrincipal: sp\njob: j\nauth: {{ method: certificate, clientId: c, certificateFile: {} }}\n",
        fixture("test-certificate.p12").display()
    ));
    let env = Environment::load(ws.path(), "dev").unwrap();
    let err = token_source(&env, reqwest::Client::new()).err().unwrap();
    assert!(err.report().contains("openssl pkcs12"), "{}", err.report());
}

/// A server whose jobs list never ends: every page links to itself.
async fn endless_jobs_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let page = format!("{url}/v1.0/servicePrincipals/{SP}/synchronization/jobs");
    let app = axum::Router::new().route(
        "/v1.0/servicePrincipals/{sp}/synchronization/jobs",
        axum::routing::get(move || {
            let page = page.clone();
            async move { axum::Json(json!({"value": [], "@odata.nextLink": page})) }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn a_jobs_list_that_never_ends_is_refused() {
    let url = endless_jobs_server().await;
    let tokens: &'static CountingTokens = Box::leak(Box::default());
    let target = GraphTarget {
        base: url.parse().unwrap(),
        api_version: "v1.0".into(),
        service_principal: SP.into(),
    };
    let err = GraphClient::new(target, Box::new(tokens), fast_policy())
        .unwrap()
        .list_jobs()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("does not end"), "{err}");
}
