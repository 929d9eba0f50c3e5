//! Reads an `attributeMappingSource` tree back into an `Expr` (the inverse of `tree::to_tree`).
//!
//! Parameters are placed by their keys at the positions the function table gives them; missing
//! slots become empty arguments (IIF up to its three positions, Replace up to the seven the docs
//! always write). A Constant whose name is a number becomes a `Number`, one whose `expression`
//! is a verbatim `&H..` or bare word becomes `Hex`/`Ident`, any other a `Str` — including the
//! placeholders with `"expression": null` such as `%DomainFQDN%`, which no text can express.

use serde_json::Value;

use crate::expression::ast::{CompareOp, Expr};
use crate::expression::functions::{Flavor, Lookup, Signature, lookup};
use crate::expression::parser::{MAX_DEPTH, parse};

/// The expression a tree stands for, with app-provisioning signatures.
pub fn from_tree(tree: &Value) -> Result<Expr, String> {
    from_tree_in(tree, Flavor::AppProvisioning)
}

/// The expression a tree stands for, with the signatures of `flavor` (FormatDateTime differs).
pub fn from_tree_in(tree: &Value, flavor: Flavor) -> Result<Expr, String> {
    node(tree, flavor, 0)
}

fn str_field<'a>(tree: &'a Value, field: &str) -> Option<&'a str> {
    tree.get(field).and_then(Value::as_str)
}

fn node(tree: &Value, flavor: Flavor, depth: usize) -> Result<Expr, String> {
    if depth > MAX_DEPTH {
        return Err(format!("the tree nests more than {MAX_DEPTH} levels deep"));
    }
    if !tree.is_object() {
        return Err(format!("a source node must be a JSON object, not {tree}"));
    }
    let name = str_field(tree, "name").ok_or("a source node has no \"name\"")?;
    match str_field(tree, "type").unwrap_or("Attribute") {
        "Attribute" => Ok(Expr::Attribute(name.to_string())),
        "Constant" => Ok(constant(name, str_field(tree, "expression"))),
        "Function" => function(name, tree, flavor, depth),
        other => Err(format!(
            "unknown source type \"{other}\" (expected Attribute, Constant or Function)"
        )),
    }
}

fn constant(name: &str, expression: Option<&str>) -> Expr {
    let verbatim = expression == Some(name) && !name.is_empty();
    match parse(name) {
        Ok(Expr::Number(n)) if n == name => Expr::Number(n),
        Ok(Expr::Hex(h)) if verbatim && h == name => Expr::Hex(h),
        Ok(Expr::Ident(w)) if verbatim && w == name => Expr::Ident(w),
        _ => Expr::Str(name.to_string()),
    }
}

fn parameters(tree: &Value) -> Result<Vec<(&str, &Value)>, String> {
    let Some(params) = tree.get("parameters").filter(|p| !p.is_null()) else {
        return Ok(Vec::new());
    };
    let params = params.as_array().ok_or("\"parameters\" must be an array")?;
    params
        .iter()
        .map(|p| {
            let key = str_field(p, "key").ok_or("a parameter has no \"key\"")?;
            let value = p.get("value").ok_or("a parameter has no \"value\"")?;
            Ok((key, value))
        })
        .collect()
}

fn function(name: &str, tree: &Value, flavor: Flavor, depth: usize) -> Result<Expr, String> {
    let params = parameters(tree)?;
    if let Some(op) = CompareOp::from_str_exact(name) {
        return match params.as_slice() {
            [("left", l), ("right", r)] => Ok(Expr::Compare {
                left: Box::new(node(l, flavor, depth + 1)?),
                op,
                right: Box::new(node(r, flavor, depth + 1)?),
            }),
            _ => Err(format!(
                "comparison '{name}' needs parameters \"left\" and \"right\""
            )),
        };
    }
    let sig = match lookup(name, flavor) {
        Lookup::Found(s) | Lookup::CaseMismatch(s) | Lookup::OtherFlavor(s) => Some(s),
        Lookup::Unknown => None,
    };
    let mut slots: Vec<Option<Expr>> = Vec::new();
    let mut cursor = 0usize;
    let mut iif_left: Option<Expr> = None;
    let mut iif_op: Option<CompareOp> = None;
    for (key, value) in params {
        let is_iif = sig.is_some_and(|s| s.name == "IIF");
        if is_iif && key == "two" {
            let op = str_field(value, "name").and_then(CompareOp::from_str_exact);
            iif_op = Some(op.ok_or("IIF parameter \"two\" must be a comparison operator")?);
            continue;
        }
        let value = node(value, flavor, depth + 1)?;
        if is_iif && key == "one" {
            iif_left = Some(value.clone());
        }
        if is_iif && key == "three" {
            let (Some(left), Some(op)) = (iif_left.take(), iif_op.take()) else {
                return Err("IIF parameter \"three\" needs \"one\" and \"two\" before it".into());
            };
            let cond = Expr::Compare {
                left: Box::new(left),
                op,
                right: Box::new(value),
            };
            place(&mut slots, 0, cond);
            continue;
        }
        let pos = position(name, sig, key, cursor)?;
        place(&mut slots, pos, value);
        cursor = pos + 1;
    }
    let min = match sig {
        Some(s) if s.name == "Replace" => 7,
        Some(s) => s.min,
        None => 0,
    };
    while slots.len() < min {
        slots.push(None);
    }
    Ok(Expr::Call {
        name: name.to_string(),
        args: slots,
    })
}

fn place(slots: &mut Vec<Option<Expr>>, pos: usize, value: Expr) {
    while slots.len() <= pos {
        slots.push(None);
    }
    slots[pos] = Some(value);
}

/// The first position at or after `cursor` whose parameter has key `key`.
fn position(
    function: &str,
    sig: Option<&Signature>,
    key: &str,
    cursor: usize,
) -> Result<usize, String> {
    if let Some(n) = key
        .strip_prefix("arg")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| *n >= 1)
    {
        return Ok(n - 1);
    }
    if let Some(sig) = sig {
        let iif = ["one", "four", "five"].iter().position(|k| *k == key);
        if let Some(p) = iif.filter(|_| sig.name == "IIF") {
            return Ok(p);
        }
        let span = sig.fixed.len() + 2 * sig.repeat.len().max(1);
        if let Some(p) =
            (cursor..cursor + span).find(|p| sig.param_at(*p).is_some_and(|p| p.key.name() == key))
        {
            return Ok(p);
        }
        return Err(format!(
            "{function} has no parameter with key \"{key}\" after position {cursor}"
        ));
    }
    Ok(cursor)
}
