//! IP addresses in `Received` fields (RFC 5321 §4.4 `TCP-info` and `address-literal`): the
//! first address in the comment after a `from` / `by` domain, or the domain itself when it is
//! an address literal.

use std::net::IpAddr;

use super::swar;

/// Byte classes of a plain comment's content, one bit each, looked up in [`COMMENT_CLASS`]:
/// the octets [`find_ip`] splits words at.
const SPLIT: u8 = 1;
/// `(`, `)` and `\`: where the one-pass reader stops reading a comment (its end, or a nested
/// comment or quoted pair it leaves to the general reader).
const STOP: u8 = 2;
/// The octets [`maybe_ip`] lets a word start with.
const IP_START: u8 = 4;

/// The classes of every byte: one look-up per byte in [`plain_comment`].
#[allow(
    clippy::indexing_slicing,
    reason = "built at compile time with `b < 256`; no input reaches it"
)]
static COMMENT_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let mut class = 0;
        if matches!(
            byte,
            b' ' | b'\t' | b'\r' | b'\n' | b'[' | b']' | b'(' | b')' | b',' | b'='
        ) {
            class |= SPLIT;
        }
        if matches!(byte, b'(' | b')' | b'\\') {
            class |= STOP;
        }
        if may_start_ip(byte) {
            class |= IP_START;
        }
        table[b] = class;
        b += 1;
    }
    table
};

fn comment_class(b: u8) -> u8 {
    COMMENT_CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

/// The plain comment whose content starts at `start` in `bytes` (just after its `(`), read in
/// one pass: the offset of its closing `)` and, when `want_ip`, what [`find_ip`] finds in the
/// content. `None` when a `(` or `\` comes before the first `)`, or there is none (a comment
/// the general reader has to read).
pub(super) fn plain_comment(
    bytes: &[u8],
    start: usize,
    want_ip: bool,
) -> Option<(usize, Option<IpAddr>)> {
    let rest = bytes.get(start..)?;
    let mut ip = None;
    // Splitting words while no address is found yet, then only looking for the end.
    let mut split = if want_ip { SPLIT | STOP } else { STOP };
    let mut word = 0;
    let mut i = 0;
    loop {
        // Eight octets per step to the next octet that may matter, then its exact class.
        i = if split & SPLIT != 0 {
            swar::skip(rest, i, swar::comment_split)
        } else {
            swar::skip(rest, i, swar::comment_stop)
        };
        let b = *rest.get(i)?;
        let class = comment_class(b);
        if class & split == 0 {
            i += 1;
            continue;
        }
        if split & SPLIT != 0 {
            let first = rest.get(word).copied().unwrap_or(b' ');
            if i > word && comment_class(first) & IP_START != 0 {
                ip = rest.get(word..i).and_then(parse_ip);
                if ip.is_some() {
                    split = STOP;
                }
            }
            word = i + 1;
        }
        if class & STOP != 0 {
            return (b == b')').then_some((start + i, ip));
        }
        i += 1;
    }
}

/// The first IP address in a `TCP-info` comment: a word (split at white space, brackets,
/// parentheses, `,` and `=`) that parses as one, `IPv6:` prefix allowed.
pub(super) fn find_ip(comment: &[u8]) -> Option<IpAddr> {
    let mut start = 0;
    for (i, &b) in comment.iter().enumerate() {
        if matches!(
            b,
            b' ' | b'\t' | b'\r' | b'\n' | b'[' | b']' | b'(' | b')' | b',' | b'='
        ) {
            if let Some(ip) = comment.get(start..i).and_then(maybe_ip) {
                return Some(ip);
            }
            start = i + 1;
        }
    }
    comment.get(start..).and_then(maybe_ip)
}

/// [`parse_ip`], skipped for words that cannot be an address by their first octet (a host
/// name such as `relay.example.net`, a note such as `Postfix`).
fn maybe_ip(word: &[u8]) -> Option<IpAddr> {
    match word.first() {
        Some(&b) if may_start_ip(b) => parse_ip(word),
        _ => None,
    }
}

/// Whether an address (with its `IPv6:` prefix) can start with `b`.
const fn may_start_ip(b: u8) -> bool {
    b.is_ascii_hexdigit() || matches!(b, b'.' | b':' | b'I' | b'i')
}

/// An address literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`) or a bare address. A host name
/// (`mx.example.org`) is turned away by its first octet, as in `TCP-info`.
pub(super) fn ip_literal(domain: &[u8]) -> Option<IpAddr> {
    let inner = domain
        .strip_prefix(b"[")
        .and_then(|d| d.strip_suffix(b"]"))
        .unwrap_or(domain);
    maybe_ip(inner)
}

fn parse_ip(word: &[u8]) -> Option<IpAddr> {
    // Most addresses in trace fields are IPv4: read first, as a word with only digits and
    // dots has no `IPv6:` prefix and no colon, which is what the steps below would find.
    if let Some(v4) = ipv4(word) {
        return Some(IpAddr::V4(v4));
    }
    let word = match word.get(..5) {
        Some(prefix) if prefix.eq_ignore_ascii_case(b"IPv6:") => word.get(5..)?,
        _ => word,
    };
    if !word.contains(&b':') {
        // Without a colon only IPv4 can parse: read here, as `Ipv4Addr::from_str` does.
        return ipv4(word).map(IpAddr::V4);
    }
    // Cheap filter before the standard parser: digits, hex letters, dots and colons only.
    if word.len() < 2
        || !word
            .iter()
            .all(|&b| b.is_ascii_hexdigit() || b == b'.' || b == b':')
    {
        return None;
    }
    std::str::from_utf8(word).ok()?.parse().ok()
}

/// A dotted-quad IPv4 address (RFC 791 text form) read as `Ipv4Addr::from_str` reads it: four
/// decimal octets of one to three digits, no leading zero, none over 255. Octet by octet, each
/// by one slice pattern.
fn ipv4(word: &[u8]) -> Option<std::net::Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut rest = word;
    for (n, octet) in octets.iter_mut().enumerate() {
        if n > 0 {
            rest = rest.strip_prefix(b".")?;
        }
        let digit = |b: u8| u16::from(b - b'0');
        // As many digits as there are, up to three; a leading zero only alone.
        let (value, len) = match *rest {
            [a @ b'1'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9', ..] => {
                (digit(a) * 100 + digit(b) * 10 + digit(c), 3)
            }
            [a @ b'1'..=b'9', b @ b'0'..=b'9', ..] => (digit(a) * 10 + digit(b), 2),
            [a @ b'0'..=b'9', ..] => (digit(a), 1),
            _ => return None,
        };
        *octet = u8::try_from(value).ok()?;
        rest = rest.get(len..)?;
    }
    rest.is_empty().then(|| std::net::Ipv4Addr::from(octets))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    /// [`plain_comment`] as the one-pass reader used to read a comment: `memchr3` for its
    /// end, then [`find_ip`] over its content.
    fn plain_comment_in_two_passes(
        bytes: &[u8],
        start: usize,
        want_ip: bool,
    ) -> Option<(usize, Option<IpAddr>)> {
        let rest = bytes.get(start..)?;
        let close = memchr::memchr3(b')', b'(', b'\\', rest)?;
        if rest.get(close) != Some(&b')') {
            return None;
        }
        let ip = if want_ip {
            find_ip(&rest[..close])
        } else {
            None
        };
        Some((start + close, ip))
    }

    #[test]
    fn plain_comments() {
        type Comment = Option<(usize, Option<IpAddr>)>;
        let cases: [(&[u8], Comment); 9] = [
            (
                b"(a.example [192.0.2.1]) by",
                Some((22, Some([192, 0, 2, 1].into()))),
            ),
            (b"(Postfix) with", Some((8, None))),
            (
                b"([IPv6:2001:db8::1])",
                Some((19, Some("2001:db8::1".parse().unwrap()))),
            ),
            (
                b"(helo=x 192.0.2.9)",
                Some((17, Some([192, 0, 2, 9].into()))),
            ),
            (b"(192.0.2.1 (x))", None),
            (b"(x (y) 192.0.2.1)", None),
            (b"(192.0.2.1 \\) x)", None),
            (b"(192.0.2.1", None),
            (b"()", Some((1, None))),
        ];
        for (input, expected) in cases {
            assert_eq!(plain_comment(input, 1, true), expected, "{input:?}");
            assert_eq!(
                plain_comment(input, 1, false),
                expected.map(|(close, _)| (close, None)),
                "{input:?}"
            );
            assert_eq!(
                plain_comment_in_two_passes(input, 1, true),
                expected,
                "{input:?}"
            );
        }
    }

    /// The IPv4 reader agrees with the standard parser.
    #[test]
    fn ipv4_agrees_with_the_standard_parser() {
        for word in [
            "192.0.2.1",
            "0.0.0.0",
            "255.255.255.255",
            "256.0.0.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1..2.3",
            "1.2.3.4.",
            "a.b.c.d",
            "1234.1.1.1",
            "00.1.1.1",
            "1.2.3.04",
            "255.255.255.2555",
            "1.2.3.256",
            "10.0.0.0a",
        ] {
            assert_eq!(ipv4(word.as_bytes()), word.parse().ok(), "{word}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ipv4_agrees_on_any_dotted_text(
            word in proptest::prop_oneof!["[0-9a-f.]{0,18}", "([0-9]{1,4}[.]){2,4}[0-9]{1,4}"]
        ) {
            proptest::prop_assert_eq!(ipv4(word.as_bytes()), word.parse().ok());
            let ip: Option<IpAddr> = word.parse().ok();
            proptest::prop_assert_eq!(parse_ip(word.as_bytes()), ip.filter(|_| word.len() >= 2));
        }

        #[test]
        fn maybe_ip_skips_only_what_parse_ip_refuses(word in "(IPv6:|ipv6:)?[0-9a-zA-Z.:_+ \\[\\]-]{0,12}") {
            proptest::prop_assert_eq!(maybe_ip(word.as_bytes()), parse_ip(word.as_bytes()));
        }

        #[test]
        fn plain_comment_agrees_with_two_passes(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        " ", "\t", "\r\n ", "[", "]", "(", ")", "\\", ",", "=", ":", ".",
                        "192.0.2.1", "10.0.0.256", "IPv6:", "2001:db8::1", "::1", "a.example",
                        "Postfix", "helo", "\u{e9}",
                    ]).prop_map(String::from),
                    "[ -~]{0,5}",
                ],
                0..10,
            ),
            want_ip: bool,
        ) {
            let input = format!("({}", parts.concat());
            proptest::prop_assert_eq!(
                plain_comment(input.as_bytes(), 1, want_ip),
                plain_comment_in_two_passes(input.as_bytes(), 1, want_ip)
            );
        }

        #[test]
        fn parse_ip_agrees_with_the_standard_parser(
            word in proptest::prop_oneof![
                "(IPv6:)?[0-9a-fA-F.:]{0,20}",
                "([0-9]{1,3}[.]){3}[0-9]{1,3}",
                "([0-9a-f]{1,4}:){1,7}[0-9a-f]{1,4}",
            ]
        ) {
            let bare = word.strip_prefix("IPv6:").unwrap_or(&word);
            let ip: Option<IpAddr> = bare.parse().ok();
            proptest::prop_assert_eq!(parse_ip(word.as_bytes()), ip.filter(|_| bare.len() >= 2));
        }
    }
}
