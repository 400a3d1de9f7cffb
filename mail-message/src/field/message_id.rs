//! Message identifiers: RFC 5322 §3.6.4 `msg-id` in `Message-ID`, `In-Reply-To`,
//! `References` (and `Content-ID`, RFC 2045 §7).
//!
//! ```text
//! msg-id          = [CFWS] "<" id-left "@" id-right ">" [CFWS]
//! id-left         = dot-atom-text / obs-id-left      ; obs-id-left  = local-part
//! id-right        = dot-atom-text / no-fold-literal / obs-id-right ; obs-id-right = domain
//! obs-references  = "References" *WSP ":" *(phrase / msg-id) CRLF
//! ```

use std::borrow::Cow;
use std::fmt;

use crate::defect::{Defect, DefectKind, push};
use crate::lex::{Cursor, is_fws};

/// One `msg-id`, without its angle brackets: `id-left "@" id-right`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MessageId<'a>(pub Cow<'a, str>);

impl<'a> MessageId<'a> {
    /// Parses the raw value of a `Message-ID`, `Resent-Message-ID` or `Content-ID` field: one
    /// `msg-id` (RFC 5322 §3.6.4). Defect offsets are relative to `raw`.
    ///
    /// The identifier is borrowed from `raw` unless it had to be rewritten: the obsolete forms
    /// (`obs-id-left`, `obs-id-right`) allow CFWS inside, which is not part of the identifier
    /// (RFC 5322 §4.5.4), so `<1234 @ local(blah) .machine .example>` is
    /// `1234@local.machine.example`. Quoted strings in the left part are kept with their
    /// quotes, as identifiers are compared as written.
    ///
    /// Lenient, with [`DefectKind::InvalidMessageId`]: an identifier without `@`, one without
    /// angle brackets (the first white-space-delimited word is taken), one whose `>` is
    /// missing, and anything after the `msg-id` other than CFWS (ignored). `None` (with the
    /// defect) when there is no identifier at all, e.g. an empty value or `<>`.
    pub fn parse(raw: &'a [u8], defects: &mut Vec<Defect>) -> Option<Self> {
        let mut c = Cursor::new(raw);
        skip_cfws(&mut c, defects);
        let start = c.pos();
        let id = match c.peek() {
            Some(b'<') => angle_id(&mut c, defects),
            Some(_) => bare_id(&mut c, defects),
            None => None,
        };
        if id.is_none() {
            push(defects, DefectKind::InvalidMessageId, start);
            return None;
        }
        skip_cfws(&mut c, defects);
        if !c.is_empty() {
            push(defects, DefectKind::InvalidMessageId, c.pos());
        }
        id
    }

    /// Parses the raw value of an `In-Reply-To` or `References` field: a list of `msg-id`s
    /// (RFC 5322 §3.6.4), in order. The phrases the obsolete syntax allows between them
    /// (`In-Reply-To: Your message of "Fri, 21 Nov" <1234@example.net>`, RFC 5322 §4.5.4) and
    /// commas (which some mailers put between identifiers) are skipped. When the value has no
    /// `<` at all, every word that contains an `@` is taken as an identifier and reported as
    /// [`DefectKind::InvalidMessageId`].
    ///
    /// ```
    /// use mail_message::field::message_id::MessageId;
    ///
    /// let mut defects = Vec::new();
    /// let ids = MessageId::parse_list(
    ///     b" <1234@local.machine.example> (first)\r\n <3456@example.net>",
    ///     &mut defects,
    /// );
    /// let ids: Vec<&str> = ids.iter().map(MessageId::as_str).collect();
    /// assert_eq!(ids, ["1234@local.machine.example", "3456@example.net"]);
    /// assert!(defects.is_empty());
    /// ```
    pub fn parse_list(raw: &'a [u8], defects: &mut Vec<Defect>) -> Vec<Self> {
        let bare = memchr::memchr(b'<', raw).is_none();
        let mut ids = Vec::new();
        let mut c = Cursor::new(raw);
        loop {
            skip_cfws(&mut c, defects);
            match c.peek() {
                None => break,
                Some(b'<') => {
                    let start = c.pos();
                    match angle_id(&mut c, defects) {
                        Some(id) => ids.push(id),
                        None => push(defects, DefectKind::InvalidMessageId, start),
                    }
                }
                Some(b'"') => {
                    let _ = c.quoted_string();
                }
                Some(_) => {
                    let start = c.pos();
                    let word = c.take_while(|b| !is_fws(b) && !b"(<\",".contains(&b));
                    if bare && memchr::memchr(b'@', word).is_some() {
                        push(defects, DefectKind::InvalidMessageId, start);
                        ids.push(MessageId(String::from_utf8_lossy(word)));
                    }
                    if word.is_empty() {
                        c.bump();
                    }
                }
            }
        }
        ids
    }

    /// The identifier without angle brackets.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `id-left`: the part before the last `@` (the whole identifier if it has none).
    pub fn id_left(&self) -> &str {
        self.0.rsplit_once('@').map_or(&self.0, |(left, _)| left)
    }

    /// `id-right`: the part after the last `@` (empty if it has none).
    pub fn id_right(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, right)| right)
    }

    /// The identifier with its text copied.
    pub fn into_owned(self) -> MessageId<'static> {
        MessageId(Cow::Owned(self.0.into_owned()))
    }
}

/// Writes the `msg-id` form, with angle brackets: `<1234@local.machine.example>`.
impl fmt::Display for MessageId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}>", self.0)
    }
}

/// Skips CFWS, reporting an unterminated comment (which runs to the end).
fn skip_cfws(c: &mut Cursor<'_>, defects: &mut Vec<Defect>) {
    loop {
        c.skip_fws();
        if c.peek() != Some(b'(') {
            return;
        }
        let open = c.pos();
        if c.comment().is_err() {
            push(defects, DefectKind::UnterminatedComment, open);
        }
    }
}

/// A `msg-id` at its `<`. `None` for `<>`.
fn angle_id<'a>(c: &mut Cursor<'a>, defects: &mut Vec<Defect>) -> Option<MessageId<'a>> {
    let open = c.pos();
    c.bump();
    let rest = c.rest();
    // Fast path: no CFWS, quotes or brackets before the closing `>`. The search stops at a
    // `<` too, where the slow path stops, so a list of unclosed ids stays linear.
    if let Some(close) = memchr::memchr2(b'>', b'<', rest)
        && rest.get(close) == Some(&b'>')
    {
        let id = rest.get(..close).unwrap_or_default();
        if !id.iter().any(|&b| is_fws(b) || b"()\"".contains(&b)) {
            c.set_pos(open + 1 + close + 1);
            return finish(Cow::Borrowed(id), open, defects);
        }
    }
    // Slow path: remove CFWS outside quoted strings, up to a `>` outside them.
    let mut out = Vec::with_capacity(rest.len().min(256));
    loop {
        match c.peek() {
            None | Some(b'<') => {
                push(defects, DefectKind::InvalidMessageId, open);
                break;
            }
            Some(b'>') => {
                c.bump();
                break;
            }
            Some(b'(') => {
                let at = c.pos();
                if c.comment().is_err() {
                    push(defects, DefectKind::UnterminatedComment, at);
                }
            }
            Some(b'"') => {
                let at = c.pos();
                let quoted = c.quoted_string();
                out.push(b'"');
                match quoted {
                    Ok(text) => {
                        for &b in text.iter() {
                            if b == b'"' || b == b'\\' {
                                out.push(b'\\');
                            }
                            out.push(b);
                        }
                        out.push(b'"');
                    }
                    Err(_) => push(defects, DefectKind::UnterminatedQuotedString, at),
                }
            }
            Some(b) if is_fws(b) => {
                c.bump();
            }
            Some(b) => {
                c.bump();
                out.push(b);
            }
        }
    }
    finish(Cow::Owned(out), open, defects)
}

/// An identifier written without angle brackets: the first word.
fn bare_id<'a>(c: &mut Cursor<'a>, defects: &mut Vec<Defect>) -> Option<MessageId<'a>> {
    let start = c.pos();
    let word = c.take_while(|b| !is_fws(b) && b != b'(');
    push(defects, DefectKind::InvalidMessageId, start);
    finish(Cow::Borrowed(word), start, defects)
}

/// Checks the identifier's `@` (reported if missing) and makes it text.
fn finish<'a>(
    id: Cow<'a, [u8]>,
    offset: usize,
    defects: &mut Vec<Defect>,
) -> Option<MessageId<'a>> {
    if id.is_empty() {
        return None;
    }
    if memchr::memchr(b'@', &id).is_none() {
        push(defects, DefectKind::InvalidMessageId, offset);
    }
    let text = match id {
        Cow::Borrowed(b) => String::from_utf8_lossy(b),
        Cow::Owned(v) => Cow::Owned(
            String::from_utf8(v)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
    };
    Some(MessageId(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(raw: &str) -> (Option<String>, Vec<DefectKind>) {
        let mut defects = Vec::new();
        let id = MessageId::parse(raw.as_bytes(), &mut defects).map(|m| m.0.into_owned());
        (id, defects.iter().map(|d| d.kind).collect())
    }

    #[test]
    fn borrowed_fast_path() {
        let mut defects = Vec::new();
        let id = MessageId::parse(b" <1234@local.machine.example>\r\n", &mut defects).unwrap();
        assert!(matches!(id.0, Cow::Borrowed("1234@local.machine.example")));
        assert_eq!(id.id_left(), "1234");
        assert_eq!(id.id_right(), "local.machine.example");
        assert_eq!(id.to_string(), "<1234@local.machine.example>");
        assert!(defects.is_empty());
    }

    #[test]
    fn obsolete_cfws_inside() {
        assert_eq!(
            one(" <1234   @   local(blah)  .machine .example>"),
            (Some("1234@local.machine.example".into()), vec![])
        );
        assert_eq!(
            one("<\"a b\\\"c\"@x>"),
            (Some("\"a b\\\"c\"@x".into()), vec![])
        );
    }

    #[test]
    fn lenient_forms() {
        use DefectKind::InvalidMessageId as I;
        assert_eq!(
            one("1234@example.com"),
            (Some("1234@example.com".into()), vec![I])
        );
        assert_eq!(one("<1234>"), (Some("1234".into()), vec![I]));
        assert_eq!(one("<1234@x"), (Some("1234@x".into()), vec![I]));
        assert_eq!(one("<a@b> junk"), (Some("a@b".into()), vec![I]));
        assert_eq!(one("<>"), (None, vec![I]));
        assert_eq!(one("  "), (None, vec![I]));
    }
}
