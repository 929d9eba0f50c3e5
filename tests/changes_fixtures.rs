//! Change-set fixtures: every file in `tests/fixtures/changes/valid` loads and all of them compose;
//! every file in `invalid` fails with a located, snapshotted report; every pair in `conflict`
//! loads alone and fails to compose with a report naming both places.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use entra_schema::Error;
use entra_schema::changes::{LoadedChangeSet, compose, function_sources, load};

fn vars() -> BTreeMap<String, String> {
    BTreeMap::from([("upnDomain".to_string(), "example.com".to_string())])
}

/// `path` relative to the repository root, so that messages and snapshots are stable.
fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_path_buf()
}

fn load_fixture(path: &Path) -> Result<LoadedChangeSet, Error> {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    load(&relative(path), &text, &vars())
}

fn fixtures(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/changes")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture folder exists")
        .map(|entry| entry.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// `file:line:column` at the start of the report, with the file being `file`.
fn assert_located(report: &str, file: &Path) {
    let prefix = format!("error: {}:", file.display());
    let rest = report
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("report does not start with {prefix}:\n{report}"));
    let mut parts = rest.splitn(3, ':');
    let line: u64 = parts.next().and_then(|l| l.parse().ok()).expect("line");
    let column: u64 = parts.next().and_then(|c| c.parse().ok()).expect("column");
    assert!(line >= 1 && column >= 1, "{report}");
    let empty_file = report.contains("the change set is empty");
    assert!(
        empty_file || report.contains(&format!("\n{line} | ")),
        "snippet shows line {line}:\n{report}"
    );
}

#[test]
fn valid_change_sets_load_and_compose() {
    let files = fixtures("valid");
    assert!(files.len() >= 3, "valid fixtures are present");
    let sets: Vec<LoadedChangeSet> = files
        .iter()
        .map(|f| load_fixture(f).unwrap_or_else(|e| panic!("{}", e.report())))
        .collect();
    compose(&sets).unwrap_or_else(|e| panic!("{}", e.report()));
}

#[test]
fn valid_change_sets_substitute_variables_and_keep_escapes() {
    let files = fixtures("valid");
    let sets: Vec<LoadedChangeSet> = files
        .iter()
        .map(|f| load_fixture(f).expect("loads"))
        .collect();
    let sources: Vec<String> = function_sources(&sets)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert!(
        sources.contains(&r#"Join("@", [userName], "example.com")"#.to_string()),
        "{sources:?}"
    );
    assert!(
        sources.contains(&r#""Contoso ${not a variable}""#.to_string()),
        "{sources:?}"
    );
}

#[test]
fn function_sources_are_deduplicated_and_point_inside_the_quotes() {
    let files = fixtures("valid");
    let sets: Vec<LoadedChangeSet> = files
        .iter()
        .map(|f| load_fixture(f).expect("loads"))
        .collect();
    let sources = function_sources(&sets);
    let joins: Vec<_> = sources
        .iter()
        .filter(|(s, _)| s.starts_with("Join("))
        .collect();
    assert_eq!(
        joins.len(),
        1,
        "the same expression twice is listed once: {sources:?}"
    );
    let (_, at) = joins[0];
    assert_eq!(
        at.to_string(),
        "tests/fixtures/changes/valid/full.yaml:29:18"
    );
    assert!(sources.iter().all(|(s, _)| !s.is_empty()));
}

#[test]
fn invalid_change_sets_fail_with_located_reports() {
    assert!(
        fixtures("invalid").len() >= 24,
        "at least 24 invalid fixtures"
    );
    insta::glob!("fixtures/changes/invalid/*.yaml", |path| {
        let err = match load_fixture(path) {
            Ok(_) => panic!("{} should not load", path.display()),
            Err(err) => err,
        };
        assert!(
            matches!(err, Error::Yaml { .. } | Error::Change { .. }),
            "{}: {err:?}",
            path.display()
        );
        let report = err.report();
        assert_located(&report, &relative(path));
        insta::assert_snapshot!("invalid", report);
    });
}

#[test]
fn conflicting_change_sets_name_both_places() {
    insta::glob!("fixtures/changes/conflict/*/first.yaml", |first| {
        let second = first.with_file_name("second.yaml");
        let sets = vec![
            load_fixture(first).unwrap_or_else(|e| panic!("{}", e.report())),
            load_fixture(&second).unwrap_or_else(|e| panic!("{}", e.report())),
        ];
        let err = compose(&sets).expect_err("the pair conflicts");
        let Error::Conflict {
            first: at_first,
            second: at_second,
            ..
        } = &err
        else {
            panic!("expected a conflict, got {err:?}");
        };
        assert_eq!(at_first.file, relative(first));
        assert_eq!(at_second.file, relative(&second));
        let report = err.report();
        assert_located(&report, &relative(&second));
        assert!(report.contains(&at_first.to_string()), "{report}");
        insta::assert_snapshot!("conflict", report);
    });
}
