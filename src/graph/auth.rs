//! Tokens for Microsoft Graph: the `TokenSource` the client asks before each request, and
//! `token_source`, which builds one from an environment's `auth` block through azure_identity 1.0
//! (client secret, certificate, managed identity, workload identity, Azure CLI) or a bearer token
//! read from an environment variable.
//!
//! azure_identity credentials cache their token and cannot be told to refresh it; after a 401 the
//! client asks for a `fresh` token and a new credential is built. Secrets are read from environment
//! variables or files here and nowhere else, and never appear in a message.

use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use azure_core::credentials::TokenCredential;
use azure_core::http::{ClientOptions, Transport};
use url::Url;

use crate::environment::{Auth, Environment, SecretRef};
use crate::error::{Error, Result};
use crate::graph::authority::client_options;

/// A secret string (token, client secret) whose `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Supplies bearer tokens to the Graph client.
#[async_trait]
pub trait TokenSource: Send + Sync {
    /// A token for Graph. `fresh` is true after a 401: a cached token must not be returned.
    async fn token(&self, fresh: bool) -> Result<Secret>;
}

/// A bearer token read from an environment variable (`auth.method: token`); re-read when a fresh
/// one is asked for, in case the caller has replaced it.
pub struct EnvToken {
    var: String,
}

impl EnvToken {
    pub fn new(var: impl Into<String>) -> Result<Self> {
        let source = EnvToken { var: var.into() };
        source.read()?;
        Ok(source)
    }

    fn read(&self) -> Result<Secret> {
        match std::env::var(&self.var) {
            Ok(v) if !v.trim().is_empty() => Ok(Secret::new(v.trim())),
            _ => Err(Error::Auth {
                message: format!("environment variable {} is not set or empty", self.var),
                hint: Some(format!(
                    "export {} with a bearer token for Microsoft Graph (e.g. `az account get-access-token --resource-type ms-graph`)",
                    self.var
                )),
            }),
        }
    }
}

#[async_trait]
impl TokenSource for EnvToken {
    async fn token(&self, _fresh: bool) -> Result<Secret> {
        self.read()
    }
}

type Factory = Box<dyn Fn() -> Result<Arc<dyn TokenCredential>> + Send + Sync>;

/// An azure_identity credential; rebuilt from its factory when a fresh token is needed.
pub struct CredentialSource {
    factory: Factory,
    current: Mutex<Arc<dyn TokenCredential>>,
    scope: String,
}

impl CredentialSource {
    /// `factory` builds the credential; `scope` is e.g. `https://graph.microsoft.com/.default`.
    pub fn new(factory: Factory, scope: String) -> Result<Self> {
        let current = Mutex::new(factory()?);
        Ok(CredentialSource {
            factory,
            current,
            scope,
        })
    }
}

#[async_trait]
impl TokenSource for CredentialSource {
    async fn token(&self, fresh: bool) -> Result<Secret> {
        let credential = {
            let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
            if fresh {
                *current = (self.factory)()?;
            }
            Arc::clone(&current)
        };
        let token = credential
            .get_token(&[self.scope.as_str()], None)
            .await
            .map_err(|e| auth_error(&e))?;
        Ok(Secret::new(token.token.secret()))
    }
}

/// An azure_core error as `Error::Auth`. Entra's `AADSTS…` text is kept: it names the problem.
pub fn auth_error(e: &azure_core::Error) -> Error {
    Error::Auth {
        message: e.to_string(),
        hint: Some("check tenant, auth.clientId and the credential; the AADSTS code above names the problem".into()),
    }
}

/// The `.default` scope of the Graph endpoint, e.g. `https://graph.microsoft.us/.default`.
pub fn graph_scope(graph: &Url) -> String {
    format!("{}/.default", graph.origin().ascii_serialization())
}

/// Build the token source an environment's `auth` block describes. `http` serves the token
/// requests too (it is also the Graph client's transport).
pub fn token_source(env: &Environment, http: reqwest::Client) -> Result<Box<dyn TokenSource>> {
    let settings = env.graph()?.clone();
    let scope = graph_scope(&settings.graph);
    let s = settings.clone();
    let factory: Factory = match &settings.auth {
        Auth::Token { token_env } => return Ok(Box::new(EnvToken::new(token_env.clone())?)),
        Auth::ClientSecret { client_id, secret } => {
            let secret = read_secret(secret)?;
            let client_id = client_id.clone();
            Box::new(move || {
                let options = azure_identity::ClientSecretCredentialOptions {
                    client_options: client_options(&s.authority, http.clone()),
                };
                let cred = azure_identity::ClientSecretCredential::new(
                    &s.tenant,
                    client_id.clone(),
                    azure_core::credentials::Secret::new(secret.expose().to_string()),
                    Some(options),
                )
                .map_err(|e| auth_error(&e))?;
                Ok(cred as Arc<dyn TokenCredential>)
            })
        }
        Auth::Certificate {
            client_id,
            certificate_file,
            password_env,
        } => crate::graph::certificate::factory(
            &s,
            client_id,
            certificate_file,
            password_env.as_deref(),
            http,
        )?,
        Auth::ManagedIdentity { client_id } => {
            let client_id = client_id.clone();
            Box::new(move || {
                let options = azure_identity::ManagedIdentityCredentialOptions {
                    user_assigned_id: client_id
                        .clone()
                        .map(azure_identity::UserAssignedId::ClientId),
                    client_options: plain_options(http.clone()),
                };
                let cred = azure_identity::ManagedIdentityCredential::new(Some(options))
                    .map_err(|e| auth_error(&e))?;
                Ok(cred as Arc<dyn TokenCredential>)
            })
        }
        Auth::WorkloadIdentity {
            client_id,
            token_file,
        } => crate::graph::federated::factory(&s, client_id, token_file.as_deref(), http)?,
        Auth::AzureCli => {
            let tenant = settings.tenant.clone();
            Box::new(move || {
                let options = azure_identity::AzureCliCredentialOptions {
                    tenant_id: Some(tenant.clone()),
                    ..Default::default()
                };
                let cred = azure_identity::AzureCliCredential::new(Some(options))
                    .map_err(|e| auth_error(&e))?;
                Ok(cred as Arc<dyn TokenCredential>)
            })
        }
    };
    Ok(Box::new(CredentialSource::new(factory, scope)?))
}

/// Client options that only swap in our HTTP client.
pub fn plain_options(http: reqwest::Client) -> ClientOptions {
    ClientOptions {
        transport: Some(Transport::new(Arc::new(http))),
        ..Default::default()
    }
}

/// Read a secret from the environment variable or file an environment names.
pub fn read_secret(secret: &SecretRef) -> Result<Secret> {
    match secret {
        SecretRef::Env(var) => match std::env::var(var) {
            Ok(v) if !v.trim().is_empty() => Ok(Secret::new(v.trim())),
            _ => Err(Error::Auth {
                message: format!("environment variable {var} (auth.secretEnv) is not set or empty"),
                hint: Some(format!("export {var} with the client secret")),
            }),
        },
        SecretRef::File(path) => read_secret_file(path, "auth.secretFile"),
    }
}

/// Read a secret file, trimming the trailing newline editors add.
pub fn read_secret_file(path: &Path, key: &str) -> Result<Secret> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Auth {
        message: format!("cannot read {} ({key}): {e}", path.display()),
        hint: None,
    })?;
    if text.trim().is_empty() {
        return Err(Error::Auth {
            message: format!("{} ({key}) is empty", path.display()),
            hint: None,
        });
    }
    Ok(Secret::new(text.trim()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints() {
        let s = Secret::new("eyJhbGciOi");
        assert_eq!(format!("{s} {s:?}"), "*** ***");
        assert_eq!(s.expose(), "eyJhbGciOi");
    }

    #[test]
    fn scope_follows_the_graph_endpoint() {
        let url = Url::parse("https://graph.microsoft.us/").unwrap();
        assert_eq!(graph_scope(&url), "https://graph.microsoft.us/.default");
    }
}
