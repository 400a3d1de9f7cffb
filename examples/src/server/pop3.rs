//! One POP3 session (RFC 1939) on the users' Maildirs: the login (`USER`/`PASS`, `APOP`, SASL
//! `AUTH`, RFC 5034), the maildrop locked for the session, messages streamed from their files,
//! deletions applied in the UPDATE state only.
//!
//! Retrieved messages stay where they are (in `new/` or `cur/`): POP3 has no flags to record,
//! and the unique-id is the file's base name wherever it lives, so `UIDL` is the same in every
//! session and after a restart.

use std::io;
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

use mail_sasl::{Mechanism, Secret};
use pop3_proto::response::{ResponseCode, StatusLine, Text, UniqueId};
use pop3_proto::server::{Event, Limits, Maildrop, Server, ServerConfig};

use super::users::random_bytes;
use super::{Service, Shared};
use crate::maildir::{LockError, MaildropLock};
use crate::net::Connection;
use crate::net::pop3_server::{Decision, Pop3Handler, serve};

/// How long a client may take to send or read one buffer, and to finish a TLS handshake.
const IO_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs one POP3 (`Service::Pop3`, STLS offered) or POP3S (`Service::Pop3s`, implicit TLS)
/// session on `stream` to its end, logging each event.
pub fn run(service: Service, stream: TcpStream, peer: SocketAddr, shared: &Shared) {
    let session = shared.counter.fetch_add(1, Ordering::Relaxed);
    tracing::info!(session, %service, %peer, "connected");
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let implicit = service == Service::Pop3s;
    let timestamp = apop_timestamp(&shared.host, session);
    let config = engine_config(
        &shared.domain,
        &shared.pop3_limits,
        implicit,
        peer,
        &timestamp,
    );
    let (connection, mut server) = if implicit {
        let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
        match Connection::Plain(stream).into_server_tls(shared.tls.clone()) {
            Ok(c) => (c, Server::new_tls(config)),
            Err(e) => {
                tracing::info!(session, error = %e, "TLS handshake failed");
                return;
            }
        }
    } else {
        (Connection::Plain(stream), Server::new(config))
    };
    let mut handler = Session {
        shared,
        session,
        maildrop: None,
    };
    match serve(connection, &mut server, Some(&shared.tls), &mut handler) {
        Ok(()) => tracing::info!(session, "closed"),
        Err(e) => tracing::info!(session, error = %e, "connection lost"),
    }
    // A maildrop still held (no QUIT, a timeout, a lost connection) is released unchanged.
    if handler.maildrop.take().is_some() {
        tracing::info!(session, "maildrop released without update");
    }
}

/// The engine's configuration: `STLS` on the plain listener, `APOP` with this session's
/// `timestamp`, the same SASL mechanisms as submission, and plaintext logins (`USER`/`PASS`,
/// PLAIN, LOGIN) without TLS only for loopback clients.
pub fn engine_config(
    domain: &str,
    limits: &Limits,
    implicit_tls: bool,
    peer: SocketAddr,
    timestamp: &str,
) -> ServerConfig {
    let mut config = ServerConfig::new(domain)
        .with_greeting(format!("{domain} POP3 server ready"))
        .with_apop_timestamp(timestamp)
        .with_stls(!implicit_tls)
        .with_sasl([
            Mechanism::ScramSha256,
            Mechanism::CramMd5,
            Mechanism::Plain,
            Mechanism::Login,
        ])
        .with_plaintext_without_tls(peer.ip().is_loopback())
        .with_limits(limits.clone());
    config.implementation = Some("mail-examples".to_owned());
    config
}

/// The APOP timestamp of one session (RFC 1939 §7: `<process-ID.clock@hostname>`), unique
/// per session: the process id, the session number, the clock in microseconds and a random
/// part, at this machine's name `host`.
pub fn apop_timestamp(host: &str, session: u64) -> String {
    let micros = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0);
    let random = u32::from_le_bytes(random_bytes::<4>());
    let host: String = host
        .chars()
        .filter(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '@'))
        .collect();
    let host = if host.is_empty() { "localhost" } else { &host };
    format!(
        "<{}.{session}.{micros}.{random:08x}@{host}>",
        std::process::id()
    )
}

/// The policy of one session and the maildrop it holds.
struct Session<'s> {
    shared: &'s Shared,
    session: u64,
    /// Taken at login, released at the end (deletions applied at `QUIT` only).
    maildrop: Option<MaildropLock>,
}

impl Session<'_> {
    /// Takes `user`'s maildrop (one session at a time) and hands its listing to the machine.
    fn open(&mut self, user: &str, method: &str) -> Decision {
        let session = self.session;
        match self.shared.store.lock(user) {
            Ok(lock) => {
                let mut maildrop = Maildrop::new();
                for entry in lock.messages() {
                    match UniqueId::new(entry.uid.clone()) {
                        Ok(uid) => maildrop.push(entry.size, uid.into_owned()),
                        Err(_) => {
                            tracing::warn!(session, file = %entry.uid, "name is not a POP3 unique-id");
                            return Decision::Reject(StatusLine::err_with_code(
                                ResponseCode::SysPerm,
                                Text::lossy("the maildrop holds a file this server cannot list"),
                            ));
                        }
                    }
                }
                tracing::info!(
                    session,
                    %user,
                    method,
                    messages = maildrop.len(),
                    "logged in, maildrop locked"
                );
                self.maildrop = Some(lock);
                Decision::AcceptLogin(maildrop)
            }
            Err(LockError::InUse) => {
                tracing::info!(session, %user, "maildrop in use");
                Decision::Reject(StatusLine::err_with_code(
                    ResponseCode::InUse,
                    Text::lossy("the maildrop is in use by another session"),
                ))
            }
            Err(LockError::Io(e)) => {
                tracing::warn!(session, %user, error = %e, "cannot open the maildrop");
                Decision::Reject(StatusLine::err_with_code(
                    ResponseCode::SysTemp,
                    Text::lossy("the maildrop cannot be opened now"),
                ))
            }
        }
    }

    /// `-ERR [AUTH]` (RFC 3206 §4), the same for an unknown user and a wrong password.
    fn refused(&self, user: &str, method: &str) -> Decision {
        tracing::info!(session = self.session, %user, method, "login failed");
        Decision::Reject(StatusLine::err_with_code(
            ResponseCode::Auth,
            Text::lossy("invalid user name or password"),
        ))
    }

    /// The UPDATE state (RFC 1939 §6): removes the messages marked deleted and releases the
    /// maildrop.
    fn update(&mut self, deleted: &[pop3_proto::command::MessageNumber]) -> Decision {
        let session = self.session;
        let Some(lock) = self.maildrop.take() else {
            return Decision::Accept;
        };
        let indices: Vec<usize> = deleted.iter().map(|n| n.index()).collect();
        match lock.delete(&indices) {
            Ok(()) => {
                tracing::info!(
                    session,
                    deleted = indices.len(),
                    "update: maildrop released"
                );
                Decision::Accept
            }
            Err(e) => {
                tracing::warn!(session, error = %e, "update failed");
                Decision::Reject(StatusLine::err_with_code(
                    ResponseCode::SysTemp,
                    Text::lossy("some deleted messages could not be removed"),
                ))
            }
        }
    }
}

impl Pop3Handler for Session<'_> {
    fn event(&mut self, event: &Event<'_>) -> Decision {
        let session = self.session;
        match event {
            // Every name gets "+OK": whether a user exists shows only after PASS.
            Event::User { .. } => Decision::Accept,
            Event::Login { user, password } => {
                let password = Secret::new(String::from_utf8_lossy(password.expose()).into_owned());
                let verdict = mail_sasl::Authenticator::verify_password(
                    &self.shared.users,
                    None,
                    user,
                    &password,
                );
                match (verdict, self.shared.users.get(user)) {
                    (mail_sasl::Verdict::Accept, Some(found)) => {
                        let name = found.name.clone();
                        self.open(&name, "USER/PASS")
                    }
                    _ => self.refused(user, "USER/PASS"),
                }
            }
            Event::Apop {
                user,
                digest,
                timestamp,
            } => {
                let name = user.as_str().to_owned();
                match self.shared.users.apop(&name, digest, timestamp) {
                    Some(found) => {
                        let name = found.name.clone();
                        self.open(&name, "APOP")
                    }
                    None => self.refused(&name, "APOP"),
                }
            }
            Event::AuthStart { mechanism } => {
                tracing::info!(session, %mechanism, "auth started");
                let nonce: String = random_bytes::<12>()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                Decision::AcceptAuth(format!("{nonce}.{session}"))
            }
            Event::AuthRequest(request) => {
                Decision::AnswerAuth(request.answer_with(&self.shared.users))
            }
            Event::Authenticated(who) => match self.shared.users.get(who.identity()) {
                Some(found) => {
                    let name = found.name.clone();
                    self.open(&name, "AUTH")
                }
                None => self.refused(who.identity(), "AUTH"),
            },
            Event::AuthFailed { status } => {
                tracing::info!(session, text = %String::from_utf8_lossy(status.text.as_bytes()), "authentication failed");
                Decision::Nothing
            }
            Event::Retrieve {
                message,
                lines,
                size,
            } => {
                let opened = self
                    .maildrop
                    .as_ref()
                    .ok_or_else(|| io::Error::other("no maildrop"))
                    .and_then(|m| m.open(message.index()));
                match opened {
                    Ok(file) => {
                        tracing::info!(session, number = message.get(), size, top = ?lines, "retrieve");
                        Decision::Message(Box::new(file))
                    }
                    Err(e) => {
                        tracing::warn!(session, number = message.get(), error = %e, "cannot read the message");
                        Decision::Reject(StatusLine::err_with_code(
                            ResponseCode::SysTemp,
                            Text::lossy("the message cannot be read now"),
                        ))
                    }
                }
            }
            Event::Update { deleted } => self.update(deleted),
            Event::ProtocolError { verb, status } => {
                tracing::info!(session, verb = ?verb, text = %String::from_utf8_lossy(status.text.as_bytes()), "protocol error");
                Decision::Nothing
            }
            _ => Decision::Nothing,
        }
    }

    fn stop_requested(&self) -> bool {
        self.shared.stopping.load(Ordering::SeqCst)
    }

    fn tls_started(&mut self) {
        tracing::info!(session = self.session, "TLS started");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pop3_proto::Poll;

    /// The bytes the machine sends after `input`, with the greeting.
    fn exchange(config: ServerConfig, input: &[u8]) -> String {
        let mut server = Server::new(config);
        server.receive(input);
        let mut out = Vec::new();
        loop {
            match server.poll() {
                Poll::Transmit(bytes) => out.extend_from_slice(bytes),
                // Events for the log; a decision event would make the machine wait.
                Poll::Event(_) => {}
                _ => break,
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plaintext_logins_need_tls_except_on_loopback() {
        let ts = apop_timestamp("mx.example", 7);
        let remote: SocketAddr = "192.0.2.1:4000".parse().unwrap();
        let local: SocketAddr = "[::1]:4000".parse().unwrap();
        let limits = Limits::default();
        let capa = |peer| {
            exchange(
                engine_config("example.org", &limits, false, peer, &ts),
                b"CAPA\r\n",
            )
        };
        let far = capa(remote);
        assert!(
            far.starts_with(&format!("+OK example.org POP3 server ready {ts}\r\n")),
            "{far}"
        );
        assert!(far.contains("\r\nSTLS\r\n"), "{far}");
        assert!(far.contains("\r\nSASL SCRAM-SHA-256 CRAM-MD5\r\n"), "{far}");
        assert!(!far.contains("\r\nUSER\r\n"), "{far}");
        let near = capa(local);
        assert!(
            near.contains("\r\nSASL SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN\r\n"),
            "{near}"
        );
        assert!(near.contains("\r\nUSER\r\n"), "{near}");
        // USER before TLS from afar: refused before any password is sent.
        let refused = exchange(
            engine_config("example.org", &limits, false, remote, &ts),
            b"USER alice\r\n",
        );
        assert!(
            refused
                .ends_with("\r\n-ERR [AUTH] Plaintext authentication disallowed without TLS\r\n"),
            "{refused:?}"
        );
        // Implicit TLS: no STLS.
        let tls = exchange(
            engine_config("example.org", &limits, true, remote, &ts),
            b"CAPA\r\n",
        );
        assert!(!tls.contains("STLS"), "{tls}");
    }

    #[test]
    fn apop_timestamps_are_unique_and_well_formed() {
        let a = apop_timestamp("mx<ex>@ample", 1);
        let b = apop_timestamp("mx<ex>@ample", 1);
        assert_ne!(a, b);
        let pid = std::process::id().to_string();
        for t in [&a, &b] {
            assert!(t.starts_with(&format!("<{pid}.1.")), "{t}");
            assert!(t.ends_with("@mxexample>"), "{t}");
            assert!(t.bytes().all(|c| c.is_ascii_graphic()), "{t}");
        }
        assert!(apop_timestamp("", 2).ends_with("@localhost>"));
    }
}
