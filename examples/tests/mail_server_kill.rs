//! Durability: the server process is killed with SIGKILL in the middle of a load. Every
//! message it acknowledged with 250 is complete in `new/`; what it was writing is at most a
//! file in `tmp/`, which a Maildir listing never shows.
//!
//! The server runs in a child process: this test binary started again with
//! `MAIL_SERVER_KILL_DATA` set, running the same library code as the `mail-server` example.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod mail_server_common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use clap::Parser as _;
use mail_examples::maildir::Maildir;
use mail_examples::server::options::Options;
use mail_examples::server::{Service, start};
use mail_server_common::raw::{Raw, tagged_message};
use mail_server_common::{files, split_trace, temp_dir};

const CHILD: &str = "MAIL_SERVER_KILL_DATA";

/// In the child: serve until killed.
fn serve_until_killed(data: &str) -> ! {
    let options = Options::try_parse_from([
        "mail-server",
        "--data",
        data,
        "--domain",
        "example.org",
        "--user",
        "alice:pw",
        "--smtp",
        "127.0.0.1:0",
        "--submission",
        "none",
        "--lmtp",
        "none",
        "--pop3",
        "none",
    ])
    .unwrap();
    let running = start(options.prepare().unwrap().config).unwrap();
    println!("smtp listening on {}", running.addr(Service::Smtp).unwrap());
    loop {
        thread::park();
    }
}

#[test]
fn sigkill_mid_load_loses_no_acknowledged_message() {
    if let Ok(data) = std::env::var(CHILD) {
        serve_until_killed(&data);
    }
    let data = temp_dir("kill");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "sigkill_mid_load_loses_no_acknowledged_message",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, &data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr: SocketAddr = loop {
        let line = lines
            .next()
            .expect("the child ended before listening")
            .unwrap();
        // libtest may have written "test NAME ... " on the same line.
        if let Some((_, addr)) = line.split_once("smtp listening on ") {
            break addr.trim().parse().unwrap();
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..16)
        .map(|c| {
            let stop = Arc::clone(&stop);
            thread::spawn(move || {
                let mut acknowledged = Vec::new();
                let Ok(mut raw) = Raw::connect(addr) else {
                    return acknowledged;
                };
                if raw.command("EHLO kill.example").is_err() {
                    return acknowledged;
                }
                for m in 0.. {
                    if stop.load(Ordering::SeqCst) && m > 1000 {
                        break;
                    }
                    let tag = format!("c{c}m{m}");
                    // Big enough that a kill can land in the middle of a write.
                    match raw.transaction(
                        "k@test.example",
                        "alice@example.org",
                        &tagged_message(&tag, 400),
                    ) {
                        Ok(reply) if reply.starts_with("250 ") => acknowledged.push(tag),
                        Ok(reply) => panic!("unexpected reply {reply}"),
                        Err(_) => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    thread::sleep(Duration::from_millis(700));
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    let acknowledged: Vec<String> = clients
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert!(
        acknowledged.len() > 10,
        "the load did not get going ({} messages)",
        acknowledged.len()
    );

    let maildir_path = data.join("alice/Maildir");
    let mut in_new = std::collections::HashMap::new();
    for path in files(&maildir_path.join("new")) {
        let stored = std::fs::read(&path).unwrap();
        let (_, body) = split_trace(&stored);
        let first = body.split(|&b| b == b'\r').next().unwrap();
        let tag = String::from_utf8_lossy(first)
            .trim_start_matches("Message-ID: <")
            .trim_end_matches("@test.example>")
            .to_owned();
        assert_eq!(
            body,
            tagged_message(&tag, 400),
            "{} is not complete",
            path.display()
        );
        *in_new.entry(tag).or_insert(0) += 1;
    }
    for tag in &acknowledged {
        assert_eq!(
            in_new.get(tag),
            Some(&1),
            "acknowledged {tag} is not in new/ exactly once"
        );
    }
    // Whatever was left in tmp/ is not listed.
    let listed = Maildir::create(&maildir_path).unwrap().list().unwrap();
    assert_eq!(listed.len(), in_new.values().sum::<usize>());
    let tmp: Vec<String> = files(&maildir_path.join("tmp"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(listed.iter().all(|e| !tmp.contains(&e.uid)));
    eprintln!(
        "{} acknowledged, {} in new/, {} left in tmp/",
        acknowledged.len(),
        listed.len(),
        tmp.len()
    );
    let _ = std::fs::remove_dir_all(&data);
}
