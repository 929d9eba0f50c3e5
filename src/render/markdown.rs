//! The plan as GitHub-flavoured Markdown for pull-request comments: a summary line, a table of
//! all changes, and a folded `<details>` block per item with its fields.
//!
//! Every name and value from the schema is HTML-escaped, including Markdown punctuation, `|`,
//! `@` and `#`, so schema content can neither break the table nor mention people or issues.

use std::fmt::Write as _;

use crate::diff::{Action, Change, Plan};
use crate::render::describe;

/// Renders a plan as Markdown.
pub fn markdown(plan: &Plan) -> String {
    let mut out = String::new();
    if plan.is_empty() {
        out.push_str("**No changes.** The schema matches the change sets.\n");
        return out;
    }
    let _ = write!(out, "**{}**", describe::summary(plan));
    let destructive = plan.destructive_count();
    if destructive > 0 {
        let noun = if destructive == 1 {
            "change"
        } else {
            "changes"
        };
        let _ = write!(
            out,
            " :warning: **{destructive} destructive {noun}**: apply needs <code>--allow-destructive</code>."
        );
    }
    out.push_str("\n\n| action | item | where | destructive |\n|---|---|---|---|\n");
    for change in &plan.changes {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            action_word(change.action),
            item_html(change),
            escape(&describe::group_header(plan, &change.item)),
            if change.destructive {
                ":warning: yes"
            } else {
                ""
            }
        );
    }
    out.push('\n');
    for change in &plan.changes {
        write_details(&mut out, plan, change);
    }
    out
}

fn action_word(action: Action) -> &'static str {
    match action {
        Action::Add => "<code>+</code> add",
        Action::Change => "<code>~</code> change",
        Action::Remove => "<code>-</code> remove",
    }
}

fn item_html(change: &Change) -> String {
    let name = describe::name(&change.item);
    let kind = describe::kind(&change.item);
    if name.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} <code>{}</code>", escape(&name))
    }
}

fn write_details(out: &mut String, plan: &Plan, change: &Change) {
    let _ = writeln!(
        out,
        "<details><summary>{} {} ({})</summary>\n",
        action_word(change.action),
        item_html(change),
        escape(&describe::group_header(plan, &change.item))
    );
    if !change.fields.is_empty() {
        out.push_str("| field | old | new |\n|---|---|---|\n");
        for field in &change.fields {
            if change.action == Action::Change
                && let Some((removed, added)) = describe::scope_lines(&change.item, field)
            {
                let cell = |lines: &[String]| {
                    lines
                        .iter()
                        .map(|l| format!("<code>{}</code>", escape(l)))
                        .collect::<Vec<_>>()
                        .join("<br>")
                };
                let _ = writeln!(
                    out,
                    "| {} (clauses removed / added) | {} | {} |",
                    escape(&field.field),
                    cell(&removed),
                    cell(&added)
                );
                continue;
            }
            let side = |v: Option<&serde_json::Value>, shown: bool| {
                if shown {
                    let text = describe::value_text(&change.item, &field.field, v);
                    format!("<code>{}</code>", escape(&text))
                } else {
                    String::new()
                }
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                escape(&field.field),
                side(field.old.as_ref(), change.action != Action::Add),
                side(field.new.as_ref(), change.action != Action::Remove)
            );
        }
        out.push('\n');
    }
    for reason in &change.reasons {
        let _ = writeln!(out, ":warning: Destructive: {}\n", escape(reason));
    }
    out.push_str("</details>\n\n");
}

/// HTML-escapes text for a table cell, neutralising Markdown syntax, mentions and references.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '|' | '`' | '*' | '_' | '[' | ']' | '\\' | '@' | '#' | '~' | '\'' | '!' | '$' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_table_and_mentions() {
        let escaped = escape("a|b @team #1 <script>");
        assert!(!escaped.contains('|'));
        assert!(!escaped.contains('@'));
        assert!(!escaped.contains('<'));
        assert_eq!(escape("Join(\"@\")"), "Join(&quot;&#64;&quot;)");
    }
}
