//! entra-schema: Microsoft Entra ID provisioning job schemas as code.
//!
//! The crate is a functional core (`schema`, `changes`, `expression`, `engine`, `diff`, `render`)
//! wrapped by an imperative shell (`cli`, `commands`, `environment`, `store`, `graph`). The core
//! modules transform values and never touch the disk, the network, the clock or the terminal.

pub mod backup;
pub mod changes;
pub mod cli;
pub mod commands;
pub mod diff;
pub mod engine;
pub mod environment;
pub mod error;
pub mod expression;
pub mod graph;
pub mod lint;
pub mod location;
pub mod render;
pub mod saved_plan;
pub mod schema;
pub mod store;
pub mod suggest;
pub mod terminal;
pub mod vocabulary;

pub use error::{Error, Result};
