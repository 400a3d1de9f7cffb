//! What a client does and accepts: TLS and login policies, limits, timeouts.

use std::time::Duration;

use mail_sasl::Credentials;

/// When the client upgrades the connection with `STLS` (RFC 2595 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsPolicy {
    /// Never send `STLS`, even when it is offered.
    Never,
    /// Send `STLS` when the server offers it (the `STLS` capability, RFC 2595 §4); go on in
    /// the clear when it does not, or when it refuses. Protects against passive
    /// eavesdroppers only: an active attacker can strip the offer (RFC 2595 §7).
    #[default]
    Opportunistic,
    /// TLS or nothing: when `STLS` is not offered or is refused, the client ends the session
    /// ([`SessionFailure::TlsUnavailable`](super::SessionFailure::TlsUnavailable),
    /// [`SessionFailure::TlsRefused`](super::SessionFailure::TlsRefused)) before any
    /// credential is sent.
    Required,
}

/// How long the client waits for the server. RFC 1939 §3 sets only the server's
/// inactivity timer (at least 10 minutes); the client's defaults are of the same order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// The greeting (default 5 minutes).
    pub greeting: Duration,
    /// The response to a command, and each further piece of a multi-line response
    /// (default 10 minutes).
    pub response: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            greeting: Duration::from_secs(5 * 60),
            response: Duration::from_secs(10 * 60),
        }
    }
}

/// Bounds on what the server can make the client hold. Message bodies have no bound: they
/// are handed out in pieces as they arrive, never held whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest status line, CRLF included (RFC 2449 §4: 512, the greeting included). A
    /// longer line ends the session
    /// ([`SessionFailure::MalformedResponse`](super::SessionFailure::MalformedResponse)).
    pub status_line: usize,
    /// Longest line of a `LIST`, `UIDL` or `CAPA` multi-line response, CRLF included
    /// (RFC 2449 §5 gives 512 for a capability; default 1024).
    pub listing_line: usize,
    /// Most lines in a `CAPA` response (default 100); more end the session
    /// ([`SessionFailure::MalformedResponse`](super::SessionFailure::MalformedResponse)).
    pub capabilities: usize,
    /// Longest SASL continuation line during `AUTH`, CRLF included (default 12288, as
    /// RFC 4954 §4 sets for SMTP; RFC 5034 sets none).
    pub sasl_line: usize,
    /// Most received bytes held unprocessed; over it the session ends
    /// ([`SessionFailure::TooMuchInput`](super::SessionFailure::TooMuchInput)).
    pub max_buffered_input: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            status_line: crate::response::RESPONSE_LINE_LIMIT,
            listing_line: 1024,
            capabilities: 100,
            sasl_line: 12288,
            max_buffered_input: 1024 * 1024,
        }
    }
}

/// Everything a [`Client`](super::Client) needs to know before the first byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// When to use `STLS`.
    pub tls: TlsPolicy,
    /// Log in with these credentials, with the best method both sides allow: SASL `AUTH`
    /// with the strongest common mechanism (RFC 5034, [`mail_sasl::select`]), else `APOP`
    /// when the greeting has a timestamp and [`apop`](Self::apop) is on (RFC 1939 §7), else
    /// `USER` / `PASS`. `None`: no login (the session is ready in the AUTHORIZATION state).
    pub credentials: Option<Credentials>,
    /// The client nonce for SCRAM-SHA-256: fresh and unpredictable for each session
    /// (printable ASCII except `,`). The machine draws no random numbers itself.
    pub sasl_nonce: String,
    /// Allow methods that send a reusable secret (`USER`/`PASS`, SASL PLAIN, LOGIN, XOAUTH2,
    /// OAUTHBEARER) over a connection without TLS. Off by default.
    pub auth_without_tls: bool,
    /// Send the first SASL message with the `AUTH` command when the mechanism allows it and
    /// the line fits in 255 octets (RFC 5034 §4). On by default.
    pub sasl_initial_response: bool,
    /// Use `APOP` when the greeting has a timestamp and no SASL mechanism fits. On by
    /// default.
    pub apop: bool,
    /// Ask for the capabilities with `CAPA` (RFC 2449 §5) after the greeting and after
    /// `STLS`. On by default; without it there is no `STLS`, SASL or pipelining.
    pub capa: bool,
    /// Use `PIPELINING` (RFC 2449 §6.6) when the server offers it. On by default.
    pub pipelining: bool,
    /// The limits.
    pub limits: Limits,
    /// The timeouts.
    pub timeouts: Timeouts,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientConfig {
    /// No login, opportunistic TLS, `CAPA`, `APOP` and pipelining when possible, the default
    /// limits and timeouts.
    pub fn new() -> Self {
        ClientConfig {
            tls: TlsPolicy::default(),
            credentials: None,
            sasl_nonce: String::new(),
            auth_without_tls: false,
            sasl_initial_response: true,
            apop: true,
            capa: true,
            pipelining: true,
            limits: Limits::default(),
            timeouts: Timeouts::default(),
        }
    }

    /// Sets the TLS policy.
    #[must_use]
    pub fn with_tls(mut self, tls: TlsPolicy) -> Self {
        self.tls = tls;
        self
    }

    /// Logs in with `credentials`; `nonce` is the fresh SCRAM client nonce.
    #[must_use]
    pub fn with_credentials(mut self, credentials: Credentials, nonce: impl Into<String>) -> Self {
        self.credentials = Some(credentials);
        self.sasl_nonce = nonce.into();
        self
    }

    /// Sets [`auth_without_tls`](Self::auth_without_tls).
    #[must_use]
    pub fn with_auth_without_tls(mut self, on: bool) -> Self {
        self.auth_without_tls = on;
        self
    }

    /// Sets [`sasl_initial_response`](Self::sasl_initial_response).
    #[must_use]
    pub fn with_sasl_initial_response(mut self, on: bool) -> Self {
        self.sasl_initial_response = on;
        self
    }

    /// Sets [`apop`](Self::apop).
    #[must_use]
    pub fn with_apop(mut self, on: bool) -> Self {
        self.apop = on;
        self
    }

    /// Sets [`capa`](Self::capa).
    #[must_use]
    pub fn with_capa(mut self, on: bool) -> Self {
        self.capa = on;
        self
    }

    /// Sets [`pipelining`](Self::pipelining).
    #[must_use]
    pub fn with_pipelining(mut self, on: bool) -> Self {
        self.pipelining = on;
        self
    }

    /// Sets the limits.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets the timeouts.
    #[must_use]
    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }
}
