//! End-to-end runs of the real binary on a local (`file:`) tenant: the quick start, exit codes,
//! apply/plan round trips, saved plans, refusals, and that bad input writes nothing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

/// The start of a change set that changes the example's one object mapping.
const HEADER: &str = "version: 1\nmappings:\n  - rule: { source: API, target: Azure Active Directory }\n    object: { source: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', target: User }\n";

/// A copy of the bundled example workspace in a temporary directory.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn example() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for sub in ["environments", "schemas"] {
            copy_dir(&root.join(sub), &dir.path().join(sub));
        }
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn schema_path(&self) -> PathBuf {
        self.path().join("environments/example/schema.json")
    }

    fn schema_bytes(&self) -> Vec<u8> {
        std::fs::read(self.schema_path()).expect("schema")
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Replace the example change set by one mapping change on the example's object mapping;
    /// `body` holds its `set:` / `remove:` / `scope:` lines (indented by four spaces).
    fn mapping_change(&self, body: &str) {
        self.write("schemas/example.yaml", &format!("{HEADER}{body}"));
    }

    /// The target attributes of the example tenant's attribute mappings, in order.
    fn mapping_targets(&self) -> Vec<String> {
        let schema: serde_json::Value = serde_json::from_slice(&self.schema_bytes()).expect("json");
        schema["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]
            .as_array()
            .expect("mappings")
            .iter()
            .filter_map(|m| m["targetAttributeName"].as_str().map(str::to_owned))
            .collect()
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("entra-schema").expect("binary");
        cmd.current_dir(self.path())
            .env_clear()
            .env("NO_COLOR", "1")
            .env("HOME", self.path());
        cmd
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn quick_start_plan_shows_added_definition_and_mapping() {
    let ws = Workspace::example();
    ws.cmd()
        .args(["plan", "--env", "example"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate",
        ))
        .stdout(predicate::str::contains("employeeHireDate"))
        .stdout(predicate::str::contains(
            "Plan: 4 to add, 1 to change, 0 to remove.",
        ));
}

#[test]
fn detailed_exitcode_is_2_with_changes_and_0_after_apply() {
    let ws = Workspace::example();
    ws.cmd()
        .args(["plan", "--env", "example", "--detailed-exitcode"])
        .assert()
        .code(2);
    ws.cmd()
        .args(["apply", "--env", "example", "--auto-approve"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Apply complete! 4 added, 1 changed, 0 removed.",
        ));
    ws.cmd()
        .args(["plan", "--env", "example", "--detailed-exitcode"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No changes"));
}

#[test]
fn apply_keeps_the_file_format_and_backs_up_first() {
    let ws = Workspace::example();
    let before = String::from_utf8(ws.schema_bytes()).expect("utf8");
    ws.cmd()
        .args(["apply", "--env", "example", "--auto-approve"])
        .assert()
        .success();
    let after = String::from_utf8(ws.schema_bytes()).expect("utf8");
    assert!(after.ends_with("}\n"), "final newline kept");
    assert!(after.contains("\n  \"id\": "), "2-space indent kept");
    assert!(after.len() > before.len());
    let backups: Vec<_> = std::fs::read_dir(ws.path().join("backups/example"))
        .expect("backup dir")
        .collect();
    assert_eq!(backups.len(), 1);
    let backup = std::fs::read_to_string(backups[0].as_ref().expect("entry").path()).expect("read");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&backup).expect("json"),
        serde_json::from_str::<serde_json::Value>(&before).expect("json"),
        "the backup holds the schema as it was before the change"
    );
}

#[test]
fn apply_without_terminal_refuses_and_writes_nothing() {
    let ws = Workspace::example();
    let before = ws.schema_bytes();
    ws.cmd()
        .args(["apply", "--env", "example"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--auto-approve"));
    assert_eq!(ws.schema_bytes(), before);
}

#[test]
fn destructive_change_needs_allow_destructive() {
    let ws = Workspace::example();
    ws.mapping_change("    remove: [facsimileTelephoneNumber]\n");
    assert!(
        ws.mapping_targets()
            .contains(&"facsimileTelephoneNumber".to_owned())
    );
    let before = ws.schema_bytes();
    ws.cmd()
        .args(["apply", "--env", "example", "--auto-approve"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--allow-destructive"));
    assert_eq!(ws.schema_bytes(), before);
    ws.cmd()
        .args([
            "apply",
            "--env",
            "example",
            "--auto-approve",
            "--allow-destructive",
        ])
        .assert()
        .success();
    assert!(
        !ws.mapping_targets()
            .contains(&"facsimileTelephoneNumber".to_owned())
    );
}

#[test]
fn invalid_change_set_names_the_place_and_writes_nothing() {
    let ws = Workspace::example();
    ws.mapping_change(
        "    set:\n      - target: mail\n        source: 'Jion(\"@\", [userName])'\n",
    );
    let before = ws.schema_bytes();
    ws.cmd()
        .args(["apply", "--env", "example", "--auto-approve"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("schemas/example.yaml:7:"))
        .stderr(predicate::str::contains("Join"));
    assert_eq!(ws.schema_bytes(), before);
}

#[test]
fn saved_plan_applies_exactly_and_refuses_when_stale() {
    let ws = Workspace::example();
    ws.cmd()
        .args(["plan", "--env", "example", "--out", "plan.json"])
        .assert()
        .success();
    let plan = std::fs::read_to_string(ws.path().join("plan.json")).expect("plan");
    assert!(plan.contains("\"format_version\""));
    // Someone edits the tenant after the plan: the saved plan is stale.
    let original = ws.schema_bytes();
    let edited = String::from_utf8(original.clone())
        .expect("utf8")
        .replace("\"Add,Update\"", "\"Add,Update,Delete\"");
    std::fs::write(ws.schema_path(), &edited).expect("edit");
    ws.cmd()
        .args(["apply", "plan.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("stale"));
    assert_eq!(ws.schema_bytes(), edited.as_bytes());
    // Back to the planned state: the saved plan applies without a prompt.
    std::fs::write(ws.schema_path(), &original).expect("restore");
    ws.cmd().args(["apply", "plan.json"]).assert().success();
    ws.cmd()
        .args(["plan", "--env", "example", "--detailed-exitcode"])
        .assert()
        .code(0);
}

#[test]
fn saved_plan_refuses_changed_change_sets() {
    let ws = Workspace::example();
    ws.cmd()
        .args(["plan", "--env", "example", "--out", "plan.json"])
        .assert()
        .success();
    let text = std::fs::read_to_string(ws.path().join("schemas/example.yaml")).expect("read");
    ws.write(
        "schemas/example.yaml",
        &text.replace("ObjectAddOnly", "Always"),
    );
    ws.cmd()
        .args(["apply", "plan.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("change sets"));
}

#[test]
fn diff_exit_code_is_2_when_documents_differ() {
    let ws = Workspace::example();
    let original = ws.schema_bytes();
    std::fs::write(ws.path().join("old.json"), &original).expect("write");
    ws.cmd()
        .args([
            "diff",
            "old.json",
            "environments/example/schema.json",
            "--exit-code",
        ])
        .assert()
        .code(0);
    ws.cmd()
        .args(["apply", "--env", "example", "--auto-approve"])
        .assert()
        .success();
    ws.cmd()
        .args([
            "diff",
            "old.json",
            "environments/example/schema.json",
            "--exit-code",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("employeeHireDate"));
}

#[test]
fn validate_passes_on_the_example_and_fails_on_a_broken_expression() {
    let ws = Workspace::example();
    ws.cmd().args(["validate"]).assert().success();
    let text = std::fs::read_to_string(ws.path().join("schemas/example.yaml")).expect("read");
    ws.write(
        "schemas/example.yaml",
        &text.replace("Join(\"@\", Item(", "Join(\"@\" Item("),
    );
    ws.cmd()
        .args(["validate"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("schemas/example.yaml:"));
}

#[test]
fn usage_errors_exit_64() {
    let ws = Workspace::example();
    ws.cmd().args(["plan", "--no-such-flag"]).assert().code(64);
    ws.cmd().args(["frobnicate"]).assert().code(64);
    ws.cmd()
        .args(["plan"])
        .assert()
        .code(64)
        .stderr(predicate::str::contains("--env"));
}

#[test]
fn plan_all_shows_every_environment_in_order() {
    let ws = Workspace::example();
    std::fs::copy(
        ws.schema_path(),
        ws.path().join("environments/example/second.json"),
    )
    .expect("copy");
    ws.write(
        "environments/second.yaml",
        "file: environments/example/second.json\nchanges: []\n",
    );
    let output = ws
        .cmd()
        .args(["plan", "--all", "--detailed-exitcode"])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).expect("utf8");
    let first = text.find("== example ==").expect("example section");
    let second = text.find("== second ==").expect("second section");
    assert!(
        first < second,
        "sections follow the environment order:\n{text}"
    );
    assert!(text[second..].contains("No changes"));
    let json = ws
        .cmd()
        .args([
            "plan", "--env", "second", "--env", "example", "--format", "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&json).expect("json");
    assert_eq!(json["environments"][0]["environment"], "second");
    assert_eq!(json["environments"][1]["plan"]["summary"]["add"], 4);
    ws.cmd()
        .args(["plan", "--all", "--out", "p.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("one environment"));
}

#[test]
fn color_always_styles_the_plan_and_no_color_plain_text_does_not() {
    let ws = Workspace::example();
    let styled = ws
        .cmd()
        .args(["--color", "always", "plan", "--env", "example"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(styled.contains(&0x1b), "--color always emits ANSI styles");
    let plain = ws
        .cmd()
        .args(["plan", "--env", "example"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(
        !plain.contains(&0x1b),
        "NO_COLOR and a pipe give plain text"
    );
}

#[test]
fn apply_rewrites_a_utf16_crlf_tenant_in_its_own_form() {
    let ws = Workspace::example();
    // A Windows PowerShell export: UTF-16 LE with a BOM, CRLF line endings, 4-space indent.
    let text = String::from_utf8(ws.schema_bytes()).expect("utf8");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    let pretty = {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        serde::Serialize::serialize(&value, &mut serializer).expect("serialize");
        String::from_utf8(out).expect("utf8").replace('\n', "\r\n")
    };
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(pretty.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(ws.schema_path(), &bytes).expect("write");
    ws.cmd()
        .args(["apply", "--env", "example", "--auto-approve"])
        .assert()
        .success();
    let after = ws.schema_bytes();
    assert_eq!(&after[..2], &[0xFF, 0xFE], "BOM kept");
    let units: Vec<u16> = after[2..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let decoded = String::from_utf16(&units).expect("UTF-16 LE");
    assert!(
        decoded.contains("\r\n    \"id\": "),
        "CRLF and 4-space indent kept"
    );
    assert!(!decoded.replace("\r\n", "").contains('\n'), "no bare LF");
    assert!(decoded.contains("contoso:1.0:User:HireDate"));
    ws.cmd()
        .args(["plan", "--env", "example", "--detailed-exitcode"])
        .assert()
        .code(0);
}

#[test]
fn json_plan_carries_a_patch_that_produces_the_applied_schema() {
    let ws = Workspace::example();
    let before: serde_json::Value = serde_json::from_slice(&ws.schema_bytes()).expect("json");
    let output = ws
        .cmd()
        .args(["plan", "--env", "example", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let plan: serde_json::Value = serde_json::from_slice(&output).expect("json plan");
    assert_eq!(plan["format_version"], "1.0");
    assert_eq!(plan["summary"]["add"], 4);
    let patch: json_patch::Patch = serde_json::from_value(plan["patch"].clone()).expect("patch");
    assert!(patch.0.len() <= 6, "a small patch: {}", patch.0.len());
    let mut patched = before;
    json_patch::patch(&mut patched, &patch).expect("the patch applies");
    ws.cmd()
        .args(["apply", "--env", "example", "--auto-approve"])
        .assert()
        .success();
    let applied: serde_json::Value = serde_json::from_slice(&ws.schema_bytes()).expect("json");
    assert_eq!(patched, applied);
}

#[test]
fn change_sets_selecting_one_rule_differently_still_conflict() {
    let ws = Workspace::example();
    let object = "object: { source: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', target: User }";
    ws.write(
        "schemas/a.yaml",
        &format!("version: 1\nmappings:\n  - rule: {{ source: API, target: Azure Active Directory }}\n    {object}\n    set:\n      - target: displayName\n        source: '[userName]'\n"),
    );
    ws.write(
        "schemas/b.yaml",
        &format!("version: 1\nmappings:\n  - rule: {{ name: USER_INBOUND_USER }}\n    {object}\n    set:\n      - target: displayName\n        source: '[title]'\n"),
    );
    ws.write(
        "environments/example.yaml",
        "file: environments/example/schema.json\nchanges: [schemas/a.yaml, schemas/b.yaml]\n",
    );
    ws.cmd()
        .args(["plan", "--env", "example"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("schemas/b.yaml:7:17"))
        .stderr(predicate::str::contains("schemas/a.yaml:7:17"))
        .stderr(predicate::str::contains("USER_INBOUND_USER"));
}

#[test]
fn lint_findings_point_at_the_clause_and_the_expression_they_are_about() {
    let ws = Workspace::example();
    ws.mapping_change(
        "    set:\n      - { target: officeLocation, source: 'Item([userName], 0)' }\n    scope:\n      any:\n        - all:\n            - { attribute: active, operator: IS TRUE }\n            - { attribute: userType, operator: EQUALS, value: Member }\n",
    );
    ws.cmd()
        .args(["plan", "--env", "example"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "warning: schemas/example.yaml:6:61: mapping of officeLocation: Item counts from 1",
        ))
        .stderr(predicate::str::contains(
            "error: schemas/example.yaml:11:28: scoping filter",
        ))
        .stderr(predicate::str::contains("cannot filter on \"userType\""));
}

#[test]
fn apply_warns_when_the_file_layout_cannot_be_reproduced() {
    let ws = Workspace::example();
    ws.cmd()
        .args(["apply", "--env", "example", "--auto-approve"])
        .assert()
        .success()
        .stderr(predicate::str::contains("cannot reproduce").not());
    // Windows PowerShell 5.1 writes `"key":  value`.
    let ws = Workspace::example();
    let text = String::from_utf8(ws.schema_bytes()).expect("utf8");
    std::fs::write(ws.schema_path(), text.replace("\": ", "\":  ")).expect("write");
    ws.cmd()
        .args(["apply", "--env", "example", "--auto-approve"])
        .assert()
        .success()
        .stderr(predicate::str::contains("cannot reproduce"));
}
