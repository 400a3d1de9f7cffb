//! # pop3-proto
//!
//! POP3 (RFC 1939) and its extensions (RFC 2449 CAPA and response codes, RFC 2595 STLS,
//! RFC 3206, RFC 5034 SASL, RFC 6856 UTF8 and LANG) without I/O: the codec and the client and
//! server state machines, driven the same way as `smtp-proto`'s.
//!
//! - **Codec**: [`command`] (every command, parsed without copying, encoded refusing unsafe
//!   values), [`response`] (status lines with response codes, listings, capabilities, SASL
//!   continuations), [`body`] (multi-line responses: dot-stuffing as streaming transforms),
//!   [`line`](mod@line) (bounded framing).
//! - **State machines**: [`server::Server`] (AUTHORIZATION → TRANSACTION → UPDATE, the
//!   maildrop a view the application gives at login, messages streamed from storage) and
//!   [`client::Client`] (greeting, `CAPA`, `STLS`, the best login both sides allow — SASL,
//!   `APOP`, `USER`/`PASS` — then the commands, pipelined when offered). Both are driven like
//!   every machine of the workspace: `receive` the peer's bytes, and `poll` says what to do
//!   next ([`Poll`]: transmit, an event, read more, wait for the application, upgrade to TLS,
//!   close). They read no clock: `timeout` says how long to wait, `handle_timeout` says it
//!   passed.
//!
//! # A client and a server talking
//!
//! ```
//! use mail_sasl::{Credentials, Secret};
//! use pop3_proto::body::message_size;
//! use pop3_proto::client::{self, Client, ClientConfig, TlsPolicy};
//! use pop3_proto::command::MessageNumber;
//! use pop3_proto::response::UniqueId;
//! use pop3_proto::server::{self, Maildrop, Server, ServerConfig};
//! use pop3_proto::Poll;
//!
//! let stored: &[u8] = b"Subject: hello\n\n.a line with a dot\n";
//! let mut server = Server::new(
//!     ServerConfig::new("pop.example.org").with_plaintext_without_tls(true),
//! );
//! let mut client = Client::new(
//!     ClientConfig::new()
//!         .with_tls(TlsPolicy::Never)
//!         .with_auth_without_tls(true)
//!         .with_credentials(Credentials::password("alice", Secret::new("pw".into())), "nonce"),
//! );
//! let one = MessageNumber::new(1).unwrap();
//! let mut retrieved = Vec::new();
//! let mut closed = false;
//! while !closed {
//!     let mut progress = false;
//!     // The client's turn: its bytes go straight to the server.
//!     loop {
//!         match client.poll() {
//!             Poll::Transmit(bytes) => { server.receive(bytes); progress = true; }
//!             Poll::Event(client::Event::Ready { .. }) => {
//!                 client.retr(one)?;
//!                 client.dele(one)?;
//!                 client.quit()?;
//!             }
//!             Poll::Event(client::Event::MessageData(piece)) => retrieved.extend_from_slice(piece),
//!             Poll::Event(_) => {}
//!             Poll::Closed => { closed = true; break; }
//!             _ => break,
//!         }
//!     }
//!     // The server's turn: the application checks the password, lists the maildrop, sends
//!     // the message as stored, and commits the deletion at QUIT.
//!     loop {
//!         match server.poll() {
//!             Poll::Transmit(bytes) => { client.receive(bytes); progress = true; }
//!             Poll::Event(server::Event::User { .. }) => server.accept()?,
//!             Poll::Event(server::Event::Login { user, password }) => {
//!                 assert_eq!((user.as_str(), password.expose().as_slice()), ("alice", &b"pw"[..]));
//!                 let mut maildrop = Maildrop::new();
//!                 maildrop.push(message_size(stored), UniqueId::new("m1")?);
//!                 server.accept_login(maildrop)?;
//!             }
//!             Poll::Event(server::Event::Retrieve { .. }) => {
//!                 server.send_message_data(stored)?;
//!                 server.end_message()?;
//!             }
//!             Poll::Event(server::Event::Update { deleted }) => {
//!                 assert_eq!(deleted, [one]);
//!                 server.accept()?;
//!             }
//!             Poll::Event(_) => {}
//!             _ => break,
//!         }
//!     }
//!     if !progress { break; }
//! }
//! // Dot-stuffed on the wire, un-stuffed on arrival; stored bare LFs go out as CRLF.
//! assert_eq!(retrieved, b"Subject: hello\r\n\r\n.a line with a dot\r\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod body;
pub mod client;
pub mod command;
pub mod line;
mod poll;
pub mod response;
pub mod server;

pub use poll::Poll;
