//! The common `for` path of a `Received` field (RFC 5321 §4.4 `For`), `<local@domain>` with
//! dot-atom local part and domain, read in one pass without the general address parser.

use std::borrow::Cow;

use super::Mailbox;
use crate::lex::{is_fws, plain_angle_span};

/// The common `for` path, `<local@domain>` with dot-atom local part and domain, read without
/// the general address parser; `None` for anything else (which the general parser then
/// reads, so both agree). Only taken when nothing but white space and a further clause
/// keyword follow, as the general parser would also stop there. Returns the mailbox and the
/// offset just after the `>`.
pub(super) fn plain_path(input: &[u8], pos: usize) -> Option<(Mailbox<'_>, usize)> {
    let (at, end) = plain_path_span(input, pos)?;
    // Both parts are ASCII (checked by `plain_path_span`).
    let str_of = |s| std::str::from_utf8(s).ok().map(Cow::Borrowed);
    Some((
        Mailbox {
            name: None,
            local_part: str_of(input.get(pos + 1..at)?)?,
            domain: str_of(input.get(at + 1..end - 1)?)?,
        },
        end,
    ))
}

/// Where [`plain_path`] finds its path: the offsets of the `@` and just after the `>`. One
/// pass over the path: ASCII `atext` and dots on each side of the `@`, no dot first, last or
/// next to another.
pub(super) fn plain_path_span(input: &[u8], pos: usize) -> Option<(usize, usize)> {
    let (at, close) = plain_angle_span(input, pos)?;
    let end = close + 1;
    let after = input.get(end..)?;
    let next = after.iter().find(|&&b| !is_fws(b));
    let glued = after.first().is_some_and(|&b| !is_fws(b));
    if next.is_some_and(|b| glued || !b.is_ascii_alphabetic()) {
        return None;
    }
    Some((at, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::address::mailbox_at;
    use crate::lex::is_atext;

    /// [`plain_path_span`] as a state machine over the path (the test oracle): the offsets of the `@` and just after the `>`. One
    /// pass over the path: ASCII `atext` and dots on each side of the `@`, no dot first, last or
    /// next to another.
    fn plain_path_span_by_states(input: &[u8], pos: usize) -> Option<(usize, usize)> {
        let rest = input.get(pos..)?.strip_prefix(b"<")?;
        let mut at = None;
        let mut after_dot = true;
        let mut close = None;
        for (i, &b) in rest.iter().enumerate() {
            match b {
                b'.' if !after_dot => after_dot = true,
                b'@' if at.is_none() && !after_dot => {
                    at = Some(i);
                    after_dot = true;
                }
                b'>' if at.is_some() && !after_dot => {
                    close = Some(i);
                    break;
                }
                _ if b.is_ascii() && is_atext(b) => after_dot = false,
                _ => return None,
            }
        }
        let (at, close) = (at?, close?);
        let end = pos + close + 2;
        let after = input.get(end..)?;
        let next = after.iter().find(|&&b| !is_fws(b));
        let glued = after.first().is_some_and(|&b| !is_fws(b));
        if next.is_some_and(|b| glued || !b.is_ascii_alphabetic()) {
            return None;
        }
        Some((pos + 1 + at, end))
    }

    proptest::proptest! {
        #[test]
        fn plain_path_span_agrees_with_the_state_machine(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "<", ">", "@", ".", "..", "a", "user", "example.org", " ", "\r\n\t", "x",
                    "(", ",", "\"", "[", "]", "\u{e9}", "-", "_", "id", "!#$%&'*+/=?^`{|}~",
                ]),
                0..10,
            ),
            pos in 0usize..3,
            path_like in "<[a.!@-]{0,4}@?[b.>@]{0,5}(>|> |>x|>\\(| id|, )?",
        ) {
            proptest::prop_assert_eq!(
                plain_path_span(path_like.as_bytes(), 0),
                plain_path_span_by_states(path_like.as_bytes(), 0)
            );
            let input = parts.concat();
            proptest::prop_assert_eq!(
                plain_path_span(input.as_bytes(), pos),
                plain_path_span_by_states(input.as_bytes(), pos)
            );
            let path = format!("<{input}");
            proptest::prop_assert_eq!(
                plain_path_span(path.as_bytes(), 0),
                plain_path_span_by_states(path.as_bytes(), 0)
            );
        }
    }

    /// The quick `for` path gives what the general address parser gives, or stands aside.
    #[test]
    fn plain_path_agrees_with_the_address_parser() {
        let cases: [&[u8]; 12] = [
            b"<user@example.org>",
            b"<user@example.org> ",
            b"<first.last+tag@mail.example.org>\r\n\tid 42",
            b"<a@b>",
            b"<a.@b>",
            b"<.a@b>",
            b"<a..b@c>",
            b"<a@b> (comment)",
            b"<a@b>, <c@d>",
            b"<a@b>x",
            b"<\"q u\"@b>",
            b"<a@[192.0.2.1]>",
        ];
        for input in cases {
            let mut defects = Vec::new();
            let general = mailbox_at(input, 0, &mut defects);
            if let Some((m, end)) = plain_path(input, 0) {
                assert!(defects.is_empty(), "{input:?}");
                assert_eq!(Some(m), general.0, "{input:?}");
                assert!(end <= general.1, "{input:?}");
                assert!(
                    input[end..general.1].iter().all(|&b| is_fws(b)),
                    "{input:?}"
                );
            }
        }
        assert!(plain_path(b"<user@example.org>", 0).is_some());
        assert!(plain_path(b"<a@b> (comment)", 0).is_none());
        assert!(plain_path(b"<a..b@c>", 0).is_none());
    }
}
