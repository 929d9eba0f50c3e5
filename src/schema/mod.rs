//! The lossless schema model: a synchronization schema document kept as an order-preserving JSON
//! tree, read from and written back to the exact text form it came in, with typed navigation and
//! semantic comparison.
//!
//! Pure: bytes and values in, bytes and values out. Files are read and written by the store.

pub mod annotations;
pub mod document;
pub mod encoding;
pub mod fingerprint;
pub mod format;
pub mod identity;
pub mod json;
pub mod nav;
pub mod semantic;

pub use annotations::without_annotations;
pub use document::Document;
pub use encoding::Encoding;
pub use fingerprint::fingerprint;
pub use format::{LineEnding, TextFormat, canonical_bytes};
pub use identity::{job_template, schema_version};
