//! Strict JSON parsing into the order-preserving `serde_json::Value` tree: keys keep their
//! document order, duplicate keys are refused (keeping either value would silently lose the other),
//! and every error carries a 1-based line and a column counted in characters of the decoded text.
//!
//! This module knows nothing about encodings or schemas; it only parses text.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Why text is not JSON, and where (1-based line, 1-based character column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// How deeply arrays and objects may nest. serde_json's own limit (128) is too low for schemas:
/// each nested function call of a mapping expression costs three levels, so a 40-deep
/// `Replace(Replace(...))` chain would make the whole document unreadable. 2,048 levels hold
/// any expression the service accepts (at most 10,000 characters).
pub const MAX_DEPTH: usize = 2048;

/// The stack of the thread that parses: deep documents recurse deeply.
const PARSE_STACK: usize = 256 << 20;

/// Parse one JSON value from `text` (which must not start with a byte order mark).
pub fn parse(text: &str) -> Result<Value, ParseError> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("json-parse".into())
            .stack_size(PARSE_STACK)
            .spawn_scoped(scope, || parse_here(text))
            .map_err(|e| ParseError {
                line: 1,
                column: 1,
                message: format!("cannot start the parser: {e}"),
            })?
            .join()
            .unwrap_or_else(|_| {
                Err(ParseError {
                    line: 1,
                    column: 1,
                    message: "the parser failed".into(),
                })
            })
    })
}

fn parse_here(text: &str) -> Result<Value, ParseError> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let parsed = StrictValue { depth: 0 }
        .deserialize(&mut de)
        .and_then(|value| {
            de.end()?;
            Ok(value)
        });
    parsed.map_err(|e| to_parse_error(text, &e))
}

/// Convert a serde_json error (byte column, message with a position suffix) to a ParseError.
fn to_parse_error(text: &str, error: &serde_json::Error) -> ParseError {
    let line = error.line().max(1);
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let byte_column = error.column();
    let column = line_text
        .char_indices()
        .take_while(|(i, _)| *i < byte_column)
        .count()
        .max(1);
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let at = line_text.chars().nth(column - 1);
    ParseError {
        line: line as u64,
        column: column as u64,
        message: explain(message, at),
    }
}

/// Add a sentence to serde_json's terse messages for the mistakes people make by hand.
fn explain(message: &str, at: Option<char>) -> String {
    match (message, at) {
        ("trailing comma", _) => {
            "trailing comma: JSON allows no comma before a closing `]` or `}`".to_owned()
        }
        ("expected value", Some('/')) | ("key must be a string", Some('/')) => {
            "comments are not allowed in JSON".to_owned()
        }
        _ => message.to_owned(),
    }
}

/// Builds a `Value` like serde_json does, but refuses an object that repeats a key and nesting
/// deeper than [`MAX_DEPTH`].
struct StrictValue {
    depth: usize,
}

impl StrictValue {
    /// The seed for a value one level down, or an error past [`MAX_DEPTH`].
    fn inner<E: de::Error>(&self) -> Result<StrictValue, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format!(
                "the document nests deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(StrictValue {
            depth: self.depth + 1,
        })
    }
}

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON text cannot spell NaN or infinity, so `from_f64` always succeeds here.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.inner()?)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "duplicate key \"{key}\" in the same object"
                )));
            }
            let value = map.next_value_seed(self.inner()?)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    #[test]
    fn keeps_key_order_and_distinguishes_null_from_empty() {
        let v = parse(r#"{"z": null, "a": [], "m": {}, "n": 7}"#).expect("valid");
        assert_eq!(keys(&v), ["z", "a", "m", "n"]);
        assert_eq!(v["z"], Value::Null);
        assert_eq!(v["a"], Value::Array(vec![]));
        assert_eq!(v["n"].as_u64(), Some(7));
    }

    #[test]
    fn strings_with_embedded_json_keep_their_value() {
        let v = parse(r#"{"value": "\"Normal\"", "x": "{\"A\":7}"}"#).expect("valid");
        assert_eq!(v["value"], "\"Normal\"");
        assert_eq!(v["x"], "{\"A\":7}");
    }

    #[test]
    fn duplicate_keys_are_refused_with_position() {
        let err = parse("{\n  \"a\": 1,\n  \"a\": 2\n}").expect_err("duplicate");
        assert_eq!(err.message, "duplicate key \"a\" in the same object");
        assert_eq!(err.line, 3);
    }

    #[test]
    fn trailing_comma_is_explained() {
        let err = parse("{\n  \"a\": [1,],\n}").expect_err("trailing comma");
        assert_eq!(
            (err.line, err.column),
            (2, 11),
            "points at the closing bracket"
        );
        assert!(err.message.starts_with("trailing comma"), "{}", err.message);
    }

    #[test]
    fn comments_are_explained() {
        let err = parse("{\n  // note\n  \"a\": 1\n}").expect_err("comment");
        assert_eq!(err.line, 2);
        assert_eq!(err.message, "comments are not allowed in JSON");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let err = parse("{\"é\": x}").expect_err("bad value");
        assert_eq!((err.line, err.column), (1, 7));
    }

    #[test]
    fn empty_text_and_trailing_garbage_are_errors() {
        let err = parse("").expect_err("empty");
        assert_eq!((err.line, err.column), (1, 1));
        let err = parse("{} x").expect_err("garbage");
        assert_eq!(err.message, "trailing characters");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&text).expect_err("too deep");
        assert!(
            err.message.contains("nests deeper than 2048"),
            "{}",
            err.message
        );
    }
}
