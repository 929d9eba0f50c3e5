//! Expression errors located in the YAML file that holds the expression: exact line and column
//! for one-line scalars (plain, single- or double-quoted, block), a fallback otherwise.

use entra_schema::expression::{located, parse};
use entra_schema::location::Location;

/// The rendered report for the parse error of `expr`, whose scalar starts at `line:column`.
fn report(yaml: &str, line: u64, column: u64, expr: &str) -> String {
    let err = parse(expr).expect_err("invalid expression");
    let at = Location::new("changes/hr.yaml", line, column);
    located(
        expr,
        Some(err.offset),
        &err.message,
        err.hint.as_deref(),
        &at,
        Some(yaml),
    )
    .report()
}

#[test]
fn single_quoted_scalar_points_at_the_failing_character() {
    let yaml = "set:\n  - target: mail\n    source: 'Join(\"@\" [userName])'\n";
    let r = report(yaml, 3, 13, r#"Join("@" [userName])"#);
    insta::assert_snapshot!(r, @r#"
    error: changes/hr.yaml:3:23: expected ',' or ')' after argument 1 of Join, found attribute reference [userName]
      |
    3 |     source: 'Join("@" [userName])'
      |                       ^
    hint: separate arguments with ','
    "#);
}

#[test]
fn doubled_single_quotes_count_as_one_character() {
    let yaml = "source: 'Join(\"it''s\" [a])'\n";
    let r = report(yaml, 1, 9, r#"Join("it's" [a])"#);
    assert!(
        r.starts_with("error: changes/hr.yaml:1:23: expected ','"),
        "{r}"
    );
}

#[test]
fn double_quoted_scalar_accounts_for_yaml_escapes() {
    let yaml = "source: \"Join(\\\"@\\\", [a] [b])\"\n";
    let r = report(yaml, 1, 9, r#"Join("@", [a] [b])"#);
    insta::assert_snapshot!(r, @r#"
    error: changes/hr.yaml:1:26: expected ',' or ')' after argument 2 of Join, found attribute reference [b]
      |
    1 | source: "Join(\"@\", [a] [b])"
      |                          ^
    hint: separate arguments with ','
    "#);
}

#[test]
fn plain_scalar_points_at_the_column() {
    let yaml = "- source: Jion(\"x\"\n";
    let r = report(yaml, 1, 11, r#"Jion("x""#);
    assert!(
        r.starts_with("error: changes/hr.yaml:1:19: expected ',' or ')' after argument 1 of Jion"),
        "{r}"
    );
}

#[test]
fn literal_block_scalar_points_into_its_lines() {
    let yaml = "source: |\n  Switch([d], ,\n    \"a\", \"b\"\n    \"c\", \"d\")\n";
    let expr = "Switch([d], ,\n  \"a\", \"b\"\n  \"c\", \"d\")\n";
    let r = report(yaml, 1, 9, expr);
    insta::assert_snapshot!(r, @r#"
    error: changes/hr.yaml:4:5: expected ',' or ')' after argument 4 of Switch, found string "c"
      |
    4 |     "c", "d")
      |     ^
    hint: separate arguments with ','
    "#);
}

#[test]
fn multi_line_quoted_scalar_falls_back_to_the_expression_snippet() {
    let yaml = "source: \"Join(\\\"@\\\",\n  [a] [b])\"\n";
    let expr = "Join(\"@\", [a] [b])";
    let r = report(yaml, 1, 9, expr);
    insta::assert_snapshot!(r, @r#"
    error: changes/hr.yaml:1:9: expected ',' or ')' after argument 2 of Join, found attribute reference [b]
      |
    1 | Join("@", [a] [b])
      |               ^
    hint: separate arguments with ','
    "#);
}

#[test]
fn problem_without_offset_points_at_the_scalar() {
    let yaml = "source: '[mail]'\n";
    let at = Location::new("c.yaml", 1, 9);
    let err = located("[mail]", None, "something is wrong", None, &at, Some(yaml));
    assert_eq!(
        err.report(),
        "error: c.yaml:1:9: something is wrong\n  |\n1 | source: '[mail]'\n  |         ^"
    );
}

#[test]
fn position_from_serde_saphyr_spanned_is_used_as_is() {
    #[derive(serde::Deserialize)]
    struct Doc {
        source: serde_saphyr::Spanned<String>,
    }
    for yaml in [
        "source: 'Join(\"@\" [a])'\n",
        "source: \"Join(\\\"@\\\" [a])\"\n",
        "source: Join(\"@\" [a])\n",
    ] {
        let doc: Doc = serde_saphyr::from_str(yaml).expect("yaml");
        let expr = doc.source.value.as_str();
        let at = Location::new(
            "c.yaml",
            doc.source.referenced.line(),
            doc.source.referenced.column(),
        );
        let err = parse(expr).expect_err("invalid");
        let e = located(expr, Some(err.offset), &err.message, None, &at, Some(yaml));
        let expected = yaml.find('[').expect("bracket") as u64 + 1;
        assert!(
            e.to_string().starts_with(&format!("c.yaml:1:{expected}:")),
            "{yaml:?} at {}:{} gave {e}",
            at.line,
            at.column
        );
    }
}

#[test]
fn substituted_variable_after_the_error_keeps_the_exact_column() {
    // The file shows `${domain}`; the checked expression has the value in its place.
    let yaml = "source: 'Join(\"@\" [userName], \"${domain}\")'\n";
    let r = report(yaml, 1, 9, r#"Join("@" [userName], "contoso.com")"#);
    assert!(
        r.starts_with("error: changes/hr.yaml:1:19: expected ','"),
        "{r}"
    );
}

#[test]
fn substituted_variable_before_the_error_falls_back_to_the_expression() {
    let yaml = "source: 'Join(\"${sep}\" [userName])'\n";
    let r = report(yaml, 1, 9, r#"Join("@" [userName])"#);
    assert!(r.starts_with("error: changes/hr.yaml:1:9: "), "{r}");
    assert!(r.contains("Join(\"@\" [userName])"), "{r}");
}
