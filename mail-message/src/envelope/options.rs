//! Parse options, the RFC 5321 §4.5.3.1 size limits, and the UTF-8 checks shared by the parsers.

use super::error::EnvelopeError;

/// The longest local part, in octets (RFC 5321 §4.5.3.1.1).
pub const MAX_LOCAL_PART_LEN: usize = 64;
/// The longest domain or address literal, in octets (RFC 5321 §4.5.3.1.2).
pub const MAX_DOMAIN_LEN: usize = 255;
/// The longest reverse-path or forward-path, in octets, angle brackets included
/// (RFC 5321 §4.5.3.1.3).
pub const MAX_PATH_LEN: usize = 256;
/// The longest domain label, in octets (RFC 1035 §2.3.4).
pub const MAX_LABEL_LEN: usize = 63;
/// The longest mailbox (`local-part "@" domain`): a path adds the two angle brackets.
pub const MAX_MAILBOX_LEN: usize = MAX_PATH_LEN - 2;

/// What the envelope parsers and constructors accept beyond strict RFC 5321 ASCII.
///
/// The default is strict: ASCII only, exactly the grammar of RFC 5321 §4.1.2 (with the source
/// routes the RFC requires servers to accept). That is what a server should answer `501` /
/// `553` against. The `lax_*` switches accept what some real clients send; every value they
/// let through is still a valid value (it is written back in strict form where one exists).
///
/// ```
/// use mail_message::envelope::EnvelopeOptions;
///
/// let opts = EnvelopeOptions::new().with_smtputf8(true);
/// assert!(opts.smtputf8 && !opts.lax_dot_string);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct EnvelopeOptions {
    /// SMTPUTF8 is in force for this transaction (RFC 6531 §3.3): UTF-8 is allowed in local
    /// parts (`atext` and `qtextSMTP`), as U-labels in domains, and in ESMTP values.
    ///
    /// The `SMTPUTF8` parameter comes *after* the reverse-path in `MAIL` (RFC 6531 §3.4), so a
    /// server parses the `MAIL` argument with this set when it offers the extension, then
    /// refuses a non-ASCII envelope ([`Envelope::requires_smtputf8`]) that does not declare
    /// it ([`Envelope::declares_smtputf8`]); the `RCPT` arguments are parsed with this set
    /// exactly when the `MAIL` command declared it.
    ///
    /// [`Envelope::requires_smtputf8`]: super::Envelope::requires_smtputf8
    /// [`Envelope::declares_smtputf8`]: super::Envelope::declares_smtputf8
    pub smtputf8: bool,
    /// Accept a Dot-string with empty atoms: a leading, trailing or doubled `.` as in
    /// `john..doe@example.com` (sent by some mobile carriers' gateways). The local part is
    /// kept as is and written back as a Quoted-string (`"john..doe"@example.com`).
    pub lax_dot_string: bool,
    /// Accept `_` in domain labels like a letter (RFC 5321 §4.1.2 forbids it, but host names
    /// with underscores are common in private networks). Such a domain is written back as is.
    pub lax_underscore: bool,
    /// Accept a path without angle brackets (`MAIL FROM:user@example.com`), as RFC 821 era
    /// clients send; the path then ends at the first space.
    pub lax_brackets: bool,
    /// Accept spaces before the path, more than one space between parameters, and trailing
    /// spaces (`MAIL FROM: <a@b>  SIZE=10 `).
    pub lax_spaces: bool,
}

impl EnvelopeOptions {
    /// Strict ASCII RFC 5321 (the default).
    pub const fn new() -> Self {
        EnvelopeOptions {
            smtputf8: false,
            lax_dot_string: false,
            lax_underscore: false,
            lax_brackets: false,
            lax_spaces: false,
        }
    }

    /// Every `lax_*` switch on; SMTPUTF8 off.
    pub const fn lenient() -> Self {
        EnvelopeOptions {
            smtputf8: false,
            lax_dot_string: true,
            lax_underscore: true,
            lax_brackets: true,
            lax_spaces: true,
        }
    }

    /// These options with SMTPUTF8 in force or not.
    #[must_use]
    pub const fn with_smtputf8(mut self, on: bool) -> Self {
        self.smtputf8 = on;
        self
    }

    /// These options with [`lax_dot_string`](Self::lax_dot_string) set.
    #[must_use]
    pub const fn with_lax_dot_string(mut self, on: bool) -> Self {
        self.lax_dot_string = on;
        self
    }

    /// These options with [`lax_underscore`](Self::lax_underscore) set.
    #[must_use]
    pub const fn with_lax_underscore(mut self, on: bool) -> Self {
        self.lax_underscore = on;
        self
    }

    /// These options with [`lax_brackets`](Self::lax_brackets) set.
    #[must_use]
    pub const fn with_lax_brackets(mut self, on: bool) -> Self {
        self.lax_brackets = on;
        self
    }

    /// These options with [`lax_spaces`](Self::lax_spaces) set.
    #[must_use]
    pub const fn with_lax_spaces(mut self, on: bool) -> Self {
        self.lax_spaces = on;
        self
    }
}

/// `true` for a C1 control character (U+0080 - U+009F), which RFC 5198 §2 excludes from
/// interchange and which we never accept or write, even under SMTPUTF8.
#[inline]
pub(crate) fn is_c1_control(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// Checks the run of non-ASCII octets starting at `pos` in `input` (RFC 6532 §3.1
/// `UTF8-non-ascii`): allowed only under SMTPUTF8, must be valid UTF-8 and hold no C1 control.
/// Returns the length of the run. Offsets in errors are `pos`-based positions in `input`.
pub(crate) fn utf8_run(
    input: &[u8],
    pos: usize,
    opts: EnvelopeOptions,
) -> Result<usize, EnvelopeError> {
    if !opts.smtputf8 {
        return Err(EnvelopeError::Utf8NotAllowed { offset: pos });
    }
    let rest = input.get(pos..).unwrap_or_default();
    let len = rest.iter().position(u8::is_ascii).unwrap_or(rest.len());
    let run = rest.get(..len).unwrap_or_default();
    let s = std::str::from_utf8(run).map_err(|e| EnvelopeError::InvalidUtf8 {
        offset: pos + e.valid_up_to(),
    })?;
    if let Some((i, _)) = s.char_indices().find(|&(_, c)| is_c1_control(c)) {
        return Err(EnvelopeError::InvalidUtf8 { offset: pos + i });
    }
    Ok(len)
}

/// Checks a whole string given to a constructor: non-ASCII only under SMTPUTF8, no C1 control.
pub(crate) fn check_str_utf8(s: &str, opts: EnvelopeOptions) -> Result<(), EnvelopeError> {
    if let Some(first) = s.bytes().position(|b| !b.is_ascii()) {
        if !opts.smtputf8 {
            return Err(EnvelopeError::Utf8NotAllowed { offset: first });
        }
        if let Some((i, _)) = s.char_indices().find(|&(_, c)| is_c1_control(c)) {
            return Err(EnvelopeError::InvalidUtf8 { offset: i });
        }
    }
    Ok(())
}

/// The input between `start` and `end` as text; the parsers call it only on ranges whose
/// non-ASCII runs [`utf8_run`] has checked, so the error arm is defensive.
pub(crate) fn text(input: &[u8], start: usize, end: usize) -> Result<&str, EnvelopeError> {
    let bytes = input.get(start..end).unwrap_or_default();
    std::str::from_utf8(bytes).map_err(|e| EnvelopeError::InvalidUtf8 {
        offset: start + e.valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders() {
        assert_eq!(EnvelopeOptions::default(), EnvelopeOptions::new());
        let o = EnvelopeOptions::new()
            .with_smtputf8(true)
            .with_lax_dot_string(true)
            .with_lax_underscore(true)
            .with_lax_brackets(true)
            .with_lax_spaces(true);
        assert_eq!(o, EnvelopeOptions::lenient().with_smtputf8(true));
    }

    #[test]
    fn utf8_runs() {
        let utf8 = EnvelopeOptions::new().with_smtputf8(true);
        let input = "aé€b".as_bytes();
        assert_eq!(utf8_run(input, 1, utf8), Ok(5));
        assert_eq!(
            utf8_run(input, 1, EnvelopeOptions::new()),
            Err(EnvelopeError::Utf8NotAllowed { offset: 1 })
        );
        assert_eq!(
            utf8_run(b"a\xc3(", 1, utf8),
            Err(EnvelopeError::InvalidUtf8 { offset: 1 })
        );
        assert_eq!(
            utf8_run("é\u{85}".as_bytes(), 0, utf8),
            Err(EnvelopeError::InvalidUtf8 { offset: 2 })
        );
        assert_eq!(check_str_utf8("abc", EnvelopeOptions::new()), Ok(()));
        assert_eq!(
            check_str_utf8("abé", EnvelopeOptions::new()),
            Err(EnvelopeError::Utf8NotAllowed { offset: 2 })
        );
        assert_eq!(
            check_str_utf8("a\u{9f}", utf8),
            Err(EnvelopeError::InvalidUtf8 { offset: 1 })
        );
    }
}
