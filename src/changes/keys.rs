//! How the items of a change set are identified, so that duplicates inside one file and
//! conflicts between files can be found without a schema: an attribute definition by
//! directory/object/name, an object mapping by its rule selector *as written* plus its object
//! source/target, an attribute mapping by its object mapping and target attribute.
//!
//! Two selectors that name the same rule differently (`name:` in one file, `source`/`target` in
//! another) are different keys here; the engine, which sees the schema, composes again with the
//! rules resolved (`compose::compose_with`).

use crate::changes::model::{AttributeChange, MappingChange, RuleSelector};

/// Identity of an attribute definition, and how to name it to the user.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AttributeKey {
    pub directory: String,
    pub object: String,
    pub name: String,
}

impl AttributeKey {
    pub fn of(a: &AttributeChange) -> Self {
        Self {
            directory: a.directory.value.clone(),
            object: a.object.value.clone(),
            name: a.name.value.clone(),
        }
    }

    /// `attribute `name` of API/User`.
    pub fn label(&self) -> String {
        format!(
            "attribute `{}` of {}/{}",
            self.name, self.directory, self.object
        )
    }
}

/// Identity of an object mapping, by its selectors as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MappingKey {
    pub rule: String,
    pub source: String,
    pub target: String,
}

impl MappingKey {
    pub fn of(m: &MappingChange) -> Self {
        Self {
            rule: rule_label(&m.rule.value),
            source: m.object.value.source.value.clone(),
            target: m.object.value.target.value.clone(),
        }
    }

    /// `object mapping User → User of rule `API → Azure Active Directory``.
    pub fn label(&self) -> String {
        format!(
            "object mapping {} → {} of rule {}",
            self.source, self.target, self.rule
        )
    }
}

/// The rule selector as the user wrote it: `name: X`, `id: X` or `X → Y`.
pub fn rule_label(rule: &RuleSelector) -> String {
    let mut parts = Vec::new();
    if let Some(name) = &rule.name {
        parts.push(format!("`{}`", name.value));
    }
    if let Some(id) = &rule.id {
        parts.push(format!("id `{}`", id.value));
    }
    match (&rule.source, &rule.target) {
        (Some(s), Some(t)) => parts.push(format!("`{} → {}`", s.value, t.value)),
        (Some(s), None) => parts.push(format!("`{} → ?`", s.value)),
        (None, Some(t)) => parts.push(format!("`? → {}`", t.value)),
        (None, None) => {}
    }
    if parts.is_empty() {
        "(none)".to_string()
    } else {
        parts.join(" ")
    }
}
