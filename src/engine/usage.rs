//! Refusing to remove an attribute definition that is still used: by an attribute mapping's
//! source tree or a scoping clause on the source side, or as a mapping's target. Checked on the
//! fully applied document, so a definition may go when the same change sets remove its uses.

use serde_json::Value;

use crate::changes::LoadedChangeSet;
use crate::changes::model::AttributeChange;
use crate::engine::shape::tree_nodes;
use crate::error::Result;
use crate::schema::nav;

const FILTER_LISTS: [&str; 3] = ["groups", "inputFilterGroups", "categoryFilterGroups"];

fn reads_attribute(source: &Value, name: &str) -> bool {
    let mut nodes = Vec::new();
    tree_nodes(source, &mut nodes);
    nodes.iter().any(|node| {
        matches!(nav::str_field(node, "type"), None | Some("Attribute"))
            && nav::str_field(node, "name") == Some(name)
    })
}

/// Descriptions of every use of attribute `name` of `directory`/`object` in `doc`.
pub fn uses(doc: &Value, directory: &str, object: &str, name: &str) -> Vec<String> {
    let mut found = Vec::new();
    for rule in nav::rules(doc) {
        let rule_name = nav::str_field(rule, "name").unwrap_or("");
        let source_side = nav::str_field(rule, "sourceDirectoryName") == Some(directory);
        let target_side = nav::str_field(rule, "targetDirectoryName") == Some(directory);
        for om in nav::object_mappings(rule) {
            let om_source = nav::str_field(om, "sourceObjectName") == Some(object);
            let om_target = nav::str_field(om, "targetObjectName") == Some(object);
            for mapping in nav::attribute_mappings(om) {
                let target = nav::str_field(mapping, "targetAttributeName").unwrap_or("");
                let read = source_side
                    && om_source
                    && mapping
                        .get("source")
                        .is_some_and(|s| reads_attribute(s, name));
                if read || (target_side && om_target && target == name) {
                    found.push(format!(
                        "the mapping of \"{target}\" in rule \"{rule_name}\""
                    ));
                }
            }
            if source_side && om_source {
                let scope = om.get("scope").unwrap_or(&Value::Null);
                for list in FILTER_LISTS {
                    for group in nav::array(scope, list) {
                        if nav::array(group, "clauses")
                            .iter()
                            .any(|c| nav::str_field(c, "sourceOperandName") == Some(name))
                        {
                            let group_name = nav::str_field(group, "name").unwrap_or("");
                            found.push(format!(
                                "the scoping filter group \"{group_name}\" ({list}) in rule \"{rule_name}\""
                            ));
                        }
                    }
                }
            }
        }
    }
    found
}

/// Refuse each removal whose definition is gone from `doc` but still used there.
pub fn check_removals(
    doc: &Value,
    removals: &[(&LoadedChangeSet, &AttributeChange)],
) -> Result<()> {
    for (set, change) in removals {
        let (directory, object, name) = (
            &change.directory.value,
            &change.object.value,
            &change.name.value,
        );
        let still_defined = nav::find_object(doc, directory, object)
            .and_then(|o| nav::find_attribute(o, name))
            .is_some();
        if still_defined {
            continue;
        }
        let found = uses(doc, directory, object, name);
        if found.is_empty() {
            continue;
        }
        let message = format!(
            "cannot remove attribute \"{name}\" of \"{directory}\" object \"{object}\": it is used by {}",
            found.join(", ")
        );
        let hint = Some(
            "remove or change those mappings and scoping clauses in the same change sets"
                .to_owned(),
        );
        return Err(match &change.remove {
            Some(remove) => set.error_at(remove, message, hint),
            None => set.error_at(&change.name, message, hint),
        });
    }
    Ok(())
}
