//! Extended response codes (RFC 2449 §8, RFC 3206, RFC 6856).

use std::borrow::Cow;

use crate::command::EncodeError;

/// An extended response code: the bracketed word after `+OK` or `-ERR` (RFC 2449 §8:
/// `resp-code = "[" resp-level *("/" resp-level) "]"`, `resp-level = 1*rchar`). Known codes
/// are typed; any other well-formed code is kept in [`Other`](Self::Other).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseCode<'a> {
    /// `[IN-USE]` (RFC 2449 §8.1.1): the maildrop is locked by another session.
    InUse,
    /// `[LOGIN-DELAY]` (RFC 2449 §8.1.2): logging in again this soon is refused.
    LoginDelay,
    /// `[SYS/TEMP]` (RFC 3206 §4): a temporary system problem; try again later.
    SysTemp,
    /// `[SYS/PERM]` (RFC 3206 §4): a permanent system problem.
    SysPerm,
    /// `[AUTH]` (RFC 3206 §5): the credentials are wrong (not a system problem).
    Auth,
    /// `[UTF8]` (RFC 6856 §2): the mailbox needs `UTF8` before login.
    Utf8,
    /// Any other code, as sent (hierarchy levels joined with `/`), e.g. `X-FOO/BAR`.
    Other(Cow<'a, str>),
}

/// Whether `b` is an `rchar` (RFC 2449 §8: `%x21-2E / %x30-5C / %x5E-7F`).
pub(crate) fn is_rchar(b: u8) -> bool {
    matches!(b, 0x21..=0x2E | 0x30..=0x5C | 0x5E..=0x7E)
}

/// The offset of the first byte of `code` (without its brackets) that breaks `resp-code`.
pub(crate) fn code_error(code: &[u8]) -> Option<usize> {
    let mut offset = 0;
    for level in code.split(|&b| b == b'/') {
        if let Some(i) = level.iter().position(|&b| !is_rchar(b)) {
            return Some(offset + i);
        }
        if level.is_empty() {
            return Some(offset);
        }
        offset += level.len() + 1;
    }
    None
}

impl<'a> ResponseCode<'a> {
    /// The code for its text (without brackets): a typed code when it is known (compared
    /// ignoring case), else [`Other`](Self::Other).
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] where the text breaks `resp-code`.
    pub fn new(code: impl Into<Cow<'a, str>>) -> Result<Self, EncodeError> {
        let code = code.into();
        if let Some(offset) = code_error(code.as_bytes()) {
            return Err(EncodeError::Invalid { offset });
        }
        Ok(Self::from_checked(code))
    }

    /// From text already checked against `resp-code`.
    pub(crate) fn from_checked(code: Cow<'a, str>) -> Self {
        const KNOWN: [(&str, ResponseCode<'static>); 6] = [
            ("IN-USE", ResponseCode::InUse),
            ("LOGIN-DELAY", ResponseCode::LoginDelay),
            ("SYS/TEMP", ResponseCode::SysTemp),
            ("SYS/PERM", ResponseCode::SysPerm),
            ("AUTH", ResponseCode::Auth),
            ("UTF8", ResponseCode::Utf8),
        ];
        KNOWN
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&code))
            .map_or(ResponseCode::Other(code), |(_, known)| known)
    }

    /// The code as written between the brackets.
    pub fn as_str(&self) -> &str {
        match self {
            ResponseCode::InUse => "IN-USE",
            ResponseCode::LoginDelay => "LOGIN-DELAY",
            ResponseCode::SysTemp => "SYS/TEMP",
            ResponseCode::SysPerm => "SYS/PERM",
            ResponseCode::Auth => "AUTH",
            ResponseCode::Utf8 => "UTF8",
            ResponseCode::Other(code) => code,
        }
    }

    /// The same code, owning its text.
    pub fn into_owned(self) -> ResponseCode<'static> {
        match self {
            ResponseCode::InUse => ResponseCode::InUse,
            ResponseCode::LoginDelay => ResponseCode::LoginDelay,
            ResponseCode::SysTemp => ResponseCode::SysTemp,
            ResponseCode::SysPerm => ResponseCode::SysPerm,
            ResponseCode::Auth => ResponseCode::Auth,
            ResponseCode::Utf8 => ResponseCode::Utf8,
            ResponseCode::Other(code) => ResponseCode::Other(Cow::Owned(code.into_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_other_codes() {
        assert_eq!(ResponseCode::new("IN-USE"), Ok(ResponseCode::InUse));
        assert_eq!(ResponseCode::new("sys/temp"), Ok(ResponseCode::SysTemp));
        assert_eq!(
            ResponseCode::new("X-FOO/BAR"),
            Ok(ResponseCode::Other("X-FOO/BAR".into()))
        );
        assert_eq!(
            ResponseCode::new("A]"),
            Err(EncodeError::Invalid { offset: 1 })
        );
        assert_eq!(
            ResponseCode::new("A//B"),
            Err(EncodeError::Invalid { offset: 2 })
        );
        assert_eq!(
            ResponseCode::new(""),
            Err(EncodeError::Invalid { offset: 0 })
        );
        assert_eq!(
            ResponseCode::new("A B"),
            Err(EncodeError::Invalid { offset: 1 })
        );
    }
}
