//! azure_identity client options for an authority host (national clouds, local token endpoints).
//!
//! azure_identity accepts only `https://` authority hosts. For a loopback `http://` authority (a
//! local token endpoint; `environment` refuses any other http URL) the credential is given
//! `https://host:port` and a transport that sends those requests over plain http to the same host
//! and port. Requests to any other host pass through unchanged.

use std::sync::Arc;

use async_trait::async_trait;
use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::http::{AsyncRawResponse, ClientOptions, HttpClient, Request, Transport};
use url::Url;

use crate::graph::url_safety::is_loopback;

/// Options that make a credential talk to `authority` through `http`.
pub fn client_options(authority: &Url, http: reqwest::Client) -> ClientOptions {
    let mut options = ClientOptions::default();
    let mut custom = CustomConfiguration::default();
    let host = authority.host_str().unwrap_or_default().to_string();
    let port = authority.port_or_known_default().unwrap_or(80);
    if authority.scheme() == "http" && is_loopback(authority) {
        custom.authority_host = format!(
            "https://{}:{port}",
            authority.host().map(|h| h.to_string()).unwrap_or_default()
        );
        options.transport = Some(Transport::new(Arc::new(LoopbackHttp { http, host, port })));
    } else {
        custom.authority_host = authority.as_str().trim_end_matches('/').to_string();
        options.transport = Some(Transport::new(Arc::new(http)));
    }
    options.cloud = Some(Arc::new(CloudConfiguration::from(custom)));
    options
}

/// Sends `https://host:port` requests as `http://host:port` (loopback only).
#[derive(Debug)]
struct LoopbackHttp {
    http: reqwest::Client,
    host: String,
    port: u16,
}

#[async_trait]
impl HttpClient for LoopbackHttp {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let url = request.url();
        let same = url.host_str() == Some(self.host.as_str())
            && url.port_or_known_default() == Some(self.port);
        if url.scheme() != "https" || !same {
            return self.http.execute_request(request).await;
        }
        let mut rewritten = request.clone();
        let target = rewritten.url_mut();
        // Both are "special" schemes, so the change is always accepted; the port is kept explicit.
        let _ = target.set_scheme("http");
        let _ = target.set_port(Some(self.port));
        self.http.execute_request(&rewritten).await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn https_authority_is_used_as_is() {
        let url = Url::parse("https://login.microsoftonline.us/").unwrap();
        let options = client_options(&url, reqwest::Client::new());
        let Some(CloudConfiguration::Custom(c)) = options.cloud.as_deref() else {
            panic!("no custom cloud")
        };
        assert_eq!(c.authority_host, "https://login.microsoftonline.us");
    }

    #[test]
    fn loopback_http_authority_is_presented_as_https() {
        let url = Url::parse("http://127.0.0.1:4567").unwrap();
        let options = client_options(&url, reqwest::Client::new());
        let Some(CloudConfiguration::Custom(c)) = options.cloud.as_deref() else {
            panic!("no custom cloud")
        };
        assert_eq!(c.authority_host, "https://127.0.0.1:4567");
    }
}
