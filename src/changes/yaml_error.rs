//! Turns a serde-saphyr parse error into [`Error::Yaml`]: a short message in the user's terms,
//! `file:line:column`, our own snippet and, where it helps, a hint (for an unknown key: the keys
//! allowed at that place and the closest one).
//!
//! serde-saphyr can render its own snippet; we take only its bare message so every error of
//! entra-schema looks the same.

use std::path::Path;

use serde_saphyr::{MessageFormatter, UserMessageFormatter};

use crate::error::Error;
use crate::location::{Location, snippet};
use crate::suggest::did_you_mean;

/// The located, human error for `err`, raised while parsing `text` read from `path`.
pub fn yaml_error(path: &Path, text: &str, err: &serde_saphyr::Error) -> Error {
    let (mut line, mut column) = err
        .location()
        .map(|l| (l.line(), l.column()))
        .filter(|(line, _)| *line > 0)
        .unwrap_or((1, 1));
    if matches!(
        err.without_snippet(),
        serde_saphyr::Error::SerdeMissingField { .. }
    ) {
        (line, column) = mapping_start(text, line, column);
    }
    let (message, hint) = if is_blank(text) {
        (
            "the change set is empty".to_string(),
            Some("a change set starts with `version: 1`".to_string()),
        )
    } else {
        describe(err.without_snippet(), text, line)
    };
    let rendered = snippet(text, line, column.max(1));
    Error::Yaml {
        location: Location::new(path, line, column.max(1)),
        message,
        snippet: (!rendered.is_empty()).then_some(rendered),
        hint,
    }
}

/// serde-saphyr reports a missing key at the last key of the block mapping that lacks it; the
/// user thinks of the mapping (the list item) as a whole, so point at its first key instead.
/// Walks up over sibling keys (same column) and deeper lines; stops at the line that starts the
/// item (`- key:`) or at a shallower line. Flow mappings (`{...}`) are left as reported.
fn mapping_start(text: &str, line: u64, column: u64) -> (u64, u64) {
    let lines: Vec<&str> = text.lines().collect();
    let content_column = |s: &str| -> Option<(usize, bool)> {
        let trimmed = s.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        let mut index = s.len() - trimmed.len();
        let mut dashed = false;
        let mut rest = trimmed;
        while let Some(after) = rest.strip_prefix("- ") {
            let after_trimmed = after.trim_start();
            index += rest.len() - after_trimmed.len();
            rest = after_trimmed;
            dashed = true;
        }
        Some((s[..index].chars().count() + 1, dashed))
    };
    let Some(start) = lines.get(line.saturating_sub(1) as usize) else {
        return (line, column);
    };
    if content_column(start).map(|(c, _)| c as u64) != Some(column) {
        return (line, column);
    }
    if content_column(start).is_some_and(|(_, dashed)| dashed) {
        return (line, column);
    }
    let mut best = line;
    for number in (1..line).rev() {
        let Some((c, dashed)) = content_column(lines[number as usize - 1]) else {
            continue;
        };
        match (c as u64).cmp(&column) {
            std::cmp::Ordering::Greater => continue,
            std::cmp::Ordering::Less => break,
            std::cmp::Ordering::Equal => {
                best = number;
                if dashed {
                    break;
                }
            }
        }
    }
    (best, column)
}

/// The last line before `line` (up to five back) that opens a flow `[` or `{` it does not close,
/// ignoring brackets inside quotes: the usual cause of a confusing error a line or two later.
fn unclosed_bracket(text: &str, line: u64) -> Option<(char, u64)> {
    let first = line.saturating_sub(5).max(1);
    (first..line).rev().find_map(|number| {
        let source = text.lines().nth(number as usize - 1)?;
        let mut stack = Vec::new();
        let mut quote: Option<char> = None;
        for c in source.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => stack.push(c),
                (None, ']' | '}') => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack.last().map(|open| (*open, number))
    })
}

/// Whether `text` holds nothing but whitespace and comments.
fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#'))
}

fn keys(expected: &[&str]) -> String {
    expected
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Message and hint for one serde-saphyr error, without its location.
fn describe(err: &serde_saphyr::Error, text: &str, line: u64) -> (String, Option<String>) {
    use serde_saphyr::Error as E;
    match err {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let hint = match did_you_mean(field, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? allowed here: {}", keys(expected)),
                None => format!("allowed here: {}", keys(expected)),
            };
            (format!("unknown key `{field}`"), Some(hint))
        }
        E::SerdeMissingField { field, .. } => (
            format!("missing key `{field}` in this mapping"),
            Some(format!("add `{field}:` to it")),
        ),
        E::Unexpected { expected, .. } => match *expected {
            "sequence start" => (
                "expected a list here (items starting with `- `)".into(),
                Some("write each entry as a list item: `- key: value`".into()),
            ),
            "mapping start" => ("expected a mapping here (`key: value` lines)".into(), None),
            other => (format!("expected {other}"), None),
        },
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => (format!("expected {expected}, found {unexpected}"), None),
        E::InvalidScalar { ty, .. } => (
            format!("expected {}", scalar_name(ty)),
            Some("write a whole number, without quotes".into()).filter(|_| is_integer(ty)),
        ),
        E::InvalidBooleanStrict { .. } => (
            "expected `true` or `false`".into(),
            Some(
                "YAML 1.1 spellings such as `yes`, `no`, `on` and `off` are not booleans here"
                    .into(),
            ),
        ),
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(key) => format!("duplicate key `{key}`"),
                None => "duplicate key".into(),
            },
            Some("a key may appear only once in a mapping; remove one of them".into()),
        ),
        E::NullIntoString { .. } => (
            "expected a string, found nothing (null)".into(),
            Some("write a value after the colon, or quote it: `''`".into()),
        ),
        E::MultipleDocuments { .. } => (
            "a change set holds one YAML document, found several (`---`)".into(),
            Some("split it into several files and list each under `changes:`".into()),
        ),
        other => {
            let message = UserMessageFormatter.format_message(other);
            let clean: String = message
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let lower = clean.to_lowercase();
            let hint = if lower.contains("tab") {
                Some("YAML indentation must use spaces, not tabs".to_string())
            } else if lower.contains("unclosed quote") {
                Some("close the string with the quote it opened with; inside '...' write '' for a single quote".to_string())
            } else if let Some((open, at)) = unclosed_bracket(text, line) {
                Some(format!("the `{open}` on line {at} is never closed"))
            } else if lower.contains("mapping values are not allowed") {
                Some("check the indentation of this line: the keys of one item must start in the same column".to_string())
            } else if lower.contains("did not find expected") || lower.contains("while parsing") {
                Some(
                    "check the indentation, brackets and quotes on this line and the one before"
                        .to_string(),
                )
            } else {
                None
            };
            (clean, hint)
        }
    }
}

fn is_integer(ty: &str) -> bool {
    matches!(
        ty,
        "i8" | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "isize"
            | "usize"
    )
}

fn scalar_name(ty: &str) -> &str {
    if is_integer(ty) {
        "a whole number"
    } else if ty == "bool" {
        "`true` or `false`"
    } else {
        ty
    }
}
