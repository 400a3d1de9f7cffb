//! What the mail-server tests share: a server started from the library (the code the
//! `mail-server` example runs) on loopback port 0, and readers of its Maildirs.

#![allow(
    dead_code,
    unreachable_pub,
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

#[path = "../peers_common/mod.rs"]
mod peers_common;
pub mod raw;

#[allow(unused_imports)] // Each test binary uses some of them.
pub use peers_common::{peer, python_bytes, runs, temp_dir};

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser as _;
use mail_examples::client::Cli;
use mail_examples::server::options::Options;
use mail_examples::server::{Running, Service, start};

/// A running server for `example.org` with users alice:alicepw and bob:bobpw.
pub struct TestServer {
    pub running: Option<Running>,
    pub data: PathBuf,
    pub ca: PathBuf,
    pub args: Vec<String>,
}

impl TestServer {
    pub fn start(name: &str, extra: &[&str]) -> TestServer {
        let data = temp_dir(name);
        let mut args = vec![
            "mail-server".to_owned(),
            "--data".to_owned(),
            data.display().to_string(),
            "--domain".to_owned(),
            "example.org".to_owned(),
            "--user".to_owned(),
            "alice:alicepw".to_owned(),
            "--user".to_owned(),
            "bob:bobpw".to_owned(),
        ];
        for (flag, value) in [
            ("--smtp", "127.0.0.1:0"),
            ("--submission", "127.0.0.1:0"),
            ("--lmtp", "127.0.0.1:0"),
            ("--smtps", "127.0.0.1:0"),
            ("--pop3", "127.0.0.1:0"),
            ("--pop3s", "127.0.0.1:0"),
        ] {
            if !extra.contains(&flag) {
                args.push(flag.to_owned());
                args.push(value.to_owned());
            }
        }
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        let prepared = Options::try_parse_from(&args).unwrap().prepare().unwrap();
        let running = start(prepared.config).unwrap();
        TestServer {
            running: Some(running),
            ca: data.join("tls/cert.pem"),
            data,
            args,
        }
    }

    /// Stops the server and starts it again on the same data directory (new ports, the
    /// same certificate).
    pub fn restart(&mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown(Duration::from_secs(5));
        }
        let prepared = Options::try_parse_from(&self.args)
            .unwrap()
            .prepare()
            .unwrap();
        self.running = Some(start(prepared.config).unwrap());
    }

    pub fn addr(&self, service: Service) -> SocketAddr {
        self.running.as_ref().unwrap().addr(service).unwrap()
    }

    pub fn port(&self, service: Service) -> u16 {
        self.addr(service).port()
    }

    /// The messages in `user`'s `new/`, sorted by name.
    pub fn new_messages(&self, user: &str) -> Vec<Vec<u8>> {
        files(&self.data.join(user).join("Maildir/new"))
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect()
    }

    pub fn tmp_files(&self, user: &str) -> usize {
        files(&self.data.join(user).join("Maildir/tmp")).len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown(Duration::from_secs(5));
        }
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    all.sort();
    all
}

/// Splits a delivered message into its trace fields (`Return-Path`, `Received` with its
/// continuation lines) and the message as it was sent.
pub fn split_trace(stored: &[u8]) -> (String, &[u8]) {
    let mut pos = 0;
    let mut lines = 0;
    while let Some(end) = stored[pos..].windows(2).position(|w| w == b"\r\n") {
        let line = &stored[pos..pos + end];
        let is_trace = if lines == 0 {
            line.starts_with(b"Return-Path: ")
        } else if lines == 1 {
            line.starts_with(b"Received: ")
        } else {
            line.starts_with(b"\t")
        };
        if !is_trace {
            break;
        }
        lines += 1;
        pos += end + 2;
    }
    assert!(
        lines >= 2,
        "no trace fields in {:?}",
        String::from_utf8_lossy(stored)
    );
    (
        String::from_utf8(stored[..pos].to_vec()).unwrap(),
        &stored[pos..],
    )
}

/// Runs `mail-client` (the library code the example runs) with `args`; returns its stdout,
/// stderr and exit status.
pub fn mail_client(args: &[&str], stdin: &[u8]) -> (String, String, u8) {
    let mut all = vec!["mail-client"];
    all.extend_from_slice(args);
    let cli = Cli::try_parse_from(all).unwrap();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = mail_examples::client::run(cli, &mut &stdin[..], &mut out, &mut err);
    (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
        status,
    )
}
