//! The parameters of `MAIL` (RFC 5321 §4.1.1.2 `Mail-parameters`), typed for the extensions
//! this crate knows, and kept as sent for the others.

use std::borrow::Cow;

use mail_message::envelope::{EnvelopeOptions, EsmtpParameter, Mailbox, decode_xtext};

use super::datetime::{DateTime, MAX_DATE_TIME_LEN};
use super::deliver_by::{ByMode, DeliverBy};
use super::dsn::{NULL_PATH, Ret, Xtext, xtext_error};
use super::params::{
    self, Folded, RawParam, common_value, first, number, set_flag, set_once, write_number,
};
use super::scan::word_at;
use super::{CommandError, ParameterProblem, Verb};
use crate::EncodeError;

/// `BODY` (RFC 6152 §2 `body-value = "7BIT" / "8BITMIME"`, extended with `BINARYMIME` by
/// RFC 3030 §3). Read in any case, written in upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    /// `7BIT`: strict RFC 5321 7-bit text.
    SevenBit,
    /// `8BITMIME`: MIME with 8-bit octets in lines (RFC 6152).
    EightBitMime,
    /// `BINARYMIME`: MIME with binary content, sent with `BDAT` (RFC 3030 §3).
    BinaryMime,
}

impl Body {
    /// The keyword as written.
    pub const fn as_str(self) -> &'static str {
        match self {
            Body::SevenBit => "7BIT",
            Body::EightBitMime => "8BITMIME",
            Body::BinaryMime => "BINARYMIME",
        }
    }

    fn parse(value: &[u8]) -> Option<Body> {
        [Body::SevenBit, Body::EightBitMime, Body::BinaryMime]
            .into_iter()
            .find(|b| value.eq_ignore_ascii_case(b.as_str().as_bytes()))
    }
}

/// `AUTH=` on `MAIL` (RFC 4954 §5): the `xtext` of the mailbox that submitted the message, or
/// `<>` when it is not known. Kept as sent ([`xtext`](Self::xtext)) with the mailbox read
/// from it ([`mailbox`](Self::mailbox)).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MailAuth<'a> {
    xtext: Xtext<'a>,
    mailbox: Option<Mailbox<'a>>,
}

impl<'a> MailAuth<'a> {
    /// `AUTH=<>`: the submitter is not known (or not trusted).
    pub fn null() -> Self {
        MailAuth {
            xtext: NULL_PATH,
            mailbox: None,
        }
    }

    /// `AUTH=` and the `xtext` of `mailbox`.
    pub fn from_mailbox(mailbox: Mailbox<'a>) -> Self {
        let text = mailbox.to_string();
        let xtext = Xtext::from_bytes(text.as_bytes()).map_or(NULL_PATH, Xtext::into_owned);
        MailAuth {
            xtext,
            mailbox: Some(mailbox),
        }
    }

    /// Reads an `AUTH=` value; `None` when it is not `xtext` whose octets are `<>` or a
    /// mailbox (valid under `opts`).
    fn parse(value: &'a [u8], opts: EnvelopeOptions) -> Option<Self> {
        if xtext_error(value).is_some() {
            return None;
        }
        let xtext = Xtext::from_checked(value)?;
        let mailbox = match decode_xtext(value).ok()? {
            Cow::Borrowed(b"<>") => None,
            Cow::Borrowed(octets) => Some(Mailbox::parse(octets, opts).ok()?),
            Cow::Owned(octets) if octets == b"<>" => None,
            Cow::Owned(octets) => Some(Mailbox::parse(&octets, opts).ok()?.into_owned()),
        };
        Some(MailAuth { xtext, mailbox })
    }

    /// The mailbox, or `None` for `<>`.
    pub fn mailbox(&self) -> Option<&Mailbox<'a>> {
        self.mailbox.as_ref()
    }

    /// `true` for `AUTH=<>`.
    pub fn is_null(&self) -> bool {
        self.mailbox.is_none()
    }

    /// The value as sent.
    pub fn xtext(&self) -> &Xtext<'a> {
        &self.xtext
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> MailAuth<'static> {
        MailAuth {
            xtext: self.xtext.into_owned(),
            mailbox: self.mailbox.map(Mailbox::into_owned),
        }
    }
}

/// `HOLDFOR` or `HOLDUNTIL` on `MAIL` (RFC 4865 §3, FUTURERELEASE): release the message
/// later. The two parameters exclude each other, hence one field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FutureRelease<'a> {
    /// `HOLDFOR=<seconds>` (`1*9DIGIT`; encoding refuses more than 999 999 999).
    HoldFor(u32),
    /// `HOLDUNTIL=<date-time>` (RFC 3339).
    HoldUntil(DateTime<'a>),
}

/// The parameters of a `MAIL` command.
///
/// The extensions' parameters have typed fields; any other well-formed parameter is kept in
/// [`unknown`](Self::unknown), in the order sent (a server answers `555` to those it does not
/// implement, RFC 5321 §4.1.1.11). Keywords are read in any case; a typed parameter given
/// twice is an error (`501`). Whether the server offered the extension is the state
/// machine's business, not the parser's.
///
/// Written in this order, each after one space: `SIZE`, `BODY`, `SMTPUTF8`, `RET`, `ENVID`,
/// `AUTH`, `REQUIRETLS`, `MT-PRIORITY`, `BY`, `HOLDFOR` / `HOLDUNTIL`, then the unknown ones.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct MailParameters<'a> {
    /// `SIZE=<octets>`: the declared message size (RFC 1870 §6, `1*20DIGIT`).
    pub size: Option<u64>,
    /// `BODY=` (RFC 6152, RFC 3030).
    pub body: Option<Body>,
    /// `SMTPUTF8` (RFC 6531 §3.4), no value.
    pub smtputf8: bool,
    /// `RET=FULL` / `RET=HDRS` (RFC 3461 §4.3).
    pub ret: Option<Ret>,
    /// `ENVID=<xtext>`: the envelope identifier (RFC 3461 §4.4).
    pub envid: Option<Xtext<'a>>,
    /// `AUTH=<xtext mailbox>` or `AUTH=<>` (RFC 4954 §5).
    pub auth: Option<MailAuth<'a>>,
    /// `REQUIRETLS` (RFC 8689 §2), no value.
    pub requiretls: bool,
    /// `MT-PRIORITY=<-9..9>` (RFC 6710 §3: `["+" / "-"] DIGIT`; encoding refuses other values).
    pub mt_priority: Option<i8>,
    /// `BY=` (RFC 2852).
    pub deliver_by: Option<DeliverBy>,
    /// `HOLDFOR=` or `HOLDUNTIL=` (RFC 4865).
    pub future_release: Option<FutureRelease<'a>>,
    /// Every other parameter, in the order sent.
    pub unknown: Vec<EsmtpParameter<'a>>,
}

/// The keywords with a typed field.
const TYPED: [&str; 11] = [
    "SIZE",
    "BODY",
    "SMTPUTF8",
    "RET",
    "ENVID",
    "AUTH",
    "REQUIRETLS",
    "MT-PRIORITY",
    "BY",
    "HOLDFOR",
    "HOLDUNTIL",
];

const VERB: Verb = Verb::Mail;

impl<'a> MailParameters<'a> {
    /// No parameters.
    pub fn new() -> Self {
        MailParameters::default()
    }

    /// `true` when there is no parameter at all.
    pub fn is_empty(&self) -> bool {
        *self == MailParameters::default()
    }

    /// Parses the text after the reverse-path (`base` is where it starts in the line).
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
        let mut p = MailParameters::default();
        params::for_each(rest, rest_str, base, VERB, opts.lax_spaces, |param| {
            p.take(param, opts)
        })?;
        Ok(p)
    }

    /// The parameters clients send nearly always: ` SIZE=…`, ` BODY=…`, ` SMTPUTF8`, ` RET=…`
    /// and ` ENVID=…` (keywords in any case), each at most once, after one space each, with
    /// valid values. `None` for anything else, which the general path then reads (and
    /// refuses, if it must): when this gives a value, it is the one the general path gives.
    #[inline]
    fn parse_common(rest: &'a [u8], rest_str: Option<&'a str>) -> Option<Self> {
        const SIZE: Folded = Folded::new(b"SIZE=");
        const BODY: Folded = Folded::new(b"BODY=");
        const SMTPUTF8: Folded = Folded::new(b"SMTPUTF8");
        const RET: Folded = Folded::new(b"RET=");
        const ENVID: Folded = Folded::new(b"ENVID=");
        /// Which of the valued parameters a keyword names.
        enum Common {
            Size,
            Body,
            Ret,
            Envid,
        }
        let mut p = MailParameters::default();
        let mut pos = 0;
        while pos < rest.len() {
            if rest.get(pos) != Some(&b' ') {
                return None;
            }
            pos += 1;
            let word = word_at(rest, pos)?;
            if SMTPUTF8.starts(word) {
                if p.smtputf8 || !matches!(rest.get(pos + SMTPUTF8.len), None | Some(b' ')) {
                    return None;
                }
                p.smtputf8 = true;
                pos += SMTPUTF8.len;
                continue;
            }
            let (keyword, param) = if SIZE.starts(word) {
                (&SIZE, Common::Size)
            } else if BODY.starts(word) {
                (&BODY, Common::Body)
            } else if RET.starts(word) {
                (&RET, Common::Ret)
            } else if ENVID.starts(word) {
                (&ENVID, Common::Envid)
            } else {
                return None;
            };
            let from = pos + keyword.len;
            let value = common_value(rest, from)?;
            match param {
                Common::Size => first(&mut p.size, number(value, 20).ok()?)?,
                Common::Body => first(&mut p.body, Body::parse(value)?)?,
                Common::Ret => first(&mut p.ret, Ret::parse(value)?)?,
                Common::Envid => {
                    if xtext_error(value).is_some() {
                        return None;
                    }
                    let text = rest_str.and_then(|s| s.get(from..from + value.len()));
                    let envid = match text {
                        Some(text) => Xtext::from_checked_str(text),
                        None => Xtext::from_checked(value)?,
                    };
                    first(&mut p.envid, envid)?;
                }
            }
            pos = from + value.len();
        }
        Some(p)
    }

    /// Sorts one parameter into its field.
    fn take(&mut self, param: RawParam<'a>, opts: EnvelopeOptions) -> Result<(), CommandError> {
        let invalid = |keyword, expected| {
            param.error(VERB, keyword, ParameterProblem::InvalidValue { expected })
        };
        if param.is("SIZE") {
            let v = param.required_value(VERB, "SIZE")?;
            let size = number(v, 20).map_err(|too_large| {
                if too_large && v.len() <= 20 {
                    param.error(VERB, "SIZE", ParameterProblem::TooLarge)
                } else {
                    invalid("SIZE", "size-value = 1*20DIGIT")
                }
            })?;
            set_once(&mut self.size, size, &param, VERB, "SIZE")
        } else if param.is("BODY") {
            let v = param.required_value(VERB, "BODY")?;
            let body = Body::parse(v).ok_or(invalid("BODY", "7BIT, 8BITMIME or BINARYMIME"))?;
            set_once(&mut self.body, body, &param, VERB, "BODY")
        } else if param.is("SMTPUTF8") {
            set_flag(&mut self.smtputf8, &param, VERB, "SMTPUTF8")
        } else if param.is("RET") {
            let v = param.required_value(VERB, "RET")?;
            let ret = Ret::parse(v).ok_or(invalid("RET", "FULL or HDRS"))?;
            set_once(&mut self.ret, ret, &param, VERB, "RET")
        } else if param.is("ENVID") {
            let v = param.required_value(VERB, "ENVID")?;
            let envid = match (xtext_error(v), param.value_str) {
                (None, Some(text)) => Some(Xtext::from_checked_str(text)),
                (None, None) => Xtext::from_checked(v),
                (Some(_), _) => None,
            }
            .ok_or(invalid("ENVID", "xtext"))?;
            set_once(&mut self.envid, envid, &param, VERB, "ENVID")
        } else if param.is("AUTH") {
            let v = param.required_value(VERB, "AUTH")?;
            let auth = MailAuth::parse(v, opts)
                .ok_or(invalid("AUTH", "xtext of a Mailbox or of \"<>\""))?;
            set_once(&mut self.auth, auth, &param, VERB, "AUTH")
        } else if param.is("REQUIRETLS") {
            set_flag(&mut self.requiretls, &param, VERB, "REQUIRETLS")
        } else if param.is("MT-PRIORITY") {
            let v = param.required_value(VERB, "MT-PRIORITY")?;
            let priority = parse_priority(v).ok_or(invalid("MT-PRIORITY", "-9 to 9"))?;
            set_once(&mut self.mt_priority, priority, &param, VERB, "MT-PRIORITY")
        } else if param.is("BY") {
            let v = param.required_value(VERB, "BY")?;
            let by = DeliverBy::parse(v).ok_or(invalid("BY", "by-time \";\" by-mode [\"T\"]"))?;
            set_once(&mut self.deliver_by, by, &param, VERB, "BY")
        } else if param.is("HOLDFOR") || param.is("HOLDUNTIL") {
            self.take_hold(param)
        } else {
            self.unknown.push(param.unknown(VERB, opts)?);
            Ok(())
        }
    }

    /// `HOLDFOR` and `HOLDUNTIL`, which exclude each other (RFC 4865 §4: `501`).
    fn take_hold(&mut self, param: RawParam<'a>) -> Result<(), CommandError> {
        let (keyword, release) = if param.is("HOLDFOR") {
            let v = param.required_value(VERB, "HOLDFOR")?;
            let seconds = number(v, 9).ok().and_then(|n| u32::try_from(n).ok());
            let seconds = seconds.ok_or(param.error(
                VERB,
                "HOLDFOR",
                ParameterProblem::InvalidValue {
                    expected: "1*9DIGIT",
                },
            ))?;
            ("HOLDFOR", FutureRelease::HoldFor(seconds))
        } else {
            let v = param.required_value(VERB, "HOLDUNTIL")?;
            let when = DateTime::parse(v).map_err(|_| {
                param.error(
                    VERB,
                    "HOLDUNTIL",
                    ParameterProblem::InvalidValue {
                        expected: "RFC 3339 date-time",
                    },
                )
            })?;
            ("HOLDUNTIL", FutureRelease::HoldUntil(when))
        };
        match &self.future_release {
            None => {
                self.future_release = Some(release);
                Ok(())
            }
            Some(FutureRelease::HoldFor(_)) if keyword == "HOLDUNTIL" => Err(param.error(
                VERB,
                keyword,
                ParameterProblem::Conflict { with: "HOLDFOR" },
            )),
            Some(FutureRelease::HoldUntil(_)) if keyword == "HOLDFOR" => Err(param.error(
                VERB,
                keyword,
                ParameterProblem::Conflict { with: "HOLDUNTIL" },
            )),
            Some(_) => Err(param.error(VERB, keyword, ParameterProblem::Duplicate)),
        }
    }

    /// Writes the parameters, each after a space.
    pub(crate) fn write(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if let Some(size) = self.size {
            out.extend_from_slice(b" SIZE=");
            write_number(out, size);
        }
        if let Some(body) = self.body {
            out.extend_from_slice(b" BODY=");
            out.extend_from_slice(body.as_str().as_bytes());
        }
        if self.smtputf8 {
            out.extend_from_slice(b" SMTPUTF8");
        }
        if let Some(ret) = self.ret {
            out.extend_from_slice(b" RET=");
            out.extend_from_slice(ret.as_str().as_bytes());
        }
        if let Some(envid) = &self.envid {
            out.extend_from_slice(b" ENVID=");
            out.extend_from_slice(envid.as_str().as_bytes());
        }
        if let Some(auth) = &self.auth {
            out.extend_from_slice(b" AUTH=");
            out.extend_from_slice(auth.xtext.as_str().as_bytes());
        }
        if self.requiretls {
            out.extend_from_slice(b" REQUIRETLS");
        }
        if let Some(priority) = self.mt_priority {
            if !(-9..=9).contains(&priority) {
                return Err(EncodeError::OutOfRange {
                    element: "MT-PRIORITY",
                });
            }
            out.extend_from_slice(b" MT-PRIORITY=");
            if priority < 0 {
                out.push(b'-');
            }
            write_number(out, u64::from(priority.unsigned_abs()));
        }
        if let Some(by) = self.deliver_by {
            if !by.is_valid() {
                return Err(EncodeError::OutOfRange { element: "BY" });
            }
            out.extend_from_slice(b" BY=");
            if by.seconds < 0 {
                out.push(b'-');
            }
            write_number(out, u64::from(by.seconds.unsigned_abs()));
            out.extend_from_slice(match by.mode {
                ByMode::Notify => b";N",
                ByMode::Return => b";R",
            });
            if by.trace {
                out.push(b'T');
            }
        }
        match &self.future_release {
            None => {}
            Some(FutureRelease::HoldFor(seconds)) => {
                if *seconds > 999_999_999 {
                    return Err(EncodeError::OutOfRange { element: "HOLDFOR" });
                }
                out.extend_from_slice(b" HOLDFOR=");
                write_number(out, u64::from(*seconds));
            }
            Some(FutureRelease::HoldUntil(when)) => {
                out.extend_from_slice(b" HOLDUNTIL=");
                out.extend_from_slice(when.as_str().as_bytes());
            }
        }
        for param in &self.unknown {
            params::check_unknown(param, &TYPED)?;
            params::write_unknown(out, param);
        }
        Ok(())
    }

    /// How much the parameters present raise the 512-octet command line limit, per the RFC
    /// that defines each: `SIZE` 26 (RFC 1870 §4), `BODY` 16 (RFC 3030 §2), `SMTPUTF8` 10
    /// (RFC 6531 §3.1), `RET` 9 and `ENVID` 101 (RFC 3461 §5.4: 8 and 100 characters, plus
    /// the space), `AUTH` 500 (RFC 4954 §3), `REQUIRETLS` 11 (RFC 8689 §2). For `MT-PRIORITY`,
    /// `BY`, `HOLDFOR` and `HOLDUNTIL` the length of the longest parameter the type can write,
    /// plus the space: 15, 17, 18 and 46.
    pub fn line_extension(&self) -> usize {
        let flag = |on: bool, n: usize| if on { n } else { 0 };
        flag(self.size.is_some(), 26)
            + flag(self.body.is_some(), 16)
            + flag(self.smtputf8, 10)
            + flag(self.ret.is_some(), 9)
            + flag(self.envid.is_some(), 101)
            + flag(self.auth.is_some(), 500)
            + flag(self.requiretls, 11)
            + flag(self.mt_priority.is_some(), " MT-PRIORITY=-9".len())
            + flag(self.deliver_by.is_some(), " BY=-999999999;RT".len())
            + match self.future_release {
                None => 0,
                Some(FutureRelease::HoldFor(_)) => " HOLDFOR=999999999".len(),
                Some(FutureRelease::HoldUntil(_)) => " HOLDUNTIL=".len() + MAX_DATE_TIME_LEN,
            }
    }

    /// The same parameters, owning their text.
    pub fn into_owned(self) -> MailParameters<'static> {
        MailParameters {
            size: self.size,
            body: self.body,
            smtputf8: self.smtputf8,
            ret: self.ret,
            envid: self.envid.map(Xtext::into_owned),
            auth: self.auth.map(MailAuth::into_owned),
            requiretls: self.requiretls,
            mt_priority: self.mt_priority,
            deliver_by: self.deliver_by,
            future_release: self.future_release.map(|r| match r {
                FutureRelease::HoldFor(s) => FutureRelease::HoldFor(s),
                FutureRelease::HoldUntil(t) => FutureRelease::HoldUntil(t.into_owned()),
            }),
            unknown: self
                .unknown
                .into_iter()
                .map(EsmtpParameter::into_owned)
                .collect(),
        }
    }
}

/// RFC 6710 `priority-value`: an optional sign and one digit.
fn parse_priority(value: &[u8]) -> Option<i8> {
    let (negative, digit) = match *value {
        [d] | [b'+', d] => (false, d),
        [b'-', d] => (true, d),
        _ => return None,
    };
    if !digit.is_ascii_digit() {
        return None;
    }
    let v = i8::try_from(digit - b'0').ok()?;
    Some(if negative { -v } else { v })
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
                    "SIZE=", "size=", "BODY=", "Body=", "SMTPUTF8", "smtputf8", "RET=", "ret=",
                    "ENVID=", "envid=", "SIZEX=", "SMTPUTF8=", "SMTPUTF8X", "RE=", "ENVIDS=",
                    "X-FOO=", "REQUIRETLS", "AUTH=", "BODY",
                ],
                vec![
                    "", "12345", "99999999999999999999", "123456789012345678901", "8BITMIME",
                    "7bit", "BINARYMIME", "8BIT", "FULL", "hdrs", "QQ1A+2Bx9", "QQ+2b", "\u{e9}",
                    "<>", "x=y",
                ],
                0..5,
            ),
            with_str in proptest::bool::ANY,
            lax in proptest::bool::ANY,
        ) {
            let opts = EnvelopeOptions::new().with_lax_spaces(lax);
            let text = with_str.then_some(rest.as_str());
            proptest::prop_assert_eq!(
                MailParameters::parse(rest.as_bytes(), text, 20, opts),
                MailParameters::parse_general(rest.as_bytes(), text, 20, opts)
            );
        }
    }

    #[test]
    fn priorities() {
        assert_eq!(parse_priority(b"0"), Some(0));
        assert_eq!(parse_priority(b"-9"), Some(-9));
        assert_eq!(parse_priority(b"+4"), Some(4));
        assert_eq!(parse_priority(b"-0"), Some(0));
        for bad in [&b"10"[..], b"-10", b"", b"-", b"a", b"+-1"] {
            assert_eq!(parse_priority(bad), None);
        }
    }

    #[test]
    fn extension_lengths() {
        assert_eq!(" MT-PRIORITY=-9".len(), 15);
        assert_eq!(" BY=-999999999;RT".len(), 17);
        assert_eq!(" HOLDFOR=999999999".len(), 18);
        assert_eq!(" HOLDUNTIL=".len() + MAX_DATE_TIME_LEN, 46);
    }
}
