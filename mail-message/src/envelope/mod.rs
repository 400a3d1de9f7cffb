//! The SMTP envelope (RFC 5321 §4.1.2; RFC 6531 for UTF-8; RFC 3461 for xtext).
//!
//! Types for everything the `MAIL` and `RCPT` commands carry, each with a parser and an
//! encoder:
//!
//! | RFC 5321 §4.1.2 rule | type |
//! |---|---|
//! | `Reverse-path = Path / "<>"` | [`ReversePath`] |
//! | `Forward-path = Path` (and `<Postmaster>`, §4.1.1.3) | [`ForwardPath`] |
//! | `Mailbox = Local-part "@" ( Domain / address-literal )` | [`Mailbox`], [`Host`] |
//! | `Local-part = Dot-string / Quoted-string` | [`LocalPart`] |
//! | `Domain = sub-domain *("." sub-domain)` | [`Domain`] |
//! | `address-literal` (§4.1.3) | [`AddressLiteral`], [`GeneralAddressLiteral`] |
//! | `esmtp-param = esmtp-keyword ["=" esmtp-value]` | [`EsmtpParameter`], [`EsmtpParameters`] |
//! | `xtext` (RFC 3461 §4) | [`encode_xtext`], [`decode_xtext`] |
//! | the `MAIL` + `RCPT` arguments of one transaction | [`Envelope`], [`Recipient`] |
//!
//! **Valid by construction.** Every value is checked when it is parsed or constructed —
//! the grammar, the size limits of RFC 5321 §4.5.3.1 (local part 64 octets, domain 255,
//! path 256), and UTF-8 only where [`EnvelopeOptions::smtputf8`] says SMTPUTF8 is in force.
//! So writing a value (its `Display`) cannot fail, writes exactly the wire form, and can
//! never put a CR, LF, NUL or other control character on the wire. Reading that back with
//! the same options gives the same value: `parse(encode(x)) == x`.
//!
//! **Zero-copy.** The parsers borrow from the input: nothing is allocated unless a
//! quoted local part holds a quoted-pair. `into_owned` detaches a value from its input.
//!
//! **For command parsers.** `parse_prefix` functions read a value at the start of a command
//! argument and return the rest, so the SMTP crate can go on with the parameters
//! ([`parse_parameters`]). Errors ([`EnvelopeError`]) say what was wrong and at which offset.
//! Source routes (`<@a,@b:user@c>`) are accepted and dropped (RFC 5321 §4.1.2, Appendix C).
//! Parsing is strict by default; [`EnvelopeOptions`] has switches for what some real
//! clients send.
//!
//! # Example
//!
//! ```
//! use mail_message::envelope::{
//!     Envelope, EnvelopeOptions, ForwardPath, Host, Recipient, ReversePath, parse_parameters,
//! };
//!
//! let opts = EnvelopeOptions::new();
//!
//! // What follows "MAIL FROM:" in a command line.
//! let (from, rest) = ReversePath::parse_prefix(b"<Smith@bar.com> SIZE=500000 BODY=8BITMIME", opts)?;
//! let params = parse_parameters(rest, opts)?;
//! assert_eq!(from.mailbox().unwrap().local_part().as_str(), "Smith");
//! assert_eq!(params.get("size").unwrap().value.as_ref().unwrap().as_str(), "500000");
//!
//! // What follows "RCPT TO:": a source route is dropped, the quoting made minimal.
//! let rcpt = Recipient::parse(br#"<@hosta.int,@jkl.org:"userc"@d.bar.org> NOTIFY=NEVER"#, opts)?;
//! assert_eq!(rcpt.to_string(), "<userc@d.bar.org> NOTIFY=NEVER");
//! let Some(Host::Domain(domain)) = rcpt.forward_path.mailbox().map(|m| m.host()) else {
//!     unreachable!()
//! };
//! assert_eq!(domain.as_str(), "d.bar.org");
//!
//! // The special recipient, and the null reverse-path of a bounce.
//! assert_eq!(ForwardPath::parse(b"<postmaster>", opts)?, ForwardPath::Postmaster);
//! let mut bounce = Envelope::new(ReversePath::parse(b"<>", opts)?);
//! bounce.recipients.push(rcpt);
//! assert_eq!(bounce.mail_argument().to_string(), "<>");
//!
//! // UTF-8 only under SMTPUTF8 (RFC 6531).
//! assert!(ReversePath::parse("<jöran@bücher.example>".as_bytes(), opts).is_err());
//! let utf8 = EnvelopeOptions::new().with_smtputf8(true);
//! let intl = ReversePath::parse("<jöran@bücher.example>".as_bytes(), utf8)?;
//! assert_eq!(intl.to_string(), "<jöran@bücher.example>");
//! # Ok::<(), mail_message::envelope::EnvelopeError>(())
//! ```

mod address_literal;
mod domain;
mod error;
mod local_part;
mod mailbox;
mod options;
mod parameter;
mod path;
mod plain;
mod transaction;
mod xtext;

pub use address_literal::{AddressLiteral, GeneralAddressLiteral};
pub use domain::Domain;
pub use error::EnvelopeError;
pub use local_part::LocalPart;
pub use mailbox::{Host, Mailbox};
pub use options::{
    EnvelopeOptions, MAX_DOMAIN_LEN, MAX_LABEL_LEN, MAX_LOCAL_PART_LEN, MAX_MAILBOX_LEN,
    MAX_PATH_LEN,
};
pub use parameter::{EsmtpKeyword, EsmtpParameter, EsmtpParameters, EsmtpValue, parse_parameters};
pub use path::{ForwardPath, ReversePath};
pub use transaction::{Envelope, MailArgument, Recipient};
pub use xtext::{decode_xtext, encode_xtext};
