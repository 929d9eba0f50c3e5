//! A place in a file the user wrote (change set, environment, schema document), so that every
//! error can name `file:line:column` and show the offending line.
//!
//! This module only describes and formats places; it never reads files.

use std::fmt;
use std::path::PathBuf;

/// A 1-based line and column in a named file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub line: u64,
    pub column: u64,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: u64, column: u64) -> Self {
        Self {
            file: file.into(),
            line,
            column,
        }
    }

    /// The same file, `columns` characters further along the same line. Used to point inside a
    /// single-line YAML scalar (for example at the failing character of an expression).
    pub fn shifted(&self, columns: u64) -> Self {
        Self {
            file: self.file.clone(),
            line: self.line,
            column: self.column + columns,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Render the line `line` of `text` with a caret under `column`, in the style of rustc:
///
/// ```text
///   |
/// 7 |     source: 'Jion("@", [userName])'
///   |              ^
/// ```
///
/// Returns an empty string when the line does not exist.
pub fn snippet(text: &str, line: u64, column: u64) -> String {
    let Some(content) = text.lines().nth(line.saturating_sub(1) as usize) else {
        return String::new();
    };
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let caret_pad: String = content
        .chars()
        .take(column.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("{pad} |\n{number} | {content}\n{pad} | {caret_pad}^")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_displays_as_file_line_column() {
        let loc = Location::new("schemas/hr.yaml", 7, 13);
        assert_eq!(loc.to_string(), "schemas/hr.yaml:7:13");
        assert_eq!(loc.shifted(4).to_string(), "schemas/hr.yaml:7:17");
    }

    #[test]
    fn snippet_points_at_column() {
        let text = "a: 1\nsource: 'Jion()'\n";
        assert_eq!(
            snippet(text, 2, 10),
            "  |\n2 | source: 'Jion()'\n  |          ^"
        );
        assert_eq!(snippet(text, 9, 1), "");
    }
}
