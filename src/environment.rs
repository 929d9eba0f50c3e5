//! The `environments/<env>.yaml` model and its loader: where a tenant's job is, how to authenticate,
//! and which change sets apply (design.md §2).
//!
//! Loading validates everything that can be checked without the network: unknown keys, the keys each
//! `auth.method` needs, secrets written inline (refused), plain `http://` URLs to non-loopback hosts
//! (refused) and the API version. It never reads secrets: `graph::auth` does that when a token is needed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use url::Url;

use crate::error::{Error, Result};
use crate::graph::url_safety::check_transport;
use crate::location::{Location, snippet};

/// The default Microsoft Graph endpoint (public cloud).
pub const DEFAULT_GRAPH: &str = "https://graph.microsoft.com";
/// The default Entra authority host (public cloud).
pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com";
/// The environment variable `auth.method: token` reads when `tokenEnv` is not given.
pub const DEFAULT_TOKEN_ENV: &str = "ENTRA_SCHEMA_TOKEN";

/// One loaded, validated environment.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// The environment's name (the file stem).
    pub name: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// Where the schema lives.
    pub tenant: Tenant,
    /// Change-set files, relative to the workspace.
    pub changes: Vec<PathBuf>,
    /// Values substituted as `${name}` in change sets, in name order.
    pub vars: BTreeMap<String, String>,
}

/// Where an environment's schema lives.
#[derive(Debug, Clone, PartialEq)]
pub enum Tenant {
    /// A local schema document plays the tenant (path relative to the workspace).
    File(PathBuf),
    /// A provisioning job reached through Microsoft Graph.
    Graph(GraphSettings),
}

/// The Graph keys of an environment.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphSettings {
    pub tenant: String,
    pub service_principal: String,
    /// The job id, or `None` when it is to be found by `template`.
    pub job: Option<String>,
    pub template: Option<String>,
    pub graph: Url,
    /// `v1.0` or `beta`.
    pub api_version: String,
    pub authority: Url,
    pub auth: Auth,
}

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
struct RawEnvironment {
    tenant: Option<String>,
    service_principal: Option<String>,
    job: Option<String>,
    template: Option<String>,
    graph: Option<String>,
    api_version: Option<String>,
    auth: Option<RawAuth>,
    authority: Option<String>,
    file: Option<PathBuf>,
    #[serde(default)]
    changes: Vec<PathBuf>,
    #[serde(default)]
    vars: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawAuth {
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

impl Environment {
    /// Read and validate `environments/<name>.yaml` in `workspace`.
    pub fn load(workspace: &Path, name: &str) -> Result<Environment> {
        let rel = Path::new("environments").join(format!("{name}.yaml"));
        let path = workspace.join(&rel);
        let text = std::fs::read_to_string(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                let known = Environment::list(workspace).unwrap_or_default();
                Error::Environment {
                    name: name.to_string(),
                    message: format!("{} does not exist", rel.display()),
                    hint: Some(if known.is_empty() {
                        "create environments/<name>.yaml in the workspace (see README)".into()
                    } else {
                        format!("known environments: {}", known.join(", "))
                    }),
                }
            } else {
                Error::Read {
                    path: path.clone(),
                    source,
                }
            }
        })?;
        Environment::parse(name, &rel, &text)
    }

    /// The names of the environments in `workspace` (`environments/*.yaml`), sorted.
    pub fn list(workspace: &Path) -> Result<Vec<String>> {
        let dir = workspace.join("environments");
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(Error::Read { path: dir, source }),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| Error::Read {
                path: dir.clone(),
                source,
            })?;
            let path = entry.path();
            if path.is_file()
                && path.extension().is_some_and(|e| e == "yaml")
                && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
            {
                names.push(stem.to_string());
            }
        }
        names.sort();
        Ok(names)
    }

    /// Parse and validate the text of an environment file; `path` is used in messages only.
    pub fn parse(name: &str, path: &Path, text: &str) -> Result<Environment> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawEnvironment = serde_saphyr::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            Error::Yaml {
                location: Location::new(path, line, column),
                message: yaml_message(&e.to_string()),
                snippet: Some(snippet(text, line, column)).filter(|s| !s.is_empty()),
                hint: None,
            }
        })?;
        let tenant = validate(name, raw.file.clone(), &raw)?;
        Ok(Environment {
            name: name.to_string(),
            path: path.to_path_buf(),
            tenant,
            changes: raw.changes,
            vars: raw.vars,
        })
    }

    /// The Graph settings, or an error naming the environment when it is a local `file:` tenant.
    pub fn graph(&self) -> Result<&GraphSettings> {
        match &self.tenant {
            Tenant::Graph(g) => Ok(g),
            Tenant::File(file) => Err(Error::Environment {
                name: self.name.clone(),
                message: format!("is a local tenant ({}), not a Graph job", file.display()),
                hint: None,
            }),
        }
    }
}

/// serde_saphyr's message without its own `error: line L column C:` prefix (we print
/// `file:line:column` first).
fn yaml_message(full: &str) -> String {
    let first = full.lines().next().unwrap_or(full).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, message)) if position.contains("column") => message.to_string(),
        _ => first.to_string(),
    }
}

fn validate(name: &str, file: Option<PathBuf>, raw: &RawEnvironment) -> Result<Tenant> {
    let err = |message: String, hint: Option<&str>| Error::Environment {
        name: name.to_string(),
        message,
        hint: hint.map(str::to_string),
    };
    if let Some(file) = file {
        let graph_keys = [
            ("tenant", raw.tenant.is_some()),
            ("servicePrincipal", raw.service_principal.is_some()),
            ("job", raw.job.is_some()),
            ("template", raw.template.is_some()),
            ("graph", raw.graph.is_some()),
            ("apiVersion", raw.api_version.is_some()),
            ("auth", raw.auth.is_some()),
            ("authority", raw.authority.is_some()),
        ];
        let mixed: Vec<&str> = graph_keys
            .iter()
            .filter(|(_, s)| *s)
            .map(|(k, _)| *k)
            .collect();
        if !mixed.is_empty() {
            return Err(err(
                format!(
                    "`file:` is a local tenant, but the Graph keys {} are also given",
                    mixed.join(", ")
                ),
                Some("keep either `file:` or the Graph keys (tenant, servicePrincipal, job, auth)"),
            ));
        }
        return Ok(Tenant::File(file));
    }
    let required = |key: &str, value: &Option<String>| -> Result<String> {
        match value.as_deref().map(str::trim) {
            Some(v) if !v.is_empty() => Ok(v.to_string()),
            _ => Err(err(
                format!("`{key}` is required for a Graph environment"),
                Some(
                    "give tenant, servicePrincipal, job (or template) and auth, or `file:` for a local tenant",
                ),
            )),
        }
    };
    let tenant = required("tenant", &raw.tenant)?;
    let service_principal = required("servicePrincipal", &raw.service_principal)?;
    if raw.job.is_none() && raw.template.is_none() {
        return Err(err(
            "neither `job` nor `template` is given".into(),
            Some("give the job id, or `template: API2AAD` (for example) to find the job"),
        ));
    }
    let graph = url_key(name, "graph", raw.graph.as_deref().unwrap_or(DEFAULT_GRAPH))?;
    let authority = url_key(
        name,
        "authority",
        raw.authority.as_deref().unwrap_or(DEFAULT_AUTHORITY),
    )?;
    let api_version = raw.api_version.clone().unwrap_or_else(|| "v1.0".into());
    if api_version != "v1.0" && api_version != "beta" {
        return Err(err(
            format!("apiVersion `{api_version}` is not supported"),
            Some("use `v1.0` (the default) or `beta`"),
        ));
    }
    let Some(auth) = &raw.auth else {
        return Err(err(
            "`auth` is required for a Graph environment".into(),
            Some(
                "for example `auth: { method: azure-cli }`; see the authentication section of the README",
            ),
        ));
    };
    Ok(Tenant::Graph(GraphSettings {
        tenant,
        service_principal,
        job: raw.job.clone(),
        template: raw.template.clone(),
        graph,
        api_version,
        authority,
        auth: validate_auth(name, auth)?,
    }))
}

fn url_key(name: &str, key: &str, value: &str) -> Result<Url> {
    let url = Url::parse(value).map_err(|e| Error::Environment {
        name: name.to_string(),
        message: format!("`{key}` is not a valid URL ({value}): {e}"),
        hint: None,
    })?;
    check_transport(&url).map_err(|message| Error::Environment {
        name: name.to_string(),
        message: format!("`{key}`: {message}"),
        hint: Some("use https://, or http:// only for a loopback host such as 127.0.0.1".into()),
    })?;
    Ok(url)
}

fn validate_auth(name: &str, raw: &RawAuth) -> Result<Auth> {
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
