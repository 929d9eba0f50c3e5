//! A change set together with the file it came from, so that any later stage can turn a
//! [`Spanned`] value into an error that names `file:line:column` and shows the line.

use std::path::PathBuf;

use serde_saphyr::Spanned;

use crate::changes::model::ChangeSet;
use crate::error::{Error, Result};
use crate::location::{Location, snippet};
use crate::vocabulary;

/// A parsed change set, its path as the user names it, and its text (for snippets).
#[derive(Debug)]
pub struct LoadedChangeSet {
    pub path: PathBuf,
    pub text: String,
    pub set: ChangeSet,
}

impl LoadedChangeSet {
    /// Where a value of this change set was written.
    pub fn location<T>(&self, value: &Spanned<T>) -> Location {
        Location::new(
            self.path.clone(),
            value.referenced.line(),
            value.referenced.column(),
        )
    }

    /// The line of `value` with a caret under it.
    pub fn snippet<T>(&self, value: &Spanned<T>) -> Option<String> {
        let rendered = snippet(
            &self.text,
            value.referenced.line(),
            value.referenced.column(),
        );
        (!rendered.is_empty()).then_some(rendered)
    }

    /// An [`Error::Change`] pointing at `value`.
    pub fn error_at<T>(
        &self,
        value: &Spanned<T>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Error {
        Error::Change {
            location: self.location(value),
            message: message.into(),
            snippet: self.snippet(value),
            hint,
        }
    }

    /// `Ok` when `value` is spelled exactly as one of `allowed` (see `crate::vocabulary`);
    /// otherwise an error at `value` naming the closest spelling and listing the allowed ones.
    pub fn check_enum(&self, value: &Spanned<String>, kind: &str, allowed: &[&str]) -> Result<()> {
        match vocabulary::check_enum(kind, &value.value, allowed) {
            None => Ok(()),
            Some(m) => Err(self.error_at(value, m.message, Some(m.hint))),
        }
    }
}
