//! Running a [`pop3_proto::client::Client`] on a blocking connection: log in, list the
//! maildrop, retrieve every message (optionally deleting it), quit.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use pop3_proto::Poll;
use pop3_proto::client::{Client, Event, LoginMethod};
use pop3_proto::command::MessageNumber;
use pop3_proto::response::MaildropStat;

pub use super::smtp_client::ClientTls;
use super::{Connection, Input};

/// What to do once the session is ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Plan {
    /// Mark every retrieved message deleted (`DELE`), so `QUIT` removes it.
    pub delete: bool,
    /// Retrieve only the header and this many body lines (`TOP`), not the whole message.
    pub top: Option<u32>,
}

/// One message retrieved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retrieved {
    /// Its number in the session.
    pub message: MessageNumber,
    /// Its unique-id (`UIDL`), when the server gave one.
    pub uid: Option<String>,
    /// The size the scan listing announced.
    pub listed_size: u64,
    /// The octets received, dot-stuffing removed.
    pub bytes: Vec<u8>,
}

/// What a session did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// TLS was in use (from the start, or after `STLS`).
    pub tls: bool,
    /// How the client logged in.
    pub login: Option<LoginMethod>,
    /// The answer to `STAT`.
    pub stat: Option<MaildropStat>,
    /// The messages, in the order of the scan listing.
    pub messages: Vec<Retrieved>,
    /// Messages marked deleted.
    pub deleted: Vec<MessageNumber>,
    /// Every `-ERR` to a command, as `VERB text`.
    pub errors: Vec<String>,
    /// Why the session failed, if it did.
    pub failure: Option<String>,
    /// `QUIT` was answered `+OK`.
    pub quit_ok: bool,
}

/// Drives `client` over `connection`: when the session is ready, `STAT`, `UIDL`, `LIST`,
/// then `RETR` (or `TOP`) and optionally `DELE` for every listed message, then `QUIT`.
/// Upgrades to TLS with `tls` when the client says `StartTls`. Message bodies arrive in
/// pieces and are collected per message. Returns when the session is closed.
///
/// # Errors
/// An I/O error, a TLS failure, or `StartTls` without a TLS configuration.
pub fn run(
    connection: Connection,
    client: &mut Client,
    tls: Option<&ClientTls>,
    plan: Plan,
) -> io::Result<Outcome> {
    let mut conn = connection;
    let mut out = Outcome::default();
    let mut buf = vec![0u8; 64 * 1024];
    let mut uids: Vec<(MessageNumber, String)> = Vec::new();
    // The index in `out.messages` of the message being received.
    let mut current: Option<usize> = None;
    loop {
        // What to ask for after this event (the event borrows the client).
        let mut next: Option<Next> = None;
        match client.poll() {
            Poll::Transmit(bytes) => {
                conn.write_all(bytes)?;
                conn.flush()?;
            }
            Poll::Event(event) => match event {
                Event::Authenticated { method } => out.login = Some(method),
                Event::Ready { .. } => next = Some(Next::Listings),
                Event::Stat(stat) => out.stat = Some(stat),
                Event::UniqueIdListing(l) => uids.push((l.message, l.uid.as_str().to_owned())),
                Event::ScanListing(l) => out.messages.push(Retrieved {
                    message: l.message,
                    uid: None,
                    listed_size: l.size,
                    bytes: Vec::new(),
                }),
                Event::ListingEnd {
                    verb: pop3_proto::command::Verb::List,
                } => {
                    next = Some(Next::Retrieve);
                }
                Event::MessageStart { message } => {
                    current = out.messages.iter().position(|m| m.message == message);
                }
                Event::MessageData(data) => {
                    if let Some(m) = current.and_then(|i| out.messages.get_mut(i)) {
                        m.bytes.extend_from_slice(data);
                    }
                }
                Event::MessageEnd { .. } => current = None,
                Event::Deleted { message } => out.deleted.push(message),
                Event::Error { verb, line, .. } => out.errors.push(format!("{verb} {}", line.text)),
                Event::Closed { .. } => out.quit_ok = true,
                Event::SessionFailed { failure } => out.failure = Some(format!("{failure:?}")),
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
            Poll::Waiting => next = Some(Next::Quit),
            Poll::StartTls => {
                let tls =
                    tls.ok_or_else(|| io::Error::other("STLS without a TLS configuration"))?;
                conn = conn.into_client_tls(Arc::clone(&tls.config), &tls.server_name)?;
            }
            Poll::Closed => {
                out.tls = client.is_tls();
                for m in &mut out.messages {
                    m.uid = uids
                        .iter()
                        .find(|(n, _)| *n == m.message)
                        .map(|(_, uid)| uid.clone());
                }
                return Ok(out);
            }
        }
        let asked = match next {
            None => Ok(()),
            Some(Next::Listings) => client
                .stat()
                .and_then(|()| client.uidl(None))
                .and_then(|()| client.list(None)),
            Some(Next::Retrieve) => {
                let mut asked = Ok(());
                for m in &out.messages {
                    asked = asked
                        .and_then(|()| match plan.top {
                            Some(lines) => client.top(m.message, lines),
                            None => client.retr(m.message),
                        })
                        .and_then(|()| match plan.delete {
                            true => client.dele(m.message),
                            false => Ok(()),
                        });
                }
                asked.and_then(|()| client.quit())
            }
            Some(Next::Quit) => client.quit(),
        };
        // A refusal here means the session is already closing: the loop sees it end.
        let _ = asked;
    }
}

/// A decision taken after an event.
#[derive(Debug, Clone, Copy)]
enum Next {
    Listings,
    Retrieve,
    Quit,
}
