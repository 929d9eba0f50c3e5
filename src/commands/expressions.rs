//! The change sets' expressions, checked without a tenant's schema: parsing, and validation of
//! what needs no schema (known functions, arity, argument words, the length limit, flow-type
//! rules). Runs before any request, so a mistake never costs a round trip to Graph, and lets
//! `validate` check expressions even for a Graph environment that has no backup yet.

use crate::changes::LoadedChangeSet;
use crate::changes::model::SetMapping;
use crate::error::{Error, Result};
use crate::expression::{self, Context, Flavor, Severity};
use crate::terminal::{self, Status};

/// Directory names of Entra ID as the service reports them.
const ENTRA_DIRECTORIES: &[&str] = &["Azure Active Directory", "Microsoft Entra ID"];

/// Every `source` expression with the set and item that hold it.
fn sources(
    sets: &[LoadedChangeSet],
) -> impl Iterator<Item = (&LoadedChangeSet, bool, &SetMapping)> {
    sets.iter().flat_map(|set| {
        set.set.mappings.iter().flat_map(move |mapping| {
            let from_entra = mapping
                .value
                .rule
                .value
                .source
                .as_ref()
                .is_some_and(|s| ENTRA_DIRECTORIES.contains(&s.value.as_str()));
            mapping
                .value
                .set
                .iter()
                .map(move |item| (set, from_entra, &item.value))
        })
    })
}

/// Parse every `source` expression; the first that does not parse is an error pointing into
/// the YAML file.
pub fn parse_all(sets: &[LoadedChangeSet]) -> Result<()> {
    for (set, _, item) in sources(sets) {
        let Some(source) = &item.source else { continue };
        let Some(text) = &source.value else { continue };
        if let Err(err) = expression::parse(text) {
            return Err(expression::located(
                text,
                Some(err.offset),
                &err.message,
                err.hint.as_deref(),
                &set.location(source),
                Some(&set.text),
            ));
        }
    }
    Ok(())
}

/// Validate every `source` expression as far as no schema is needed. Errors are printed (each
/// at its place in the YAML file) and make this fail with [`Error::Invalid`]; warnings are
/// printed when `warnings` is set (otherwise the schema-aware lint reports them later).
pub fn validate_all(
    sets: &[LoadedChangeSet],
    flavor: Flavor,
    status: &Status,
    warnings: bool,
) -> Result<()> {
    let mut errors = 0;
    for (set, from_entra, item) in sources(sets) {
        let Some(source) = &item.source else { continue };
        let Some(text) = &source.value else { continue };
        let Ok(parsed) = expression::parse(text) else {
            continue;
        };
        let ctx = Context {
            flavor,
            source: None,
            flow_type: item.flow.as_ref().map(|f| f.value.as_str()),
            matching_priority: item.matching.as_ref().map_or(0, |m| m.value),
            source_is_entra: from_entra,
        };
        for problem in expression::validate(text, &parsed, &ctx) {
            let report = expression::located(
                text,
                problem.offset,
                &problem.message,
                problem.hint.as_deref(),
                &set.location(source),
                Some(&set.text),
            )
            .report();
            match problem.severity {
                Severity::Error => {
                    errors += 1;
                    terminal::print_error(&report);
                }
                Severity::Warning if warnings => {
                    status.warn(report.trim_start_matches("error: "));
                }
                Severity::Warning => {}
            }
        }
    }
    match errors {
        0 => Ok(()),
        count => Err(Error::Invalid { count }),
    }
}
