//! Interop: our client machine sends to real servers over loopback — aiosmtpd (Python) and
//! Postfix — plain, with STARTTLS and AUTH, with 8BITMIME, SMTPUTF8, CHUNKING and a refused
//! recipient; what the servers received or stored is compared byte for byte.
//!
//! The peers are installed by `scripts/peers/install.sh` (which `.ci/run` calls). Without them
//! these tests say so and pass, except under `CI=true`, where a missing peer is a failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod peers_common;

use peers_common::{Guard, free_port, peer, repo, temp_dir};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine as _;
use mail_examples::net::Connection;
use mail_examples::net::smtp_client::{ClientTls, Job, run};
use mail_examples::net::tls::Identity;
use mail_message::envelope::{Envelope, EnvelopeOptions, ForwardPath, Recipient, ReversePath};
use mail_sasl::{Credentials, Secret};
use smtp_proto::client::{Client, ClientConfig, Event, TlsPolicy};
use smtp_proto::command::ClientName;

fn envelope(from: &str, to: &[&str]) -> Envelope<'static> {
    let opts = EnvelopeOptions::new().with_smtputf8(true);
    let mut e = Envelope::new(
        ReversePath::parse(from.as_bytes(), opts)
            .unwrap()
            .into_owned(),
    );
    for t in to {
        e.recipients.push(Recipient::new(
            ForwardPath::parse(t.as_bytes(), opts).unwrap().into_owned(),
        ));
    }
    e
}

fn config() -> ClientConfig {
    ClientConfig::new(ClientName::new("client.example", EnvelopeOptions::new()).unwrap())
}

/// Connects and runs the jobs; returns one line per event of interest.
fn send(port: u16, client: ClientConfig, tls: Option<&ClientTls>, jobs: &[Job]) -> Vec<String> {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut client = Client::new(client);
    let mut log = Vec::new();
    run(
        Connection::Plain(stream),
        &mut client,
        tls,
        jobs,
        |event| match event {
            Event::Recipient { index, reply } => log.push(format!("rcpt {index} {}", reply.code)),
            Event::MessageAccepted { reply } => log.push(format!("accepted {}", reply.code)),
            Event::MessageFailed { failure } => log.push(format!("failed {failure:?}")),
            Event::Authenticated { mechanism } => log.push(format!("authenticated {mechanism}")),
            Event::SessionFailed { failure } => log.push(format!("session failed {failure:?}")),
            _ => {}
        },
    )
    .unwrap();
    log
}

const PLAIN: &[u8] = b"From: a@example.com\r\nTo: b@example.org\r\nSubject: plain\r\nMessage-ID: <1@client.example>\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n\r\n.leading dot\r\n..two\r\n.\r\nlast line\r\n";
const EIGHT_BIT: &[u8] = b"From: a@example.com\r\nTo: b@example.org\r\nSubject: 8bit\r\nMessage-ID: <2@client.example>\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGr\xc3\xbc\xc3\x9fe, caf\xc3\xa9\r\n";

/// Starts the recording aiosmtpd sink; returns its guard and where it writes.
fn aiosmtpd(port: u16, dir: &Path, extra: &[&str]) -> (Guard, PathBuf) {
    let out = dir.join("received.jsonl");
    let mut child = Command::new("python3")
        .arg(repo().join("scripts/peers/aiosmtpd_sink.py"))
        .arg(port.to_string())
        .arg(&out)
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "ready");
    (Guard(child), out)
}

/// One message as aiosmtpd received it.
#[derive(Debug)]
struct Received {
    mail_from: String,
    rcpt_tos: Vec<String>,
    mail_options: Vec<String>,
    content: Vec<u8>,
}

/// The records the sink wrote (tab-separated fields, see `aiosmtpd_sink.py`).
fn received(path: &Path) -> Vec<Received> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let words = |s: &str| {
        s.split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    text.lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Received {
                mail_from: f[0].to_owned(),
                rcpt_tos: words(f[1]),
                mail_options: words(f[2]),
                content: base64::engine::general_purpose::STANDARD
                    .decode(f[3])
                    .unwrap(),
            }
        })
        .collect()
}

#[test]
fn aiosmtpd_receives_plain_8bit_and_utf8_mail() {
    if !peer(
        "aiosmtpd",
        Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success()),
    ) {
        return;
    }
    let dir = temp_dir("aiosmtpd");
    let port = free_port();
    let (_guard, out) = aiosmtpd(port, &dir, &[]);
    let utf8 = "From: jöran@bücher.example\r\nSubject: utf8\r\n\r\nHej!\r\n"
        .as_bytes()
        .to_vec();
    let jobs = [
        Job {
            envelope: envelope(
                "<a@example.com>",
                &["<b@example.org>", "<reject-me@example.org>"],
            ),
            message: PLAIN.to_vec(),
        },
        Job {
            envelope: envelope("<a@example.com>", &["<c@example.org>"]),
            message: EIGHT_BIT.to_vec(),
        },
        Job {
            envelope: envelope("<jöran@bücher.example>", &["<ü@example.org>"]),
            message: utf8.clone(),
        },
    ];
    let log = send(port, config().with_tls(TlsPolicy::Never), None, &jobs);
    assert_eq!(
        log,
        [
            "rcpt 0 250",
            "rcpt 1 550",
            "accepted 250",
            "rcpt 0 250",
            "accepted 250",
            "rcpt 0 250",
            "accepted 250"
        ]
    );
    let got = received(&out);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].mail_from, "a@example.com");
    assert_eq!(got[0].rcpt_tos, ["b@example.org"]);
    assert_eq!(got[0].content, PLAIN);
    assert!(
        got[1].mail_options.contains(&"BODY=8BITMIME".to_owned()),
        "{:?}",
        got[1]
    );
    assert_eq!(got[1].content, EIGHT_BIT);
    assert!(
        got[2].mail_options.contains(&"SMTPUTF8".to_owned()),
        "{:?}",
        got[2]
    );
    assert_eq!(got[2].rcpt_tos, ["ü@example.org"]);
    assert_eq!(got[2].content, utf8);
}

#[test]
fn aiosmtpd_starttls_and_auth() {
    if !peer(
        "aiosmtpd",
        Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success()),
    ) {
        return;
    }
    let dir = temp_dir("aiosmtpd-tls");
    let identity = Identity::self_signed(&["localhost"]).unwrap();
    std::fs::write(dir.join("cert.pem"), identity.certificate_pem()).unwrap();
    std::fs::write(dir.join("key.pem"), identity.key_pem()).unwrap();
    let tls = ClientTls {
        config: identity.client_config_trusting().unwrap(),
        server_name: "localhost".to_owned(),
    };
    for mechanism in ["PLAIN", "LOGIN"] {
        let port = free_port();
        let cert = dir.join("cert.pem");
        let key = dir.join("key.pem");
        let (_guard, out) = aiosmtpd(
            port,
            &dir,
            &[
                "--tls",
                cert.to_str().unwrap(),
                key.to_str().unwrap(),
                "--auth",
                "alice:wonderland",
            ],
        );
        let credentials = Credentials::password("alice", Secret::from("wonderland"));
        let mut config = config()
            .with_tls(TlsPolicy::Required)
            .with_credentials(credentials, "nonce-1");
        if mechanism == "LOGIN" {
            config = config.with_sasl_initial_response(false);
        }
        let jobs = [Job {
            envelope: envelope("<alice@example.com>", &["<b@example.org>"]),
            message: PLAIN.to_vec(),
        }];
        let log = send(port, config, Some(&tls), &jobs);
        assert_eq!(
            log[1..],
            ["rcpt 0 250", "accepted 250"],
            "{mechanism}: {log:?}"
        );
        assert!(log[0].starts_with("authenticated "), "{log:?}");
        assert_eq!(received(&out).last().unwrap().content, PLAIN);
        let _ = std::fs::remove_file(&out);
    }
}

fn postfix_installed() -> bool {
    Path::new("/usr/sbin/postfix").exists() && Path::new("/usr/lib/postfix/sbin/smtpd").exists()
}

/// Stops the Postfix instance when dropped.
struct Postfix(PathBuf);

impl Drop for Postfix {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(repo().join("scripts/peers/postfix.sh"))
            .arg("stop")
            .arg(&self.0)
            .status();
    }
}

/// Waits (up to 10 s) for `n` files under `dir`.
fn maildir_files(dir: &Path, n: usize) -> Vec<Vec<u8>> {
    for _ in 0..100 {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        if files.len() >= n {
            files.sort();
            return files.iter().map(|f| std::fs::read(f).unwrap()).collect();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("{n} messages did not arrive in {}", dir.display());
}

fn lf(message: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(message)
        .replace("\r\n", "\n")
        .into_bytes()
}

#[test]
fn postfix_receives_with_starttls_pipelining_and_chunking() {
    if !peer("postfix", postfix_installed()) {
        return;
    }
    let dir = temp_dir("postfix");
    let identity = Identity::self_signed(&["localhost"]).unwrap();
    std::fs::write(dir.join("cert.pem"), identity.certificate_pem()).unwrap();
    std::fs::write(dir.join("key.pem"), identity.key_pem()).unwrap();
    let port = free_port();
    let instance = dir.join("instance");
    let status = Command::new("bash")
        .arg(repo().join("scripts/peers/postfix.sh"))
        .args(["start", instance.to_str().unwrap(), &port.to_string()])
        .arg(dir.join("cert.pem"))
        .arg(dir.join("key.pem"))
        .status()
        .unwrap();
    assert!(status.success());
    let _postfix = Postfix(instance.clone());
    // Wait for smtpd to listen.
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let tls = ClientTls {
        config: identity.client_config_trusting().unwrap(),
        server_name: "localhost".to_owned(),
    };
    let jobs = [
        Job {
            envelope: envelope(
                "<a@example.com>",
                &["<bob@example.test>", "<nobody@example.test>"],
            ),
            message: PLAIN.to_vec(),
        },
        Job {
            envelope: envelope("<a@example.com>", &["<carol@example.test>"]),
            message: EIGHT_BIT.to_vec(),
        },
    ];
    // DATA, opportunistic TLS.
    let log = send(
        port,
        config().with_tls(TlsPolicy::Opportunistic),
        Some(&tls),
        &jobs,
    );
    assert_eq!(
        log,
        [
            "rcpt 0 250",
            "rcpt 1 550",
            "accepted 250",
            "rcpt 0 250",
            "accepted 250"
        ]
    );
    // BDAT, TLS required.
    let log = send(
        port,
        config()
            .with_tls(TlsPolicy::Required)
            .with_prefer_chunking(true),
        Some(&tls),
        &jobs[..1],
    );
    assert_eq!(log, ["rcpt 0 250", "rcpt 1 550", "accepted 250"]);
    let bob = maildir_files(&instance.join("mail/bob/Maildir/new"), 2);
    let carol = maildir_files(&instance.join("mail/carol/Maildir/new"), 1);
    // Postfix stores LF line ends and adds its trace fields in front: the message follows them.
    for stored in &bob {
        assert!(
            stored.ends_with(&lf(PLAIN)),
            "{}",
            String::from_utf8_lossy(stored)
        );
        assert!(stored.starts_with(b"Return-Path: <a@example.com>\n"));
    }
    assert!(carol[0].ends_with(&lf(EIGHT_BIT)));
    // postlogd writes the log asynchronously: the message can be in the Maildir before its
    // log lines are. Wait for them (bounded).
    let used = |log: &str| {
        (log.contains("bdat=") || log.contains("BDAT"))
            && (log.contains("TLS connection established") || log.contains("starttls=1"))
    };
    let mut maillog = String::new();
    for _ in 0..100 {
        maillog = std::fs::read_to_string(instance.join("maillog")).unwrap_or_default();
        if used(&maillog) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        maillog.contains("bdat=") || maillog.contains("BDAT"),
        "the second session used BDAT: {maillog}"
    );
    assert!(
        maillog.contains("TLS connection established") || maillog.contains("starttls=1"),
        "{maillog}"
    );
}
