//! Properties: printing then parsing gives the same expression; building a tree, reading it back
//! and building again gives the same tree; no input string makes the parser, the validator or
//! the tree builder panic or overflow the stack.

use entra_schema::expression::{
    CompareOp, Context, Expr, Flavor, from_tree_in, parse, print, to_tree, validate,
};
use proptest::prelude::*;
use serde_json::Value;

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        "[a-zA-Z][a-zA-Z0-9_.:]{0,12}".prop_map(Expr::Attribute),
        ("[a-z]{1,6}", "[a-z ]{0,6}", "[a-z]{1,6}")
            .prop_map(|(a, f, b)| Expr::Attribute(format!("{a}[type eq \"{f}\"].{b}"))),
        any::<String>().prop_map(Expr::Str),
        "[a-zA-Z \"\\\\,()\\[\\]]{0,10}".prop_map(Expr::Str),
        "-?[0-9]{1,6}(\\.[0-9]{1,3})?".prop_map(Expr::Number),
        "&H[0-9A-F]{1,4}".prop_map(Expr::Hex),
        "[a-zA-Z][a-zA-Z0-9]{0,8}".prop_map(Expr::Ident),
    ]
}

fn function_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("IIF".to_string()),
        Just("Join".to_string()),
        Just("Switch".to_string()),
        Just("Replace".to_string()),
        Just("FormatDateTime".to_string()),
        Just("Mid".to_string()),
        Just("Coalesce".to_string()),
        "[A-Z][a-zA-Z0-9]{0,8}",
    ]
}

fn not_compare(e: Expr) -> Expr {
    match e {
        Expr::Compare { .. } => Expr::Call {
            name: "CBool".into(),
            args: vec![Some(e)],
        },
        other => other,
    }
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            (
                function_name(),
                prop::collection::vec(prop::option::weighted(0.8, inner.clone()), 0..6)
            )
                .prop_map(|(name, mut args)| {
                    // `F()` is the only spelling of a call without arguments.
                    if args.len() == 1 && args[0].is_none() {
                        args.clear();
                    }
                    Expr::Call { name, args }
                }),
            (
                inner.clone(),
                prop::sample::select(CompareOp::ALL.to_vec()),
                inner
            )
                .prop_map(|(l, op, r)| Expr::Compare {
                    left: Box::new(not_compare(l)),
                    op,
                    right: Box::new(not_compare(r)),
                }),
        ]
    })
}

/// The tree without `expression` strings (children's are source slices, not prints).
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "expression")
                .map(|(k, v)| (k.clone(), shape(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(shape).collect()),
        other => other.clone(),
    }
}

fn any_context(flavor: Flavor) -> Context<'static> {
    Context {
        flavor,
        source: None,
        flow_type: None,
        matching_priority: 0,
        source_is_entra: false,
    }
}

proptest! {
    #[test]
    fn print_then_parse_gives_the_same_expression(e in expr()) {
        let text = print(&e);
        prop_assert_eq!(parse(&text), Ok(e), "text: {}", text);
    }

    #[test]
    fn tree_read_back_builds_the_same_tree(e in expr(), cloud in any::<bool>()) {
        let flavor = if cloud { Flavor::CloudSync } else { Flavor::AppProvisioning };
        let text = print(&e);
        let built = to_tree(&text, &e, flavor, &[]);
        let back = from_tree_in(&built.tree, flavor).map_err(TestCaseError::fail)?;
        let again = to_tree(&print(&back), &back, flavor, &[]);
        prop_assert_eq!(shape(&again.tree), shape(&built.tree));
    }

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        if let Ok(e) = parse(&s) {
            prop_assert_eq!(parse(&print(&e)), Ok(e.clone()));
            let _ = validate(&s, &e, &any_context(Flavor::AppProvisioning));
            let _ = to_tree(&s, &e, Flavor::CloudSync, &[]);
        }
    }

    #[test]
    fn expression_like_text_never_panics(s in "[\\[\\]()\",&=<>! a-zA-Z0-9\\\\.\n-]{0,120}") {
        if let Ok(e) = parse(&s) {
            prop_assert_eq!(parse(&print(&e)), Ok(e.clone()));
            let _ = validate(&s, &e, &any_context(Flavor::CloudSync));
            let _ = to_tree(&s, &e, Flavor::AppProvisioning, &["expression", "name", "parameters", "type"]);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash(n in 101usize..20_000, open in prop::sample::select(vec!["F(", "IIF(", "F([a], "])) {
        let s = open.repeat(n);
        let err = parse(&s).expect_err("too deep or unterminated");
        prop_assert!(err.offset <= s.chars().count());
    }
}
