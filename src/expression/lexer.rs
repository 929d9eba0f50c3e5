//! Turns the text of a mapping expression into tokens with char positions.
//!
//! It knows the lexical rules of expressions.md §1–2 (bracketed attribute names that may hold
//! nested brackets and quoted text, `\"`/`\\` escapes, numbers, `&H` hex literals, bare words,
//! comparison operators) and reports precise errors; it does not know the grammar.

use crate::expression::ast::CompareOp;
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

fn err(offset: usize, message: impl Into<String>, hint: Option<&str>) -> ParseError {
    ParseError {
        offset,
        message: message.into(),
        hint: hint.map(str::to_string),
    }
}

fn is_word_char(c: char) -> bool {
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

/// `[` ... `]` with nested brackets and quoted text inside; returns the name and the next index.
fn attribute(chars: &[char], open: usize) -> Result<(String, usize), ParseError> {
    let mut depth = 0usize;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    let name: String = chars[open + 1..i].iter().collect();
                    if name.trim().is_empty() {
                        return Err(err(
                            open,
                            "empty attribute reference",
                            Some(
                                "write the source attribute name inside the brackets, as in [mail]",
                            ),
                        ));
                    }
                    return Ok((name, i + 1));
                }
            }
            '"' => {
                let quote = i;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\n' || chars[i] == '\r' {
                        break;
                    }
                    i += 1;
                }
                if i >= chars.len() || chars[i] != '"' {
                    return Err(err(
                        quote,
                        "unterminated quoted text inside an attribute reference",
                        Some("close the quoted text with \" before the closing ]"),
                    ));
                }
            }
            '\n' | '\r' => {
                return Err(err(
                    open,
                    "line break inside an attribute reference",
                    Some("close the attribute reference with ] on the same line"),
                ));
            }
            _ => {}
        }
        i += 1;
    }
    Err(err(
        open,
        "unterminated attribute reference: this '[' is never closed",
        Some("close the attribute name with ], as in [mail]"),
    ))
}

/// `"` ... `"` with `\"` and `\\` escapes; returns the unescaped value and the next index.
fn string(
    chars: &[char],
    open: usize,
    notes: &mut Vec<LexNote>,
) -> Result<(String, usize), ParseError> {
    let mut value = String::new();
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '"' => return Ok((value, i + 1)),
            '\\' if i + 1 < chars.len() && matches!(chars[i + 1], '"' | '\\') => {
                value.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '\\' if i + 1 < chars.len() => {
                notes.push(LexNote {
                    offset: i,
                    message: format!(
                        "undocumented escape \"\\{}\" in a string literal (kept as a backslash and '{}')",
                        chars[i + 1],
                        chars[i + 1]
                    ),
                    hint: Some(
                        "only \\\" and \\\\ are documented; write \\\\ for a literal backslash (a regex \\d is written \\\\d)"
                            .into(),
                    ),
                });
                value.push('\\');
            }
            c => value.push(c),
        }
        i += 1;
    }
    Err(err(
        open,
        "unterminated string literal",
        Some("close the string with \"; a quote inside the text is written \\\""),
    ))
}

fn number(chars: &[char], start: usize) -> Result<(String, usize), ParseError> {
    let digits = |mut i: usize| {
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = start;
    if chars[i] == '-' {
        i += 1;
        if i >= chars.len() || !chars[i].is_ascii_digit() {
            return Err(err(
                start,
                "expected a digit after '-'",
                Some("there are no arithmetic operators; a negative number is written -10"),
            ));
        }
    }
    i = digits(i);
    if i < chars.len() && chars[i] == '.' {
        if i + 1 >= chars.len() || !chars[i + 1].is_ascii_digit() {
            return Err(err(i, "expected a digit after '.' in a number", None));
        }
        i = digits(i + 1);
    }
    if i < chars.len() && (is_word_char(chars[i]) || chars[i] == '.' || chars[i] == '_') {
        let mut end = i;
        while end < chars.len()
            && (is_word_char(chars[end]) || chars[end] == '.' || chars[end] == '_')
        {
            end += 1;
        }
        let text: String = chars[start..end].iter().collect();
        return Err(err(
            start,
            format!("invalid number \"{text}\""),
            Some(
                "numbers are digits with an optional '-' and decimal part, as in 42568.75; put text in double quotes",
            ),
        ));
    }
    Ok((chars[start..i].iter().collect(), i))
}

fn hex(chars: &[char], start: usize) -> Result<(String, usize), ParseError> {
    if !matches!(chars.get(start + 1), Some('H' | 'h')) {
        return Err(err(
            start,
            "'&' concatenation is not supported",
            Some("concatenate with Join(\"\", first, second)"),
        ));
    }
    let mut i = start + 2;
    while i < chars.len() && chars[i].is_ascii_hexdigit() {
        i += 1;
    }
    if i == start + 2 || (i < chars.len() && is_word_char(chars[i])) {
        return Err(err(
            start,
            "expected hexadecimal digits after '&H'",
            Some("a hex number is written &HF7"),
        ));
    }
    Ok((chars[start..i].iter().collect(), i))
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
