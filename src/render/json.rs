//! The plan as a JSON document for tools and PR bots. The format is a contract:
//!
//! ```text
//! {
//!   "format_version": "1.0",
//!   "changes": [
//!     { "action": "add" | "change" | "remove",
//!       "item": { "kind": "directory" | "object_definition" | "attribute_definition" | "rule"
//!                 | "object_mapping" | "attribute_mapping" | "scope" | "document",
//!                 ...identity fields: directory, object, name, rule, source, target,
//!                 attribute, path (as applicable) },
//!       "fields": [ { "field": "...", "old": <value>, "new": <value> } ],
//!       "destructive": true | false,
//!       "reasons": [ "..." ] }
//!   ],
//!   "summary": { "add": N, "change": N, "remove": N, "destructive": N }
//! }
//! ```
//!
//! `old` / `new` are left out when the field is absent on that side (JSON `null` means the
//! field holds null). An attribute mapping's `source` is its expression text (`null` for a
//! default-only mapping); `source tree` carries the raw trees when only they differ.
//! `plan` and `diff` add a top-level `"patch"`: the RFC 6902 patch between the two documents
//! (this module sees only the plan, not the documents).
//! Compatibility: a minor version bump only adds keys; a major bump may change or remove them.

use serde_json::{Value, json};

use crate::diff::Plan;

/// Version of the JSON plan format.
pub const FORMAT_VERSION: &str = "1.0";

/// Renders a plan as the versioned JSON document described in the module docs.
pub fn json(plan: &Plan) -> Value {
    let (add, change, remove) = plan.counts();
    // Serialising these plain structs (string keys, JSON values) cannot fail.
    let changes: Vec<Value> = plan
        .changes
        .iter()
        .map(|c| serde_json::to_value(c).unwrap_or(Value::Null))
        .collect();
    json!({
        "format_version": FORMAT_VERSION,
        "changes": changes,
        "summary": {
            "add": add,
            "change": change,
            "remove": remove,
            "destructive": plan.destructive_count(),
        }
    })
}
