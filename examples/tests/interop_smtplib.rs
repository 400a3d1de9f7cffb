//! Interop: Python's `smtplib` (a real, independently written client) sends to our server
//! machine over a loopback socket — plain, with STARTTLS, and with AUTH PLAIN, LOGIN and
//! CRAM-MD5 — and what arrives is checked byte for byte.
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

use std::net::TcpListener;
use std::process::Command;
use std::sync::Arc;
use std::thread;

use mail_examples::net::Connection;
use mail_examples::net::smtp_server::{Decision, SmtpHandler, serve};
use mail_examples::net::tls::Identity;
use mail_sasl::scram::ScramCredentials;
use mail_sasl::{Authenticator, Mechanism, Rejection, Secret, Verdict};
use smtp_proto::server::{Event, Server, ServerConfig};

struct Users;

impl Authenticator for Users {
    fn verify_password(
        &self,
        _: Option<&str>,
        authcid: &str,
        password: &Secret<String>,
    ) -> Verdict {
        if authcid == "alice" && password.expose() == "wonderland" {
            Verdict::Accept
        } else {
            Verdict::Reject(Rejection::BadCredentials)
        }
    }

    fn cram_md5_secret(&self, authcid: &str) -> Result<Secret<String>, Rejection> {
        if authcid == "alice" {
            Ok(Secret::from("wonderland"))
        } else {
            Err(Rejection::UnknownUser)
        }
    }

    fn scram_sha256_credentials(
        &self,
        _: Option<&str>,
        _: &str,
    ) -> Result<ScramCredentials, Rejection> {
        Err(Rejection::NotSupported)
    }
}

/// Records what arrives; accepts everything.
#[derive(Default)]
struct Recorder {
    log: Vec<String>,
    message: Vec<u8>,
    messages: Vec<Vec<u8>>,
    nonce: u32,
}

impl SmtpHandler for Recorder {
    fn event(&mut self, event: &Event<'_>) -> Decision {
        match event {
            Event::Mail {
                reverse_path,
                parameters,
            } => {
                self.log
                    .push(format!("MAIL {reverse_path} body={:?}", parameters.body));
                Decision::Accept
            }
            Event::Rcpt { forward_path, .. } => {
                self.log.push(format!("RCPT {forward_path}"));
                Decision::Accept
            }
            Event::Hello { .. } | Event::Verify { .. } => Decision::Accept,
            Event::MessageData(piece) => {
                self.message.extend_from_slice(piece);
                Decision::Nothing
            }
            Event::MessageEnd { .. } => {
                self.messages.push(std::mem::take(&mut self.message));
                Decision::Accept
            }
            Event::AuthStart { mechanism } => {
                self.log.push(format!("AUTH {mechanism}"));
                self.nonce += 1;
                Decision::AcceptAuth(format!("{}.{}", 4242, self.nonce))
            }
            Event::AuthRequest(request) => Decision::AnswerAuth(request.answer_with(&Users)),
            Event::Authenticated(who) => {
                self.log.push(format!("authenticated {}", who.identity()));
                Decision::Nothing
            }
            Event::AuthFailed { reply } => {
                self.log.push(format!("auth failed {}", reply.code));
                Decision::Nothing
            }
            _ => Decision::Nothing,
        }
    }
}

/// Runs one server session on a loopback port while `script` (Python, given the port as
/// `PORT`) talks to it; returns the recorder and the script's stdout.
fn session(config: ServerConfig, tls: Option<&Identity>, script: &str) -> (Recorder, String) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let tls_config = tls.map(|id| id.server_config().unwrap());
    let handle = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut server = Server::new(config);
        let mut recorder = Recorder::default();
        serve(
            Connection::Plain(stream),
            &mut server,
            tls_config.as_ref(),
            &mut recorder,
        )
        .unwrap();
        recorder
    });
    let program = format!("PORT = {port}\n{script}");
    let output = Command::new("python3")
        .args(["-c", &program])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let recorder = handle.join().unwrap();
    (
        recorder,
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// The message smtplib sends: lines starting with dots, 8-bit text, CRLF throughout.
const MESSAGE_PY: &str = r#"
MESSAGE = (b"From: Alice <alice@example.org>\r\n"
           b"To: Bob <bob@example.net>\r\n"
           b"Subject: interop\r\n"
           b"\r\n"
           b".leading dot\r\n"
           b"..two dots\r\n"
           b"caf\xc3\xa9\r\n"
           b".\r\n"
           b"end\r\n")
"#;

fn expected_message() -> Vec<u8> {
    b"From: Alice <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: interop\r\n\r\n.leading dot\r\n..two dots\r\ncaf\xc3\xa9\r\n.\r\nend\r\n".to_vec()
}

#[test]
fn smtplib_sends_plain() {
    if !python_with("smtplib, ssl") {
        return;
    }
    let script = format!(
        "{MESSAGE_PY}
import smtplib
with smtplib.SMTP('127.0.0.1', PORT) as s:
    code, _ = s.ehlo('client.example')
    assert code == 250
    assert s.has_extn('8bitmime') and s.has_extn('pipelining') and s.has_extn('size')
    refused = s.sendmail('alice@example.org', ['bob@example.net', 'carol@example.net'], MESSAGE, mail_options=['BODY=8BITMIME'])
    assert refused == {{}}, refused
    print('sent')
"
    );
    let (recorder, stdout) = session(ServerConfig::new("mx.example.org"), None, &script);
    assert_eq!(stdout.trim(), "sent");
    assert_eq!(
        recorder.log,
        [
            "MAIL <alice@example.org> body=Some(EightBitMime)",
            "RCPT <bob@example.net>",
            "RCPT <carol@example.net>"
        ]
    );
    assert_eq!(recorder.messages, [expected_message()]);
}

#[test]
fn smtplib_starttls_then_every_auth_mechanism() {
    if !python_with("smtplib, ssl") {
        return;
    }
    let identity = Identity::self_signed(&["localhost", "127.0.0.1"]).unwrap();
    let config = ServerConfig::new("mx.example.org")
        .with_starttls(true)
        .with_auth([Mechanism::CramMd5, Mechanism::Plain, Mechanism::Login])
        .with_require_auth(true);
    let script = format!(
        "{MESSAGE_PY}
import smtplib, ssl
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
with smtplib.SMTP('127.0.0.1', PORT) as s:
    s.ehlo('client.example')
    assert not s.has_extn('auth'), 'AUTH must not be offered in the clear'
    code, _ = s.starttls(context=ctx)
    assert code == 220
    s.ehlo('client.example')
    assert not s.has_extn('starttls')
    assert s.esmtp_features['auth'].split() == ['CRAM-MD5', 'PLAIN', 'LOGIN'], s.esmtp_features['auth']
    s.user, s.password = 'alice', 'wrong'
    try:
        s.auth('PLAIN', s.auth_plain)
        raise SystemExit('a wrong password was accepted')
    except smtplib.SMTPAuthenticationError as e:
        assert e.smtp_code == 535
    s.user, s.password = 'alice', 'wonderland'
    s.auth('CRAM-MD5', s.auth_cram_md5)
    s.sendmail('alice@example.org', ['bob@example.net'], MESSAGE, mail_options=['BODY=8BITMIME'])
    print('sent')
"
    );
    let (recorder, stdout) = session(config, Some(&identity), &script);
    assert_eq!(stdout.trim(), "sent");
    assert_eq!(
        recorder.log,
        [
            "AUTH PLAIN",
            "auth failed 535",
            "AUTH CRAM-MD5",
            "authenticated alice",
            "MAIL <alice@example.org> body=Some(EightBitMime)",
            "RCPT <bob@example.net>"
        ]
    );
    assert_eq!(recorder.messages, [expected_message()]);
}

#[test]
fn smtplib_login_and_plain_over_tls() {
    if !python_with("smtplib, ssl") {
        return;
    }
    for (mechanism, call) in [
        ("PLAIN", "s.auth('PLAIN', s.auth_plain)"),
        (
            "LOGIN",
            "s.auth('LOGIN', s.auth_login, initial_response_ok=False)",
        ),
    ] {
        let identity = Identity::self_signed(&["localhost"]).unwrap();
        let config = ServerConfig::new("mx.example.org")
            .with_starttls(true)
            .with_auth([Mechanism::Plain, Mechanism::Login]);
        let script = format!(
            "import smtplib, ssl
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
with smtplib.SMTP('127.0.0.1', PORT) as s:
    s.starttls(context=ctx)
    s.ehlo('client.example')
    s.user, s.password = 'alice', 'wonderland'
    code, _ = {call}
    assert code == 235, code
    print('ok')
"
        );
        let (recorder, stdout) = session(config, Some(&identity), &script);
        assert_eq!(stdout.trim(), "ok", "{mechanism}");
        assert_eq!(
            recorder.log,
            [
                format!("AUTH {mechanism}"),
                "authenticated alice".to_owned()
            ]
        );
    }
}

#[test]
fn smtplib_sees_the_rfc_replies() {
    if !python_with("smtplib, ssl") {
        return;
    }
    let script = "
import smtplib
with smtplib.SMTP('127.0.0.1', PORT) as s:
    s.ehlo('client.example')
    print(s.docmd('RCPT TO:<x@example.org>')[0])
    print(s.docmd('DATA')[0])
    print(s.docmd('MAIL FROM:<a@example.org> SIZE=99999999999')[0])
    print(s.docmd('FOO')[0])
    print(s.docmd('AUTH PLAIN')[0])
    print(s.docmd('VRFY bob')[0])
";
    let (_, stdout) = session(ServerConfig::new("mx.example.org"), None, script);
    assert_eq!(
        stdout.split_whitespace().collect::<Vec<_>>(),
        ["503", "503", "552", "500", "502", "252"]
    );
}

#[test]
fn arc_is_shared_configuration() {
    // The TLS configuration is shared between sessions through an Arc.
    let identity = Identity::self_signed(&["localhost"]).unwrap();
    let config = identity.server_config().unwrap();
    let clone = Arc::clone(&config);
    assert_eq!(Arc::strong_count(&config), 2);
    drop(clone);
    assert!(
        identity
            .certificate_pem()
            .starts_with("-----BEGIN CERTIFICATE-----\n")
    );
}
