//! Workload identity federation: a federated token exchanged for a Graph token. On AKS (and
//! wherever a token file exists) the token is read from `auth.tokenFile` or
//! `AZURE_FEDERATED_TOKEN_FILE`; in GitHub Actions (job permission `id-token: write`) it is requested
//! from the runner's `ACTIONS_ID_TOKEN_REQUEST_URL` with audience `api://AzureADTokenExchange`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use azure_core::credentials::TokenCredential;
use azure_core::error::ErrorKind;
use azure_core::http::ClientMethodOptions;
use azure_identity::{
    ClientAssertion, ClientAssertionCredential, ClientAssertionCredentialOptions,
    WorkloadIdentityCredential, WorkloadIdentityCredentialOptions,
};

use crate::environment::GraphSettings;
use crate::error::{Error, Result};
use crate::graph::auth::{Secret, auth_error};
use crate::graph::authority::client_options;

type Factory = Box<dyn Fn() -> Result<Arc<dyn TokenCredential>> + Send + Sync>;

/// The credential factory for `auth.method: workload-identity`.
pub fn factory(
    settings: &GraphSettings,
    client_id: &str,
    token_file: Option<&Path>,
    http: reqwest::Client,
) -> Result<Factory> {
    let s = settings.clone();
    let client_id = client_id.to_string();
    let file: Option<PathBuf> = token_file
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("AZURE_FEDERATED_TOKEN_FILE").map(PathBuf::from));
    if let Some(file) = file {
        return Ok(Box::new(move || {
            let options = WorkloadIdentityCredentialOptions {
                credential_options: ClientAssertionCredentialOptions {
                    client_options: client_options(&s.authority, http.clone()),
                },
                client_id: Some(client_id.clone()),
                tenant_id: Some(s.tenant.clone()),
                token_file_path: Some(file.clone()),
            };
            let cred =
                WorkloadIdentityCredential::new(Some(options)).map_err(|e| auth_error(&e))?;
            Ok(cred as Arc<dyn TokenCredential>)
        }));
    }
    let (Ok(url), Ok(token)) = (
        std::env::var("ACTIONS_ID_TOKEN_REQUEST_URL"),
        std::env::var("ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
    ) else {
        return Err(Error::Auth {
            message: "workload identity found no federated token: no auth.tokenFile, no AZURE_FEDERATED_TOKEN_FILE, \
                      and not in a GitHub Actions job with an OIDC token"
                .into(),
            hint: Some("in GitHub Actions grant `permissions: id-token: write`; on AKS enable workload identity on the pod".into()),
        });
    };
    let assertion = GitHubOidc {
        http: http.clone(),
        url,
        token: Secret::new(token),
    };
    Ok(Box::new(move || {
        let options = ClientAssertionCredentialOptions {
            client_options: client_options(&s.authority, http.clone()),
        };
        let cred = ClientAssertionCredential::new(
            s.tenant.clone(),
            client_id.clone(),
            assertion.clone(),
            Some(options),
        )
        .map_err(|e| auth_error(&e))?;
        Ok(cred as Arc<dyn TokenCredential>)
    }))
}

/// Requests a GitHub Actions OIDC token to use as the client assertion.
#[derive(Clone)]
struct GitHubOidc {
    http: reqwest::Client,
    url: String,
    token: Secret,
}

impl std::fmt::Debug for GitHubOidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitHubOidc")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl ClientAssertion for GitHubOidc {
    async fn secret(
        &self,
        _options: Option<ClientMethodOptions<'_>>,
    ) -> azure_core::Result<String> {
        let fail = |m: String| azure_core::Error::with_message(ErrorKind::Credential, m);
        let response = self
            .http
            .get(&self.url)
            .query(&[("audience", "api://AzureADTokenExchange")])
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(|e| fail(format!("cannot request the GitHub OIDC token: {e}")))?;
        let status = response.status();
        let body: serde_json::Value = response
            .json()
            .await
            .map_err(|e| fail(format!("GitHub OIDC token response is not JSON: {e}")))?;
        match body.get("value").and_then(serde_json::Value::as_str) {
            Some(v) if status.is_success() => Ok(v.to_string()),
            _ => Err(fail(format!("GitHub OIDC token request answered {status}"))),
        }
    }
}
