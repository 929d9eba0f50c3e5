//! Prints an `Expr` in canonical form and compares expression texts modulo layout.
//!
//! Canonical form: `Name(a, b)` with ", " between arguments (an empty slot prints as nothing, so
//! `Replace([x], "-", , , "_", , )`), ` = ` around comparisons, strings with `\"` and `\\`
//! escapes. `parse(print(e)) == e` for every `Expr` the parser can produce.

use crate::expression::ast::Expr;

/// The canonical text of `e`.
pub fn print(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(e, &mut out);
    out
}

fn write_expr(e: &Expr, out: &mut String) {
    match e {
        Expr::Attribute(name) => {
            out.push('[');
            out.push_str(name);
            out.push(']');
        }
        Expr::Str(s) => out.push_str(&quote(s)),
        Expr::Number(t) | Expr::Hex(t) | Expr::Ident(t) => out.push_str(t),
        Expr::Call { name, args } => {
            out.push_str(name);
            out.push('(');
            // `F()` is the only spelling of a call without arguments, and one empty slot
            // cannot be told apart from it.
            let only_empty = args.len() == 1 && args[0].is_none();
            if !only_empty {
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if let Some(a) = arg {
                        write_expr(a, out);
                    }
                }
            }
            out.push(')');
        }
        Expr::Compare { left, op, right } => {
            write_expr(left, out);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            write_expr(right, out);
        }
    }
}

/// `s` with `\` and `"` escaped (without the surrounding quotes).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `s` as a string literal: `"` + escaped text + `"`. This is also the `expression` of a
/// Constant node in a parsed tree (`"\"448\""`).
pub fn quote(s: &str) -> String {
    format!("\"{}\"", escape(s))
}

/// True when `a` and `b` differ only in whitespace outside string literals and attribute
/// references (expressions.md §4.3 rule 6: the service may normalise layout).
pub fn equivalent(a: &str, b: &str) -> bool {
    strip_layout(a) == strip_layout(b)
}

fn strip_layout(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_string = false;
    let mut in_quoted_name = false;
    let mut bracket_depth = 0usize;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if bracket_depth > 0 {
            out.push(c);
            match c {
                '"' => in_quoted_name = !in_quoted_name,
                '[' if !in_quoted_name => bracket_depth += 1,
                ']' if !in_quoted_name => bracket_depth -= 1,
                _ => {}
            }
            continue;
        }
        match c {
            ' ' | '\t' | '\r' | '\n' => {}
            '"' => {
                in_string = true;
                out.push(c);
            }
            '[' => {
                bracket_depth = 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expression::parser::parse;

    #[test]
    fn prints_empty_slots_like_the_service() {
        let src = "Replace([preferredLanguage], \"-\", , , \"_\", ,  )";
        let e = parse(src).expect("parses");
        assert_eq!(
            print(&e),
            "Replace([preferredLanguage], \"-\", , , \"_\", , )"
        );
        assert!(equivalent(src, &print(&e)));
    }

    #[test]
    fn equivalence_keeps_spaces_inside_strings_and_names() {
        assert!(equivalent("Join( \"a b\" ,[x])", "Join(\"a b\", [x])"));
        assert!(!equivalent("Join(\"a b\", [x])", "Join(\"ab\", [x])"));
        assert!(!equivalent(
            "[emails[type eq \"work\"].value]",
            "[emails[typeeq\"work\"].value]"
        ));
        assert!(equivalent(
            "IIF([a]=\"0\",\"x\",\"y\")",
            "IIF([a] = \"0\", \"x\", \"y\")"
        ));
    }

    #[test]
    fn quote_escapes_backslash_and_quote() {
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
