//! Builds the `attributeMappingSource` tree (`type`, `name`, `expression`, `parameters`) of an
//! expression, with the parameter keys the service uses (expressions.md §4).
//!
//! Rules taken from the corpus and Microsoft's examples:
//! * the top node's `expression` is the text as the user typed it;
//! * an Attribute child's is `[name]`; a Constant child's is the value as a string literal
//!   (`"\"448\""`, numbers become string Constants); a nested Function's is its exact slice of the
//!   source text (the cloud-sync export keeps `BitAnd([userAccountControl], 2)="0"` unspaced),
//!   or its canonical print when the expression was not parsed from `source_text`;
//! * empty slots produce no entry; repeatable parameters repeat their key (`separator`, `source`,
//!   `source` for Join);
//! * IIF uses `one` (condition), `four`, `five`; a comparison condition is split into `one`
//!   (left), `two` (the operator as a Constant) and `three` (right).
//!
//! Not settled by any source (OQ-5), built as documented here and reported in `unverified`:
//! hex literals and bare words become Constants whose `expression` is the verbatim text; a
//! comparison outside an IIF condition becomes a Function named after the operator with keys
//! `left` and `right`. Keys the table marks as guesses report their function name.

use serde_json::{Map, Value, json};

use crate::expression::ast::{Expr, Spans};
use crate::expression::functions::{Flavor, Key, Lookup, lookup};
use crate::expression::parser::parse_spanned;
use crate::expression::printer::{print, quote};

/// A built tree and the list of things in it that are guesses (function names whose parameter
/// keys are not documented or observed; descriptions of node shapes nobody has seen).
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltTree {
    pub tree: Value,
    pub unverified: Vec<String>,
}

const DEFAULT_ORDER: [&str; 4] = ["expression", "name", "type", "parameters"];

/// Build the tree of `e`, which should be the parse of `source_text`. `key_order` is the order
/// of node keys used by sibling nodes of the document (empty = `expression, name, type,
/// parameters`, as the cloud-sync export); a `parameters` key absent from a non-empty
/// `key_order` is left out of Attribute and Constant nodes (Function nodes always have it).
pub fn to_tree(source_text: &str, e: &Expr, flavor: Flavor, key_order: &[&str]) -> BuiltTree {
    let parsed = parse_spanned(source_text).ok().filter(|p| p.expr == *e);
    let mut b = Builder {
        src: source_text.chars().collect(),
        flavor,
        key_order,
        unverified: Vec::new(),
    };
    let tree = b.node(e, parsed.as_ref().map(|p| &p.spans), Some(source_text));
    BuiltTree {
        tree,
        unverified: b.unverified,
    }
}

struct Builder<'a> {
    src: Vec<char>,
    flavor: Flavor,
    key_order: &'a [&'a str],
    unverified: Vec<String>,
}

impl Builder<'_> {
    fn note(&mut self, what: String) {
        if !self.unverified.contains(&what) {
            self.unverified.push(what);
        }
    }

    fn text_of(&self, e: &Expr, spans: Option<&Spans>) -> String {
        match (e, spans) {
            (Expr::Attribute(n), _) => format!("[{n}]"),
            (Expr::Str(s) | Expr::Number(s), _) => quote(s),
            (Expr::Hex(t) | Expr::Ident(t), _) => t.clone(),
            (_, Some(s)) if s.end <= self.src.len() => self.src[s.start..s.end].iter().collect(),
            _ => print(e),
        }
    }

    fn node(&mut self, e: &Expr, spans: Option<&Spans>, top: Option<&str>) -> Value {
        let expression = top.map_or_else(|| self.text_of(e, spans), str::to_string);
        let (kind, name, params) = match e {
            Expr::Attribute(n) => ("Attribute", n.clone(), None),
            Expr::Str(s) | Expr::Number(s) => ("Constant", s.clone(), None),
            Expr::Hex(t) => {
                self.note(format!("hex literal {t} (tree form unknown, OQ-5)"));
                ("Constant", t.clone(), None)
            }
            Expr::Ident(t) => {
                self.note(format!("bare word {t} (tree form unknown, OQ-5)"));
                ("Constant", t.clone(), None)
            }
            Expr::Call { name, args } => {
                let params = self.call_params(name, args, spans);
                ("Function", name.clone(), Some(params))
            }
            Expr::Compare { left, op, right } => {
                self.note(format!(
                    "comparison '{op}' outside an IIF condition (tree form unknown, OQ-5)"
                ));
                let l = self.node(left, spans.map(|s| s.child(0)), None);
                let r = self.node(right, spans.map(|s| s.child(1)), None);
                let params = vec![entry("left", l), entry("right", r)];
                ("Function", op.as_str().to_string(), Some(params))
            }
        };
        self.assemble(expression, kind, name, params)
    }

    fn call_params(
        &mut self,
        name: &str,
        args: &[Option<Expr>],
        spans: Option<&Spans>,
    ) -> Vec<Value> {
        let sig = match lookup(name, self.flavor) {
            Lookup::Found(s) | Lookup::CaseMismatch(s) | Lookup::OtherFlavor(s) => Some(s),
            Lookup::Unknown => None,
        };
        let is_iif = sig.is_some_and(|s| s.name == "IIF");
        let mut out = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            let Some(arg) = arg else { continue };
            let span = spans.map(|s| s.child(i));
            if let (true, 0, Expr::Compare { left, op, right }) = (is_iif, i, arg) {
                let l = self.node(left, span.map(|s| s.child(0)), None);
                let opnode =
                    self.assemble(quote(op.as_str()), "Constant", op.as_str().into(), None);
                let r = self.node(right, span.map(|s| s.child(1)), None);
                out.extend([entry("one", l), entry("two", opnode), entry("three", r)]);
                continue;
            }
            let key = if is_iif {
                ["one", "four", "five"]
                    .get(i)
                    .map(|k| Key::Verified(k.to_string()))
            } else {
                sig.and_then(|s| s.param_at(i)).map(|p| p.key.clone())
            };
            let key = match key {
                Some(Key::Verified(k)) => k,
                Some(Key::Guess(k)) => {
                    self.note(name.to_string());
                    k
                }
                None => {
                    self.note(name.to_string());
                    format!("arg{}", i + 1)
                }
            };
            let value = self.node(arg, span, None);
            out.push(entry(&key, value));
        }
        out
    }

    fn assemble(
        &self,
        expression: String,
        kind: &str,
        name: String,
        params: Option<Vec<Value>>,
    ) -> Value {
        let is_function = params.is_some();
        let mut fields: Vec<(&str, Value)> = vec![
            ("expression", Value::String(expression)),
            ("name", Value::String(name)),
            ("type", Value::String(kind.into())),
            ("parameters", Value::Array(params.unwrap_or_default())),
        ];
        if !self.key_order.is_empty() && !self.key_order.contains(&"parameters") && !is_function {
            fields.retain(|(k, _)| *k != "parameters");
        }
        let rank = |k: &str| {
            self.key_order.iter().position(|o| *o == k).unwrap_or(
                self.key_order.len() + DEFAULT_ORDER.iter().position(|o| *o == k).unwrap_or(0),
            )
        };
        fields.sort_by_key(|(k, _)| rank(k));
        let mut map = Map::new();
        for (k, v) in fields {
            map.insert(k.to_string(), v);
        }
        Value::Object(map)
    }
}

fn entry(key: &str, value: Value) -> Value {
    json!({ "key": key, "value": value })
}

/// True when two source trees have the same structure: `type` (absent = `Attribute`), `name`,
/// and the same parameters (`key`s and values, in order; absent or null = `[]`). `expression`
/// strings and key order are ignored: compare expressions with `equivalent` where needed.
/// Use it to check that a stored tree agrees with the tree built from its expression, or that
/// the tree read back after a PUT is the one that was sent.
pub fn same_structure(a: &Value, b: &Value) -> bool {
    let kind = |v: &Value| {
        v.get("type")
            .and_then(Value::as_str)
            .unwrap_or("Attribute")
            .to_string()
    };
    let params = |v: &Value| -> Vec<(Option<String>, Value)> {
        v.get("parameters")
            .and_then(Value::as_array)
            .map(|ps| {
                ps.iter()
                    .map(|p| {
                        let key = p.get("key").and_then(Value::as_str).map(str::to_string);
                        (key, p.get("value").cloned().unwrap_or(Value::Null))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    if kind(a) != kind(b) || a.get("name") != b.get("name") {
        return false;
    }
    let (pa, pb) = (params(a), params(b));
    pa.len() == pb.len()
        && pa
            .iter()
            .zip(&pb)
            .all(|((ka, va), (kb, vb))| ka == kb && same_structure(va, vb))
}
