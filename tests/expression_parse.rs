//! The parser accepts every form the docs show and builds the expected `Expr`.

use entra_schema::expression::{
    CompareOp, Expr, MAX_DEPTH, attribute_refs, equivalent, parse, parse_spanned, print,
};

fn attr(n: &str) -> Option<Expr> {
    Some(Expr::Attribute(n.into()))
}

fn s(v: &str) -> Option<Expr> {
    Some(Expr::Str(v.into()))
}

fn call(name: &str, args: Vec<Option<Expr>>) -> Expr {
    Expr::Call {
        name: name.into(),
        args,
    }
}

#[test]
fn filtered_api_attribute_is_one_reference() {
    let e = parse(r#"Join("@", [emails[type eq "work"].value], "x")"#).expect("parses");
    assert_eq!(
        e,
        call(
            "Join",
            vec![s("@"), attr(r#"emails[type eq "work"].value"#), s("x")]
        )
    );
    assert_eq!(attribute_refs(&e), vec![r#"emails[type eq "work"].value"#]);
}

#[test]
fn brackets_inside_quoted_filter_text_do_not_close_the_reference() {
    let e = parse(r#"[addresses[type eq "a]b"].locality]"#).expect("parses");
    assert_eq!(
        e,
        Expr::Attribute(r#"addresses[type eq "a]b"].locality"#.into())
    );
}

#[test]
fn scim_urns_and_dotted_names_are_attribute_names() {
    let urn = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:JobCode";
    assert_eq!(parse(&format!("[{urn}]")), Ok(Expr::Attribute(urn.into())));
    assert_eq!(
        parse("Trim([passwordProfile.password])"),
        Ok(call("Trim", vec![attr("passwordProfile.password")]))
    );
}

#[test]
fn string_escapes_are_unescaped() {
    assert_eq!(
        parse(r#""Company name: \"Contoso\"""#),
        Ok(Expr::Str("Company name: \"Contoso\"".into()))
    );
    assert_eq!(
        parse(r#""\\+(?<isdCode>\\d* )""#),
        Ok(Expr::Str(r"\+(?<isdCode>\d* )".into()))
    );
}

#[test]
fn undocumented_escape_is_kept_and_noted() {
    let p = parse_spanned(r#""\d+""#).expect("parses");
    assert_eq!(p.expr, Expr::Str(r"\d+".into()));
    assert_eq!(p.notes.len(), 1);
    assert_eq!(p.notes[0].offset, 1);
    assert_eq!(parse(&print(&p.expr)), Ok(p.expr.clone()));
}

#[test]
fn numbers_hex_and_bare_words_keep_their_text() {
    let e = parse("DateAdd(\"d\", -10, CDate(42568.75))").expect("parses");
    assert_eq!(
        e,
        call(
            "DateAdd",
            vec![
                s("d"),
                Some(Expr::Number("-10".into())),
                Some(call("CDate", vec![Some(Expr::Number("42568.75".into()))]))
            ]
        )
    );
    assert_eq!(
        parse("BitAnd(&HF, &HF7)"),
        Ok(call(
            "BitAnd",
            vec![
                Some(Expr::Hex("&HF".into())),
                Some(Expr::Hex("&HF7".into()))
            ]
        ))
    );
    let e = parse(r#"InStr("repEated","e",3,vbBinaryCompare)"#).expect("parses");
    assert_eq!(
        e,
        call(
            "InStr",
            vec![
                s("repEated"),
                s("e"),
                Some(Expr::Number("3".into())),
                Some(Expr::Ident("vbBinaryCompare".into()))
            ]
        )
    );
}

#[test]
fn empty_slots_are_none_and_empty_parens_mean_no_arguments() {
    let e = parse(r#"Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )"#)
        .expect("parses");
    let Expr::Call { args, .. } = &e else {
        panic!("a call")
    };
    assert_eq!(args.len(), 7);
    assert_eq!(args.iter().filter(|a| a.is_none()).count(), 4);
    assert_eq!(parse("Guid()"), Ok(call("Guid", vec![])));
    assert_eq!(parse("Guid( )"), Ok(call("Guid", vec![])));
    assert_eq!(parse("F( , )"), Ok(call("F", vec![None, None])));
}

#[test]
fn whitespace_and_newlines_between_tokens_are_ignored() {
    let src = "SelectUniqueValue(\n    Join(\"@\", NormalizeDiacritics(StripSpaces([FirstName])), \"contoso.com\"),\n\tJoin (\"@\", [LastName], \"contoso.com\")\n)\n";
    let e = parse(src).expect("parses");
    assert!(equivalent(src, &print(&e)));
    let Expr::Call { args, .. } = e else {
        panic!("a call")
    };
    assert_eq!(args.len(), 2);
}

#[test]
fn comparisons_take_every_documented_operator() {
    for op in CompareOp::ALL {
        let src = format!("IIF(Len([LastName]) {op} 5, \"a\", \"b\")");
        let Expr::Call { args, .. } = parse(&src).expect("parses") else {
            panic!("a call")
        };
        let Some(Some(Expr::Compare { op: got, .. })) = args.first() else {
            panic!("a comparison")
        };
        assert_eq!(*got, op);
    }
    let e = parse(r#"IIF(BitAnd([userAccountControl], 2)="0", "True", "False")"#).expect("parses");
    assert_eq!(
        print(&e),
        r#"IIF(BitAnd([userAccountControl], 2) = "0", "True", "False")"#
    );
    assert!(parse("CBool([attribute1] = [attribute2])").is_ok());
}

#[test]
fn spans_point_at_each_argument() {
    let p = parse_spanned("Join(\"@\",  [a], )").expect("parses");
    assert_eq!((p.spans.start, p.spans.end), (0, 17));
    let starts: Vec<usize> = p.spans.children.iter().map(|c| c.start).collect();
    assert_eq!(starts, vec![5, 11, 16]);
}

#[test]
fn nesting_is_bounded() {
    let ok = format!("{}[x]{}", "Trim(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert!(parse(&ok).is_ok());
    let deep = format!(
        "{}[x]{}",
        "Trim(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    let err = parse(&deep).expect_err("too deep");
    assert_eq!(err.offset, MAX_DEPTH * 5);
    assert!(
        err.message.contains("nests more than 100"),
        "{}",
        err.message
    );
    // Far deeper input must fail the same way, not overflow the stack.
    let huge = "Trim(".repeat(200_000);
    assert!(parse(&huge).is_err());
}

#[test]
fn top_level_attribute_and_constant_are_expressions() {
    assert_eq!(parse("[mail]"), Ok(Expr::Attribute("mail".into())));
    assert_eq!(parse(r#""CU3711""#), Ok(Expr::Str("CU3711".into())));
    assert_eq!(parse("  [mail]\n"), Ok(Expr::Attribute("mail".into())));
}
