//! entra-schema: Microsoft Entra ID provisioning job schemas as code.
//!
//! The crate is a functional core (`schema`, `changes`, `expression`, `engine`, `diff`, `render`)
//! wrapped by an imperative shell (`cli`, `commands`, `environment`, `store`, `graph`). The core
//! modules transform values and never touch the disk, the network, the clock or the terminal.

pub mod changes;
pub mod cli;
pub mod commands;
pub mod diff;
pub mod engine;
pub mod error;
pub mod expression;
pub mod location;
pub mod render;
pub mod schema;
pub mod suggest;
pub mod vocabulary;

pub use error::{Error, Result};
