//! `${name}` substitution in the strings of a change set, from the environment's `vars`.
//!
//! `$${` writes a literal `${`; any other `$` is kept as it is. An undefined variable, an
//! unterminated `${` or an empty or malformed name is an error at the value that holds it, and,
//! when the value sits on one line, at the `${` itself. Pure: the variables come in as a map.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::Spanned;

use crate::changes::model::{ChangeSet, Clause, MappingChange};
use crate::error::{Error, Result};
use crate::location::{Location, snippet};

/// What is wrong with a `${...}` reference; `offset` is the byte offset of its `$` in the value.
#[derive(Debug, PartialEq, Eq)]
pub enum VarProblem {
    Undefined { name: String, offset: usize },
    Unterminated { offset: usize },
    BadName { name: String, offset: usize },
}

/// `value` with every `${name}` replaced and every `$${` turned into `${`.
pub fn substitute(value: &str, vars: &BTreeMap<String, String>) -> Result<String, VarProblem> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    let mut consumed = 0;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let offset = consumed + at;
        if let Some(after) = tail.strip_prefix("$${") {
            out.push_str("${");
            rest = after;
            consumed = offset + 3;
        } else if let Some(inner) = tail.strip_prefix("${") {
            let Some(end) = inner.find('}') else {
                return Err(VarProblem::Unterminated { offset });
            };
            let name = &inner[..end];
            if !valid_name(name) {
                return Err(VarProblem::BadName {
                    name: name.to_string(),
                    offset,
                });
            }
            let Some(replacement) = vars.get(name) else {
                return Err(VarProblem::Undefined {
                    name: name.to_string(),
                    offset,
                });
            };
            out.push_str(replacement);
            rest = &inner[end + 1..];
            consumed = offset + 2 + end + 1;
        } else {
            out.push('$');
            rest = &tail[1..];
            consumed = offset + 1;
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// A variable name: a letter or `_`, then letters, digits, `_`, `-` or `.`.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Substitute variables in every user string of `set` (not in `description`, which is only
/// read by people).
pub fn substitute_all(
    set: &mut ChangeSet,
    path: &Path,
    text: &str,
    vars: &BTreeMap<String, String>,
) -> Result<()> {
    let mut apply = |value: &mut String, span: &serde_saphyr::Location| -> Result<()> {
        match substitute(value, vars) {
            Ok(new) => {
                *value = new;
                Ok(())
            }
            Err(problem) => Err(var_error(problem, value, span, path, text, vars)),
        }
    };
    for attribute in &mut set.attributes {
        let a = &mut attribute.value;
        for s in [&mut a.directory, &mut a.object, &mut a.name] {
            one(s, &mut apply)?;
        }
        for s in [&mut a.kind, &mut a.mutability].into_iter().flatten() {
            one(s, &mut apply)?;
        }
        if let Some(d) = &mut a.default_value {
            optional(d, &mut apply)?;
        }
        if let Some(list) = &mut a.referenced_objects {
            for item in &mut list.value {
                apply(item, &list.referenced)?;
            }
        }
    }
    for mapping in &mut set.mappings {
        mapping_strings(&mut mapping.value, &mut apply)?;
    }
    Ok(())
}

type Apply<'a> = dyn FnMut(&mut String, &serde_saphyr::Location) -> Result<()> + 'a;

fn one(s: &mut Spanned<String>, apply: &mut Apply<'_>) -> Result<()> {
    apply(&mut s.value, &s.referenced)
}

fn optional(s: &mut Spanned<Option<String>>, apply: &mut Apply<'_>) -> Result<()> {
    match &mut s.value {
        Some(value) => apply(value, &s.referenced),
        None => Ok(()),
    }
}

fn mapping_strings(m: &mut MappingChange, apply: &mut Apply<'_>) -> Result<()> {
    let rule = &mut m.rule.value;
    for s in [
        &mut rule.name,
        &mut rule.id,
        &mut rule.source,
        &mut rule.target,
    ]
    .into_iter()
    .flatten()
    {
        one(s, apply)?;
    }
    one(&mut m.object.value.source, apply)?;
    one(&mut m.object.value.target, apply)?;
    for item in &mut m.set {
        let item = &mut item.value;
        one(&mut item.target, apply)?;
        for s in [&mut item.source, &mut item.default].into_iter().flatten() {
            optional(s, apply)?;
        }
        for s in [&mut item.flow, &mut item.behavior].into_iter().flatten() {
            one(s, apply)?;
        }
    }
    for target in &mut m.remove {
        one(target, apply)?;
    }
    if let Some(scope) = &mut m.scope {
        for group in &mut scope.value.any {
            if let Some(name) = &mut group.value.name {
                one(name, apply)?;
            }
            for clause in &mut group.value.all {
                clause_strings(&mut clause.value, apply)?;
            }
        }
    }
    Ok(())
}

fn clause_strings(c: &mut Clause, apply: &mut Apply<'_>) -> Result<()> {
    one(&mut c.attribute, apply)?;
    one(&mut c.operator, apply)?;
    if let Some(value) = &mut c.value {
        one(value, apply)?;
    }
    if let Some(values) = &mut c.values {
        for item in &mut values.value {
            apply(item, &values.referenced)?;
        }
    }
    Ok(())
}

/// The error for `problem` in `value`, pointing at the `${` when it can be found on the line
/// where the value starts (otherwise at the value).
fn var_error(
    problem: VarProblem,
    value: &str,
    span: &serde_saphyr::Location,
    path: &Path,
    text: &str,
    vars: &BTreeMap<String, String>,
) -> Error {
    let (offset, message, hint) = match problem {
        VarProblem::Undefined { name, offset } => {
            let defined = if vars.is_empty() {
                "no variables are defined".to_string()
            } else {
                let names: Vec<String> = vars.keys().map(|k| format!("`{k}`")).collect();
                format!("defined: {}", names.join(", "))
            };
            (
                offset,
                format!("undefined variable `{name}` ({defined})"),
                format!("add `{name}` to `vars:` in the environment file, or fix the name"),
            )
        }
        VarProblem::Unterminated { offset } => (
            offset,
            "unterminated `${`: a variable reference needs a closing `}`".to_string(),
            "write `${name}`, or `$${` for a literal `${`".to_string(),
        ),
        VarProblem::BadName { name, offset } => (
            offset,
            format!("`${{{name}}}` is not a valid variable reference"),
            "a variable name starts with a letter or `_` and holds letters, digits, `_`, `-` or `.`; write `$${` for a literal `${`".to_string(),
        ),
    };
    let (line, mut column) = (span.line(), span.column());
    let reference: String = value[offset..]
        .chars()
        .take_while(|c| *c != '}')
        .chain(std::iter::once('}'))
        .collect();
    if let Some(source_line) = text.lines().nth(line.saturating_sub(1) as usize) {
        let start: usize = source_line
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(source_line.len(), |(i, _)| i);
        let needle = reference.trim_end_matches('}');
        if let Some(found) = source_line[start..].find(needle) {
            column = source_line[..start + found].chars().count() as u64 + 1;
        }
    }
    let rendered = snippet(text, line, column);
    Error::Change {
        location: Location::new(path, line, column),
        message,
        snippet: (!rendered.is_empty()).then_some(rendered),
        hint: Some(hint),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> BTreeMap<String, String> {
        BTreeMap::from([("upnDomain".to_string(), "example.com".to_string())])
    }

    #[test]
    fn substitutes_defined_variables() {
        assert_eq!(
            substitute(r#"Join("@", [a], "${upnDomain}")"#, &vars()),
            Ok(r#"Join("@", [a], "example.com")"#.to_string())
        );
    }

    #[test]
    fn double_dollar_escapes_and_lone_dollars_stay() {
        assert_eq!(substitute("$${x} $5 a$", &vars()), Ok("${x} $5 a$".into()));
    }

    #[test]
    fn undefined_unterminated_and_bad_names_are_reported_with_offsets() {
        assert_eq!(
            substitute("ab${nope}", &vars()),
            Err(VarProblem::Undefined {
                name: "nope".into(),
                offset: 2
            })
        );
        assert_eq!(
            substitute("x ${upnDomain", &vars()),
            Err(VarProblem::Unterminated { offset: 2 })
        );
        assert_eq!(
            substitute("${}", &vars()),
            Err(VarProblem::BadName {
                name: String::new(),
                offset: 0
            })
        );
    }
}
