//! A schema document read from bytes: the order-preserving JSON tree plus the text form it was
//! stored in, so that it can be written back with only the intended changes showing in a diff.
//!
//! Pure: bytes in, bytes out. Reading and writing files is the store's job.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::location;
use crate::schema::encoding::{self, DecodeError};
use crate::schema::format::TextFormat;
use crate::schema::json::{self, ParseError};

/// A parsed schema document and the text form it came in.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub root: Value,
    pub format: TextFormat,
}

impl Document {
    /// Decode (UTF-8, UTF-8 with BOM, UTF-16 LE/BE with BOM) and parse a schema document.
    /// `path` only names the document in errors. The top level must be a JSON object.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Document> {
        let (encoding, text) = encoding::decode(bytes).map_err(|e| decode_error(path, e))?;
        let root = json::parse(&text).map_err(|e| parse_error(path, &text, e))?;
        if !root.is_object() {
            return Err(not_an_object(path, &text, &root));
        }
        let format = TextFormat::detect(encoding, &text);
        Ok(Document { root, format })
    }

    /// Write `root` (this document's tree, possibly changed) in this document's text form.
    pub fn render(&self, root: &Value) -> Vec<u8> {
        self.format.render(root)
    }
}

fn schema_error(path: &Path, text: &str, line: u64, column: u64, message: String) -> Error {
    let snippet = location::snippet(text, line, column);
    Error::SchemaDocument {
        path: path.to_path_buf(),
        line,
        column,
        message,
        snippet: (!snippet.is_empty()).then_some(snippet),
    }
}

fn parse_error(path: &Path, text: &str, e: ParseError) -> Error {
    schema_error(path, text, e.line, e.column, e.message)
}

/// Point at the end of the text decoded before the bad bytes.
fn decode_error(path: &Path, e: DecodeError) -> Error {
    let prefix = e.decoded_prefix.as_str();
    let line = prefix.matches('\n').count() as u64 + 1;
    let last_line = prefix.rsplit('\n').next().unwrap_or("");
    let column = last_line.chars().count() as u64 + 1;
    schema_error(path, prefix, line, column, e.message)
}

fn not_an_object(path: &Path, text: &str, root: &Value) -> Error {
    let kind = match root {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let (mut line, mut column) = (1, 1);
    for c in text.chars().take_while(|c| c.is_whitespace()) {
        if c == '\n' {
            (line, column) = (line + 1, 1);
        } else if c != '\r' {
            column += 1;
        }
    }
    schema_error(
        path,
        text,
        line,
        column,
        format!("a schema document must be a JSON object at the top level, not {kind}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::encoding::Encoding;
    use crate::schema::format::LineEnding;

    fn path() -> &'static Path {
        Path::new("tenant.json")
    }

    fn error_of(bytes: &[u8]) -> (u64, u64, String, Option<String>) {
        match Document::parse(bytes, path()) {
            Err(Error::SchemaDocument {
                line,
                column,
                message,
                snippet,
                ..
            }) => (line, column, message, snippet),
            other => panic!("expected a schema document error, got {other:?}"),
        }
    }

    #[test]
    fn parses_and_renders_back_identically() {
        let text = "{\r\n    \"id\": \"A.b\",\r\n    \"scope\": null,\r\n    \"x\": []\r\n}";
        let doc = Document::parse(text.as_bytes(), path()).expect("valid");
        assert_eq!(doc.format.line_ending, LineEnding::CrLf);
        assert_eq!(doc.render(&doc.root), text.as_bytes());
    }

    #[test]
    fn utf16_le_with_bom_is_read_and_written_back() {
        let bytes = Encoding::Utf16Le.encode("{\r\n  \"a\": \"ä\"\r\n}\r\n");
        let doc = Document::parse(&bytes, path()).expect("valid");
        assert_eq!(doc.format.encoding, Encoding::Utf16Le);
        assert_eq!(doc.root["a"], "ä");
        assert_eq!(doc.render(&doc.root), bytes);
    }

    #[test]
    fn invalid_json_names_line_column_and_shows_the_line() {
        let (line, column, message, snippet) = error_of(b"{\n  \"a\": 1,\n}\n");
        assert_eq!((line, column), (3, 1));
        assert!(message.starts_with("trailing comma"), "{message}");
        assert_eq!(snippet.as_deref(), Some("  |\n3 | }\n  | ^"));
        let err = Document::parse(b"{\n  \"a\": 1,\n}\n", path()).expect_err("invalid");
        assert!(
            err.to_string()
                .starts_with("tenant.json:3:1: trailing comma")
        );
    }

    #[test]
    fn top_level_must_be_an_object() {
        let (line, column, message, _) = error_of(b"\n  [1, 2]");
        assert_eq!((line, column), (2, 3));
        assert_eq!(
            message,
            "a schema document must be a JSON object at the top level, not an array"
        );
    }

    #[test]
    fn bad_encodings_are_errors_with_positions() {
        let (line, column, message, _) = error_of(b"{\n  \"a\": \"\xFF\"}");
        assert_eq!((line, column), (2, 9));
        assert_eq!(message, "invalid UTF-8 at byte offset 10");
        let (_, _, message, _) = error_of(&[0xFE, 0xFF, 0, b'{', 0]);
        assert!(message.contains("odd number of bytes"), "{message}");
    }

    #[test]
    fn empty_file_is_an_error() {
        let (line, column, message, _) = error_of(b"");
        assert_eq!((line, column), (1, 1));
        assert!(message.contains("EOF"), "{message}");
    }
}
