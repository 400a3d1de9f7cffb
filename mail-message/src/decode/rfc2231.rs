//! RFC 2231 parameter value continuations, charsets and languages.
//!
//! [`decode_parameters`] turns the parameters of a MIME field as written
//! ([`RawParameter`]s, which [`parse_parameters`] reads) into their values:
//!
//! - `name*0`, `name*1`, ... sections (RFC 2231 §3) are joined in numeric order, whatever order
//!   they were written in; a missing or repeated section is reported as
//!   [`DefectKind::InvalidParameterContinuation`] and the sections present are joined anyway
//!   (the first of two repeated sections wins);
//! - `name*=charset'language'value` (§4) is percent-decoded and decoded from its charset; with
//!   continuations (§4.1) only the sections marked `*` are percent-decoded, all sections are
//!   joined as octets, and the octets are decoded from the charset of section 0 (so a character
//!   split across sections survives);
//! - a value without RFC 2231 (and an RFC 2231 value without a charset) is taken as UTF-8
//!   (RFC 6532); invalid UTF-8 is decoded lossily and reported;
//! - when a parameter is given both plainly and in RFC 2231 form (`filename="a.txt";
//!   filename*=utf-8''a.txt`, which mailers send for old readers), the RFC 2231 value is kept,
//!   in the position of the first of the two.
//!
//! # Leniency: RFC 2047 encoded words in values
//!
//! RFC 2047 §5 forbids encoded words in parameter values, but Outlook, Thunderbird (in its
//! default settings) and many webmails send `name="=?UTF-8?B?...?="` for non-ASCII file names,
//! and every major reader decodes them. A value that is not in RFC 2231 form is therefore passed
//! through [`decode_text`](super::rfc2047::decode_text). The `boundary` parameter is never
//! decoded this way: its octets must match the body exactly.
//!
//! [`parse_parameters`]: crate::field::content_type::parse_parameters

use std::borrow::Cow;

use super::charset::{self, Charset};
use super::quoted_printable::hex_pair;
use super::rfc2047;
use crate::defect::{Defect, DefectKind, push};
use crate::field::content_type::Parameter;

/// One MIME parameter as written (RFC 2045 §5.1 `parameter`), before RFC 2231 decoding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawParameter<'a> {
    /// The attribute as written, with any RFC 2231 suffix (`title*0*`).
    pub name: Cow<'a, str>,
    /// The value: for a quoted string, without its quotes and with quoted pairs resolved;
    /// folds (CR, LF) removed.
    pub value: Cow<'a, [u8]>,
    /// Where the parameter starts in the input, for defects.
    pub offset: usize,
}

/// How an attribute name splits under RFC 2231 §7: `attribute [section] ["*"]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Name<'n> {
    base: &'n str,
    /// `Some(Ok(n))` for `*n`, `Some(Err(()))` for a section number that does not fit.
    section: Option<Result<u32, ()>>,
    extended: bool,
}

impl Name<'_> {
    fn parse(name: &str) -> Name<'_> {
        let (rest, extended) = match name.strip_suffix('*') {
            Some(r) if !r.is_empty() => (r, true),
            _ => (name, false),
        };
        if let Some((base, digits)) = rest.rsplit_once('*')
            && !base.is_empty()
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            let section = Some(digits.parse::<u32>().map_err(|_| ()));
            return Name {
                base,
                section,
                extended,
            };
        }
        Name {
            base: rest,
            section: None,
            extended,
        }
    }

    fn is_rfc2231(&self) -> bool {
        self.extended || self.section.is_some()
    }
}

/// The first `len` bytes of a `Cow<str>`, keeping the borrow.
fn cow_prefix<'a>(s: &Cow<'a, str>, len: usize) -> Cow<'a, str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(b.get(..len).unwrap_or(b)),
        Cow::Owned(o) => Cow::Owned(o.get(..len).unwrap_or(o).to_owned()),
    }
}

/// `v[range]` of a `Cow<[u8]>`, keeping the borrow.
fn sub<'a>(v: &Cow<'a, [u8]>, from: usize, to: usize) -> Cow<'a, [u8]> {
    match v {
        Cow::Borrowed(b) => Cow::Borrowed(b.get(from..to).unwrap_or_default()),
        Cow::Owned(o) => Cow::Owned(o.get(from..to).unwrap_or_default().to_vec()),
    }
}

/// Decodes RFC 2231 `%XX` escapes (either case). A `%` that starts no escape is kept and
/// reported as [`DefectKind::InvalidParameter`] at `offset`. Borrowed when there is no `%`.
pub(crate) fn percent_decode<'a>(
    value: Cow<'a, [u8]>,
    offset: usize,
    defects: &mut Vec<Defect>,
) -> Cow<'a, [u8]> {
    if memchr::memchr(b'%', &value).is_none() {
        return value;
    }
    let mut out = Vec::with_capacity(value.len());
    percent_decode_into(&value, &mut out, offset, defects);
    Cow::Owned(out)
}

/// [`percent_decode`], appending to `out`. Escapes are dense in real values (every octet of a
/// non-ASCII name), so the octets are written into place in one pass.
fn percent_decode_into(value: &[u8], out: &mut Vec<u8>, offset: usize, defects: &mut Vec<Defect>) {
    let start = out.len();
    out.resize(start + value.len(), 0);
    let mut written = 0;
    let mut bad = false;
    if let Some(buf) = out.get_mut(start..) {
        let mut i = 0;
        while let Some(&b) = value.get(i) {
            let (octet, step) = match b {
                b'%' => match hex_pair(value.get(i + 1..).unwrap_or_default()) {
                    Some(octet) => (octet, 3),
                    None => {
                        bad = true;
                        (b'%', 1)
                    }
                },
                _ => (b, 1),
            };
            if let Some(slot) = buf.get_mut(written) {
                *slot = octet;
            }
            written += 1;
            i += step;
        }
    }
    out.truncate(start + written);
    if bad {
        push(defects, DefectKind::InvalidParameter, offset);
    }
}

/// A plain (non-RFC 2231) parameter: its value is UTF-8, with RFC 2047 encoded words decoded
/// except in `boundary` (see the [module docs](self)).
pub(crate) fn plain_parameter<'a>(p: RawParameter<'a>, defects: &mut Vec<Defect>) -> Parameter<'a> {
    let value = if p.name.eq_ignore_ascii_case("boundary") {
        match p.value {
            Cow::Borrowed(b) => {
                std::str::from_utf8(b).map_or_else(|_| String::from_utf8_lossy(b), Cow::Borrowed)
            }
            Cow::Owned(v) => Cow::Owned(
                String::from_utf8(v)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into()),
            ),
        }
    } else {
        rfc2047::decode_cow(p.value, p.offset, defects)
    };
    Parameter {
        name: p.name,
        value,
        language: None,
    }
}

/// One section of an RFC 2231 parameter.
struct Section<'a> {
    number: u32,
    extended: bool,
    value: Cow<'a, [u8]>,
    offset: usize,
}

/// The parameters of one name that uses RFC 2231.
struct Group<'a> {
    name: Cow<'a, str>,
    offset: usize,
    sections: Vec<Section<'a>>,
}

/// Turns parameters as written into decoded parameters (see the [module docs](self)).
/// Defect offsets are the [`RawParameter::offset`]s.
pub fn decode_parameters<'a>(
    raw: Vec<RawParameter<'a>>,
    defects: &mut Vec<Defect>,
) -> Vec<Parameter<'a>> {
    if !raw.iter().any(|p| p.name.contains('*')) {
        return raw
            .into_iter()
            .map(|p| plain_parameter(p, defects))
            .collect();
    }
    // The names that have an RFC 2231 form; their plain forms are superseded.
    let extended: Vec<Cow<'a, str>> = raw
        .iter()
        .filter_map(|p| {
            let n = Name::parse(&p.name);
            n.is_rfc2231().then(|| cow_prefix(&p.name, n.base.len()))
        })
        .collect();
    enum Slot<'a> {
        Plain(RawParameter<'a>),
        Group(Group<'a>),
    }
    let mut slots: Vec<Slot<'a>> = Vec::with_capacity(raw.len());
    for p in raw {
        let n = Name::parse(&p.name);
        let (base_len, section, is_extended) = (n.base.len(), n.section, n.extended);
        if !extended.iter().any(|e| e.eq_ignore_ascii_case(n.base)) {
            slots.push(Slot::Plain(p));
            continue;
        }
        let index = slots
            .iter()
            .position(|s| matches!(s, Slot::Group(g) if g.name.eq_ignore_ascii_case(n.base)));
        let index = index.unwrap_or_else(|| {
            slots.push(Slot::Group(Group {
                name: cow_prefix(&p.name, base_len),
                offset: p.offset,
                sections: Vec::new(),
            }));
            slots.len() - 1
        });
        let Some(Slot::Group(group)) = slots.get_mut(index) else {
            continue;
        };
        if !(is_extended || section.is_some()) {
            // The plain form of a parameter also given in RFC 2231 form.
            continue;
        }
        match section.unwrap_or(Ok(0)) {
            Ok(number) => group.sections.push(Section {
                number,
                extended: is_extended,
                value: p.value,
                offset: p.offset,
            }),
            Err(()) => push(defects, DefectKind::InvalidParameterContinuation, p.offset),
        }
    }
    slots
        .into_iter()
        .filter_map(|s| match s {
            Slot::Plain(p) => Some(plain_parameter(p, defects)),
            Slot::Group(g) => join(g, defects),
        })
        .collect()
}

/// Joins and decodes the sections of one RFC 2231 parameter.
fn join<'a>(mut g: Group<'a>, defects: &mut Vec<Defect>) -> Option<Parameter<'a>> {
    // Stable: of two sections with the same number, the one written first comes first.
    g.sections.sort_by_key(|s| s.number);
    // Of two sections with the same number the first stays; the repeat is reported.
    g.sections.dedup_by(|later, kept| {
        let repeated = later.number == kept.number;
        if repeated {
            push(
                defects,
                DefectKind::InvalidParameterContinuation,
                later.offset,
            );
        }
        repeated
    });
    let sections = g.sections;
    let gap = sections
        .iter()
        .zip(0u32..)
        .any(|(s, expected)| s.number != expected);
    if gap {
        push(defects, DefectKind::InvalidParameterContinuation, g.offset);
    }
    let mut charset: Option<Option<Charset>> = None;
    let mut language = None;
    let any_extended = sections.iter().any(|s| s.extended);
    let several = sections.len() > 1;
    let mut joined: Vec<u8> = Vec::new();
    let mut single: Cow<'a, [u8]> = Cow::Borrowed(&[]);
    for s in sections {
        let mut value = s.value;
        if s.extended && s.number == 0 {
            let initial = split_initial(&value, s.offset, defects);
            if let Some(cs) = initial.charset.filter(|c| !c.is_empty()) {
                let label = String::from_utf8_lossy(&cs);
                charset = Some(charset::lookup(&label));
                if charset == Some(None) {
                    push(defects, DefectKind::UnknownCharset, s.offset);
                }
            }
            language = initial.language;
            value = initial.rest;
        }
        if !several {
            single = if s.extended {
                percent_decode(value, s.offset, defects)
            } else {
                value
            };
        } else if s.extended {
            percent_decode_into(&value, &mut joined, s.offset, defects);
        } else {
            joined.extend_from_slice(&value);
        }
    }
    // Sections are joined as octets, before the charset is decoded (RFC 2231 §4.1).
    let bytes = if several { Cow::Owned(joined) } else { single };
    let value = match charset {
        // Unknown charset (already reported): lossy UTF-8.
        Some(None) => match bytes {
            Cow::Borrowed(b) => String::from_utf8_lossy(b),
            Cow::Owned(v) => Cow::Owned(String::from_utf8_lossy(&v).into_owned()),
        },
        Some(known) => {
            let mut found = Vec::new();
            let v = charset::decode_cow(known, bytes, &mut found);
            defects.extend(found.into_iter().map(|d| Defect::new(d.kind, g.offset)));
            v
        }
        None if !any_extended => rfc2047::decode_cow(bytes, g.offset, defects),
        None => {
            let mut found = Vec::new();
            let v = charset::decode_cow(Some(Charset::Utf8), bytes, &mut found);
            defects.extend(found.into_iter().map(|d| Defect::new(d.kind, g.offset)));
            v
        }
    };
    Some(Parameter {
        name: g.name,
        value,
        language,
    })
}

/// The parts of an RFC 2231 §4 initial value, `charset'language'rest`.
struct Initial<'a> {
    charset: Option<Cow<'a, [u8]>>,
    language: Option<Cow<'a, str>>,
    rest: Cow<'a, [u8]>,
}

/// Splits an initial value. Without the two apostrophes (a defect) the whole value is the
/// rest.
fn split_initial<'a>(
    value: &Cow<'a, [u8]>,
    offset: usize,
    defects: &mut Vec<Defect>,
) -> Initial<'a> {
    let Some(q1) = memchr::memchr(b'\'', value) else {
        push(defects, DefectKind::InvalidParameter, offset);
        return Initial {
            charset: None,
            language: None,
            rest: value.clone(),
        };
    };
    let charset = sub(value, 0, q1);
    let Some(q2) = memchr::memchr(b'\'', value.get(q1 + 1..).unwrap_or_default()) else {
        push(defects, DefectKind::InvalidParameter, offset);
        return Initial {
            charset: Some(charset),
            language: None,
            rest: sub(value, q1 + 1, value.len()),
        };
    };
    let q2 = q1 + 1 + q2;
    let language = match sub(value, q1 + 1, q2) {
        Cow::Borrowed(b) if !b.is_empty() => Some(String::from_utf8_lossy(b)),
        Cow::Owned(o) if !o.is_empty() => {
            Some(Cow::Owned(String::from_utf8_lossy(&o).into_owned()))
        }
        _ => None,
    };
    Initial {
        charset: Some(charset),
        language,
        rest: sub(value, q2 + 1, value.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let n = Name::parse("title*0*");
        assert_eq!(
            (n.base, n.section, n.extended),
            ("title", Some(Ok(0)), true)
        );
        let n = Name::parse("title*");
        assert_eq!((n.base, n.section, n.extended), ("title", None, true));
        let n = Name::parse("URL*12");
        assert_eq!(
            (n.base, n.section, n.extended),
            ("URL", Some(Ok(12)), false)
        );
        let n = Name::parse("a*b");
        assert_eq!((n.base, n.section, n.extended), ("a*b", None, false));
        let n = Name::parse("*");
        assert_eq!((n.base, n.section, n.extended), ("*", None, false));
        let n = Name::parse("x*99999999999");
        assert_eq!(n.section, Some(Err(())));
    }

    #[test]
    fn percent() {
        let mut d = Vec::new();
        assert!(matches!(
            percent_decode(Cow::Borrowed(b"abc"), 0, &mut d),
            Cow::Borrowed(b"abc")
        ));
        assert_eq!(
            &*percent_decode(Cow::Borrowed(b"a%20b%e9%zz%"), 7, &mut d),
            b"a b\xe9%zz%"
        );
        assert_eq!(d, vec![Defect::new(DefectKind::InvalidParameter, 7)]);
    }
}
