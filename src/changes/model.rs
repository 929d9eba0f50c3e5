//! The change-set format (`schemas/<name>.yaml`, design.md section 2) as Rust types.
//!
//! Every value the user writes is wrapped in [`Spanned`] so that later stages (composition, the
//! engine, the expression validator) can point errors at `file:line:column`. Fields that may be
//! absent, null or set are `Option<Spanned<Option<T>>>`: `None` = not mentioned (keep the current
//! value), `Some(null)` = set to null. This module only describes the format; loading, variable
//! substitution and checks live in sibling modules.

use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

/// Deserialize a field that is present (possibly `null`) as `Some(..)`, so that `null` and an
/// absent key stay distinguishable. Use with `#[serde(default, deserialize_with = "present")]`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// One change set file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeSet {
    /// Format version; only `1` exists.
    pub version: Spanned<u32>,
    /// Free text for people reading the file.
    #[serde(default)]
    pub description: Option<String>,
    /// Attribute definitions to ensure or remove.
    #[serde(default)]
    pub attributes: Vec<Spanned<AttributeChange>>,
    /// Changes to object mappings of synchronization rules.
    #[serde(default)]
    pub mappings: Vec<Spanned<MappingChange>>,
}

/// Ensure an attribute definition exists with these fields (added or updated in place), or
/// remove it (`remove: true`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttributeChange {
    pub directory: Spanned<String>,
    pub object: Spanned<String>,
    pub name: Spanned<String>,
    /// `String`, `Integer`, `Reference`, `Binary`, `Boolean` or `DateTime`; default `String`.
    #[serde(rename = "type", default)]
    pub kind: Option<Spanned<String>>,
    #[serde(default)]
    pub anchor: Option<Spanned<bool>>,
    #[serde(default)]
    pub case_exact: Option<Spanned<bool>>,
    #[serde(default)]
    pub multivalued: Option<Spanned<bool>>,
    #[serde(default)]
    pub required: Option<Spanned<bool>>,
    /// `ReadWrite` (default), `ReadOnly`, `Immutable` or `WriteOnly`.
    #[serde(default)]
    pub mutability: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "present")]
    pub default_value: Option<Spanned<Option<String>>>,
    #[serde(default)]
    pub flow_null_values: Option<Spanned<bool>>,
    /// Object names a `Reference` attribute points to (`referencedObjects[].referencedObjectName`).
    #[serde(default)]
    pub referenced_objects: Option<Spanned<Vec<String>>>,
    /// Remove the definition instead (destructive; refused while a mapping uses it).
    #[serde(default)]
    pub remove: Option<Spanned<bool>>,
}

impl AttributeChange {
    /// The boolean fields as (JSON key, value if written), in the documented field order.
    pub fn flags(&self) -> [(&'static str, Option<&Spanned<bool>>); 5] {
        [
            ("anchor", self.anchor.as_ref()),
            ("caseExact", self.case_exact.as_ref()),
            ("multivalued", self.multivalued.as_ref()),
            ("required", self.required.as_ref()),
            ("flowNullValues", self.flow_null_values.as_ref()),
        ]
    }
}

/// Selects a synchronization rule: by `name`, by `id`, or by source and target directory names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSelector {
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    #[serde(default)]
    pub target: Option<Spanned<String>>,
}

/// Selects one object mapping of a rule by its source and target object names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectSelector {
    pub source: Spanned<String>,
    pub target: Spanned<String>,
}

/// Changes to one object mapping.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingChange {
    pub rule: Spanned<RuleSelector>,
    pub object: Spanned<ObjectSelector>,
    /// Attribute mappings to add or update, by target attribute.
    #[serde(default)]
    pub set: Vec<Spanned<SetMapping>>,
    /// Target attributes whose mappings are removed (destructive).
    #[serde(default)]
    pub remove: Vec<Spanned<String>>,
    /// Replaces the scoping filter `groups` (destructive: may deprovision).
    #[serde(default)]
    pub scope: Option<Spanned<Scope>>,
    /// Enable or disable the object mapping.
    #[serde(default)]
    pub enabled: Option<Spanned<bool>>,
}

/// Add or update the attribute mapping of one target attribute.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetMapping {
    pub target: Spanned<String>,
    /// The expression as typed in the portal: `[attr]`, `"text"`, `Func(...)`; `null` for a
    /// default-only mapping.
    #[serde(default, deserialize_with = "present")]
    pub source: Option<Spanned<Option<String>>>,
    /// `flowType`: `Always` (default), `ObjectAddOnly`, `MultiValueAddOnly`, `ValueAddOnly`,
    /// `AttributeAddOnly`.
    #[serde(default)]
    pub flow: Option<Spanned<String>>,
    /// `flowBehavior`: `FlowWhenChanged` (default) or `FlowAlways`.
    #[serde(default)]
    pub behavior: Option<Spanned<String>>,
    /// `matchingPriority`: 0 = not used for matching (default), 1.. = matching order.
    #[serde(default)]
    pub matching: Option<Spanned<i64>>,
    /// `defaultValue`: used when the source is null.
    #[serde(default, deserialize_with = "present")]
    pub default: Option<Spanned<Option<String>>>,
}

/// Scoping filter: groups are ORed (`any`), clauses inside a group are ANDed (`all`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub any: Vec<Spanned<ScopeGroup>>,
}

/// One scoping filter group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeGroup {
    /// The group's title; kept from the tenant when its clauses are unchanged, otherwise generated.
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    pub all: Vec<Spanned<Clause>>,
}

/// One scoping clause: `attribute OPERATOR value...`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub attribute: Spanned<String>,
    /// As the service spells it: `EQUALS`, `NOT EQUALS`, `IS TRUE`, `IS NULL`, `REGEX MATCH`, ...
    pub operator: Spanned<String>,
    /// One value (`value: x`) or several (`values: [x, y]`) for binary operators.
    #[serde(default)]
    pub value: Option<Spanned<String>>,
    #[serde(default)]
    pub values: Option<Spanned<Vec<String>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_absent_stay_distinct() {
        let yaml = "target: a\nsource: null\n";
        let set: SetMapping = serde_saphyr::from_str(yaml).expect("parses");
        assert!(matches!(set.source, Some(ref s) if s.value.is_none()));
        assert!(set.default.is_none());
        let set: SetMapping = serde_saphyr::from_str("target: a\ndefault: x\n").expect("parses");
        assert!(set.source.is_none());
        assert_eq!(set.default.and_then(|d| d.value).as_deref(), Some("x"));
    }

    #[test]
    fn unknown_keys_are_rejected_inside_spanned_items() {
        let yaml = "version: 1\nmappings:\n  - rule: {name: r}\n    object: {source: a, target: b}\n    sett: []\n";
        let err = serde_saphyr::from_str::<ChangeSet>(yaml).expect_err("unknown key");
        assert!(err.to_string().contains("sett"), "{err}");
    }

    #[test]
    fn spans_point_at_values() {
        let yaml = "version: 1\nmappings:\n  - rule: {name: r}\n    object: {source: a, target: b}\n    set:\n      - target: mail\n";
        let set: ChangeSet = serde_saphyr::from_str(yaml).expect("parses");
        let target = &set.mappings[0].value.set[0].value.target;
        assert_eq!(
            (target.referenced.line(), target.referenced.column()),
            (6, 17)
        );
    }
}
