//! The emulator's wire format: responses carrying `request-id` and `client-request-id` headers,
//! the Graph error envelope, and the Entra token endpoint (client secret or client assertion).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::State;

pub fn respond(status: u16, body: Option<Value>, client_request_id: Option<&str>) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let mut builder = Response::builder()
        .status(status)
        .header("request-id", &request_id)
        .header(
            "client-request-id",
            client_request_id.unwrap_or(&request_id),
        );
    let body = match body {
        Some(v) => {
            builder = builder.header("content-type", "application/json");
            let v = fill_request_id(v, &request_id);
            Body::from(serde_json::to_vec(&v).unwrap())
        }
        None => Body::empty(),
    };
    builder.body(body).unwrap()
}

fn fill_request_id(mut v: Value, request_id: &str) -> Value {
    if let Some(inner) = v.pointer_mut("/error/innerError") {
        inner["request-id"] = json!(request_id);
    }
    v
}

/// The Graph error envelope (request-id filled in by `respond`).
pub fn graph_error(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message, "innerError": {
        "date": "2026-01-01T00:00:00", "request-id": "", "client-request-id": ""}}})
}

/// The Entra token endpoint: client credentials (secret or assertion) → a new token each time.
pub fn token(state: &Arc<Mutex<State>>, method: &Method, body: &[u8]) -> Response {
    if method != Method::POST {
        return respond(405, None, None);
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(body).into_owned().collect();
    let mut s = state.lock().unwrap();
    let secret_ok = match (&s.client_secret, form.get("client_secret")) {
        (Some(expected), Some(given)) => expected == given,
        (None, Some(given)) => !given.is_empty(),
        (_, None) => form.contains_key("client_assertion"),
    };
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") || !secret_ok {
        let body = json!({"error": "invalid_client",
            "error_description": "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
            "error_codes": [7000215]});
        let mut r = respond(401, Some(body), None);
        *r.status_mut() = StatusCode::UNAUTHORIZED;
        return r;
    }
    s.tokens_issued += 1;
    let token = format!("emulator-token-{}", s.tokens_issued);
    respond(
        200,
        Some(
            json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token}),
        ),
        None,
    )
}
