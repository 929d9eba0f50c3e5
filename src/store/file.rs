//! A local tenant: a schema document on disk plays the tenant (`file:` in an environment).
//! Fetching reads and parses it; putting rewrites it atomically (temporary file in the same
//! directory, then rename) in the encoding, line endings and indentation it had.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use serde_json::Value;

use crate::engine::Trees;
use crate::error::{Error, Result};
use crate::expression;
use crate::location::Location;
use crate::schema::Document;
use crate::store::{Fetched, Store};

#[derive(Debug)]
pub struct FileStore {
    /// The path as the user wrote it (for messages).
    shown: PathBuf,
    /// The path to open.
    path: PathBuf,
    /// The job id (the document's `id`), remembered from the first read.
    job: std::sync::OnceLock<String>,
    /// Whether writing the document back unchanged gives the bytes that were read.
    faithful: std::sync::OnceLock<bool>,
}

impl FileStore {
    pub fn new(workspace: &Path, file: &Path) -> Self {
        Self {
            shown: file.to_path_buf(),
            path: workspace.join(file),
            job: std::sync::OnceLock::new(),
            faithful: std::sync::OnceLock::new(),
        }
    }
}

/// Read and parse a schema document from disk.
pub fn read_document(path: &Path, shown: &Path) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: shown.to_path_buf(),
        source,
    })?;
    Document::parse(&bytes, shown)
}

/// Write `bytes` to `path` atomically: a sibling temporary file, flushed, then renamed over it.
/// On failure the original file is untouched and the temporary file is removed.
pub fn write_atomically(path: &Path, shown: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |source| Error::Write {
        path: shown.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "schema".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if let Err(source) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(source));
    }
    Ok(())
}

/// Trees built by the local expression parser, with the parameter keys of the function table.
/// Used for `file:` tenants and for offline validation.
pub fn local_trees(schema: &Value, expressions: &[(String, Location)]) -> Result<Trees> {
    let flavor = expression::Flavor::from_template(crate::schema::job_template(schema));
    let mut trees = Trees::new();
    for (text, at) in expressions {
        if trees.contains_key(text) {
            continue;
        }
        let parsed = expression::parse(text).map_err(|err| {
            expression::located(
                text,
                Some(err.offset),
                &err.message,
                err.hint.as_deref(),
                at,
                None,
            )
        })?;
        let built = expression::to_tree(
            text,
            &parsed,
            flavor,
            &["expression", "name", "type", "parameters"],
        );
        trees.insert(text.clone(), built.tree);
    }
    Ok(trees)
}

#[async_trait]
impl Store for FileStore {
    fn describe(&self) -> String {
        format!("file {}", self.shown.display())
    }

    async fn job(&self) -> Result<String> {
        if let Some(job) = self.job.get() {
            return Ok(job.clone());
        }
        Ok(self.fetch().await?.job_id())
    }

    async fn fetch(&self) -> Result<Fetched> {
        let bytes = std::fs::read(&self.path).map_err(|source| Error::Read {
            path: self.shown.clone(),
            source,
        })?;
        let document = Document::parse(&bytes, &self.shown)?;
        let _ = self.faithful.set(document.render(&document.root) == bytes);
        let fetched = Fetched::new(document);
        let _ = self.job.set(fetched.job_id());
        Ok(fetched)
    }

    fn rewrite_note(&self) -> Option<String> {
        (self.faithful.get() == Some(&false)).then(|| {
            format!(
                concat!(
                    "{} is laid out in a way entra-schema cannot reproduce (for example Windows ",
                    "PowerShell's `\":  \"` separators or \\u escapes); it is rewritten in standard ",
                    "JSON layout, keeping its encoding, line endings and indentation, so this first ",
                    "write changes more lines than the plan"
                ),
                self.shown.display()
            )
        })
    }

    /// A local tenant has no service to ask: the trees of the local parser stand.
    async fn trees(&self, _schema: &Value, _expressions: &[(String, Location)]) -> Result<Trees> {
        Ok(Trees::new())
    }

    async fn put(&self, base: &Fetched, desired: &Value) -> Result<()> {
        let bytes = base.document.render(desired);
        write_atomically(&self.path, &self.shown, &bytes)
    }
}
