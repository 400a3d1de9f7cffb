//! RFC 2047 encoded words in header text, decoding side.

use std::borrow::Cow;

use crate::defect::Defect;

/// Decodes header text (already unfolded): every RFC 2047 encoded word is decoded, and the
/// white space between two adjacent encoded words is dropped (RFC 2047 §6.2).
///
/// Provisional: encoded words are not yet decoded; the text is only made valid UTF-8.
pub fn decode_text<'a>(text: &'a [u8], defects: &mut Vec<Defect>) -> Cow<'a, str> {
    let _ = defects;
    String::from_utf8_lossy(text)
}
