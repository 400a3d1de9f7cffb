//! What a server offers and enforces: greeting, capabilities, policies and limits.

use std::time::Duration;

use mail_sasl::Mechanism;

use crate::command::COMMAND_LINE_LIMIT;
use crate::line::LineEndings;
use crate::response::Expire;

/// Bounds on what a client can make the server hold or do; each is checked before memory is
/// taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Longest command line, CRLF included (RFC 2449 §4: 255 octets).
    pub command_line: usize,
    /// Longest SASL response line of an `AUTH` exchange, CRLF included (RFC 5034 sets no
    /// limit for them; 12288 is RFC 4954's for SMTP).
    pub sasl_line: usize,
    /// Protocol errors (malformed, unknown or out-of-state commands) before the server closes
    /// the connection after answering the last one.
    pub max_bad_commands: u32,
    /// Failed logins (`PASS`, `APOP`, `AUTH`) before the server closes the connection after
    /// answering the last one.
    pub max_login_failures: u32,
    /// Most received bytes held unprocessed (pipelined commands not yet answered); over it the
    /// server closes the connection. A driver that polls until `NeedInput` between reads never
    /// comes near it.
    pub max_buffered_input: usize,
    /// The inactivity autologout timer (RFC 1939 §3: "at least 10 minutes").
    pub idle_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            command_line: COMMAND_LINE_LIMIT,
            sasl_line: 12288,
            max_bad_commands: 10,
            max_login_failures: 3,
            max_buffered_input: 1024 * 1024,
            idle_timeout: Duration::from_secs(600),
        }
    }
}

/// Everything a [`Server`](super::Server) needs to know before the first byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// This server's name, in the `QUIT` answer ("`+OK dewey POP3 server signing off`",
    /// RFC 1939 §6) and the CRAM-MD5 challenge.
    pub hostname: String,
    /// The greeting's text after `+OK` (RFC 1939 §4), without the APOP timestamp.
    pub greeting: String,
    /// The APOP timestamp for this connection (RFC 1939 §7), e.g.
    /// `<1896.697170952@dbc.mtview.ca.us>`: appended to the greeting, and `APOP` is accepted.
    /// It must be new for every connection (the application makes it: the machine has no clock
    /// and no randomness). Ignored, and `APOP` refused, unless it is `<`, printable ASCII
    /// without spaces, `>`.
    pub apop_timestamp: Option<String>,
    /// Offer `STLS` (RFC 2595 §4): the driver can upgrade the connection.
    pub stls: bool,
    /// Accept `USER`/`PASS` (RFC 1939 §7) and advertise `USER` (RFC 2449 §6.2).
    pub user_pass: bool,
    /// The SASL mechanisms offered with `AUTH` (RFC 5034); empty: no `AUTH`.
    pub sasl_mechanisms: Vec<Mechanism>,
    /// Allow plaintext logins (`USER`/`PASS`, and SASL mechanisms that send a reusable
    /// credential, like PLAIN) on a connection that is not protected by TLS. Off by default
    /// (RFC 2595 §2.3): before TLS, `USER` is not advertised, only the other SASL mechanisms
    /// are, and a plaintext login is answered `-ERR [AUTH]`. `APOP` is not plaintext.
    pub plaintext_without_tls: bool,
    /// The text of `IMPLEMENTATION` (RFC 2449 §6.9); `None`: not advertised.
    pub implementation: Option<String>,
    /// `EXPIRE` (RFC 2449 §6.7) to advertise; `None`: not advertised.
    pub expire: Option<Expire>,
    /// `LOGIN-DELAY` seconds (RFC 2449 §6.5) to advertise; `None`: not advertised. (The
    /// application enforces it, rejecting logins with `[LOGIN-DELAY]`.)
    pub login_delay: Option<u32>,
    /// Advertise `PIPELINING` (RFC 2449 §6.6). The server answers pipelined commands in order
    /// whatever this says.
    pub pipelining: bool,
    /// Advertise `AUTH-RESP-CODE` (RFC 3206 §6). The `[AUTH]` code is used either way.
    pub auth_resp_code: bool,
    /// Offer `UTF8` and advertise `UTF8 USER` (RFC 6856 §2).
    pub utf8: bool,
    /// Offer `LANG` (RFC 6856 §3), with one language: `en`.
    pub lang: bool,
    /// The text of the `+OK` that starts the `CAPA` response.
    pub capa_text: String,
    /// Which line breaks end a command line.
    pub line_endings: LineEndings,
    /// The limits.
    pub limits: Limits,
}

impl ServerConfig {
    /// A server named `hostname` with `USER`/`PASS` (over TLS only), `UIDL`, `TOP`,
    /// `PIPELINING`, `UTF8` and `LANG`, no `STLS`, no `AUTH`, no APOP, the default limits.
    pub fn new(hostname: impl Into<String>) -> Self {
        ServerConfig {
            hostname: hostname.into(),
            greeting: "POP3 server ready".to_owned(),
            apop_timestamp: None,
            stls: false,
            user_pass: true,
            sasl_mechanisms: Vec::new(),
            plaintext_without_tls: false,
            implementation: None,
            expire: None,
            login_delay: None,
            pipelining: true,
            auth_resp_code: true,
            utf8: true,
            lang: true,
            capa_text: "Capability list follows".to_owned(),
            line_endings: LineEndings::default(),
            limits: Limits::default(),
        }
    }

    /// Sets the APOP timestamp of this connection (see
    /// [`apop_timestamp`](Self::apop_timestamp)).
    #[must_use]
    pub fn with_apop_timestamp(mut self, timestamp: impl Into<String>) -> Self {
        self.apop_timestamp = Some(timestamp.into());
        self
    }

    /// Offers `STLS`.
    #[must_use]
    pub fn with_stls(mut self, on: bool) -> Self {
        self.stls = on;
        self
    }

    /// Offers `AUTH` with these mechanisms.
    #[must_use]
    pub fn with_sasl(mut self, mechanisms: impl IntoIterator<Item = Mechanism>) -> Self {
        self.sasl_mechanisms = mechanisms.into_iter().collect();
        self
    }

    /// Allows plaintext logins without TLS (see
    /// [`plaintext_without_tls`](Self::plaintext_without_tls)).
    #[must_use]
    pub fn with_plaintext_without_tls(mut self, on: bool) -> Self {
        self.plaintext_without_tls = on;
        self
    }

    /// Sets the greeting text.
    #[must_use]
    pub fn with_greeting(mut self, greeting: impl Into<String>) -> Self {
        self.greeting = greeting.into();
        self
    }

    /// Sets the limits.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The APOP timestamp, if it is usable (`<`, printable ASCII without spaces, `>`).
    pub(super) fn timestamp(&self) -> Option<&str> {
        self.apop_timestamp.as_deref().filter(|t| {
            t.len() >= 3
                && t.starts_with('<')
                && t.ends_with('>')
                && t.bytes().all(|b| (0x21..=0x7e).contains(&b))
        })
    }
}
