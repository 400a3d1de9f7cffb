//! Strings (RFC 3501 §4.3, RFC 9051 §4.3): `quoted`, `literal`, `literal8` as wire forms, and
//! the values `string`, `astring` and `nstring` that the encoder writes in their cheapest form.

use std::borrow::Cow;
use std::fmt;

use mail_sasl::Wipe;

use crate::chars::is_astring_char;
use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::number::number64;

/// Whether a literal's sender waits for the server's `+` (RFC 3501 §7.5) or not (RFC 7888).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LiteralMode {
    /// `{n}`: the client waits for a continuation request before the data.
    #[default]
    Sync,
    /// `{n+}`: the data follows at once (LITERAL+ / LITERAL-, RFC 7888; never from a server,
    /// RFC 9051 §4.3).
    NonSync,
}

fn cow_bytes(s: Cow<'_, str>) -> Cow<'_, [u8]> {
    match s {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

fn owned<T: ?Sized + ToOwned>(c: Cow<'_, T>) -> Cow<'static, T> {
    Cow::Owned(c.into_owned())
}

/// Reads `quoted = DQUOTE *QUOTED-CHAR DQUOTE` (RFC 9051 §9: `QUOTED-CHAR` includes UTF-8),
/// unescaping `\"` and `\\`. Borrows unless there was an escape.
pub(crate) fn read_quoted<'a>(c: &mut Cursor<'a>) -> Result<Cow<'a, str>, ParseError> {
    c.expect(b'"', Rule::Quoted)?;
    let start = c.pos;
    let mut escapes = false;
    loop {
        match c.need()? {
            b'"' => break,
            b'\\' => {
                c.bump();
                if !matches!(c.need()?, b'"' | b'\\') {
                    return Err(c.invalid(Rule::Quoted));
                }
                escapes = true;
            }
            0 | b'\r' | b'\n' => return Err(c.invalid(Rule::Quoted)),
            _ => {}
        }
        c.bump();
    }
    let raw = c.input.get(start..c.pos).unwrap_or_default();
    c.bump();
    // Escapes are ASCII, so the raw text is UTF-8 exactly when the content is.
    let text = std::str::from_utf8(raw)
        .map_err(|e| c.invalid_at(start + e.valid_up_to(), Rule::Quoted))?;
    if !escapes {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        out.push(if ch == '\\' {
            chars.next().unwrap_or('\\')
        } else {
            ch
        });
    }
    Ok(Cow::Owned(out))
}

/// Reads a literal's header and data: `["~"] "{" number64 ["+"] "}" CRLF` then the octets.
fn read_literal<'a>(
    c: &mut Cursor<'a>,
    binary: bool,
) -> Result<(&'a [u8], LiteralMode), ParseError> {
    let rule = if binary {
        Rule::Literal8
    } else {
        Rule::Literal
    };
    if binary {
        c.expect(b'~', rule)?;
    }
    c.expect(b'{', rule)?;
    let number_at = c.pos;
    let len = number64(c)?;
    let mode = if c.need()? == b'+' {
        c.bump();
        LiteralMode::NonSync
    } else {
        LiteralMode::Sync
    };
    c.expect(b'}', rule)?;
    c.expect(b'\r', rule)?;
    c.expect(b'\n', rule)?;
    let len = usize::try_from(len).map_err(|_| c.invalid_at(number_at, rule))?;
    let start = c.pos;
    let data = c.take(len)?;
    if !binary && let Some(nul) = memchr::memchr(0, data) {
        return Err(c.invalid_at(start + nul, rule));
    }
    Ok((data, mode))
}

/// Reads `string = quoted / literal` as its value.
fn read_string<'a>(c: &mut Cursor<'a>, rule: Rule) -> Result<Cow<'a, [u8]>, ParseError> {
    match c.need()? {
        b'"' => read_quoted(c).map(cow_bytes),
        b'{' => read_literal(c, false).map(|(d, _)| Cow::Borrowed(d)),
        _ => Err(c.invalid(rule)),
    }
}

fn check_no_nul(value: &[u8], rule: Rule) -> Result<(), InvalidValue> {
    match memchr::memchr(0, value) {
        Some(offset) => Err(InvalidValue { rule, offset }),
        None => Ok(()),
    }
}

/// `quoted` (RFC 3501 §4.3): a string written between double quotes, `"` and `\` escaped.
/// Its content is text: no CR, LF or NUL; UTF-8 is allowed (RFC 9051 `QUOTED-CHAR`,
/// RFC 6855 §3), and is valid only where the peer accepts it.
///
/// ```
/// use imap_proto::types::Quoted;
/// let (q, rest) = Quoted::parse(br#""say \"hi\"" x"#).unwrap();
/// assert_eq!((q.as_str(), rest), (r#"say "hi""#, &b" x"[..]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quoted<'a>(Cow<'a, str>);

impl<'a> Quoted<'a> {
    /// A quoted string with this content.
    ///
    /// # Errors
    /// [`InvalidValue`] at the first CR, LF or NUL.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        match text.bytes().position(|b| matches!(b, 0 | b'\r' | b'\n')) {
            Some(offset) => Err(InvalidValue {
                rule: Rule::Quoted,
                offset,
            }),
            None => Ok(Self(text)),
        }
    }

    /// Reads a quoted string at the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// [`ParseError::Incomplete`] before the closing quote; [`ParseError::Invalid`] at a CR,
    /// LF, NUL, a `\` before anything but `"` or `\`, or invalid UTF-8.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        let mut c = Cursor::new(input);
        let q = read_quoted(&mut c)?;
        Ok((Self(q), c.rest()))
    }

    /// The content (unescaped).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same string, owning its content.
    pub fn into_owned(self) -> Quoted<'static> {
        Quoted(owned(self.0))
    }
}

impl Encode for Quoted<'_> {
    fn encode(&self, w: &mut Writer) {
        w.quoted(self.0.as_bytes());
    }
}

/// `literal = "{" number64 ["+"] "}" CRLF *CHAR8` (RFC 9051 §4.3; `{n+}` from RFC 7888):
/// octets counted, not delimited; any octet but NUL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Literal<'a> {
    data: Cow<'a, [u8]>,
    mode: LiteralMode,
}

impl<'a> Literal<'a> {
    /// A literal.
    ///
    /// # Errors
    /// [`InvalidValue`] at the first NUL (only a [`Literal8`] may carry one).
    pub fn new(data: impl Into<Cow<'a, [u8]>>, mode: LiteralMode) -> Result<Self, InvalidValue> {
        let data = data.into();
        check_no_nul(&data, Rule::Literal)?;
        Ok(Self { data, mode })
    }

    /// Reads a literal, header and data, at the start of `input`; returns it and the rest.
    ///
    /// ```
    /// use imap_proto::types::{Literal, LiteralMode};
    /// let (l, rest) = Literal::parse(b"{5+}\r\nhello)").unwrap();
    /// assert_eq!((l.data(), l.mode(), rest), (&b"hello"[..], LiteralMode::NonSync, &b")"[..]));
    /// ```
    ///
    /// # Errors
    /// [`ParseError::Incomplete`] (with the octets still missing) before the data's end;
    /// [`ParseError::Invalid`] for a malformed header or a NUL in the data.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        let mut c = Cursor::new(input);
        let (data, mode) = read_literal(&mut c, false)?;
        Ok((
            Self {
                data: Cow::Borrowed(data),
                mode,
            },
            c.rest(),
        ))
    }

    /// The data octets.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Synchronizing or not.
    pub fn mode(&self) -> LiteralMode {
        self.mode
    }

    /// The same literal, owning its data.
    pub fn into_owned(self) -> Literal<'static> {
        Literal {
            data: owned(self.data),
            mode: self.mode,
        }
    }
}

impl Encode for Literal<'_> {
    fn encode(&self, w: &mut Writer) {
        w.literal_as(&self.data, false, self.mode == LiteralMode::Sync);
    }
}

/// `literal8 = "~{" number64 ["+"] "}" CRLF *OCTET` (RFC 3516 §4.2 BINARY, RFC 4466 §4.3):
/// any octets, NUL included.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Literal8<'a> {
    data: Cow<'a, [u8]>,
    mode: LiteralMode,
}

impl<'a> Literal8<'a> {
    /// A `literal8` (any octets).
    pub fn new(data: impl Into<Cow<'a, [u8]>>, mode: LiteralMode) -> Self {
        Self {
            data: data.into(),
            mode,
        }
    }

    /// Reads a `literal8` at the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// As [`Literal::parse`] (a NUL is allowed).
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        let mut c = Cursor::new(input);
        let (data, mode) = read_literal(&mut c, true)?;
        Ok((
            Self {
                data: Cow::Borrowed(data),
                mode,
            },
            c.rest(),
        ))
    }

    /// The data octets.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Synchronizing or not.
    pub fn mode(&self) -> LiteralMode {
        self.mode
    }

    /// The same literal, owning its data.
    pub fn into_owned(self) -> Literal8<'static> {
        Literal8 {
            data: owned(self.data),
            mode: self.mode,
        }
    }
}

impl Encode for Literal8<'_> {
    fn encode(&self, w: &mut Writer) {
        w.literal_as(&self.data, true, self.mode == LiteralMode::Sync);
    }
}

/// Declares a string value type: octets without NUL, borrowed or owned, wiped in a `Secret`.
macro_rules! string_value {
    ($(#[$doc:meta])* $name:ident, $rule:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name<'a>(Cow<'a, [u8]>);

        impl<'a> $name<'a> {
            /// The value.
            ///
            /// # Errors
            /// [`InvalidValue`] at the first NUL (no form of the rule can carry one).
            pub fn new(value: impl Into<Cow<'a, [u8]>>) -> Result<Self, InvalidValue> {
                let value = value.into();
                check_no_nul(&value, $rule)?;
                Ok(Self(value))
            }

            /// The octets.
            pub fn as_bytes(&self) -> &[u8] {
                &self.0
            }

            /// The octets as UTF-8 text, if they are.
            pub fn as_str(&self) -> Option<&str> {
                std::str::from_utf8(&self.0).ok()
            }

            /// The same value, owning its octets.
            pub fn into_owned(self) -> $name<'static> {
                $name(owned(self.0))
            }

            /// Reads one at the start of `input`; returns it and the rest.
            ///
            /// # Errors
            /// [`ParseError::Incomplete`] when `input` ends inside it (an unquoted form may
            /// always go on); [`ParseError::Invalid`] at the first byte that does not fit.
            pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
                let mut c = Cursor::new(input);
                let v = Self::read(&mut c)?;
                Ok((v, c.rest()))
            }
        }

        impl AsRef<[u8]> for $name<'_> {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }

        impl Wipe for $name<'_> {
            /// Zeroes owned octets (borrowed ones belong to the caller's buffer) and leaves
            /// the value empty.
            fn wipe(&mut self) {
                if let Cow::Owned(v) = &mut self.0 {
                    v.wipe();
                }
                self.0 = Cow::Borrowed(&[]);
            }
        }

        impl fmt::Display for $name<'_> {
            /// The octets, lossily as UTF-8.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&String::from_utf8_lossy(&self.0))
            }
        }
    };
}

string_value!(
    /// `string = quoted / literal` (RFC 3501 §4.3) as a value: any octets but NUL. Written
    /// quoted when it can be, else as a literal ([`Writer`]).
    ///
    /// ```
    /// use imap_proto::encode::Encode;
    /// use imap_proto::types::IString;
    /// assert_eq!(IString::new(&b"abc"[..]).unwrap().to_wire(), b"\"abc\"");
    /// assert_eq!(IString::parse(b"{3}\r\nabc ").unwrap().0.as_bytes(), b"abc");
    /// ```
    IString,
    Rule::String
);

impl<'a> IString<'a> {
    /// The empty string `""`.
    pub(crate) const EMPTY: IString<'static> = IString(Cow::Borrowed(&[]));

    /// Octets the caller has checked hold no NUL.
    pub(crate) fn from_checked(value: &'a [u8]) -> Self {
        debug_assert!(!value.contains(&0));
        Self(Cow::Borrowed(value))
    }

    pub(crate) fn read(c: &mut Cursor<'a>) -> Result<Self, ParseError> {
        read_string(c, Rule::String).map(Self)
    }
}

impl Encode for IString<'_> {
    fn encode(&self, w: &mut Writer) {
        w.string(&self.0, false);
    }
}

string_value!(
    /// `astring = 1*ASTRING-CHAR / string` (RFC 3501 §9) as a value: any octets but NUL.
    /// Written as an atom when it is one, else quoted when it can be, else as a literal.
    ///
    /// ```
    /// use imap_proto::encode::Encode;
    /// use imap_proto::types::AString;
    /// assert_eq!(AString::new(&b"fred"[..]).unwrap().to_wire(), b"fred");
    /// assert_eq!(AString::new(&b"two words"[..]).unwrap().to_wire(), b"\"two words\"");
    /// assert_eq!(AString::new(&b"a\r\nb"[..]).unwrap().to_wire(), b"{4}\r\na\r\nb");
    /// ```
    AString,
    Rule::AString
);

impl<'a> AString<'a> {
    pub(crate) fn read(c: &mut Cursor<'a>) -> Result<Self, ParseError> {
        match c.need()? {
            b'"' | b'{' => read_string(c, Rule::AString).map(Self),
            _ => {
                let start = c.pos;
                let run = c.take_while(is_astring_char)?;
                if run.is_empty() {
                    return Err(c.invalid_at(start, Rule::AString));
                }
                Ok(Self(Cow::Borrowed(run)))
            }
        }
    }
}

impl Encode for AString<'_> {
    fn encode(&self, w: &mut Writer) {
        w.string(&self.0, true);
    }
}

/// `nstring = string / nil` (RFC 3501 §9): a string, or `NIL` for none.
///
/// ```
/// use imap_proto::encode::Encode;
/// use imap_proto::types::NString;
/// assert_eq!(NString::parse(b"NIL)").unwrap().0, NString(None));
/// assert_eq!(NString(None).to_wire(), b"NIL");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct NString<'a>(pub Option<IString<'a>>);

impl<'a> NString<'a> {
    /// Reads an `nstring` at the start of `input`; returns it and the rest. `NIL` is matched
    /// without case (RFC 5234 §2.3).
    ///
    /// # Errors
    /// As [`IString::parse`]; `Incomplete` on a prefix of `NIL`.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        let mut c = Cursor::new(input);
        let v = Self::read(&mut c)?;
        Ok((v, c.rest()))
    }

    pub(crate) fn read(c: &mut Cursor<'a>) -> Result<Self, ParseError> {
        match c.need()? {
            b'N' | b'n' => {
                c.expect_word(b"NIL", Rule::NString)?;
                Ok(Self(None))
            }
            _ => read_string(c, Rule::NString).map(|v| Self(Some(IString(v)))),
        }
    }

    /// The same value, owning its octets.
    pub fn into_owned(self) -> NString<'static> {
        NString(self.0.map(IString::into_owned))
    }
}

impl Encode for NString<'_> {
    fn encode(&self, w: &mut Writer) {
        match &self.0 {
            Some(s) => s.encode(w),
            None => w.push_raw(b"NIL"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::{EncodeOptions, NonSyncLiterals};

    #[test]
    fn quoted() {
        assert_eq!(Quoted::parse(br#""" "#).unwrap().0.as_str(), "");
        let (q, _) = Quoted::parse(br#""a\\b" "#).unwrap();
        assert_eq!(q.as_str(), "a\\b");
        assert_eq!(q.to_wire(), br#""a\\b""#);
        assert!(matches!(
            Quoted::parse(br#""abc"#),
            Err(ParseError::Incomplete { .. })
        ));
        assert!(matches!(
            Quoted::parse(br#""abc\"#),
            Err(ParseError::Incomplete { .. })
        ));
        assert_eq!(
            Quoted::parse(b"\"a\r\nb\""),
            Err(ParseError::Invalid {
                rule: Rule::Quoted,
                offset: 2
            })
        );
        assert_eq!(
            Quoted::parse(br#""\a""#),
            Err(ParseError::Invalid {
                rule: Rule::Quoted,
                offset: 2
            })
        );
        assert_eq!(
            Quoted::parse(b"\"a\xff\""),
            Err(ParseError::Invalid {
                rule: Rule::Quoted,
                offset: 2
            })
        );
        assert_eq!(
            Quoted::parse("\"台北\"".as_bytes()).unwrap().0.as_str(),
            "台北"
        );
        assert_eq!(Quoted::new("a\nb").unwrap_err().offset, 1);
        assert!(matches!(
            Quoted::parse(br#""\"" "#).unwrap().0.0,
            Cow::Owned(_)
        ));
        assert!(matches!(
            Quoted::parse(br#""x" "#).unwrap().0.0,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn literals() {
        assert_eq!(
            Literal::parse(b"{3}\r\nab"),
            Err(ParseError::Incomplete { needed: 1 })
        );
        assert_eq!(
            Literal::parse(b"{10}\r\nab"),
            Err(ParseError::Incomplete { needed: 8 })
        );
        assert_eq!(
            Literal::parse(b"{3}\r"),
            Err(ParseError::Incomplete { needed: 1 })
        );
        assert_eq!(
            Literal::parse(b"{3}\n"),
            Err(ParseError::Invalid {
                rule: Rule::Literal,
                offset: 3
            })
        );
        assert_eq!(
            Literal::parse(b"{3}\r\na\0b"),
            Err(ParseError::Invalid {
                rule: Rule::Literal,
                offset: 6
            })
        );
        let (l, rest) = Literal::parse(b"{0}\r\n)").unwrap();
        assert_eq!(
            (l.data(), l.mode(), rest),
            (&b""[..], LiteralMode::Sync, &b")"[..])
        );
        assert!(Literal::new(&b"\0"[..], LiteralMode::Sync).is_err());
        let (b, _) = Literal8::parse(b"~{2}\r\n\0\xff").unwrap();
        assert_eq!(b.data(), b"\0\xff");
        assert_eq!(b.to_wire(), b"~{2}\r\n\0\xff");
        assert_eq!(
            Literal8::new(&b"x"[..], LiteralMode::NonSync).to_wire(),
            b"~{1+}\r\nx"
        );
        assert!(Literal8::parse(b"{2}\r\nab").is_err());
        assert_eq!(
            Literal::new(&b"ab"[..], LiteralMode::NonSync)
                .unwrap()
                .to_wire(),
            b"{2+}\r\nab"
        );
    }

    #[test]
    fn astrings() {
        assert_eq!(AString::parse(b"a]b ").unwrap().0.as_bytes(), b"a]b");
        assert_eq!(AString::parse(br#""a b" "#).unwrap().0.as_bytes(), b"a b");
        assert_eq!(AString::parse(b"{1}\r\n( ").unwrap().0.as_bytes(), b"(");
        assert!(AString::parse(b"(").is_err());
        assert!(AString::parse(b"abc").unwrap_err().is_incomplete());
        assert!(IString::parse(b"abc ").is_err());
        assert_eq!(AString::new(&b"x\0"[..]).unwrap_err().offset, 1);
        let mut w = Writer::new(EncodeOptions {
            non_sync_literals: NonSyncLiterals::Always,
            ..EncodeOptions::default()
        });
        w.value(&AString::new(&b"\n"[..]).unwrap());
        assert_eq!(w.bytes(), b"{1+}\r\n\n");
    }

    #[test]
    fn nstrings() {
        assert_eq!(NString::parse(b"nil ").unwrap().0, NString(None));
        assert!(NString::parse(b"NI").unwrap_err().is_incomplete());
        assert!(NString::parse(b"NIX").is_err());
        let s = NString(Some(IString::new(&b"NIL"[..]).unwrap()));
        assert_eq!(s.to_wire(), b"\"NIL\"");
        assert_eq!(NString::parse(&s.to_wire()).unwrap().0, s);
    }

    #[test]
    fn wipe_and_secret() {
        let password = mail_sasl::Secret::new(AString::new(b"hunter2".to_vec()).unwrap());
        assert_eq!(format!("{password:?}"), "Secret(***)");
        let mut owned = AString::new(b"x".to_vec()).unwrap();
        owned.wipe();
        assert_eq!(owned.as_bytes(), b"");
    }
}
