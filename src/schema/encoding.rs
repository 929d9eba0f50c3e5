//! Text encodings of schema documents on disk: UTF-8, UTF-8 with a byte order mark, and UTF-16
//! (little or big endian, always with a byte order mark, as Windows PowerShell writes it).
//!
//! This module only turns bytes into text and text into bytes; it knows nothing about JSON.

/// How a schema document's text is encoded. UTF-16 is always written with its byte order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// Why bytes could not be decoded: a message and the byte offset it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset in the input of the first byte that could not be decoded.
    pub offset: usize,
    /// What is wrong, written for the user.
    pub message: String,
    /// The text decoded before the problem, so a caller can point at a line and column.
    pub decoded_prefix: String,
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16_LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16_BE_BOM: &[u8] = &[0xFE, 0xFF];

impl Encoding {
    /// The byte order mark written before the text (empty for plain UTF-8).
    pub fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => &[],
            Encoding::Utf8Bom => UTF8_BOM,
            Encoding::Utf16Le => UTF16_LE_BOM,
            Encoding::Utf16Be => UTF16_BE_BOM,
        }
    }

    /// Encode `text`, byte order mark first.
    pub fn encode(self, text: &str) -> Vec<u8> {
        let mut out = self.bom().to_vec();
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => out.extend_from_slice(text.as_bytes()),
            Encoding::Utf16Le => out.extend(text.encode_utf16().flat_map(u16::to_le_bytes)),
            Encoding::Utf16Be => out.extend(text.encode_utf16().flat_map(u16::to_be_bytes)),
        }
        out
    }
}

/// Detect the encoding from the byte order mark and decode. The returned text has no BOM.
pub fn decode(bytes: &[u8]) -> Result<(Encoding, String), DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(error(
            0,
            "UTF-32 is not supported; save the file as UTF-8",
            "",
        ));
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return decode_utf8(rest, UTF8_BOM.len()).map(|text| (Encoding::Utf8Bom, text));
    }
    if let Some(rest) = bytes.strip_prefix(UTF16_LE_BOM) {
        return decode_utf16(rest, u16::from_le_bytes).map(|text| (Encoding::Utf16Le, text));
    }
    if let Some(rest) = bytes.strip_prefix(UTF16_BE_BOM) {
        return decode_utf16(rest, u16::from_be_bytes).map(|text| (Encoding::Utf16Be, text));
    }
    if bytes.len() >= 2 && (bytes[0] == 0 || bytes[1] == 0) {
        return Err(error(
            0,
            "the file looks like UTF-16 without a byte order mark; save it as UTF-8, or as UTF-16 with a byte order mark",
            "",
        ));
    }
    decode_utf8(bytes, 0).map(|text| (Encoding::Utf8, text))
}

fn error(offset: usize, message: &str, decoded_prefix: &str) -> DecodeError {
    DecodeError {
        offset,
        message: message.to_owned(),
        decoded_prefix: decoded_prefix.to_owned(),
    }
}

/// Decode UTF-8; `skipped` is the length of the BOM before `bytes`, to report file offsets.
fn decode_utf8(bytes: &[u8], skipped: usize) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let valid = e.valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            Err(error(
                skipped + valid,
                &format!("invalid UTF-8 at byte offset {}", skipped + valid),
                &prefix,
            ))
        }
    }
}

/// Decode UTF-16 code units (after the 2-byte BOM) built by `unit` from byte pairs.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| unit([pair[0], pair[1]]))
        .collect();
    let mut text = String::with_capacity(units.len());
    let mut consumed_units = 0;
    for decoded in char::decode_utf16(units.iter().copied()) {
        let Ok(c) = decoded else {
            let offset = 2 + 2 * consumed_units;
            return Err(error(
                offset,
                &format!("invalid UTF-16 (unpaired surrogate) at byte offset {offset}"),
                &text,
            ));
        };
        consumed_units += c.len_utf16();
        text.push(c);
    }
    if bytes.len() % 2 == 1 {
        let offset = 2 + bytes.len() - 1;
        return Err(error(
            offset,
            &format!(
                "the file is UTF-16 but has an odd number of bytes; the last byte (offset {offset}) is incomplete"
            ),
            &text,
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_round_trips_with_its_bom() {
        let text = "{\r\n  \"name\": \"Jürgen 😀\"\r\n}";
        for encoding in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ] {
            let bytes = encoding.encode(text);
            assert!(bytes.starts_with(encoding.bom()));
            assert_eq!(decode(&bytes), Ok((encoding, text.to_owned())));
        }
    }

    #[test]
    fn utf16_le_bytes_are_little_endian() {
        assert_eq!(Encoding::Utf16Le.encode("{"), vec![0xFF, 0xFE, b'{', 0]);
        assert_eq!(Encoding::Utf16Be.encode("{"), vec![0xFE, 0xFF, 0, b'{']);
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let err = decode(b"{\n  \"a\": \"\xC3(\"}").expect_err("invalid");
        assert_eq!(err.offset, 10);
        assert_eq!(err.message, "invalid UTF-8 at byte offset 10");
        assert_eq!(err.decoded_prefix, "{\n  \"a\": \"");
        let err = decode(b"\xEF\xBB\xBF{\xFF}").expect_err("invalid after BOM");
        assert_eq!(err.offset, 4);
    }

    #[test]
    fn odd_length_utf16_is_an_error() {
        let err = decode(&[0xFF, 0xFE, b'{', 0, b'}']).expect_err("odd");
        assert_eq!(err.offset, 4);
        assert!(
            err.message.contains("odd number of bytes"),
            "{}",
            err.message
        );
        assert_eq!(err.decoded_prefix, "{");
    }

    #[test]
    fn unpaired_surrogate_is_an_error() {
        let err = decode(&[0xFE, 0xFF, 0, b'{', 0xD8, 0x00, 0, b'}']).expect_err("surrogate");
        assert_eq!(err.offset, 4);
        assert!(err.message.contains("unpaired surrogate"));
    }

    #[test]
    fn utf16_without_bom_and_utf32_are_refused() {
        let err = decode(&[b'{', 0, b'}', 0]).expect_err("no bom");
        assert!(err.message.contains("without a byte order mark"));
        let err = decode(&[0xFF, 0xFE, 0, 0, b'{', 0, 0, 0]).expect_err("utf-32");
        assert!(err.message.contains("UTF-32"));
    }

    #[test]
    fn empty_input_is_empty_utf8() {
        assert_eq!(decode(b""), Ok((Encoding::Utf8, String::new())));
    }
}
