//! The command verbs this codec recognises (RFC 5321 §4.1.1 and the extensions).

use std::fmt;

/// A command verb the codec recognises. Verbs are case-insensitive on the wire (RFC 5321
/// §2.4) and written in upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verb {
    /// `HELO` (RFC 5321 §4.1.1.1).
    Helo,
    /// `EHLO` (RFC 5321 §4.1.1.1).
    Ehlo,
    /// `LHLO` (RFC 2033 §4.1), LMTP's replacement for `HELO` and `EHLO`.
    Lhlo,
    /// `MAIL` (RFC 5321 §4.1.1.2).
    Mail,
    /// `RCPT` (RFC 5321 §4.1.1.3).
    Rcpt,
    /// `DATA` (RFC 5321 §4.1.1.4).
    Data,
    /// `BDAT` (RFC 3030 §2).
    Bdat,
    /// `RSET` (RFC 5321 §4.1.1.5).
    Rset,
    /// `VRFY` (RFC 5321 §4.1.1.6).
    Vrfy,
    /// `EXPN` (RFC 5321 §4.1.1.7).
    Expn,
    /// `HELP` (RFC 5321 §4.1.1.8).
    Help,
    /// `NOOP` (RFC 5321 §4.1.1.9).
    Noop,
    /// `QUIT` (RFC 5321 §4.1.1.10).
    Quit,
    /// `STARTTLS` (RFC 3207 §4).
    StartTls,
    /// `AUTH` (RFC 4954 §4).
    Auth,
}

impl Verb {
    /// Every verb, in the order of the RFCs.
    pub const ALL: [Verb; 15] = [
        Verb::Helo,
        Verb::Ehlo,
        Verb::Lhlo,
        Verb::Mail,
        Verb::Rcpt,
        Verb::Data,
        Verb::Bdat,
        Verb::Rset,
        Verb::Vrfy,
        Verb::Expn,
        Verb::Help,
        Verb::Noop,
        Verb::Quit,
        Verb::StartTls,
        Verb::Auth,
    ];

    /// The verb as written on the wire (upper case).
    pub const fn as_str(self) -> &'static str {
        match self {
            Verb::Helo => "HELO",
            Verb::Ehlo => "EHLO",
            Verb::Lhlo => "LHLO",
            Verb::Mail => "MAIL",
            Verb::Rcpt => "RCPT",
            Verb::Data => "DATA",
            Verb::Bdat => "BDAT",
            Verb::Rset => "RSET",
            Verb::Vrfy => "VRFY",
            Verb::Expn => "EXPN",
            Verb::Help => "HELP",
            Verb::Noop => "NOOP",
            Verb::Quit => "QUIT",
            Verb::StartTls => "STARTTLS",
            Verb::Auth => "AUTH",
        }
    }

    /// The verb spelled by `word`, in any case; `None` for any other word. This knows every
    /// verb of SMTP and LMTP: which ones a session accepts is for
    /// [`ParseOptions::lmtp`](super::ParseOptions::lmtp) to say.
    pub fn from_word(word: &[u8]) -> Option<Verb> {
        /// The four letters of a verb as one number (letters only: `to_ascii_uppercase`
        /// leaves every other byte as it is, so nothing else can match).
        const fn key(w: &[u8; 4]) -> u32 {
            u32::from_le_bytes(*w)
        }
        const HELO: u32 = key(b"HELO");
        const EHLO: u32 = key(b"EHLO");
        const LHLO: u32 = key(b"LHLO");
        const MAIL: u32 = key(b"MAIL");
        const RCPT: u32 = key(b"RCPT");
        const DATA: u32 = key(b"DATA");
        const BDAT: u32 = key(b"BDAT");
        const RSET: u32 = key(b"RSET");
        const VRFY: u32 = key(b"VRFY");
        const EXPN: u32 = key(b"EXPN");
        const HELP: u32 = key(b"HELP");
        const NOOP: u32 = key(b"NOOP");
        const QUIT: u32 = key(b"QUIT");
        const AUTH: u32 = key(b"AUTH");
        match *word {
            [a, b, c, d] => Some(
                match key(&[
                    a.to_ascii_uppercase(),
                    b.to_ascii_uppercase(),
                    c.to_ascii_uppercase(),
                    d.to_ascii_uppercase(),
                ]) {
                    HELO => Verb::Helo,
                    EHLO => Verb::Ehlo,
                    LHLO => Verb::Lhlo,
                    MAIL => Verb::Mail,
                    RCPT => Verb::Rcpt,
                    DATA => Verb::Data,
                    BDAT => Verb::Bdat,
                    RSET => Verb::Rset,
                    VRFY => Verb::Vrfy,
                    EXPN => Verb::Expn,
                    HELP => Verb::Help,
                    NOOP => Verb::Noop,
                    QUIT => Verb::Quit,
                    AUTH => Verb::Auth,
                    _ => return None,
                },
            ),
            _ if word.eq_ignore_ascii_case(b"STARTTLS") => Some(Verb::StartTls),
            _ => None,
        }
    }
}

/// Writes the verb in upper case.
impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        for verb in Verb::ALL {
            assert_eq!(Verb::from_word(verb.as_str().as_bytes()), Some(verb));
            let lower = verb.as_str().to_ascii_lowercase();
            assert_eq!(Verb::from_word(lower.as_bytes()), Some(verb));
        }
        assert_eq!(Verb::from_word(b"StartTLS"), Some(Verb::StartTls));
        assert_eq!(Verb::from_word(b"MAILX"), None);
        assert_eq!(Verb::from_word(b"MAI"), None);
        assert_eq!(Verb::from_word(b""), None);
        // 0xCD & 0xDF would be 'M': only ASCII letters fold.
        assert_eq!(Verb::from_word(b"\xcdAIL"), None);
    }
}
