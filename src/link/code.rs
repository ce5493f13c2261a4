//! The `code=` value: a program's UTF-8 bytes compressed with raw DEFLATE
//! (RFC 1951, what `CompressionStream('deflate-raw')` writes), in base64url
//! without padding. Decoding is bounded: a value that inflates past
//! [`MAX_PROGRAM_BYTES`] is refused as soon as the limit is crossed, so a
//! decompression bomb costs no more than the limit.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The longest program a link carries, in bytes.
pub const MAX_PROGRAM_BYTES: usize = 64 * 1024;

/// Why a `code=` value was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Not base64url, or not a DEFLATE stream.
    Corrupt,
    /// Inflates past [`MAX_PROGRAM_BYTES`].
    TooLong,
    /// The bytes are not UTF-8 text.
    NotUtf8,
}

impl CodeError {
    pub fn detail(&self) -> String {
        match self {
            CodeError::Corrupt => "is not a program written by this page (corrupt data)".into(),
            CodeError::TooLong => format!("holds a program over {} KiB", MAX_PROGRAM_BYTES / 1024),
            CodeError::NotUtf8 => "holds bytes that are not UTF-8 text".into(),
        }
    }
}

/// The program a `code=` value carries.
pub fn decode_code(value: &str) -> Result<String, CodeError> {
    let packed = URL_SAFE_NO_PAD
        .decode(value.trim_end_matches('='))
        .map_err(|_| CodeError::Corrupt)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_PROGRAM_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => CodeError::TooLong,
            _ => CodeError::Corrupt,
        })?;
    String::from_utf8(bytes).map_err(|_| CodeError::NotUtf8)
}

/// The `code=` value of a program (the best compression: links are short).
pub fn encode_code(program: &str) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(
        program.as_bytes(),
        10,
    ))
}
