//! The checks of one function call: known name (with did-you-mean and engine), arity, empty
//! required slots, and the function-specific rules of expressions.md §3.3 (SelectUniqueValue,
//! the app-role functions, IIF, Switch, IgnoreFlowIfNullOrEmpty, DateAdd intervals, ...).

use crate::expression::ast::{Expr, Spans};
use crate::expression::functions::{Flavor, Lookup, Origin, Signature, lookup, signatures};
use crate::expression::validate::{
    Context, Place, Problem, Severity, is_app_role_function, problem,
};
use crate::suggest::did_you_mean;

const REFERENCE: &str = "see https://learn.microsoft.com/en-us/entra/identity/app-provisioning/functions-for-customizing-application-data";

/// Check a call; returns the documented spelling of the function when it is known.
pub fn check_call(
    name: &str,
    args: &[Option<Expr>],
    span: Option<&Spans>,
    place: Place,
    ctx: &Context,
    out: &mut Vec<Problem>,
) -> Option<&'static str> {
    let at = span.map(|s| s.start);
    let sig = match lookup(name, ctx.flavor) {
        Lookup::Found(s) => s,
        Lookup::CaseMismatch(s) => {
            let msg = format!(
                "function \"{name}\" is written \"{}\" in the function reference",
                s.name
            );
            let hint = "the documented syntax is case-sensitive; the service may not match other spellings";
            out.push(problem(Severity::Warning, at, msg, Some(hint.into())));
            s
        }
        Lookup::OtherFlavor(s) => {
            let msg = format!(
                "{} is available only in cloud sync (AD2AADProvisioning jobs), not in app provisioning",
                s.name
            );
            let hint = match s.name.as_str() {
                "Trim" => "app provisioning has no Trim; StripSpaces removes every space character"
                    .to_string(),
                _ => REFERENCE.to_string(),
            };
            out.push(problem(Severity::Error, at, msg, Some(hint)));
            return Some(s.name.as_str());
        }
        Lookup::Unknown => {
            let names = signatures(ctx.flavor).iter().map(|s| s.name.as_str());
            let msg = match did_you_mean(name, names) {
                Some(g) => format!("unknown function \"{name}\"; did you mean \"{g}\"?"),
                None => format!("unknown function \"{name}\""),
            };
            out.push(problem(Severity::Error, at, msg, Some(REFERENCE.into())));
            return None;
        }
    };
    if sig.origin == Origin::Legacy {
        let msg = format!(
            "{} is a legacy function: only old Graph schema/functions samples show it",
            sig.name
        );
        let hint = "keep it only if the job's schema/functions response lists it";
        out.push(problem(Severity::Warning, at, msg, Some(hint.into())));
    }
    check_arity(sig, args, span, ctx.flavor, out);
    check_specific(sig, args, span, place, ctx, out);
    Some(sig.name.as_str())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn check_arity(
    sig: &Signature,
    args: &[Option<Expr>],
    span: Option<&Spans>,
    flavor: Flavor,
    out: &mut Vec<Problem>,
) {
    let n = args.len();
    let name = &sig.name;
    let takes = match sig.max {
        Some(max) if max == sig.min => format!("{name} takes {max} argument{}", plural(max)),
        Some(max) => format!("{name} takes {} to {max} arguments", sig.min),
        None => format!(
            "{name} takes at least {} argument{}",
            sig.min,
            plural(sig.min)
        ),
    };
    let usage = if sig.usage.is_empty() {
        "none".to_string()
    } else {
        sig.usage.clone()
    };
    let was = if n == 1 { "was" } else { "were" };
    let message = format!("{takes} ({usage}), but {n} {was} given");
    let hint = if name == "FormatDateTime" && flavor == Flavor::AppProvisioning {
        Some("keep the empty dateTimeStyles slot: FormatDateTime([x], , \"yyyyMMdd\", \"yyyy-MM-dd\")".to_string())
    } else {
        None
    };
    if n < sig.min {
        // Point at the closing parenthesis, where the missing arguments belong.
        let at = span.map(|s| s.end.saturating_sub(1));
        out.push(problem(Severity::Error, at, message, hint));
        return;
    }
    if let Some(max) = sig.max.filter(|max| n > *max) {
        let at = span.map(|s| s.child(max).start);
        out.push(problem(Severity::Error, at, message, hint));
        return;
    }
    if name == "Switch" && n % 2 == 1 {
        let msg = format!(
            "Switch takes an even number of arguments (source, defaultValue, then key/value pairs), but {n} were given"
        );
        let at = span.map(|s| s.child(n - 1).start);
        let hint = "every key needs a value; leave defaultValue empty (Switch([x], , \"k\", \"v\")) rather than dropping it";
        out.push(problem(Severity::Error, at, msg, Some(hint.into())));
    }
    for (i, arg) in args.iter().enumerate() {
        let Some(param) = sig.param_at(i).filter(|p| !p.optional) else {
            continue;
        };
        if arg.is_some() {
            continue;
        }
        let at = span.map(|s| s.child(i).start);
        let accepted = (name == "IIF" && i == 2) || (name == "Join" && i > 0);
        let (severity, tail) = if accepted {
            (
                Severity::Warning,
                "the service accepts it, but the value may be missing",
            )
        } else {
            (Severity::Error, "but it is required")
        };
        let msg = format!(
            "argument {} of {name} ({}) is empty, {tail}",
            i + 1,
            param.name
        );
        out.push(problem(severity, at, msg, None));
    }
}

fn arg_start(span: Option<&Spans>, i: usize) -> Option<usize> {
    span.map(|s| s.child(i).start)
}

fn call_name(arg: Option<&Option<Expr>>) -> Option<&str> {
    match arg {
        Some(Some(Expr::Call { name, .. })) => Some(name.as_str()),
        _ => None,
    }
}

fn check_specific(
    sig: &Signature,
    args: &[Option<Expr>],
    span: Option<&Spans>,
    place: Place,
    ctx: &Context,
    out: &mut Vec<Problem>,
) {
    let at = span.map(|s| s.start);
    let name = sig.name.as_str();
    match name {
        "SelectUniqueValue" => {
            if !place.top {
                let msg = "SelectUniqueValue must be the outermost function of the expression"
                    .to_string();
                out.push(problem(
                    Severity::Error,
                    at,
                    msg,
                    Some("move it to the top and nest the other calls inside it".into()),
                ));
                return;
            }
            let flow = ctx.flow_type.unwrap_or("Always");
            if flow != "ObjectAddOnly" {
                let msg = format!(
                    "SelectUniqueValue needs flowType \"ObjectAddOnly\", but flowType is \"{flow}\""
                );
                let hint = "set flowType: ObjectAddOnly (\"Apply this mapping: Only during object creation\")";
                out.push(problem(Severity::Error, at, msg, Some(hint.into())));
            }
            if ctx.matching_priority > 0 {
                let msg = format!(
                    "SelectUniqueValue cannot be used on a matching attribute (matchingPriority is {})",
                    ctx.matching_priority
                );
                out.push(problem(
                    Severity::Error,
                    at,
                    msg,
                    Some("set matchingPriority to 0".into()),
                ));
            }
        }
        n if is_app_role_function(n) && !ctx.source_is_entra => {
            let msg = format!(
                "{n} works only when provisioning from Entra ID to an app, but the source directory is not Entra ID"
            );
            out.push(problem(
                Severity::Error,
                at,
                msg,
                Some("[appRoleAssignments] exists only on Entra ID users".into()),
            ));
        }
        "IIF" => {
            let cond = call_name(args.first());
            if cond.is_some_and(|c| c.eq_ignore_ascii_case("IgnoreFlowIfNullOrEmpty")) {
                let msg = "IgnoreFlowIfNullOrEmpty cannot be the condition of IIF".to_string();
                let hint = "wrap the whole IIF instead: IgnoreFlowIfNullOrEmpty(IIF(...))";
                out.push(problem(
                    Severity::Error,
                    arg_start(span, 0),
                    msg,
                    Some(hint.into()),
                ));
            }
            let unsupported = cond.is_some_and(|c| c == "IsPresent" || c == "IsNullOrEmpty");
            if unsupported && ctx.flavor == Flavor::AppProvisioning {
                let msg = format!(
                    "IIF({}(...), ...) is listed as an unsupported pattern: IIF fails when the attribute is null or empty",
                    cond.unwrap_or_default()
                );
                let hint =
                    "use Switch with a \"\" key, or wrap the expression in IgnoreFlowIfNullOrEmpty";
                out.push(problem(
                    Severity::Warning,
                    arg_start(span, 0),
                    msg,
                    Some(hint.into()),
                ));
            }
        }
        "Switch" => {
            if let Some(c) = call_name(args.first())
                .filter(|c| ["IsPresent", "IsNull", "IsNullOrEmpty"].contains(c))
            {
                let msg = format!("{c} should not be the source of Switch");
                let hint =
                    "switch on the attribute itself and use \"\" as a key for the empty value";
                out.push(problem(
                    Severity::Warning,
                    arg_start(span, 0),
                    msg,
                    Some(hint.into()),
                ));
            }
        }
        "IgnoreFlowIfNullOrEmpty" => {
            let as_condition = matches!(place.parent, Some(("IIF", 0)));
            if !place.top && !as_condition {
                let msg =
                    "IgnoreFlowIfNullOrEmpty works only as the outermost wrapper of the expression"
                        .to_string();
                out.push(problem(Severity::Warning, at, msg, None));
            }
        }
        "DateAdd" | "DateDiff" => {
            const INTERVALS: [&str; 7] = ["yyyy", "m", "d", "ww", "h", "n", "s"];
            if let Some(Some(Expr::Str(interval))) = args.first()
                && !INTERVALS.contains(&interval.as_str())
            {
                let mut msg = format!(
                    "interval \"{interval}\" of {name} is not one of \"yyyy\", \"m\", \"d\", \"ww\", \"h\", \"n\", \"s\""
                );
                if let Some(g) = did_you_mean(interval, INTERVALS) {
                    msg.push_str(&format!("; did you mean \"{g}\"?"));
                }
                out.push(problem(
                    Severity::Warning,
                    arg_start(span, 0),
                    msg,
                    Some("\"m\" is months, \"n\" is minutes".into()),
                ));
            }
        }
        "Item" => {
            if matches!(args.get(1), Some(Some(Expr::Number(n)) | Some(Expr::Str(n))) if n == "0") {
                let msg = "Item counts from 1; index 0 must not be used".to_string();
                out.push(problem(Severity::Warning, arg_start(span, 1), msg, None));
            }
        }
        "RandomString" => {
            let length = match args.first() {
                Some(Some(Expr::Number(n)) | Some(Expr::Str(n))) => n.parse::<f64>().ok(),
                _ => None,
            };
            if length.is_some_and(|l| l > 256.0) {
                let msg = "RandomString generates at most 256 characters".to_string();
                out.push(problem(Severity::Error, arg_start(span, 0), msg, None));
            }
        }
        _ => {}
    }
}
