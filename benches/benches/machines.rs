//! State-machine overhead: client and server machines of one protocol wired to each other in
//! memory (no I/O), every byte one writes handed to the other at once.
//!
//! - `machines/smtp`: one session of `EHLO`, then 10 transactions of `MAIL FROM`, three
//!   `RCPT TO` and `DATA` with a 4 KB message (dot-stuffed by the client, un-stuffed by the
//!   server; pipelined as both offer it), then `QUIT`. Counted in transactions.
//! - `machines/pop3`: one session of greeting, `CAPA`, `USER`/`PASS`, `STAT`, 10 × `RETR` of a
//!   4 KB message (stuffed by the server, un-stuffed by the client), `QUIT`. Counted in
//!   sessions.
//!
//! The server application accepts everything; the client application counts the octets of
//! the messages it is handed back.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mail_benches::{Rng, pop3_message};
use mail_message::envelope::{Envelope, EnvelopeOptions, ForwardPath, Recipient, ReversePath};
use mail_sasl::{Credentials, Secret};

/// Transactions per SMTP session.
const TRANSACTIONS: usize = 10;
/// Messages retrieved per POP3 session.
const RETRIEVED: u32 = 10;

/// A message shared by every transaction without a copy.
#[derive(Clone)]
struct Shared(Arc<[u8]>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The SMTP envelope: one sender, three recipients.
fn envelope() -> Envelope<'static> {
    let opts = EnvelopeOptions::new();
    let mut env = Envelope::new(
        ReversePath::parse(b"<sender@example.org>", opts)
            .unwrap()
            .into_owned(),
    );
    for to in [
        "<mary@example.net>",
        "<jdoe@example.org>",
        "<alice@example.com>",
    ] {
        env.recipients.push(Recipient::new(
            ForwardPath::parse(to.as_bytes(), opts)
                .unwrap()
                .into_owned(),
        ));
    }
    env
}

/// One SMTP session; returns the octets of message content the server delivered.
fn smtp_session(envelope: &Envelope<'static>, message: &Shared) -> usize {
    use smtp_proto::Poll;
    use smtp_proto::client::{Client, ClientConfig, Event};
    use smtp_proto::command::ClientName;
    use smtp_proto::server::{self, Server, ServerConfig};

    let name = ClientName::new("client.example.org".to_owned(), EnvelopeOptions::new()).unwrap();
    let mut client = Client::new(ClientConfig::new(name));
    let mut server = Server::new(ServerConfig::new("mx.example.org"));
    let (mut to_server, mut to_client) = (Vec::new(), Vec::new());
    let (mut sent, mut delivered) = (0, 0);
    let (mut client_closed, mut server_closed) = (false, false);
    while !(client_closed && server_closed) {
        while !client_closed {
            match client.poll() {
                Poll::Transmit(bytes) => to_server.extend_from_slice(bytes),
                Poll::Event(Event::Ready { .. } | Event::MessageAccepted { .. }) => {
                    if sent < TRANSACTIONS {
                        sent += 1;
                        client.send(envelope, message.clone()).unwrap();
                    } else {
                        client.quit().unwrap();
                    }
                }
                Poll::Event(Event::SessionFailed { .. } | Event::MessageFailed { .. }) => {
                    panic!("SMTP session failed")
                }
                Poll::Event(_) | Poll::StartTls => {}
                Poll::Closed => client_closed = true,
                Poll::NeedInput | Poll::Waiting => break,
            }
        }
        while !server_closed {
            match server.poll() {
                Poll::Transmit(bytes) => to_client.extend_from_slice(bytes),
                Poll::Event(server::Event::MessageData(piece)) => delivered += piece.len(),
                Poll::Event(
                    server::Event::Hello { .. }
                    | server::Event::Mail { .. }
                    | server::Event::Rcpt { .. }
                    | server::Event::MessageEnd { .. },
                ) => server.accept().unwrap(),
                Poll::Event(_) | Poll::StartTls => {}
                Poll::Closed => server_closed = true,
                Poll::NeedInput | Poll::Waiting => break,
            }
        }
        if to_server.is_empty() && to_client.is_empty() {
            break;
        }
        server.receive(&to_server);
        to_server.clear();
        client.receive(&to_client);
        to_client.clear();
    }
    assert_eq!(sent, TRANSACTIONS);
    delivered
}

/// One POP3 session; returns the octets of the messages the client was handed.
fn pop3_session(messages: &[Vec<u8>]) -> usize {
    use pop3_proto::Poll;
    use pop3_proto::body::message_size;
    use pop3_proto::client::{Client, ClientConfig, Event, TlsPolicy};
    use pop3_proto::command::MessageNumber;
    use pop3_proto::response::UniqueId;
    use pop3_proto::server::{self, Maildrop, Server, ServerConfig};

    let config = ServerConfig::new("pop.example.org").with_plaintext_without_tls(true);
    let mut server = Server::new(config);
    let credentials = Credentials::password("mrose", Secret::new("tanstaaf".to_owned()));
    let mut client = Client::new(
        ClientConfig::new()
            .with_tls(TlsPolicy::Never)
            .with_credentials(credentials, "rOprNGfwEbeRWgbNEkqO")
            .with_auth_without_tls(true),
    );
    let (mut to_server, mut to_client) = (Vec::new(), Vec::new());
    let mut received = 0;
    let (mut client_closed, mut server_closed) = (false, false);
    while !(client_closed && server_closed) {
        while !client_closed {
            match client.poll() {
                Poll::Transmit(bytes) => to_server.extend_from_slice(bytes),
                Poll::Event(Event::Ready { .. }) => {
                    client.stat().unwrap();
                    for i in 1..=RETRIEVED {
                        client.retr(MessageNumber::new(i).unwrap()).unwrap();
                    }
                    client.quit().unwrap();
                }
                Poll::Event(Event::MessageData(piece)) => received += piece.len(),
                Poll::Event(Event::Error { .. } | Event::SessionFailed { .. }) => {
                    panic!("POP3 session failed")
                }
                Poll::Event(_) | Poll::StartTls => {}
                Poll::Closed => client_closed = true,
                Poll::NeedInput | Poll::Waiting => break,
            }
        }
        while !server_closed {
            let event = match server.poll() {
                Poll::Transmit(bytes) => {
                    to_client.extend_from_slice(bytes);
                    continue;
                }
                Poll::Event(event) => event.into_owned(),
                Poll::StartTls => continue,
                Poll::Closed => {
                    server_closed = true;
                    break;
                }
                Poll::NeedInput | Poll::Waiting => break,
            };
            match event {
                server::Event::User { .. } | server::Event::Update { .. } => {
                    server.accept().unwrap();
                }
                server::Event::Login { .. } => {
                    let mut drop = Maildrop::new();
                    for (i, m) in messages.iter().enumerate() {
                        drop.push(message_size(m), UniqueId::new(format!("uid-{i}")).unwrap());
                    }
                    server.accept_login(drop).unwrap();
                }
                server::Event::Retrieve { message, .. } => {
                    server
                        .send_message_data(&messages[message.index()])
                        .unwrap();
                    server.end_message().unwrap();
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        if to_server.is_empty() && to_client.is_empty() {
            break;
        }
        server.receive(&to_server);
        to_server.clear();
        client.receive(&to_client);
        to_client.clear();
    }
    received
}

fn bench(c: &mut Criterion) {
    let mut rng = Rng::new(0x3AC5);
    let smtp_message = Shared(pop3_message(&mut rng, 4096).into());
    let env = envelope();
    let pop3_messages: Vec<Vec<u8>> = (0..RETRIEVED)
        .map(|_| pop3_message(&mut rng, 4096))
        .collect();

    // Every message arrives whole, as the client stored it.
    assert_eq!(
        smtp_session(&env, &smtp_message),
        TRANSACTIONS * smtp_message.0.len()
    );
    let total: usize = pop3_messages.iter().map(Vec::len).sum();
    assert_eq!(pop3_session(&pop3_messages), total);

    let mut group = c.benchmark_group("machines/smtp");
    group.throughput(Throughput::Elements(TRANSACTIONS as u64));
    group.bench_function("transactions", |b| {
        b.iter(|| smtp_session(&env, black_box(&smtp_message)));
    });
    group.finish();

    let mut group = c.benchmark_group("machines/pop3");
    group.throughput(Throughput::Elements(1));
    group.bench_function("retr-sessions", |b| {
        b.iter(|| pop3_session(black_box(&pop3_messages)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
