//! Backups of tenants' schemas: `backups/<env>/<job>.json` in one stable form (UTF-8, LF,
//! 2-space indent, the service's key order, final newline) so that git diffs show only real
//! changes. Written by `pull` and, before every change, by `apply`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::Result;
use crate::store::file::write_atomically;

/// The backup path of a job, relative to the workspace. Characters that cannot be in a file
/// name are replaced by `_`.
pub fn path(env: &str, job: &str) -> PathBuf {
    let safe: String = job
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    PathBuf::from("backups")
        .join(env)
        .join(format!("{safe}.json"))
}

/// Write the backup of `schema` and return its path relative to the workspace.
pub fn write(workspace: &Path, env: &str, job: &str, schema: &Value) -> Result<PathBuf> {
    let relative = path(env, job);
    let bytes = crate::schema::canonical_bytes(schema);
    write_atomically(&workspace.join(&relative), &relative, &bytes)?;
    Ok(relative)
}

/// The most recent backup of an environment, if any (the newest file in `backups/<env>/`).
pub fn latest(workspace: &Path, env: &str) -> Option<PathBuf> {
    let dir = workspace.join("backups").join(env);
    let entries = std::fs::read_dir(&dir).ok()?;
    entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "json"))
        .max_by_key(|entry| entry.metadata().and_then(|m| m.modified()).ok())
        .map(|entry| PathBuf::from("backups").join(env).join(entry.file_name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_path_is_safe_for_any_job_id() {
        assert_eq!(
            path("dev", "API2AAD.abc.1234-5678"),
            PathBuf::from("backups/dev/API2AAD.abc.1234-5678.json")
        );
        assert_eq!(
            path("dev", "a/../b"),
            PathBuf::from("backups/dev/a_.._b.json")
        );
    }
}
