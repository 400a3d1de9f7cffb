//! What a server offers and enforces: protocol, extensions, policies and limits.

use std::time::Duration;

use mail_sasl::Mechanism;

use crate::data::BareLinebreaks;
use crate::line::LineEndings;

/// SMTP (RFC 5321) or LMTP (RFC 2033).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protocol {
    /// SMTP: `HELO`/`EHLO`, one reply after the message.
    #[default]
    Smtp,
    /// LMTP: `LHLO`, one reply per accepted recipient after the message (RFC 2033 §4.2).
    Lmtp,
}

/// The service extensions a server offers in its `EHLO` (or `LHLO`) reply. Commands and
/// parameters of an extension that is not offered are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extensions {
    /// `PIPELINING` (RFC 2920).
    pub pipelining: bool,
    /// `8BITMIME` (RFC 6152): `BODY=8BITMIME`.
    pub eight_bit_mime: bool,
    /// `SMTPUTF8` (RFC 6531): UTF-8 addresses.
    pub smtputf8: bool,
    /// `CHUNKING` (RFC 3030): the `BDAT` command.
    pub chunking: bool,
    /// `BINARYMIME` (RFC 3030 §3): `BODY=BINARYMIME` (only with `CHUNKING`).
    pub binary_mime: bool,
    /// `DSN` (RFC 3461): `RET`, `ENVID`, `NOTIFY`, `ORCPT`.
    pub dsn: bool,
    /// `ENHANCEDSTATUSCODES` (RFC 2034): every reply carries an RFC 3463 code.
    pub enhanced_status_codes: bool,
    /// `SIZE` (RFC 1870), announcing [`Limits::max_message_size`].
    pub size: bool,
    /// `REQUIRETLS` (RFC 8689), offered only over TLS.
    pub require_tls: bool,
}

impl Default for Extensions {
    /// Everything this crate implements, except `REQUIRETLS` (which promises a TLS-only onward
    /// path the application must be able to keep).
    fn default() -> Self {
        Extensions {
            pipelining: true,
            eight_bit_mime: true,
            smtputf8: true,
            chunking: true,
            binary_mime: true,
            dsn: false,
            enhanced_status_codes: true,
            size: true,
            require_tls: false,
        }
    }
}

/// Bounds on what a client can make the server hold or do; each is checked before memory is
/// taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Longest command line, CRLF included. RFC 5321 §4.5.3.1.4 says 512 and lets extensions
    /// add to it; the default, 2048, is Postfix's.
    pub command_line: usize,
    /// Longest SASL response line (RFC 4954 §4: 12288).
    pub sasl_line: usize,
    /// Most recipients per transaction (RFC 5321 §4.5.3.1.8: at least 100 must be accepted).
    pub max_recipients: usize,
    /// Largest message in octets, announced with `SIZE` and enforced at `MAIL` and while the
    /// content arrives (RFC 1870). 0 means no limit.
    pub max_message_size: u64,
    /// Protocol errors before the server answers `421` and closes.
    pub max_bad_commands: u32,
    /// Failed `AUTH` exchanges before the server answers `421` and closes.
    pub max_auth_failures: u32,
    /// Most received bytes held unprocessed (pipelined commands not yet answered); over it the
    /// server answers `421` and closes. A driver that polls until [`Poll::NeedInput`] between
    /// reads never comes near it.
    ///
    /// [`Poll::NeedInput`]: crate::Poll::NeedInput
    pub max_buffered_input: usize,
    /// How long to wait for a command (RFC 5321 §4.5.3.2.7: at least 5 minutes).
    pub command_timeout: Duration,
    /// How long to wait for more message content.
    pub data_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            command_line: 2048,
            sasl_line: crate::command::SASL_LINE_LIMIT,
            max_recipients: 100,
            max_message_size: 10 * 1024 * 1024,
            max_bad_commands: 20,
            max_auth_failures: 3,
            max_buffered_input: 4 * 1024 * 1024,
            command_timeout: Duration::from_secs(300),
            data_timeout: Duration::from_secs(300),
        }
    }
}

/// Everything a [`Server`](super::Server) needs to know before the first byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// SMTP or LMTP.
    pub protocol: Protocol,
    /// This server's name, used in the greeting and the `EHLO` reply.
    pub hostname: String,
    /// Text after the host name in the `220` greeting.
    pub greeting: String,
    /// The extensions offered.
    pub extensions: Extensions,
    /// Offer `STARTTLS` (RFC 3207): the driver can upgrade the connection.
    pub starttls: bool,
    /// The SASL mechanisms offered with `AUTH` (RFC 4954); empty: no `AUTH`.
    pub auth_mechanisms: Vec<Mechanism>,
    /// Allow `AUTH` on a connection that is not protected by TLS. Off by default: a password
    /// must never cross the network in the clear. (A server may turn it on for loopback
    /// clients, as Dovecot does.)
    pub auth_without_tls: bool,
    /// Refuse `MAIL` until TLS is active (`530 5.7.0`, RFC 3207 §4).
    pub require_tls: bool,
    /// Refuse `MAIL` until the client has authenticated (`530 5.7.0`, RFC 4954 §6): the
    /// submission service of RFC 6409.
    pub require_auth: bool,
    /// What to do with a bare CR or LF in `DATA` content (the end is CRLF.CRLF whatever this
    /// says).
    pub bare_linebreaks: BareLinebreaks,
    /// Which line breaks end a command line.
    pub line_endings: LineEndings,
    /// Pass `VRFY` to the application as a [`Verify`](super::Event::Verify) decision (whose
    /// default answer is `252`), rather than answering `502`.
    pub vrfy: bool,
    /// The limits.
    pub limits: Limits,
}

impl ServerConfig {
    /// An SMTP server named `hostname`, with the default extensions and limits, no `STARTTLS`
    /// and no `AUTH`.
    pub fn new(hostname: impl Into<String>) -> Self {
        ServerConfig {
            protocol: Protocol::Smtp,
            hostname: hostname.into(),
            greeting: "ESMTP ready".to_owned(),
            extensions: Extensions::default(),
            starttls: false,
            auth_mechanisms: Vec::new(),
            auth_without_tls: false,
            require_tls: false,
            require_auth: false,
            bare_linebreaks: BareLinebreaks::default(),
            line_endings: LineEndings::default(),
            vrfy: true,
            limits: Limits::default(),
        }
    }

    /// An LMTP server named `hostname` (RFC 2033).
    pub fn lmtp(hostname: impl Into<String>) -> Self {
        ServerConfig {
            protocol: Protocol::Lmtp,
            greeting: "LMTP ready".to_owned(),
            ..ServerConfig::new(hostname)
        }
    }

    /// Offers `STARTTLS`.
    #[must_use]
    pub fn with_starttls(mut self, on: bool) -> Self {
        self.starttls = on;
        self
    }

    /// Offers `AUTH` with these mechanisms.
    #[must_use]
    pub fn with_auth(mut self, mechanisms: impl IntoIterator<Item = Mechanism>) -> Self {
        self.auth_mechanisms = mechanisms.into_iter().collect();
        self
    }

    /// Allows `AUTH` without TLS (see [`auth_without_tls`](Self::auth_without_tls)).
    #[must_use]
    pub fn with_auth_without_tls(mut self, on: bool) -> Self {
        self.auth_without_tls = on;
        self
    }

    /// Requires `AUTH` before `MAIL` (a submission server, RFC 6409).
    #[must_use]
    pub fn with_require_auth(mut self, on: bool) -> Self {
        self.require_auth = on;
        self
    }

    /// Requires TLS before `MAIL`.
    #[must_use]
    pub fn with_require_tls(mut self, on: bool) -> Self {
        self.require_tls = on;
        self
    }

    /// Sets the extensions offered.
    #[must_use]
    pub fn with_extensions(mut self, extensions: Extensions) -> Self {
        self.extensions = extensions;
        self
    }

    /// Sets the limits.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets the bare CR / LF policy for message content.
    #[must_use]
    pub fn with_bare_linebreaks(mut self, policy: BareLinebreaks) -> Self {
        self.bare_linebreaks = policy;
        self
    }
}
