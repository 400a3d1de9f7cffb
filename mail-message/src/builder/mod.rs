//! Writing messages: a builder that produces correct RFC 5322 / MIME wire bytes.
//!
//! [`MessageBuilder`] collects the header fields of a message and a body made of
//! [`MimePart`]s, and [`MessageBuilder::build`] writes them as the RFCs require:
//!
//! - **Line breaks** are CRLF everywhere; no line exceeds 998 octets (RFC 5322 §2.1.1), header
//!   lines are folded at 78 octets, only before white space (§2.2.3), and a line holding an
//!   encoded word keeps to 76 (RFC 2047 §2).
//! - **Non-ASCII header text** becomes RFC 2047 encoded words (UTF-8, Q or B, whichever is
//!   shorter), at most 75 characters each and never splitting a character; display names use
//!   the restricted Q alphabet of §5(3). Parameters (`filename`) use RFC 2231, never RFC 2047.
//! - **Transfer encodings** are chosen by content: `7bit`, `8bit` (only when
//!   [`allow_8bit`](MessageBuilder::allow_8bit) says the transport has 8BITMIME),
//!   quoted-printable for mostly-ASCII text, base64 otherwise; encoded lines keep to 76
//!   characters (RFC 2045 §6.7, §6.8).
//! - **Header injection** cannot happen: a CR, LF or NUL in any header value, name,
//!   display name, address, parameter or file name the application gives is refused with
//!   [`BuildError::InvalidCharacter`] naming the field.
//! - **Bcc** recipients belong to the envelope: `Bcc` is not written unless
//!   [`include_bcc`](MessageBuilder::include_bcc) asks for it (RFC 5322 §3.6.3, e.g. for the
//!   sender's own copy); [`recipients`](MessageBuilder::recipients) lists every envelope
//!   recipient for the SMTP transaction.
//! - **Nothing is invented**: the builder reads no clock and draws no random number. The
//!   application gives `Date` and `Message-ID`, and multipart boundaries come from a
//!   [`BoundaryGenerator`] (any `FnMut() -> String`, or [`SequentialBoundaries`]); each
//!   boundary is checked not to occur in the content it encloses (RFC 2046 §5.1.1).
//!
//! # Example
//!
//! A text and HTML message with a PDF attachment, built and then read back:
//!
//! ```
//! use mail_message::Message;
//! use mail_message::builder::{MessageBuilder, MimePart, SequentialBoundaries, mailbox, named_mailbox};
//! use mail_message::field::date::DateTime;
//! use mail_message::field::message_id::MessageId;
//!
//! let pdf = b"%PDF-1.7\n...".to_vec();
//! let message = MessageBuilder::new()
//!     .date(DateTime::new(2024, 3, 1, 9, 30, 0, Some(60)).unwrap())
//!     .from(named_mailbox("Zoë Martin", "zoe@example.org"))
//!     .to(mailbox("team@example.com"))
//!     .bcc(mailbox("archive@example.org"))
//!     .message_id(MessageId("20240301093000.1@example.org".into()))
//!     .subject("Quarterly report — final version")
//!     .text_body("Hello,\nthe report is attached.\n")
//!     .html_body("<p>Hello,<br>the report is attached.</p>\n")
//!     .attachment(MimePart::attachment("application/pdf", "Bericht Q3 (endgültig).pdf", pdf.clone()));
//!
//! // In an application the boundaries would be random, e.g. `|| random_boundary()`.
//! let bytes = message.build(&mut SequentialBoundaries::default()).unwrap();
//!
//! // The envelope gets every recipient; the header does not show the Bcc.
//! let rcpt: Vec<String> = message
//!     .recipients()
//!     .iter()
//!     .map(|m| format!("{}@{}", m.local_part, m.domain))
//!     .collect();
//! assert_eq!(rcpt, ["team@example.com", "archive@example.org"]);
//!
//! let text = String::from_utf8(bytes.clone()).unwrap();
//! assert!(text.starts_with(
//!     "Date: Fri, 1 Mar 2024 09:30:00 +0100\r\n\
//!      From: =?utf-8?q?Zo=C3=AB?= Martin <zoe@example.org>\r\n\
//!      To: team@example.com\r\n\
//!      Message-ID: <20240301093000.1@example.org>\r\n\
//!      Subject: Quarterly report =?utf-8?b?4oCU?= final version\r\n\
//!      MIME-Version: 1.0\r\n\
//!      Content-Type: multipart/mixed; boundary=\"=_boundary_2_\"\r\n"
//! ));
//! assert!(text.contains("filename*=utf-8''Bericht%20Q3%20%28endg%C3%BCltig%29.pdf"));
//! assert!(!text.contains("archive@"));
//! assert!(text.split("\r\n").all(|line| line.len() <= 78));
//!
//! // Read back: a mixed multipart holding an alternative and the attachment.
//! let parsed = Message::parse(&bytes).unwrap();
//! assert!(parsed.defects().is_empty());
//! let root = parsed.root();
//! assert!(root.content_type().is("multipart", "mixed"));
//! let parts: Vec<_> = root.children().collect();
//! assert!(parts[0].content_type().is("multipart", "alternative"));
//! assert!(parts[1].content_type().is("application", "pdf"));
//! assert_eq!(
//!     parts[0].children().next().unwrap().raw_body(),
//!     b"Hello,\r\nthe report is attached.\r\n"
//! );
//! ```

mod address;
mod boundary;
mod encoded_word;
mod error;
mod fold;
mod message;
mod parameter;
mod part;
mod render;
mod transfer;

use std::borrow::Cow;

pub use address::{mailbox, named_mailbox};
pub use boundary::{
    BoundaryGenerator, MAX_BOUNDARY_TRIES, SequentialBoundaries, validate_boundary,
};
pub use error::{AddressProblem, BoundaryProblem, BuildError, Component};
pub use part::MimePart;
pub use transfer::{encode_base64, encode_quoted_printable};

use crate::envelope::{self, Envelope, EnvelopeOptions, ForwardPath, Recipient, ReversePath};
use crate::field::address::{Address, Mailbox};
use crate::field::date::DateTime;
use crate::field::message_id::MessageId;

use render::Renderer;

/// The fields the builder writes itself; [`MessageBuilder::header`] refuses them.
const RESERVED: [&str; 17] = [
    "Date",
    "From",
    "Sender",
    "Reply-To",
    "To",
    "Cc",
    "Bcc",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Subject",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Content-Disposition",
    "Content-ID",
    "Content-Description",
];

/// Builds an RFC 5322 message with a MIME body and writes its wire bytes.
///
/// Setters take ownership and return the builder, so a message is one chain of calls; the
/// list fields (`from`, `to`, `cc`, `bcc`, `reply_to`, `in_reply_to`, `references`, `header`,
/// `attachment`) append. Nothing is checked until [`build`](MessageBuilder::build), which
/// writes the fields in the order RFC 5322 §3.6 lists them (`Date`, `From`, `Sender`,
/// `Reply-To`, `To`, `Cc`, `Bcc`, `Message-ID`, `In-Reply-To`, `References`, `Subject`), then
/// the extension fields in the order given, then `MIME-Version: 1.0` and the body's
/// `Content-*` fields when there is a body.
///
/// See the [module documentation](self) for an example.
#[derive(Debug, Clone, Default)]
pub struct MessageBuilder<'a> {
    date: Option<DateTime>,
    from: Vec<Mailbox<'a>>,
    sender: Option<Mailbox<'a>>,
    reply_to: Vec<Address<'a>>,
    to: Vec<Address<'a>>,
    cc: Vec<Address<'a>>,
    bcc: Vec<Address<'a>>,
    message_id: Option<MessageId<'a>>,
    in_reply_to: Vec<MessageId<'a>>,
    references: Vec<MessageId<'a>>,
    subject: Option<Cow<'a, str>>,
    /// Extension fields: name, value, and `true` for a value written as given.
    fields: Vec<(Cow<'a, str>, Cow<'a, str>, bool)>,
    text: Option<Cow<'a, str>>,
    html: Option<Cow<'a, str>>,
    body: Option<MimePart<'a>>,
    attachments: Vec<MimePart<'a>>,
    include_bcc: bool,
    allow_8bit: bool,
    smtputf8: bool,
}

impl<'a> MessageBuilder<'a> {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `Date` (RFC 5322 §3.6.1, required): when the message was ready to be sent.
    #[must_use]
    pub fn date(mut self, date: DateTime) -> Self {
        self.date = Some(date);
        self
    }

    /// Adds an author to `From` (RFC 5322 §3.6.2, at least one required; with several, a
    /// [`sender`](MessageBuilder::sender) is required too).
    #[must_use]
    pub fn from(mut self, mailbox: Mailbox<'a>) -> Self {
        self.from.push(mailbox);
        self
    }

    /// Sets `Sender` (RFC 5322 §3.6.2): the mailbox that actually sent the message.
    #[must_use]
    pub fn sender(mut self, mailbox: Mailbox<'a>) -> Self {
        self.sender = Some(mailbox);
        self
    }

    /// Adds a mailbox or group to `Reply-To` (RFC 5322 §3.6.2).
    #[must_use]
    pub fn reply_to(mut self, address: impl Into<Address<'a>>) -> Self {
        self.reply_to.push(address.into());
        self
    }

    /// Adds a mailbox or group to `To` (RFC 5322 §3.6.3).
    #[must_use]
    pub fn to(mut self, address: impl Into<Address<'a>>) -> Self {
        self.to.push(address.into());
        self
    }

    /// Adds a mailbox or group to `Cc` (RFC 5322 §3.6.3).
    #[must_use]
    pub fn cc(mut self, address: impl Into<Address<'a>>) -> Self {
        self.cc.push(address.into());
        self
    }

    /// Adds a blind recipient (RFC 5322 §3.6.3). It is an envelope recipient
    /// ([`recipients`](MessageBuilder::recipients)) but not written into the message unless
    /// [`include_bcc`](MessageBuilder::include_bcc) is set.
    #[must_use]
    pub fn bcc(mut self, address: impl Into<Address<'a>>) -> Self {
        self.bcc.push(address.into());
        self
    }

    /// Sets `Message-ID` (RFC 5322 §3.6.4): the identifier without angle brackets,
    /// `id-left@id-right`.
    #[must_use]
    pub fn message_id(mut self, id: MessageId<'a>) -> Self {
        self.message_id = Some(id);
        self
    }

    /// Adds an identifier to `In-Reply-To` (RFC 5322 §3.6.4).
    #[must_use]
    pub fn in_reply_to(mut self, id: MessageId<'a>) -> Self {
        self.in_reply_to.push(id);
        self
    }

    /// Adds an identifier to `References` (RFC 5322 §3.6.4).
    #[must_use]
    pub fn references(mut self, id: MessageId<'a>) -> Self {
        self.references.push(id);
        self
    }

    /// Sets `Subject` (RFC 5322 §3.6.5), any Unicode text; white space at both ends is not
    /// written.
    #[must_use]
    pub fn subject(mut self, subject: impl Into<Cow<'a, str>>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Adds an extension field (RFC 5322 §3.6.8), e.g. `X-Mailer` or `List-Id`. The name must
    /// be printable US-ASCII without colon and not one the builder writes itself; the value is
    /// written as unstructured text (folded, RFC 2047 where needed).
    #[must_use]
    pub fn header(mut self, name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        self.fields.push((name.into(), value.into(), false));
        self
    }

    /// Adds an extension field whose value has a syntax of its own (`List-Unsubscribe`,
    /// `Autocrypt`, `Received`, …): written exactly as given, folded only before white space,
    /// never RFC 2047-encoded. The value must be printable US-ASCII (and white space); a
    /// non-ASCII character is refused with [`BuildError::InvalidCharacter`], a run of more
    /// than 997 octets without white space with [`BuildError::LineTooLong`].
    #[must_use]
    pub fn structured_header(
        mut self,
        name: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Self {
        self.fields.push((name.into(), value.into(), true));
        self
    }

    /// Sets a `text/plain` body (with an [`html_body`](MessageBuilder::html_body) too, the
    /// two form a `multipart/alternative`). Replaces a [`body`](MessageBuilder::body).
    #[must_use]
    pub fn text_body(mut self, text: impl Into<Cow<'a, str>>) -> Self {
        self.text = Some(text.into());
        self.body = None;
        self
    }

    /// Sets a `text/html` body. Replaces a [`body`](MessageBuilder::body).
    #[must_use]
    pub fn html_body(mut self, html: impl Into<Cow<'a, str>>) -> Self {
        self.html = Some(html.into());
        self.body = None;
        self
    }

    /// Sets the body to any part tree. Replaces the text and HTML bodies.
    #[must_use]
    pub fn body(mut self, part: MimePart<'a>) -> Self {
        self.body = Some(part);
        self.text = None;
        self.html = None;
        self
    }

    /// Adds an attachment: with any attachment the body becomes a `multipart/mixed` of the
    /// main body (if any) followed by the attachments.
    #[must_use]
    pub fn attachment(mut self, part: MimePart<'a>) -> Self {
        self.attachments.push(part);
        self
    }

    /// Writes the `Bcc` field (for the sender's own copy, RFC 5322 §3.6.3). Off by default:
    /// a message meant for transmission must not show its blind recipients.
    #[must_use]
    pub fn include_bcc(mut self, include: bool) -> Self {
        self.include_bcc = include;
        self
    }

    /// Allows `8bit` bodies (the transport announced 8BITMIME, RFC 6152). Off by default:
    /// 8-bit text is then quoted-printable or base64.
    #[must_use]
    pub fn allow_8bit(mut self, allow: bool) -> Self {
        self.allow_8bit = allow;
        self
    }

    /// Allows UTF-8 local parts and domains in addresses (RFC 6532 §3.2; the transport
    /// announced SMTPUTF8, RFC 6531). Off by default: such addresses are then refused with
    /// [`AddressProblem::NonAscii`]. Display names and other text use RFC 2047 either way.
    #[must_use]
    pub fn smtputf8(mut self, allow: bool) -> Self {
        self.smtputf8 = allow;
        self
    }

    /// Every envelope recipient (RFC 5321 `RCPT TO`): the mailboxes of `To`, `Cc` and `Bcc`,
    /// group members included, each address once (local part compared exactly, domain
    /// case-insensitively), in order of appearance.
    pub fn recipients(&self) -> Vec<&Mailbox<'a>> {
        let mut out: Vec<&Mailbox<'a>> = Vec::new();
        let all = self.to.iter().chain(&self.cc).chain(&self.bcc);
        for address in all {
            let members = match address {
                Address::Mailbox(m) => std::slice::from_ref(m),
                Address::Group(g) => g.members.as_slice(),
            };
            for m in members {
                let seen = out.iter().any(|o| {
                    o.local_part == m.local_part && o.domain.eq_ignore_ascii_case(&m.domain)
                });
                if !seen {
                    out.push(m);
                }
            }
        }
        out
    }

    /// The SMTP envelope of the message (RFC 5321 §2.3.1): the reverse-path is the `Sender`,
    /// else the first `From` mailbox; the recipients are [`recipients`](Self::recipients).
    /// No ESMTP parameters are set: the application adds `SIZE`, `BODY=8BITMIME` (with
    /// [`allow_8bit`](Self::allow_8bit)) or `SMTPUTF8` as its transaction needs.
    ///
    /// # Errors
    /// [`BuildError::MissingField`] without `From`; [`BuildError::InvalidAddress`] for an
    /// address that cannot be written or is not a valid RFC 5321 mailbox
    /// ([`AddressProblem::NotSmtp`]).
    pub fn envelope(&self) -> Result<Envelope<'static>, BuildError> {
        let sender = self
            .sender
            .as_ref()
            .or(self.from.first())
            .ok_or(BuildError::MissingField("From"))?;
        let field = if self.sender.is_some() {
            "Sender"
        } else {
            "From"
        };
        let reverse = ReversePath::Mailbox(self.smtp_mailbox(field, sender)?);
        let mut envelope = Envelope::new(reverse);
        for m in self.recipients() {
            let forward = ForwardPath::Mailbox(self.smtp_mailbox("To", m)?);
            envelope.recipients.push(Recipient::new(forward));
        }
        Ok(envelope)
    }

    /// `mailbox` as an RFC 5321 mailbox.
    fn smtp_mailbox(
        &self,
        field: &str,
        mailbox: &Mailbox<'_>,
    ) -> Result<envelope::Mailbox<'static>, BuildError> {
        let spec = address::addr_spec(field, mailbox, self.smtputf8)?;
        let opts = EnvelopeOptions::new().with_smtputf8(self.smtputf8);
        envelope::Mailbox::parse(spec.as_bytes(), opts)
            .map(envelope::Mailbox::into_owned)
            .map_err(|_| BuildError::InvalidAddress {
                field: field.to_owned(),
                address: format!("{}@{}", mailbox.local_part, mailbox.domain),
                problem: AddressProblem::NotSmtp,
            })
    }

    /// Writes the message and returns its bytes.
    ///
    /// # Errors
    /// [`BuildError`] when a required field is missing or a value cannot be written safely.
    pub fn build(&self, boundaries: &mut impl BoundaryGenerator) -> Result<Vec<u8>, BuildError> {
        let mut out = Vec::new();
        self.write_to(&mut out, boundaries)?;
        Ok(out)
    }

    /// Appends the message to `out`. On error, `out` is left as it was.
    ///
    /// # Errors
    /// As [`build`](MessageBuilder::build).
    pub fn write_to(
        &self,
        out: &mut Vec<u8>,
        boundaries: &mut impl BoundaryGenerator,
    ) -> Result<(), BuildError> {
        let mut renderer = Renderer {
            allow_8bit: self.allow_8bit,
            smtputf8: self.smtputf8,
            boundaries,
        };
        let start = out.len();
        let result = self.write_message(&mut renderer, out);
        if result.is_err() {
            out.truncate(start);
        }
        result.map(|_| ())
    }
}
