//! Renders expression errors for people: the message, the expression with a caret under the
//! failing character, and a hint; and turns them into `crate::Error::Expression` located in the
//! YAML file that holds the expression (pointing at the exact column when the scalar is on one
//! line, accounting for quotes and YAML escapes).

use crate::error::Error;
use crate::expression::parser::ParseError;
use crate::expression::validate::{Problem, Severity};
use crate::location::{Location, snippet};

/// Lines longer than this are shown as a window around the caret.
const WINDOW: usize = 72;

/// `error: message`, the expression with a caret under `offset` (a char index), `hint: ...`.
pub fn render(
    source_text: &str,
    severity: Severity,
    offset: Option<usize>,
    message: &str,
    hint: Option<&str>,
) -> String {
    let label = match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = format!("{label}: {message}");
    if let Some(offset) = offset {
        out.push('\n');
        out.push_str(&expression_snippet(source_text, offset));
    }
    if let Some(hint) = hint {
        out.push_str("\nhint: ");
        out.push_str(hint);
    }
    out
}

/// `render` for a parse error.
pub fn render_parse_error(source_text: &str, e: &ParseError) -> String {
    render(
        source_text,
        Severity::Error,
        Some(e.offset),
        &e.message,
        e.hint.as_deref(),
    )
}

/// `render` for a validation problem.
pub fn render_problem(source_text: &str, p: &Problem) -> String {
    render(
        source_text,
        p.severity,
        p.offset,
        &p.message,
        p.hint.as_deref(),
    )
}

/// 1-based line and column (in chars) of char index `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    for c in text.chars().take(offset) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// The expression line holding `offset`, with a caret under it; long lines are cut around it.
fn expression_snippet(text: &str, offset: usize) -> String {
    let (line, col) = line_col(text, offset);
    let content: Vec<char> = text
        .split('\n')
        .nth(line - 1)
        .unwrap_or("")
        .trim_end_matches('\r')
        .chars()
        .collect();
    let (mut shown, mut caret) = (content.clone(), col);
    if content.len() > WINDOW {
        let start = (col - 1)
            .saturating_sub(WINDOW / 2)
            .min(content.len() - WINDOW);
        let end = start + WINDOW;
        shown = Vec::new();
        if start > 0 {
            shown.push('…');
        }
        shown.extend(&content[start..end]);
        if end < content.len() {
            shown.push('…');
        }
        caret = col - start + usize::from(start > 0);
    }
    let text: String = shown.iter().collect();
    snippet(&text, 1, caret as u64).replacen("1 |", &format!("{line} |"), 1)
}

/// Turn a parse error or a problem into `Error::Expression` located in a YAML file. `at` is
/// where the expression scalar starts (its opening quote, if quoted); `yaml_text` the file text.
pub fn located(
    source_text: &str,
    offset: Option<usize>,
    message: &str,
    hint: Option<&str>,
    at: &Location,
    yaml_text: Option<&str>,
) -> Error {
    let exact = match (offset, yaml_text) {
        (Some(off), Some(yaml)) => yaml_position(yaml, at, source_text, off),
        _ => None,
    };
    let (location, snippet) = match (exact, yaml_text, offset) {
        (Some((line, column)), Some(yaml), _) => {
            let loc = Location::new(at.file.clone(), line, column);
            (loc, Some(snippet(yaml, line, column)))
        }
        (None, _, Some(off)) => (at.clone(), Some(expression_snippet(source_text, off))),
        (None, Some(yaml), None) => (at.clone(), Some(snippet(yaml, at.line, at.column))),
        _ => (at.clone(), None),
    };
    let snippet = snippet.filter(|s| !s.is_empty());
    Error::Expression {
        location,
        message: message.to_string(),
        snippet,
        hint: hint.map(str::to_string),
    }
}

/// Line and column in the YAML file of char `offset` of the expression, when the file shows it.
fn yaml_position(
    yaml: &str,
    at: &Location,
    source_text: &str,
    offset: usize,
) -> Option<(u64, u64)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let line: Vec<char> = lines
        .get((at.line as usize).checked_sub(1)?)?
        .chars()
        .collect();
    let start = (at.column as usize).checked_sub(1)?;
    let want: Vec<char> = source_text.chars().collect();
    let column = match line.get(start)? {
        '\'' | '"' => quoted_column(&line, start, &want, offset)?,
        '|' | '>' => return block_position(&lines, at.line as usize, &want, offset),
        _ => {
            let rest = line.get(start..)?;
            same_prefix(rest, &want, offset).then_some(start + offset)?
        }
    };
    Some((at.line, column as u64 + 1))
}

/// Whether `shown` and `checked` agree on their first `offset` characters.
fn same_prefix(shown: &[char], checked: &[char], offset: usize) -> bool {
    offset <= shown.len() && offset <= checked.len() && shown[..offset] == checked[..offset]
}

/// Decode a quoted scalar that starts at `start` and ends on the same line; map `offset`.
fn quoted_column(line: &[char], start: usize, want: &[char], offset: usize) -> Option<usize> {
    let quote = line[start];
    let mut decoded = Vec::new();
    let mut raw_at = Vec::new();
    let mut i = start + 1;
    loop {
        let c = *line.get(i)?;
        raw_at.push(i);
        match (quote, c) {
            ('\'', '\'') if line.get(i + 1) == Some(&'\'') => {
                decoded.push('\'');
                i += 2;
            }
            ('"', '\\') => {
                let (ch, width) = yaml_escape(line, i + 1)?;
                decoded.push(ch);
                i += width;
            }
            (q, c) if c == q => break,
            _ => {
                decoded.push(c);
                i += 1;
            }
        }
    }
    // `raw_at` now also holds the closing quote, so `offset == len` points at it. The file
    // must show the expression as it was checked up to the offset (after `${var}`
    // substitution the rest may differ).
    same_prefix(&decoded, want, offset).then_some(())?;
    raw_at.get(offset).copied()
}

/// The char a YAML double-quoted escape stands for (the `\\` is at `at - 1`) and the raw
/// width of the escape, backslash included.
fn yaml_escape(line: &[char], at: usize) -> Option<(char, usize)> {
    let c = *line.get(at)?;
    let hex = |n: usize| -> Option<(char, usize)> {
        let digits: String = line.get(at + 1..at + 1 + n)?.iter().collect();
        let ch = char::from_u32(u32::from_str_radix(&digits, 16).ok()?)?;
        Some((ch, n + 2))
    };
    let simple = |ch: char| Some((ch, 2));
    match c {
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        'n' => simple('\n'),
        't' => simple('\t'),
        'r' => simple('\r'),
        '0' => simple('\0'),
        'N' => simple('\u{85}'),
        '_' => simple('\u{a0}'),
        other => simple(other),
    }
}

/// A literal block scalar (`|`): expression line k is on the k-th line after the indicator,
/// behind the block's indentation (that of its first line).
fn block_position(
    lines: &[&str],
    indicator_line: usize,
    want: &[char],
    offset: usize,
) -> Option<(u64, u64)> {
    let text: String = want.iter().collect();
    let (line, col) = line_col(&text, offset);
    let expr_line = text.split('\n').nth(line - 1)?;
    let first = lines.get(indicator_line)?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    let yaml_line = lines.get(indicator_line + line - 1)?;
    (yaml_line.get(indent..)?.trim_end() == expr_line.trim_end()).then_some(())?;
    Some(((indicator_line + line) as u64, (indent + col) as u64))
}
