//! Writing addresses (RFC 5322 §3.4): mailboxes, groups and lists of them, with display names
//! as phrases (RFC 2047 §5(3) encoded words where needed) and local parts quoted when they are
//! not dot-atoms. Non-ASCII local parts and domains are written as UTF-8 (RFC 6532 §3.2) only
//! when the application says the transport allows it (SMTPUTF8, RFC 6531).

use std::borrow::Cow;

use crate::field::address::{Address, Group, Mailbox};
use crate::field::message_id::MessageId;

use super::encoded_word::{is_atext, write_phrase};
use super::error::{AddressProblem, BuildError, Component};
use super::fold::{FieldWriter, check_injection};

/// A mailbox without display name from an `addr-spec` such as `"user@example.com"`, split at
/// its last `@`. Nothing is checked here: [`MessageBuilder::build`](super::MessageBuilder::build)
/// validates every address it writes.
pub fn mailbox(addr_spec: &str) -> Mailbox<'_> {
    let (local_part, domain) = addr_spec.rsplit_once('@').unwrap_or((addr_spec, ""));
    Mailbox {
        name: None,
        local_part: Cow::Borrowed(local_part),
        domain: Cow::Borrowed(domain),
    }
}

/// A mailbox with a display name, e.g. `named_mailbox("Ann Smith", "ann@example.com")`. The
/// name is written as RFC 5322 and RFC 2047 require (quoted or encoded as needed).
pub fn named_mailbox<'a>(display_name: &'a str, addr_spec: &'a str) -> Mailbox<'a> {
    Mailbox {
        name: Some(Cow::Borrowed(display_name)),
        ..mailbox(addr_spec)
    }
}

impl<'a> From<Mailbox<'a>> for Address<'a> {
    fn from(mailbox: Mailbox<'a>) -> Self {
        Address::Mailbox(mailbox)
    }
}

impl<'a> From<Group<'a>> for Address<'a> {
    fn from(group: Group<'a>) -> Self {
        Address::Group(group)
    }
}

/// `true` for a dot-atom (RFC 5322 §3.2.3), with UTF-8 allowed in atoms when `utf8` is set
/// (RFC 6532 §3.2).
fn is_dot_atom(s: &str, utf8: bool) -> bool {
    !s.is_empty()
        && s.split('.').all(|atom| {
            !atom.is_empty() && atom.bytes().all(|b| is_atext(b) || (utf8 && b >= 0x80))
        })
}

/// The `addr-spec` of `mailbox` as it goes on the wire (RFC 5322 §3.4.1).
///
/// # Errors
/// [`BuildError::InvalidCharacter`] for CR, LF or NUL, [`BuildError::InvalidAddress`]
/// otherwise.
pub(crate) fn addr_spec(
    field: &str,
    mailbox: &Mailbox<'_>,
    smtputf8: bool,
) -> Result<String, BuildError> {
    let local = mailbox.local_part.as_ref();
    let domain = mailbox.domain.as_ref();
    check_injection(field, Component::LocalPart, local)?;
    check_injection(field, Component::Domain, domain)?;
    let invalid = |problem| BuildError::InvalidAddress {
        field: field.to_owned(),
        address: format!("{local}@{domain}"),
        problem,
    };
    if !(smtputf8 || local.is_ascii() && domain.is_ascii()) {
        return Err(invalid(AddressProblem::NonAscii));
    }
    let mut out = String::with_capacity(local.len() + domain.len() + 3);
    if is_dot_atom(local, smtputf8) {
        out.push_str(local);
    } else {
        // RFC 5322 §3.2.4 quoted string: qtext, quoted pairs of VCHAR and WSP (and UTF-8,
        // RFC 6532 §3.2). Control characters have no representation.
        if local.chars().any(|c| c.is_ascii_control() && c != '\t') {
            return Err(invalid(AddressProblem::InvalidLocalPart));
        }
        out.push('"');
        for c in local.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out.push('@');
    if domain.is_empty() {
        return Err(invalid(AddressProblem::MissingDomain));
    }
    let literal = domain
        .strip_prefix('[')
        .and_then(|d| d.strip_suffix(']'))
        .is_some_and(|inner| {
            // RFC 5322 §3.4.1 dtext: printable US-ASCII except "[", "]" and "\".
            inner
                .bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b'[' | b']' | b'\\'))
        });
    if !(literal || is_dot_atom(domain, smtputf8)) {
        return Err(invalid(AddressProblem::InvalidDomain));
    }
    out.push_str(domain);
    Ok(out)
}

/// Writes one mailbox, preceded by `sep` and followed by `suffix` (a comma between list
/// members, or `;` closing a group).
fn write_mailbox(
    w: &mut FieldWriter<'_>,
    field: &str,
    sep: &str,
    mailbox: &Mailbox<'_>,
    suffix: &str,
    smtputf8: bool,
) -> Result<(), BuildError> {
    let spec = addr_spec(field, mailbox, smtputf8)?;
    match mailbox.name.as_deref() {
        Some(name) if !name.trim_matches([' ', '\t']).is_empty() => {
            check_injection(field, Component::DisplayName, name)?;
            write_phrase(w, sep, name, "");
            w.unit(b" ", format!("<{spec}>{suffix}").as_bytes(), false);
        }
        Some(name) => {
            check_injection(field, Component::DisplayName, name)?;
            w.unit(sep.as_bytes(), format!("{spec}{suffix}").as_bytes(), false);
        }
        None => w.unit(sep.as_bytes(), format!("{spec}{suffix}").as_bytes(), false),
    }
    Ok(())
}

/// Writes a group (RFC 5322 §3.4): `display-name ":" [group-list] ";"`.
fn write_group(
    w: &mut FieldWriter<'_>,
    field: &str,
    sep: &str,
    group: &Group<'_>,
    suffix: &str,
    smtputf8: bool,
) -> Result<(), BuildError> {
    check_injection(field, Component::DisplayName, &group.name)?;
    // An empty group closes right after its colon: `name:;`.
    let colon = if group.members.is_empty() {
        format!(":;{suffix}")
    } else {
        ":".to_owned()
    };
    if group.name.trim_matches([' ', '\t']).is_empty() {
        // RFC 5322 §3.4: a group has a display name (`""` would do syntactically, but readers
        // take an empty phrase for a mistake).
        return Err(BuildError::InvalidToken {
            field: field.to_owned(),
            what: Component::DisplayName,
            value: group.name.to_string(),
        });
    }
    write_phrase(w, sep, &group.name, &colon);
    let last = group.members.len().saturating_sub(1);
    for (i, member) in group.members.iter().enumerate() {
        let end = if i == last {
            format!(";{suffix}")
        } else {
            ",".to_owned()
        };
        write_mailbox(w, field, " ", member, &end, smtputf8)?;
    }
    Ok(())
}

/// Writes an `address-list` (or `mailbox-list`): addresses separated by commas, folding
/// between them and inside display names.
///
/// # Errors
/// The first address that cannot be written.
pub(crate) fn write_address_list<'x>(
    w: &mut FieldWriter<'_>,
    field: &str,
    addresses: impl ExactSizeIterator<Item = &'x Address<'x>>,
    smtputf8: bool,
) -> Result<(), BuildError> {
    let last = addresses.len().saturating_sub(1);
    for (i, address) in addresses.enumerate() {
        let suffix = if i == last { "" } else { "," };
        match address {
            Address::Mailbox(m) => write_mailbox(w, field, " ", m, suffix, smtputf8)?,
            Address::Group(g) => write_group(w, field, " ", g, suffix, smtputf8)?,
        }
    }
    Ok(())
}

/// Writes a list of mailboxes (`From`, `Sender`).
///
/// # Errors
/// The first mailbox that cannot be written.
pub(crate) fn write_mailbox_list(
    w: &mut FieldWriter<'_>,
    field: &str,
    mailboxes: &[Mailbox<'_>],
    smtputf8: bool,
) -> Result<(), BuildError> {
    let last = mailboxes.len().saturating_sub(1);
    for (i, m) in mailboxes.iter().enumerate() {
        write_mailbox(w, field, " ", m, if i == last { "" } else { "," }, smtputf8)?;
    }
    Ok(())
}

/// The `msg-id` form of `id` (RFC 5322 §3.6.4): `"<" id-left "@" id-right ">"` with a
/// dot-atom on the left and a dot-atom or `no-fold-literal` on the right.
///
/// # Errors
/// [`BuildError::InvalidCharacter`] for CR, LF or NUL, [`BuildError::InvalidMessageId`]
/// otherwise.
pub(crate) fn msg_id(field: &str, id: &MessageId<'_>) -> Result<String, BuildError> {
    let id = id.0.as_ref();
    check_injection(field, Component::MessageId, id)?;
    let valid = id.rsplit_once('@').is_some_and(|(left, right)| {
        let literal = right
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .is_some_and(|inner| {
                inner
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !matches!(b, b'[' | b']' | b'\\'))
            });
        is_dot_atom(left, false) && (literal || is_dot_atom(right, false))
    });
    if !valid {
        return Err(BuildError::InvalidMessageId {
            field: field.to_owned(),
            id: id.to_owned(),
        });
    }
    Ok(format!("<{id}>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(addresses: &[Address<'_>], smtputf8: bool) -> Result<String, BuildError> {
        let mut out = Vec::new();
        let mut w = FieldWriter::new(&mut out, "To");
        write_address_list(&mut w, "To", addresses.iter(), smtputf8)?;
        w.finish();
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn mailboxes_and_groups() {
        let a = vec![
            named_mailbox("Ann Smith", "ann@example.com").into(),
            mailbox("bob@example.org").into(),
            Address::Group(Group {
                name: "undisclosed-recipients".into(),
                members: vec![],
            }),
        ];
        assert_eq!(
            list(&a, false).unwrap(),
            "To: Ann Smith <ann@example.com>, bob@example.org, undisclosed-recipients:;\r\n"
        );
        let g = vec![Address::Group(Group {
            name: "Team".into(),
            members: vec![mailbox("a@x.test"), named_mailbox("B. B.", "b@x.test")],
        })];
        assert_eq!(
            list(&g, false).unwrap(),
            "To: Team: a@x.test, \"B. B.\" <b@x.test>;\r\n"
        );
    }

    #[test]
    fn local_parts_are_quoted_when_not_dot_atoms() {
        let m = mailbox("john smith@example.com");
        assert_eq!(
            addr_spec("To", &m, false).unwrap(),
            "\"john smith\"@example.com"
        );
        let m = mailbox("a\"b\\c@example.com");
        assert_eq!(
            addr_spec("To", &m, false).unwrap(),
            "\"a\\\"b\\\\c\"@example.com"
        );
        let m = mailbox(".dot@example.com");
        assert_eq!(addr_spec("To", &m, false).unwrap(), "\".dot\"@example.com");
        let m = mailbox("x@[192.0.2.1]");
        assert_eq!(addr_spec("To", &m, false).unwrap(), "x@[192.0.2.1]");
    }

    #[test]
    fn bad_addresses() {
        let problem = |s: &str, utf8| match addr_spec("To", &mailbox(s), utf8) {
            Err(BuildError::InvalidAddress { problem, .. }) => Some(problem),
            _ => None,
        };
        assert_eq!(
            problem("nodomain", false),
            Some(AddressProblem::MissingDomain)
        );
        assert_eq!(
            problem("a@bad domain", false),
            Some(AddressProblem::InvalidDomain)
        );
        assert_eq!(
            problem("a\u{7}b@x.test", false),
            Some(AddressProblem::InvalidLocalPart)
        );
        assert_eq!(
            problem("jörg@x.test", false),
            Some(AddressProblem::NonAscii)
        );
        assert_eq!(
            problem("a@bücher.test", false),
            Some(AddressProblem::NonAscii)
        );
        assert_eq!(
            addr_spec("To", &mailbox("jörg@bücher.test"), true).unwrap(),
            "jörg@bücher.test"
        );
    }

    #[test]
    fn message_ids() {
        let id = |s: &str| msg_id("Message-ID", &MessageId(s.into()));
        assert_eq!(id("abc.123@example.com").unwrap(), "<abc.123@example.com>");
        assert_eq!(id("x@[127.0.0.1]").unwrap(), "<x@[127.0.0.1]>");
        assert!(id("no-at").is_err());
        assert!(id("a b@example.com").is_err());
        assert!(id("<a@b>").is_err());
        assert!(matches!(
            id("a@b\r\nBcc: x"),
            Err(BuildError::InvalidCharacter { .. })
        ));
    }
}
