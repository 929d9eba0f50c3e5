//! The expression language of attribute mappings (`Join("@", [userName], "contoso.com")`):
//! parse it, print it canonically, build and read the service's `attributeMappingSource` tree,
//! and validate it against the function table and the mapping around it.
//!
//! Pure: no I/O. The reference is docs/expressions.md and docs/expression-functions.tsv.
//!
//! * `parse` / `parse_spanned` (parser.rs, lexer.rs): text → `Expr` (+ positions), or a
//!   `ParseError` with a char offset. Nesting is bounded (`MAX_DEPTH`).
//! * `print` / `equivalent` (printer.rs): canonical text; comparison modulo layout.
//! * `to_tree` / `from_tree` (tree.rs, from_tree.rs): the parsed-tree JSON.
//! * `validate` (validate.rs, rules.rs, functions.rs): problems with offsets.
//! * `check_enum` (enums.rs; the enum tables live in `crate::vocabulary` and are re-exported
//!   here); `located` / `render` (diagnostics.rs).

mod ast;
mod diagnostics;
mod enums;
mod from_tree;
mod functions;
mod lexer;
mod literals;
mod parser;
mod printer;
mod rules;
mod tree;
mod validate;

pub use crate::suggest::did_you_mean;
pub use crate::vocabulary::{
    Arity, FLOW_BEHAVIORS, FLOW_TYPES, SCOPING_OPERATORS, UNCONFIRMED_SCOPING_OPERATORS,
    scoping_operator_arity, scoping_operator_names,
};
pub use ast::{CompareOp, Expr, Spans, attribute_refs, depth};
pub use diagnostics::{located, render, render_parse_error, render_problem};
pub use enums::check_enum;
pub use from_tree::{from_tree, from_tree_in};
pub use functions::{Flavor, Key, Lookup, Origin, Param, Signature, lookup, signatures};
pub use lexer::LexNote;
pub use parser::{MAX_DEPTH, ParseError, Parsed, parse, parse_spanned};
pub use printer::{equivalent, escape, print, quote};
pub use tree::{BuiltTree, same_structure, to_tree};
pub use validate::{Context, MAX_LENGTH, Problem, Severity, SourceObject, validate};
