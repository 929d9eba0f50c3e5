//! Where a tenant's schema lives: behind the [`Store`] trait, either a local file (`file:` in an
//! environment) or a provisioning job in Microsoft Graph. A store fetches the current schema with
//! its fingerprint, builds expression trees the way that tenant would, and puts a whole schema.

pub mod file;
pub mod graph;

use async_trait::async_trait;
use serde_json::Value;

use crate::engine::Trees;
use crate::location::Location;
use crate::schema::Document;

/// The current schema of a tenant, as fetched.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The document, with the text form it came in (for `file:` tenants, rewritten the same way).
    pub document: Document,
    /// `fingerprint` of the semantic content: what the plan saw.
    pub fingerprint: String,
    /// The server-managed `version` string, when the schema has one.
    pub version: Option<String>,
}

impl Fetched {
    pub fn new(document: Document) -> Self {
        let fingerprint = crate::schema::fingerprint(&document.root);
        let version = crate::schema::schema_version(&document.root).map(str::to_owned);
        Self {
            document,
            fingerprint,
            version,
        }
    }

    pub fn root(&self) -> &Value {
        &self.document.root
    }

    /// The schema's `id` (the job id), or `schema` when it has none (a hand-made document).
    pub fn job_id(&self) -> String {
        self.root()
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("schema")
            .to_owned()
    }
}

/// A tenant's schema store.
#[async_trait]
pub trait Store: Send + Sync {
    /// What this store is, for status lines: `file environments/example/schema.json`.
    fn describe(&self) -> String;

    /// The job id used to name backups (`backups/<env>/<job>.json`).
    async fn job(&self) -> crate::Result<String>;

    /// Read the current schema.
    async fn fetch(&self) -> crate::Result<Fetched>;

    /// The `attributeMappingSource` trees of the given (added or changed) Function expressions as
    /// this tenant's service builds them. Empty when the local parser's trees stand (files).
    async fn trees(
        &self,
        schema: &Value,
        expressions: &[(String, Location)],
    ) -> crate::Result<Trees>;

    /// Something the user should know before `put` rewrites the tenant (for files: when the
    /// document's layout cannot be reproduced, so the first rewrite changes every line).
    fn rewrite_note(&self) -> Option<String> {
        None
    }

    /// Replace the whole schema with `desired`. `base` is what was fetched before (a file store
    /// writes in its text form).
    async fn put(&self, base: &Fetched, desired: &Value) -> crate::Result<()>;
}
