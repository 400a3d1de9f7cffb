//! The parameters of `RCPT` (RFC 5321 §4.1.1.3 `Rcpt-parameters`): `NOTIFY` and `ORCPT`
//! (RFC 3461 §4.1, §4.2) typed, the others kept as sent.

use mail_message::envelope::{EnvelopeOptions, EsmtpParameter};

use super::dsn::{Notify, Orcpt, Xtext, addr_type_error, xtext_error};
use super::params::{self, Folded, RawParam, common_value, first, set_once};
use super::scan::{find, word_at};
use super::{CommandError, ParameterProblem, Verb};
use crate::EncodeError;

/// The parameters of a `RCPT` command.
///
/// `NOTIFY` and `ORCPT` have typed fields; any other well-formed parameter is kept in
/// [`unknown`](Self::unknown), in the order sent. Keywords are read in any case; `NOTIFY`
/// or `ORCPT` given twice is an error (RFC 3461 §4.5: `501`). Written as `NOTIFY`, `ORCPT`,
/// then the unknown ones, each after one space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct RcptParameters<'a> {
    /// `NOTIFY=` (RFC 3461 §4.1).
    pub notify: Option<Notify>,
    /// `ORCPT=addr-type;xtext` (RFC 3461 §4.2).
    pub orcpt: Option<Orcpt<'a>>,
    /// Every other parameter, in the order sent.
    pub unknown: Vec<EsmtpParameter<'a>>,
}

/// The keywords with a typed field.
const TYPED: [&str; 2] = ["NOTIFY", "ORCPT"];

const VERB: Verb = Verb::Rcpt;

impl<'a> RcptParameters<'a> {
    /// No parameters.
    pub fn new() -> Self {
        RcptParameters::default()
    }

    /// `true` when there is no parameter at all.
    pub fn is_empty(&self) -> bool {
        self.notify.is_none() && self.orcpt.is_none() && self.unknown.is_empty()
    }

    /// Parses the text after the forward-path (`base` is where it starts in the line).
    pub(crate) fn parse(
        rest: &'a [u8],
        rest_str: Option<&'a str>,
        base: usize,
        opts: EnvelopeOptions,
    ) -> Result<Self, CommandError> {
        if let Some(p) = Self::parse_common(rest, rest_str) {
            return Ok(p);
        }
        Self::parse_general(rest, rest_str, base, opts)
    }

    /// [`parse`](Self::parse) without the common-case path: every parameter cut by
    /// `params::for_each` and read by `take`.
    fn parse_general(
        rest: &'a [u8],
        rest_str: Option<&'a str>,
        base: usize,
        opts: EnvelopeOptions,
    ) -> Result<Self, CommandError> {
        let mut p = RcptParameters::default();
        params::for_each(rest, rest_str, base, VERB, opts.lax_spaces, |param| {
            p.take(param, opts)
        })?;
        Ok(p)
    }

    /// The parameters clients send nearly always: ` NOTIFY=…` and ` ORCPT=…` (keywords in any
    /// case), each at most once, after one space each, with valid values. `None` for
    /// anything else, which the general path then reads (and refuses, if it must): when this
    /// gives a value, it is the one the general path gives.
    #[inline]
    fn parse_common(rest: &'a [u8], rest_str: Option<&'a str>) -> Option<Self> {
        const NOTIFY: Folded = Folded::new(b"NOTIFY=");
        const ORCPT: Folded = Folded::new(b"ORCPT=");
        let mut p = RcptParameters::default();
        let mut pos = 0;
        while pos < rest.len() {
            if rest.get(pos) != Some(&b' ') {
                return None;
            }
            pos += 1;
            let word = word_at(rest, pos)?;
            let (keyword_len, notify) = if NOTIFY.starts(word) {
                (NOTIFY.len, true)
            } else if ORCPT.starts(word) {
                (ORCPT.len, false)
            } else {
                return None;
            };
            let from = pos + keyword_len;
            let value = common_value(rest, from)?;
            if notify {
                first(&mut p.notify, Notify::parse(value)?)?;
            } else {
                let value_str = rest_str.and_then(|s| s.get(from..from + value.len()));
                first(&mut p.orcpt, parse_orcpt(value, value_str)?)?;
            }
            pos = from + value.len();
        }
        Some(p)
    }

    fn take(&mut self, param: RawParam<'a>, opts: EnvelopeOptions) -> Result<(), CommandError> {
        let invalid = |keyword, expected| {
            param.error(VERB, keyword, ParameterProblem::InvalidValue { expected })
        };
        if param.is("NOTIFY") {
            let v = param.required_value(VERB, "NOTIFY")?;
            let notify = Notify::parse(v).ok_or(invalid(
                "NOTIFY",
                "NEVER, or a list of SUCCESS, FAILURE, DELAY",
            ))?;
            set_once(&mut self.notify, notify, &param, VERB, "NOTIFY")
        } else if param.is("ORCPT") {
            let v = param.required_value(VERB, "ORCPT")?;
            let orcpt =
                parse_orcpt(v, param.value_str).ok_or(invalid("ORCPT", "addr-type \";\" xtext"))?;
            set_once(&mut self.orcpt, orcpt, &param, VERB, "ORCPT")
        } else {
            self.unknown.push(param.unknown(VERB, opts)?);
            Ok(())
        }
    }

    /// Writes the parameters, each after a space.
    pub(crate) fn write(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if let Some(notify) = self.notify {
            out.extend_from_slice(b" NOTIFY=");
            notify.write(out)?;
        }
        if let Some(orcpt) = &self.orcpt {
            out.extend_from_slice(b" ORCPT=");
            out.extend_from_slice(orcpt.addr_type().as_bytes());
            out.push(b';');
            out.extend_from_slice(orcpt.address().as_str().as_bytes());
        }
        for param in &self.unknown {
            params::check_unknown(param, &TYPED)?;
            params::write_unknown(out, param);
        }
        Ok(())
    }

    /// How much the parameters present raise the 512-octet command line limit: RFC 3461
    /// §5.4 counts 28 characters for `NOTIFY` and 500 for `ORCPT` (530 with the two spaces).
    pub fn line_extension(&self) -> usize {
        usize::from(self.notify.is_some()) * 29 + usize::from(self.orcpt.is_some()) * 501
    }

    /// The same parameters, owning their text.
    pub fn into_owned(self) -> RcptParameters<'static> {
        RcptParameters {
            notify: self.notify,
            orcpt: self.orcpt.map(Orcpt::into_owned),
            unknown: self
                .unknown
                .into_iter()
                .map(EsmtpParameter::into_owned)
                .collect(),
        }
    }
}

/// `original-recipient-address = addr-type ";" xtext` (RFC 3461 §4.2).
/// `value` as `&str` too if the caller has it.
fn parse_orcpt<'a>(value: &'a [u8], value_str: Option<&'a str>) -> Option<Orcpt<'a>> {
    let semi = find(value, b';')?;
    let (addr_type, address) = (value.get(..semi)?, value.get(semi + 1..)?);
    if addr_type_error(addr_type).is_some() || xtext_error(address).is_some() {
        return None;
    }
    // Both parts are ASCII now: one conversion for the two, if any.
    let value = match value_str {
        Some(text) => text,
        None => std::str::from_utf8(value).ok()?,
    };
    let (addr_type, address) = (value.get(..semi)?, value.get(semi + 1..)?);
    Some(Orcpt::from_checked(
        addr_type,
        Xtext::from_checked_str(address),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::params::parameter_line;
    use super::*;

    proptest::proptest! {
        /// The common-case path gives what the general path gives (the same parameters, or
        /// it leaves the input to the general path), on parameter lists built from the usual
        /// ones in any case, near misses, bad values, duplicates, unknown parameters and
        /// extra spaces, with and without the line as `&str`, strict and lax.
        #[test]
        fn common_path_agrees_with_the_general_one(
            rest in parameter_line(
                vec![
                    "NOTIFY=", "notify=", "Notify=", "ORCPT=", "orcpt=", "NOTIFYX=", "NOTIF=",
                    "ORCPTS=", "X-FOO=", "X-BAR", "NOTIFY", "ORCPT", "N0TIFY=",
                ],
                vec![
                    "SUCCESS,FAILURE", "never", "DELAY", "NEVER,DELAY", "", "SUCCESS,",
                    "rfc822;alice@example.org", "rfc822;frank+2Blists@example.net", "rfc822;a+2b",
                    "rfc822", "x;\u{e9}", "a=b", "1",
                ],
                0..4,
            ),
            with_str in proptest::bool::ANY,
            lax in proptest::bool::ANY,
        ) {
            let opts = EnvelopeOptions::new().with_lax_spaces(lax);
            let text = with_str.then_some(rest.as_str());
            proptest::prop_assert_eq!(
                RcptParameters::parse(rest.as_bytes(), text, 20, opts),
                RcptParameters::parse_general(rest.as_bytes(), text, 20, opts)
            );
        }
    }

    #[test]
    fn orcpt() {
        let o = parse_orcpt(b"rfc822;Bob@Example.COM", None).unwrap();
        assert_eq!(
            parse_orcpt(b"rfc822;Bob@Example.COM", Some("rfc822;Bob@Example.COM")),
            Some(o.clone())
        );
        assert_eq!(o.addr_type(), "rfc822");
        assert_eq!(o.address().as_str(), "Bob@Example.COM");
        let o = parse_orcpt(b"rfc822;a+2Bb@x;y", None).unwrap();
        assert_eq!(o.address().decode().as_ref(), b"a+b@x;y");
        for bad in [
            &b"rfc822"[..],
            b";a@b",
            b"rfc822;",
            b"rfc822;a+2b",
            b"r c;a",
        ] {
            assert!(parse_orcpt(bad, None).is_none());
            let text = std::str::from_utf8(bad).unwrap();
            assert!(parse_orcpt(bad, Some(text)).is_none());
        }
    }
}
