//! # mail-message
//!
//! The message layer of the mail engines: what travels *in* SMTP, POP3 and IMAP.
//!
//! - [`envelope`]: the RFC 5321 envelope — [`ReversePath`](envelope::ReversePath),
//!   [`ForwardPath`](envelope::ForwardPath), [`Mailbox`](envelope::Mailbox), address literals,
//!   ESMTP parameters and xtext — valid by construction, parsed zero-copy, written back exactly.
//! - [`Message`]: an RFC 5322 / MIME message parsed in one pass over its bytes. Header fields are
//!   kept raw (name, folded value, exact bytes and offset, as DKIM needs them) and decoded on
//!   demand: addresses, dates, message ids, `Received`, RFC 2047 text ([`field`]); the MIME tree
//!   follows RFC 2046's boundary rules ([`mime`]); bodies are transfer- and charset-decoded on
//!   demand ([`decode`]).
//! - [`builder`]: writes messages with correct wire bytes — folding, RFC 2047 and RFC 2231
//!   encoding, transfer encodings chosen by content, multiparts — and refuses header injection.
//!
//! ## Parsing never fails on malformed mail
//!
//! Real mail is often broken. [`Message::parse`] repairs what it can and lists what it repaired
//! as typed [`Defect`]s ([`Message::defects`] for the structure, [`Message::all_defects`] after
//! decoding every field and body). Only a resource limit ([`Limits`]: nesting depth 64, 10,000
//! parts) stops it, with a [`LimitError`].
//!
//! ## Zero-copy, no clock, no randomness
//!
//! A [`Message<'a>`](Message) borrows its input and keeps offsets only; accessors return
//! `Cow`s borrowed from it whenever nothing had to be decoded, and
//! [`into_owned`](Message::into_owned) is a single copy of the bytes. Nothing in this crate
//! reads a clock or draws a random number: the builder takes the `Date`, the `Message-ID` and
//! the MIME boundaries from its caller.
//!
//! ## A message built and parsed back
//!
//! ```
//! use mail_message::builder::{MessageBuilder, MimePart, SequentialBoundaries, mailbox, named_mailbox};
//! use mail_message::field::date::DateTime;
//! use mail_message::field::message_id::MessageId;
//! use mail_message::Message;
//!
//! // Build: the caller supplies the date, the Message-ID and the boundaries.
//! let draft = MessageBuilder::new()
//!     .date(DateTime::new(2024, 3, 1, 9, 30, 0, Some(60)).unwrap())
//!     .from(named_mailbox("Zoë Martin", "zoe@example.org"))
//!     .to(mailbox("team@example.com"))
//!     .bcc(mailbox("archive@example.org"))
//!     .message_id(MessageId("20240301.1@example.org".into()))
//!     .subject("Café menu — week 10")
//!     .text_body("Menu attached.\n")
//!     .attachment(MimePart::attachment("text/csv", "menü.csv", &b"day,dish\r\nMon,soup\r\n"[..]));
//! let bytes = draft.build(&mut SequentialBoundaries::default())?;
//! // Bcc recipients belong to the envelope, not to the message (RFC 5322 §3.6.3).
//! assert_eq!(draft.recipients().len(), 2);
//! assert!(!bytes.windows(4).any(|w| w.eq_ignore_ascii_case(b"bcc:")));
//!
//! // Parse: zero-copy; fields and bodies decoded on demand.
//! let message = Message::parse(&bytes)?;
//! assert_eq!(message.subject().as_deref(), Some("Café menu — week 10"));
//! let from = message.from();
//! let author = from.mailboxes().next().unwrap();
//! assert_eq!((author.name.as_deref(), author.address().as_str()), (Some("Zoë Martin"), "zoe@example.org"));
//! assert_eq!(message.date().unwrap().to_rfc3339(), "2024-03-01T09:30:00+01:00");
//!
//! let parts: Vec<_> = message.leaf_parts().collect();
//! assert_eq!(parts[0].text(), "Menu attached.\r\n");
//! assert_eq!(parts[1].filename().as_deref(), Some("menü.csv"));
//! assert_eq!(parts[1].decoded_body().as_ref(), b"day,dish\r\nMon,soup\r\n");
//! assert_eq!(parts[1].section().to_string(), "2");
//! assert!(message.all_defects().is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Malformed mail
//!
//! ```
//! use mail_message::{DefectKind, Message};
//!
//! let raw = b"Subject: =?utf-8?q?caf=C3=A9?=\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nno close delimiter\r\n";
//! let message = Message::parse(raw)?;
//! assert_eq!(message.subject().as_deref(), Some("café"));
//! assert_eq!(message.leaf_parts().next().unwrap().raw_body(), b"no close delimiter\r\n");
//! assert_eq!(message.defects()[0].kind, DefectKind::CloseBoundaryNotFound);
//! # Ok::<(), mail_message::LimitError>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builder;
pub mod decode;
pub mod defect;
pub mod envelope;
pub mod field;
pub mod header;
mod lex;
mod message;
pub mod mime;

pub use defect::{Defect, DefectKind};
pub use header::{HeaderField, HeaderSection, Headers};
pub use message::{LimitError, Limits, Message};
pub use mime::Part;
