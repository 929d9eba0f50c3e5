//! Turns the text of a mapping expression into tokens with char positions.
//!
//! It knows the lexical rules of expressions.md §1–2 (bracketed attribute names that may hold
//! nested brackets and quoted text, `\"`/`\\` escapes, numbers, `&H` hex literals, bare words,
//! comparison operators) and reports precise errors; it does not know the grammar.

use crate::expression::ast::CompareOp;
use crate::expression::literals::{attribute, hex, number, string};
use crate::expression::parser::ParseError;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    LParen,
    RParen,
    Comma,
    Attribute(String),
    Str(String),
    Number(String),
    Hex(String),
    Ident(String),
    Op(CompareOp),
    End,
}

impl Tok {
    /// How a message names this token: "')'", "string \"x\"", "the end of the expression".
    pub fn describe(&self) -> String {
        match self {
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Comma => "','".into(),
            Tok::Attribute(n) => format!("attribute reference [{n}]"),
            Tok::Str(s) => format!("string \"{}\"", crate::expression::printer::escape(s)),
            Tok::Number(n) => format!("number {n}"),
            Tok::Hex(h) => format!("hex number {h}"),
            Tok::Ident(w) => format!("word {w}"),
            Tok::Op(op) => format!("'{op}'"),
            Tok::End => "the end of the expression".into(),
        }
    }
}

/// A token and its char range in the source.
#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// Something suspicious that does not stop parsing (an undocumented escape such as `\d`).
#[derive(Debug, Clone, PartialEq)]
pub struct LexNote {
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

pub(crate) fn err(offset: usize, message: impl Into<String>, hint: Option<&str>) -> ParseError {
    ParseError {
        offset,
        message: message.into(),
        hint: hint.map(str::to_string),
    }
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Split `chars` into tokens (ending with `Tok::End`), plus notes about undocumented escapes.
pub fn tokenize(chars: &[char]) -> Result<(Vec<Token>, Vec<LexNote>), ParseError> {
    let mut tokens = Vec::new();
    let mut notes = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let tok = match c {
            ' ' | '\t' | '\r' | '\n' => {
                i += 1;
                continue;
            }
            '(' => {
                i += 1;
                Tok::LParen
            }
            ')' => {
                i += 1;
                Tok::RParen
            }
            ',' => {
                i += 1;
                Tok::Comma
            }
            '[' => {
                let (name, next) = attribute(chars, i)?;
                i = next;
                Tok::Attribute(name)
            }
            '"' => {
                let (value, next) = string(chars, i, &mut notes)?;
                i = next;
                Tok::Str(value)
            }
            '0'..='9' | '-' => {
                let (text, next) = number(chars, i)?;
                i = next;
                Tok::Number(text)
            }
            '&' => {
                let (text, next) = hex(chars, i)?;
                i = next;
                Tok::Hex(text)
            }
            c if c.is_ascii_alphabetic() => {
                while i < chars.len() && is_word_char(chars[i]) {
                    i += 1;
                }
                Tok::Ident(chars[start..i].iter().collect())
            }
            '=' | '<' | '>' | '!' => {
                let (op, next) = operator(chars, i)?;
                i = next;
                Tok::Op(op)
            }
            other => return Err(unexpected_char(other, i)),
        };
        tokens.push(Token { tok, start, end: i });
    }
    tokens.push(Token {
        tok: Tok::End,
        start: chars.len(),
        end: chars.len(),
    });
    Ok((tokens, notes))
}

fn unexpected_char(c: char, at: usize) -> ParseError {
    match c {
        '\'' => err(
            at,
            "string literals use double quotes, not single quotes",
            Some("write \"text\""),
        ),
        '\u{201c}' | '\u{201d}' | '\u{201e}' => err(
            at,
            format!("typographic quote '{c}' is not a string delimiter"),
            Some("use a straight double quote \""),
        ),
        ']' => err(
            at,
            "unexpected ']' without a matching '['",
            Some("attribute references are written [name]"),
        ),
        c if c.is_whitespace() || c.is_control() => err(
            at,
            format!("unexpected character U+{:04X}", c as u32),
            Some("only spaces, tabs and line breaks may separate the parts of an expression"),
        ),
        c => err(at, format!("unexpected character '{c}'"), None),
    }
}

fn operator(chars: &[char], i: usize) -> Result<(CompareOp, usize), ParseError> {
    let next = chars.get(i + 1).copied();
    match (chars[i], next) {
        ('=', Some('=')) => Err(err(i, "'==' is not an operator", Some("compare with '='"))),
        ('=', _) => Ok((CompareOp::Eq, i + 1)),
        ('<', Some('>')) => Ok((CompareOp::Ne, i + 2)),
        ('<', Some('=')) => Ok((CompareOp::Le, i + 2)),
        ('<', _) => Ok((CompareOp::Lt, i + 1)),
        ('>', Some('=')) => Ok((CompareOp::Ge, i + 2)),
        ('>', _) => Ok((CompareOp::Gt, i + 1)),
        ('!', Some('=')) => Err(err(
            i,
            "'!=' is not an operator",
            Some("write '<>' for \"not equal\""),
        )),
        (c, _) => Err(unexpected_char(c, i)),
    }
}
