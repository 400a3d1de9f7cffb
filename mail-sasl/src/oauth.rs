//! Shared by OAUTHBEARER and XOAUTH2: the error result (RFC 7628 §3.2.2) as JSON, and the
//! `key=value^A` pairs (RFC 7628 §3.1).

use core::fmt::Write as _;

use crate::error::Malformed;

/// The `kvsep` of RFC 7628 §3.1 (`%x01`, shown as `^A`).
pub(crate) const KVSEP: u8 = 0x01;

/// The error result a server sends when it refuses a token (RFC 7628 §3.2.2), as a JSON
/// object challenge. XOAUTH2 servers send the same shape (with `status` often an HTTP code).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OAuthError {
    /// `status` (REQUIRED): an OAuth error code, e.g. `invalid_token`.
    pub status: String,
    /// `schemes`: the token schemes the server accepts (seen in RFC 7628 §4.4).
    pub schemes: Option<String>,
    /// `scope` (OPTIONAL): a scope valid for the service.
    pub scope: Option<String>,
    /// `openid-configuration` (OPTIONAL): the URL of the `OpenID` discovery document.
    pub openid_configuration: Option<String>,
}

impl OAuthError {
    /// `{"status":"invalid_token"}`.
    pub fn invalid_token() -> Self {
        Self {
            status: "invalid_token".to_owned(),
            ..Self::default()
        }
    }

    /// The JSON text: members in the order `status`, `schemes`, `scope`,
    /// `openid-configuration`, no white space (the form of the RFC 7628 §4.3 and §4.4
    /// examples).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64);
        out.push('{');
        write_member(&mut out, "status", &self.status);
        let optional = [
            ("schemes", &self.schemes),
            ("scope", &self.scope),
            ("openid-configuration", &self.openid_configuration),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                out.push(',');
                write_member(&mut out, name, value);
            }
        }
        out.push('}');
        out
    }

    /// Reads an error result. Unknown members are ignored; `None` if the text is not a JSON
    /// object or has no string `status`.
    pub fn from_json(json: &[u8]) -> Option<Self> {
        let members = parse_flat_object(json)?;
        let mut error = Self::default();
        let mut has_status = false;
        for (name, value) in members {
            match name.as_str() {
                "status" => {
                    error.status = value;
                    has_status = true;
                }
                "schemes" => error.schemes = Some(value),
                "scope" => error.scope = Some(value),
                "openid-configuration" => error.openid_configuration = Some(value),
                _ => {}
            }
        }
        has_status.then_some(error)
    }
}

fn write_member(out: &mut String, name: &str, value: &str) {
    write_json_string(out, name);
    out.push(':');
    write_json_string(out, value);
}

fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Parses a JSON object and returns its members whose values are strings (other values are
/// skipped). `None` if the text is not one JSON object (RFC 8259) or nests deeper than 32.
fn parse_flat_object(json: &[u8]) -> Option<Vec<(String, String)>> {
    let text = core::str::from_utf8(json).ok()?;
    let mut p = JsonCursor { rest: text };
    p.ws();
    p.eat('{')?;
    let mut members = Vec::new();
    p.ws();
    if p.eat('}').is_none() {
        loop {
            p.ws();
            let name = p.string()?;
            p.ws();
            p.eat(':')?;
            p.ws();
            if p.rest.starts_with('"') {
                let value = p.string()?;
                members.push((name, value));
            } else {
                p.skip_value(0)?;
            }
            p.ws();
            if p.eat(',').is_some() {
                continue;
            }
            p.eat('}')?;
            break;
        }
    }
    p.ws();
    p.rest.is_empty().then_some(members)
}

struct JsonCursor<'a> {
    rest: &'a str,
}

impl JsonCursor<'_> {
    fn ws(&mut self) {
        self.rest = self.rest.trim_start_matches([' ', '\t', '\r', '\n']);
    }

    fn eat(&mut self, c: char) -> Option<()> {
        self.rest = self.rest.strip_prefix(c)?;
        Some(())
    }

    fn string(&mut self) -> Option<String> {
        self.eat('"')?;
        let mut out = String::new();
        let mut chars = self.rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.rest = self.rest.get(i + 1..)?;
                    return Some(out);
                }
                '\\' => {
                    let (_, e) = chars.next()?;
                    out.push(match e {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'u' => {
                            let mut code = 0u32;
                            for _ in 0..4 {
                                code = code * 16 + chars.next()?.1.to_digit(16)?;
                            }
                            // Surrogate pairs are not joined: a lone surrogate becomes U+FFFD.
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return None,
                    });
                }
                c if u32::from(c) < 0x20 => return None,
                c => out.push(c),
            }
        }
        None
    }

    fn skip_value(&mut self, depth: usize) -> Option<()> {
        if depth > 32 {
            return None;
        }
        self.ws();
        let first = self.rest.chars().next()?;
        match first {
            '"' => self.string().map(drop),
            '{' | '[' => {
                let close = if first == '{' { '}' } else { ']' };
                self.eat(first)?;
                self.ws();
                if self.eat(close).is_some() {
                    return Some(());
                }
                loop {
                    if first == '{' {
                        self.ws();
                        self.string()?;
                        self.ws();
                        self.eat(':')?;
                    }
                    self.skip_value(depth + 1)?;
                    self.ws();
                    if self.eat(',').is_none() {
                        return self.eat(close);
                    }
                }
            }
            _ => {
                let end = self
                    .rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))
                    .unwrap_or(self.rest.len());
                if end == 0 {
                    return None;
                }
                self.rest = self.rest.get(end..)?;
                Some(())
            }
        }
    }
}

/// One `key=value` pair of RFC 7628 §3.1.
pub(crate) struct KvPair<'a> {
    pub(crate) key: &'a [u8],
    pub(crate) value: &'a [u8],
}

/// Splits `*kvpair kvsep` (the part after the GS2 header's `kvsep`): pairs each end with
/// `^A`, and an empty pair (a second `^A`) ends the message, which must then be over.
pub(crate) fn parse_kvpairs(mut input: &[u8]) -> Result<Vec<KvPair<'_>>, Malformed> {
    let mut pairs = Vec::new();
    loop {
        let end = input
            .iter()
            .position(|&b| b == KVSEP)
            .ok_or(Malformed::MissingSeparator)?;
        let (pair, rest) = input.split_at(end);
        let rest = rest.get(1..).unwrap_or_default();
        if pair.is_empty() {
            return if rest.is_empty() {
                Ok(pairs)
            } else {
                Err(Malformed::ExtraField)
            };
        }
        let eq = pair
            .iter()
            .position(|&b| b == b'=')
            .ok_or(Malformed::BadKeyValue)?;
        let (key, value) = pair.split_at(eq);
        let value = value.get(1..).unwrap_or_default();
        // key = 1*ALPHA; value = *(VCHAR / SP / HTAB / CR / LF), and octets of UTF-8
        // (accepted for internationalized user names; the caller checks UTF-8).
        if key.is_empty() || !key.iter().all(u8::is_ascii_alphabetic) {
            return Err(Malformed::BadKeyValue);
        }
        if !value
            .iter()
            .all(|&b| matches!(b, 0x21..=0x7e | 0x80..=0xff | b' ' | b'\t' | b'\r' | b'\n'))
        {
            return Err(Malformed::BadKeyValue);
        }
        pairs.push(KvPair { key, value });
        input = rest;
    }
}

/// Parses an `auth` value `Bearer <token>` (scheme case-insensitive, RFC 7628 §4; token per
/// RFC 6750 §2.1 `b64token`). `Ok(None)` for an empty value (a discovery request,
/// RFC 7628 §4.3).
pub(crate) fn parse_bearer(value: &[u8]) -> Result<Option<&str>, Malformed> {
    if value.is_empty() {
        return Ok(None);
    }
    let scheme = value.get(..7).ok_or(Malformed::BadAuthValue)?;
    if !scheme.eq_ignore_ascii_case(b"Bearer ") {
        return Err(Malformed::BadAuthValue);
    }
    let token = value.get(7..).unwrap_or_default();
    if !is_b64token(token) {
        return Err(Malformed::BadAuthValue);
    }
    core::str::from_utf8(token)
        .map(Some)
        .map_err(|_| Malformed::BadAuthValue)
}

/// RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
pub(crate) fn is_b64token(token: &[u8]) -> bool {
    let body_len = token.iter().rposition(|&b| b != b'=').map_or(0, |p| p + 1);
    let (body, _padding) = token.split_at(body_len);
    !body.is_empty()
        && body
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_and_escapes() {
        let e = OAuthError {
            status: "invalid_token".into(),
            schemes: Some("bearer mac".into()),
            scope: Some("a\"b\\c\u{1}".into()),
            openid_configuration: None,
        };
        let json = e.to_json();
        assert_eq!(
            json,
            r#"{"status":"invalid_token","schemes":"bearer mac","scope":"a\"b\\c\u0001"}"#
        );
        assert_eq!(OAuthError::from_json(json.as_bytes()), Some(e));
    }

    #[test]
    fn json_tolerates_other_members_and_whitespace() {
        let json = br#" { "x": [1, {"y": null}], "status" : "400", "n": -1.5e3, "t": true } "#;
        let e = OAuthError::from_json(json).unwrap();
        assert_eq!(e.status, "400");
        for bad in [
            &b""[..],
            b"{",
            b"{\"status\":1}",
            b"[]",
            b"{\"a\":\"b\"} x",
            b"{\"status\":\"\x01\"}",
        ] {
            assert_eq!(OAuthError::from_json(bad), None, "{bad:?}");
        }
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(40), "]".repeat(40));
        assert_eq!(OAuthError::from_json(deep.as_bytes()), None);
    }

    #[test]
    fn kvpairs() {
        let pairs = parse_kvpairs(b"host=x\x01auth=Bearer t\x01\x01").unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[1].key, b"auth");
        assert_eq!(pairs[1].value, b"Bearer t");
        assert!(parse_kvpairs(b"\x01").unwrap().is_empty());
        assert_eq!(
            parse_kvpairs(b"a=b\x01").err(),
            Some(Malformed::MissingSeparator)
        );
        assert_eq!(
            parse_kvpairs(b"a=b\x01\x01x").err(),
            Some(Malformed::ExtraField)
        );
        assert_eq!(
            parse_kvpairs(b"a1=b\x01\x01").err(),
            Some(Malformed::BadKeyValue)
        );
        assert_eq!(
            parse_kvpairs(b"ab\x01\x01").err(),
            Some(Malformed::BadKeyValue)
        );
        assert_eq!(
            parse_kvpairs(b"a=\x00\x01\x01").err(),
            Some(Malformed::BadKeyValue)
        );
    }

    #[test]
    fn bearer_values() {
        assert_eq!(parse_bearer(b"Bearer abc=="), Ok(Some("abc==")));
        assert_eq!(parse_bearer(b"bEaReR abc"), Ok(Some("abc")));
        assert_eq!(parse_bearer(b""), Ok(None));
        for bad in [
            &b"Bearer"[..],
            b"Bearer ",
            b"Basic abc",
            b"Bearer a b",
            b"Bearer ==",
        ] {
            assert_eq!(parse_bearer(bad), Err(Malformed::BadAuthValue), "{bad:?}");
        }
    }
}
