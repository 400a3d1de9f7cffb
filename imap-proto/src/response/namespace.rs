//! The `NAMESPACE` response (RFC 2342 §5, RFC 9051 §7.3.5): the personal, other users' and
//! shared name spaces, each a list of prefixes with their delimiter and extensions.

use crate::encode::{Encode, Writer};
use crate::error::{ParseError, Rule};
use crate::types::{IString, NonEmpty};

use super::reader::Reader;
use super::text::{Delimiter, write_delimiter};

/// `namespace-response = "NAMESPACE" SP namespace SP namespace SP namespace` (RFC 9051 §9):
/// each `namespace = nil / "(" 1*namespace-descr ")"`, an empty list for `NIL`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Namespaces<'a> {
    /// The user's own name spaces.
    pub personal: Vec<NamespaceDescription<'a>>,
    /// Other users' name spaces.
    pub other_users: Vec<NamespaceDescription<'a>>,
    /// Shared name spaces.
    pub shared: Vec<NamespaceDescription<'a>>,
}

/// `namespace-descr = "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil)
/// namespace-response-extensions ")"` (RFC 9051 §9, RFC 2342 §5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NamespaceDescription<'a> {
    /// The prefix (`""`, `"INBOX."`, `"#shared/"`).
    pub prefix: IString<'a>,
    /// The hierarchy delimiter (`None`: `NIL`).
    pub delimiter: Option<Delimiter>,
    /// `namespace-response-extension = SP string SP "(" string *(SP string) ")"`: an
    /// extension's name and values (`"TRANSLATION" ("SHARED")`).
    pub extensions: Vec<(IString<'a>, NonEmpty<IString<'a>>)>,
}

impl NamespaceDescription<'_> {
    /// The same value, owned.
    pub fn into_owned(self) -> NamespaceDescription<'static> {
        NamespaceDescription {
            prefix: self.prefix.into_owned(),
            delimiter: self.delimiter,
            extensions: self
                .extensions
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v.map(IString::into_owned)))
                .collect(),
        }
    }
}

fn owned(list: Vec<NamespaceDescription<'_>>) -> Vec<NamespaceDescription<'static>> {
    list.into_iter()
        .map(NamespaceDescription::into_owned)
        .collect()
}

impl Namespaces<'_> {
    /// The same value, owned.
    pub fn into_owned(self) -> Namespaces<'static> {
        Namespaces {
            personal: owned(self.personal),
            other_users: owned(self.other_users),
            shared: owned(self.shared),
        }
    }

    /// Reads the three name spaces (after `"NAMESPACE" SP`).
    pub(crate) fn read<'a>(r: &mut Reader<'a>) -> Result<Namespaces<'a>, ParseError> {
        let personal = read_namespace(r)?;
        r.sp(Rule::Namespace)?;
        let other_users = read_namespace(r)?;
        r.sp(Rule::Namespace)?;
        let shared = read_namespace(r)?;
        Ok(Namespaces {
            personal,
            other_users,
            shared,
        })
    }
}

/// Reads `nil / "(" 1*namespace-descr ")"`.
fn read_namespace<'a>(r: &mut Reader<'a>) -> Result<Vec<NamespaceDescription<'a>>, ParseError> {
    let rule = Rule::Namespace;
    if r.c.need()? != b'(' {
        r.c.expect_word(b"NIL", rule)?;
        return Ok(Vec::new());
    }
    r.c.bump();
    let mut list = Vec::new();
    loop {
        r.skip_extra_spaces();
        match r.c.need()? {
            b')' if !list.is_empty() => {
                r.c.bump();
                return Ok(list);
            }
            b'(' => list.push(read_description(r)?),
            _ => return Err(r.c.invalid(rule)),
        }
    }
}

fn read_description<'a>(r: &mut Reader<'a>) -> Result<NamespaceDescription<'a>, ParseError> {
    let rule = Rule::Namespace;
    r.c.expect(b'(', rule)?;
    let prefix = r.string()?;
    r.sp(rule)?;
    let delimiter = Delimiter::read_nil(r)?;
    let mut extensions = Vec::new();
    loop {
        if r.c.need()? == b')' {
            r.c.bump();
            break;
        }
        r.sp(rule)?;
        if r.quirks.extra_spaces && r.c.need()? == b')' {
            r.c.bump();
            break;
        }
        let name = r.string()?;
        r.sp(rule)?;
        r.c.expect(b'(', rule)?;
        let mut values = Vec::new();
        r.skip_extra_spaces();
        loop {
            values.push(r.string()?);
            if r.list_next(rule)? {
                break;
            }
        }
        let values = NonEmpty::new(values).ok_or_else(|| r.c.invalid(rule))?;
        extensions.push((name, values));
    }
    Ok(NamespaceDescription {
        prefix,
        delimiter,
        extensions,
    })
}

fn write_namespace(w: &mut Writer, list: &[NamespaceDescription<'_>]) {
    if list.is_empty() {
        w.push_raw(b"NIL");
        return;
    }
    w.push_raw(b"(");
    for d in list {
        w.push_raw(b"(");
        w.value(&d.prefix).sp();
        write_delimiter(w, d.delimiter);
        for (name, values) in &d.extensions {
            w.sp().value(name).sp();
            super::flags::write_list(w, values);
        }
        w.push_raw(b")");
    }
    w.push_raw(b")");
}

impl Encode for Namespaces<'_> {
    fn encode(&self, w: &mut Writer) {
        write_namespace(w, &self.personal);
        w.sp();
        write_namespace(w, &self.other_users);
        w.sp();
        write_namespace(w, &self.shared);
    }
}
