//! Interop: our POP3 client against a private Dovecot POP3 server over loopback — USER/PASS
//! and APOP in the clear, STLS then SASL PLAIN, implicit TLS with DELE — with every message
//! retrieved compared byte for byte with the file stored in the Maildir (Dovecot sends a bare
//! LF as CRLF and ends a message without a final line ending with CRLF; see the header of
//! `scripts/peers/dovecot.sh`).
//!
//! Dovecot is installed by `scripts/peers/install.sh`. Without it this test says so and
//! passes, except under `CI=true`, where a missing peer is a failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod peers_common;

use peers_common::{free_port, peer, repo};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;

use mail_examples::net::Connection;
use mail_examples::net::pop3_client::{ClientTls, Outcome, Plan, run};
use mail_examples::net::tls::Identity;
use mail_sasl::{Credentials, Mechanism, Secret};
use pop3_proto::client::{Client, ClientConfig, LoginMethod, TlsPolicy};

fn script() -> PathBuf {
    repo().join("scripts/peers/dovecot.sh")
}

/// A running private Dovecot, stopped when dropped.
struct Dovecot {
    dir: PathBuf,
    pop3: u16,
    pop3s: u16,
    tls: ClientTls,
}

impl Dovecot {
    fn start(name: &str) -> Dovecot {
        let dir = std::env::temp_dir().join(format!("mail-interop-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let identity = Identity::self_signed(&["localhost"]).unwrap();
        std::fs::write(dir.join("cert.pem"), identity.certificate_pem()).unwrap();
        std::fs::write(dir.join("key.pem"), identity.key_pem()).unwrap();
        let (pop3, pop3s) = (free_port(), free_port());
        let status = Command::new(script())
            .arg("start")
            .arg(&dir)
            .arg(pop3.to_string())
            .arg(pop3s.to_string())
            .arg(dir.join("cert.pem"))
            .arg(dir.join("key.pem"))
            .status()
            .unwrap();
        assert!(status.success(), "dovecot.sh start failed");
        Dovecot {
            dir,
            pop3,
            pop3s,
            tls: ClientTls {
                config: identity.client_config_trusting().unwrap(),
                server_name: "localhost".to_owned(),
            },
        }
    }

    /// Stores `message` for `user`; returns the Maildir name of the file.
    fn deliver(&self, user: &str, message: &[u8]) -> String {
        let file = self.dir.join("incoming.eml");
        std::fs::write(&file, message).unwrap();
        let out = Command::new(script())
            .arg("deliver")
            .arg(&self.dir)
            .arg(user)
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "dovecot.sh deliver failed");
        let path = String::from_utf8(out.stdout).unwrap();
        let name = Path::new(path.trim())
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        name.split(':').next().unwrap().to_owned()
    }

    /// Whether the message stored as `name` is still in `user`'s Maildir.
    fn stored(&self, user: &str, name: &str) -> bool {
        ["new", "cur"].iter().any(|sub| {
            std::fs::read_dir(self.dir.join("home").join(user).join("Maildir").join(sub))
                .unwrap()
                .any(|e| e.unwrap().file_name().to_str().unwrap().starts_with(name))
        })
    }

    fn session(&self, client: Client, implicit_tls: bool, plan: Plan) -> Outcome {
        let port = if implicit_tls { self.pop3s } else { self.pop3 };
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut conn = Connection::Plain(stream);
        if implicit_tls {
            conn = conn
                .into_client_tls(std::sync::Arc::clone(&self.tls.config), "localhost")
                .unwrap();
        }
        let mut client = client;
        run(conn, &mut client, Some(&self.tls), plan).unwrap()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = Command::new(script()).arg("stop").arg(&self.dir).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What a POP3 client receives for a stored file: bare LF made CRLF, and a CRLF added when
/// the file does not end with a line ending (dot-stuffing undone by the client).
fn as_sent(file: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(file.len() + 16);
    for (i, &b) in file.iter().enumerate() {
        if b == b'\n' && (i == 0 || file[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    if !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// CRLF lines, leading dots (and a lone "." line), 8-bit octets, a long line.
fn messages() -> Vec<Vec<u8>> {
    let mut long = b"Subject: long\r\n\r\n".to_vec();
    long.extend(std::iter::repeat_n(b'x', 3000));
    long.extend_from_slice(b"\r\n.\r\n");
    vec![
        b"From: a@example.com\r\nSubject: dots\r\n\r\n.leading dot\r\n..two\r\n.\r\n. \r\nlast\r\n"
            .to_vec(),
        b"From: a@example.com\nSubject: bare LF\n\nline one\n.line two\nno final newline".to_vec(),
        b"Subject: 8bit\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGr\xc3\xbc\xc3\x9fe \xff\r\n"
            .to_vec(),
        long,
    ]
}

fn credentials(user: &str) -> Credentials {
    Credentials::password(user, Secret::new(format!("{user}-pass")))
}

fn check_messages(outcome: &Outcome, stored: &[Vec<u8>]) {
    assert_eq!(outcome.failure, None);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert!(outcome.quit_ok);
    assert_eq!(outcome.messages.len(), stored.len());
    let stat = outcome.stat.unwrap();
    assert_eq!(stat.count as usize, stored.len());
    let mut total = 0;
    for (got, file) in outcome.messages.iter().zip(stored) {
        let expected = as_sent(file);
        assert_eq!(
            String::from_utf8_lossy(&got.bytes),
            String::from_utf8_lossy(&expected),
            "message {}",
            got.message
        );
        assert_eq!(got.bytes, expected);
        // LIST counts the file with bare LF as two octets, without the added final CRLF.
        let added = usize::from(!file.ends_with(b"\n")) * 2;
        assert_eq!(got.listed_size as usize, expected.len() - added);
        total += got.listed_size;
        assert_eq!(
            got.uid.as_ref().map(String::len),
            Some(16),
            "UIDL %08Xu%08Xv"
        );
    }
    assert_eq!(stat.size, total);
}

#[test]
fn dovecot_pop3() {
    if !peer(
        "dovecot",
        Path::new("/usr/sbin/dovecot").exists() && script().exists(),
    ) {
        return;
    }
    let dovecot = Dovecot::start("dovecot-pop3");
    let stored = messages();
    for m in &stored {
        dovecot.deliver("alice", m);
    }

    // USER/PASS in the clear (allowed by configuration), no CAPA, no APOP.
    let config = ClientConfig::new()
        .with_tls(TlsPolicy::Never)
        .with_capa(false)
        .with_apop(false)
        .with_auth_without_tls(true)
        .with_credentials(credentials("alice"), "");
    let outcome = dovecot.session(Client::new(config), false, Plan::default());
    assert_eq!(outcome.login, Some(LoginMethod::UserPass));
    assert!(!outcome.tls);
    check_messages(&outcome, &stored);

    // APOP from the greeting's timestamp, no TLS needed.
    let config = ClientConfig::new()
        .with_tls(TlsPolicy::Never)
        .with_capa(false)
        .with_credentials(credentials("alice"), "");
    let outcome = dovecot.session(Client::new(config), false, Plan::default());
    assert_eq!(outcome.login, Some(LoginMethod::Apop));
    check_messages(&outcome, &stored);

    // STLS required, then CAPA again and SASL PLAIN (never before TLS).
    let config = ClientConfig::new()
        .with_tls(TlsPolicy::Required)
        .with_credentials(credentials("alice"), "");
    let outcome = dovecot.session(Client::new(config), false, Plan::default());
    assert!(outcome.tls);
    assert_eq!(outcome.login, Some(LoginMethod::Sasl(Mechanism::Plain)));
    check_messages(&outcome, &stored);

    // TOP 1 line.
    let config = ClientConfig::new()
        .with_tls(TlsPolicy::Required)
        .with_credentials(credentials("alice"), "");
    let outcome = dovecot.session(
        Client::new(config),
        false,
        Plan {
            top: Some(1),
            delete: false,
        },
    );
    assert_eq!(
        outcome.messages[0].bytes,
        b"From: a@example.com\r\nSubject: dots\r\n\r\n.leading dot\r\n"
    );

    // A wrong password: refused with a status line, then QUIT.
    let config = ClientConfig::new()
        .with_tls(TlsPolicy::Required)
        .with_credentials(Credentials::password("alice", Secret::from("wrong")), "");
    let outcome = dovecot.session(Client::new(config), false, Plan::default());
    let failure = outcome.failure.unwrap();
    assert!(failure.contains("Rejected"), "{failure}");
    assert!(outcome.messages.is_empty());

    // Implicit TLS (port 995 style), SASL PLAIN, and DELE: QUIT removes bob's messages.
    let names: Vec<String> = stored.iter().map(|m| dovecot.deliver("bob", m)).collect();
    let config = ClientConfig::new().with_credentials(credentials("bob"), "");
    let outcome = dovecot.session(
        Client::new_tls(config),
        true,
        Plan {
            delete: true,
            top: None,
        },
    );
    assert!(outcome.tls);
    check_messages(&outcome, &stored);
    assert_eq!(outcome.deleted.len(), stored.len());
    // Dovecot may finish removing the files just after its QUIT reply.
    for _ in 0..50 {
        if names.iter().all(|n| !dovecot.stored("bob", n)) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    for name in &names {
        assert!(!dovecot.stored("bob", name), "{name} not removed");
    }
}
