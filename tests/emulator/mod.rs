//! A stateful Microsoft Graph emulator for tests: an axum server on 127.0.0.1:0 that answers the
//! synchronization endpoints as documented in docs/graph-sync-api.md (token endpoint, jobs list,
//! GET/PUT schema with a `version` bump and 204, PATCH answered 404 with the syncfabric
//! UnknownError, parseExpression), records every request, and injects faults on demand.
//!
//! Used by test files through `mod emulator;`. Not every test file uses every helper.
#![allow(dead_code, clippy::unwrap_used)]

mod expression;
mod validate;
mod wire;

use wire::{graph_error, respond};

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use serde_json::{Map, Value, json};

/// One request as the emulator saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// A fault served instead of (or before) the normal answer of the next Graph request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// 401 InvalidAuthenticationToken.
    Unauthorized,
    /// 429 with this `Retry-After` value.
    Throttle(String),
    /// 503 with an optional `Retry-After`.
    Unavailable(Option<String>),
    /// Wait this long, then answer normally.
    Latency(Duration),
    /// Start the response, then drop the connection mid-body (the request is not carried out).
    DropConnection,
    /// Carry the request out (a PUT is stored), then drop the connection mid-body: the client
    /// cannot tell whether it was applied.
    ApplyThenDrop,
    /// Carry the request out, then make the portal edit (`portal_edit_changes`) on its job: a
    /// service that stores something other than what it was sent.
    ApplyThenEdit,
    /// Answer with this status and Graph error code and message.
    Status(u16, &'static str, String),
}

#[derive(Default)]
struct State {
    service_principal: String,
    jobs: Vec<Value>,
    schemas: HashMap<String, Value>,
    versions: u64,
    requests: Vec<Recorded>,
    faults: VecDeque<Fault>,
    /// Faults for the next request with a given method (taken before `faults`).
    targeted: Vec<(String, Fault)>,
    tokens_issued: u64,
    client_secret: Option<String>,
    /// (job, GETs left): the portal edit happens right after that many more schema GETs.
    edit_after_gets: Option<(String, usize)>,
    /// What a portal edit does to the schema besides bumping `version` (nothing when unset).
    portal_edit: Option<Arc<PortalEdit>>,
}

type PortalEdit = dyn Fn(&mut Value) + Send + Sync;

/// A running emulator. Stops with the test's runtime (or, from `spawn`, with its own).
#[derive(Clone)]
pub struct Emulator {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    runtime: Option<Arc<tokio::runtime::Runtime>>,
}

pub const SP: &str = "11111111-2222-3333-4444-555555555555";
pub const TENANT: &str = "00000000-0000-0000-0000-00000000000a";

impl Emulator {
    /// For synchronous tests (e.g. running the binary with assert_cmd): start an emulator on a
    /// runtime of its own, which lives as long as the returned value and its clones.
    pub fn spawn() -> Emulator {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let mut emulator = runtime.block_on(Emulator::start());
        emulator.runtime = Some(Arc::new(runtime));
        emulator
    }

    /// Start an emulator with one service principal (`SP`) and no jobs.
    pub async fn start() -> Emulator {
        let state = Arc::new(Mutex::new(State {
            service_principal: SP.into(),
            ..State::default()
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let shared = state.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let state = shared.clone();
                async move { handle(state, method, uri, headers, body).await }
            },
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Emulator {
            addr,
            state,
            runtime: None,
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Add a job with this template and schema; returns the job id.
    pub fn add_job(&self, template: &str, schema: Value) -> String {
        let mut s = self.state.lock().unwrap();
        let n = s.jobs.len() + 1;
        let id = format!("{template}.{n:032x}.{TENANT}");
        s.jobs.push(json!({
            "id": id,
            "templateId": template,
            "schedule": {"expiration": null, "interval": "PT40M", "state": "Active"},
            "status": {"code": "Active"},
            "synchronizationJobSettings": []
        }));
        s.versions += 1;
        let version = format!("emulator-v{}", s.versions);
        s.schemas
            .insert(id.clone(), with_identity(&schema, &id, &version));
        id
    }

    /// The stored schema (as GET would return it, without annotations).
    pub fn schema(&self, job: &str) -> Value {
        self.state.lock().unwrap().schemas[job].clone()
    }

    /// Someone edited the job in the portal: the schema's `version` changes.
    pub fn edit_in_portal(&self, job: &str) {
        bump_version(&mut self.state.lock().unwrap(), job);
    }

    /// Someone edits the job in the portal right after the next `gets` GETs of its schema are
    /// answered: a plan that read the schema sees the old version, the re-check before PUT the new one.
    pub fn edit_in_portal_after_gets(&self, job: &str, gets: usize) {
        self.state.lock().unwrap().edit_after_gets = Some((job.to_string(), gets));
    }

    /// Portal edits (`edit_in_portal`, `edit_in_portal_after_gets`) also apply `edit` to the schema.
    pub fn portal_edit_changes(&self, edit: impl Fn(&mut Value) + Send + Sync + 'static) {
        self.state.lock().unwrap().portal_edit = Some(Arc::new(edit));
    }

    /// Queue a fault for the next Graph request (token requests are not affected).
    pub fn fault(&self, fault: Fault) {
        self.state.lock().unwrap().faults.push_back(fault);
    }

    /// Queue a fault for the next Graph request with this method (`"PUT"`, `"POST"`, ...).
    pub fn fault_on(&self, method: &str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .targeted
            .push((method.to_string(), fault));
    }

    /// Require this client secret at the token endpoint.
    pub fn expect_client_secret(&self, secret: &str) {
        self.state.lock().unwrap().client_secret = Some(secret.into());
    }

    pub fn tokens_issued(&self) -> u64 {
        self.state.lock().unwrap().tokens_issued
    }

    /// Panic when any request used PATCH (the service answers 404; the tool must never send it).
    pub fn assert_no_patch(&self) {
        let patches: Vec<String> = self
            .requests()
            .into_iter()
            .filter(|r| r.method == "PATCH")
            .map(|r| r.path)
            .collect();
        assert!(patches.is_empty(), "PATCH was sent to {patches:?}");
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }
}

fn bump_version(s: &mut State, job: &str) {
    s.versions += 1;
    let version = format!("emulator-v{}", s.versions);
    let mut schema = s.schemas[job].clone();
    if let Some(edit) = &s.portal_edit {
        edit(&mut schema);
    }
    s.schemas
        .insert(job.to_string(), with_identity(&schema, job, &version));
}

/// `schema` with `id` = job and `version` first, then its other keys in order (annotations dropped).
fn with_identity(schema: &Value, job: &str, version: &str) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(job));
    out.insert("version".into(), json!(version));
    if let Some(map) = schema.as_object() {
        for (k, v) in map {
            if k != "id" && k != "version" && !k.contains("@odata.") {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

async fn handle(
    state: Arc<Mutex<State>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let recorded = Recorded {
        method: method.to_string(),
        path: path.clone(),
        query: uri.query().map(str::to_string),
        headers: headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    v.to_str().unwrap_or_default().to_string(),
                )
            })
            .collect(),
        body: body.to_vec(),
    };
    let crid = recorded.header("client-request-id").map(str::to_string);
    let crid = crid.as_deref();
    state.lock().unwrap().requests.push(recorded.clone());
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();

    if let [_tenant, "oauth2", "v2.0", "token"] = segments.as_slice() {
        return wire::token(&state, &method, &body);
    }

    let fault = {
        let mut s = state.lock().unwrap();
        match s.targeted.iter().position(|(m, _)| m == method.as_str()) {
            Some(i) => Some(s.targeted.remove(i).1),
            None => s.faults.pop_front(),
        }
    };
    match fault {
        Some(Fault::Unauthorized) => {
            return respond(
                401,
                Some(graph_error(
                    "InvalidAuthenticationToken",
                    "Access token has expired or is not yet valid.",
                )),
                crid,
            );
        }
        Some(Fault::Throttle(after)) => {
            let mut r = respond(
                429,
                Some(graph_error("TooManyRequests", "Too many requests.")),
                crid,
            );
            r.headers_mut()
                .insert("retry-after", after.parse().unwrap());
            return r;
        }
        Some(Fault::Unavailable(after)) => {
            let mut r = respond(
                503,
                Some(graph_error("ServiceUnavailable", "Service unavailable.")),
                crid,
            );
            if let Some(after) = after {
                r.headers_mut()
                    .insert("retry-after", after.parse().unwrap());
            }
            return r;
        }
        Some(Fault::Latency(d)) => tokio::time::sleep(d).await,
        Some(Fault::DropConnection) => return dropped(),
        Some(Fault::ApplyThenDrop) => {
            let _ = route(&state, &method, &segments, &recorded, &body, crid);
            return dropped();
        }
        Some(Fault::ApplyThenEdit) => {
            let answer = route(&state, &method, &segments, &recorded, &body, crid);
            if let Some(job) = segments.get(5) {
                bump_version(&mut state.lock().unwrap(), job);
            }
            return answer;
        }
        Some(Fault::Status(status, code, message)) => {
            return respond(status, Some(graph_error(code, &message)), crid);
        }
        None => {}
    }
    route(&state, &method, &segments, &recorded, &body, crid)
}

/// A response that starts, then breaks off mid-body.
fn dropped() -> Response {
    let stream = futures::stream::iter(vec![
        Ok::<_, std::io::Error>(Bytes::from_static(b"{\"id\":")),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "dropped",
        )),
    ]);
    Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Body::from_stream(stream))
        .unwrap()
}

/// The normal answer to an authorized Graph request.
fn route(
    state: &Arc<Mutex<State>>,
    method: &Method,
    segments: &[&str],
    recorded: &Recorded,
    body: &Bytes,
    crid: Option<&str>,
) -> Response {
    let authorized = recorded
        .header("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .is_some_and(|t| !t.trim().is_empty());
    if !authorized {
        return respond(
            401,
            Some(graph_error(
                "InvalidAuthenticationToken",
                "Access token is empty.",
            )),
            crid,
        );
    }

    let (version, rest) = match segments.split_first() {
        Some((v, rest)) if *v == "v1.0" || *v == "beta" => (*v, rest),
        _ => {
            return respond(
                400,
                Some(graph_error("BadRequest", "Invalid version.")),
                crid,
            );
        }
    };
    let mut s = state.lock().unwrap();
    let sp_ok = matches!(rest, ["servicePrincipals", sp, "synchronization", ..] if *sp == s.service_principal);
    if !sp_ok {
        return respond(
            404,
            Some(graph_error(
                "Request_ResourceNotFound",
                "Resource does not exist.",
            )),
            crid,
        );
    }
    let sp = s.service_principal.clone();
    let context = |tail: &str| {
        format!(
            "https://graph.microsoft.com/{version}/$metadata#servicePrincipals('{sp}')/synchronization/{tail}"
        )
    };
    match (method, &rest[3..]) {
        (&Method::GET, ["jobs"]) => {
            let jobs = s.jobs.clone();
            respond(
                200,
                Some(json!({"@odata.context": context("jobs"), "value": jobs})),
                crid,
            )
        }
        (m, ["jobs", job, "schema", tail @ ..]) => {
            let job = job.to_string();
            if !s.schemas.contains_key(&job) {
                return respond(
                    404,
                    Some(graph_error(
                        "ResourceNotFound",
                        &format!("Job '{job}' was not found."),
                    )),
                    crid,
                );
            }
            match (m, tail) {
                (&Method::GET, []) => {
                    let mut out = Map::new();
                    out.insert(
                        "@odata.context".into(),
                        json!(context(&format!("jobs('{job}')/schema/$entity"))),
                    );
                    for (k, v) in s.schemas[&job].as_object().unwrap() {
                        if k == "directories" {
                            out.insert(
                                "directories@odata.context".into(),
                                json!(context(&format!("jobs('{job}')/schema/directories"))),
                            );
                        }
                        out.insert(k.clone(), v.clone());
                    }
                    if let Some((edit_job, left)) = s.edit_after_gets.as_mut()
                        && *edit_job == job
                    {
                        *left = left.saturating_sub(1);
                        if *left == 0 {
                            s.edit_after_gets = None;
                            bump_version(&mut s, &job);
                        }
                    }
                    respond(200, Some(Value::Object(out)), crid)
                }
                (&Method::PUT, []) | (&Method::POST, ["parseExpression"])
                    if !recorded
                        .header("content-type")
                        .is_some_and(|c| c.starts_with("application/json")) =>
                {
                    // INFERRED: Graph answers 415 to a JSON body sent with another media type.
                    respond(
                        415,
                        Some(graph_error(
                            "UnsupportedMediaType",
                            "The content type is not supported; use application/json.",
                        )),
                        crid,
                    )
                }
                (&Method::PUT, []) => {
                    let Ok(schema) = serde_json::from_slice::<Value>(body) else {
                        return respond(
                            400,
                            Some(graph_error(
                                "BadRequest",
                                "The request body is not valid JSON.",
                            )),
                            crid,
                        );
                    };
                    if let Err((status, code, message)) = validate::check(&schema) {
                        return respond(status, Some(graph_error(code, &message)), crid);
                    }
                    s.versions += 1;
                    let version = format!("emulator-v{}", s.versions);
                    s.schemas
                        .insert(job.clone(), with_identity(&schema, &job, &version));
                    respond(204, None, crid)
                }
                (&Method::PATCH, []) => {
                    let message = json!({"Message": format!(
                        "No HTTP resource was found that matches the request URI 'https://syncfabric.windowsazure.com/api/servicePrincipals('{sp}')/synchronization/jobs('{job}')/schema?api-version=2.0'.")});
                    respond(
                        404,
                        Some(graph_error("UnknownError", &message.to_string())),
                        crid,
                    )
                }
                (&Method::POST, ["parseExpression"]) => {
                    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
                    let Some(expression) = request.get("expression").and_then(Value::as_str) else {
                        return respond(
                            400,
                            Some(graph_error("BadRequest", "The expression is missing.")),
                            crid,
                        );
                    };
                    let answer = match expression::parse(expression) {
                        Ok(tree) => {
                            json!({"error": null, "evaluationSucceeded": false, "evaluationResult": [],
                                           "parsedExpression": tree, "parsingSucceeded": true})
                        }
                        // The shape of `error` on failure is INFERRED (a publicError-like object).
                        Err(message) => {
                            json!({"error": {"code": "ExpressionParsingFailed", "message": message},
                                               "evaluationSucceeded": false, "evaluationResult": null,
                                               "parsedExpression": null, "parsingSucceeded": false})
                        }
                    };
                    respond(200, Some(answer), crid)
                }
                _ => respond(
                    405,
                    Some(graph_error(
                        "BadRequest",
                        "The HTTP method is not allowed here.",
                    )),
                    crid,
                ),
            }
        }
        _ => {
            let segment = rest.last().copied().unwrap_or_default();
            let message = format!("Resource not found for the segment '{segment}'.");
            respond(400, Some(graph_error("BadRequest", &message)), crid)
        }
    }
}
