//! The plan as terminal text: items grouped under `#` headers, `+` / `~` / `-` lines with their
//! changed fields, destructive items flagged with their reason, and the closing
//! `Plan: N to add, N to change, N to remove.` line.
//!
//! Styles are semantic (added, changed, removed, destructive) and always emitted as ANSI
//! sequences; printing through `anstream` strips them when colour is off. Deterministic.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use crate::diff::{Action, Change, Plan};
use crate::render::describe;

const ADDED: Style = AnsiColor::Green.on_default();
const CHANGED: Style = AnsiColor::Yellow.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const DESTRUCTIVE: Style = AnsiColor::Red.on_default().bold();
const HEADER: Style = Style::new().bold();
const DETAIL: Style = Style::new().dimmed();

/// The message for a plan without changes.
pub const NO_CHANGES: &str = "No changes. The schema matches the change sets.";

/// Renders a plan for a terminal (with ANSI styles).
pub fn text(plan: &Plan) -> String {
    let mut out = String::new();
    if plan.is_empty() {
        let _ = writeln!(out, "{HEADER}{NO_CHANGES}{HEADER:#}");
        return out;
    }
    out.push_str(&items(plan));
    let _ = writeln!(out, "{HEADER}{}{HEADER:#}", describe::summary(plan));
    let destructive = plan.destructive_count();
    if destructive > 0 {
        let (noun, them) = if destructive == 1 {
            ("change is", "it")
        } else {
            ("changes are", "them")
        };
        let _ = writeln!(
            out,
            "{DESTRUCTIVE}Warning: {destructive} {noun} destructive; apply refuses {them} without --allow-destructive.{DESTRUCTIVE:#}"
        );
    }
    out
}

/// The changed items grouped under their headers, without the summary line: for embedding a
/// difference in another message (stale plans, failed verification, `diff`).
pub fn items(plan: &Plan) -> String {
    let mut out = String::new();
    for (header, changes) in describe::groups(plan) {
        let _ = writeln!(out, "  {HEADER}# {header}{HEADER:#}");
        for change in changes {
            write_change(&mut out, change);
        }
        out.push('\n');
    }
    out
}

fn write_change(out: &mut String, change: &Change) {
    let (symbol, style) = match change.action {
        Action::Add => ('+', ADDED),
        Action::Change => ('~', CHANGED),
        Action::Remove => ('-', REMOVED),
    };
    let _ = write!(
        out,
        "  {style}{symbol} {}{style:#}",
        describe::label(&change.item)
    );
    if change.destructive {
        let _ = write!(
            out,
            "   {DESTRUCTIVE}(destructive: {}){DESTRUCTIVE:#}",
            change.reasons.join("; ")
        );
    }
    out.push('\n');
    if change.action == Action::Remove {
        return;
    }
    for field in &change.fields {
        for line in describe::field_lines(&change.item, change.action, field) {
            let _ = writeln!(out, "      {DETAIL}{line}{DETAIL:#}");
        }
    }
}
