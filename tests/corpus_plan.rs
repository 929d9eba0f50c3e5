//! `plan` with no change sets reports zero changes for every complete real schema in
//! ../shared/corpus (skipped when the corpus is absent), and an invalid published document is
//! refused with its line and column.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        root.join("../shared/corpus"),
        root.join("../../shared/corpus"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

fn plan_for(document: &Path) -> assert_cmd::assert::Assert {
    let ws = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(ws.path().join("environments")).expect("mkdir");
    std::fs::write(
        ws.path().join("environments/corpus.yaml"),
        format!("file: {}\nchanges: []\n", document.display()),
    )
    .expect("write env");
    Command::cargo_bin("entra-schema")
        .expect("binary")
        .current_dir(ws.path())
        .env_clear()
        .env("NO_COLOR", "1")
        .args(["plan", "--env", "corpus", "--detailed-exitcode"])
        .assert()
}

#[test]
fn plan_without_changes_is_empty_for_every_complete_corpus_schema() {
    let Some(corpus) = corpus() else {
        eprintln!("../shared/corpus not found: skipped");
        return;
    };
    for name in [
        "cloudsync-ad2aad-export.json",
        "msdocs-graph-get-schema-salesforce-response.json",
    ] {
        let before = std::fs::read(corpus.join(name)).expect("read");
        plan_for(&corpus.join(name))
            .code(0)
            .stdout(predicate::str::contains("No changes"));
        assert_eq!(std::fs::read(corpus.join(name)).expect("read"), before);
    }
}

#[test]
fn invalid_published_document_is_refused_with_line_and_column() {
    let Some(corpus) = corpus() else {
        eprintln!("../shared/corpus not found: skipped");
        return;
    };
    plan_for(&corpus.join("msdocs-put-schema-example1.jsonc"))
        .code(1)
        .stderr(predicate::str::contains(
            "msdocs-put-schema-example1.jsonc:",
        ));
}
