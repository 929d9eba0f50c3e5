//! Declarative change sets (`schemas/*.yaml`): the format, loading with positions, `${var}`
//! substitution, and composition of several sets with conflict detection.

pub mod loaded;
pub mod model;

pub use loaded::LoadedChangeSet;
