//! The envelope of one mail transaction (RFC 5321 §2.3.1, §3.3): the reverse-path and
//! parameters of `MAIL`, and the forward-path and parameters of each `RCPT`.

use std::fmt;

use super::error::EnvelopeError;
use super::options::EnvelopeOptions;
use super::parameter::{EsmtpParameters, parse_parameters};
use super::path::{ForwardPath, ReversePath};

/// One recipient of a transaction: the argument of `RCPT TO:` (RFC 5321 §4.1.1.3),
/// `Forward-path [SP Rcpt-parameters]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Recipient<'a> {
    /// Where to deliver.
    pub forward_path: ForwardPath<'a>,
    /// The `Rcpt-parameters` (`NOTIFY`, `ORCPT` ...).
    pub parameters: EsmtpParameters<'a>,
}

/// The envelope of a mail transaction (RFC 5321 §2.3.1): who gets bounces, who gets the
/// message, and the ESMTP parameters of each command.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Envelope<'a> {
    /// The `MAIL FROM:` reverse-path.
    pub reverse_path: ReversePath<'a>,
    /// The `Mail-parameters` (`SIZE`, `BODY`, `SMTPUTF8`, `ENVID`, `RET` ...).
    pub mail_parameters: EsmtpParameters<'a>,
    /// The accepted recipients, in order.
    pub recipients: Vec<Recipient<'a>>,
}

impl<'a> Recipient<'a> {
    /// A recipient without parameters.
    pub fn new(forward_path: ForwardPath<'a>) -> Self {
        Recipient {
            forward_path,
            parameters: EsmtpParameters::new(),
        }
    }

    /// Parses the argument of `RCPT TO:`: `Forward-path [SP Rcpt-parameters]`.
    ///
    /// # Errors
    /// As [`ForwardPath::parse_prefix`] and [`parse_parameters`], offsets into `input`.
    pub fn parse(input: &'a [u8], opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let (forward_path, rest) = ForwardPath::parse_prefix(input, opts)?;
        let parameters =
            parse_parameters(rest, opts).map_err(|e| e.shifted(input.len() - rest.len()))?;
        Ok(Recipient {
            forward_path,
            parameters,
        })
    }

    /// `true` when the path and parameters are all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.forward_path.is_ascii() && self.parameters.is_ascii()
    }

    /// The same recipient, owning its text.
    pub fn into_owned(self) -> Recipient<'static> {
        Recipient {
            forward_path: self.forward_path.into_owned(),
            parameters: self.parameters.into_owned(),
        }
    }
}

/// Writes the `RCPT TO:` argument: `<path>` and ` KEYWORD=value` per parameter.
impl fmt::Display for Recipient<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_argument(f, &self.forward_path, &self.parameters)
    }
}

fn write_argument(
    f: &mut fmt::Formatter<'_>,
    path: &dyn fmt::Display,
    parameters: &EsmtpParameters<'_>,
) -> fmt::Result {
    write!(f, "{path}")?;
    for p in parameters {
        write!(f, " {p}")?;
    }
    Ok(())
}

/// The `MAIL FROM:` argument of an envelope, see [`Envelope::mail_argument`].
#[derive(Debug, Clone, Copy)]
pub struct MailArgument<'e, 'a>(&'e Envelope<'a>);

/// Writes `<path>` and ` KEYWORD=value` per parameter.
impl fmt::Display for MailArgument<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_argument(f, &self.0.reverse_path, &self.0.mail_parameters)
    }
}

impl<'a> Envelope<'a> {
    /// An envelope with this reverse-path, no parameters and no recipients yet.
    pub fn new(reverse_path: ReversePath<'a>) -> Self {
        Envelope {
            reverse_path,
            mail_parameters: EsmtpParameters::new(),
            recipients: Vec::new(),
        }
    }

    /// Starts an envelope from the argument of `MAIL FROM:`:
    /// `Reverse-path [SP Mail-parameters]` (RFC 5321 §4.1.1.2).
    ///
    /// # Errors
    /// As [`ReversePath::parse_prefix`] and [`parse_parameters`], offsets into `input`.
    pub fn parse_mail_argument(
        input: &'a [u8],
        opts: EnvelopeOptions,
    ) -> Result<Self, EnvelopeError> {
        let (reverse_path, rest) = ReversePath::parse_prefix(input, opts)?;
        let mail_parameters =
            parse_parameters(rest, opts).map_err(|e| e.shifted(input.len() - rest.len()))?;
        Ok(Envelope {
            reverse_path,
            mail_parameters,
            recipients: Vec::new(),
        })
    }

    /// The `MAIL FROM:` argument, for writing: `<path>` and ` KEYWORD=value` per parameter.
    /// [`parse_mail_argument`](Self::parse_mail_argument) reads it back.
    pub fn mail_argument(&self) -> MailArgument<'_, 'a> {
        MailArgument(self)
    }

    /// `true` when some path or parameter is not ASCII, so the transaction needs SMTPUTF8
    /// (RFC 6531 §3.4).
    pub fn requires_smtputf8(&self) -> bool {
        !(self.reverse_path.is_ascii()
            && self.mail_parameters.is_ascii()
            && self.recipients.iter().all(Recipient::is_ascii))
    }

    /// `true` when the `MAIL` command carried the `SMTPUTF8` parameter (RFC 6531 §3.4), so the
    /// transaction may use UTF-8 addresses.
    pub fn declares_smtputf8(&self) -> bool {
        self.mail_parameters.contains("SMTPUTF8")
    }

    /// The same envelope, owning its text.
    pub fn into_owned(self) -> Envelope<'static> {
        Envelope {
            reverse_path: self.reverse_path.into_owned(),
            mail_parameters: self.mail_parameters.into_owned(),
            recipients: self
                .recipients
                .into_iter()
                .map(Recipient::into_owned)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::error::syntax;

    const ASCII: EnvelopeOptions = EnvelopeOptions::new();

    #[test]
    fn mail_and_rcpt_arguments() {
        let mut env =
            Envelope::parse_mail_argument(b"<Alice@Example.ORG> RET=HDRS ENVID=QQ314159", ASCII)
                .unwrap();
        assert_eq!(env.reverse_path.to_string(), "<Alice@Example.ORG>");
        assert_eq!(
            env.mail_parameters.get("envid").unwrap().to_string(),
            "ENVID=QQ314159"
        );
        let r = Recipient::parse(
            b"<Bob@Example.COM> NOTIFY=SUCCESS ORCPT=rfc822;Bob@Example.COM",
            ASCII,
        )
        .unwrap();
        assert_eq!(
            r.to_string(),
            "<Bob@Example.COM> NOTIFY=SUCCESS ORCPT=rfc822;Bob@Example.COM"
        );
        env.recipients.push(r);
        env.recipients.push(Recipient::new(ForwardPath::Postmaster));
        assert_eq!(
            env.mail_argument().to_string(),
            "<Alice@Example.ORG> RET=HDRS ENVID=QQ314159"
        );
        assert!(!env.requires_smtputf8());
        assert_eq!(env.clone().into_owned(), env);
        assert_eq!(
            Recipient::new(ForwardPath::Postmaster).to_string(),
            "<Postmaster>"
        );
    }

    #[test]
    fn errors_are_offset_into_the_argument() {
        assert_eq!(
            Recipient::parse(b"<a@b>SIZE=1", ASCII),
            Err(syntax(5, "SP"))
        );
        assert_eq!(
            Recipient::parse(b"<a@b> SIZE=", ASCII),
            Err(syntax(11, "esmtp-value"))
        );
        assert_eq!(
            Envelope::parse_mail_argument(b"<> =", ASCII),
            Err(syntax(3, "esmtp-keyword"))
        );
    }

    #[test]
    fn utf8_needs_smtputf8() {
        let utf8 = ASCII.with_smtputf8(true);
        let env =
            Envelope::parse_mail_argument("<jöran@example.com> SMTPUTF8".as_bytes(), utf8).unwrap();
        assert!(env.requires_smtputf8() && env.declares_smtputf8());
        let env = Envelope::parse_mail_argument("<jöran@example.com>".as_bytes(), utf8).unwrap();
        assert!(env.requires_smtputf8() && !env.declares_smtputf8());
        assert_eq!(
            Envelope::parse_mail_argument("<jöran@example.com>".as_bytes(), ASCII),
            Err(EnvelopeError::Utf8NotAllowed { offset: 2 })
        );
    }
}
