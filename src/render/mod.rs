//! Rendering plans for people and machines: coloured text for terminals, versioned JSON for
//! tools, and Markdown for pull-request comments.
//!
//! Pure: every function returns a `String` or a `Value`; callers decide where it goes (text
//! carries ANSI styles; print it through `anstream`, which strips them when colour is off).

pub mod describe;
pub mod json;
pub mod markdown;
pub mod text;

pub use json::json;
pub use markdown::markdown;
pub use text::text;
