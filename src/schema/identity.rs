//! What a schema document says about itself: its server-maintained `version` and the job template
//! its `id` starts with (`AD2AADProvisioning.<tenant>.<guid>` → `AD2AADProvisioning`).

use serde_json::Value;

/// The top-level `version` string, maintained by the service and changed by every update.
pub fn schema_version(root: &Value) -> Option<&str> {
    root.get("version").and_then(Value::as_str)
}

/// The job template: the text of the top-level `id` (the job id) before its first `.`; the whole
/// id when it has no `.`; `None` when there is no non-empty string `id`.
pub fn job_template(root: &Value) -> Option<&str> {
    let id = root.get("id").and_then(Value::as_str)?;
    id.split('.').next().filter(|template| !template.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn template_is_the_job_id_prefix() {
        let root = json!({"id": "AD2AADProvisioning.a948e1d5.791b065b-71d9", "version": "v1.2"});
        assert_eq!(job_template(&root), Some("AD2AADProvisioning"));
        assert_eq!(schema_version(&root), Some("v1.2"));
        assert_eq!(job_template(&json!({"id": "API2AAD"})), Some("API2AAD"));
    }

    #[test]
    fn missing_or_odd_ids_have_no_template() {
        assert_eq!(job_template(&json!({"directories": []})), None);
        assert_eq!(job_template(&json!({"id": ".x"})), None);
        assert_eq!(job_template(&json!({"id": 5})), None);
        assert_eq!(schema_version(&json!({"version": null})), None);
    }
}
