//! `mail-client send`: one message to one server, SMTP or LMTP, with STARTTLS or implicit TLS
//! and AUTH; one result line per recipient.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use mail_message::envelope::{Envelope, EnvelopeOptions, ForwardPath, Recipient, ReversePath};
use mail_sasl::{Credentials, Secret};
use smtp_proto::client::{Client, ClientConfig, Event, SendFailure, SessionFailure, TlsPolicy};
use smtp_proto::command::ClientName;
use smtp_proto::reply::Reply;

use super::TlsArgs;
use crate::net::Connection;
use crate::net::smtp_client::{ClientTls, Job, run};

/// Options of `mail-client send`.
#[derive(Debug, Clone, Args)]
pub struct SendArgs {
    /// The server, HOST:PORT.
    #[arg(long, value_name = "HOST:PORT")]
    pub server: String,
    /// Upgrade with STARTTLS (required: no TLS, no mail).
    #[arg(long, conflicts_with = "tls")]
    pub starttls: bool,
    /// TLS from the first byte (implicit TLS, RFC 8314).
    #[arg(long)]
    pub tls: bool,
    /// Authenticate as NAME with PASSWORD (plaintext mechanisms only over TLS, or to a
    /// loopback server).
    #[arg(long, value_name = "NAME:PASSWORD")]
    pub user: Option<String>,
    /// Speak LMTP (RFC 2033): one result per recipient after the message.
    #[arg(long)]
    pub lmtp: bool,
    /// The envelope sender ("" for the null reverse-path).
    #[arg(long, value_name = "ADDR")]
    pub from: String,
    /// An envelope recipient (repeat --to for each).
    #[arg(long, value_name = "ADDR", num_args = 1, required = true)]
    pub to: Vec<String>,
    /// TLS trust options.
    #[command(flatten)]
    pub trust: TlsArgs,
    /// The message (RFC 5322); "-" or nothing reads standard input. Bcc: fields are removed.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// What happened to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Pending,
    Accepted,
    Rejected(String),
}

/// Sends the message; writes one line per recipient to `out`. Returns whether every
/// recipient was accepted.
///
/// # Errors
/// A one-line description of what stopped the session (connection, TLS, AUTH, bad address).
pub fn send(args: &SendArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<bool, String> {
    let message = match args.file.as_deref() {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?
        }
        _ => {
            let mut bytes = Vec::new();
            stdin
                .read_to_end(&mut bytes)
                .map_err(|e| format!("standard input: {e}"))?;
            bytes
        }
    };
    let message = remove_bcc(&message);
    let envelope = envelope(&args.from, &args.to)?;
    let (host, _) = args
        .server
        .rsplit_once(':')
        .ok_or_else(|| format!("--server {}: expected HOST:PORT", args.server))?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addr = args
        .server
        .to_socket_addrs()
        .map_err(|e| format!("{}: {e}", args.server))?
        .next()
        .ok_or_else(|| format!("{}: no address", args.server))?;
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(30))
        .map_err(|e| format!("cannot connect to {}: {e}", args.server))?;
    let local = stream.local_addr().map_err(|e| e.to_string())?;
    let name = match local.ip() {
        std::net::IpAddr::V4(ip) => format!("[{ip}]"),
        std::net::IpAddr::V6(ip) => format!("[IPv6:{ip}]"),
    };
    let name = ClientName::new(name, EnvelopeOptions::new())
        .map_err(|e| e.to_string())?
        .into_owned();
    let mut config = if args.lmtp {
        ClientConfig::lmtp(name)
    } else {
        ClientConfig::new(name)
    }
    .with_tls(if args.starttls {
        TlsPolicy::Required
    } else {
        TlsPolicy::Never
    })
    .with_auth_without_tls(addr.ip().is_loopback());
    if let Some(user) = &args.user {
        let (name, password) = user
            .split_once(':')
            .ok_or("--user: expected NAME:PASSWORD")?;
        let nonce: String = crate::server::users::random_bytes::<18>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        config =
            config.with_credentials(Credentials::password(name, Secret::from(password)), nonce);
    }
    let tls = if args.starttls || args.tls {
        Some(ClientTls {
            config: super::tls::client_config(args.trust.ca.as_deref(), args.trust.insecure)?,
            server_name: host.to_owned(),
        })
    } else {
        None
    };
    let (connection, mut client) = match (&tls, args.tls) {
        (Some(tls), true) => (
            Connection::Plain(stream)
                .into_client_tls(tls.config.clone(), &tls.server_name)
                .map_err(|e| format!("TLS with {}: {e}", args.server))?,
            Client::new_tls(config),
        ),
        _ => (Connection::Plain(stream), Client::new(config)),
    };
    let mut outcomes = vec![Outcome::Pending; args.to.len()];
    let mut failure: Option<String> = None;
    let jobs = [Job { envelope, message }];
    let ran = run(connection, &mut client, tls.as_ref(), &jobs, |event| {
        record(event, &mut outcomes, &mut failure);
    });
    for (address, outcome) in args.to.iter().zip(&outcomes) {
        let line = match outcome {
            Outcome::Accepted => format!("{address} accepted"),
            Outcome::Rejected(why) => format!("{address} rejected {why}"),
            Outcome::Pending => format!("{address} not sent"),
        };
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    if let Err(e) = ran {
        return Err(format!("{}: {e}", args.server));
    }
    if let Some(why) = failure {
        return Err(why);
    }
    Ok(outcomes.iter().all(|o| *o == Outcome::Accepted))
}

/// Updates the recipients' outcomes from one client event.
fn record(event: &Event<'_>, outcomes: &mut [Outcome], failure: &mut Option<String>) {
    let mut settle_pending = |outcome: Outcome| {
        for o in outcomes.iter_mut() {
            if *o == Outcome::Pending {
                *o = outcome.clone();
            }
        }
    };
    match event {
        Event::Recipient { index, reply } if !reply.code.is_positive() => {
            if let Some(o) = outcomes.get_mut(*index) {
                *o = Outcome::Rejected(reply_line(reply));
            }
        }
        Event::Delivery { index, reply } => {
            if let Some(o) = outcomes.get_mut(*index) {
                *o = if reply.code.is_positive() {
                    Outcome::Accepted
                } else {
                    Outcome::Rejected(reply_line(reply))
                };
            }
        }
        Event::MessageAccepted { .. } => settle_pending(Outcome::Accepted),
        Event::MessageFailed { failure: why } => match why {
            SendFailure::SenderRejected(r) => {
                // Pipelined RCPTs after a refused MAIL were answered 503: the sender's refusal
                // is the reason for every recipient.
                let why = reply_line(r);
                for o in outcomes.iter_mut() {
                    *o = Outcome::Rejected(why.clone());
                }
            }
            SendFailure::DataRejected(r) | SendFailure::MessageRejected(r) => {
                settle_pending(Outcome::Rejected(reply_line(r)));
            }
            SendFailure::NoValidRecipients | SendFailure::RecipientsRejected => {}
            other => *failure = Some(format!("message not sent: {other:?}")),
        },
        Event::SessionFailed { failure: why } => {
            *failure = Some(session_failure(why));
        }
        _ => {}
    }
}

/// `CODE [ENHANCED] TEXT` of a reply, its lines joined by spaces.
fn reply_line(reply: &Reply<'_>) -> String {
    let mut line = reply.code.to_string();
    if let Some(enhanced) = reply.enhanced {
        let _ = write!(line, " {enhanced}");
    }
    let text = reply.text().replace('\n', " ");
    if !text.is_empty() {
        let _ = write!(line, " {text}");
    }
    line
}

fn session_failure(failure: &SessionFailure<'_>) -> String {
    match failure {
        SessionFailure::GreetingRefused(r) => format!("service refused: {}", reply_line(r)),
        SessionFailure::HelloRefused(r) => format!("EHLO refused: {}", reply_line(r)),
        SessionFailure::TlsUnavailable => "the server does not offer STARTTLS".to_owned(),
        SessionFailure::TlsRefused(r) => format!("STARTTLS refused: {}", reply_line(r)),
        SessionFailure::Auth(smtp_proto::client::AuthFailure::Rejected(r)) => {
            format!("authentication failed: {}", reply_line(r))
        }
        SessionFailure::Auth(other) => format!("authentication failed: {other:?}"),
        SessionFailure::ServiceClosing(r) => format!("server closing: {}", reply_line(r)),
        SessionFailure::ConnectionLost => "connection lost".to_owned(),
        other => format!("session failed: {other:?}"),
    }
}

/// The envelope from `--from` and `--to` (angle brackets optional).
fn envelope(from: &str, to: &[String]) -> Result<Envelope<'static>, String> {
    let opts = EnvelopeOptions::new().with_smtputf8(true);
    let path = |a: &str| {
        if a.starts_with('<') {
            a.to_owned()
        } else {
            format!("<{a}>")
        }
    };
    let reverse = ReversePath::parse(path(from).as_bytes(), opts)
        .map_err(|e| format!("--from {from:?}: {e}"))?
        .into_owned();
    let mut envelope = Envelope::new(reverse);
    for t in to {
        let forward = ForwardPath::parse(path(t).as_bytes(), opts)
            .map_err(|e| format!("--to {t:?}: {e}"))?
            .into_owned();
        envelope.recipients.push(Recipient::new(forward));
    }
    Ok(envelope)
}

/// The message without its `Bcc:` fields (RFC 5322 §3.6.3: blind recipients must not see
/// each other): each field named `Bcc` in the header section, with its continuation lines,
/// is dropped; the rest is kept byte for byte.
pub fn remove_bcc(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len());
    let mut rest = message;
    let mut dropping = false;
    while !rest.is_empty() {
        let end = memchr_lf(rest).map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at(end);
        if line == b"\n" || line == b"\r\n" {
            // The end of the header section: the body is kept as it is.
            out.extend_from_slice(rest);
            return out;
        }
        let continuation = line.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        if !continuation {
            dropping = is_bcc(line);
        }
        if !dropping {
            out.extend_from_slice(line);
        }
        rest = tail;
    }
    out
}

fn memchr_lf(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// `true` for a header line `Bcc:` (any case, optional white space before the colon).
fn is_bcc(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return false;
    };
    let name = line.get(..colon).unwrap_or_default();
    let name = name
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .and_then(|last| name.get(..=last))
        .unwrap_or_default();
    name.eq_ignore_ascii_case(b"bcc")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcc_fields_are_removed_with_their_continuations() {
        let message = b"From: a@example.com\r\nBcc: secret@example.org,\r\n  other@example.org\r\nTo: b@example.org\r\nBCC : x@y\nSubject: Bcc: in a value\r\n\r\nBcc: in the body stays\r\n";
        assert_eq!(
            remove_bcc(message),
            b"From: a@example.com\r\nTo: b@example.org\r\nSubject: Bcc: in a value\r\n\r\nBcc: in the body stays\r\n"
        );
        assert_eq!(remove_bcc(b"Bcc:\r\n"), b"");
        assert_eq!(remove_bcc(b"X: y"), b"X: y");
        assert_eq!(remove_bcc(b""), b"");
    }

    #[test]
    fn envelopes_take_bare_or_bracketed_addresses() {
        let e = envelope(
            "",
            &["b@example.org".to_owned(), "<c@example.org>".to_owned()],
        )
        .unwrap();
        assert!(e.reverse_path.is_null());
        assert_eq!(e.recipients.len(), 2);
        assert!(envelope("a@", &["b@example.org".to_owned()]).is_err());
    }
}
