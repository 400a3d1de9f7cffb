//! The `mail-server` command line (`--help` documents every option).

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use clap::Parser;
use pop3_proto::server::Limits as Pop3Limits;
use smtp_proto::server::Limits;

use super::users::{User, Users};
use super::{Config, Service, certificate};

/// A listener address, or `none` for no listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listen(pub Option<SocketAddr>);

impl FromStr for Listen {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("none") {
            return Ok(Listen(None));
        }
        s.to_socket_addrs()
            .map_err(|e| format!("{s}: {e}"))?
            .next()
            .map(|a| Listen(Some(a)))
            .ok_or_else(|| format!("{s}: no address"))
    }
}

/// A small, honest mail server: SMTP (MX), submission and LMTP into Maildirs, POP3 out of
/// them, with TLS.
///
/// Each user's mailbox is the Maildir DATA/USER/Maildir. Mail is accepted for
/// USER@DOMAIN only: unknown users get 550 5.1.1, other domains 550 5.7.1 (no relaying).
/// A message is on disk (written to tmp/, flushed, renamed into new/) before the 250.
/// POP3 serves the same Maildirs: one session per mailbox at a time (-ERR [IN-USE]), UIDL
/// stable across sessions and restarts, deletions applied at QUIT only.
/// Plaintext AUTH, USER/PASS need TLS (STARTTLS, STLS, --smtps, --pop3s) except from
/// loopback clients.
/// Ctrl-C stops the server gracefully. Logs go to stderr (RUST_LOG-style level in
/// MAIL_SERVER_LOG, default info).
// The doc comments are the `--help` text, written for people, not rustdoc.
#[allow(clippy::doc_markdown)]
#[derive(Debug, Parser)]
#[command(name = "mail-server", version)]
pub struct Options {
    /// SMTP listener, MX role: mail from anyone to local users ("none" to disable).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:2525")]
    pub smtp: Listen,
    /// Submission listener (RFC 6409): AUTH required before MAIL ("none" to disable).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:2587")]
    pub submission: Listen,
    /// LMTP listener (RFC 2033) for local delivery ("none" to disable).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:2024")]
    pub lmtp: Listen,
    /// POP3 listener (RFC 1939) with STLS, APOP and SASL ("none" to disable).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:2110")]
    pub pop3: Listen,
    /// Submission over implicit TLS (RFC 8314), e.g. 127.0.0.1:2465 (default: none).
    #[arg(long, value_name = "ADDR", default_value = "none")]
    pub smtps: Listen,
    /// POP3 over implicit TLS (RFC 8314), e.g. 127.0.0.1:2995 (default: none).
    #[arg(long, value_name = "ADDR", default_value = "none")]
    pub pop3s: Listen,
    /// Data directory: DIR/USER/Maildir, and DIR/tls/ for a generated certificate.
    #[arg(long, value_name = "DIR", default_value = "./mail-data")]
    pub data: PathBuf,
    /// A user NAME:PASSWORD (repeatable); without any, the user demo:demo is created.
    #[arg(long = "user", value_name = "NAME:PASSWORD", value_parser = User::parse)]
    pub users: Vec<User>,
    /// The mail domain of the users, also the server's name in greetings.
    #[arg(long, value_name = "NAME", default_value = "localhost")]
    pub domain: String,
    /// TLS certificate chain (PEM); without it a self-signed one is made in DATA/tls/.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM), with --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Largest message in octets (announced with SIZE, RFC 1870); over it: 552.
    #[arg(long, value_name = "OCTETS", default_value_t = Limits::default().max_message_size,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_message_size: u64,
    /// Most recipients per message (RFC 5321 §4.5.3.1.8 asks for at least 100).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_recipients)]
    pub max_recipients: usize,
    /// Longest command line in octets, CRLF included.
    #[arg(long, value_name = "OCTETS", default_value_t = Limits::default().command_line)]
    pub max_command_line: usize,
    /// Protocol errors before the server answers 421 and closes.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_bad_commands)]
    pub max_bad_commands: u32,
    /// Failed AUTH exchanges before the server answers 421 and closes.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_auth_failures)]
    pub max_auth_failures: u32,
    /// Unprocessed input (pipelined commands) held at most, in octets.
    #[arg(long, value_name = "OCTETS", default_value_t = Limits::default().max_buffered_input)]
    pub max_buffered_input: usize,
    /// Seconds to wait for a command (RFC 5321 §4.5.3.2.7: at least 300).
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::default().command_timeout.as_secs())]
    pub command_timeout: u64,
    /// Seconds to wait for more message content.
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::default().data_timeout.as_secs())]
    pub data_timeout: u64,
    /// POP3: seconds a client may stay idle (RFC 1939 §3: at least 600).
    #[arg(long, value_name = "SECONDS", default_value_t = Pop3Limits::default().idle_timeout.as_secs())]
    pub pop3_idle_timeout: u64,
    /// POP3: protocol errors before the server closes the connection.
    #[arg(long, value_name = "N", default_value_t = Pop3Limits::default().max_bad_commands)]
    pub pop3_max_bad_commands: u32,
    /// POP3: failed logins (PASS, APOP, AUTH) before the server closes the connection.
    #[arg(long, value_name = "N", default_value_t = Pop3Limits::default().max_login_failures)]
    pub pop3_max_login_failures: u32,
}

/// A configuration ready for [`super::start`], and what the operator should be told.
#[derive(Debug)]
pub struct Prepared {
    /// The configuration.
    pub config: Config,
    /// Lines to print before the listeners start (the default user, the generated
    /// certificate).
    pub notices: Vec<String>,
}

impl Options {
    /// The engine limits these options ask for.
    pub fn limits(&self) -> Limits {
        Limits {
            command_line: self.max_command_line,
            max_recipients: self.max_recipients,
            max_message_size: self.max_message_size,
            max_bad_commands: self.max_bad_commands,
            max_auth_failures: self.max_auth_failures,
            max_buffered_input: self.max_buffered_input,
            command_timeout: Duration::from_secs(self.command_timeout),
            data_timeout: Duration::from_secs(self.data_timeout),
            ..Limits::default()
        }
    }

    /// The POP3 engine limits these options ask for.
    pub fn pop3_limits(&self) -> Pop3Limits {
        Pop3Limits {
            max_bad_commands: self.pop3_max_bad_commands,
            max_login_failures: self.pop3_max_login_failures,
            idle_timeout: Duration::from_secs(self.pop3_idle_timeout),
            ..Pop3Limits::default()
        }
    }

    /// Checks the options and builds the configuration (loading or generating the
    /// certificate).
    ///
    /// # Errors
    /// A one-line description of what is wrong.
    pub fn prepare(self) -> Result<Prepared, String> {
        let mut notices = Vec::new();
        let limits = self.limits();
        let pop3_limits = self.pop3_limits();
        let users = if self.users.is_empty() {
            notices.push("no --user given: created user demo with password demo".to_owned());
            vec![User::new("demo", "demo").map_err(|e| e.to_string())?]
        } else {
            self.users
        };
        let users = Users::new(users).map_err(|e| e.to_string())?;
        let identity = match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => certificate::load(cert, key).map_err(|e| e.to_string())?,
            _ => {
                let mut names = vec![self.domain.as_str(), "localhost", "127.0.0.1", "::1"];
                names.dedup();
                let (identity, path) = certificate::self_signed_in(&self.data.join("tls"), &names)
                    .map_err(|e| e.to_string())?;
                notices.push(format!("TLS certificate (self-signed): {}", path.display()));
                identity
            }
        };
        let tls = identity.server_config().map_err(|e| e.to_string())?;
        let listeners = [
            (Service::Smtp, self.smtp),
            (Service::Submission, self.submission),
            (Service::Lmtp, self.lmtp),
            (Service::Smtps, self.smtps),
            (Service::Pop3, self.pop3),
            (Service::Pop3s, self.pop3s),
        ]
        .into_iter()
        .filter_map(|(service, Listen(addr))| addr.map(|a| (service, a)))
        .collect();
        let host = host_name().unwrap_or_else(|| self.domain.clone());
        Ok(Prepared {
            config: Config {
                listeners,
                data: self.data,
                users,
                domain: self.domain,
                host,
                tls,
                limits,
                pop3_limits,
            },
            notices,
        })
    }
}

/// This machine's name, from the kernel (Linux) or `/etc/hostname`.
fn host_name() -> Option<String> {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_issue() {
        let o = Options::try_parse_from(["mail-server"]).unwrap();
        assert_eq!(o.smtp, Listen(Some("127.0.0.1:2525".parse().unwrap())));
        assert_eq!(
            o.submission,
            Listen(Some("127.0.0.1:2587".parse().unwrap()))
        );
        assert_eq!(o.lmtp, Listen(Some("127.0.0.1:2024".parse().unwrap())));
        assert_eq!(o.pop3, Listen(Some("127.0.0.1:2110".parse().unwrap())));
        assert_eq!((o.smtps, o.pop3s), (Listen(None), Listen(None)));
        assert_eq!(o.data, PathBuf::from("./mail-data"));
        assert_eq!(o.domain, "localhost");
        assert_eq!(o.limits(), Limits::default());
        assert_eq!(o.pop3_limits(), Pop3Limits::default());
    }

    #[test]
    fn options_parse() {
        let o = Options::try_parse_from([
            "mail-server",
            "--smtp",
            "none",
            "--smtps",
            "127.0.0.1:0",
            "--user",
            "alice:pw",
            "--user",
            "bob:pw2",
            "--max-message-size",
            "1000",
            "--command-timeout",
            "7",
            "--pop3s",
            "127.0.0.1:0",
            "--pop3-idle-timeout",
            "900",
            "--pop3-max-login-failures",
            "1",
        ])
        .unwrap();
        assert_eq!(o.smtp, Listen(None));
        assert_eq!(o.users.len(), 2);
        assert_eq!(o.limits().max_message_size, 1000);
        assert_eq!(o.limits().command_timeout, Duration::from_secs(7));
        assert_eq!(o.pop3s, Listen(Some("127.0.0.1:0".parse().unwrap())));
        assert_eq!(o.pop3_limits().idle_timeout, Duration::from_secs(900));
        assert_eq!(o.pop3_limits().max_login_failures, 1);
        for bad in [
            &["mail-server", "--user", "nocolon"][..],
            &["mail-server", "--smtp", "nowhere"],
            &["mail-server", "--tls-cert", "x.pem"],
            &["mail-server", "--max-message-size", "0"],
        ] {
            assert!(Options::try_parse_from(bad).is_err(), "{bad:?}");
        }
    }
}
