//! The mail path with real, independently written peers on either side of our server, and our
//! client against a real MDA:
//! - Python's smtplib sends (submission with STARTTLS + AUTH, and the MX port) and poplib reads
//!   back (STLS + USER/PASS, and APOP);
//! - curl sends (`smtp://` with `--ssl-reqd`) and reads back (`pop3://` with `--ssl-reqd`,
//!   `pop3s://`);
//! - `mail-client send --lmtp` delivers to Dovecot's LMTP, and `mail-client pop3` reads the
//!   message back from Dovecot's POP3 (STLS).
//!
//! Every retrieved message is compared byte for byte with the stored file, and the message
//! inside it with what was sent. The peers come from `scripts/peers/install.sh` and
//! `install_clients.sh`; without them the tests say so and pass, except under `CI=true`,
//! where a missing peer is a failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod mail_server_common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use mail_examples::net::tls::Identity;
use mail_examples::server::Service;
use mail_server_common::{
    TestServer, mail_client, peer, python_bytes, runs, split_trace, temp_dir,
};

const MESSAGE: &[u8] = b"From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: pop3 peers\r\n\r\n.leading dot\r\n..two dots\r\n.\r\ncaf\xc3\xa9\r\nend\r\n";

/// The files in `user`'s `new/`, which must be `count`.
fn only_file(server: &TestServer, user: &str, count: usize) -> Vec<Vec<u8>> {
    let all = server.new_messages(user);
    assert_eq!(all.len(), count, "{user}");
    all
}

#[test]
fn smtplib_sends_and_poplib_reads_back() {
    if !peer(
        "python3",
        runs("python3", &["-c", "import smtplib, poplib, ssl"]),
    ) {
        return;
    }
    let server = TestServer::start("pop3-peer-python", &[]);
    let script = format!(
        r#"
import base64, json, poplib, smtplib, ssl
MESSAGE = {message}
ctx = ssl.create_default_context(cafile={ca:?})
with smtplib.SMTP('127.0.0.1', {submission}) as s:
    s.starttls(context=ctx)
    s.login('alice', 'alicepw')
    assert s.sendmail('alice@example.org', ['alice@example.org', 'bob@example.org'], MESSAGE) == {{}}
with smtplib.SMTP('127.0.0.1', {smtp}) as s:
    assert s.sendmail('x@elsewhere.example', ['bob@example.org'], MESSAGE) == {{}}
out = {{}}
# alice: STLS, then USER/PASS.
p = poplib.POP3('localhost', {pop3})
p.stls(context=ctx)
p.user('alice')
p.pass_('alicepw')
resp, lines, octets = p.retr(1)
out['alice'] = [base64.b64encode(b'\r\n'.join(lines) + b'\r\n').decode()]
out['alice_uidl'] = [l.decode() for l in p.uidl()[1]]
p.quit()
# bob: APOP in the clear (loopback), then DELE 1 and QUIT.
p = poplib.POP3('127.0.0.1', {pop3})
p.apop('bob', 'bobpw')
assert p.stat()[0] == 2
out['bob'] = [base64.b64encode(b'\r\n'.join(p.retr(n)[1]) + b'\r\n').decode() for n in (1, 2)]
p.dele(1)
p.quit()
print(json.dumps(out))
"#,
        message = python_bytes(MESSAGE),
        ca = server.ca.display().to_string(),
        submission = server.port(Service::Submission),
        smtp = server.port(Service::Smtp),
        pop3 = server.port(Service::Pop3),
    );
    let out = Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let decode = |key: &str| -> Vec<Vec<u8>> {
        // A tiny reader for the one JSON shape printed above: "key": ["b64", ...].
        let start = stdout.find(&format!("\"{key}\": [")).unwrap() + key.len() + 5;
        let end = start + stdout[start..].find(']').unwrap();
        stdout[start..end]
            .split(", ")
            .map(|s| {
                base64::engine::general_purpose::STANDARD
                    .decode(s.trim_matches('"'))
                    .unwrap()
            })
            .collect()
    };
    let alice = only_file(&server, "alice", 1);
    assert_eq!(decode("alice"), alice);
    assert_eq!(split_trace(&alice[0]).1, MESSAGE);
    assert!(stdout.contains(&format!(
        "\"alice_uidl\": [\"1 {}\"]",
        mail_server_common::files(&server.data.join("alice/Maildir/new"))[0]
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
    )));
    // bob read both messages, then deleted the first at QUIT.
    let bob = decode("bob");
    assert_eq!(bob.len(), 2);
    for m in &bob {
        assert_eq!(split_trace(m).1, MESSAGE);
    }
    assert!(split_trace(&bob[0]).0.contains(" with ESMTPSA id "));
    assert!(split_trace(&bob[1]).0.contains(" with ESMTP id "));
    assert_eq!(only_file(&server, "bob", 1), vec![bob[1].clone()]);
}

#[test]
fn curl_sends_and_reads_back_with_ssl_reqd() {
    if !peer("curl", runs("curl", &["--version"])) {
        return;
    }
    let server = TestServer::start("pop3-peer-curl", &[]);
    let file = server.data.join("message.eml");
    std::fs::write(&file, MESSAGE).unwrap();
    let ca = server.ca.display().to_string();
    let curl = |args: &[&str]| -> Vec<u8> {
        let out = Command::new("curl")
            .args(["-sS", "--cacert", &ca])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    curl(&[
        "--url",
        &format!("smtp://127.0.0.1:{}", server.port(Service::Submission)),
        "--ssl-reqd",
        "-u",
        "bob:bobpw",
        "--mail-from",
        "bob@example.org",
        "--mail-rcpt",
        "alice@example.org",
        "--mail-rcpt",
        "bob@example.org",
        "-T",
        &file.display().to_string(),
    ]);
    for user in ["alice", "bob"] {
        let stored = only_file(&server, user, 1);
        let credentials = format!("{user}:{user}pw");
        // STLS on the POP3 port.
        let got = curl(&[
            "--url",
            &format!("pop3://localhost:{}/1", server.port(Service::Pop3)),
            "--ssl-reqd",
            "-u",
            &credentials,
        ]);
        assert_eq!(got, stored[0], "{user}");
        assert_eq!(split_trace(&got).1, MESSAGE);
        // Implicit TLS, and the unique-id listing.
        let uidl = curl(&[
            "--url",
            &format!("pop3s://localhost:{}/", server.port(Service::Pop3s)),
            "-u",
            &credentials,
            "-X",
            "UIDL",
        ]);
        let name = mail_server_common::files(&server.data.join(user).join("Maildir/new"))[0]
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(String::from_utf8(uidl).unwrap(), format!("1 {name}\r\n"));
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn dovecot_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/peers/dovecot.sh")
}

/// A private Dovecot with POP3 and LMTP, stopped when dropped.
struct Dovecot {
    dir: PathBuf,
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = Command::new(dovecot_script())
            .arg("stop")
            .arg(self.dir.join("dovecot"))
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn our_client_delivers_to_dovecot_over_lmtp_and_reads_back_over_pop3() {
    if !peer(
        "dovecot",
        Path::new("/usr/sbin/dovecot").exists() && dovecot_script().exists(),
    ) {
        return;
    }
    let dovecot = Dovecot {
        dir: temp_dir("pop3-peer-dovecot"),
    };
    let dir = &dovecot.dir;
    // Dovecot's user "nobody" must reach the directory.
    let _ = Command::new("chmod").arg("0755").arg(dir).status();
    let identity = Identity::self_signed(&["localhost"]).unwrap();
    std::fs::write(dir.join("cert.pem"), identity.certificate_pem()).unwrap();
    std::fs::write(dir.join("key.pem"), identity.key_pem()).unwrap();
    let (pop3, pop3s, lmtp) = (free_port(), free_port(), free_port());
    let status = Command::new(dovecot_script())
        .arg("start")
        .arg(dir.join("dovecot"))
        .args([pop3.to_string(), pop3s.to_string()])
        .arg(dir.join("cert.pem"))
        .arg(dir.join("key.pem"))
        .arg(lmtp.to_string())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "dovecot.sh start failed");
    let lmtp_addr = format!("127.0.0.1:{lmtp}");
    let (out, err, status) = mail_client(
        &[
            "send",
            "--lmtp",
            "--server",
            &lmtp_addr,
            "--from",
            "alice@example.org",
            "--to",
            "alice@localhost",
            "--to",
            "bob@localhost",
            "--to",
            "nobody-here@localhost",
        ],
        MESSAGE,
    );
    assert_eq!(status, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..2],
        ["alice@localhost accepted", "bob@localhost accepted"]
    );
    assert!(
        lines[2].starts_with("nobody-here@localhost rejected 550 "),
        "{out}"
    );
    let ca = dir.join("cert.pem").display().to_string();
    let pop3_addr = format!("localhost:{pop3}");
    for (user, password) in [("alice", "alice:alice-pass"), ("bob", "bob:bob-pass")] {
        let (got, err, status) = pop3_bytes(&[
            "pop3",
            "--server",
            &pop3_addr,
            "--starttls",
            "--ca",
            &ca,
            "--user",
            password,
            "retr",
            "1",
        ]);
        assert_eq!((status, err.as_str()), (0, ""), "{user}");
        // Dovecot's own trace fields, then the message as sent.
        let text = String::from_utf8_lossy(&got).into_owned();
        assert!(
            text.starts_with("Return-Path: <alice@example.org>\r\n"),
            "{text}"
        );
        // (With several recipients in one transaction Dovecot names none of them.)
        assert!(
            text.contains("\r\n\tby ") && text.contains(" with LMTP\r\n"),
            "{text}"
        );
        assert!(got.ends_with(MESSAGE), "{text}");
        let header = &got[..got.len() - MESSAGE.len()];
        for line in String::from_utf8_lossy(header).split_terminator("\r\n") {
            assert!(
                line.starts_with("Return-Path: ")
                    || line.starts_with("Delivered-To: ")
                    || line.starts_with("Received: ")
                    || line.starts_with('\t'),
                "an added line that is not a trace field: {line:?}"
            );
        }
    }
}

/// `mail-client ARGS` with stdout as bytes.
fn pop3_bytes(args: &[&str]) -> (Vec<u8>, String, u8) {
    use clap::Parser as _;
    let mut all = vec!["mail-client"];
    all.extend_from_slice(args);
    let cli = mail_examples::client::Cli::try_parse_from(all).unwrap();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = mail_examples::client::run(cli, &mut &b""[..], &mut out, &mut err);
    (out, String::from_utf8(err).unwrap(), status)
}
