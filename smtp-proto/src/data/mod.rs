//! Message content: DATA dot-stuffing and un-stuffing (RFC 5321 §4.5.2, §4.1.1.4) and BDAT
//! chunks (RFC 3030).
//!
//! # DATA
//!
//! After the server's `354` reply the client sends the message as lines, each ending in CRLF,
//! and ends it with a line holding a single period: the *end of mail data indicator*
//! `CRLF "." CRLF`, whose first CRLF ends the last line of the message (RFC 5321 §4.1.1.4). So
//! that a message can hold a line that is just `.`, the client doubles the period at the start
//! of every line that begins with one, and the server deletes it again (*transparency*,
//! RFC 5321 §4.5.2).
//!
//! * [`Stuffer`] (client side) turns the application's message, given in any split, into the
//!   bytes to send after `354`: line endings made CRLF, leading periods doubled, and the end of
//!   data indicator appended by [`Stuffer::finish`]. [`stuff`] does it in one call.
//! * [`Unstuffer`] (server side) takes the received bytes in any split and gives back the
//!   message content as slices borrowed from the input, stopping right after the end of data
//!   indicator so that pipelined commands behind it stay with the caller. [`unstuff`] does it in
//!   one call.
//!
//! ## The end of data is `CRLF . CRLF` and nothing else
//!
//! RFC 5321 §2.3.8 allows no line terminator but CRLF, and §4.1.1.4 says that `<LF>.<LF>` MUST
//! NOT end the mail data. In 2023 SEC Consult showed ("SMTP smuggling") what happens when two
//! servers on a mail's path disagree about where a message ends: a sender hides
//! `<LF>.<LF>MAIL FROM:…` inside a message; the outbound server sees content, the inbound one
//! sees the end of the message followed by a second, forged transaction. The [`Unstuffer`]
//! recognises the end **only** at `CRLF "." CRLF` (or `"." CRLF` as the very first line, an empty
//! message). Every other combination — `\n.\n`, `\r.\r`, `\n.\r\n`, `\r\n.\n`, `\r\n.\r\r\n`,
//! `\r.\r\n`, `\n.\r`, `\r\n.\r` … — is message content (or makes the message rejected), under
//! every [`BareLinebreaks`] policy. The [`Stuffer`] never writes a bare CR or LF, so a message
//! relayed through it cannot smuggle anything to the next server either.
//!
//! ## What counts as a line
//!
//! A line ends at CRLF and only there (RFC 5321 §2.3.8). A *bare CR* is a CR not followed by LF;
//! a *bare LF* is an LF not preceded by CR. A line starts at the beginning of the data and after
//! each CRLF, and only there is a leading period special: the line `.` ends the data, and from
//! any longer line the first period is deleted. A period right after a bare CR or bare LF is
//! content, because no line starts there. So, for example:
//!
//! | received after `354` | content (policy [`Allow`](BareLinebreaks::Allow)) | content ([`Normalise`](BareLinebreaks::Normalise)) |
//! |---|---|---|
//! | `a\r\n..b\r\n.\r\n` | `a\r\n.b\r\n` | `a\r\n.b\r\n` |
//! | `a\n.\nb\r\n.\r\n` | `a\n.\nb\r\n` | `a\r\n.\r\nb\r\n` |
//! | `a\r\n.\nb\r\n.\r\n` (the line is `.` LF `b`) | `a\r\n\nb\r\n` | `a\r\n\r\nb\r\n` |
//! | `a\r\n.\r\rb\r\n.\r\n` | `a\r\n\r\rb\r\n` | `a\r\n\r\n\r\nb\r\n` |
//!
//! **Beware of the normalised form**: normalising `\n.\n` yields a line `.` (`CRLF . CRLF`)
//! *inside* the content. That is data, and anything that sends the content on must stuff it
//! (the [`Stuffer`] does: it doubles the period of every line, however that line came to be).
//! Writing normalised content to a DATA stream without stuffing it would end the message there.
//!
//! ## Bare CR and bare LF
//!
//! Conforming clients never send them (RFC 5321 §2.3.8), but many programs do. What the server
//! does with them is the [`BareLinebreaks`] policy; in every policy they are counted in the
//! [`DataReport`], and none of them ever ends the message.
//!
//! # BDAT
//!
//! With CHUNKING (RFC 3030) the client announces each chunk's length in octets (`BDAT size
//! [LAST]`) and sends exactly that many octets, with no stuffing and no end indicator; binary
//! content is allowed with `BODY=BINARYMIME`. [`BdatReader`] counts one chunk's octets off the
//! server's input without looking at them; [`bdat_chunks`] cuts a message into chunks for the
//! client. Text sent with BDAT must already have CRLF line endings (RFC 3030 §2); [`normalise`]
//! and [`Normaliser`] make them so.

mod bdat;
mod clean_run;
mod cow_sink;
mod crlf_run;
mod pair_scan;
mod stuffer;
mod unstuffer;

pub use bdat::{BdatChunk, BdatChunks, BdatReader, bdat_chunks};
pub use stuffer::{Normaliser, StuffReport, Stuffer, normalise, stuff};
pub use unstuffer::{
    DataReport, Decoded, Step, TEXT_LINE_LIMIT, UnstuffError, Unstuffed, Unstuffer, unstuff,
};

/// The end of mail data indicator as it appears after the last line of a message:
/// `CRLF "." CRLF` (RFC 5321 §4.1.1.4). The first CRLF ends the message's last line and belongs
/// to the content.
pub const END_OF_DATA: &[u8] = b"\r\n.\r\n";

/// What the server does with a bare CR or bare LF in DATA content (RFC 5321 §2.3.8: clients
/// MUST NOT send them; §4.1.1.4: `<LF>.<LF>` MUST NOT end the data).
///
/// Under every policy the message ends only at `CRLF "." CRLF`, line starts (and so dot
/// un-stuffing) are only after CRLF, and the occurrences are counted in [`DataReport`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BareLinebreaks {
    /// Read the message to its end, pass the content on unchanged, and flag it
    /// ([`Unstuffer::must_reject`]): the server then answers the end of data with a permanent
    /// failure instead of `250`. We suggest `550 5.6.0 Bare CR or LF in message content` (RFC 3463
    /// §3.7: X.6.0 "Other or undefined media error"); Postfix answers
    /// `550 5.5.2 … bare <LF> received` (`smtpd_forbid_bare_newline = reject`).
    Reject,
    /// Replace each bare CR and each bare LF with CRLF in the content, as Postfix does by default
    /// since 3.9 (`smtpd_forbid_bare_newline = normalize`). The content then has only CRLF line
    /// endings — and may contain `CRLF . CRLF` as data, see the [module docs](self).
    #[default]
    Normalise,
    /// Pass bare CRs and LFs through unchanged (only counted). For stores that must keep the
    /// received octets. Content kept this way must never be relayed by anything that does not
    /// normalise line endings while stuffing (our [`Stuffer`] does): passing `\n.\n` on to a server
    /// that ends messages there is exactly the smuggling attack.
    Allow,
}
