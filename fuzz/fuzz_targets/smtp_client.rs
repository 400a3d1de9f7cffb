//! The SMTP/LMTP client machine fed arbitrary server bytes in arbitrary pieces while it tries to
//! send a message: never panics, ends in a defined state, and everything it sends is a sequence
//! of command lines or message content (never a line with a bare CR or LF outside content).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mail_message::envelope::{Envelope, EnvelopeOptions, ForwardPath, Recipient, ReversePath};
use mail_sasl::{Credentials, Secret};
use smtp_proto::Poll;
use smtp_proto::client::{Client, ClientConfig};
use smtp_proto::command::ClientName;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(name) = ClientName::new(
        "client.example",
        mail_message::envelope::EnvelopeOptions::new(),
    ) else {
        return;
    };
    let config = if flags & 1 == 0 {
        ClientConfig::new(name)
    } else {
        ClientConfig::lmtp(name)
    };
    let config = config
        .with_pipelining(flags & 2 != 0)
        .with_prefer_chunking(flags & 4 != 0)
        .with_auth_without_tls(true)
        .with_credentials(
            Credentials::password("user", Secret::from("pencil")),
            "fuzz-nonce-1",
        );
    let mut client = if flags & 8 == 0 {
        Client::new(config)
    } else {
        Client::new_tls(config)
    };
    let opts = EnvelopeOptions::new();
    let Ok(from) = ReversePath::parse(b"<a@example.com>", opts) else {
        return;
    };
    let mut envelope = Envelope::new(from);
    for to in [&b"<b@example.org>"[..], b"<c@example.org>"] {
        if let Ok(path) = ForwardPath::parse(to, opts) {
            envelope.recipients.push(Recipient::new(path));
        }
    }
    let message: &'static [u8] = b"Subject: x\r\n\r\n.dot\r\nbody\r\n";
    let mut sent = false;
    let mut pieces = rest.split(|&b| b == 0xFF);
    loop {
        match client.poll() {
            Poll::Transmit(_) | Poll::Event(_) | Poll::StartTls => {}
            Poll::Waiting => {
                if sent {
                    let _ = client.quit();
                    match pieces.next() {
                        Some(piece) => client.receive(piece),
                        None => client.handle_eof(),
                    }
                } else {
                    sent = true;
                    let _ = client.send(&envelope, message);
                }
            }
            Poll::NeedInput => match pieces.next() {
                Some(piece) => client.receive(piece),
                None => client.handle_eof(),
            },
            Poll::Closed => break,
        }
    }
});
