//! One SMTP, submission or LMTP session: the policy (who may send to whom), the delivery
//! into the Maildirs, and the loop that drives the engine over the connection.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime};

use mail_message::envelope::ForwardPath;
use mail_sasl::Mechanism;
use smtp_proto::Poll;
use smtp_proto::reply::{Reply, ReplyCode};
use smtp_proto::server::{Event, Server, ServerConfig};

use super::trace::{Trace, Via};
use super::users::random_bytes;
use super::{Service, Shared};
use crate::net::smtp_server::{Decision, apply};
use crate::net::{Connection, Input};

/// How often a session waiting for its client checks whether the server is shutting down.
const STOP_CHECK: Duration = Duration::from_millis(200);

/// How long a client may take to send or read one buffer, and to finish a TLS handshake.
const IO_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs one session on `stream` to its end, logging each event.
pub fn run(service: Service, stream: TcpStream, peer: SocketAddr, shared: &Shared) {
    let session = shared.counter.fetch_add(1, Ordering::Relaxed);
    tracing::info!(session, %service, %peer, "connected");
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let config = engine_config(service, peer, shared);
    let (connection, mut server) = if service == Service::Smtps {
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
    let mut handler = Handler {
        shared,
        session,
        service,
        peer,
        helo: String::new(),
        extended: false,
        tls: service == Service::Smtps,
        user: None,
        reverse_path: String::new(),
        recipients: Vec::new(),
        message: Vec::new(),
    };
    match drive(connection, &mut server, &mut handler) {
        Ok(()) => tracing::info!(session, "closed"),
        Err(e) => tracing::info!(session, error = %e, "connection lost"),
    }
}

/// The engine's configuration for `service`: STARTTLS everywhere; AUTH on the submission
/// services, required before `MAIL`, and allowed in the clear only for loopback clients.
fn engine_config(service: Service, peer: SocketAddr, shared: &Shared) -> ServerConfig {
    let base = match service {
        Service::Lmtp => ServerConfig::lmtp(shared.domain.clone()),
        _ => ServerConfig::new(shared.domain.clone()),
    };
    let config = base.with_starttls(true).with_limits(shared.limits.clone());
    if service.is_submission() {
        config
            .with_auth([
                Mechanism::ScramSha256,
                Mechanism::CramMd5,
                Mechanism::Plain,
                Mechanism::Login,
            ])
            .with_require_auth(true)
            .with_auth_without_tls(peer.ip().is_loopback())
    } else {
        config
    }
}

/// Moves bytes between the connection and the engine until the session ends; ends it with
/// `421` when the server shuts down.
fn drive(connection: Connection, server: &mut Server, handler: &mut Handler<'_>) -> io::Result<()> {
    let mut conn = connection;
    let mut buf = vec![0u8; 64 * 1024];
    let mut deadline: Option<Instant> = None;
    let mut stopped = false;
    loop {
        let decision = match server.poll() {
            Poll::Transmit(bytes) => {
                conn.write_all(bytes)?;
                conn.flush()?;
                continue;
            }
            Poll::Event(event) => handler.event(&event),
            Poll::NeedInput => {
                if !stopped && handler.shared.stopping.load(Ordering::SeqCst) {
                    stopped = true;
                    tracing::info!(session = handler.session, "shutting down");
                    server.shut_down();
                    continue;
                }
                let now = Instant::now();
                let limit = *deadline.get_or_insert_with(|| {
                    now + server.timeout().unwrap_or(Duration::from_secs(300))
                });
                if now >= limit {
                    deadline = None;
                    tracing::info!(session = handler.session, "timeout");
                    server.handle_timeout();
                    continue;
                }
                let wait = (limit - now).clamp(Duration::from_millis(1), STOP_CHECK);
                match conn.read_within(&mut buf, Some(wait))? {
                    Input::Eof => return Ok(()),
                    Input::Data(data) => {
                        deadline = None;
                        server.receive(data);
                    }
                    Input::TimedOut | Input::Interrupted => {}
                }
                continue;
            }
            Poll::Waiting => {
                return Err(io::Error::other("the handler left a decision unanswered"));
            }
            Poll::StartTls => {
                conn.tcp().set_read_timeout(Some(IO_TIMEOUT))?;
                conn = conn.into_server_tls(handler.shared.tls.clone())?;
                handler.tls = true;
                handler.reset();
                deadline = None;
                tracing::info!(session = handler.session, "TLS started");
                continue;
            }
            Poll::Closed => return Ok(()),
        };
        apply(server, decision)?;
    }
}

/// A recipient accepted in the current transaction.
#[derive(Debug)]
struct Recipient {
    /// The local user it is delivered to.
    user: String,
    /// The forward-path as given (`<bob@example.org>`), for the trace field.
    path: String,
}

/// The session's policy and its transaction.
#[derive(Debug)]
struct Handler<'s> {
    shared: &'s Shared,
    session: u64,
    service: Service,
    peer: SocketAddr,
    helo: String,
    extended: bool,
    tls: bool,
    user: Option<String>,
    reverse_path: String,
    recipients: Vec<Recipient>,
    message: Vec<u8>,
}

impl Handler<'_> {
    fn reset(&mut self) {
        self.reverse_path.clear();
        self.recipients.clear();
        self.message = Vec::new();
    }

    fn event(&mut self, event: &Event<'_>) -> Decision {
        let session = self.session;
        match event {
            Event::Hello { name, extended } => {
                self.helo = name.to_string();
                self.extended = *extended;
                self.reset();
                tracing::info!(session, helo = %name, "hello");
                Decision::Accept
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
            Event::Authenticated(who) => {
                tracing::info!(session, user = %who.identity(), "authenticated");
                self.user = Some(who.identity().to_owned());
                Decision::Nothing
            }
            Event::AuthFailed { reply } => {
                tracing::info!(session, code = reply.code.get(), "authentication failed");
                Decision::Nothing
            }
            Event::Mail { reverse_path, .. } => {
                self.reset();
                self.reverse_path = reverse_path.to_string();
                tracing::info!(session, from = %reverse_path, "mail");
                Decision::Accept
            }
            Event::Rcpt { forward_path, .. } => self.recipient(forward_path),
            Event::Verify { .. } => Decision::Accept,
            Event::MessageStart => {
                self.message.clear();
                Decision::Nothing
            }
            Event::MessageData(piece) => {
                self.message.extend_from_slice(piece);
                Decision::Nothing
            }
            Event::MessageEnd { replies, .. } => self.deliver(*replies),
            Event::MessageRefused { reply } => {
                tracing::info!(session, code = reply.code.get(), text = %reply.text(), "message refused");
                self.reset();
                Decision::Nothing
            }
            Event::TransactionReset => {
                self.reset();
                Decision::Nothing
            }
            Event::ProtocolError { verb, reply } => {
                tracing::info!(session, verb = ?verb, code = reply.code.get(), "protocol error");
                Decision::Nothing
            }
            _ => Decision::Nothing,
        }
    }

    /// RCPT: local users of the domain only (550 5.1.1 for an unknown one); any other domain
    /// is relaying, which this server does not do (550 5.7.1).
    fn recipient(&mut self, forward_path: &ForwardPath<'_>) -> Decision {
        let session = self.session;
        let found = match forward_path {
            ForwardPath::Postmaster => self.shared.users.postmaster().ok_or(false),
            ForwardPath::Mailbox(mailbox) => {
                let local = mailbox
                    .host()
                    .domain()
                    .is_some_and(|d| d.as_str().eq_ignore_ascii_case(&self.shared.domain));
                if !local {
                    Err(false)
                } else if mailbox.local_part().is_postmaster() {
                    self.shared.users.postmaster().ok_or(true)
                } else {
                    self.shared
                        .users
                        .get(mailbox.local_part().as_str())
                        .ok_or(true)
                }
            }
        };
        match found {
            Ok(user) => {
                tracing::info!(session, to = %forward_path, user = %user.name, "recipient accepted");
                self.recipients.push(Recipient {
                    user: user.name.clone(),
                    path: forward_path.to_string(),
                });
                Decision::Accept
            }
            Err(local) => {
                tracing::info!(session, to = %forward_path, "recipient refused");
                Decision::Reject(if local {
                    Reply::new(ReplyCode::MAILBOX_UNAVAILABLE, "5.1.1 No such user here")
                } else {
                    Reply::new(
                        ReplyCode::MAILBOX_UNAVAILABLE,
                        "5.7.1 Relaying denied: this server only accepts mail for its own users",
                    )
                })
            }
        }
    }

    /// The end of the content: one durable copy per recipient, each with its own trace
    /// fields, before any positive reply. SMTP answers once (`451` if any copy failed: the
    /// client retries, a duplicate is better than a loss); LMTP answers per recipient.
    fn deliver(&mut self, replies: usize) -> Decision {
        let session = self.session;
        let now = SystemTime::now();
        let number = self.shared.counter.fetch_add(1, Ordering::Relaxed);
        let id = format!(
            "{:X}{:04X}",
            now.duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            number & 0xFFFF
        );
        let via = Via {
            lmtp: self.service == Service::Lmtp,
            extended: self.extended,
            tls: self.tls,
            authenticated: self.user.is_some(),
        };
        let mut outcomes = Vec::with_capacity(self.recipients.len());
        for recipient in &self.recipients {
            let fields = Trace {
                helo: &self.helo,
                peer: self.peer.ip(),
                by: &self.shared.domain,
                via,
                id: &id,
                recipient: &recipient.path,
                reverse_path: &self.reverse_path,
                time: now,
            }
            .fields();
            let stored = self.shared.store.deliver(
                &recipient.user,
                now,
                &[fields.as_bytes(), &self.message],
            );
            match &stored {
                Ok(name) => tracing::info!(
                    session,
                    id = %id,
                    user = %recipient.user,
                    file = %name,
                    size = self.message.len(),
                    "delivered"
                ),
                Err(e) => tracing::warn!(
                    session,
                    id = %id,
                    user = %recipient.user,
                    error = %e,
                    "delivery failed"
                ),
            }
            outcomes.push(stored.is_ok());
        }
        self.reset();
        let ok = || {
            Decision::AcceptWith(Reply::new(
                ReplyCode::OK,
                format!("2.0.0 Ok: queued as {id}"),
            ))
        };
        let failed = || {
            Decision::Reject(Reply::new(
                ReplyCode::LOCAL_ERROR,
                "4.3.0 Could not store the message, try again later",
            ))
        };
        if self.service == Service::Lmtp {
            let mut each: Vec<Decision> = outcomes
                .iter()
                .map(|&done| if done { ok() } else { failed() })
                .collect();
            each.truncate(replies);
            Decision::Each(each)
        } else if outcomes.iter().all(|&done| done) {
            ok()
        } else {
            failed()
        }
    }
}
