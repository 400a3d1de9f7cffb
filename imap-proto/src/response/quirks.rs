//! Deviations of real servers from the response grammar that a client may choose to accept.
//!
//! Each is a named switch, accepted when parsing only: the encoder never writes any of them.
//! [`Quirks::default`] accepts them all (what a client talking to deployed servers wants);
//! [`Quirks::STRICT`] accepts none (what a conformance test or a proxy that must not
//! normalise wants).

/// Which deviations from RFC 3501 / RFC 9051 a response parser accepts: each a switch,
/// honoured when parsing only (the encoder never writes a deviation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(clippy::struct_excessive_bools)] // independent switches, each with its own meaning
pub struct Quirks {
    /// A response code with no text after it: `* OK [HIGHESTMODSEQ 715194045007]` (Gmail),
    /// `A1 OK [COPYUID 38505 304 3956]` — `resp-text` requires `SP text` after the code.
    pub code_without_text: bool,
    /// A status response with no text at all: `A1 OK` (`resp-text` needs at least one
    /// `TEXT-CHAR`, RFC 3501 §9).
    pub missing_text: bool,
    /// A continuation request with no text: `+` CRLF (`continue-req` requires `SP`).
    pub empty_continuation: bool,
    /// Spaces where the grammar has exactly one `SP` come doubled, or trail before `)`
    /// (Exchange's `* STATUS INBOX (MESSAGES 1 )`, `* CAPABILITY IMAP4rev1 ` CRLF).
    pub extra_spaces: bool,
    /// 8-bit octets that are not UTF-8 inside a quoted string (Latin-1 names and
    /// subjects): kept as octets where the value is octets (a mailbox name, a `string`),
    /// decoded lossily where it is text (a status response's `text`, a response code's
    /// argument).
    pub eight_bit_quoted: bool,
    /// `\*` in the `FLAGS` response (only `PERMANENTFLAGS` may hold it, RFC 3501 §7.2.6):
    /// dropped from the list.
    pub wildcard_in_flags: bool,
    /// Keywords with octets `atom` forbids (`]`, `%`, `*`), as some servers (Gmail) report, in
    /// `FLAGS` and `PERMANENTFLAGS`: skipped, since no [`Flag`](crate::types::Flag) can hold
    /// them (the other flags of the list are kept).
    pub odd_flags: bool,
    /// `NIL` where a body field needs a string (`body-fld-enc`, a parameter's value) and
    /// `()` for an empty parameter list.
    pub nil_body_fields: bool,
    /// A disposition written as a bare string (`"inline"`) instead of
    /// `"(" string SP body-fld-param ")"`.
    pub string_disposition: bool,
}

impl Quirks {
    /// Accept none: the grammar exactly as RFC 3501 / RFC 9051 write it.
    pub const STRICT: Quirks = Quirks {
        code_without_text: false,
        missing_text: false,
        empty_continuation: false,
        extra_spaces: false,
        eight_bit_quoted: false,
        wildcard_in_flags: false,
        odd_flags: false,
        nil_body_fields: false,
        string_disposition: false,
    };

    /// Accept every quirk listed here.
    pub const LENIENT: Quirks = Quirks {
        code_without_text: true,
        missing_text: true,
        empty_continuation: true,
        extra_spaces: true,
        eight_bit_quoted: true,
        wildcard_in_flags: true,
        odd_flags: true,
        nil_body_fields: true,
        string_disposition: true,
    };
}

impl Default for Quirks {
    /// [`Quirks::LENIENT`].
    fn default() -> Self {
        Self::LENIENT
    }
}
