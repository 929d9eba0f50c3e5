//! The vocabulary of a plan: which thing in a schema changed (`Item`, an identity made of names,
//! never array indices), how (`Action`), which fields, and whether it is destructive.
//!
//! These are plain values shared by `diff`, `render` and the N-way `compare` report; nothing
//! here looks at a schema document.

use std::collections::BTreeMap;

use serde::Serialize;

/// What happens to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Add,
    Change,
    Remove,
}

/// The identity of a thing in a schema. Identities use names (directory, object, attribute,
/// rule name or id, source/target object names, target attribute name), so the same item can
/// be found in any copy of the schema, whatever its position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    /// A `directories[]` entry, by `name`.
    Directory { directory: String },
    /// An `objects[]` entry of a directory, by `name`.
    ObjectDefinition { directory: String, object: String },
    /// An `attributes[]` entry of an object definition, by `name`.
    AttributeDefinition {
        directory: String,
        object: String,
        name: String,
    },
    /// A `synchronizationRules[]` entry, by `name` (or `id` when it has no name).
    Rule { rule: String },
    /// An object mapping of a rule, by source and target object names.
    ObjectMapping {
        rule: String,
        source: String,
        target: String,
    },
    /// An attribute mapping, by `targetAttributeName` within its object mapping.
    AttributeMapping {
        rule: String,
        source: String,
        target: String,
        attribute: String,
    },
    /// The scoping filter (`scope`) of an object mapping.
    Scope {
        rule: String,
        source: String,
        target: String,
    },
    /// Anything else, addressed by JSON pointer (for example a top-level key).
    Document { path: String },
}

/// One field of an item that differs. `None` means the key is absent on that side; a JSON
/// `null` is `Some(Value::Null)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<serde_json::Value>,
}

impl FieldChange {
    /// A field change from optional old and new values.
    pub fn new(
        field: impl Into<String>,
        old: Option<serde_json::Value>,
        new: Option<serde_json::Value>,
    ) -> Self {
        FieldChange {
            field: field.into(),
            old,
            new,
        }
    }
}

/// One entry of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub action: Action,
    pub item: Item,
    pub fields: Vec<FieldChange>,
    pub destructive: bool,
    /// Why the change is destructive, in words for people (empty when it is not).
    pub reasons: Vec<String>,
}

impl Change {
    /// A change that is not destructive (yet); see [`Change::destructive_because`].
    pub fn new(action: Action, item: Item, fields: Vec<FieldChange>) -> Self {
        Change {
            action,
            item,
            fields,
            destructive: false,
            reasons: Vec::new(),
        }
    }

    /// Marks the change destructive and records the reason (once).
    pub fn destructive_because(&mut self, reason: &str) {
        self.destructive = true;
        if !self.reasons.iter().any(|r| r == reason) {
            self.reasons.push(reason.to_owned());
        }
    }
}

/// The semantic difference between two schemas, in document order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// Rule identity → (source directory name, target directory name), for readable headers.
    /// Filled by [`crate::diff::diff`] for every rule it saw; may be empty.
    #[serde(skip)]
    pub rule_directories: BTreeMap<String, (String, String)>,
}

impl Plan {
    /// True when the two schemas are semantically equal.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Numbers of changes to add, change and remove.
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |a: Action| self.changes.iter().filter(|c| c.action == a).count();
        (
            count(Action::Add),
            count(Action::Change),
            count(Action::Remove),
        )
    }

    /// True when any change is destructive (apply then needs `--allow-destructive`).
    pub fn is_destructive(&self) -> bool {
        self.changes.iter().any(|c| c.destructive)
    }

    /// Number of destructive changes.
    pub fn destructive_count(&self) -> usize {
        self.changes.iter().filter(|c| c.destructive).count()
    }
}
