//! Loading `environments/<env>.yaml`: Graph and local-file tenants, defaults, the keys each auth
//! method takes, and the refusals (inline secrets, plain http, unknown keys and versions).

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use entra_schema::Error;
use entra_schema::environment::{Auth, Environment, SecretRef, Tenant};

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("environments")).unwrap();
    for (name, text) in files {
        std::fs::write(
            dir.path().join("environments").join(format!("{name}.yaml")),
            text,
        )
        .unwrap();
    }
    dir
}

fn load(text: &str) -> entra_schema::Result<Environment> {
    let ws = workspace(&[("dev", text)]);
    Environment::load(ws.path(), "dev")
}

const GRAPH_ENV: &str = "\
tenant: 00000000-0000-0000-0000-000000000000
servicePrincipal: 11111111-0000-0000-0000-000000000000
job: API2AAD.b16687d38faf42adb29892cdcaf01c6e.00000000-0000-0000-0000-000000000000
auth:
  method: client-secret
  clientId: 22222222-0000-0000-0000-000000000000
  secretEnv: ENTRA_DEV_CLIENT_SECRET
changes: [schemas/hr-inbound.yaml]
vars: { upnDomain: dev.contoso.com }
";

#[test]
fn graph_environment_loads_with_public_cloud_defaults() {
    let env = load(GRAPH_ENV).unwrap();
    assert_eq!(env.name, "dev");
    assert_eq!(env.path, Path::new("environments/dev.yaml"));
    assert_eq!(env.changes, [PathBuf::from("schemas/hr-inbound.yaml")]);
    assert_eq!(env.vars["upnDomain"], "dev.contoso.com");
    let g = env.graph().unwrap();
    assert_eq!(g.graph.as_str(), "https://graph.microsoft.com/");
    assert_eq!(g.authority.as_str(), "https://login.microsoftonline.com/");
    assert_eq!(g.api_version, "v1.0");
    assert_eq!(
        g.auth,
        Auth::ClientSecret {
            client_id: "22222222-0000-0000-0000-000000000000".into(),
            secret: SecretRef::Env("ENTRA_DEV_CLIENT_SECRET".into()),
        }
    );
}

#[test]
fn local_file_environment_needs_no_graph_keys() {
    let env =
        load("file: environments/example/schema.json\nchanges: [schemas/example.yaml]\n").unwrap();
    assert_eq!(
        env.tenant,
        Tenant::File("environments/example/schema.json".into())
    );
    assert!(env.graph().is_err());
}

#[test]
fn file_and_graph_keys_together_are_refused() {
    let err = load("file: s.json\ntenant: t\n").unwrap_err();
    assert!(err.to_string().contains("Graph keys tenant"), "{err}");
}

#[test]
fn every_auth_method_takes_its_documented_keys() {
    let base = "tenant: t\nservicePrincipal: sp\ntemplate: API2AAD\n";
    let cases = [
        (
            "{ method: client-secret, clientId: c, secretFile: /run/secret }",
            Auth::ClientSecret {
                client_id: "c".into(),
                secret: SecretRef::File("/run/secret".into()),
            },
        ),
        (
            "{ method: certificate, clientId: c, certificateFile: /etc/entra/cert.pem, passwordEnv: P }",
            Auth::Certificate {
                client_id: "c".into(),
                certificate_file: "/etc/entra/cert.pem".into(),
                password_env: Some("P".into()),
            },
        ),
        (
            "{ method: managed-identity }",
            Auth::ManagedIdentity { client_id: None },
        ),
        (
            "{ method: managed-identity, clientId: u }",
            Auth::ManagedIdentity {
                client_id: Some("u".into()),
            },
        ),
        (
            "{ method: workload-identity, clientId: c }",
            Auth::WorkloadIdentity {
                client_id: "c".into(),
                token_file: None,
            },
        ),
        (
            "{ method: workload-identity, clientId: c, tokenFile: /var/run/token }",
            Auth::WorkloadIdentity {
                client_id: "c".into(),
                token_file: Some("/var/run/token".into()),
            },
        ),
        ("{ method: azure-cli }", Auth::AzureCli),
        (
            "{ method: token }",
            Auth::Token {
                token_env: "ENTRA_SCHEMA_TOKEN".into(),
            },
        ),
        (
            "{ method: token, tokenEnv: MY_TOKEN }",
            Auth::Token {
                token_env: "MY_TOKEN".into(),
            },
        ),
    ];
    for (auth, expected) in cases {
        let env = load(&format!("{base}auth: {auth}\n"))
            .unwrap_or_else(|e| panic!("{auth}: {}", e.report()));
        assert_eq!(env.graph().unwrap().auth, expected, "{auth}");
    }
}

#[test]
fn inline_secrets_are_refused_with_a_hint() {
    for key in ["secret", "clientSecret", "password", "token"] {
        let err = load(&format!("tenant: t\nservicePrincipal: sp\njob: j\nauth: {{ method: client-secret, clientId: c, {key}: hunter2 }}\n")).unwrap_err();
        let report = err.report();
        assert!(
            report.contains(&format!("auth.{key}")) && report.contains("secretEnv"),
            "{report}"
        );
        assert!(!report.contains("hunter2"), "{report}");
    }
}

#[test]
fn missing_or_misplaced_auth_keys_are_explained() {
    let base = "tenant: t\nservicePrincipal: sp\njob: j\n";
    let err = load(&format!(
        "{base}auth: {{ method: client-secret, clientId: c }}\n"
    ))
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("exactly one of `secretEnv` and `secretFile`"),
        "{err}"
    );
    let err = load(&format!("{base}auth: {{ method: workload-identity }}\n")).unwrap_err();
    assert!(err.to_string().contains("needs `clientId`"), "{err}");
    let err = load(&format!(
        "{base}auth: {{ method: azure-cli, secretEnv: X }}\n"
    ))
    .unwrap_err();
    assert!(
        err.to_string().contains("`auth.secretEnv` does not apply"),
        "{err}"
    );
    let err = load(&format!("{base}auth: {{ method: kerberos }}\n")).unwrap_err();
    assert!(
        err.to_string().contains("unknown auth method `kerberos`"),
        "{err}"
    );
    let err = load(base).unwrap_err();
    assert!(err.to_string().contains("`auth` is required"), "{err}");
}

#[test]
fn graph_keys_are_required() {
    let err = load("servicePrincipal: sp\njob: j\nauth: { method: azure-cli }\n").unwrap_err();
    assert!(err.to_string().contains("`tenant` is required"), "{err}");
    let err = load("tenant: t\nservicePrincipal: sp\nauth: { method: azure-cli }\n").unwrap_err();
    assert!(
        err.to_string().contains("neither `job` nor `template`"),
        "{err}"
    );
}

#[test]
fn plain_http_is_refused_unless_loopback() {
    let base = "tenant: t\nservicePrincipal: sp\njob: j\nauth: { method: token }\n";
    let err = load(&format!("{base}graph: http://graph.microsoft.com\n")).unwrap_err();
    assert!(matches!(err, Error::Environment { .. }), "{err}");
    assert!(err.to_string().contains("not loopback"), "{err}");
    let err = load(&format!("{base}authority: http://login.example.com\n")).unwrap_err();
    assert!(err.to_string().contains("`authority`"), "{err}");
    let env = load(&format!(
        "{base}graph: http://127.0.0.1:8080\nauthority: http://localhost:9\n"
    ))
    .unwrap();
    assert_eq!(
        env.graph().unwrap().graph.as_str(),
        "http://127.0.0.1:8080/"
    );
}

#[test]
fn national_cloud_endpoints_are_kept() {
    let env = load("tenant: t\nservicePrincipal: sp\njob: j\ngraph: https://graph.microsoft.us\nauthority: https://login.microsoftonline.us\napiVersion: beta\nauth: { method: azure-cli }\n").unwrap();
    let g = env.graph().unwrap();
    assert_eq!(
        (
            g.graph.as_str(),
            g.authority.as_str(),
            g.api_version.as_str()
        ),
        (
            "https://graph.microsoft.us/",
            "https://login.microsoftonline.us/",
            "beta"
        )
    );
}

#[test]
fn only_v1_and_beta_api_versions_are_accepted() {
    let err = load(
        "tenant: t\nservicePrincipal: sp\njob: j\napiVersion: v2.0\nauth: { method: azure-cli }\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("apiVersion `v2.0`"), "{err}");
}

#[test]
fn unknown_key_is_a_yaml_error_with_position_and_snippet() {
    let err = load("tenant: t\nservicePrinciple: sp\n").unwrap_err();
    let Error::Yaml {
        location,
        message,
        snippet,
        ..
    } = &err
    else {
        panic!("{}", err.report())
    };
    assert_eq!(
        (location.file.as_path(), location.line),
        (Path::new("environments/dev.yaml"), 2)
    );
    assert!(message.contains("servicePrinciple"), "{message}");
    assert!(
        snippet
            .as_deref()
            .unwrap_or_default()
            .contains("servicePrinciple: sp")
    );
}

#[test]
fn missing_environment_names_the_known_ones() {
    let ws = workspace(&[("dev", GRAPH_ENV), ("prod", GRAPH_ENV)]);
    let err = Environment::load(ws.path(), "test").unwrap_err();
    assert!(
        err.to_string()
            .contains("environments/test.yaml does not exist"),
        "{err}"
    );
    assert_eq!(err.hint(), Some("known environments: dev, prod"));
}

#[test]
fn environments_are_listed_by_name() {
    let ws = workspace(&[("prod", GRAPH_ENV), ("dev", GRAPH_ENV)]);
    std::fs::write(ws.path().join("environments/notes.txt"), "x").unwrap();
    assert_eq!(Environment::list(ws.path()).unwrap(), ["dev", "prod"]);
    let empty = tempfile::tempdir().unwrap();
    assert!(Environment::list(empty.path()).unwrap().is_empty());
}

#[test]
fn scalar_vars_are_read_as_text() {
    let env = load("file: s.json\nvars: { count: 5, flag: true, name: x }\n").unwrap();
    assert_eq!(
        (env.vars["count"].as_str(), env.vars["flag"].as_str()),
        ("5", "true")
    );
}

#[test]
fn token_environment_needs_no_tenant_but_client_secret_does() {
    let token = "servicePrincipal: sp\njob: API2AAD.x\ngraph: http://127.0.0.1:8080\nauth: { method: token }\n";
    let env = load(token).unwrap();
    let g = env.graph().unwrap();
    assert_eq!(g.tenant, "");
    assert!(matches!(g.auth, Auth::Token { .. }));
    let secret = "servicePrincipal: sp\njob: API2AAD.x\nauth: { method: client-secret, clientId: c, secretEnv: S }\n";
    let err = load(secret).unwrap_err();
    assert!(err.to_string().contains("`tenant` is required"), "{err}");
}

#[test]
fn relative_credential_files_are_relative_to_the_workspace() {
    let ws = workspace(&[(
        "dev",
        "tenant: t\nservicePrincipal: sp\njob: j\nauth: { method: client-secret, clientId: c, secretFile: secrets/sp.txt }\n",
    )]);
    let env = Environment::load(ws.path(), "dev").unwrap();
    let Auth::ClientSecret {
        secret: SecretRef::File(path),
        ..
    } = &env.graph().unwrap().auth
    else {
        panic!("client secret from a file");
    };
    assert_eq!(path, &ws.path().join("secrets/sp.txt"));
}

#[test]
fn environment_names_cannot_be_paths() {
    let ws = workspace(&[("dev", GRAPH_ENV)]);
    for name in ["../environments/dev", "a/b", "..", ".hidden", ""] {
        let err = Environment::load(ws.path(), name).unwrap_err();
        assert!(
            err.to_string().contains("not an environment name"),
            "{name}: {err}"
        );
    }
}
