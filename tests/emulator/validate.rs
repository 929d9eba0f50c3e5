//! The emulator's checks on a PUT schema body.
//!
//! * Enum values with the wrong case (`flowWhenChanged`) → 406, as observed
//!   (msgraph-beta-sdk-java#542). The 406 body is not documented: code `NotAcceptable` is INFERRED.
//! * A target attribute mapped twice in one object mapping, or an Attribute source that the
//!   source object does not define → 400. Stated by DC beta PUT Example 3; the status, code and
//!   message wording are INFERRED.

use serde_json::Value;

/// A rejection: HTTP status, Graph error code, message.
pub type Rejection = (u16, &'static str, String);

const ENUMS: &[(&str, &[&str])] = &[
    (
        "flowType",
        &[
            "Always",
            "ObjectAddOnly",
            "MultiValueAddOnly",
            "ValueAddOnly",
            "AttributeAddOnly",
        ],
    ),
    ("flowBehavior", &["FlowWhenChanged", "FlowAlways"]),
    (
        "mutability",
        &["ReadWrite", "ReadOnly", "Immutable", "WriteOnly"],
    ),
];

pub fn check(schema: &Value) -> Result<(), Rejection> {
    check_enums(schema)?;
    let empty = Vec::new();
    let directories = schema
        .get("directories")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    for rule in schema
        .get("synchronizationRules")
        .and_then(Value::as_array)
        .unwrap_or(&empty)
    {
        let source_dir = rule
            .get("sourceDirectoryName")
            .and_then(Value::as_str)
            .unwrap_or_default();
        for mapping in rule
            .get("objectMappings")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
        {
            let source_object = mapping
                .get("sourceObjectName")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let defined: Option<Vec<&str>> = directories
                .iter()
                .find(|d| d.get("name").and_then(Value::as_str) == Some(source_dir))
                .and_then(|d| d.get("objects").and_then(Value::as_array))
                .and_then(|objects| {
                    objects
                        .iter()
                        .find(|o| o.get("name").and_then(Value::as_str) == Some(source_object))
                })
                .and_then(|o| o.get("attributes").and_then(Value::as_array))
                .map(|attrs| {
                    attrs
                        .iter()
                        .filter_map(|a| a.get("name").and_then(Value::as_str))
                        .collect()
                });
            let mut targets = Vec::new();
            for am in mapping
                .get("attributeMappings")
                .and_then(Value::as_array)
                .unwrap_or(&empty)
            {
                let target = am
                    .get("targetAttributeName")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if targets.contains(&target) {
                    return Err((
                        400,
                        "BadRequest",
                        format!(
                            "An attribute can only be mapped as a target once. Target attribute '{target}' is mapped more than once."
                        ),
                    ));
                }
                targets.push(target);
                if let (Some(defined), Some(source)) = (&defined, am.get("source")) {
                    let mut names = Vec::new();
                    attribute_names(source, &mut names);
                    if let Some(missing) = names.iter().find(|n| !defined.contains(&n.as_str())) {
                        return Err((
                            400,
                            "BadRequest",
                            format!(
                                "Source attribute '{missing}' must exist in the schema of object '{source_object}' in directory '{source_dir}' before it can be added to the mappings."
                            ),
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

fn attribute_names(source: &Value, out: &mut Vec<String>) {
    match source.get("type").and_then(Value::as_str) {
        Some("Attribute") => {
            if let Some(n) = source.get("name").and_then(Value::as_str) {
                out.push(n.to_string());
            }
        }
        Some("Function") => {
            for p in source
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(v) = p.get("value") {
                    attribute_names(v, out);
                }
            }
        }
        _ => {}
    }
}

fn check_enums(value: &Value) -> Result<(), Rejection> {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if let (Some((_, allowed)), Some(s)) =
                    (ENUMS.iter().find(|(k, _)| k == key), v.as_str())
                    && !allowed.contains(&s)
                {
                    return Err((
                        406,
                        "NotAcceptable",
                        format!("The value '{s}' is not valid for '{key}'."),
                    ));
                }
                check_enums(v)?;
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(check_enums),
        _ => Ok(()),
    }
}
