//! What a client does and accepts: protocol, name, TLS and AUTH policies, limits, timeouts.

use std::time::Duration;

use mail_sasl::Credentials;

use crate::command::ClientName;

pub use crate::server::Protocol;

/// When the client upgrades the connection with `STARTTLS` (RFC 3207).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsPolicy {
    /// Never send `STARTTLS`, even when it is offered.
    Never,
    /// Send `STARTTLS` when the server offers it; go on in the clear when it does not, or
    /// when it refuses the command. Protects against passive eavesdroppers only: an active
    /// attacker can strip the offer (RFC 3207 §6).
    #[default]
    Opportunistic,
    /// TLS or nothing: when `STARTTLS` is not offered or is refused, the client ends the
    /// session ([`SessionFailure::TlsUnavailable`](super::SessionFailure::TlsUnavailable),
    /// [`SessionFailure::TlsRefused`](super::SessionFailure::TlsRefused)) before any
    /// envelope or credential is sent.
    Required,
}

/// How long the client waits for the server, RFC 5321 §4.5.3.2 ("An SMTP client MUST
/// provide a timeout mechanism"). The defaults are the RFC's minimums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// The `220` greeting (§4.5.3.2.1: 5 minutes).
    pub greeting: Duration,
    /// The reply to `MAIL` (§4.5.3.2.2: 5 minutes).
    pub mail: Duration,
    /// The reply to each `RCPT` (§4.5.3.2.3: 5 minutes).
    pub rcpt: Duration,
    /// The `354` reply to `DATA` (§4.5.3.2.4: 2 minutes).
    pub data_initiation: Duration,
    /// Sending one block of content (§4.5.3.2.5: 3 minutes). The machine does no I/O: this
    /// is what [`timeout`](super::Client::timeout) says while content is being handed out,
    /// and what a driver should allow each write.
    pub data_block: Duration,
    /// The reply after the end of the content, and to each `BDAT` chunk (§4.5.3.2.6:
    /// 10 minutes).
    pub data_termination: Duration,
    /// The reply to any other command (`EHLO`, `STARTTLS`, `AUTH`, `RSET`, `NOOP`, `QUIT`…):
    /// 5 minutes, as for `MAIL`.
    pub command: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        let minutes = |m: u64| Duration::from_secs(60 * m);
        Timeouts {
            greeting: minutes(5),
            mail: minutes(5),
            rcpt: minutes(5),
            data_initiation: minutes(2),
            data_block: minutes(3),
            data_termination: minutes(10),
            command: minutes(5),
        }
    }
}

/// Bounds on what the server can make the client hold, and on the pieces the client hands
/// out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest reply line, code and CRLF included. RFC 5321 §4.5.3.1.5 says 512; real servers
    /// sometimes send longer text, so the default is 2048. A longer line ends the session
    /// ([`SessionFailure::MalformedReply`](super::SessionFailure::MalformedReply)).
    pub reply_line: usize,
    /// Most lines in one reply (an EHLO reply has about 15).
    pub reply_lines: usize,
    /// Longest `334` challenge line during `AUTH` (RFC 4954 §4: 12288).
    pub sasl_line: usize,
    /// Most received bytes held unprocessed; over it the session ends
    /// ([`SessionFailure::TooMuchInput`](super::SessionFailure::TooMuchInput)).
    pub max_buffered_input: usize,
    /// Largest piece of message content handed out by one [`Poll::Transmit`](crate::Poll).
    pub transmit_piece: usize,
    /// Octets of message per `BDAT` chunk (RFC 3030 §2). Text sent with `BDAT` may come out a
    /// little larger, where bare line ends become CRLF.
    pub bdat_chunk_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            reply_line: 2048,
            reply_lines: 100,
            sasl_line: crate::command::SASL_LINE_LIMIT,
            max_buffered_input: 1024 * 1024,
            transmit_piece: 64 * 1024,
            bdat_chunk_size: 1024 * 1024,
        }
    }
}

/// Everything a [`Client`](super::Client) needs to know before the first byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// SMTP (`EHLO`, falling back to `HELO`) or LMTP (`LHLO`, one reply per recipient).
    pub protocol: Protocol,
    /// The name sent with `EHLO` / `HELO` / `LHLO` (RFC 5321 §4.1.1.1: the client's
    /// fully-qualified domain name, or an address literal).
    pub client_name: ClientName<'static>,
    /// When to use `STARTTLS`.
    pub tls: TlsPolicy,
    /// Authenticate with these credentials (RFC 4954), with the strongest mechanism both
    /// sides have ([`mail_sasl::select`]). `None`: no `AUTH`.
    pub credentials: Option<Credentials>,
    /// The client nonce for SCRAM-SHA-256: fresh and unpredictable for each session
    /// (printable ASCII except `,`). The machine draws no random numbers itself.
    pub sasl_nonce: String,
    /// Allow mechanisms that send a reusable secret (PLAIN, LOGIN, XOAUTH2, OAUTHBEARER)
    /// over a connection without TLS. Off by default.
    pub auth_without_tls: bool,
    /// Send the first SASL message with the `AUTH` command when the mechanism allows it
    /// (RFC 4954 §4 initial response). On by default.
    pub sasl_initial_response: bool,
    /// Use `PIPELINING` (RFC 2920) when the server offers it. On by default.
    pub pipelining: bool,
    /// Send every message with `BDAT` when the server offers `CHUNKING` (RFC 3030), not only
    /// the binary ones that need it. Off by default.
    pub prefer_chunking: bool,
    /// Give up the transaction (and send no content) unless every recipient is accepted.
    /// Off by default: the message goes to those accepted.
    pub require_all_recipients: bool,
    /// The limits.
    pub limits: Limits,
    /// The timeouts.
    pub timeouts: Timeouts,
}

impl ClientConfig {
    /// An SMTP client named `client_name`: opportunistic TLS, no `AUTH`, pipelining when
    /// offered, the default limits and timeouts.
    pub fn new(client_name: ClientName<'static>) -> Self {
        ClientConfig {
            protocol: Protocol::Smtp,
            client_name,
            tls: TlsPolicy::default(),
            credentials: None,
            sasl_nonce: String::new(),
            auth_without_tls: false,
            sasl_initial_response: true,
            pipelining: true,
            prefer_chunking: false,
            require_all_recipients: false,
            limits: Limits::default(),
            timeouts: Timeouts::default(),
        }
    }

    /// An LMTP client named `client_name` (RFC 2033).
    pub fn lmtp(client_name: ClientName<'static>) -> Self {
        ClientConfig {
            protocol: Protocol::Lmtp,
            ..ClientConfig::new(client_name)
        }
    }

    /// Sets the TLS policy.
    #[must_use]
    pub fn with_tls(mut self, tls: TlsPolicy) -> Self {
        self.tls = tls;
        self
    }

    /// Authenticates with `credentials`; `nonce` is the fresh SCRAM client nonce.
    #[must_use]
    pub fn with_credentials(mut self, credentials: Credentials, nonce: impl Into<String>) -> Self {
        self.credentials = Some(credentials);
        self.sasl_nonce = nonce.into();
        self
    }

    /// Allows plaintext mechanisms without TLS (see
    /// [`auth_without_tls`](Self::auth_without_tls)).
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

    /// Sets [`pipelining`](Self::pipelining).
    #[must_use]
    pub fn with_pipelining(mut self, on: bool) -> Self {
        self.pipelining = on;
        self
    }

    /// Sets [`prefer_chunking`](Self::prefer_chunking).
    #[must_use]
    pub fn with_prefer_chunking(mut self, on: bool) -> Self {
        self.prefer_chunking = on;
        self
    }

    /// Sets [`require_all_recipients`](Self::require_all_recipients).
    #[must_use]
    pub fn with_require_all_recipients(mut self, on: bool) -> Self {
        self.require_all_recipients = on;
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
