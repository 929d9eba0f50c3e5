//! A workspace for end-to-end runs of the real binary against the Graph emulator: a temporary
//! directory with the bundled example change set, environments pointing at the emulator's URL
//! (`auth: {method: token}` with `ENTRA_SCHEMA_TOKEN` set in the child's environment), and
//! helpers to read the requests the emulator saw.
//!
//! Used by test files through `mod graph_workspace;` (next to `mod emulator;`).
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::emulator::{Emulator, Recorded, SP, TENANT};

/// The bearer token the child process gets; it must never appear in any output or file.
pub const TOKEN: &str = "e2e-bearer-token-DO-NOT-PRINT-7f3a9c";

/// The example change set: 2 attributes, 2 Attribute mappings, 1 Function mapping (`${upnDomain}`).
pub const EXAMPLE_CHANGES: &str = "schemas/example.yaml";

/// The bundled example schema (an API2AAD job's), as the emulator's job schema.
pub fn example_schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("environments/example/schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub struct GraphWorkspace {
    dir: tempfile::TempDir,
    pub emu: Emulator,
    /// The job of environment `dev`.
    pub job: String,
}

impl GraphWorkspace {
    /// An emulator with one API2AAD job (the example schema) and environment `dev` naming it.
    pub fn new() -> Self {
        let emu = Emulator::spawn();
        let job = emu.add_job("API2AAD", example_schema());
        let dir = tempfile::tempdir().unwrap();
        let ws = GraphWorkspace { dir, emu, job };
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE_CHANGES);
        ws.write(EXAMPLE_CHANGES, &std::fs::read_to_string(example).unwrap());
        ws.environment("dev", &format!("job: {}", ws.job));
        ws
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).unwrap()
    }

    /// Write `environments/<name>.yaml` for the emulator; `job_line` is `job: …` or `template: …`.
    pub fn environment(&self, name: &str, job_line: &str) {
        self.environment_with_auth(name, job_line, "auth: { method: token }");
    }

    pub fn environment_with_auth(&self, name: &str, job_line: &str, auth: &str) {
        self.environment_full(name, job_line, auth, &[EXAMPLE_CHANGES]);
    }

    pub fn environment_full(&self, name: &str, job_line: &str, auth: &str, changes: &[&str]) {
        self.write(
            &format!("environments/{name}.yaml"),
            &format!(
                "tenant: {TENANT}\nservicePrincipal: {SP}\n{job_line}\ngraph: {}\n{auth}\n\
                 changes: [{}]\nvars: {{ upnDomain: {name}.contoso.example }}\n",
                self.emu.url(),
                changes.join(", ")
            ),
        );
    }

    /// The binary in this workspace, with a clean environment holding only the token.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("entra-schema").unwrap();
        cmd.current_dir(self.path())
            .env_clear()
            .env("NO_COLOR", "1")
            .env("HOME", self.path())
            .env("ENTRA_SCHEMA_TOKEN", TOKEN);
        cmd
    }

    /// Graph requests so far (token requests excluded).
    pub fn graph_requests(&self) -> Vec<Recorded> {
        self.emu
            .requests()
            .into_iter()
            .filter(|r| !r.path.ends_with("/oauth2/v2.0/token"))
            .collect()
    }

    /// How many Graph requests were seen so far (to count those of the next command).
    pub fn mark(&self) -> usize {
        self.graph_requests().len()
    }

    /// The Graph requests since `mark`, as `METHOD last-path-segment` (`GET schema`, `PUT schema`,
    /// `POST parseExpression`, `GET jobs`).
    pub fn since(&self, mark: usize) -> Vec<String> {
        self.graph_requests()[mark..]
            .iter()
            .map(|r| {
                let last = r.path.rsplit('/').next().unwrap_or_default();
                format!("{} {last}", r.method)
            })
            .collect()
    }

    /// The backup files of an environment (relative paths, sorted).
    pub fn backups(&self, env: &str) -> Vec<PathBuf> {
        let dir = self.path().join("backups").join(env);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .map(|e| {
                        PathBuf::from("backups")
                            .join(env)
                            .join(e.unwrap().file_name())
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// Whether the emulator's schema of `job` has a mapping to `target`.
    pub fn has_mapping(&self, job: &str, target: &str) -> bool {
        self.emu
            .schema(job)
            .to_string()
            .contains(&format!("\"targetAttributeName\":\"{target}\""))
    }
}

/// A portal edit: the `displayName` mapping becomes ObjectAddOnly.
pub fn display_name_add_only(schema: &mut Value) {
    let mappings = schema["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]
        .as_array_mut()
        .unwrap();
    for mapping in mappings {
        if mapping["targetAttributeName"] == "displayName" {
            mapping["flowType"] = "ObjectAddOnly".into();
        }
    }
}

/// `value` without `@odata.*` response annotations (backups keep them, as GET returned them).
pub fn without_annotations(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !k.contains("@odata."))
                .map(|(k, v)| (k.clone(), without_annotations(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_annotations).collect()),
        other => other.clone(),
    }
}

/// Run a command and return (exit code, stdout, stderr), asserting the token appears in neither.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stdout.contains(TOKEN), "token in stdout");
    assert!(!stderr.contains(TOKEN), "token in stderr");
    (output.status.code().unwrap_or(-1), stdout, stderr)
}
