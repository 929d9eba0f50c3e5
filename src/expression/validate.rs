//! Checks a parsed expression against what the service accepts (expressions.md §2 and §7):
//! known functions and arity (`rules`), defined source attributes, the 10,000-character limit,
//! bare words and literals in the right places. Produces `Problem`s; never fails, never panics.
//!
//! The caller (the whole-schema lint) decides what is fatal: problems in expressions a change
//! set adds or changes are errors as reported, those already in a tenant's schema are warnings.
//!
//! How the lint calls it, once per attribute mapping with a source expression: `parse` (a
//! `ParseError` is reported as is), build a `Context` from the mapping (engine from the job
//! template, the source object's attribute list, `flowType`, `matchingPriority`, whether the
//! source directory is Entra ID), call `validate`, and turn each problem into an `Error` with
//! `located` (or render it with `render_problem`). Messages say "the source object"; the lint
//! knows its name and directory and may add them.

use crate::expression::ast::{Expr, Spans};
use crate::expression::functions::{Flavor, Lookup, lookup};
use crate::expression::parser::{MAX_DEPTH, parse_spanned};
use crate::expression::rules::check_call;
use crate::suggest::did_you_mean;

/// The documented limit on the length of one mapping expression, in characters.
pub const MAX_LENGTH: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding. `offset` is a char index into the expression text when the problem has a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub offset: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// What the validator knows about the mapping around the expression.
pub struct Context<'a> {
    pub flavor: Flavor,
    /// The source object and the attributes it defines (exact, case-sensitive names). `None` =
    /// unknown: attribute references are not checked.
    pub source: Option<SourceObject<'a>>,
    /// The mapping's `flowType` (`None` = absent, which means `Always`).
    pub flow_type: Option<&'a str>,
    pub matching_priority: i64,
    /// The source directory is Entra ID ("Azure Active Directory" / "Microsoft Entra ID").
    pub source_is_entra: bool,
}

/// The object an expression reads its attributes from.
#[derive(Debug, Clone, Copy)]
pub struct SourceObject<'a> {
    pub directory: &'a str,
    pub object: &'a str,
    pub attributes: &'a [&'a str],
}

impl Context<'_> {
    /// A context that knows only the engine: no attribute check, flowType `Always`, not a
    /// matching attribute, source not Entra ID.
    pub fn new(flavor: Flavor) -> Self {
        Context {
            flavor,
            source: None,
            flow_type: None,
            matching_priority: 0,
            source_is_entra: false,
        }
    }
}

/// Where a node sits: the function and argument position it is passed to, if any.
#[derive(Debug, Clone, Copy)]
pub struct Place<'e> {
    pub parent: Option<(&'e str, usize)>,
    pub top: bool,
}

/// Every problem found in `e`, which should be the parse of `source_text` (offsets are only
/// given when it is).
pub fn validate(source_text: &str, e: &Expr, ctx: &Context) -> Vec<Problem> {
    let parsed = parse_spanned(source_text).ok().filter(|p| p.expr == *e);
    let mut out = Vec::new();
    let length = source_text.chars().count();
    if length > MAX_LENGTH {
        out.push(Problem {
            severity: Severity::Error,
            offset: Some(MAX_LENGTH),
            message: format!(
                "the expression is {} characters long; the service accepts at most 10,000",
                thousands(length)
            ),
            hint: Some(
                "shorten it, for example by splitting the logic over several attributes".into(),
            ),
        });
    }
    if let Some(p) = &parsed {
        out.extend(p.notes.iter().map(|n| Problem {
            severity: Severity::Warning,
            offset: Some(n.offset),
            message: n.message.clone(),
            hint: n.hint.clone(),
        }));
    }
    let spans = parsed.as_ref().map(|p| &p.spans);
    walk(
        e,
        spans,
        Place {
            parent: None,
            top: true,
        },
        ctx,
        0,
        &mut out,
    );
    out
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(crate) fn problem(
    severity: Severity,
    offset: Option<usize>,
    message: String,
    hint: Option<String>,
) -> Problem {
    Problem {
        severity,
        offset,
        message,
        hint,
    }
}

fn walk<'e>(
    e: &'e Expr,
    span: Option<&Spans>,
    place: Place<'e>,
    ctx: &Context,
    depth: usize,
    out: &mut Vec<Problem>,
) {
    let at = span.map(|s| s.start);
    if depth > MAX_DEPTH {
        let msg = format!("the expression nests more than {MAX_DEPTH} levels deep");
        out.push(problem(Severity::Error, at, msg, None));
        return;
    }
    match e {
        Expr::Attribute(name) => check_attribute(name, at, place, ctx, out),
        Expr::Ident(word) => check_word(word, at, place, ctx, out),
        Expr::Hex(text) => {
            if !matches!(place.parent, Some(("BitAnd", _))) {
                let msg = format!("hex literal {text} is documented only as an argument of BitAnd");
                out.push(problem(Severity::Warning, at, msg, None));
            }
        }
        Expr::Str(_) | Expr::Number(_) => {}
        Expr::Compare { left, op, right } => {
            let allowed = matches!(place.parent, Some(("IIF", 0)) | Some(("CBool", 0)));
            if place.top {
                let msg = format!(
                    "a comparison ('{op}') as the whole expression yields only \"True\" or \"False\""
                );
                let hint = "comparisons are meant as the condition of IIF(condition, valueIfTrue, valueIfFalse)";
                out.push(problem(Severity::Warning, at, msg, Some(hint.into())));
            } else if !allowed {
                let msg = format!(
                    "comparison '{op}' is documented only as the condition of IIF or inside CBool"
                );
                out.push(problem(Severity::Warning, at, msg, None));
            }
            let inner = Place {
                parent: None,
                top: false,
            };
            walk(left, span.map(|s| s.child(0)), inner, ctx, depth + 1, out);
            walk(right, span.map(|s| s.child(1)), inner, ctx, depth + 1, out);
        }
        Expr::Call { name, args } => {
            let canonical = check_call(name, args, span, place, ctx, out);
            let fname = canonical.unwrap_or(name.as_str());
            for (i, arg) in args.iter().enumerate() {
                if let Some(arg) = arg {
                    let p = Place {
                        parent: Some((fname, i)),
                        top: false,
                    };
                    walk(arg, span.map(|s| s.child(i)), p, ctx, depth + 1, out);
                }
            }
        }
    }
}

const APP_ROLE_FUNCTIONS: [&str; 4] = [
    "AppRoleAssignmentsComplex",
    "AssertiveAppRoleAssignmentsComplex",
    "SingleAppRoleAssignment",
    "AppRoleAssignments",
];

pub(crate) fn is_app_role_function(name: &str) -> bool {
    APP_ROLE_FUNCTIONS.contains(&name)
}

fn check_attribute(
    name: &str,
    at: Option<usize>,
    place: Place,
    ctx: &Context,
    out: &mut Vec<Problem>,
) {
    if name == "appRoleAssignments" && !place.parent.is_some_and(|(f, _)| is_app_role_function(f)) {
        let msg = "[appRoleAssignments] can only be passed to AppRoleAssignmentsComplex, \
                   AssertiveAppRoleAssignmentsComplex or SingleAppRoleAssignment"
            .to_string();
        out.push(problem(
            Severity::Error,
            at,
            msg,
            Some("wrap it, as in SingleAppRoleAssignment([appRoleAssignments])".into()),
        ));
    }
    let Some(source) = ctx.source else {
        return;
    };
    if source.attributes.contains(&name) {
        return;
    }
    let msg = format!(
        "attribute \"{name}\" is not defined on object {} of directory {}",
        source.object, source.directory
    );
    let hint = case_variants(name)
        .into_iter()
        .find(|v| source.attributes.contains(&v.as_str()))
        .map(|v| format!("did you mean [{v}]? attribute names are case-sensitive"))
        .or_else(|| {
            crate::suggest::did_you_mean(name, source.attributes.iter().copied())
                .map(|v| format!("did you mean [{v}]?"))
        })
        .unwrap_or_else(|| {
            "add the attribute definition first (in `attributes:` of a change set), or correct the name".into()
        });
    out.push(problem(Severity::Error, at, msg, Some(hint)));
}

/// Spellings that differ only in case and that people often type by mistake.
fn case_variants(name: &str) -> Vec<String> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Vec::new();
    };
    let rest: String = chars.collect();
    let toggled = if first.is_uppercase() {
        first.to_lowercase().collect::<String>()
    } else {
        first.to_uppercase().collect()
    };
    vec![
        format!("{toggled}{rest}"),
        name.to_lowercase(),
        name.to_uppercase(),
    ]
}

/// Bare words: enum values where a function takes them, an error anywhere else.
fn check_word(word: &str, at: Option<usize>, place: Place, ctx: &Context, out: &mut Vec<Problem>) {
    let allowed: &[&str] = match place.parent {
        Some(("InStr", 3)) => &["vbTextCompare", "vbBinaryCompare"],
        Some(("ConvertFromBase64", 1)) => &["Unicode", "ASCII", "UTF8"],
        _ => &[],
    };
    if allowed.contains(&word) {
        return;
    }
    if let (Some((f, i)), false) = (place.parent, allowed.is_empty()) {
        let list = allowed.join(" or ");
        let msg = match did_you_mean(word, allowed.iter().copied()) {
            Some(g) => format!(
                "argument {} of {f} must be {list}, not {word}; did you mean {g}?",
                i + 1
            ),
            None => format!("argument {} of {f} must be {list}, not {word}", i + 1),
        };
        out.push(problem(
            Severity::Error,
            at,
            msg,
            Some("write the value as a bare word, without quotes".into()),
        ));
        return;
    }
    let hint = match lookup(word, ctx.flavor) {
        Lookup::Found(s) | Lookup::CaseMismatch(s) => {
            format!("to call the function, write {}(...)", s.name)
        }
        _ => format!(
            "write text in double quotes (\"{word}\") and attributes in brackets ([{word}])"
        ),
    };
    let msg = format!("bare word \"{word}\" is not a value here");
    out.push(problem(Severity::Error, at, msg, Some(hint)));
}
