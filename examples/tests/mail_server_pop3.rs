//! POP3 in the mail server, end to end with the library code of the examples: messages sent
//! with `mail-client send` over submission (STARTTLS + AUTH) and over the MX port to two local
//! users, read back with `mail-client pop3` (STLS, implicit TLS, APOP) byte for byte; the
//! maildrop lock (`[IN-USE]`), deletions applied at `QUIT` only, `UIDL` stable across a
//! restart, a large message streamed intact, and shutdown.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod mail_server_common;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use mail_examples::server::Service;
use mail_server_common::{TestServer, files, mail_client, split_trace};

/// Dot lines and 8-bit text, CRLF line ends (what SMTP carries).
const FIRST: &[u8] = b"From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: first\r\n\r\n.leading dot\r\n..two dots\r\n.\r\ncaf\xc3\xa9\r\nlast line\r\n";
const SECOND: &[u8] =
    b"From: someone@elsewhere.example\r\nSubject: second\r\n\r\nline 1\r\n\r\nline 3\r\n";

fn send(args: &[&str], message: &[u8]) {
    let mut all = vec!["send"];
    all.extend_from_slice(args);
    let (out, err, status) = mail_client(&all, message);
    assert_eq!((status, err.as_str()), (0, ""), "{out}");
}

/// `mail-client pop3 --server 127.0.0.1:PORT ARGS...`: stdout as bytes, stderr, status.
fn pop3(server: &TestServer, service: Service, args: &[&str]) -> (Vec<u8>, String, u8) {
    use clap::Parser as _;
    let addr = format!("localhost:{}", server.port(service));
    let ca = server.ca.display().to_string();
    let mut all = vec!["mail-client", "pop3", "--server", &addr];
    if !args.contains(&"--ca") {
        all.extend_from_slice(&["--ca", &ca]);
    }
    all.extend_from_slice(args);
    let cli = mail_examples::client::Cli::try_parse_from(all).unwrap();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = mail_examples::client::run(cli, &mut &b""[..], &mut out, &mut err);
    (out, String::from_utf8(err).unwrap(), status)
}

/// Like [`pop3`], expecting success; stdout as text.
fn pop3_ok(server: &TestServer, service: Service, args: &[&str]) -> String {
    let (out, err, status) = pop3(server, service, args);
    assert_eq!((status, err.as_str()), (0, ""), "{args:?}");
    String::from_utf8(out).unwrap()
}

/// The files of `user`'s Maildir (new/ then cur/), as the server numbers them.
fn stored(server: &TestServer, user: &str) -> Vec<(String, Vec<u8>)> {
    let maildir = server.data.join(user).join("Maildir");
    let mut all: Vec<(String, Vec<u8>)> = ["new", "cur"]
        .iter()
        .flat_map(|sub| files(&maildir.join(sub)))
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            let uid = name.split(':').next().unwrap().to_owned();
            (uid, std::fs::read(&p).unwrap())
        })
        .collect();
    // The names start with the delivery time: seconds, then microseconds.
    all.sort_by_key(|(uid, _)| {
        let mut f = uid.split('.');
        let secs: u64 = f.next().unwrap().parse().unwrap();
        let micros: u64 = f.next().unwrap()[1..]
            .split('P')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        (secs, micros)
    });
    all
}

/// A POP3 session written by hand.
struct Raw {
    stream: TcpStream,
    reader: BufReader<TcpStream>,
    greeting: String,
}

impl Raw {
    fn connect(addr: SocketAddr) -> Raw {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut greeting = String::new();
        reader.read_line(&mut greeting).unwrap();
        Raw {
            stream,
            reader,
            greeting,
        }
    }

    fn line(&mut self) -> String {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        line
    }

    fn command(&mut self, command: &str) -> String {
        self.stream
            .write_all(format!("{command}\r\n").as_bytes())
            .unwrap();
        self.line()
    }

    fn login(&mut self, user: &str, password: &str) -> String {
        assert!(self.command(&format!("USER {user}")).starts_with("+OK"));
        self.command(&format!("PASS {password}"))
    }
}

#[test]
fn sent_over_submission_and_mx_then_read_back_over_pop3() {
    let server = TestServer::start("pop3-e2e", &[]);
    let submission = format!("127.0.0.1:{}", server.port(Service::Submission));
    let ca = server.ca.display().to_string();
    send(
        &[
            "--server",
            &submission,
            "--starttls",
            "--ca",
            &ca,
            "--user",
            "alice:alicepw",
            "--from",
            "alice@example.org",
            "--to",
            "alice@example.org",
            "--to",
            "bob@example.org",
        ],
        FIRST,
    );
    let mx = server.addr(Service::Smtp).to_string();
    send(
        &[
            "--server",
            &mx,
            "--from",
            "someone@elsewhere.example",
            "--to",
            "bob@example.org",
            "--to",
            "alice@example.org",
        ],
        SECOND,
    );
    for (user, password) in [("alice", "alice:alicepw"), ("bob", "bob:bobpw")] {
        let files = stored(&server, user);
        assert_eq!(files.len(), 2, "{user}");
        let sizes: Vec<usize> = files.iter().map(|(_, bytes)| bytes.len()).collect();
        let login = ["--starttls", "--user", password];
        let stat = pop3_ok(&server, Service::Pop3, &[&login[..], &["stat"]].concat());
        assert_eq!(stat, format!("2 {}\n", sizes[0] + sizes[1]));
        let list = pop3_ok(&server, Service::Pop3, &[&login[..], &["list"]].concat());
        assert_eq!(list, format!("1 {}\n2 {}\n", sizes[0], sizes[1]));
        let uidl = pop3_ok(&server, Service::Pop3, &[&login[..], &["uidl"]].concat());
        assert_eq!(uidl, format!("1 {}\n2 {}\n", files[0].0, files[1].0));
        for (n, sent, with) in [
            ("1", FIRST, " with ESMTPSA id "),
            ("2", SECOND, " with ESMTP id "),
        ] {
            let (out, err, status) =
                pop3(&server, Service::Pop3, &[&login[..], &["retr", n]].concat());
            assert_eq!((status, err.as_str()), (0, ""));
            let index: usize = n.parse::<usize>().unwrap() - 1;
            assert_eq!(out, files[index].1, "{user} {n}: the file, byte for byte");
            let (trace, body) = split_trace(&out);
            assert_eq!(body, sent, "{user} {n}: the message as sent");
            assert!(trace.contains(with), "{trace}");
            assert!(
                trace.contains(&format!("\tfor <{user}@example.org>; ")),
                "{trace}"
            );
        }
        // The same over implicit TLS, with TOP.
        let (top, _, status) = pop3(
            &server,
            Service::Pop3s,
            &["--tls", "--user", password, "top", "1", "1"],
        );
        assert_eq!(status, 0);
        let header_end = files[0]
            .1
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap()
            + 4;
        let mut expected = files[0].1[..header_end].to_vec();
        expected.extend_from_slice(b".leading dot\r\n");
        assert_eq!(top, expected);
    }
    // Nothing was deleted, nothing moved.
    assert_eq!(server.new_messages("alice").len(), 2);
}

#[test]
fn apop_with_a_fresh_timestamp_each_session() {
    let server = TestServer::start("pop3-apop", &[]);
    send(
        &[
            "--server",
            &server.addr(Service::Smtp).to_string(),
            "--from",
            "",
            "--to",
            "bob@example.org",
        ],
        SECOND,
    );
    let one = Raw::connect(server.addr(Service::Pop3)).greeting;
    let two = Raw::connect(server.addr(Service::Pop3)).greeting;
    assert!(
        one.starts_with("+OK example.org POP3 server ready <") && one.ends_with(">\r\n"),
        "{one}"
    );
    assert_ne!(one, two);
    let (out, err, status) = pop3(
        &server,
        Service::Pop3,
        &["--apop", "--user", "bob:bobpw", "retr", "1"],
    );
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(split_trace(&out).1, SECOND);
    let (out, err, status) = pop3(
        &server,
        Service::Pop3,
        &["--apop", "--user", "bob:wrong", "stat"],
    );
    assert_eq!((out.as_slice(), status), (&b""[..], 1));
    assert_eq!(
        err,
        "mail-client: login failed: APOP: -ERR [AUTH] invalid user name or password\n"
    );
}

#[test]
fn a_maildrop_is_locked_by_one_session_at_a_time() {
    let server = TestServer::start("pop3-lock", &[]);
    let addr = server.addr(Service::Pop3);
    let mut first = Raw::connect(addr);
    assert_eq!(
        first.login("alice", "alicepw"),
        "+OK alice's maildrop has 0 messages (0 octets)\r\n"
    );
    // A second session, by hand and with our client (SASL), is told the maildrop is in use.
    let mut second = Raw::connect(addr);
    assert_eq!(
        second.login("alice", "alicepw"),
        "-ERR [IN-USE] the maildrop is in use by another session\r\n"
    );
    let (_, err, status) = pop3(&server, Service::Pop3, &["--user", "alice:alicepw", "stat"]);
    assert_eq!(status, 1);
    assert!(
        err.contains("-ERR [IN-USE] the maildrop is in use by another session"),
        "{err}"
    );
    // Another user's maildrop is free.
    assert_eq!(
        pop3_ok(&server, Service::Pop3, &["--user", "bob:bobpw", "stat"]),
        "0 0\n"
    );
    // QUIT releases it.
    assert!(first.command("QUIT").starts_with("+OK"));
    assert_eq!(
        pop3_ok(&server, Service::Pop3, &["--user", "alice:alicepw", "stat"]),
        "0 0\n"
    );
    // So does a connection that just goes away.
    let mut third = Raw::connect(addr);
    assert!(third.login("alice", "alicepw").starts_with("+OK"));
    drop(third);
    let mut again = None;
    for _ in 0..50 {
        let (out, _, status) = pop3(&server, Service::Pop3, &["--user", "alice:alicepw", "stat"]);
        if status == 0 {
            again = Some(out);
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(again.as_deref(), Some(&b"0 0\n"[..]));
}

#[test]
fn deletions_apply_at_quit_only_and_persist() {
    let server = TestServer::start("pop3-dele", &[]);
    let mx = server.addr(Service::Smtp).to_string();
    for subject in ["a", "b", "c"] {
        let message = format!("Subject: {subject}\r\n\r\nbody {subject}\r\n");
        send(
            &["--server", &mx, "--from", "", "--to", "alice@example.org"],
            message.as_bytes(),
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let before = stored(&server, "alice");
    assert_eq!(before.len(), 3);
    // DELE without QUIT: nothing happens.
    let mut raw = Raw::connect(server.addr(Service::Pop3));
    assert!(raw.login("alice", "alicepw").starts_with("+OK"));
    assert_eq!(raw.command("DELE 1"), "+OK message 1 deleted\r\n");
    drop(raw);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(stored(&server, "alice").len(), 3);
    // DELE, RSET, QUIT: nothing happens either.
    let mut raw = Raw::connect(server.addr(Service::Pop3));
    assert!(raw.login("alice", "alicepw").starts_with("+OK"));
    assert!(raw.command("DELE 2").starts_with("+OK"));
    assert!(raw.command("RSET").starts_with("+OK"));
    assert!(raw.command("QUIT").starts_with("+OK"));
    assert_eq!(stored(&server, "alice").len(), 3);
    // DELE then QUIT: gone, and the next session numbers what is left.
    let out = pop3_ok(
        &server,
        Service::Pop3,
        &["--user", "alice:alicepw", "dele", "2"],
    );
    assert_eq!(out, "deleted 2\n");
    let after = stored(&server, "alice");
    assert_eq!(after, vec![before[0].clone(), before[2].clone()]);
    let uidl = pop3_ok(&server, Service::Pop3, &["--user", "alice:alicepw", "uidl"]);
    assert_eq!(uidl, format!("1 {}\n2 {}\n", before[0].0, before[2].0));
    // A deleted or missing message: one clear line, exit 1.
    let (_, err, status) = pop3(
        &server,
        Service::Pop3,
        &["--user", "alice:alicepw", "retr", "3"],
    );
    assert_eq!(
        (err.as_str(), status),
        ("mail-client: RETR: -ERR no such message\n", 1)
    );
}

#[test]
fn uidl_is_stable_across_a_restart() {
    let mut server = TestServer::start("pop3-restart", &[]);
    let mx = server.addr(Service::Smtp).to_string();
    send(
        &["--server", &mx, "--from", "", "--to", "bob@example.org"],
        FIRST,
    );
    send(
        &["--server", &mx, "--from", "", "--to", "bob@example.org"],
        SECOND,
    );
    let before = pop3_ok(&server, Service::Pop3, &["--user", "bob:bobpw", "uidl"]);
    let (first, _, _) = pop3(
        &server,
        Service::Pop3,
        &["--user", "bob:bobpw", "retr", "1"],
    );
    server.restart();
    let after = pop3_ok(&server, Service::Pop3, &["--user", "bob:bobpw", "uidl"]);
    assert_eq!(before, after);
    assert_eq!(before.lines().count(), 2);
    let (again, _, _) = pop3(
        &server,
        Service::Pop3,
        &["--user", "bob:bobpw", "retr", "1"],
    );
    assert_eq!(first, again);
}

#[test]
fn a_large_message_is_streamed_intact() {
    let server = TestServer::start("pop3-large", &["--max-message-size", "20000000"]);
    let mut message = b"Subject: large\r\n\r\n".to_vec();
    for i in 0..60_000 {
        // Lines starting with a dot on both protocols, and long lines.
        message.extend_from_slice(format!(".{i:06} {}\r\n", "x".repeat(60)).as_bytes());
    }
    assert!(message.len() > 4_000_000);
    send(
        &[
            "--server",
            &server.addr(Service::Smtp).to_string(),
            "--from",
            "",
            "--to",
            "alice@example.org",
        ],
        &message,
    );
    let (out, err, status) = pop3(
        &server,
        Service::Pop3,
        &["--user", "alice:alicepw", "retr", "1"],
    );
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(split_trace(&out).1, message.as_slice());
    assert_eq!(out, server.new_messages("alice")[0]);
}

#[test]
fn shutdown_ends_pop3_sessions_without_update() {
    let mut server = TestServer::start("pop3-shutdown", &[]);
    send(
        &[
            "--server",
            &server.addr(Service::Smtp).to_string(),
            "--from",
            "",
            "--to",
            "bob@example.org",
        ],
        SECOND,
    );
    let mut raw = Raw::connect(server.addr(Service::Pop3));
    assert!(raw.login("bob", "bobpw").starts_with("+OK"));
    assert!(raw.command("DELE 1").starts_with("+OK"));
    let running = server.running.take().unwrap();
    let started = std::time::Instant::now();
    running.shutdown(Duration::from_secs(5));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        raw.line(),
        "-ERR [SYS/TEMP] example.org Server shutting down\r\n"
    );
    assert_eq!(server.new_messages("bob").len(), 1);
}

#[test]
fn pop3_client_errors_are_one_line() {
    let server = TestServer::start("pop3-errors", &[]);
    let (_, err, status) = pop3(&server, Service::Pop3, &["--user", "alice:wrong", "stat"]);
    assert_eq!(status, 1);
    assert!(
        err.starts_with("mail-client: login failed: AUTH: -ERR [AUTH] ")
            && err.lines().count() == 1,
        "{err}"
    );
    let (_, err, status) = pop3(
        &server,
        Service::Pop3,
        &["--user", "alice:alicepw", "retr", "0"],
    );
    assert_eq!(
        (err.as_str(), status),
        ("mail-client: message numbers start at 1\n", 1)
    );
    let (_, err, status) = pop3(
        &server,
        Service::Pop3s,
        &[
            "--user",
            "alice:alicepw",
            "--tls",
            "--ca",
            "/dev/null",
            "stat",
        ],
    );
    assert_eq!(
        (err.as_str(), status),
        ("mail-client: /dev/null: no usable PEM certificate\n", 1)
    );
    use clap::Parser as _;
    assert!(
        mail_examples::client::Cli::try_parse_from([
            "mail-client",
            "pop3",
            "--server",
            "h:1",
            "--user",
            "a:b",
            "--apop",
            "--starttls",
            "stat"
        ])
        .is_err()
    );
}
