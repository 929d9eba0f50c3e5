//! The Graph client for one service principal's synchronization jobs: GET and PUT a job schema,
//! list jobs and find one by template, and `parseExpression`.
//!
//! Every request carries a fresh `client-request-id`. 429/503/504 and connection failures are
//! retried under `RetryPolicy` (honouring `Retry-After`); a 401 is retried once with a fresh token.
//! Nothing here is specific to any one server: it speaks the documented Graph API only.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Instant, SystemTime};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use url::Url;

use crate::environment::GraphSettings;
use crate::error::{Error, Result};
use crate::graph::auth::TokenSource;
use crate::graph::envelope::graph_error;
use crate::graph::odata::strip_odata;
use crate::graph::retry::{RetryPolicy, is_retryable_status, parse_retry_after};
use crate::graph::url_safety::{check_transport, is_loopback};
use crate::schema::Document;

/// Where the jobs are: Graph base URL, API version and the service principal's object id.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphTarget {
    pub base: Url,
    pub api_version: String,
    pub service_principal: String,
}

impl GraphTarget {
    pub fn from_settings(settings: &GraphSettings) -> Self {
        GraphTarget {
            base: settings.graph.clone(),
            api_version: settings.api_version.clone(),
            service_principal: settings.service_principal.clone(),
        }
    }
}

/// A schema as fetched: the lossless document (parsed once, with its text form) and the
/// response's request-id.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub document: Document,
    pub request_id: Option<String>,
}

/// The useful part of a `parseExpression` answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedExpression {
    pub parsing_succeeded: bool,
    pub error: Option<String>,
    /// `parsedExpression`: an attributeMappingSource tree.
    pub tree: Option<Value>,
}

/// A reqwest client with the policy's connect, read and request timeouts; share it with `token_source`.
///
/// Redirects are not followed: a redirected PUT would silently turn into a GET, and a redirect
/// could send the schema or the token to a host nobody checked. `direct` (for loopback URLs)
/// bypasses any `HTTP_PROXY`, which would otherwise carry plain-http requests — token
/// included — to the proxy.
pub fn http_client(policy: &RetryPolicy, direct: bool) -> Result<reqwest::Client> {
    let builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    let builder = if direct { builder.no_proxy() } else { builder };
    builder
        .connect_timeout(policy.connect_timeout)
        .read_timeout(policy.read_timeout)
        .timeout(policy.request_timeout)
        .user_agent(concat!("entra-schema/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::Transport {
            url: String::new(),
            message: format!("cannot set up the HTTP client: {e}"),
            hint: None,
        })
}

/// The most pages of the jobs list that are read.
const MAX_PAGES: usize = 100;

/// The Graph client. See the module documentation for its guarantees.
pub struct GraphClient {
    http: reqwest::Client,
    target: GraphTarget,
    auth: Box<dyn TokenSource>,
    policy: RetryPolicy,
    sent: AtomicUsize,
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl GraphClient {
    pub fn new(
        target: GraphTarget,
        auth: Box<dyn TokenSource>,
        policy: RetryPolicy,
    ) -> Result<Self> {
        check_transport(&target.base).map_err(|message| Error::Transport {
            url: target.base.to_string(),
            message,
            hint: Some("use https://, or http:// only for a loopback host".into()),
        })?;
        let http = http_client(&policy, is_loopback(&target.base))?;
        Ok(GraphClient {
            http,
            target,
            auth,
            policy,
            sent: AtomicUsize::new(0),
        })
    }

    /// How many HTTP requests this client has sent (retries included; token requests excluded).
    pub fn requests_sent(&self) -> usize {
        self.sent.load(Ordering::Relaxed)
    }

    /// `GET …/jobs/{job}/schema`.
    pub async fn get_schema(&self, job: &str) -> Result<Fetched> {
        let url = self.url(&["jobs", job, "schema"]);
        let answer = self.send(Method::GET, url.clone(), None).await?;
        let shown = format!("the schema of job {job} (GET {})", url.path());
        let document = Document::parse(&answer.body, std::path::Path::new(&shown))?;
        Ok(Fetched {
            document,
            request_id: header(&answer.headers, "request-id"),
        })
    }

    /// `PUT …/jobs/{job}/schema` with the complete schema, `@odata.*` annotations removed.
    pub async fn put_schema(&self, job: &str, schema: &Value) -> Result<()> {
        let url = self.url(&["jobs", job, "schema"]);
        let body = serde_json::to_vec(&strip_odata(schema)).map_err(|e| Error::Transport {
            url: url.to_string(),
            message: format!("cannot serialise the schema: {e}"),
            hint: None,
        })?;
        self.send(Method::PUT, url, Some(body)).await.map(|_| ())
    }

    /// `GET …/synchronization/jobs`, following `@odata.nextLink` on the same host.
    pub async fn list_jobs(&self) -> Result<Vec<Value>> {
        let mut url = self.url(&["jobs"]);
        let mut jobs = Vec::new();
        let mut seen = std::collections::HashSet::new();
        loop {
            if !seen.insert(url.clone()) || seen.len() > MAX_PAGES {
                return Err(bad_response(
                    &url,
                    "the jobs list does not end (@odata.nextLink repeats a page or exceeds 100 pages)",
                ));
            }
            let answer = self.send(Method::GET, url.clone(), None).await?;
            let page = parse_json(&url, &answer.body)?;
            if let Some(values) = page.get("value").and_then(Value::as_array) {
                jobs.extend(values.iter().cloned());
            }
            match page.get("@odata.nextLink").and_then(Value::as_str) {
                Some(next) => {
                    let next = Url::parse(next)
                        .map_err(|e| bad_response(&url, &format!("bad @odata.nextLink: {e}")))?;
                    if next.origin() != self.target.base.origin() {
                        return Err(bad_response(
                            &url,
                            "@odata.nextLink points to another host; refusing to send the token there",
                        ));
                    }
                    url = next;
                }
                None => return Ok(jobs),
            }
        }
    }

    /// The id of the one job whose `templateId` is `template`; an error listing the jobs otherwise.
    pub async fn find_job(&self, template: &str) -> Result<String> {
        let jobs = self.list_jobs().await?;
        let template_of = |job: &Value| {
            job.get("templateId")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| {
                    job.get("id")
                        .and_then(Value::as_str)
                        .and_then(|id| id.split('.').next())
                        .map(str::to_string)
                })
        };
        let matching: Vec<&str> = jobs
            .iter()
            .filter(|j| template_of(j).as_deref() == Some(template))
            .filter_map(|j| j.get("id").and_then(Value::as_str))
            .collect();
        if let [one] = matching.as_slice() {
            return Ok((*one).to_string());
        }
        let found: Vec<String> = jobs
            .iter()
            .map(|j| {
                format!(
                    "{} (template {})",
                    j.get("id").and_then(Value::as_str).unwrap_or("?"),
                    template_of(j).unwrap_or_else(|| "?".into())
                )
            })
            .collect();
        let listing = if found.is_empty() {
            "none".to_string()
        } else {
            found.join(", ")
        };
        Err(Error::Refused {
            message: if matching.is_empty() {
                format!(
                    "no job with template {template} on service principal {}; jobs found: {listing}",
                    self.target.service_principal
                )
            } else {
                format!(
                    "{} jobs have template {template}; jobs found: {listing}",
                    matching.len()
                )
            },
            hint: Some("set `job:` to the job id in the environment file".into()),
        })
    }

    /// `POST …/jobs/{job}/schema/parseExpression` with `{"expression": …}`.
    pub async fn parse_expression(&self, job: &str, expression: &str) -> Result<ParsedExpression> {
        let url = self.url(&["jobs", job, "schema", "parseExpression"]);
        let body = serde_json::to_vec(&json!({ "expression": expression })).unwrap_or_default();
        let answer = self.send(Method::POST, url.clone(), Some(body)).await?;
        let value = parse_json(&url, &answer.body)?;
        let error = match value.get("error") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => Some(
                other
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| other.to_string()),
            ),
        };
        Ok(ParsedExpression {
            parsing_succeeded: value
                .get("parsingSucceeded")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            error,
            tree: value
                .get("parsedExpression")
                .filter(|v| !v.is_null())
                .cloned(),
        })
    }

    fn url(&self, tail: &[&str]) -> Url {
        let mut url = self.target.base.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty();
            segments.push(&self.target.api_version);
            segments.extend([
                "servicePrincipals",
                self.target.service_principal.as_str(),
                "synchronization",
            ]);
            segments.extend(tail);
        }
        url
    }

    async fn send(&self, method: Method, url: Url, body: Option<Vec<u8>>) -> Result<Answer> {
        let start = Instant::now();
        let mut attempts = 0u32;
        let mut refreshed = false;
        let mut fresh = false;
        loop {
            attempts += 1;
            let token = self.auth.token(fresh).await?;
            fresh = false;
            let client_request_id = uuid::Uuid::new_v4().to_string();
            let mut request = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose())
                .header("client-request-id", &client_request_id)
                .header("return-client-request-id", "true")
                .header(ACCEPT, "application/json");
            if let Some(body) = &body {
                request = request
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            self.sent.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(%method, path = url.path(), %client_request_id, attempt = attempts, "graph request");
            let failure = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(bytes) => {
                            tracing::debug!(status = status.as_u16(), %client_request_id, "graph response");
                            let answer = Answer {
                                status,
                                headers,
                                body: bytes.to_vec(),
                            };
                            if answer.status == StatusCode::UNAUTHORIZED && !refreshed {
                                refreshed = true;
                                fresh = true;
                                continue;
                            }
                            if !is_retryable_status(status.as_u16()) {
                                return finish(answer, &client_request_id);
                            }
                            let retry_after = header(&answer.headers, RETRY_AFTER.as_str())
                                .and_then(|v| parse_retry_after(&v, SystemTime::now()));
                            let wait = self.policy.delay(attempts, retry_after);
                            if !self.policy.may_retry(attempts, start.elapsed(), wait) {
                                return finish(answer, &client_request_id);
                            }
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        Err(e) => e,
                    }
                }
                Err(e) => e,
            };
            let wait = self.policy.delay(attempts, None);
            if !self.policy.may_retry(attempts, start.elapsed(), wait) {
                return Err(transport_error(
                    &url,
                    &failure,
                    attempts,
                    &client_request_id,
                ));
            }
            tracing::debug!(%client_request_id, error = %failure, "graph transport failure; retrying");
            tokio::time::sleep(wait).await;
        }
    }
}

fn finish(answer: Answer, client_request_id: &str) -> Result<Answer> {
    if answer.status.is_success() {
        Ok(answer)
    } else {
        let request_id = header(&answer.headers, "request-id");
        Err(graph_error(
            answer.status.as_u16(),
            request_id.as_deref(),
            Some(client_request_id),
            &answer.body,
        ))
    }
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn parse_json(url: &Url, bytes: &[u8]) -> Result<Value> {
    serde_json::from_slice(bytes)
        .map_err(|e| bad_response(url, &format!("the response is not valid JSON: {e}")))
}

fn bad_response(url: &Url, message: &str) -> Error {
    Error::Transport {
        url: url.to_string(),
        message: message.to_string(),
        hint: None,
    }
}

fn transport_error(
    url: &Url,
    error: &reqwest::Error,
    attempts: u32,
    client_request_id: &str,
) -> Error {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    if attempts > 1 {
        message.push_str(&format!(" (after {attempts} attempts)"));
    }
    message.push_str(&format!(" (client-request-id: {client_request_id})"));
    let hint = if error.is_timeout() {
        "Microsoft Graph did not answer in time; check the network or try again"
    } else {
        "check the network, a proxy, and `graph:` in the environment file"
    };
    Error::Transport {
        url: url.to_string(),
        message,
        hint: Some(hint.into()),
    }
}
