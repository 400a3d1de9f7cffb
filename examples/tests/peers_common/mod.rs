//! What the interop tests share: the repository path, free loopback ports, private temp
//! directories, child processes stopped on drop, and the skip rule for missing peers — skip
//! with a message locally, fail under `CI=true` (where `.ci/run` has installed every peer).

#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr
)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command};

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// `true` if the peer is there; under `CI=true` a missing peer fails the test.
pub fn peer(what: &str, ok: bool) -> bool {
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{what} is required under CI=true (scripts/peers/install.sh, install_clients.sh)"
        );
        eprintln!("skipped: {what} not installed (scripts/peers/install.sh, install_clients.sh)");
    }
    ok
}

/// `true` if `python3 -c "import MODULES"` works; under `CI=true` a failure fails the test.
pub fn python_with(modules: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .status()
        .is_ok_and(|s| s.success());
    peer(&format!("python3 with {modules}"), ok)
}

/// Whether `program args` runs and exits with success (e.g. `curl --version`).
pub fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `bytes` as a Python bytes literal (every octet escaped), to embed in a `python3 -c` script.
pub fn python_bytes(bytes: &[u8]) -> String {
    let mut s = String::from("b'");
    for &b in bytes {
        s.push_str(&format!("\\x{b:02x}"));
    }
    s.push('\'');
    s
}

/// A loopback port nobody listens on (at the time of the call).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A fresh, empty directory for this test process.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mail-interop-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Kills the child process when dropped.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
