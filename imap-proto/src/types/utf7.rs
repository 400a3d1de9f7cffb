//! Modified UTF-7 (RFC 3501 §5.1.3): how `IMAP4rev1` writes international mailbox names in
//! 7-bit ASCII.
//!
//! Printable ASCII (0x20-0x7e) stands for itself, except `&`, written `&-`; anything else is
//! UTF-16 in "modified BASE64" (`,` instead of `/`, no padding) between `&` and `-`.

use std::borrow::Cow;

use crate::error::{InvalidValue, Rule};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

fn sextet(b: u8) -> Option<u32> {
    Some(u32::from(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        b',' => 63,
        _ => return None,
    }))
}

fn is_direct(c: char) -> bool {
    matches!(c, ' '..='~')
}

/// Encodes a name to modified UTF-7; borrows when it is printable ASCII without `&`.
///
/// ```
/// use imap_proto::types::encode_modified_utf7;
/// assert_eq!(encode_modified_utf7("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
/// assert_eq!(encode_modified_utf7("Tom & Jerry"), "Tom &- Jerry");
/// ```
pub fn encode_modified_utf7(name: &str) -> Cow<'_, str> {
    if name.chars().all(|c| is_direct(c) && c != '&') {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() * 2);
    let (mut bits, mut nbits, mut shifted) = (0u32, 0u32, false);
    let flush = |out: &mut String, bits: &mut u32, nbits: &mut u32| {
        if *nbits > 0 {
            let i = (*bits << (6 - *nbits)) & 63;
            out.push(char::from(
                ALPHABET.get(i as usize).copied().unwrap_or(b'A'),
            ));
        }
        (*bits, *nbits) = (0, 0);
        out.push('-');
    };
    for c in name.chars() {
        if is_direct(c) {
            if shifted {
                flush(&mut out, &mut bits, &mut nbits);
                shifted = false;
            }
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
            continue;
        }
        if !shifted {
            out.push('&');
            shifted = true;
        }
        for unit in c.encode_utf16(&mut [0; 2]) {
            bits = (bits << 16) | u32::from(*unit);
            nbits += 16;
            while nbits >= 6 {
                nbits -= 6;
                let i = (bits >> nbits) & 63;
                out.push(char::from(
                    ALPHABET.get(i as usize).copied().unwrap_or(b'A'),
                ));
            }
            bits &= (1 << nbits) - 1;
        }
    }
    if shifted {
        flush(&mut out, &mut bits, &mut nbits);
    }
    Cow::Owned(out)
}

/// Decodes a modified UTF-7 name to UTF-8; borrows when there is no `&`.
///
/// Strict, as RFC 3501 §5.1.3 asks servers to verify: only printable ASCII outside shifts, a
/// shift ends with `-`, no null shift (`-&` between two shifts), no printable ASCII encoded
/// in BASE64, unused bits zero, well-formed UTF-16.
///
/// ```
/// use imap_proto::types::decode_modified_utf7;
/// assert_eq!(decode_modified_utf7(b"~peter/mail/&U,BTFw-/&ZeVnLIqe-").unwrap(), "~peter/mail/台北/日本語");
/// assert!(decode_modified_utf7(b"&AGE-").is_err()); // "a" must stand for itself
/// ```
///
/// # Errors
/// [`InvalidValue`] with [`Rule::ModifiedUtf7`] at the first byte that breaks a rule.
pub fn decode_modified_utf7(name: &[u8]) -> Result<Cow<'_, str>, InvalidValue> {
    let err = |offset| InvalidValue {
        rule: Rule::ModifiedUtf7,
        offset,
    };
    if let Some(i) = name.iter().position(|&b| !(0x20..=0x7e).contains(&b)) {
        return Err(err(i));
    }
    if !name.contains(&b'&') {
        // Printable ASCII only: valid UTF-8.
        return std::str::from_utf8(name)
            .map(Cow::Borrowed)
            .map_err(|_| err(0));
    }
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    let mut after_shift = false;
    while let Some(&b) = name.get(i) {
        if b != b'&' {
            out.push(char::from(b));
            i += 1;
            after_shift = false;
            continue;
        }
        if name.get(i + 1) == Some(&b'-') {
            out.push('&');
            i += 2;
            after_shift = false;
            continue;
        }
        if after_shift {
            return Err(err(i));
        }
        // A shift: sextets up to '-'.
        let start = i;
        i += 1;
        let (mut bits, mut nbits) = (0u32, 0u32);
        let mut high: Option<u16> = None;
        loop {
            let Some(&b) = name.get(i) else {
                return Err(err(i));
            };
            if b == b'-' {
                break;
            }
            let v = sextet(b).ok_or_else(|| err(i))?;
            bits = (bits << 6) | v;
            nbits += 6;
            if nbits >= 16 {
                nbits -= 16;
                let unit = ((bits >> nbits) & 0xffff) as u16;
                bits &= (1 << nbits) - 1;
                let c = match (high.take(), unit) {
                    (None, 0xd800..=0xdbff) => {
                        high = Some(unit);
                        None
                    }
                    (None, 0xdc00..=0xdfff) => return Err(err(i)),
                    (None, u) => char::from_u32(u32::from(u)),
                    (Some(h), 0xdc00..=0xdfff) => char::from_u32(
                        0x10000 + ((u32::from(h) - 0xd800) << 10) + (u32::from(unit) - 0xdc00),
                    ),
                    (Some(_), _) => return Err(err(i)),
                };
                if let Some(c) = c {
                    if is_direct(c) {
                        return Err(err(i));
                    }
                    out.push(c);
                }
            }
            i += 1;
        }
        // At '-': no half surrogate, fewer than 6 bits left and those zero, not empty.
        if high.is_some() || nbits >= 6 || bits != 0 || i == start + 1 {
            return Err(err(i));
        }
        i += 1;
        after_shift = true;
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3501_example() {
        let name = "~peter/mail/台北/日本語";
        let wire = "~peter/mail/&U,BTFw-/&ZeVnLIqe-";
        assert_eq!(encode_modified_utf7(name), wire);
        assert_eq!(decode_modified_utf7(wire.as_bytes()).unwrap(), name);
    }

    #[test]
    fn vectors() {
        for (text, wire) in [
            ("", ""),
            ("INBOX", "INBOX"),
            ("&", "&-"),
            ("&&", "&-&-"),
            ("Entwürfe", "Entw&APw-rfe"),
            ("Gesendete Objekte", "Gesendete Objekte"),
            ("Отправленные", "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"),
            ("😀", "&2D3eAA-"),
            ("a\u{1}b", "a&AAE-b"),
            ("é&", "&AOk-&-"),
        ] {
            assert_eq!(encode_modified_utf7(text), wire, "{text}");
            assert_eq!(
                decode_modified_utf7(wire.as_bytes()).unwrap(),
                text,
                "{wire}"
            );
        }
    }

    #[test]
    fn rejects() {
        for (wire, at) in [
            (&b"\xc3\xa9"[..], 0),
            (b"a\tb", 1),
            (b"&AOk", 4),       // no '-'
            (b"&AOk-&AOk-", 5), // null shift "-&"
            (b"&AGE-", 3),      // 'a' encoded
            (b"&AOl-", 4),      // nonzero unused bits
            (b"&-&", 3),        // '&' at the end: a shift with no '-'
            (b"&2D0-", 4),      // lone high surrogate
            (b"&3gA-", 3),      // lone low surrogate
            (b"&A/k-", 2),      // '/' is not modified BASE64
            (b"&A-", 2),        // bits left over
        ] {
            assert_eq!(
                decode_modified_utf7(wire),
                Err(InvalidValue {
                    rule: Rule::ModifiedUtf7,
                    offset: at
                }),
                "{}",
                String::from_utf8_lossy(wire)
            );
        }
    }
}
