//! # imap-proto
//!
//! `IMAP4rev1` (RFC 3501) and `IMAP4rev2` (RFC 9051) without I/O. **What exists today is the
//! codec, both directions: the core values, framing, client commands and server
//! responses**:
//!
//! - [`types`]: the core values of the grammar — [`Tag`](types::Tag), [`Atom`](types::Atom),
//!   strings ([`AString`](types::AString), [`NString`](types::NString),
//!   [`IString`](types::IString), [`Quoted`](types::Quoted), [`Literal`](types::Literal)
//!   `{n}`/`{n+}`, [`Literal8`](types::Literal8) `~{n}`), [`SequenceSet`](types::SequenceSet)
//!   (with `$`), [`Mailbox`](types::Mailbox) (the INBOX rule, modified UTF-7 and UTF-8
//!   names), [`Flag`](types::Flag), [`Date`](types::Date), [`DateTime`](types::DateTime) and
//!   [`Secret`](types::Secret) — each parsed without copying (borrowing, with
//!   `into_owned()`), typed errors with offsets, `Incomplete` told apart from invalid;
//! - [`encode`]: a [`Writer`](encode::Writer) that picks the cheapest correct form of each
//!   string (atom, quoted, literal) and yields line and literal fragments so a client can
//!   wait for `+` before a synchronizing literal;
//! - [`frame`]: the framing stage that cuts a byte stream (either direction) into lines and
//!   literals under limits, reports literal announcements, and skips a bad message without
//!   losing the next one;
//! - [`command`]: client commands, parsed by a server from a whole framed message
//!   ([`Command::parse`](command::Command::parse), zero-copy, a typed
//!   [`CommandError`](command::CommandError) that keeps the tag for a `BAD`) and written by a
//!   client ([`Encode`](encode::Encode)): `CAPABILITY`, `NOOP`, `LOGOUT`, `ID`, `ENABLE`,
//!   `STARTTLS`, `LOGIN`, `AUTHENTICATE` (SASL-IR) and its continuation lines, `SELECT` /
//!   `EXAMINE` (`CONDSTORE`, `QRESYNC`), `CREATE` (`USE`), `DELETE`, `RENAME`, `SUBSCRIBE`,
//!   `UNSUBSCRIBE`, `LIST` (LIST-EXTENDED, LIST-STATUS), `LSUB`, `NAMESPACE`, `STATUS`, `APPEND` (`literal` /
//!   `literal8`), `IDLE` / `DONE`, `CHECK`, `CLOSE`, `UNSELECT`, `EXPUNGE`, `UID EXPUNGE`,
//!   `COPY`, `MOVE`, `STORE` (`UNCHANGEDSINCE`), `FETCH` (section specs, partials, `BINARY`,
//!   `MODSEQ`, `CHANGEDSINCE`/`VANISHED`), `SEARCH` (every key, nested and bounded,
//!   `CHARSET`, ESEARCH `RETURN` options, `SAVE`, `MODSEQ` metadata entries), `SORT`,
//!   `THREAD`, `GETQUOTA`/`GETQUOTAROOT`/`SETQUOTA`, `COMPRESS`, MULTIAPPEND, the OBJECTID
//!   and Gmail `X-GM-EXT-1` items, and their `UID` forms.
//!
//! - [`response`]: server responses, parsed by a client from a whole framed message
//!   ([`Response::parse`](response::Response::parse), zero-copy, deviations of real servers
//!   accepted as [`Quirks`](response::Quirks) say) and written by a server
//!   ([`Encode`](encode::Encode)): tagged and untagged status responses with every response
//!   code of RFC 3501, RFC 9051 and the extensions (UIDPLUS, CONDSTORE/QRESYNC, RFC 5530,
//!   QUOTA, OBJECTID, …), continuation requests, the [`Greeting`](response::Greeting), and
//!   the untagged data `CAPABILITY`, `ENABLED`, `ID`, `NAMESPACE`, `LIST`/`LSUB`
//!   (LIST-EXTENDED, SPECIAL-USE), `STATUS`, `SEARCH`, `ESEARCH`, `SORT`, `THREAD`, `FLAGS`,
//!   `EXISTS`, `RECENT`, `EXPUNGE`, `FETCH`, `VANISHED`, `QUOTA` and `QUOTAROOT`;
//! - [`response::fetch`]: every FETCH data item — `UID`, `FLAGS`, `INTERNALDATE`,
//!   `RFC822.SIZE`, `ENVELOPE`, `BODY` / `BODYSTRUCTURE` for every body type with extension
//!   data (nesting bounded), `BODY[section]<origin>`, `BINARY[…]` (`literal8`),
//!   `BINARY.SIZE`, `RFC822*`, `MODSEQ`, `EMAILID` / `THREADID` and Gmail's `X-GM-*` items —
//!   literal data sliced by its length, never copied.
//!
//! **Not written yet**: ESORT's `RETURN`, ESEARCH's `IN` form and `UTF8` APPEND data (see
//! [`command`]; their RFCs are not among the ones this crate follows yet); and the client
//! and server state machines. Nothing in this crate
//! pretends to parse what it does not know: a command it does not know is
//! [`UnknownCommand`](command::CommandErrorKind::UnknownCommand), an unknown untagged
//! response a [`ParseError`].
//!
//! # Framing a command, then reading its mailbox name
//!
//! RFC 3501 §5.1.3's example name, sent as a synchronizing literal:
//!
//! ```
//! use imap_proto::frame::{Direction, Fragment, Framer};
//! use imap_proto::types::{Mailbox, MailboxEncoding};
//!
//! let wire: &[u8] = b"A003 CREATE {31}\r\n~peter/mail/&U,BTFw-/&ZeVnLIqe-\r\n";
//! let mut framer = Framer::new(Direction::Commands);
//! let mut at = 0;
//! // The line announces a literal: a server would answer "+ go ahead" here.
//! let first = framer.next(&wire[at..])?.unwrap();
//! let Fragment::Line { literal: Some(announced), .. } = first.fragment else { unreachable!() };
//! assert_eq!((announced.length, framer.tag().unwrap().as_str()), (31, "A003"));
//! at += first.consumed;
//! // The literal's data, cut by its length, then the end of the command line.
//! let data = framer.next(&wire[at..])?.unwrap();
//! assert!(matches!(data.fragment, Fragment::Literal { data } if data.len() == 31));
//! at += data.consumed;
//! let last = framer.next(&wire[at..])?.unwrap();
//! assert!(last.message_end);
//! at += last.consumed;
//! assert_eq!(at, wire.len());
//!
//! // The whole message is in the buffer: the mailbox argument parses from it, borrowed.
//! let (mailbox, rest) = Mailbox::parse(&wire[b"A003 CREATE ".len()..])?;
//! assert_eq!(rest, b"\r\n");
//! assert_eq!(mailbox.to_utf8(MailboxEncoding::ModifiedUtf7)?, "~peter/mail/台北/日本語");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod chars;
pub mod command;
mod cursor;
pub mod encode;
mod error;
pub mod frame;
pub mod response;
pub mod types;

pub use chars::{
    is_astring_char, is_atom_char, is_char8, is_list_char, is_list_wildcard, is_quoted_special,
    is_tag_char, is_text_char,
};
pub use error::{InvalidValue, ParseError, Rule};
