//! The core values of IMAP's grammar (RFC 3501 §4, §9; RFC 9051 §4, §9), each a type that
//! cannot hold invalid IMAP.
//!
//! | type | rule | RFC |
//! |---|---|---|
//! | [`Tag`] | `tag` | RFC 3501 §2.2.1 |
//! | [`Atom`] | `atom` | RFC 3501 §4.1 |
//! | [`Quoted`], [`Literal`], [`Literal8`] | `quoted`, `literal` (`{n}`, `{n+}`), `literal8` (`~{n}`) | RFC 3501 §4.3, RFC 7888, RFC 3516 |
//! | [`IString`], [`AString`], [`NString`] | `string`, `astring`, `nstring` | RFC 3501 §4.3, §4.5, §9 |
//! | [`SequenceSet`] | `sequence-set`, `seq-range`, `seq-number`, `$` | RFC 9051 §9, RFC 5182 |
//! | [`Mailbox`] | `mailbox` (INBOX rule, modified UTF-7, UTF-8) | RFC 3501 §5.1, RFC 6855 |
//! | [`Flag`], [`FlagPerm`] | `flag`, `flag-fetch`, `flag-perm` | RFC 3501 §2.3.2 |
//! | [`Date`], [`DateTime`] | `date`, `date-time` | RFC 3501 §9 |
//! | [`NonEmpty`] | `x *(SP x)` | a list of one or more |
//! | [`Secret`] | `password`, AUTHENTICATE data | credentials never shown by `Debug` |
//!
//! **Parsing** (`T::parse(input) -> (T, rest)`) reads a prefix of `input`, borrowing from it,
//! and returns [`ParseError::Incomplete`](crate::ParseError::Incomplete) when the input ends
//! before the value is known to end. Parsers expect what the framing stage
//! ([`crate::frame`]) hands over: a message's octets, literals included, up to its CRLF.
//!
//! **Making** values (`T::new`) checks them ([`InvalidValue`](crate::InvalidValue)); every
//! type has `into_owned()`. **Encoding** ([`Encode`](crate::encode::Encode)) cannot fail:
//! the value is valid by construction, and the writer picks its form.

mod atom;
mod datetime;
mod flag;
mod mailbox;
mod non_empty;
pub(crate) mod number;
mod sequence;
mod string;
mod utf7;

pub use atom::{Atom, Tag};
pub use datetime::{Date, DateTime};
pub use flag::{Flag, FlagExtension, FlagPerm};
pub use mailbox::{Mailbox, MailboxEncoding, MailboxOther};
pub use non_empty::NonEmpty;
pub use number::{NUMBER64_MAX, parse_number, parse_number64, parse_nz_number};
pub use sequence::{SeqNumber, Sequence, SequenceSet};
pub use string::{AString, IString, Literal, Literal8, LiteralMode, NString, Quoted};
pub use utf7::{decode_modified_utf7, encode_modified_utf7};

/// A credential (a `password`, RFC 3501 §6.2.3, or AUTHENTICATE data, §6.2.2): `Debug` shows
/// `Secret(***)`, equality is constant-time, owned octets are zeroed on drop. The workspace's
/// one secret type, from `mail-sasl`; [`AString`] and [`IString`] can be held in it.
///
/// ```
/// use imap_proto::types::{AString, Secret};
/// let password = Secret::new(AString::new(b"hunter2".to_vec()).unwrap());
/// assert_eq!(format!("{password:?}"), "Secret(***)");
/// ```
pub use mail_sasl::Secret;
