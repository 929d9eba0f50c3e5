//! Parses the tokens of a mapping expression into an `Expr` and its `Spans` (expressions.md §2).
//!
//! Recursive descent with a hard nesting limit (`MAX_DEPTH`), so no input can overflow the stack.
//! Errors carry the char offset of the failing token and a message that names what was expected.

use std::fmt;

use crate::expression::ast::{Expr, Spans};
use crate::expression::lexer::{LexNote, Tok, Token, tokenize};

/// How many calls may nest inside one another.
pub const MAX_DEPTH: usize = 100;

/// A syntax error at `offset` (a char index into the expression).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

impl std::error::Error for ParseError {}

/// A successful parse: the expression, where each node is, and notes that do not stop parsing.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub expr: Expr,
    pub spans: Spans,
    pub notes: Vec<LexNote>,
}

/// Parse a whole mapping expression.
pub fn parse(src: &str) -> Result<Expr, ParseError> {
    parse_spanned(src).map(|p| p.expr)
}

/// Parse a whole mapping expression and keep the positions of its nodes.
pub fn parse_spanned(src: &str) -> Result<Parsed, ParseError> {
    let chars: Vec<char> = src.chars().collect();
    let (tokens, notes) = tokenize(&chars)?;
    let mut p = Parser { tokens, pos: 0 };
    if p.peek().tok == Tok::End {
        return Err(ParseError {
            offset: 0,
            message: "the expression is empty".into(),
            hint: Some(
                "write an attribute such as [mail], a string such as \"text\", or a function call"
                    .into(),
            ),
        });
    }
    let (expr, spans) = p.term(0, &Ctx::Top)?;
    let next = p.peek().clone();
    if next.tok != Tok::End {
        let hint = match next.tok {
            Tok::RParen => "this ')' closes no '('",
            Tok::Comma => "arguments are separated by ',' only inside a function call",
            _ => {
                "an expression is one value; combine values with a function such as Join(\"\", a, b)"
            }
        };
        return Err(ParseError {
            offset: next.start,
            message: format!(
                "unexpected {} after the end of the expression",
                next.tok.describe()
            ),
            hint: Some(hint.into()),
        });
    }
    Ok(Parsed { expr, spans, notes })
}

/// Where a value is expected, for error messages.
enum Ctx {
    Top,
    Arg { function: String, index: usize },
    AfterOp(String),
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

fn error(offset: usize, message: String, hint: Option<&str>) -> ParseError {
    ParseError {
        offset,
        message,
        hint: hint.map(str::to_string),
    }
}

impl Parser {
    fn peek(&self) -> &Token {
        // Invariant: the token list always ends with `Tok::End`, and `pos` never passes it.
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if t.tok != Tok::End {
            self.pos += 1;
        }
        t
    }

    /// `term = operand [ compare_op operand ]`
    fn term(&mut self, depth: usize, ctx: &Ctx) -> Result<(Expr, Spans), ParseError> {
        let (left, lspan) = self.operand(depth, ctx)?;
        let Tok::Op(op) = self.peek().tok else {
            return Ok((left, lspan));
        };
        self.bump();
        let (right, rspan) = self.operand(depth, &Ctx::AfterOp(op.as_str().into()))?;
        if let Tok::Op(second) = self.peek().tok {
            return Err(error(
                self.peek().start,
                format!("comparisons cannot be chained: unexpected '{second}' after '{op}'"),
                Some("there are no AND/OR operators; nest IIF calls instead"),
            ));
        }
        let spans = Spans {
            start: lspan.start,
            end: rspan.end,
            children: vec![lspan, rspan],
        };
        let expr = Expr::Compare {
            left: Box::new(left),
            op,
            right: Box::new(right),
        };
        Ok((expr, spans))
    }

    fn operand(&mut self, depth: usize, ctx: &Ctx) -> Result<(Expr, Spans), ParseError> {
        let t = self.bump();
        let leaf = Spans::leaf(t.start, t.end);
        match t.tok {
            Tok::Attribute(n) => Ok((Expr::Attribute(n), leaf)),
            Tok::Str(s) => Ok((Expr::Str(s), leaf)),
            Tok::Number(n) => Ok((Expr::Number(n), leaf)),
            Tok::Hex(h) => Ok((Expr::Hex(h), leaf)),
            Tok::Ident(name) if self.peek().tok == Tok::LParen => self.call(name, t.start, depth),
            Tok::Ident(w) => Ok((Expr::Ident(w), leaf)),
            Tok::LParen => Err(error(
                t.start,
                "unexpected '(': parentheses only follow a function name".into(),
                Some("remove the parentheses around the value"),
            )),
            other => Err(expected_value(&other, t.start, ctx)),
        }
    }

    /// `call = name "(" [ arg { "," arg } ] ")"`; the name token is already consumed.
    fn call(
        &mut self,
        name: String,
        name_start: usize,
        depth: usize,
    ) -> Result<(Expr, Spans), ParseError> {
        if depth >= MAX_DEPTH {
            return Err(error(
                name_start,
                format!("the expression nests more than {MAX_DEPTH} function calls deep"),
                Some("simplify the expression"),
            ));
        }
        let open = self.bump();
        let mut args = Vec::new();
        let mut spans = Vec::new();
        if self.peek().tok == Tok::RParen {
            let close = self.bump();
            let s = Spans {
                start: name_start,
                end: close.end,
                children: spans,
            };
            return Ok((Expr::Call { name, args }, s));
        }
        loop {
            let index = args.len() + 1;
            if matches!(self.peek().tok, Tok::Comma | Tok::RParen) {
                let at = self.peek().start;
                args.push(None);
                spans.push(Spans::leaf(at, at));
            } else {
                let ctx = Ctx::Arg {
                    function: name.clone(),
                    index,
                };
                let (arg, span) = self.term(depth + 1, &ctx)?;
                args.push(Some(arg));
                spans.push(span);
            }
            let t = self.bump();
            match t.tok {
                Tok::Comma => continue,
                Tok::RParen => {
                    let s = Spans {
                        start: name_start,
                        end: t.end,
                        children: spans,
                    };
                    return Ok((Expr::Call { name, args }, s));
                }
                Tok::End => {
                    return Err(error(
                        t.start,
                        format!(
                            "expected ',' or ')' after argument {index} of {name}, but the expression ends"
                        ),
                        Some(&format!(
                            "the '(' at character {} is never closed",
                            open.start + 1
                        )),
                    ));
                }
                other => {
                    return Err(error(
                        t.start,
                        format!(
                            "expected ',' or ')' after argument {index} of {name}, found {}",
                            other.describe()
                        ),
                        Some("separate arguments with ','"),
                    ));
                }
            }
        }
    }
}

fn expected_value(found: &Tok, at: usize, ctx: &Ctx) -> ParseError {
    if let (Tok::End, Ctx::Arg { function, index }) = (found, ctx) {
        return error(
            at,
            format!(
                "the expression ends inside the arguments of {function}: expected argument {index} or ')'"
            ),
            Some("close the argument list with ')'"),
        );
    }
    let found = found.describe();
    match ctx {
        Ctx::Top => error(at, format!("expected a value, found {found}"), None),
        Ctx::AfterOp(op) => error(
            at,
            format!("expected a value after '{op}', found {found}"),
            Some("a comparison needs a value on both sides"),
        ),
        Ctx::Arg { function, index } => error(
            at,
            format!("expected argument {index} of {function}, found {found}"),
            Some(
                "an argument is an attribute [name], a string \"text\", a number or a function call",
            ),
        ),
    }
}
