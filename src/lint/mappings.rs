//! Lint rules for the attribute mappings of one object mapping: targets mapped twice, undefined
//! source attributes, duplicate matching priorities, enum spellings, and expression validation
//! of the mappings the change sets add or change.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diff::Item;
use crate::expression::{self, Context, Flavor, Severity, SourceObject};
use crate::lint::{Finding, Touched, rule_identity};
use crate::schema::nav;

/// Names of the Entra ID directory as the service reports it.
const ENTRA_DIRECTORIES: &[&str] = &["Azure Active Directory", "Microsoft Entra ID"];

/// What the rules of one object mapping need to know.
pub struct ObjectMappingContext<'a> {
    pub rule: String,
    pub source_directory: String,
    pub source_object: String,
    pub target_object: String,
    pub object_mapping: &'a Value,
    /// The source object's definition, when the schema has it.
    pub source_definition: Option<&'a Value>,
    pub flavor: Flavor,
}

impl<'a> ObjectMappingContext<'a> {
    pub fn new(schema: &'a Value, rule: &'a Value, object_mapping: &'a Value) -> Self {
        let source_directory = nav::str_field(rule, "sourceDirectoryName").unwrap_or_default();
        let source_object = nav::str_field(object_mapping, "sourceObjectName").unwrap_or_default();
        Self {
            rule: rule_identity(rule),
            source_directory: source_directory.to_owned(),
            source_object: source_object.to_owned(),
            target_object: nav::str_field(object_mapping, "targetObjectName")
                .unwrap_or_default()
                .to_owned(),
            object_mapping,
            source_definition: nav::find_object(schema, source_directory, source_object),
            flavor: Flavor::from_template(crate::schema::job_template(schema)),
        }
    }

    pub fn mapping_item(&self, target: &str) -> Item {
        Item::AttributeMapping {
            rule: self.rule.clone(),
            source: self.source_object.clone(),
            target: self.target_object.clone(),
            attribute: target.to_owned(),
        }
    }

    /// Whether the source object defines `name` (true when the definition is unknown).
    pub fn defines(&self, name: &str) -> bool {
        self.source_definition
            .is_none_or(|object| nav::find_attribute(object, name).is_some())
    }

    pub fn source_is_entra(&self) -> bool {
        ENTRA_DIRECTORIES.contains(&self.source_directory.as_str())
    }
}

/// Names of every Attribute node in a source tree.
fn attribute_names(source: &Value, out: &mut Vec<String>) {
    if nav::str_field(source, "type") == Some("Attribute")
        && let Some(name) = nav::str_field(source, "name")
    {
        out.push(name.to_owned());
    }
    for parameter in nav::array(source, "parameters") {
        if let Some(value) = parameter.get("value") {
            attribute_names(value, out);
        }
    }
}

pub fn check(ctx: &ObjectMappingContext, touched: &Touched, findings: &mut Vec<Finding>) {
    let mappings = nav::attribute_mappings(ctx.object_mapping);
    let mut targets: BTreeMap<&str, usize> = BTreeMap::new();
    let mut priorities: BTreeMap<i64, Vec<&str>> = BTreeMap::new();
    for mapping in mappings {
        let target = nav::str_field(mapping, "targetAttributeName").unwrap_or_default();
        let item = ctx.mapping_item(target);
        let severity = touched.severity(&item);
        let mut push = |message: String, hint: Option<String>, offset: Option<usize>| {
            findings.push(Finding {
                severity,
                item: item.clone(),
                message,
                hint,
                offset,
                clause: None,
            });
        };
        *targets.entry(target).or_default() += 1;
        let priority = mapping
            .get("matchingPriority")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        if priority > 0 {
            priorities.entry(priority).or_default().push(target);
        }
        for (field, allowed) in [
            ("flowType", expression::FLOW_TYPES),
            ("flowBehavior", expression::FLOW_BEHAVIORS),
        ] {
            if let Some(value) = nav::str_field(mapping, field)
                && let Some(problem) = expression::check_enum(field, value, allowed)
            {
                push(problem.message, problem.hint, None);
            }
        }
        let Some(source) = mapping.get("source").filter(|s| !s.is_null()) else {
            continue;
        };
        let text = nav::str_field(source, "expression").filter(|t| !t.is_empty());
        if severity == Severity::Error
            && let Some(text) = text
        {
            // A changed source is validated whole, whatever its type (attribute references, the
            // length limit, a bare word that is neither `[attribute]` nor `"constant"` ...).
            match expression::parse(text) {
                Err(err) => push(
                    format!("mapping of {target}: {}", err.message),
                    err.hint,
                    Some(err.offset),
                ),
                Ok(parsed) => {
                    let names: Vec<&str> = ctx
                        .source_definition
                        .map(|object| {
                            nav::attributes(object)
                                .iter()
                                .filter_map(|a| nav::str_field(a, "name"))
                                .collect()
                        })
                        .unwrap_or_default();
                    let problems = expression::validate(
                        text,
                        &parsed,
                        &Context {
                            flavor: ctx.flavor,
                            source: ctx.source_definition.map(|_| SourceObject {
                                directory: &ctx.source_directory,
                                object: &ctx.source_object,
                                attributes: &names,
                            }),
                            flow_type: nav::str_field(mapping, "flowType"),
                            matching_priority: priority,
                            source_is_entra: ctx.source_is_entra(),
                        },
                    );
                    for problem in problems {
                        findings.push(Finding {
                            severity: problem.severity,
                            item: item.clone(),
                            message: format!("mapping of {target}: {}", problem.message),
                            hint: problem.hint,
                            offset: problem.offset,
                            clause: None,
                        });
                    }
                }
            }
            continue;
        }
        let mut names = Vec::new();
        attribute_names(source, &mut names);
        for name in names.iter().filter(|n| !ctx.defines(n)) {
            push(
                format!(
                    "mapping of {target}: source attribute \"{name}\" is not defined on object {} of directory {}",
                    ctx.source_object, ctx.source_directory
                ),
                Some("add the attribute definition first (in `attributes:` of a change set), or fix the name: names are case-sensitive".into()),
                None,
            );
        }
    }
    for (target, count) in targets.into_iter().filter(|(_, n)| *n > 1) {
        let item = ctx.mapping_item(target);
        findings.push(Finding {
            severity: touched.severity(&item),
            item,
            message: format!(
                "target attribute {target} is mapped {count} times in {} → {}; the service allows one mapping per target",
                ctx.source_object, ctx.target_object
            ),
            hint: Some("remove the extra mappings, or combine them into one expression".into()),
            offset: None,
            clause: None,
        });
    }
    for (priority, targets) in priorities.into_iter().filter(|(_, t)| t.len() > 1) {
        let item = ctx.mapping_item(targets[targets.len() - 1]);
        let severity = if targets
            .iter()
            .any(|t| touched.contains(&ctx.mapping_item(t)))
        {
            Severity::Error
        } else {
            Severity::Warning
        };
        findings.push(Finding {
            severity,
            item,
            message: format!(
                "matching priority {priority} is used by {}; each matching attribute needs its own priority",
                targets.join(", ")
            ),
            hint: Some("give each matching attribute a distinct `matching:` value (1, 2, ...)".into()),
            offset: None,
            clause: None,
        });
    }
}
