//! Running a [`pop3_proto::server::Server`] on a blocking connection.
//!
//! The application implements [`Pop3Handler`]: it answers each decision event with a
//! [`Decision`]; a message to retrieve is handed over as a reader, which [`serve`] streams in
//! pieces (the machine dot-stuffs them), writing to the socket between pieces so that no
//! message is ever held in memory whole.

use std::io::{self, Read, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pop3_proto::Poll;
use pop3_proto::response::{StatusLine, Text};
use pop3_proto::server::{Event, Maildrop, Server};

use super::{Connection, Input};

/// The application's answer to an event (see [`Pop3Handler`]).
pub enum Decision {
    /// The event needs no answer.
    Nothing,
    /// [`Server::accept`].
    Accept,
    /// [`Server::accept_with`].
    AcceptWith(Text<'static>),
    /// [`Server::accept_login`].
    AcceptLogin(Maildrop),
    /// [`Server::accept_login_with`].
    AcceptLoginWith(Maildrop, Text<'static>),
    /// [`Server::reject`].
    Reject(StatusLine<'static>),
    /// [`Server::accept_auth`] with this nonce.
    AcceptAuth(String),
    /// [`Server::answer_auth`].
    AnswerAuth(mail_sasl::Answer),
    /// The message asked for by a `Retrieve` event, as stored: streamed with
    /// [`Server::send_message_data`] and [`Server::end_message`]. A read error before the
    /// first piece is answered `-ERR [SYS/TEMP]`; after it, the connection is closed.
    Message(Box<dyn Read>),
}

impl std::fmt::Debug for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Decision::Nothing => "Nothing",
            Decision::Accept => "Accept",
            Decision::AcceptWith(_) => "AcceptWith",
            Decision::AcceptLogin(_) => "AcceptLogin",
            Decision::AcceptLoginWith(..) => "AcceptLoginWith",
            Decision::Reject(_) => "Reject",
            Decision::AcceptAuth(_) => "AcceptAuth",
            Decision::AnswerAuth(_) => "AnswerAuth",
            Decision::Message(_) => "Message",
        };
        f.write_str(name)
    }
}

/// What the application does with each event of a session.
pub trait Pop3Handler {
    /// Reacts to `event`; decision events must get an answer other than
    /// [`Decision::Nothing`].
    fn event(&mut self, event: &Event<'_>) -> Decision;

    /// Whether the session should end now (the server is shutting down): asked at least every
    /// [`STOP_CHECK`] while waiting for the client; `true` ends the session with
    /// [`Server::shut_down`] (`-ERR [SYS/TEMP]`, no UPDATE state).
    fn stop_requested(&self) -> bool {
        false
    }

    /// The connection is now TLS (after `STLS`).
    fn tls_started(&mut self) {}
}

/// How often [`serve`] asks [`Pop3Handler::stop_requested`] while it waits for the client.
pub const STOP_CHECK: Duration = Duration::from_millis(200);

/// How long a TLS handshake after `STLS` may take.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(60);

/// Size of the pieces a message is read and sent in.
const PIECE: usize = 64 * 1024;

/// Drives `server` over `connection` until the session ends: writes what it transmits, reads
/// what it needs (calling [`Server::handle_timeout`] when the client is idle for the machine's
/// timeout, and [`Server::shut_down`] when the handler asks to stop), upgrades to TLS with `tls` when it says
/// `StartTls`, and hands every event to `handler`.
///
/// # Errors
/// An I/O error on the connection, a TLS handshake failure, `StartTls` without a TLS
/// configuration, or a handler whose decision does not fit the event (a bug in the handler).
pub fn serve(
    connection: Connection,
    server: &mut Server,
    tls: Option<&Arc<rustls::ServerConfig>>,
    handler: &mut impl Pop3Handler,
) -> io::Result<()> {
    let mut conn = connection;
    let mut buf = vec![0u8; 64 * 1024];
    // When the client's time to send a command runs out (RFC 1939 §3's autologout timer).
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
                if !stopped && handler.stop_requested() {
                    stopped = true;
                    server.shut_down();
                    continue;
                }
                let now = Instant::now();
                match deadline {
                    Some(limit) if now >= limit => {
                        deadline = None;
                        server.handle_timeout();
                        continue;
                    }
                    Some(_) => {}
                    None => deadline = server.timeout().map(|t| now + t),
                }
                let wait = deadline.map_or(STOP_CHECK, |limit| {
                    limit
                        .saturating_duration_since(now)
                        .clamp(Duration::from_millis(1), STOP_CHECK)
                });
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
                let config = tls
                    .cloned()
                    .ok_or_else(|| io::Error::other("STLS without a TLS configuration"))?;
                conn.tcp().set_read_timeout(Some(HANDSHAKE_TIMEOUT))?;
                conn = conn.into_server_tls(config)?;
                deadline = None;
                handler.tls_started();
                continue;
            }
            Poll::Closed => return Ok(()),
        };
        match decision {
            Decision::Message(reader) => stream(&mut conn, server, reader, &mut buf)?,
            other => apply(server, other)?,
        }
    }
}

/// Applies a decision (other than [`Decision::Message`]) to the server.
///
/// # Errors
/// The decision did not fit the server's state (a bug in the handler).
pub fn apply(server: &mut Server, decision: Decision) -> io::Result<()> {
    let result = match decision {
        Decision::Nothing => Ok(()),
        Decision::Accept => server.accept(),
        Decision::AcceptWith(text) => server.accept_with(text),
        Decision::AcceptLogin(maildrop) => server.accept_login(maildrop),
        Decision::AcceptLoginWith(maildrop, text) => server.accept_login_with(maildrop, text),
        Decision::Reject(status) => server.reject(&status),
        Decision::AcceptAuth(nonce) => server.accept_auth(&nonce),
        Decision::AnswerAuth(answer) => server.answer_auth(answer),
        Decision::Message(_) => Err(pop3_proto::server::UsageError::NothingPending),
    };
    result.map_err(io::Error::other)
}

/// Streams a message from `reader` into the pending `Retrieve`, sending each stuffed piece
/// before reading the next.
fn stream(
    conn: &mut Connection,
    server: &mut Server,
    mut reader: Box<dyn Read>,
    buf: &mut [u8],
) -> io::Result<()> {
    let piece = buf.get_mut(..PIECE).unwrap_or_default();
    let mut started = false;
    while server.wants_message_data() {
        let n = match reader.read(piece) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) if !started => {
                let status = StatusLine::err_with_code(
                    pop3_proto::response::ResponseCode::SysTemp,
                    Text::lossy("cannot read the message"),
                );
                server.reject(&status).map_err(io::Error::other)?;
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        server
            .send_message_data(piece.get(..n).unwrap_or_default())
            .map_err(io::Error::other)?;
        started = true;
        // Send this piece now; the machine has nothing else to do while a message is pending.
        while let Poll::Transmit(bytes) = server.poll() {
            conn.write_all(bytes)?;
        }
    }
    server.end_message().map_err(io::Error::other)
}
