//! The text form of a schema document: encoding, line endings, indentation and final newline.
//! Detected when a document is read so that it can be written back the way it came; and the one
//! canonical form used for backups (UTF-8, LF, 2-space indent, final newline).
//!
//! Rendering writes keys in the tree's order and never reorders or re-encodes values.

use serde::Serialize;
use serde_json::Value;
use serde_json::ser::{PrettyFormatter, Serializer};

use crate::schema::encoding::Encoding;

/// The line break written between lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineEnding {
    Lf,
    CrLf,
}

impl LineEnding {
    /// The characters of this line break.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}

/// How a document's text looks on disk.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextFormat {
    pub encoding: Encoding,
    pub line_ending: LineEnding,
    /// One level of indentation: `"  "`, `"    "`, `"\t"`...; `""` means minified on one line.
    pub indent: String,
    pub final_newline: bool,
}

impl TextFormat {
    /// The backup form: UTF-8 without BOM, LF, 2-space indent, final newline.
    pub fn canonical() -> TextFormat {
        TextFormat {
            encoding: Encoding::Utf8,
            line_ending: LineEnding::Lf,
            indent: "  ".to_owned(),
            final_newline: true,
        }
    }

    /// The format of decoded `text` (no BOM) that was stored in `encoding`.
    ///
    /// The line ending is the first line break's; the indent is the leading whitespace of the
    /// first indented line after the first line (none: minified); the final newline is whether
    /// the text ends with a line break.
    pub fn detect(encoding: Encoding, text: &str) -> TextFormat {
        let line_ending = match text.find('\n') {
            Some(i) if text[..i].ends_with('\r') => LineEnding::CrLf,
            _ => LineEnding::Lf,
        };
        TextFormat {
            encoding,
            line_ending,
            indent: detect_indent(text),
            final_newline: text.ends_with('\n'),
        }
    }

    /// Write `root` in this format, byte order mark included.
    pub fn render(&self, root: &Value) -> Vec<u8> {
        let mut json = if self.indent.is_empty() {
            serialize(root, serde_json::ser::CompactFormatter)
        } else {
            serialize(root, PrettyFormatter::with_indent(self.indent.as_bytes()))
        };
        if self.final_newline {
            json.push(b'\n');
        }
        if self.line_ending == LineEnding::CrLf {
            // serde_json escapes line breaks inside strings, so every raw '\n' is a line break.
            json = crlf(&json);
        }
        match self.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => [self.encoding.bom(), json.as_slice()].concat(),
            Encoding::Utf16Le | Encoding::Utf16Be => {
                self.encoding.encode(&String::from_utf8_lossy(&json))
            }
        }
    }
}

/// `root` in the canonical backup form (see [`TextFormat::canonical`]).
pub fn canonical_bytes(root: &Value) -> Vec<u8> {
    TextFormat::canonical().render(root)
}

fn detect_indent(text: &str) -> String {
    for line in text.split('\n').skip(1) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let content = line.trim_start_matches([' ', '\t']);
        if !content.is_empty() && content.len() < line.len() {
            return line[..line.len() - content.len()].to_owned();
        }
    }
    String::new()
}

fn serialize<F: serde_json::ser::Formatter>(root: &Value, formatter: F) -> Vec<u8> {
    let mut out = Vec::new();
    let mut serializer = Serializer::with_formatter(&mut out, formatter);
    // Invariant: a Value has only string keys and finite numbers, and a Vec never fails to
    // grow, so serializing it into memory cannot fail.
    root.serialize(&mut serializer)
        .expect("serializing a serde_json::Value into memory cannot fail");
    out
}

fn crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16);
    for &b in bytes {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn format(encoding: Encoding, line_ending: LineEnding, indent: &str, nl: bool) -> TextFormat {
        TextFormat {
            encoding,
            line_ending,
            indent: indent.to_owned(),
            final_newline: nl,
        }
    }

    #[test]
    fn canonical_form_is_two_spaces_lf_final_newline() {
        let root = json!({"b": [], "a": {"x": null}});
        assert_eq!(
            String::from_utf8(canonical_bytes(&root)).expect("utf-8"),
            "{\n  \"b\": [],\n  \"a\": {\n    \"x\": null\n  }\n}\n"
        );
    }

    #[test]
    fn detects_crlf_four_spaces_without_final_newline() {
        let text = "{\r\n    \"a\": {\r\n        \"b\": 1\r\n    }\r\n}";
        let f = TextFormat::detect(Encoding::Utf8, text);
        assert_eq!(f, format(Encoding::Utf8, LineEnding::CrLf, "    ", false));
        assert_eq!(f.render(&json!({"a": {"b": 1}})), text.as_bytes());
    }

    #[test]
    fn detects_tabs_and_minified() {
        let tabs = "{\n\t\"a\": [\n\t\t1\n\t]\n}\n";
        let f = TextFormat::detect(Encoding::Utf8, tabs);
        assert_eq!(f.indent, "\t");
        assert_eq!(f.render(&json!({"a": [1]})), tabs.as_bytes());
        let minified = "{\"a\":[1,{}],\"b\":\"\\\"x\\\"\"}";
        let f = TextFormat::detect(Encoding::Utf8, minified);
        assert_eq!(f, format(Encoding::Utf8, LineEnding::Lf, "", false));
        assert_eq!(
            f.render(&json!({"a": [1, {}], "b": "\"x\""})),
            minified.as_bytes()
        );
    }

    #[test]
    fn utf16_render_carries_bom_and_crlf() {
        let f = format(Encoding::Utf16Le, LineEnding::CrLf, "  ", true);
        let bytes = f.render(&json!({}));
        assert_eq!(bytes, [0xFF, 0xFE, b'{', 0, b'}', 0, b'\r', 0, b'\n', 0]);
    }

    #[test]
    fn integers_are_written_as_integers() {
        let root = json!({"priority": 1, "big": 18446744073709551615u64, "neg": -3});
        let text = String::from_utf8(canonical_bytes(&root)).expect("utf-8");
        assert!(text.contains("\"priority\": 1,"));
        assert!(text.contains("18446744073709551615"));
        assert!(text.contains("\"neg\": -3"));
    }
}
