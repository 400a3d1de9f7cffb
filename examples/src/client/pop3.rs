//! `mail-client pop3`: one POP3 session (RFC 1939) — log in (SASL, `APOP` or `USER`/`PASS`,
//! over `STLS` or implicit TLS), run one command, `QUIT`. `retr` and `top` write the message's
//! octets to standard output as they arrive (dot-stuffing removed, nothing else changed).

use std::io::{self, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};
use mail_sasl::{Credentials, Secret};
use pop3_proto::Poll;
use pop3_proto::client::{Client, ClientConfig, Event, SessionFailure, TlsPolicy};
use pop3_proto::command::MessageNumber;
use pop3_proto::response::StatusLine;

use super::TlsArgs;
use crate::net::{Connection, Input};

/// Options of `mail-client pop3`.
#[derive(Debug, Clone, Args)]
pub struct Pop3Args {
    /// The server, HOST:PORT.
    #[arg(long, value_name = "HOST:PORT")]
    pub server: String,
    /// Upgrade with STLS (required: no TLS, no login).
    #[arg(long, conflicts_with = "tls")]
    pub starttls: bool,
    /// TLS from the first byte (implicit TLS, RFC 8314).
    #[arg(long)]
    pub tls: bool,
    /// Log in as NAME with PASSWORD (the strongest SASL mechanism offered, else APOP, else
    /// USER/PASS; a reusable password in the clear only to a loopback server).
    #[arg(long, value_name = "NAME:PASSWORD")]
    pub user: String,
    /// Log in with APOP (RFC 1939 §7) and nothing else. The capabilities are not asked for
    /// (they would lead to SASL), so this does not go with --starttls; use --tls or loopback.
    #[arg(long, conflicts_with = "starttls")]
    pub apop: bool,
    /// TLS trust options.
    #[command(flatten)]
    pub trust: TlsArgs,
    /// What to do once logged in.
    #[command(subcommand)]
    pub action: Action,
}

/// The command of a `mail-client pop3` session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum Action {
    /// Print "COUNT SIZE": the messages and their total size in octets.
    Stat,
    /// Print "N SIZE" for each message.
    List,
    /// Print "N UNIQUE-ID" for each message.
    Uidl,
    /// Write message N's exact octets to standard output.
    Retr {
        /// The message number.
        n: u32,
    },
    /// Write message N's header and its first LINES body lines to standard output.
    Top {
        /// The message number.
        n: u32,
        /// How many body lines.
        lines: u32,
    },
    /// Delete message N (applied when the session ends with QUIT); prints "deleted N".
    Dele {
        /// The message number.
        n: u32,
    },
}

impl Action {
    /// The message the action names, if any.
    fn message(self) -> Option<u32> {
        match self {
            Action::Retr { n } | Action::Top { n, .. } | Action::Dele { n } => Some(n),
            Action::Stat | Action::List | Action::Uidl => None,
        }
    }
}

/// What the session did, for the final verdict.
#[derive(Debug, Default)]
struct Outcome {
    /// The command's `-ERR`, as `VERB: -ERR [CODE] text`.
    refused: Option<String>,
    /// Why the session failed.
    failure: Option<String>,
    /// `QUIT` was answered `+OK`.
    quit_ok: bool,
    /// The message was deleted (`DELE` answered `+OK`).
    deleted: bool,
    /// Writing to `out` failed.
    output: Option<io::Error>,
}

/// Runs the session; writes the command's result to `out`. Returns whether the command
/// succeeded (and, for `dele`, the deletion was committed by `QUIT`).
///
/// # Errors
/// A one-line description of what stopped the session (connection, TLS, login, `-ERR`).
pub fn pop3(args: &Pop3Args, out: &mut dyn Write) -> Result<bool, String> {
    let number = match args.action.message() {
        Some(n) => Some(MessageNumber::new(n).ok_or("message numbers start at 1")?),
        None => None,
    };
    let (name, password) = args
        .user
        .split_once(':')
        .ok_or("--user: expected NAME:PASSWORD")?;
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
    let nonce: String = crate::server::users::random_bytes::<18>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let config = ClientConfig::new()
        .with_tls(if args.starttls {
            TlsPolicy::Required
        } else {
            TlsPolicy::Never
        })
        .with_auth_without_tls(addr.ip().is_loopback())
        .with_capa(!args.apop)
        .with_credentials(
            Credentials::password(name, Secret::new(password.to_owned())),
            nonce,
        );
    let tls = if args.starttls || args.tls {
        Some(super::tls::client_config(
            args.trust.ca.as_deref(),
            args.trust.insecure,
        )?)
    } else {
        None
    };
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(30))
        .map_err(|e| format!("cannot connect to {}: {e}", args.server))?;
    let _ = stream.set_write_timeout(Some(Duration::from_secs(60)));
    let (connection, mut client) = match (&tls, args.tls) {
        (Some(tls_config), true) => (
            Connection::Plain(stream)
                .into_client_tls(Arc::clone(tls_config), host)
                .map_err(|e| format!("TLS with {}: {e}", args.server))?,
            Client::new_tls(config),
        ),
        _ => (Connection::Plain(stream), Client::new(config)),
    };
    let session = Session {
        action: args.action,
        number,
        apop: args.apop,
        tls: tls.map(|config| (config, host.to_owned())),
    };
    let outcome = session
        .drive(connection, &mut client, out)
        .map_err(|e| format!("{}: {e}", args.server))?;
    if let Some(e) = outcome.output {
        return Err(format!("standard output: {e}"));
    }
    if let Some(failure) = outcome.failure {
        return Err(failure);
    }
    if let Some(refused) = outcome.refused {
        return Err(refused);
    }
    if !outcome.quit_ok {
        return Err("the server did not confirm QUIT".to_owned());
    }
    if let (Action::Dele { n }, true) = (args.action, outcome.deleted) {
        writeln!(out, "deleted {n}").map_err(|e| format!("standard output: {e}"))?;
    }
    Ok(true)
}

/// One session's plan.
struct Session {
    action: Action,
    number: Option<MessageNumber>,
    apop: bool,
    tls: Option<(Arc<rustls::ClientConfig>, String)>,
}

impl Session {
    /// Drives `client` over `connection` until the session is closed.
    fn drive(
        &self,
        connection: Connection,
        client: &mut Client,
        out: &mut dyn Write,
    ) -> io::Result<Outcome> {
        let mut conn = connection;
        let mut outcome = Outcome::default();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let mut ask = false;
            let mut quit = false;
            match client.poll() {
                Poll::Transmit(bytes) => {
                    conn.write_all(bytes)?;
                    conn.flush()?;
                }
                Poll::Event(event) => match event {
                    Event::Greeting { line } if self.apop && line.apop_timestamp().is_none() => {
                        outcome.failure = Some(
                            "the server offers no APOP (no timestamp in its greeting)".to_owned(),
                        );
                        quit = true;
                    }
                    Event::Ready { .. } => ask = true,
                    Event::Stat(stat) => write_line(
                        out,
                        &mut outcome,
                        format_args!("{} {}", stat.count, stat.size),
                    ),
                    Event::ScanListing(l) => write_line(
                        out,
                        &mut outcome,
                        format_args!("{} {}", l.message.get(), l.size),
                    ),
                    Event::UniqueIdListing(l) => write_line(
                        out,
                        &mut outcome,
                        format_args!("{} {}", l.message.get(), l.uid.as_str()),
                    ),
                    Event::MessageData(piece) if outcome.output.is_none() => {
                        outcome.output = out.write_all(piece).err();
                    }
                    Event::MessageEnd { .. } if outcome.output.is_none() => {
                        outcome.output = out.flush().err();
                    }
                    Event::Deleted { .. } => outcome.deleted = true,
                    Event::Error { verb, line, .. } => {
                        outcome.refused = Some(format!("{verb}: {}", status(&line)));
                    }
                    Event::Closed { .. } => outcome.quit_ok = true,
                    Event::SessionFailed { failure } => {
                        outcome.failure.get_or_insert_with(|| describe(&failure));
                    }
                    _ => {}
                },
                Poll::NeedInput => {
                    let wait = client.timeout().map(|t| t.max(Duration::from_millis(1)));
                    match conn.read_within(&mut buf, wait)? {
                        Input::Data(data) => client.receive(data),
                        Input::Eof => client.handle_eof(),
                        Input::TimedOut => client.handle_timeout(),
                        Input::Interrupted => {}
                    }
                }
                Poll::Waiting => quit = true,
                Poll::StartTls => {
                    let (config, name) = self
                        .tls
                        .as_ref()
                        .ok_or_else(|| io::Error::other("STLS without a TLS configuration"))?;
                    conn = conn
                        .into_client_tls(Arc::clone(config), name)
                        .map_err(|e| io::Error::other(format!("TLS: {e}")))?;
                }
                Poll::Closed => return Ok(outcome),
            }
            // A refusal means the session is already closing: the loop sees it end.
            if ask {
                let _ = self.ask(client);
            } else if quit {
                let _ = client.quit();
            }
        }
    }

    /// The command, then `QUIT` (pipelined when the server offers it).
    fn ask(&self, client: &mut Client) -> Result<(), pop3_proto::client::UsageError> {
        match (self.action, self.number) {
            (Action::Stat, _) => client.stat()?,
            (Action::List, _) => client.list(None)?,
            (Action::Uidl, _) => client.uidl(None)?,
            (Action::Retr { .. }, Some(n)) => client.retr(n)?,
            (Action::Top { lines, .. }, Some(n)) => client.top(n, lines)?,
            (Action::Dele { .. }, Some(n)) => client.dele(n)?,
            _ => {}
        }
        client.quit()
    }
}

/// Writes one line of a listing, remembering the first write error.
fn write_line(out: &mut dyn Write, outcome: &mut Outcome, line: std::fmt::Arguments<'_>) {
    if outcome.output.is_none() {
        outcome.output = writeln!(out, "{line}").err();
    }
}

/// A status line as the server sent it: `-ERR [CODE] text`.
fn status(line: &StatusLine<'_>) -> String {
    let mut s = String::from(if line.is_ok() { "+OK" } else { "-ERR" });
    if let Some(code) = &line.code {
        s.push_str(&format!(" [{}]", code.as_str()));
    }
    if !line.text.is_empty() {
        s.push(' ');
        s.push_str(&String::from_utf8_lossy(line.text.as_bytes()));
    }
    s
}

/// One line saying why the session failed.
fn describe(failure: &SessionFailure<'_>) -> String {
    use pop3_proto::client::AuthFailure;
    match failure {
        SessionFailure::GreetingRefused(line) => format!("greeting refused: {}", status(line)),
        SessionFailure::TlsUnavailable => "the server does not offer STLS".to_owned(),
        SessionFailure::TlsRefused(line) => format!("STLS refused: {}", status(line)),
        SessionFailure::Auth(AuthFailure::Rejected { verb, line }) => {
            format!("login failed: {verb}: {}", status(line))
        }
        SessionFailure::Auth(AuthFailure::NoMethod) => {
            "login failed: no login method allowed without TLS (use --starttls or --tls)".to_owned()
        }
        SessionFailure::Auth(other) => format!("login failed: {other:?}"),
        SessionFailure::Timeout { .. } => "the server did not answer in time".to_owned(),
        SessionFailure::ConnectionLost => "the server closed the connection".to_owned(),
        other => format!("session failed: {other:?}"),
    }
}
