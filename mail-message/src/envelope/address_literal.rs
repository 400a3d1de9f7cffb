//! Address literals: RFC 5321 §4.1.3 `address-literal = "[" ( IPv4-address-literal /
//! IPv6-address-literal / General-address-literal ) "]"`.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::net::{Ipv4Addr, Ipv6Addr};

use super::error::{EnvelopeError, syntax};
use super::options::{MAX_DOMAIN_LEN, text};
use crate::lex::Cursor;

/// An address literal, the alternative to a domain name for a host that is not in the DNS
/// (RFC 5321 §4.1.3). Written with its brackets: `[192.0.2.1]`, `[IPv6:2001:db8::1]`,
/// `[tag:content]`.
///
/// IP addresses are kept as values, so `[192.000.002.001]` and `[192.0.2.1]` are the same
/// literal; an IPv6 address is written in the RFC 5952 form of [`Ipv6Addr`]'s `Display`
/// (IPv4-mapped addresses as `::ffff:a.b.c.d`), which is always a valid `IPv6-addr`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AddressLiteral<'a> {
    /// `IPv4-address-literal = Snum 3("." Snum)`.
    Ipv4(Ipv4Addr),
    /// `IPv6-address-literal = "IPv6:" IPv6-addr`.
    Ipv6(Ipv6Addr),
    /// `General-address-literal = Standardized-tag ":" 1*dcontent`.
    General(GeneralAddressLiteral<'a>),
}

/// A `General-address-literal` (RFC 5321 §4.1.3): a `Standardized-tag` other than `IPv6`,
/// a colon, and `1*dcontent` (printable ASCII except `[`, `\` and `]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GeneralAddressLiteral<'a> {
    tag: Cow<'a, str>,
    content: Cow<'a, str>,
}

/// `true` for RFC 5321 §4.1.3 `dcontent`: `%d33-90 / %d94-126`.
#[inline]
fn is_dcontent(b: u8) -> bool {
    matches!(b, 33..=90 | 94..=126)
}

/// `true` for RFC 5321 §4.1.2 `Ldh-str` (`*( ALPHA / DIGIT / "-" ) Let-dig`).
fn is_ldh_str(s: &[u8]) -> bool {
    s.last().is_some_and(u8::is_ascii_alphanumeric)
        && s.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `Snum = 1*3DIGIT` with a value of at most 255.
fn snum(s: &[u8]) -> Option<u8> {
    if s.is_empty() || s.len() > 3 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = s.iter().fold(0u16, |n, &d| n * 10 + u16::from(d - b'0'));
    u8::try_from(value).ok()
}

/// `IPv4-address-literal = Snum 3("." Snum)`.
fn ipv4(s: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = s.split(|&b| b == b'.');
    for octet in &mut octets {
        *octet = snum(parts.next()?)?;
    }
    parts.next().is_none().then(|| Ipv4Addr::from(octets))
}

/// Reads `IPv6-hex *(":" IPv6-hex)` (an empty `part` is no group), the last piece optionally an
/// IPv4 literal worth two groups, into `out`; returns the number of groups.
fn hex_groups(part: &[u8], v4_allowed: bool, out: &mut [u16; 8]) -> Option<usize> {
    if part.is_empty() {
        return Some(0);
    }
    let mut n = 0;
    let mut pieces = part.split(|&b| b == b':').peekable();
    while let Some(piece) = pieces.next() {
        if v4_allowed && pieces.peek().is_none() && piece.contains(&b'.') {
            let [a, b, c, d] = ipv4(piece)?.octets();
            *out.get_mut(n)? = u16::from_be_bytes([a, b]);
            *out.get_mut(n + 1)? = u16::from_be_bytes([c, d]);
            return Some(n + 2);
        }
        if piece.is_empty() || piece.len() > 4 || !piece.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let value = piece.iter().fold(0u16, |v, &h| {
            let digit = match h {
                b'0'..=b'9' => h - b'0',
                b'a'..=b'f' => h - b'a' + 10,
                b'A'..=b'F' => h - b'A' + 10,
                _ => 0,
            };
            (v << 4) | u16::from(digit)
        });
        *out.get_mut(n)? = value;
        n += 1;
    }
    Some(n)
}

/// `IPv6-addr = IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp` (RFC 5321 §4.1.3).
fn ipv6(s: &[u8]) -> Result<Ipv6Addr, &'static str> {
    const BAD: &str = "IPv6-addr expected after \"IPv6:\"";
    let mut head = [0u16; 8];
    let mut tail = [0u16; 8];
    let Some(i) = s.windows(2).position(|w| w == b"::") else {
        // IPv6-full / IPv6v4-full: exactly eight groups.
        return match hex_groups(s, true, &mut head) {
            Some(8) => Ok(Ipv6Addr::from(head)),
            _ => Err(BAD),
        };
    };
    let before = s.get(..i).unwrap_or_default();
    let after = s.get(i + 2..).unwrap_or_default();
    if after.windows(2).any(|w| w == b"::") {
        return Err("more than one \"::\" in an IPv6 address");
    }
    let h = hex_groups(before, false, &mut head).ok_or(BAD)?;
    let t = hex_groups(after, true, &mut tail).ok_or(BAD)?;
    // IPv6-comp / IPv6v4-comp: "::" stands for at least two groups, so at most six others.
    if h + t > 6 {
        return Err("too many groups around \"::\" in an IPv6 address");
    }
    let mut groups = [0u16; 8];
    for (g, v) in groups.iter_mut().zip(head.iter().take(h)) {
        *g = *v;
    }
    for (g, v) in groups.iter_mut().skip(8 - t).zip(tail.iter().take(t)) {
        *g = *v;
    }
    Ok(Ipv6Addr::from(groups))
}

impl<'a> AddressLiteral<'a> {
    /// Parses a whole `address-literal`, brackets included.
    ///
    /// # Errors
    /// [`EnvelopeError::InvalidSyntax`] when the brackets are missing or a byte is not
    /// `dcontent`, [`EnvelopeError::InvalidAddressLiteral`] when the content is not a valid
    /// address, [`EnvelopeError::DomainTooLong`] over 255 octets.
    pub fn parse(input: &'a [u8]) -> Result<Self, EnvelopeError> {
        let mut cur = Cursor::new(input);
        let literal = Self::parse_at(&mut cur)?;
        if !cur.is_empty() {
            return Err(syntax(cur.pos(), "end of address-literal"));
        }
        Ok(literal)
    }

    /// Parses an `address-literal` at the cursor (offsets in errors are cursor positions).
    pub(crate) fn parse_at(cur: &mut Cursor<'a>) -> Result<Self, EnvelopeError> {
        let input = cur.input();
        let open = cur.pos();
        if !cur.eat(b'[') {
            return Err(syntax(open, "\"[\""));
        }
        let start = cur.pos();
        cur.take_while(is_dcontent);
        let end = cur.pos();
        if !cur.eat(b']') {
            return Err(syntax(end, "dcontent or \"]\""));
        }
        let len = cur.pos() - open;
        if len > MAX_DOMAIN_LEN {
            return Err(EnvelopeError::DomainTooLong { offset: open, len });
        }
        let content = input.get(start..end).unwrap_or_default();
        let invalid = |reason| EnvelopeError::InvalidAddressLiteral {
            offset: start,
            reason,
        };
        let Some(colon) = content.iter().position(|&b| b == b':') else {
            return ipv4(content)
                .map(AddressLiteral::Ipv4)
                .ok_or_else(|| invalid("IPv4-address-literal or Standardized-tag \":\" expected"));
        };
        let tag = content.get(..colon).unwrap_or_default();
        let rest = content.get(colon + 1..).unwrap_or_default();
        if tag.eq_ignore_ascii_case(b"IPv6") {
            return ipv6(rest).map(AddressLiteral::Ipv6).map_err(invalid);
        }
        if !is_ldh_str(tag) {
            return Err(invalid("Standardized-tag must be an Ldh-str"));
        }
        if rest.is_empty() {
            return Err(invalid("General-address-literal needs 1*dcontent"));
        }
        Ok(AddressLiteral::General(GeneralAddressLiteral {
            tag: Cow::Borrowed(text(input, start, start + colon)?),
            content: Cow::Borrowed(text(input, start + colon + 1, end)?),
        }))
    }

    /// The length in octets of the written form, brackets included.
    pub fn encoded_len(&self) -> usize {
        let mut counter = Counter(0);
        // Writing into a counter cannot fail.
        let _ = write!(counter, "{self}");
        counter.0
    }

    /// The same literal, owning its text.
    pub fn into_owned(self) -> AddressLiteral<'static> {
        match self {
            AddressLiteral::Ipv4(a) => AddressLiteral::Ipv4(a),
            AddressLiteral::Ipv6(a) => AddressLiteral::Ipv6(a),
            AddressLiteral::General(g) => AddressLiteral::General(g.into_owned()),
        }
    }
}

/// Counts the octets written to it.
struct Counter(usize);

impl fmt::Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

/// Writes `[a.b.c.d]`, `[IPv6:...]` or `[tag:content]`.
impl fmt::Display for AddressLiteral<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressLiteral::Ipv4(a) => write!(f, "[{a}]"),
            AddressLiteral::Ipv6(a) => write!(f, "[IPv6:{a}]"),
            AddressLiteral::General(g) => write!(f, "[{}:{}]", g.tag, g.content),
        }
    }
}

impl From<Ipv4Addr> for AddressLiteral<'_> {
    fn from(a: Ipv4Addr) -> Self {
        AddressLiteral::Ipv4(a)
    }
}

impl From<Ipv6Addr> for AddressLiteral<'_> {
    fn from(a: Ipv6Addr) -> Self {
        AddressLiteral::Ipv6(a)
    }
}

impl From<std::net::IpAddr> for AddressLiteral<'_> {
    fn from(a: std::net::IpAddr) -> Self {
        match a {
            std::net::IpAddr::V4(a) => AddressLiteral::Ipv4(a),
            std::net::IpAddr::V6(a) => AddressLiteral::Ipv6(a),
        }
    }
}

impl<'a> GeneralAddressLiteral<'a> {
    /// A general literal `[tag:content]`.
    ///
    /// # Errors
    /// [`EnvelopeError::InvalidAddressLiteral`] when `tag` is not an `Ldh-str` or is `IPv6`
    /// (in any case: that tag means an [`AddressLiteral::Ipv6`]), or `content` is empty;
    /// [`EnvelopeError::InvalidSyntax`] at the first byte of `content` that is not
    /// `dcontent` (offset into `content`); [`EnvelopeError::DomainTooLong`] when the written
    /// literal exceeds 255 octets.
    pub fn new(
        tag: impl Into<Cow<'a, str>>,
        content: impl Into<Cow<'a, str>>,
    ) -> Result<Self, EnvelopeError> {
        let (tag, content) = (tag.into(), content.into());
        let invalid = |reason| EnvelopeError::InvalidAddressLiteral { offset: 0, reason };
        if !is_ldh_str(tag.as_bytes()) {
            return Err(invalid("Standardized-tag must be an Ldh-str"));
        }
        if tag.eq_ignore_ascii_case("IPv6") {
            return Err(invalid("the IPv6 tag is for AddressLiteral::Ipv6"));
        }
        if content.is_empty() {
            return Err(invalid("General-address-literal needs 1*dcontent"));
        }
        if let Some(i) = content.bytes().position(|b| !is_dcontent(b)) {
            return Err(syntax(i, "dcontent"));
        }
        let len = tag.len() + content.len() + 3;
        if len > MAX_DOMAIN_LEN {
            return Err(EnvelopeError::DomainTooLong { offset: 0, len });
        }
        Ok(GeneralAddressLiteral { tag, content })
    }

    /// The `Standardized-tag`.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The address after the colon.
    pub fn content(&self) -> &str {
        &self.content
    }

    /// The same literal, owning its text.
    pub fn into_owned(self) -> GeneralAddressLiteral<'static> {
        GeneralAddressLiteral {
            tag: Cow::Owned(self.tag.into_owned()),
            content: Cow::Owned(self.content.into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<AddressLiteral<'_>, EnvelopeError> {
        AddressLiteral::parse(s.as_bytes())
    }

    fn v6(s: &str) -> AddressLiteral<'static> {
        AddressLiteral::Ipv6(s.parse().unwrap())
    }

    #[test]
    fn ipv4_literals() {
        // RFC 5321 §4.1.3: [123.255.37.2].
        assert_eq!(
            parse("[123.255.37.2]"),
            Ok(AddressLiteral::Ipv4(Ipv4Addr::new(123, 255, 37, 2)))
        );
        assert_eq!(
            parse("[192.000.002.001]"),
            Ok(AddressLiteral::Ipv4(Ipv4Addr::new(192, 0, 2, 1)))
        );
        assert_eq!(parse("[192.0.2.1]").unwrap().to_string(), "[192.0.2.1]");
        let bad = |s| {
            assert!(
                matches!(
                    parse(s),
                    Err(EnvelopeError::InvalidAddressLiteral { offset: 1, .. })
                ),
                "{s}"
            );
        };
        for s in [
            "[256.0.0.1]",
            "[1.2.3]",
            "[1.2.3.4.5]",
            "[1..2.3]",
            "[0001.2.3.4]",
            "[abc]",
            "[]",
        ] {
            bad(s);
        }
    }

    #[test]
    fn ipv6_literals() {
        assert_eq!(parse("[IPv6:2001:db8::1]"), Ok(v6("2001:db8::1")));
        assert_eq!(parse("[ipv6:2001:DB8::1]"), Ok(v6("2001:db8::1")));
        assert_eq!(parse("[IPv6:::]"), Ok(v6("::")));
        assert_eq!(parse("[IPv6:::1]"), Ok(v6("::1")));
        assert_eq!(parse("[IPv6:1::]"), Ok(v6("1::")));
        assert_eq!(parse("[IPv6:1:2:3:4:5:6:7:8]"), Ok(v6("1:2:3:4:5:6:7:8")));
        assert_eq!(parse("[IPv6:1:2:3::6:7:8]"), Ok(v6("1:2:3::6:7:8")));
        assert_eq!(
            parse("[IPv6:0001:02:3:4:5:6:7:8]"),
            Ok(v6("1:2:3:4:5:6:7:8"))
        );
        // IPv6v4-full and IPv6v4-comp.
        assert_eq!(
            parse("[IPv6:1:2:3:4:5:6:192.0.2.1]"),
            Ok(v6("1:2:3:4:5:6:c000:201"))
        );
        assert_eq!(parse("[IPv6:::ffff:192.0.2.1]"), Ok(v6("::ffff:c000:201")));
        assert_eq!(parse("[IPv6:::192.0.2.1]"), Ok(v6("::c000:201")));
        assert_eq!(
            parse("[IPv6:1:2:3:4::192.0.2.1]"),
            Ok(v6("1:2:3:4::c000:201"))
        );
        assert_eq!(
            parse("[IPv6:1::2:3:4:192.0.2.1]"),
            Ok(v6("1::2:3:4:c000:201"))
        );
        assert_eq!(
            parse("[IPv6:2001:db8::1]").unwrap().to_string(),
            "[IPv6:2001:db8::1]"
        );
        assert_eq!(
            parse("[IPv6:::ffff:192.0.2.1]").unwrap().to_string(),
            "[IPv6:::ffff:192.0.2.1]"
        );
        for s in [
            "[IPv6:1:2:3:4:5:6:7]",
            "[IPv6:1:2:3:4:5:6:7:8:9]",
            "[IPv6:1:2:3:4:5:6:7::]", // "::" must stand for two groups
            "[IPv6:::1:2:3:4:5:6:7]",
            "[IPv6:1::2::3]",
            "[IPv6:1:::2]",
            "[IPv6:12345::]",
            "[IPv6:g::]",
            "[IPv6:]",
            "[IPv6:1:2:3:4:5::192.0.2.1]", // seven groups besides "::"
            "[IPv6:1.2.3.4::]",
            "[IPv6:::256.0.0.1]",
            "[IPv6:1:2:3:4:5:6:7:1.2.3.4]",
        ] {
            assert!(
                matches!(
                    parse(s),
                    Err(EnvelopeError::InvalidAddressLiteral { offset: 1, .. })
                ),
                "{s}"
            );
        }
    }

    #[test]
    fn general_literals() {
        let g = parse("[x-tag:some.content:ok]").unwrap();
        let AddressLiteral::General(ref lit) = g else {
            panic!()
        };
        assert_eq!((lit.tag(), lit.content()), ("x-tag", "some.content:ok"));
        assert_eq!(g.to_string(), "[x-tag:some.content:ok]");
        assert_eq!(g.encoded_len(), 23);
        assert_eq!(
            GeneralAddressLiteral::new("x-tag", "some.content:ok").map(AddressLiteral::General),
            Ok(g.into_owned())
        );
        assert!(matches!(
            parse("[x-:a]"),
            Err(EnvelopeError::InvalidAddressLiteral { .. })
        ));
        assert!(matches!(
            parse("[:a]"),
            Err(EnvelopeError::InvalidAddressLiteral { .. })
        ));
        assert!(matches!(
            parse("[x:]"),
            Err(EnvelopeError::InvalidAddressLiteral { .. })
        ));
        assert!(matches!(
            GeneralAddressLiteral::new("ipv6", "::1"),
            Err(EnvelopeError::InvalidAddressLiteral { .. })
        ));
        assert_eq!(
            GeneralAddressLiteral::new("x", "a]"),
            Err(syntax(1, "dcontent"))
        );
        assert_eq!(
            GeneralAddressLiteral::new("x", "a\r\n"),
            Err(syntax(1, "dcontent"))
        );
    }

    #[test]
    fn delimiters_and_limit() {
        assert_eq!(parse("192.0.2.1"), Err(syntax(0, "\"[\"")));
        assert_eq!(parse("[192.0.2.1"), Err(syntax(10, "dcontent or \"]\"")));
        assert_eq!(parse("[1.2.3.4 ]"), Err(syntax(8, "dcontent or \"]\"")));
        assert_eq!(
            parse("[1.2.3.4]]"),
            Err(syntax(9, "end of address-literal"))
        );
        let content = "c".repeat(251);
        assert!(parse(&format!("[x:{content}]")).is_ok());
        assert_eq!(
            parse(&format!("[x:{content}c]")),
            Err(EnvelopeError::DomainTooLong {
                offset: 0,
                len: 256
            })
        );
        assert_eq!(
            GeneralAddressLiteral::new("x", format!("{content}c")),
            Err(EnvelopeError::DomainTooLong {
                offset: 0,
                len: 256
            })
        );
    }
}
