//! Microsoft Graph: the synchronization-schema client (GET/PUT schema, list jobs, parseExpression),
//! its retry policy, the error envelope, authentication and transport safety.
//!
//! This is shell code: it talks to the network. It never sends PATCH to a schema (the service
//! answers 404) and never writes a token into a message or a log.

pub mod auth;
pub mod authority;
pub mod certificate;
pub mod client;
pub mod envelope;
pub mod federated;
pub mod odata;
pub mod retry;
pub mod url_safety;

pub use auth::{Secret, TokenSource, token_source};
pub use client::{Fetched, GraphClient, GraphTarget, ParsedExpression, http_client};
pub use odata::strip_odata;
pub use retry::RetryPolicy;
