//! Interop: Python's `poplib` (a real, independently written client, driven by
//! `scripts/peers/poplib_client.py`) against our server machine over a loopback socket:
//! USER/PASS, APOP, STLS with our self-signed certificate, CAPA, STAT, LIST, UIDL, TOP, RETR,
//! DELE, then a second session that no longer sees the deleted message. Messages are compared
//! byte for byte, on the wire (dot-stuffed) and as poplib reads them (a line starting with `.`,
//! 8-bit octets, a message stored with bare LFs and no final line break).
//!
//! Needs `python3`. Without it the tests say so and pass, except under `CI=true`, where a
//! missing peer is a failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod peers_common;

use peers_common::python_with;

use std::io::Cursor;
use std::net::TcpListener;
use std::process::Command;
use std::thread;

use base64::Engine as _;
use mail_examples::net::Connection;
use mail_examples::net::pop3_server::{Decision, Pop3Handler, serve};
use mail_examples::net::tls::Identity;
use pop3_proto::body::{Stuffer, message_size};
use pop3_proto::response::{ResponseCode, StatusLine, Text, UniqueId};
use pop3_proto::server::{Event, Maildrop, Server, ServerConfig};

/// Messages as stored, with their unique-ids.
type Messages = Vec<(Vec<u8>, String)>;

/// The maildrop's messages as stored: one with LF line endings, dots, 8-bit octets and no
/// final line break; one with CRLF.
fn stored() -> Messages {
    vec![
        (
            b"From: alice@example.org\nSubject: one\n\n.leading dot\n..two dots\ncaf\xc3\xa9 \xe9\n.\nend"
                .to_vec(),
            "uid-one".to_owned(),
        ),
        (
            b"From: bob@example.org\r\nSubject: two\r\n\r\nline 1\r\nline 2\r\nline 3\r\n".to_vec(),
            "uid-two".to_owned(),
        ),
    ]
}

/// The message as it must arrive: CRLF line endings, a final CRLF.
fn on_the_wire(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, &b) in message.iter().enumerate() {
        if b == b'\n' && (i == 0 || message[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    if !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The application: one maildrop for `alice` (password and APOP secret `wonderland`).
struct Mailbox<'a> {
    messages: &'a mut Messages,
    log: Vec<String>,
}

impl Pop3Handler for Mailbox<'_> {
    fn event(&mut self, event: &Event<'_>) -> Decision {
        let login = |ok: bool, messages: &[(Vec<u8>, String)]| {
            if ok {
                let mut maildrop = Maildrop::new();
                for (m, uid) in messages {
                    maildrop.push(message_size(m), UniqueId::new(uid.clone()).unwrap());
                }
                Decision::AcceptLogin(maildrop)
            } else {
                Decision::Reject(StatusLine::err_with_code(
                    ResponseCode::Auth,
                    Text::lossy("invalid user name or password"),
                ))
            }
        };
        match event {
            Event::User { name } => {
                self.log.push(format!("USER {name}"));
                Decision::Accept
            }
            Event::Login { user, password } => {
                self.log.push(format!("PASS for {user}"));
                login(
                    user == "alice" && password.expose() == b"wonderland",
                    self.messages,
                )
            }
            Event::Apop {
                user,
                digest,
                timestamp,
            } => {
                self.log.push(format!("APOP {user}"));
                login(
                    user.as_str() == "alice" && digest.verify(timestamp.as_bytes(), b"wonderland"),
                    self.messages,
                )
            }
            Event::Retrieve { message, lines, .. } => {
                self.log.push(format!("RETRIEVE {message} {lines:?}"));
                let content = self.messages[message.index()].0.clone();
                Decision::Message(Box::new(Cursor::new(content)))
            }
            Event::Update { deleted } => {
                self.log.push(format!("UPDATE {deleted:?}"));
                for n in deleted.iter().rev() {
                    self.messages.remove(n.index());
                }
                Decision::Accept
            }
            Event::ProtocolError { status, .. } => {
                self.log.push(format!("error {}", status.text));
                Decision::Nothing
            }
            _ => Decision::Nothing,
        }
    }
}

/// One step of poplib's session, as the wrapper prints it.
#[derive(Debug)]
struct Step {
    cmd: String,
    ok: bool,
    /// The exact bytes read from the connection during the step.
    raw: Vec<u8>,
    /// The lines poplib returned, each followed by CRLF (`None` without lines).
    lines: Option<Vec<u8>>,
    /// `stat`'s count and size.
    stat: Option<(u64, u64)>,
}

/// Runs `poplib_client.py` with `args` against `port`; returns its steps.
fn poplib(port: u16, args: &[&str]) -> Vec<Step> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scripts/peers/poplib_client.py"
    );
    let args: Vec<String> = args.iter().map(|a| format!("{a:?}")).collect();
    let wrapper = format!(
        r#"
import base64, json, subprocess, sys
out = subprocess.run([sys.executable, {script:?}, '127.0.0.1', '{port}', {args}],
                     capture_output=True, check=False)
sys.stderr.write(out.stderr.decode())
for line in out.stdout.decode().splitlines():
    o = json.loads(line)
    lines = o.get('lines')
    joined = '-' if lines is None else base64.b64encode(
        b''.join(base64.b64decode(l) + b'\r\n' for l in lines)).decode()
    stat = '-' if 'count' not in o else '%d %d' % (o['count'], o['size'])
    print('\t'.join([o['cmd'], 'ok' if o['ok'] else 'err', o.get('raw', ''), joined, stat]))
"#,
        args = args.join(", ")
    );
    let output = Command::new("python3")
        .args(["-c", &wrapper])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.decode(s).unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Step {
                cmd: f[0].to_owned(),
                ok: f[1] == "ok",
                raw: b64(f[2]),
                lines: (f[3] != "-").then(|| b64(f[3])),
                stat: (f[4] != "-").then(|| {
                    let (c, s) = f[4].split_once(' ').unwrap();
                    (c.parse().unwrap(), s.parse().unwrap())
                }),
            }
        })
        .collect()
}

/// Serves `sessions` connections one after the other on a loopback port, each with the
/// config `make(i)` and the same maildrop; runs `client(port)` meanwhile. Returns the
/// client's result, the log and what is left in the maildrop.
fn serve_sessions<T>(
    sessions: usize,
    make: impl Fn(usize) -> ServerConfig + Send + 'static,
    identity: Option<&Identity>,
    client: impl FnOnce(u16) -> T,
) -> (T, Vec<String>, Messages) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let tls = identity.map(|id| id.server_config().unwrap());
    let handle = thread::spawn(move || {
        let mut messages = stored();
        let mut log = Vec::new();
        for i in 0..sessions {
            let (stream, _) = listener.accept().unwrap();
            let mut server = Server::new(make(i));
            let mut mailbox = Mailbox {
                messages: &mut messages,
                log: Vec::new(),
            };
            serve(
                Connection::Plain(stream),
                &mut server,
                tls.as_ref(),
                &mut mailbox,
            )
            .unwrap();
            log.extend(mailbox.log);
        }
        (log, messages)
    });
    let result = client(port);
    let (log, messages) = handle.join().unwrap();
    (result, log, messages)
}

fn step<'a>(steps: &'a [Step], cmd: &str) -> &'a Step {
    steps
        .iter()
        .find(|s| s.cmd == cmd)
        .unwrap_or_else(|| panic!("no step {cmd} in {steps:?}"))
}

#[test]
fn poplib_user_pass_apop_retrieve_delete() {
    if !python_with("poplib, ssl, json") {
        return;
    }
    let make = |i: usize| {
        ServerConfig::new("pop.example.org")
            .with_apop_timestamp(format!("<{}.{i}@pop.example.org>", std::process::id()))
            .with_plaintext_without_tls(true)
    };
    let ((first, second), log, left) = serve_sessions(2, make, None, |port| {
        let first = poplib(
            port,
            &[
                "--user",
                "alice",
                "--pass",
                "wonderland",
                "capa",
                "stat",
                "list",
                "uidl",
                "retr:1",
                "retr:2",
                "top:2:1",
                "top:1:0",
                "dele:1",
                "list:1",
                "quit",
            ],
        );
        let second = poplib(
            port,
            &[
                "--user",
                "alice",
                "--pass",
                "wonderland",
                "--apop",
                "stat",
                "uidl",
                "retr:1",
                "quit",
            ],
        );
        (first, second)
    });
    let messages = stored();
    let (one, two) = (on_the_wire(&messages[0].0), on_the_wire(&messages[1].0));
    assert!(first.iter().all(|s| s.ok || s.cmd == "list:1"), "{first:?}");
    assert!(second.iter().all(|s| s.ok), "{second:?}");

    let capa = String::from_utf8(step(&first, "capa").lines.clone().unwrap()).unwrap();
    for cap in [
        "TOP\r\n",
        "USER\r\n",
        "UIDL\r\n",
        "RESP-CODES\r\n",
        "PIPELINING\r\n",
    ] {
        assert!(capa.contains(cap), "{capa}");
    }
    assert_eq!(
        step(&first, "stat").stat,
        Some((2, (one.len() + two.len()) as u64))
    );
    assert_eq!(
        step(&first, "list").lines.as_deref().unwrap(),
        format!("1 {}\r\n2 {}\r\n", one.len(), two.len()).as_bytes()
    );
    assert_eq!(
        step(&first, "uidl").lines.as_deref().unwrap(),
        b"1 uid-one\r\n2 uid-two\r\n"
    );
    // RETR: byte for byte on the wire (dot-stuffed), and as poplib reads it.
    let retr = step(&first, "retr:1");
    let mut wire = format!("+OK {} octets\r\n", one.len()).into_bytes();
    wire.extend(Stuffer::stuff_all(&one));
    assert_eq!(retr.raw, wire);
    assert!(retr.raw.windows(15).any(|w| w == b"\r\n..leading dot"));
    assert_eq!(retr.lines.as_deref().unwrap(), one.as_slice());
    assert_eq!(
        step(&first, "retr:2").lines.as_deref().unwrap(),
        two.as_slice()
    );
    // TOP: the header, the blank line, n lines.
    assert_eq!(
        step(&first, "top:2:1").lines.as_deref().unwrap(),
        b"From: bob@example.org\r\nSubject: two\r\n\r\nline 1\r\n"
    );
    assert_eq!(
        step(&first, "top:1:0").lines.as_deref().unwrap(),
        b"From: alice@example.org\r\nSubject: one\r\n\r\n"
    );
    assert_eq!(
        step(&first, "top:1:0").raw,
        b"+OK\r\nFrom: alice@example.org\r\nSubject: one\r\n\r\n.\r\n"
    );
    let deleted = step(&first, "list:1");
    assert!(!deleted.ok);
    assert_eq!(deleted.raw, b"-ERR message 1 already deleted\r\n");

    // The second session: APOP, and message 1 is gone.
    assert_eq!(step(&second, "stat").stat, Some((1, two.len() as u64)));
    assert_eq!(
        step(&second, "uidl").lines.as_deref().unwrap(),
        b"1 uid-two\r\n"
    );
    assert_eq!(
        step(&second, "retr:1").lines.as_deref().unwrap(),
        two.as_slice()
    );
    assert_eq!(left, vec![messages[1].clone()]);
    assert_eq!(
        log,
        [
            "USER alice",
            "PASS for alice",
            "RETRIEVE 1 None",
            "RETRIEVE 2 None",
            "RETRIEVE 2 Some(1)",
            "RETRIEVE 1 Some(0)",
            "error message 1 already deleted",
            "UPDATE [MessageNumber(1)]",
            "APOP alice",
            "RETRIEVE 1 None",
            "UPDATE []",
        ]
    );
}

#[test]
fn poplib_stls_with_our_certificate() {
    if !python_with("poplib, ssl, json") {
        return;
    }
    let identity = Identity::self_signed(&["localhost", "127.0.0.1"]).unwrap();
    let ca = std::env::temp_dir().join(format!("pop3-interop-{}.pem", std::process::id()));
    std::fs::write(&ca, identity.certificate_pem()).unwrap();
    let ca_path = ca.to_str().unwrap().to_owned();
    // Plaintext logins only over TLS (the default).
    let make = |_| ServerConfig::new("pop.example.org").with_stls(true);
    let (steps, log, _) = serve_sessions(2, make, Some(&identity), |port| {
        let clear = poplib(port, &["--user", "alice", "--pass", "wonderland", "quit"]);
        let tls = poplib(
            port,
            &[
                "--stls",
                &ca_path,
                "--user",
                "alice",
                "--pass",
                "wonderland",
                "capa",
                "retr:1",
                "quit",
            ],
        );
        (clear, tls)
    });
    std::fs::remove_file(&ca).unwrap();
    let (clear, tls) = steps;
    let user = step(&clear, "user");
    assert!(!user.ok);
    assert_eq!(
        user.raw,
        b"-ERR [AUTH] Plaintext authentication disallowed without TLS\r\n"
    );
    assert!(tls.iter().all(|s| s.ok), "{tls:?}");
    // poplib's CAPA before STLS saw STLS; ours after it does not, and offers USER.
    assert!(String::from_utf8_lossy(&step(&tls, "stls").raw).contains("\r\nSTLS\r\n"));
    let capa = String::from_utf8(step(&tls, "capa").lines.clone().unwrap()).unwrap();
    assert!(
        !capa.contains("STLS") && capa.contains("USER\r\n"),
        "{capa}"
    );
    assert_eq!(
        step(&tls, "retr:1").lines.as_deref().unwrap(),
        on_the_wire(&stored()[0].0).as_slice()
    );
    assert_eq!(
        log,
        [
            "error Plaintext authentication disallowed without TLS",
            "error Plaintext authentication disallowed without TLS",
            "USER alice",
            "PASS for alice",
            "RETRIEVE 1 None",
            "UPDATE []"
        ]
    );
}
