//! Scans the literal tokens of an expression: bracketed attribute names (with nested brackets
//! and quoted filter text, as in `[emails[type eq "work"].value]`), string literals with `\"`
//! and `\\` escapes, numbers and `&H` hex numbers. Each scanner returns the token text and the
//! index after it, or a `ParseError` pointing at the start of the literal.

use crate::expression::lexer::{LexNote, err, is_word_char};
use crate::expression::parser::ParseError;

/// `[` ... `]` with nested brackets and quoted text inside; returns the name and the next index.
pub fn attribute(chars: &[char], open: usize) -> Result<(String, usize), ParseError> {
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
pub fn string(
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

pub fn number(chars: &[char], start: usize) -> Result<(String, usize), ParseError> {
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

pub fn hex(chars: &[char], start: usize) -> Result<(String, usize), ParseError> {
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
