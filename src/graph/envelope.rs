//! The Graph error envelope `{"error":{"code","message","innerError":{"request-id","date"}}}` turned
//! into `crate::Error::Graph` with status, code, message, request-id and a hint.
//!
//! Provisioning-backend errors arrive as `UnknownError` whose `message` is itself JSON from
//! syncfabric (`{"Message":"No HTTP resource was found …"}`); that inner message is shown instead.
//! Pure: works on a status, a header value and body bytes.

use serde_json::Value;

use crate::error::Error;

/// Build the error for a non-success Graph response. `header_request_id` is the response's
/// `request-id` header, used when the body has none.
pub fn graph_error(
    status: u16,
    header_request_id: Option<&str>,
    client_request_id: Option<&str>,
    body: &[u8],
) -> Error {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    let code = error
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .unwrap_or("(no code)")
        .to_string();
    let raw_message = error.and_then(|e| e.get("message")).and_then(Value::as_str);
    let message = match raw_message {
        Some(m) => decode_nested(m),
        None if body.is_empty() => "(empty response body)".to_string(),
        None => {
            let text = String::from_utf8_lossy(body);
            let text: String = text.chars().take(300).collect();
            text.trim().to_string()
        }
    };
    let request_id = error
        .and_then(|e| e.get("innerError").or_else(|| e.get("innererror")))
        .and_then(|i| i.get("request-id"))
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .or(header_request_id.filter(|id| !id.is_empty()))
        .map(str::to_string);
    // Without the service's request-id (a gateway error, an empty body), the id this client sent
    // is what support can trace.
    let message = match (&request_id, client_request_id) {
        (None, Some(id)) => format!("{message} (client-request-id: {id})"),
        _ => message,
    };
    Error::Graph {
        status,
        code,
        message,
        request_id,
        hint: hint(status).map(str::to_string),
    }
}

/// A message that is itself a JSON object with `Message` (syncfabric) yields that text;
/// any other message is returned unchanged.
fn decode_nested(message: &str) -> String {
    let trimmed = message.trim();
    if !trimmed.starts_with('{') {
        return message.to_string();
    }
    match serde_json::from_str::<Value>(trimmed) {
        Ok(inner) => [
            "Message",
            "message",
            "error_description",
            "ExceptionMessage",
        ]
        .iter()
        .find_map(|k| inner.get(*k).and_then(Value::as_str))
        .map(str::to_string)
        .unwrap_or_else(|| message.to_string()),
        Err(_) => message.to_string(),
    }
}

fn hint(status: u16) -> Option<&'static str> {
    Some(match status {
        401 => "the token was refused: check the tenant, the client id and the credential",
        403 => {
            "the identity lacks permission: reading needs Synchronization.Read.All (or Application.ReadWrite.OwnedBy), \
             writing needs Synchronization.ReadWrite.All (or Application.ReadWrite.OwnedBy as owner)"
        }
        404 => {
            "check `servicePrincipal` (the object id of the service principal) and `job` in the environment"
        }
        406 => {
            "Graph enum values are case-sensitive on write (FlowWhenChanged, not flowWhenChanged)"
        }
        429 | 503 | 504 => "Microsoft Graph is throttling or unavailable; try again later",
        _ => return None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn envelope_gives_status_code_message_and_request_id() {
        let body = br#"{"error":{"code":"BadRequest","message":"Target attribute mail is mapped twice","innerError":{"request-id":"rid-1","date":"2026-01-01T00:00:00"}}}"#;
        let err = graph_error(400, Some("header-rid"), None, body);
        assert_eq!(
            err.to_string(),
            "Microsoft Graph answered 400 BadRequest: Target attribute mail is mapped twice (request-id: rid-1)"
        );
    }

    #[test]
    fn unknown_error_with_json_message_is_decoded() {
        let body = br#"{"error":{"code":"UnknownError","message":"{\"Message\":\"No HTTP resource was found that matches the request URI 'https://syncfabric.windowsazure.com/api/x'.\"}","innerError":{"request-id":"rid-2"}}}"#;
        let Error::Graph { code, message, .. } = graph_error(404, None, None, body) else {
            panic!("not a Graph error");
        };
        assert_eq!(code, "UnknownError");
        assert!(
            message.starts_with("No HTTP resource was found"),
            "{message}"
        );
    }

    #[test]
    fn non_json_body_is_shown_and_header_request_id_used() {
        let err = graph_error(502, Some("hdr"), None, b"<html>Bad Gateway</html>");
        let text = err.to_string();
        assert!(
            text.contains("Bad Gateway") && text.contains("request-id: hdr"),
            "{text}"
        );
    }

    #[test]
    fn enum_case_rejection_gets_a_hint() {
        let err = graph_error(406, None, None, b"");
        assert!(err.hint().unwrap_or_default().contains("case-sensitive"));
    }

    #[test]
    fn without_a_request_id_the_client_request_id_is_shown() {
        let err = graph_error(502, None, Some("c-r-id"), b"");
        assert!(
            err.to_string().contains("client-request-id: c-r-id"),
            "{err}"
        );
        let body = br#"{"error":{"code":"X","message":"m","innerError":{"request-id":""}}}"#;
        let err = graph_error(500, Some("from-header"), Some("c-r-id"), body);
        assert!(err.to_string().contains("request-id: from-header"), "{err}");
        assert!(!err.to_string().contains("c-r-id"), "{err}");
    }
}
