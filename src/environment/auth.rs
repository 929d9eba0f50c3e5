//! The `auth` block of an environment: which credential to use and where its secret lives
//! (design.md §2, keys per `auth.method`). Refuses secrets written inline and keys that do not
//! belong to the chosen method. Reads no secret itself.

use std::path::PathBuf;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The environment variable `auth.method: token` reads when `tokenEnv` is not given.
pub const DEFAULT_TOKEN_ENV: &str = "ENTRA_SCHEMA_TOKEN";

/// How to obtain a token (design.md §2, keys per `auth.method`).
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    ClientSecret {
        client_id: String,
        secret: SecretRef,
    },
    Certificate {
        client_id: String,
        certificate_file: PathBuf,
        password_env: Option<String>,
    },
    ManagedIdentity {
        client_id: Option<String>,
    },
    WorkloadIdentity {
        client_id: String,
        token_file: Option<PathBuf>,
    },
    AzureCli,
    Token {
        token_env: String,
    },
}

/// Where a secret is read from; never the secret itself.
#[derive(Debug, Clone, PartialEq)]
pub enum SecretRef {
    Env(String),
    File(PathBuf),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct RawAuth {
    method: String,
    client_id: Option<String>,
    secret_env: Option<String>,
    secret_file: Option<PathBuf>,
    certificate_file: Option<PathBuf>,
    password_env: Option<String>,
    token_file: Option<PathBuf>,
    token_env: Option<String>,
    // Inline secrets: accepted by the parser only to be refused with a hint.
    secret: Option<serde::de::IgnoredAny>,
    client_secret: Option<serde::de::IgnoredAny>,
    password: Option<serde::de::IgnoredAny>,
    token: Option<serde::de::IgnoredAny>,
}

pub(super) fn validate_auth(name: &str, raw: &RawAuth) -> Result<Auth> {
    let err = |message: String, hint: &str| Error::Environment {
        name: name.to_string(),
        message,
        hint: Some(hint.to_string()),
    };
    let inline = [
        ("secret", raw.secret.is_some()),
        ("clientSecret", raw.client_secret.is_some()),
        ("password", raw.password.is_some()),
        ("token", raw.token.is_some()),
    ];
    if let Some((key, _)) = inline.iter().find(|(_, set)| *set) {
        return Err(err(
            format!("`auth.{key}`: secrets must not be written in an environment file"),
            "name an environment variable with `secretEnv` (or `passwordEnv`, `tokenEnv`), or a file with `secretFile`",
        ));
    }
    let client_id = |method: &str| -> Result<String> {
        raw.client_id
            .clone()
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| {
                err(
                    format!("auth method `{method}` needs `clientId`"),
                    "give the application (client) id",
                )
            })
    };
    let method = raw.method.as_str();
    let auth = match method {
        "client-secret" => {
            let secret = match (&raw.secret_env, &raw.secret_file) {
                (Some(env), None) => SecretRef::Env(env.clone()),
                (None, Some(file)) => SecretRef::File(file.clone()),
                _ => {
                    return Err(err(
                        "auth method `client-secret` needs exactly one of `secretEnv` and `secretFile`".into(),
                        "for example `secretEnv: ENTRA_DEV_CLIENT_SECRET`",
                    ));
                }
            };
            Auth::ClientSecret {
                client_id: client_id(method)?,
                secret,
            }
        }
        "certificate" => Auth::Certificate {
            client_id: client_id(method)?,
            certificate_file: raw.certificate_file.clone().ok_or_else(|| {
                err(
                    "auth method `certificate` needs `certificateFile`".into(),
                    "a PEM file holding the certificate and its private key",
                )
            })?,
            password_env: raw.password_env.clone(),
        },
        "managed-identity" => Auth::ManagedIdentity {
            client_id: raw.client_id.clone(),
        },
        "workload-identity" => Auth::WorkloadIdentity {
            client_id: client_id(method)?,
            token_file: raw.token_file.clone(),
        },
        "azure-cli" => Auth::AzureCli,
        "token" => Auth::Token {
            token_env: raw
                .token_env
                .clone()
                .unwrap_or_else(|| DEFAULT_TOKEN_ENV.into()),
        },
        other => {
            return Err(err(
                format!("unknown auth method `{other}`"),
                "use client-secret, certificate, managed-identity, workload-identity, azure-cli or token",
            ));
        }
    };
    let allowed: &[&str] = match method {
        "client-secret" => &["clientId", "secretEnv", "secretFile"],
        "certificate" => &["clientId", "certificateFile", "passwordEnv"],
        "managed-identity" => &["clientId"],
        "workload-identity" => &["clientId", "tokenFile"],
        "token" => &["tokenEnv"],
        _ => &[],
    };
    let given = [
        ("clientId", raw.client_id.is_some()),
        ("secretEnv", raw.secret_env.is_some()),
        ("secretFile", raw.secret_file.is_some()),
        ("certificateFile", raw.certificate_file.is_some()),
        ("passwordEnv", raw.password_env.is_some()),
        ("tokenFile", raw.token_file.is_some()),
        ("tokenEnv", raw.token_env.is_some()),
    ];
    if let Some((key, _)) = given.iter().find(|(k, set)| *set && !allowed.contains(k)) {
        return Err(err(
            format!("`auth.{key}` does not apply to auth method `{method}`"),
            "remove it, or change `auth.method`",
        ));
    }
    Ok(auth)
}
