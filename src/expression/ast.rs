//! The syntax tree of a mapping expression (`Expr`), the side tree of source positions the parser
//! records next to it (`Spans`), and small read-only walks over them.
//!
//! `Expr` carries no positions so that two expressions compare equal whenever they mean the same
//! text; positions live in `Spans`, which has the same shape as the `Expr` it describes.

use std::fmt;

/// One parsed mapping expression.
///
/// Invariant kept by the parser: a `Call` never has exactly one argument that is `None`, because
/// `F()` and `F( )` both mean "no arguments" in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// `[name]`: the name without the outer brackets, verbatim (it may hold brackets and quotes,
    /// as in `emails[type eq "work"].value`).
    Attribute(String),
    /// `"text"`: the unescaped value.
    Str(String),
    /// `12`, `-10`, `42568.75`: the verbatim text.
    Number(String),
    /// `&HF7`: the verbatim text.
    Hex(String),
    /// A bare word such as `vbTextCompare` or `UTF8`.
    Ident(String),
    /// `Name(arg, , arg)`: `None` is an empty positional slot.
    Call {
        name: String,
        args: Vec<Option<Expr>>,
    },
    /// `left op right`.
    Compare {
        left: Box<Expr>,
        op: CompareOp,
        right: Box<Expr>,
    },
}

/// A comparison operator, as documented for the IIF condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl CompareOp {
    pub const ALL: [CompareOp; 6] = [
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Gt,
        CompareOp::Ge,
        CompareOp::Lt,
        CompareOp::Le,
    ];

    /// The operator as written in an expression (and as the IIF tree stores it in key `two`).
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "<>",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
        }
    }

    pub fn from_str_exact(s: &str) -> Option<CompareOp> {
        CompareOp::ALL.into_iter().find(|op| op.as_str() == s)
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a node of an `Expr` sits in the source text, in char indices (`start..end`, excluding
/// surrounding whitespace). Same shape as the `Expr`: a `Call` has one child per argument (an
/// empty slot gets a zero-width span at the `,` or `)` that ends it), a `Compare` has two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spans {
    pub start: usize,
    pub end: usize,
    pub children: Vec<Spans>,
}

impl Spans {
    pub fn leaf(start: usize, end: usize) -> Spans {
        Spans {
            start,
            end,
            children: Vec::new(),
        }
    }

    /// The child for argument `index`, or `self` when the tree has no such child (a defensive
    /// fallback: spans are built by the parser in the same shape as the expression).
    pub fn child(&self, index: usize) -> &Spans {
        self.children.get(index).unwrap_or(self)
    }
}

/// Every attribute referenced by `e`, in reading order (duplicates kept).
pub fn attribute_refs(e: &Expr) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    while let Some(node) = stack.pop() {
        match node {
            Expr::Attribute(name) => out.push(name.as_str()),
            Expr::Call { args, .. } => stack.extend(args.iter().rev().flatten()),
            Expr::Compare { left, right, .. } => {
                stack.push(right);
                stack.push(left);
            }
            Expr::Str(_) | Expr::Number(_) | Expr::Hex(_) | Expr::Ident(_) => {}
        }
    }
    out
}

/// How deeply calls and comparisons nest in `e` (a literal is depth 0, `F(x)` is 1).
pub fn depth(e: &Expr) -> usize {
    let mut max = 0;
    let mut stack = vec![(e, 0usize)];
    while let Some((node, d)) = stack.pop() {
        max = max.max(d);
        match node {
            Expr::Call { args, .. } => stack.extend(args.iter().flatten().map(|a| (a, d + 1))),
            Expr::Compare { left, right, .. } => {
                stack.push((left, d + 1));
                stack.push((right, d + 1));
            }
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_refs_are_in_reading_order() {
        let e = Expr::Call {
            name: "Join".into(),
            args: vec![
                Some(Expr::Str("@".into())),
                Some(Expr::Attribute("a".into())),
                None,
                Some(Expr::Compare {
                    left: Box::new(Expr::Attribute("b".into())),
                    op: CompareOp::Eq,
                    right: Box::new(Expr::Attribute("c".into())),
                }),
            ],
        };
        assert_eq!(attribute_refs(&e), vec!["a", "b", "c"]);
        assert_eq!(depth(&e), 2);
    }

    #[test]
    fn compare_ops_round_trip_through_text() {
        for op in CompareOp::ALL {
            assert_eq!(CompareOp::from_str_exact(op.as_str()), Some(op));
        }
        assert_eq!(CompareOp::from_str_exact("=="), None);
    }
}
