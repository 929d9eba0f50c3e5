//! Print lint findings: errors point at the change-set line that introduced the item when one
//! can be found; warnings about the tenant's existing schema name the schema item.

use crate::changes::LoadedChangeSet;
use crate::diff::Item;
use crate::error::{Error, Result};
use crate::expression::{self, Severity};
use crate::lint::{self, Finding};
use crate::location::Location;
use crate::terminal::Status;

/// Where a change set declared the change of `item`, with the line rendered.
/// Sets are searched from the last: a later set's setting is the one that takes effect.
fn locate(
    sets: &[LoadedChangeSet],
    item: &Item,
    clause: Option<(usize, usize)>,
) -> Option<(Location, Option<String>)> {
    for set in sets.iter().rev() {
        for attribute in &set.set.attributes {
            let a = &attribute.value;
            if let Item::AttributeDefinition {
                directory,
                object,
                name,
            } = item
                && &a.directory.value == directory
                && &a.object.value == object
                && &a.name.value == name
            {
                return Some((set.location(&a.name), set.snippet(&a.name)));
            }
        }
        for mapping in set.set.mappings.iter().rev() {
            let m = &mapping.value;
            let same_object = |source: &str, target: &str| {
                m.object.value.source.value == source && m.object.value.target.value == target
            };
            match item {
                Item::AttributeMapping {
                    source,
                    target,
                    attribute,
                    ..
                } if same_object(source, target) => {
                    if let Some(set_item) =
                        m.set.iter().find(|s| &s.value.target.value == attribute)
                    {
                        return match &set_item.value.source {
                            Some(source) => Some((set.location(source), set.snippet(source))),
                            None => Some((set.location(set_item), set.snippet(set_item))),
                        };
                    }
                }
                Item::Scope { source, target, .. } if same_object(source, target) => {
                    if let Some(scope) = &m.scope {
                        // The clause itself when the finding names one, else the scope.
                        let attribute = clause.and_then(|(g, c)| {
                            let group = scope.value.any.get(g)?;
                            Some(&group.value.all.get(c)?.value.attribute)
                        });
                        return Some(match attribute {
                            Some(attribute) => (set.location(attribute), set.snippet(attribute)),
                            None => (set.location(scope), set.snippet(scope)),
                        });
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// The change set and `source:` scalar that set the mapping `item`, with where it starts.
fn source_of<'a>(
    sets: &'a [LoadedChangeSet],
    item: &Item,
) -> Option<(&'a LoadedChangeSet, &'a str, Location)> {
    let Item::AttributeMapping {
        source,
        target,
        attribute,
        ..
    } = item
    else {
        return None;
    };
    sets.iter().rev().find_map(|set| {
        set.set.mappings.iter().rev().find_map(|mapping| {
            let m = &mapping.value;
            if &m.object.value.source.value != source || &m.object.value.target.value != target {
                return None;
            }
            let set_item = m.set.iter().find(|s| &s.value.target.value == attribute)?;
            let spanned = set_item.value.source.as_ref()?;
            let text = spanned.value.as_deref()?;
            Some((set, text, set.location(spanned)))
        })
    })
}

/// `error: place: message`, the line, and the hint, for findings without an exact position.
fn plain_report(sets: &[LoadedChangeSet], finding: &Finding) -> String {
    let (place, snippet) = match locate(sets, &finding.item, finding.clause) {
        Some((location, snippet)) => (location.to_string(), snippet),
        None => (describe(&finding.item), None),
    };
    let mut text = format!("error: {place}: {}", finding.message);
    if let Some(snippet) = snippet {
        text.push('\n');
        text.push_str(&snippet);
    }
    if let Some(hint) = &finding.hint {
        text.push_str(&format!("\nhint: {hint}"));
    }
    text
}

/// A short name of a schema item for messages.
pub fn describe(item: &Item) -> String {
    let label = crate::render::describe::label(item);
    match item {
        Item::AttributeMapping { source, target, .. } | Item::Scope { source, target, .. } => {
            format!("{label} of {source} → {target}")
        }
        Item::AttributeDefinition {
            directory, object, ..
        } => format!("{label} of {directory} / {object}"),
        _ => label,
    }
}

/// The report of an expression finding, pointing at its character in the change set that
/// wrote the expression (`error: file:line:column: ...`, the line, the hint).
fn expression_report(sets: &[LoadedChangeSet], finding: &Finding) -> Option<String> {
    let offset = finding.offset?;
    let (set, text, at) = source_of(sets, &finding.item)?;
    let err = expression::located(
        text,
        Some(offset),
        &finding.message,
        finding.hint.as_deref(),
        &at,
        Some(&set.text),
    );
    Some(err.report())
}

/// Print every finding; fail with [`Error::Invalid`] when any is an error.
pub fn report(findings: &[Finding], sets: &[LoadedChangeSet], status: &Status) -> Result<()> {
    for finding in findings {
        match finding.severity {
            // A warning about what a change set wrote points at it; the rest are the tenant's.
            Severity::Warning => {
                let text = match expression_report(sets, finding) {
                    Some(report) => report.trim_start_matches("error: ").to_owned(),
                    None => match locate(sets, &finding.item, finding.clause) {
                        Some((location, _)) => format!("{location}: {}", finding.message),
                        None => format!(
                            "in the tenant's schema, {}: {}",
                            describe(&finding.item),
                            finding.message
                        ),
                    },
                };
                status.warn(text);
            }
            Severity::Error => {
                let report =
                    expression_report(sets, finding).unwrap_or_else(|| plain_report(sets, finding));
                crate::terminal::print_error(&report);
            }
        }
    }
    match lint::error_count(findings) {
        0 => Ok(()),
        count => Err(Error::Invalid { count }),
    }
}
