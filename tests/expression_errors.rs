//! Invalid (and suspicious) expressions, each with its rendered report snapshotted: the message,
//! the expression with a caret under the failing character, and the hint.

use entra_schema::expression::{
    Context, Flavor, Severity, SourceObject, parse, render_parse_error, render_problem, validate,
};

/// Attributes of the source object in these tests.
const DEFINED: &[&str] = &[
    "givenName",
    "surname",
    "mail",
    "userPrincipalName",
    "appRoleAssignments",
    "department",
    "emails[type eq \"work\"].value",
];

/// The source object of these tests.
const SOURCE: SourceObject<'static> = SourceObject {
    directory: "Azure Active Directory",
    object: "User",
    attributes: DEFINED,
};

#[derive(Clone, Copy)]
struct Setup {
    flavor: Flavor,
    flow: Option<&'static str>,
    matching: i64,
    entra: bool,
}

const APP: Setup = Setup {
    flavor: Flavor::AppProvisioning,
    flow: None,
    matching: 0,
    entra: true,
};
const INBOUND: Setup = Setup {
    entra: false,
    ..APP
};
const ADD_ONLY: Setup = Setup {
    flow: Some("ObjectAddOnly"),
    entra: false,
    ..APP
};
const CLOUD: Setup = Setup {
    flavor: Flavor::CloudSync,
    entra: false,
    ..APP
};

/// The whole report for one expression: a parse error, or every problem validation finds.
fn report(src: &str, setup: Setup) -> String {
    let ctx = Context {
        flavor: setup.flavor,
        source: Some(SOURCE),
        flow_type: setup.flow,
        matching_priority: setup.matching,
        source_is_entra: setup.entra,
    };
    let body = match parse(src) {
        Err(e) => render_parse_error(src, &e),
        Ok(e) => {
            let problems = validate(src, &e, &ctx);
            assert!(!problems.is_empty(), "no problem found in {src}");
            problems
                .iter()
                .map(|p| render_problem(src, p))
                .collect::<Vec<_>>()
                .join("\n\n")
        }
    };
    let shown = if src.chars().count() > 200 {
        let head: String = src.chars().take(60).collect();
        format!("{head}… ({} characters)", src.chars().count())
    } else {
        src.to_string()
    };
    format!("{shown}\n---\n{body}")
}

fn cases() -> Vec<(&'static str, String, Setup)> {
    let deep = format!("{}[mail]{}", "Trim(".repeat(101), ")".repeat(101));
    let long = format!("Join(\"\", \"{}\", [mail])", "a".repeat(10_000));
    let c = |name, src: &str, setup| (name, src.to_string(), setup);
    vec![
        c("parse_empty", "   ", APP),
        c("parse_unterminated_string", r#"Join("@, [mail])"#, APP),
        c("parse_unterminated_attribute", "Join(\"@\", [mail)", APP),
        c("parse_empty_attribute", "Append([], \"x\")", APP),
        c(
            "parse_line_break_in_attribute",
            "Append([mail\n], \"x\")",
            APP,
        ),
        c("parse_missing_comma", r#"Join("@" [mail])"#, APP),
        c("parse_missing_close_paren", r#"Join("@", [mail]"#, APP),
        c("parse_ends_after_comma", r#"Join("@","#, APP),
        c("parse_extra_close_paren", "ToLower([mail]))", APP),
        c("parse_two_values", "[givenName] [surname]", APP),
        c("parse_ampersand_concatenation", r#""t-" & [mail]"#, APP),
        c(
            "parse_chained_comparison",
            r#"IIF([mail] = [surname] = [givenName], "x", "y")"#,
            APP,
        ),
        c(
            "parse_missing_right_operand",
            r#"IIF([mail] = , "x", "y")"#,
            APP,
        ),
        c(
            "parse_double_equals",
            r#"IIF([mail] == "x", "y", "z")"#,
            APP,
        ),
        c(
            "parse_c_style_not_equal",
            r#"IIF([mail] != "x", "y", "z")"#,
            APP,
        ),
        c("parse_lone_minus", "DateAdd(\"d\", -, CDate([mail]))", APP),
        c("parse_invalid_number", "Left([mail], 3x)", APP),
        c("parse_bad_hex", "BitAnd(&HZ, 1)", APP),
        c("parse_single_quotes", "Join('@', [mail])", APP),
        c(
            "parse_typographic_quotes",
            "Join(\u{201c}@\u{201d}, [mail])",
            APP,
        ),
        c(
            "parse_parenthesized_value",
            r#"IIF(([mail] = "x"), "y", "z")"#,
            APP,
        ),
        c("parse_unexpected_character", r#"Join("@"; [mail])"#, APP),
        c("parse_stray_close_bracket", "ToLower(mail])", APP),
        c("parse_too_deep", &deep, APP),
        c(
            "parse_unterminated_quoted_filter",
            r#"[emails[type eq "work].value]"#,
            APP,
        ),
        c("parse_decimal_without_digits", "Left([mail], 3.)", APP),
        c(
            "parse_multiline_missing_comma",
            "Switch([department], ,\n  \"Sales\", \"S\"\n  \"HR\", \"H\")",
            APP,
        ),
        c("unknown_function_did_you_mean", r#"Jion("@", [mail])"#, APP),
        c("unknown_function", "Frobnicate([mail])", APP),
        c("too_many_arguments", "Mid([mail], 1, 8, 2)", APP),
        c("too_few_arguments", r#"Join("@")"#, APP),
        c(
            "switch_odd_argument_count",
            r#"Switch([department], "x", "Sales", "S", "HR")"#,
            APP,
        ),
        c("required_slot_empty", "Mid([mail], , 8)", APP),
        c(
            "select_unique_value_nested",
            r#"ToLower(SelectUniqueValue(Join("@", [givenName], "x"), Join("@", [surname], "x")))"#,
            ADD_ONLY,
        ),
        c(
            "select_unique_value_needs_object_add_only",
            "SelectUniqueValue([mail], [userPrincipalName])",
            INBOUND,
        ),
        c(
            "select_unique_value_on_matching_attribute",
            "SelectUniqueValue([mail], [userPrincipalName])",
            Setup {
                matching: 1,
                ..ADD_ONLY
            },
        ),
        c(
            "app_role_function_from_other_source",
            "SingleAppRoleAssignment([appRoleAssignments])",
            INBOUND,
        ),
        c(
            "app_role_attribute_without_function",
            "[appRoleAssignments]",
            APP,
        ),
        c(
            "undefined_attribute_case",
            r#"Join("@", [GivenName], "contoso.com")"#,
            APP,
        ),
        c(
            "undefined_attribute",
            r#"Join("@", [nickName], "contoso.com")"#,
            APP,
        ),
        c(
            "undefined_filtered_attribute",
            r#"[emails[type eq "home"].value]"#,
            APP,
        ),
        c(
            "cloud_sync_function_in_app_provisioning",
            "Trim([mail])",
            APP,
        ),
        c(
            "format_date_time_needs_four_slots",
            r#"FormatDateTime([mail], "yyyyMMdd", "yyyy-MM-dd")"#,
            APP,
        ),
        c(
            "format_date_time_cloud_sync_three_slots",
            r#"FormatDateTime([mail], , "yyyyMMdd", "yyyy-MM-dd")"#,
            CLOUD,
        ),
        c("bare_word_argument", r#"Join("@", givenName)"#, APP),
        c("bare_function_name", r#"Join("", Guid)"#, APP),
        c(
            "compare_type_misspelled",
            r#"InStr([mail], "@", 1, vbTextCompar)"#,
            APP,
        ),
        c(
            "ignore_flow_as_iif_condition",
            r#"IIF(IgnoreFlowIfNullOrEmpty([mail]), "a", "b")"#,
            APP,
        ),
        c("expression_too_long", &long, APP),
        c(
            "random_string_too_long",
            "RandomString(300, 3, 0, 0, 3)",
            APP,
        ),
        c(
            "warning_function_case",
            r#"switch([department], , "Sales", "S")"#,
            APP,
        ),
        c("warning_top_level_comparison", r#"[mail] = "x""#, APP),
        c(
            "warning_undocumented_escape",
            r#"Replace([mail], , "\d+", , "", , )"#,
            APP,
        ),
        c(
            "warning_iif_is_present",
            r#"IIF(IsPresent([mail]), [mail], "none")"#,
            APP,
        ),
        c(
            "warning_date_interval",
            "DateAdd(\"dd\", 7, CDate([mail]))",
            APP,
        ),
        c("warning_legacy_function", r#"Prepend("x", [mail])"#, APP),
    ]
}

#[test]
fn invalid_expressions_report_precise_positions() {
    let cases = cases();
    let errors = cases
        .iter()
        .filter(|(n, ..)| !n.starts_with("warning_"))
        .count();
    assert!(errors >= 30, "{errors} invalid expressions");
    for (name, src, setup) in cases {
        insta::assert_snapshot!(name, report(&src, setup));
    }
}

#[test]
fn valid_expressions_have_no_problems() {
    let ctx = Context {
        flavor: Flavor::AppProvisioning,
        source: Some(SOURCE),
        flow_type: Some("ObjectAddOnly"),
        matching_priority: 0,
        source_is_entra: true,
    };
    for src in [
        r#"Join("@", [emails[type eq "work"].value], "x")"#,
        r#"Replace([mail], "-", , , "_", , )"#,
        r#"FormatDateTime([mail], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")"#,
        r#"Switch([department], , "Sales", "S", "HR", "H")"#,
        r#"SelectUniqueValue(Join("@", NormalizeDiacritics([givenName]), "x"), Join("@", [surname], "x"))"#,
        r#"IIF(InStr([mail], "@partners") > 0, "Guest", "Member")"#,
        r#"InStr("repEated", "e", 3, vbBinaryCompare)"#,
        "BitAnd(&HF, &HF7)",
        "SingleAppRoleAssignment([appRoleAssignments])",
        "IgnoreFlowIfNullOrEmpty(Mid([userPrincipalName], 1, 8))",
        "Guid()",
    ] {
        let e = parse(src).expect("parses");
        let problems = validate(src, &e, &ctx);
        assert!(problems.is_empty(), "{src}: {problems:?}");
    }
}

#[test]
fn cloud_sync_defaults_have_no_errors() {
    let ctx = Context {
        flavor: Flavor::CloudSync,
        source: None,
        flow_type: None,
        matching_priority: 0,
        source_is_entra: false,
    };
    for src in [
        r#"IIF(IsPresent([pwdLastSet]), FormatDateTime(DateFromNum([pwdLastSet]), , "yyyyMMddHHmmss.0Z"), )"#,
        r#"IIF(IsPresent([userAccountControl]), IIF(BitAnd([userAccountControl], 2)="0", "True", "False"), Not([accountDisabled]))"#,
        "Left(Trim([description]), 448)",
    ] {
        let e = parse(src).expect("parses");
        let errors: Vec<_> = validate(src, &e, &ctx)
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{src}: {errors:?}");
    }
}
