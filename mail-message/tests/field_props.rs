//! Properties of the structured-field parsers: no panic and in-range defect offsets on any
//! bytes; generated address lists written by a test-only writer (quoting, comments, folds,
//! obsolete spacing) parse back to the same values; `DateTime` and `MessageId` survive their
//! `Display` form.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use proptest::prelude::*;

use mail_message::Defect;
use mail_message::field::address::{Address, AddressList, Group, Mailbox};
use mail_message::field::date::DateTime;
use mail_message::field::message_id::MessageId;
use mail_message::field::received::Received;

// --- No panic, offsets in range ---

/// Bytes biased towards the characters that steer the parsers.
fn tricky_bytes() -> impl Strategy<Value = Vec<u8>> {
    let alphabet: &[u8] = b"<>@,;:()\"\\[]. \r\n\tab=?-+0123Zjo\xC3\xA9\xFF";
    prop::collection::vec(prop::sample::select(alphabet), 0..120)
}

fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..200), tricky_bytes()]
}

fn offsets_in_range(defects: &[Defect], len: usize) {
    for d in defects {
        assert!(d.offset <= len, "{d} beyond {len}");
    }
}

proptest! {
    #[test]
    fn parsers_never_panic(raw in any_bytes()) {
        let mut defects = Vec::new();
        let _ = AddressList::parse(&raw, &mut defects);
        offsets_in_range(&defects, raw.len());
        defects.clear();
        let _ = Mailbox::parse(&raw, &mut defects);
        offsets_in_range(&defects, raw.len());
        defects.clear();
        let _ = DateTime::parse(&raw, &mut defects);
        offsets_in_range(&defects, raw.len());
        defects.clear();
        let _ = MessageId::parse(&raw, &mut defects);
        offsets_in_range(&defects, raw.len());
        defects.clear();
        let _ = MessageId::parse_list(&raw, &mut defects);
        offsets_in_range(&defects, raw.len());
        defects.clear();
        let _ = Received::parse(&raw, &mut defects);
        offsets_in_range(&defects, raw.len());
    }
}

// --- Address lists: write, parse, compare ---

/// How the writer spells a list.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Write names that are plain atoms without quotes.
    bare_names: bool,
    /// Put comments in the CFWS around addresses.
    comments: bool,
    /// Fold between list entries.
    fold: bool,
    /// Obsolete spacing around `@` and the dots of dot-atoms (RFC 5322 §4.4).
    obs_spacing: bool,
}

fn atom() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9!#$%&'*+/=^_`{|}~é-]{1,6}"
}

fn dot_atom() -> impl Strategy<Value = String> {
    prop::collection::vec(atom(), 1..4).prop_map(|a| a.join("."))
}

/// Display names: any printable text (specials, quotes, backslashes, UTF-8), not starting
/// an encoded word (no `?`).
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 .,;:<>@()\\[\\]\"\\\\'é-]{1,12}",
        prop::collection::vec("[a-zA-Z]{1,5}", 1..4).prop_map(|w| w.join(" ")),
    ]
}

fn local_part() -> impl Strategy<Value = String> {
    prop_oneof![dot_atom(), "[a-zA-Z0-9 .,;:<>@()\"\\\\é-]{1,10}"]
}

fn domain() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => dot_atom(),
        1 => "[a-zA-Z0-9.:!-]{1,12}".prop_map(|d| format!("[{d}]")),
    ]
}

fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    (prop::option::of(name()), local_part(), domain()).prop_map(|(n, l, d)| Mailbox {
        name: n.map(Cow::Owned),
        local_part: Cow::Owned(l),
        domain: Cow::Owned(d),
    })
}

fn address() -> impl Strategy<Value = Address<'static>> {
    prop_oneof![
        3 => mailbox().prop_map(Address::Mailbox),
        1 => (name(), prop::collection::vec(mailbox(), 0..3)).prop_map(|(n, members)| {
            Address::Group(Group { name: Cow::Owned(n), members })
        }),
    ]
}

fn style() -> impl Strategy<Value = Style> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c, d)| Style {
        bare_names: a,
        comments: b,
        fold: c,
        obs_spacing: d,
    })
}

fn is_atom_phrase(s: &str) -> bool {
    s.split(' ').all(|w| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=^_`{|}~-".contains(c))
    })
}

fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn write_phrase(name: &str, style: Style) -> String {
    if style.bare_names && is_atom_phrase(name) {
        name.to_owned()
    } else {
        quoted(name)
    }
}

fn write_dot_atom(s: &str, style: Style) -> String {
    if style.obs_spacing {
        s.replace('.', " . ")
    } else {
        s.to_owned()
    }
}

fn is_dot_atom(s: &str) -> bool {
    s.split('.').all(|a| {
        !a.is_empty()
            && a.chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c))
    })
}

fn write_mailbox(m: &Mailbox<'_>, style: Style, out: &mut String) {
    let comment = if style.comments {
        " (a \\) comment)"
    } else {
        ""
    };
    let local = if is_dot_atom(&m.local_part) {
        write_dot_atom(&m.local_part, style)
    } else {
        quoted(&m.local_part)
    };
    let domain = if m.domain.starts_with('[') {
        m.domain.to_string()
    } else {
        write_dot_atom(&m.domain, style)
    };
    let at = if style.obs_spacing { " @ " } else { "@" };
    match &m.name {
        Some(n) => {
            out.push_str(&write_phrase(n, style));
            out.push_str(comment);
            out.push_str(&format!(" <{local}{at}{domain}>{comment}"));
        }
        // A comment after a bare addr-spec would become its name: use angle brackets.
        None if style.comments => out.push_str(&format!("<{local}{at}{domain}>{comment}")),
        None => out.push_str(&format!("{local}{at}{domain}")),
    }
}

fn write_list(list: &[Address<'_>], style: Style) -> String {
    let separator = if style.fold { ",\r\n\t" } else { ", " };
    let mut out = String::from(" ");
    for (i, a) in list.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        match a {
            Address::Mailbox(m) => write_mailbox(m, style, &mut out),
            Address::Group(g) => {
                out.push_str(&write_phrase(&g.name, style));
                out.push(':');
                for (j, m) in g.members.iter().enumerate() {
                    if j > 0 {
                        out.push_str(separator);
                    }
                    write_mailbox(m, style, &mut out);
                }
                out.push(';');
            }
        }
    }
    out
}

proptest! {
    #[test]
    fn address_lists_round_trip(
        list in prop::collection::vec(address(), 0..5),
        style in style(),
    ) {
        let text = write_list(&list, style);
        let mut defects = Vec::new();
        let parsed = AddressList::parse(text.as_bytes(), &mut defects);
        prop_assert_eq!(defects, vec![], "{}", text);
        prop_assert_eq!(parsed.addresses, list, "{}", text);
    }

    #[test]
    fn addr_spec_reparses(m in mailbox()) {
        let text = m.address();
        let mut defects = Vec::new();
        let parsed = Mailbox::parse(text.as_bytes(), &mut defects).unwrap();
        prop_assert_eq!(defects, vec![], "{}", text);
        prop_assert_eq!(&parsed.local_part, &m.local_part);
        prop_assert_eq!(&parsed.domain, &m.domain);
    }
}

// --- Dates and message identifiers ---

fn date_time() -> impl Strategy<Value = DateTime> {
    (
        0u16..=9999,
        1u8..=12,
        1u8..=31,
        0u8..24,
        0u8..60,
        0u8..=60,
        prop::option::of(-(99 * 60 + 59)..=(99 * 60 + 59i16)),
    )
        .prop_filter_map("no such day", |(y, mo, d, h, mi, s, off)| {
            DateTime::new(y, mo, d, h, mi, s, off)
        })
}

proptest! {
    #[test]
    fn date_time_display_parses_back(d in date_time()) {
        let text = d.to_string();
        let mut defects = Vec::new();
        prop_assert_eq!(DateTime::parse(text.as_bytes(), &mut defects), Some(d), "{}", text);
        // The same with folds and comments, which the general (not the fast) path reads.
        let folded = text.replace(' ', "\r\n (c) ");
        prop_assert_eq!(DateTime::parse(folded.as_bytes(), &mut defects), Some(d), "{}", folded);
        prop_assert_eq!(defects, vec![]);
    }

    #[test]
    fn message_id_display_parses_back(left in dot_atom(), right in dot_atom()) {
        let id = MessageId(Cow::Owned(format!("{left}@{right}")));
        let text = id.to_string();
        let mut defects = Vec::new();
        prop_assert_eq!(MessageId::parse(text.as_bytes(), &mut defects), Some(id.clone()));
        let twice = format!("{text} (c)\r\n {text}");
        prop_assert_eq!(MessageId::parse_list(twice.as_bytes(), &mut defects), vec![id.clone(), id]);
        prop_assert_eq!(defects, vec![]);
    }
}
