//! The POP3 server machine fed arbitrary client bytes in arbitrary pieces, the application
//! accepting logins with a small maildrop and sending messages in pieces: never panics, never
//! waits without a reason, and every line it sends ends in CRLF.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mail_sasl::{Answer, Mechanism, Rejection, Request, Secret, Verdict};
use pop3_proto::Poll;
use pop3_proto::body::message_size;
use pop3_proto::response::{ResponseCode, StatusLine, Text, UniqueId};
use pop3_proto::server::{Event, Maildrop, Server, ServerConfig};

const MESSAGES: [&[u8]; 3] = [
    b"Subject: a\n\n.dot\nbody\n",
    b"Subject: b\r\n\r\n.\r\n..\r\nend",
    b"",
];

fn maildrop() -> Maildrop {
    let mut m = Maildrop::new();
    for (i, message) in MESSAGES.iter().enumerate() {
        m.push(
            message_size(message),
            UniqueId::new(format!("uid-{i}")).expect("valid uid"),
        );
    }
    m
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let config = ServerConfig::new("host")
        .with_apop_timestamp("<1.2@host>")
        .with_stls(flags & 1 != 0)
        .with_plaintext_without_tls(flags & 2 != 0)
        .with_sasl([Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5]);
    let mut server = if flags & 4 != 0 {
        Server::new_tls(config)
    } else {
        Server::new(config)
    };
    let mut output = Vec::new();
    let mut decisions = flags;
    let piece = usize::from(flags >> 4) + 1;
    // Pieces separated by 0xFF bytes arrive one by one.
    let mut pieces = rest.split(|&b| b == 0xFF);
    loop {
        let event = match server.poll() {
            Poll::Transmit(bytes) => {
                output.extend_from_slice(bytes);
                continue;
            }
            Poll::Event(event) => event.into_owned(),
            Poll::NeedInput => match pieces.next() {
                Some(p) => {
                    server.receive(p);
                    continue;
                }
                None => break,
            },
            Poll::Waiting => panic!("waiting without a pending decision"),
            Poll::StartTls => continue,
            Poll::Closed => break,
        };
        decisions = decisions.rotate_left(1);
        let yes = decisions & 1 == 0;
        let refusal = StatusLine::err_with_code(ResponseCode::Auth, Text::lossy("no"));
        match event {
            Event::User { .. } => server.accept().unwrap(),
            Event::Login { .. } | Event::Apop { .. } | Event::Authenticated(_) => {
                if yes {
                    server.accept_login(maildrop()).unwrap();
                } else {
                    server.reject(&refusal).unwrap();
                }
            }
            Event::AuthStart { .. } => server.accept_auth("fuzz.nonce.1").unwrap(),
            Event::AuthRequest(request) => {
                let answer = match request {
                    Request::CramMd5Secret { .. } if yes => {
                        Answer::CramMd5Secret(Ok(Secret::from("secret")))
                    }
                    Request::CramMd5Secret { .. } => {
                        Answer::CramMd5Secret(Err(Rejection::UnknownUser))
                    }
                    _ if yes => Answer::Verdict(Verdict::Accept),
                    _ => Answer::Verdict(Verdict::Reject(Rejection::BadCredentials)),
                };
                server.answer_auth(answer).unwrap();
            }
            Event::Retrieve { message, .. } => {
                let content = MESSAGES.get(message.index()).copied().unwrap_or_default();
                for p in content.chunks(piece) {
                    if !server.wants_message_data() {
                        break;
                    }
                    server.send_message_data(p).unwrap();
                }
                server.end_message().unwrap();
            }
            Event::Update { .. } => {
                if yes {
                    server.accept().unwrap();
                } else {
                    server
                        .reject(&StatusLine::err_with_code(
                            ResponseCode::SysTemp,
                            Text::lossy("later"),
                        ))
                        .unwrap();
                }
            }
            _ => {}
        }
    }
    if !output.is_empty() {
        assert!(output.ends_with(b"\r\n"));
    }
    for (i, &b) in output.iter().enumerate() {
        if b == b'\n' {
            assert!(i > 0 && output[i - 1] == b'\r', "bare LF in output");
        }
    }
});
