//! The help texts users read first: `entra-schema --help` and `entra-schema apply --help`.

use assert_cmd::Command;

fn help(args: &[&str]) -> String {
    let output = Command::cargo_bin("entra-schema")
        .expect("binary")
        .args(args)
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(output.status.success(), "help exits 0");
    String::from_utf8(output.stdout).expect("utf8")
}

#[test]
fn top_level_help_lists_the_commands() {
    insta::assert_snapshot!(help(&["--help"]));
}

#[test]
fn apply_help_explains_saved_plans_and_consent() {
    insta::assert_snapshot!(help(&["apply", "--help"]));
}
