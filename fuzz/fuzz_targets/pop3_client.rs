//! The POP3 client machine fed arbitrary server bytes in arbitrary pieces (cut at 0xFF) while
//! it logs in and retrieves a message: never panics, always ends, and everything it sends is
//! whole CRLF-terminated lines without a bare CR, LF or NUL.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mail_sasl::{Credentials, Secret};
use pop3_proto::Poll;
use pop3_proto::client::{Client, ClientConfig, Event, TlsPolicy};
use pop3_proto::command::MessageNumber;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let tls = match flags & 3 {
        0 => TlsPolicy::Never,
        1 => TlsPolicy::Opportunistic,
        _ => TlsPolicy::Required,
    };
    let config = ClientConfig::new()
        .with_tls(tls)
        .with_capa(flags & 4 == 0)
        .with_apop(flags & 8 == 0)
        .with_pipelining(flags & 16 == 0)
        .with_sasl_initial_response(flags & 32 == 0)
        .with_auth_without_tls(true)
        .with_credentials(
            Credentials::password("user", Secret::from("pencil")),
            "fuzz-nonce-1",
        );
    let mut client = if flags & 64 == 0 {
        Client::new(config)
    } else {
        Client::new_tls(config)
    };
    let one = MessageNumber::new(1).expect("1 is a message number");
    let mut wire = Vec::new();
    let mut pieces = rest.split(|&b| b == 0xFF);
    let mut eof = false;
    for _ in 0..1_000_000 {
        match client.poll() {
            Poll::Transmit(bytes) => wire.extend_from_slice(bytes),
            Poll::Event(Event::Ready { .. }) => {
                let _ = client.stat();
                let _ = client.list(None);
                let _ = client.uidl(Some(one));
                let _ = client.retr(one);
                let _ = client.top(one, 1);
                let _ = client.dele(one);
                let _ = client.quit();
            }
            Poll::Event(_) | Poll::StartTls => {}
            Poll::NeedInput | Poll::Waiting => match pieces.next() {
                Some(piece) => client.receive(piece),
                None if !eof => {
                    eof = true;
                    client.handle_eof();
                }
                None => panic!("the client waits after the end of the connection"),
            },
            Poll::Closed => {
                assert!(wire.is_empty() || wire.ends_with(b"\r\n"));
                for line in wire.split(|&b| b == b'\n') {
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    assert!(!line.iter().any(|&b| matches!(b, b'\r' | b'\n' | 0)));
                }
                return;
            }
        }
    }
    panic!("the client did not end");
});
