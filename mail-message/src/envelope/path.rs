//! Paths: RFC 5321 §4.1.2 `Reverse-path = Path / "<>"`, `Forward-path = Path`,
//! `Path = "<" [ A-d-l ":" ] Mailbox ">"`, and the `<Postmaster>` of §4.1.1.3.

use std::fmt;

use super::domain::Domain;
use super::error::{EnvelopeError, syntax};
use super::mailbox::Mailbox;
use super::options::{EnvelopeOptions, MAX_PATH_LEN};
use super::plain::{plain_mailbox, plain_mailbox_str};
use crate::lex::Cursor;

/// The argument of `MAIL FROM:` (RFC 5321 §4.1.2 `Reverse-path`): a mailbox, or the null path
/// `<>` of notifications (RFC 5321 §4.5.5, §6.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReversePath<'a> {
    /// The null reverse-path `<>`.
    Null,
    /// `<mailbox>`.
    Mailbox(Mailbox<'a>),
}

/// The argument of `RCPT TO:` (RFC 5321 §4.1.1.3): a mailbox, or the bare `<Postmaster>` that
/// every server must accept without a domain. `<Postmaster@example.com>` is an ordinary
/// mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ForwardPath<'a> {
    /// `<Postmaster>` (matched case-insensitively, written `<Postmaster>`).
    Postmaster,
    /// `<mailbox>`.
    Mailbox(Mailbox<'a>),
}

/// What a path held.
enum PathValue<'a> {
    Null,
    Postmaster,
    Mailbox(Mailbox<'a>),
}

/// Which special forms a path may take besides `<mailbox>`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PathKind {
    Reverse,
    Forward,
}

/// Skips an `A-d-l ":"` source route (RFC 5321 §4.1.2, Appendix C: "MUST BE accepted ...
/// SHOULD be ignored"), the cursor at its first `@`.
fn skip_source_route(cur: &mut Cursor<'_>, opts: EnvelopeOptions) -> Result<(), EnvelopeError> {
    loop {
        if !cur.eat(b'@') {
            return Err(syntax(cur.pos(), "At-domain"));
        }
        Domain::parse_at(cur, opts)?;
        if !cur.eat(b',') {
            break;
        }
    }
    if !cur.eat(b':') {
        return Err(syntax(cur.pos(), "\",\" or \":\""));
    }
    Ok(())
}

/// `true` when `rest` starts with `postmaster` (any case) followed by `end`.
fn is_postmaster_then(rest: &[u8], end: impl Fn(Option<&u8>) -> bool) -> bool {
    rest.get(..10)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"postmaster"))
        && end(rest.get(10))
}

/// Parses a path at the start of `input`; returns the value and where it ended.
fn parse_path(
    input: &[u8],
    opts: EnvelopeOptions,
    kind: PathKind,
) -> Result<(PathValue<'_>, usize), EnvelopeError> {
    let mut cur = Cursor::new(input);
    if opts.lax_spaces {
        cur.take_while(|b| b == b' ');
    }
    let start = cur.pos();
    // RFC 5321 §4.5.3.1.3 limits the path as sent (source route included) and the path as
    // written back (longer than sent only when a lax Dot-string had to be quoted).
    let check_len = |sent: usize, mailbox: &Mailbox<'_>| {
        let len = sent.max(mailbox.encoded_len() + 2);
        if len > MAX_PATH_LEN {
            Err(EnvelopeError::PathTooLong { offset: start, len })
        } else {
            Ok(())
        }
    };
    if !cur.eat(b'<') {
        if !opts.lax_brackets {
            return Err(syntax(start, "\"<\""));
        }
        // RFC 821 style bare path: ends at a space or the end of the input.
        let ends = |b: Option<&u8>| b.is_none_or(|&b| b == b' ');
        if kind == PathKind::Forward && is_postmaster_then(cur.rest(), ends) {
            return Ok((PathValue::Postmaster, start + 10));
        }
        let mailbox = Mailbox::parse_unchecked_at(&mut cur, opts)?;
        if !ends(cur.rest().first()) {
            return Err(syntax(cur.pos(), "SP or end of path"));
        }
        check_len(cur.pos() - start + 2, &mailbox)?;
        return Ok((PathValue::Mailbox(mailbox), cur.pos()));
    }
    if kind == PathKind::Reverse && cur.eat(b'>') {
        return Ok((PathValue::Null, cur.pos()));
    }
    if kind == PathKind::Forward && is_postmaster_then(cur.rest(), |b| b == Some(&b'>')) {
        return Ok((PathValue::Postmaster, start + 12));
    }
    // The common `<local@domain>`, read in one pass; anything else by the general parser.
    if let Some((mailbox, len)) = plain_mailbox(cur.rest()) {
        return Ok((PathValue::Mailbox(mailbox), cur.pos() + len));
    }
    if cur.peek() == Some(b'@') {
        skip_source_route(&mut cur, opts)?;
    }
    let mailbox = Mailbox::parse_unchecked_at(&mut cur, opts)?;
    if !cur.eat(b'>') {
        return Err(syntax(cur.pos(), "\">\""));
    }
    check_len(cur.pos() - start, &mailbox)?;
    Ok((PathValue::Mailbox(mailbox), cur.pos()))
}

/// [`parse_path`] for input already checked to be UTF-8: the plain `<local@domain>` is read
/// without converting anything again; every other form goes to [`parse_path`].
fn parse_path_str(
    input: &str,
    opts: EnvelopeOptions,
    kind: PathKind,
) -> Result<(PathValue<'_>, usize), EnvelopeError> {
    if let Some(rest) = input.strip_prefix('<')
        && let Some((mailbox, len)) = plain_mailbox_str(rest)
    {
        return Ok((PathValue::Mailbox(mailbox), 1 + len));
    }
    parse_path(input.as_bytes(), opts, kind)
}

/// The rest of `input` after a path ending at `end`, or an error if the path must be all of it.
fn whole(input: &[u8], end: usize, opts: EnvelopeOptions) -> Result<(), EnvelopeError> {
    let rest = input.get(end..).unwrap_or_default();
    let trailing_ok = opts.lax_spaces && rest.iter().all(|&b| b == b' ');
    if rest.is_empty() || trailing_ok {
        Ok(())
    } else {
        Err(syntax(end, "end of path"))
    }
}

impl<'a> ReversePath<'a> {
    /// Parses a reverse-path at the start of `input` (what follows `MAIL FROM:`) and returns
    /// it with the rest of the input (normally empty or `SP Mail-parameters`). A source route
    /// is accepted and dropped.
    ///
    /// # Errors
    /// [`EnvelopeError::InvalidSyntax`] for a malformed path, the errors of
    /// [`Mailbox::parse`], and [`EnvelopeError::PathTooLong`] over 256 octets (source route
    /// and brackets included, RFC 5321 §4.5.3.1.3).
    pub fn parse_prefix(
        input: &'a [u8],
        opts: EnvelopeOptions,
    ) -> Result<(Self, &'a [u8]), EnvelopeError> {
        let (value, end) = parse_path(input, opts, PathKind::Reverse)?;
        let path = match value {
            PathValue::Mailbox(m) => ReversePath::Mailbox(m),
            PathValue::Null | PathValue::Postmaster => ReversePath::Null,
        };
        Ok((path, input.get(end..).unwrap_or_default()))
    }

    /// [`parse_prefix`](Self::parse_prefix) for input the caller already has as `&str`
    /// (say, a command line checked as UTF-8 once): the same path and rest, with less work
    /// for the common plain `<local@domain>`.
    ///
    /// # Errors
    /// As [`parse_prefix`](Self::parse_prefix).
    pub fn parse_prefix_str(
        input: &'a str,
        opts: EnvelopeOptions,
    ) -> Result<(Self, &'a str), EnvelopeError> {
        let (value, end) = parse_path_str(input, opts, PathKind::Reverse)?;
        let path = match value {
            PathValue::Mailbox(m) => ReversePath::Mailbox(m),
            PathValue::Null | PathValue::Postmaster => ReversePath::Null,
        };
        Ok((path, input.get(end..).unwrap_or_default()))
    }

    /// Parses a whole reverse-path.
    ///
    /// # Errors
    /// As [`parse_prefix`](Self::parse_prefix), and [`EnvelopeError::InvalidSyntax`] when
    /// anything follows the path.
    pub fn parse(input: &'a [u8], opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let (path, rest) = Self::parse_prefix(input, opts)?;
        whole(input, input.len() - rest.len(), opts)?;
        Ok(path)
    }

    /// The mailbox, unless this is the null path.
    pub fn mailbox(&self) -> Option<&Mailbox<'a>> {
        match self {
            ReversePath::Null => None,
            ReversePath::Mailbox(m) => Some(m),
        }
    }

    /// `true` for the null path `<>`.
    pub fn is_null(&self) -> bool {
        matches!(self, ReversePath::Null)
    }

    /// `true` when the path is all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.mailbox().is_none_or(Mailbox::is_ascii)
    }

    /// The same path, owning its text.
    pub fn into_owned(self) -> ReversePath<'static> {
        match self {
            ReversePath::Null => ReversePath::Null,
            ReversePath::Mailbox(m) => ReversePath::Mailbox(m.into_owned()),
        }
    }
}

/// Writes `<>` or `<mailbox>`.
impl fmt::Display for ReversePath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReversePath::Null => f.write_str("<>"),
            ReversePath::Mailbox(m) => write!(f, "<{m}>"),
        }
    }
}

impl<'a> From<Mailbox<'a>> for ReversePath<'a> {
    fn from(m: Mailbox<'a>) -> Self {
        ReversePath::Mailbox(m)
    }
}

impl<'a> ForwardPath<'a> {
    /// Parses a forward-path at the start of `input` (what follows `RCPT TO:`) and returns it
    /// with the rest of the input (normally empty or `SP Rcpt-parameters`). `<Postmaster>` is
    /// recognised in any case; a source route is accepted and dropped.
    ///
    /// # Errors
    /// As [`ReversePath::parse_prefix`]; `<>` is a syntax error here.
    pub fn parse_prefix(
        input: &'a [u8],
        opts: EnvelopeOptions,
    ) -> Result<(Self, &'a [u8]), EnvelopeError> {
        let (value, end) = parse_path(input, opts, PathKind::Forward)?;
        let path = match value {
            PathValue::Mailbox(m) => ForwardPath::Mailbox(m),
            PathValue::Null | PathValue::Postmaster => ForwardPath::Postmaster,
        };
        Ok((path, input.get(end..).unwrap_or_default()))
    }

    /// [`parse_prefix`](Self::parse_prefix) for input the caller already has as `&str`
    /// (say, a command line checked as UTF-8 once): the same path and rest, with less work
    /// for the common plain `<local@domain>`.
    ///
    /// # Errors
    /// As [`parse_prefix`](Self::parse_prefix).
    pub fn parse_prefix_str(
        input: &'a str,
        opts: EnvelopeOptions,
    ) -> Result<(Self, &'a str), EnvelopeError> {
        let (value, end) = parse_path_str(input, opts, PathKind::Forward)?;
        let path = match value {
            PathValue::Mailbox(m) => ForwardPath::Mailbox(m),
            PathValue::Null | PathValue::Postmaster => ForwardPath::Postmaster,
        };
        Ok((path, input.get(end..).unwrap_or_default()))
    }

    /// Parses a whole forward-path.
    ///
    /// # Errors
    /// As [`parse_prefix`](Self::parse_prefix), and [`EnvelopeError::InvalidSyntax`] when
    /// anything follows the path.
    pub fn parse(input: &'a [u8], opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let (path, rest) = Self::parse_prefix(input, opts)?;
        whole(input, input.len() - rest.len(), opts)?;
        Ok(path)
    }

    /// The mailbox, unless this is the bare `<Postmaster>`.
    pub fn mailbox(&self) -> Option<&Mailbox<'a>> {
        match self {
            ForwardPath::Postmaster => None,
            ForwardPath::Mailbox(m) => Some(m),
        }
    }

    /// `true` for `<Postmaster>` without a domain. (`<postmaster@example.com>` is a mailbox;
    /// see [`LocalPart::is_postmaster`](super::LocalPart::is_postmaster).)
    pub fn is_postmaster(&self) -> bool {
        matches!(self, ForwardPath::Postmaster)
    }

    /// `true` when the path is all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.mailbox().is_none_or(Mailbox::is_ascii)
    }

    /// The same path, owning its text.
    pub fn into_owned(self) -> ForwardPath<'static> {
        match self {
            ForwardPath::Postmaster => ForwardPath::Postmaster,
            ForwardPath::Mailbox(m) => ForwardPath::Mailbox(m.into_owned()),
        }
    }
}

/// Writes `<Postmaster>` or `<mailbox>`.
impl fmt::Display for ForwardPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForwardPath::Postmaster => f.write_str("<Postmaster>"),
            ForwardPath::Mailbox(m) => write!(f, "<{m}>"),
        }
    }
}

impl<'a> From<Mailbox<'a>> for ForwardPath<'a> {
    fn from(m: Mailbox<'a>) -> Self {
        ForwardPath::Mailbox(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASCII: EnvelopeOptions = EnvelopeOptions::new();

    fn mailbox(s: &str) -> Mailbox<'_> {
        Mailbox::parse(s.as_bytes(), ASCII).unwrap()
    }

    #[test]
    fn reverse_paths() {
        assert_eq!(ReversePath::parse(b"<>", ASCII), Ok(ReversePath::Null));
        assert_eq!(ReversePath::Null.to_string(), "<>");
        let p = ReversePath::parse(b"<Smith@bar.com>", ASCII).unwrap();
        assert_eq!(p, ReversePath::Mailbox(mailbox("Smith@bar.com")));
        assert_eq!(p.to_string(), "<Smith@bar.com>");
        assert_eq!(
            ReversePath::parse(b"<@a,@b:user@d>", ASCII),
            Ok(ReversePath::Mailbox(mailbox("user@d")))
        );
        assert_eq!(
            ReversePath::parse_prefix(b"<> SIZE=0", ASCII),
            Ok((ReversePath::Null, &b" SIZE=0"[..]))
        );
        assert_eq!(
            ReversePath::parse(b"<Postmaster>", ASCII),
            Err(syntax(11, "\"@\""))
        );
    }

    #[test]
    fn forward_paths() {
        for s in ["<Postmaster>", "<postmaster>", "<POSTMASTER>"] {
            assert_eq!(
                ForwardPath::parse(s.as_bytes(), ASCII),
                Ok(ForwardPath::Postmaster)
            );
        }
        assert_eq!(ForwardPath::Postmaster.to_string(), "<Postmaster>");
        let p = ForwardPath::parse(b"<Postmaster@example.com>", ASCII).unwrap();
        assert_eq!(p, ForwardPath::Mailbox(mailbox("Postmaster@example.com")));
        assert!(p.mailbox().unwrap().local_part().is_postmaster());
        assert_eq!(
            ForwardPath::parse(b"<>", ASCII),
            Err(syntax(1, "Local-part"))
        );
        assert_eq!(
            ForwardPath::parse(b"<Postmasters>", ASCII),
            Err(syntax(12, "\"@\""))
        );
        assert_eq!(
            ForwardPath::parse(b"<@hosta.int,@jkl.org:userc@d.bar.org>", ASCII),
            Ok(ForwardPath::Mailbox(mailbox("userc@d.bar.org")))
        );
    }

    #[test]
    fn syntax_errors() {
        let e = |s: &str| ForwardPath::parse(s.as_bytes(), ASCII).unwrap_err();
        assert_eq!(e("a@b"), syntax(0, "\"<\""));
        assert_eq!(e("<a@b"), syntax(4, "\">\""));
        assert_eq!(e("<a@b> "), syntax(5, "end of path"));
        assert_eq!(e(" <a@b>"), syntax(0, "\"<\""));
        assert_eq!(e("<@a:>"), syntax(4, "Local-part"));
        assert_eq!(e("<@a,b:c@d>"), syntax(4, "At-domain"));
        assert_eq!(e("<@a;c@d>"), syntax(3, "\",\" or \":\""));
        assert_eq!(e("<@:c@d>"), syntax(2, "sub-domain"));
        assert_eq!(e("<a@b.>"), syntax(5, "sub-domain"));
    }

    #[test]
    fn lax_forms() {
        let lax = EnvelopeOptions::lenient();
        assert_eq!(
            ReversePath::parse_prefix(b"  user@example.com SIZE=1", lax),
            Ok((
                ReversePath::Mailbox(mailbox("user@example.com")),
                &b" SIZE=1"[..]
            ))
        );
        assert_eq!(
            ForwardPath::parse(b"postmaster", lax),
            Ok(ForwardPath::Postmaster)
        );
        assert_eq!(
            ForwardPath::parse(b"<a@b>  ", lax).unwrap().to_string(),
            "<a@b>"
        );
        assert_eq!(
            ForwardPath::parse(b"a@b>", lax),
            Err(syntax(3, "SP or end of path"))
        );
    }

    #[test]
    fn path_limit() {
        // "<" + 64 + "@" + 189 + ">" = 256.
        let domain = format!(
            "{}.{}.{}.{}",
            "d".repeat(63),
            "d".repeat(63),
            "d".repeat(50),
            "d".repeat(10)
        );
        assert_eq!(domain.len(), 189);
        let path = format!("<{}@{domain}>", "l".repeat(64));
        assert_eq!(path.len(), 256);
        assert_eq!(
            ReversePath::parse(path.as_bytes(), ASCII)
                .unwrap()
                .to_string(),
            path
        );
        let path = format!("<{}@{domain}x>", "l".repeat(64));
        assert_eq!(
            ReversePath::parse(path.as_bytes(), ASCII),
            Err(EnvelopeError::PathTooLong {
                offset: 0,
                len: 257
            })
        );
        // The source route counts, though it is dropped.
        let path = format!("<@x:{}@{domain}>", "l".repeat(62));
        assert_eq!(path.len(), 257);
        assert_eq!(
            ForwardPath::parse(path.as_bytes(), ASCII),
            Err(EnvelopeError::PathTooLong {
                offset: 0,
                len: 257
            })
        );
    }
}
