//! # smtp-proto
//!
//! SMTP (RFC 5321) and LMTP (RFC 2033) without I/O: the codec and the client and server state
//! machines.
//!
//! - **Codec**: [`command`] (every command of RFC 5321 and the extensions, typed ESMTP
//!   parameters), [`reply`] (reply codes with the RFC 5321 catalogue, multi-line replies,
//!   enhanced status codes, EHLO capabilities), [`data`] (DATA dot-stuffing and un-stuffing —
//!   the end of data is CRLF.CRLF and nothing else — and BDAT chunks), [`line`](mod@line) (bounded
//!   framing). Parsing borrows from the input; encoders refuse what cannot be written safely;
//!   `parse(encode(x)) == x`.
//! - **State machines**: [`server::Server`] and [`client::Client`], driven the same way: the
//!   driver feeds received bytes with `receive`, and `poll` says what to do next ([`Poll`]:
//!   transmit bytes, handle an event, read more, wait for the application, upgrade to TLS,
//!   close). Decisions (a sender, a recipient, a message, a login) are the application's,
//!   given by method calls; the protocol's rules and limits are the machines'.
//!
//! The machines read no clock: they say how long the driver may wait for the peer
//! (`timeout`), and the driver says when that time has passed (`handle_timeout`).
//!
//! # A client and a server talking
//!
//! ```
//! use mail_message::envelope::{Envelope, EnvelopeOptions, ForwardPath, Recipient, ReversePath};
//! use smtp_proto::{client, server, Poll};
//! use smtp_proto::command::ClientName;
//!
//! let opts = EnvelopeOptions::new();
//! let mut client = client::Client::new(client::ClientConfig::new(ClientName::new("client.example", opts)?));
//! let mut server = server::Server::new(server::ServerConfig::new("mx.example.org"));
//! let mut envelope = Envelope::new(ReversePath::parse(b"<alice@example.com>", opts)?);
//! envelope.recipients.push(Recipient::new(ForwardPath::parse(b"<bob@example.org>", opts)?));
//!
//! let (mut received, mut sent, mut accepted) = (Vec::new(), false, false);
//! loop {
//!     // The client's turn: its bytes go straight to the server.
//!     let mut client_done = false;
//!     loop {
//!         match client.poll() {
//!             Poll::Transmit(bytes) => server.receive(bytes),
//!             Poll::Event(client::Event::MessageAccepted { .. }) => accepted = true,
//!             Poll::Event(_) => {}
//!             Poll::Waiting if !sent => {
//!                 client.send(&envelope, b"Subject: hello\r\n\r\n.a line with a dot\r\n".to_vec())?;
//!                 client.quit()?;
//!                 sent = true;
//!             }
//!             Poll::Closed => { client_done = true; break; }
//!             _ => break,
//!         }
//!     }
//!     // The server's turn: the application accepts everything and keeps the message.
//!     loop {
//!         match server.poll() {
//!             Poll::Transmit(bytes) => client.receive(bytes),
//!             Poll::Event(server::Event::MessageData(piece)) => received.extend_from_slice(piece),
//!             Poll::Event(
//!                 server::Event::Hello { .. } | server::Event::Mail { .. } | server::Event::Rcpt { .. } | server::Event::MessageEnd { .. },
//!             ) => server.accept()?,
//!             Poll::Event(_) => {}
//!             _ => break,
//!         }
//!     }
//!     if client_done { break; }
//! }
//! assert!(accepted);
//! assert_eq!(received, b"Subject: hello\r\n\r\n.a line with a dot\r\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod client;
pub mod command;
pub mod data;
pub mod error;
pub mod line;
mod poll;
pub mod reply;
pub mod server;

pub use error::EncodeError;
pub use poll::Poll;
