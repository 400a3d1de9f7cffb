//! `xtext` (RFC 3461 §4): the encoding of ESMTP values such as `ENVID` and `ORCPT` that carry
//! arbitrary octets.
//!
//! ```text
//! xtext   = *( xchar / hexchar )
//! xchar   = any ASCII CHAR between "!" (33) and "~" (126) inclusive, except for "+" and "="
//! hexchar = ASCII "+" immediately followed by two upper case hexadecimal digits
//! ```

use std::borrow::Cow;

use super::error::EnvelopeError;

/// `true` for RFC 3461 §4 `xchar`.
#[inline]
fn is_xchar(b: u8) -> bool {
    matches!(b, b'!'..=b'~') && b != b'+' && b != b'='
}

/// The value of an upper-case hexadecimal digit.
#[inline]
fn upper_hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Encodes octets as `xtext` (RFC 3461 §4): every `xchar` as itself, every other octet (`+`,
/// `=`, space, controls, non-ASCII) as `+XX`. Borrows the input when nothing needs encoding.
///
/// ```
/// use mail_message::envelope::encode_xtext;
///
/// assert_eq!(encode_xtext(b"rfc822;a+b=c@example.com"), "rfc822;a+2Bb+3Dc@example.com");
/// assert_eq!(encode_xtext(b"QQ314159"), "QQ314159");
/// ```
pub fn encode_xtext(input: &[u8]) -> Cow<'_, str> {
    if input.iter().all(|&b| is_xchar(b))
        && let Ok(s) = std::str::from_utf8(input)
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(input.len() + 8);
    for &b in input {
        if is_xchar(b) {
            out.push(char::from(b));
        } else {
            out.push('+');
            for nibble in [b >> 4, b & 0x0f] {
                let digit = HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
                out.push(char::from(digit));
            }
        }
    }
    Cow::Owned(out)
}

/// Decodes `xtext` (RFC 3461 §4) into octets. Borrows the input when it holds no `hexchar`.
///
/// ```
/// use mail_message::envelope::decode_xtext;
///
/// assert_eq!(decode_xtext(b"rfc822;a+2Bb+3Dc@example.com").unwrap().as_ref(), b"rfc822;a+b=c@example.com");
/// assert!(decode_xtext(b"a+2b").is_err()); // hex digits must be upper case
/// ```
///
/// # Errors
/// [`EnvelopeError::InvalidXtext`] at a `+` not followed by two upper-case hexadecimal
/// digits, or at an octet that is neither `xchar` nor `+`.
pub fn decode_xtext(input: &[u8]) -> Result<Cow<'_, [u8]>, EnvelopeError> {
    let Some(first) = input.iter().position(|&b| !is_xchar(b)) else {
        return Ok(Cow::Borrowed(input));
    };
    let mut out = Vec::with_capacity(input.len());
    out.extend_from_slice(input.get(..first).unwrap_or_default());
    let mut pos = first;
    while let Some(&b) = input.get(pos) {
        if is_xchar(b) {
            out.push(b);
            pos += 1;
        } else if b == b'+' {
            let hi = input.get(pos + 1).copied().and_then(upper_hex);
            let lo = input.get(pos + 2).copied().and_then(upper_hex);
            let (Some(hi), Some(lo)) = (hi, lo) else {
                return Err(EnvelopeError::InvalidXtext { offset: pos });
            };
            out.push((hi << 4) | lo);
            pos += 3;
        } else {
            return Err(EnvelopeError::InvalidXtext { offset: pos });
        }
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode() {
        assert!(matches!(
            encode_xtext(b"QQ314159"),
            Cow::Borrowed("QQ314159")
        ));
        assert_eq!(encode_xtext(b""), "");
        assert_eq!(encode_xtext(b"a b\r\n"), "a+20b+0D+0A");
        assert_eq!(encode_xtext("ü".as_bytes()), "+C3+BC");
        assert_eq!(encode_xtext(b"+=\x00\x7f~!"), "+2B+3D+00+7F~!");
    }

    #[test]
    fn decode() {
        assert!(matches!(
            decode_xtext(b"rfc822;Bob@Example.COM"),
            Ok(Cow::Borrowed(_))
        ));
        assert_eq!(decode_xtext(b"+2B+3D").unwrap().as_ref(), b"+=");
        // A hexchar may encode an xchar too (RFC 3461 §4: "MAY instead be encoded").
        assert_eq!(decode_xtext(b"+41b").unwrap().as_ref(), b"Ab");
        assert_eq!(decode_xtext(b"+C3+BC").unwrap().as_ref(), "ü".as_bytes());
        assert_eq!(
            decode_xtext(b"ab+2"),
            Err(EnvelopeError::InvalidXtext { offset: 2 })
        );
        assert_eq!(
            decode_xtext(b"+2b"),
            Err(EnvelopeError::InvalidXtext { offset: 0 })
        );
        assert_eq!(
            decode_xtext(b"a=b"),
            Err(EnvelopeError::InvalidXtext { offset: 1 })
        );
        assert_eq!(
            decode_xtext(b"a b"),
            Err(EnvelopeError::InvalidXtext { offset: 1 })
        );
        assert_eq!(
            decode_xtext("é".as_bytes()),
            Err(EnvelopeError::InvalidXtext { offset: 0 })
        );
    }

    #[test]
    fn round_trip_all_octets() {
        let all: Vec<u8> = (0..=255).collect();
        let encoded = encode_xtext(&all);
        assert!(encoded.bytes().all(|b| b.is_ascii_graphic() && b != b'='));
        assert_eq!(decode_xtext(encoded.as_bytes()).unwrap().as_ref(), &all[..]);
    }
}
