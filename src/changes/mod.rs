//! Declarative change sets (`schemas/*.yaml`): the format, loading with positions, `${var}`
//! substitution, and composition of several sets with conflict detection.
//!
//! Pure: every function takes text or loaded values; the caller reads the files.

pub mod checks;
pub mod compose;
pub mod keys;
pub mod load;
pub mod loaded;
pub mod model;
pub mod sources;
pub mod vars;
pub mod yaml_error;

pub use compose::compose;
pub use load::load;
pub use loaded::LoadedChangeSet;
pub use sources::function_sources;
