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

mod auth;

pub use auth::{Auth, DEFAULT_TOKEN_ENV, SecretRef};
use auth::{RawAuth, validate_auth};

/// The default Microsoft Graph endpoint (public cloud).
pub const DEFAULT_GRAPH: &str = "https://graph.microsoft.com";
/// The default Entra authority host (public cloud).
pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com";

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
    /// Tenant id or domain; empty for `token` and `managed-identity` when not given.
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

impl GraphSettings {
    /// The job's template id: `template`, or the part of the job id before its first `.`
    /// (`API2AAD.…` → `API2AAD`).
    pub fn template_id(&self) -> Option<&str> {
        self.template
            .as_deref()
            .or_else(|| self.job.as_deref().and_then(|job| job.split('.').next()))
    }
}

impl Environment {
    /// Read and validate `environments/<name>.yaml` in `workspace`.
    pub fn load(workspace: &Path, name: &str) -> Result<Environment> {
        if name.is_empty()
            || name.starts_with('.')
            || name.contains(['/', '\\'])
            || name.contains("..")
        {
            return Err(Error::Environment {
                name: name.to_string(),
                message: "is not an environment name".into(),
                hint: Some(
                    "name the file environments/NAME.yaml by its NAME, without a path".into(),
                ),
            });
        }
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
        let mut env = Environment::parse(name, &rel, &text)?;
        env.resolve_files(workspace);
        Ok(env)
    }

    /// Make relative credential files (`secretFile`, `certificateFile`, `tokenFile`) relative to
    /// the workspace, like every other path of the environment.
    fn resolve_files(&mut self, workspace: &Path) {
        let Tenant::Graph(settings) = &mut self.tenant else {
            return;
        };
        let resolve = |path: &mut PathBuf| {
            if path.is_relative() {
                *path = workspace.join(&*path);
            }
        };
        match &mut settings.auth {
            Auth::ClientSecret {
                secret: SecretRef::File(path),
                ..
            } => resolve(path),
            Auth::Certificate {
                certificate_file, ..
            } => resolve(certificate_file),
            Auth::WorkloadIdentity {
                token_file: Some(path),
                ..
            } => resolve(path),
            _ => {}
        }
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
    let auth = validate_auth(name, auth)?;
    // A bearer token or a managed identity already belongs to a tenant: `tenant` is optional
    // there (and empty when not given); every other method needs it to ask for a token.
    let tenant = match auth {
        Auth::Token { .. } | Auth::ManagedIdentity { .. } => raw.tenant.clone().unwrap_or_default(),
        _ => required("tenant", &raw.tenant)?,
    };
    Ok(Tenant::Graph(GraphSettings {
        tenant,
        service_principal,
        job: raw.job.clone(),
        template: raw.template.clone(),
        graph,
        api_version,
        authority,
        auth,
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
