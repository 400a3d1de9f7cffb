//! Running an [`smtp_proto::server::Server`] on a blocking connection.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use smtp_proto::Poll;
use smtp_proto::reply::Reply;
use smtp_proto::server::{Event, Server};

use super::{Connection, Input};

/// The application's answer to an event (see [`SmtpHandler`]).
#[derive(Debug)]
pub enum Decision {
    /// The event needs no answer.
    Nothing,
    /// [`Server::accept`].
    Accept,
    /// [`Server::accept_with`].
    AcceptWith(Reply<'static>),
    /// [`Server::reject`].
    Reject(Reply<'static>),
    /// [`Server::accept_auth`] with this nonce.
    AcceptAuth(String),
    /// [`Server::answer_auth`].
    AnswerAuth(mail_sasl::Answer),
    /// One answer after the other (an LMTP `MessageEnd`: one per recipient).
    Each(Vec<Decision>),
}

/// What the application does with each event of a session.
pub trait SmtpHandler {
    /// Reacts to `event`; decision events must get an answer other than
    /// [`Decision::Nothing`].
    fn event(&mut self, event: &Event<'_>) -> Decision;
}

/// Applies a decision to the server.
///
/// # Errors
/// The decision did not fit the server's state (a bug in the handler).
pub fn apply(server: &mut Server, decision: Decision) -> io::Result<()> {
    let result = match decision {
        Decision::Nothing => Ok(()),
        Decision::Accept => server.accept(),
        Decision::AcceptWith(reply) => server.accept_with(reply),
        Decision::Reject(reply) => server.reject(reply),
        Decision::AcceptAuth(nonce) => server.accept_auth(&nonce),
        Decision::AnswerAuth(answer) => server.answer_auth(answer),
        Decision::Each(all) => {
            for d in all {
                apply(server, d)?;
            }
            Ok(())
        }
    };
    result.map_err(io::Error::other)
}

/// Drives `server` over `connection` until the session ends: writes what it transmits, reads
/// what it needs (waiting at most its timeout), upgrades to TLS with `tls` when it says
/// `StartTls`, and hands every event to `handler`.
///
/// # Errors
/// An I/O error on the connection, a TLS handshake failure, `StartTls` without a TLS
/// configuration, or a handler that leaves a decision unanswered.
pub fn serve(
    connection: Connection,
    server: &mut Server,
    tls: Option<&Arc<rustls::ServerConfig>>,
    handler: &mut impl SmtpHandler,
) -> io::Result<()> {
    let mut conn = connection;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let decision = match server.poll() {
            Poll::Transmit(bytes) => {
                conn.write_all(bytes)?;
                conn.flush()?;
                continue;
            }
            Poll::Event(event) => handler.event(&event),
            Poll::NeedInput => {
                let wait = server.timeout().map(|t| t.max(Duration::from_millis(1)));
                match conn.read_within(&mut buf, wait)? {
                    Input::Data(data) => server.receive(data),
                    Input::Eof => return Ok(()),
                    Input::TimedOut => server.handle_timeout(),
                    Input::Interrupted => {}
                }
                continue;
            }
            Poll::Waiting => {
                return Err(io::Error::other("the handler left a decision unanswered"));
            }
            Poll::StartTls => {
                let config = tls
                    .cloned()
                    .ok_or_else(|| io::Error::other("STARTTLS without a TLS configuration"))?;
                conn = conn.into_server_tls(config)?;
                continue;
            }
            Poll::Closed => return Ok(()),
        };
        apply(server, decision)?;
    }
}
