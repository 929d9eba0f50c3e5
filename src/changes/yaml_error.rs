//! Turns a serde-saphyr parse error into [`Error::Yaml`]: a short message in the user's terms,
//! `file:line:column`, our own snippet and, where it helps, a hint (for an unknown key: the keys
//! allowed at that place and the closest one).
//!
//! serde-saphyr can render its own snippet; we take only its bare message so every error of
//! entra-schema looks the same.

use std::path::Path;

use serde_saphyr::{MessageFormatter, UserMessageFormatter};

use crate::changes::vocabulary::closest;
use crate::error::Error;
use crate::location::{Location, snippet};

/// The located, human error for `err`, raised while parsing `text` read from `path`.
pub fn yaml_error(path: &Path, text: &str, err: &serde_saphyr::Error) -> Error {
    let (line, column) = err
        .location()
        .map(|l| (l.line(), l.column()))
        .filter(|(line, _)| *line > 0)
        .unwrap_or((1, 1));
    let (message, hint) = describe(err.without_snippet());
    let rendered = snippet(text, line, column.max(1));
    Error::Yaml {
        location: Location::new(path, line, column.max(1)),
        message,
        snippet: (!rendered.is_empty()).then_some(rendered),
        hint,
    }
}

fn keys(expected: &[&str]) -> String {
    expected
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Message and hint for one serde-saphyr error, without its location.
fn describe(err: &serde_saphyr::Error) -> (String, Option<String>) {
    use serde_saphyr::Error as E;
    match err {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let hint = match closest(field, expected) {
                Some(best) => format!("did you mean `{best}`? allowed here: {}", keys(expected)),
                None => format!("allowed here: {}", keys(expected)),
            };
            (format!("unknown key `{field}`"), Some(hint))
        }
        E::SerdeMissingField { field, .. } => (
            format!("missing key `{field}`"),
            Some(format!("add `{field}:` to this item")),
        ),
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
            let hint = clean
                .contains('\t')
                .then(|| "YAML indentation must use spaces, not tabs".to_string())
                .or_else(|| {
                    clean
                        .to_lowercase()
                        .contains("tab")
                        .then(|| "YAML indentation must use spaces, not tabs".to_string())
                });
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
