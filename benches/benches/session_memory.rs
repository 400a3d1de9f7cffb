//! The memory an idle session holds: `size_of` each machine and the heap it keeps after a
//! fresh start and the greeting (server: greeting written and handed out; client: greeting
//! read, its first command written and handed out), counted by an instrumented global
//! allocator. Prints a table; not a criterion benchmark (the figures are exact, not timed).
//!
//! `cargo bench -p mail-benches --bench session_memory`

use std::alloc::System;
use std::mem::size_of;

use mail_message::envelope::EnvelopeOptions;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Sessions created per measurement; the heap figure is the mean per session.
const SESSIONS: usize = 1000;

/// Runs `make` `SESSIONS` times, keeping every result alive, and returns the heap held per
/// session and the allocations made per session.
fn held<T>(mut make: impl FnMut() -> T) -> (usize, usize) {
    let mut keep: Vec<T> = Vec::with_capacity(SESSIONS);
    let region = Region::new(GLOBAL);
    for _ in 0..SESSIONS {
        keep.push(make());
    }
    let s = region.change();
    let bytes =
        (s.bytes_allocated as isize - s.bytes_deallocated as isize + s.bytes_reallocated) as usize;
    drop(keep);
    (bytes / SESSIONS, s.allocations / SESSIONS)
}

fn smtp_server() -> smtp_proto::server::Server {
    use smtp_proto::Poll;
    let mut server =
        smtp_proto::server::Server::new(smtp_proto::server::ServerConfig::new("mx.example.org"));
    while let Poll::Transmit(_) = server.poll() {}
    server
}

fn smtp_client() -> smtp_proto::client::Client {
    use smtp_proto::Poll;
    let name = smtp_proto::command::ClientName::new(
        "client.example.org".to_owned(),
        EnvelopeOptions::new(),
    )
    .unwrap();
    let mut client = smtp_proto::client::Client::new(smtp_proto::client::ClientConfig::new(name));
    client.receive(b"220 mx.example.org ESMTP ready\r\n");
    while let Poll::Transmit(_) | Poll::Event(_) = client.poll() {}
    client
}

fn pop3_server() -> pop3_proto::server::Server {
    use pop3_proto::Poll;
    let mut server =
        pop3_proto::server::Server::new(pop3_proto::server::ServerConfig::new("pop.example.org"));
    while let Poll::Transmit(_) = server.poll() {}
    server
}

fn pop3_client() -> pop3_proto::client::Client {
    use pop3_proto::Poll;
    use pop3_proto::client::{Client, ClientConfig, TlsPolicy};
    let credentials =
        mail_sasl::Credentials::password("mrose", mail_sasl::Secret::new("tanstaaf".to_owned()));
    let mut client = Client::new(
        ClientConfig::new()
            .with_tls(TlsPolicy::Never)
            .with_credentials(credentials, "rOprNGfwEbeRWgbNEkqO")
            .with_auth_without_tls(true),
    );
    client.receive(b"+OK POP3 server ready\r\n");
    while let Poll::Transmit(_) | Poll::Event(_) = client.poll() {}
    client
}

fn main() {
    let rows = [
        (
            "smtp-proto Server",
            size_of::<smtp_proto::server::Server>(),
            held(smtp_server),
        ),
        (
            "smtp-proto Client",
            size_of::<smtp_proto::client::Client>(),
            held(smtp_client),
        ),
        (
            "pop3-proto Server",
            size_of::<pop3_proto::server::Server>(),
            held(pop3_server),
        ),
        (
            "pop3-proto Client",
            size_of::<pop3_proto::client::Client>(),
            held(pop3_client),
        ),
    ];
    println!(
        "{:20} {:>8} {:>12} {:>12} {:>13}",
        "machine", "size_of", "heap held", "total", "allocations"
    );
    for (name, size, (heap, allocations)) in rows {
        println!(
            "{name:20} {size:>8} {heap:>12} {:>12} {allocations:>13}",
            size + heap
        );
    }
}
