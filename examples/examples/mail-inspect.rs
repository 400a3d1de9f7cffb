//! `mail-inspect FILE...`: prints one JSON object per message, one per line — the decoded
//! subject, addresses, date and message id, every leaf MIME part and every defect.
//!
//! The exit status is 0 for any message however malformed; it is 1 only when a file cannot be
//! read (the others are still printed).

#![allow(clippy::print_stderr)] // A command-line program reports errors on stderr.

use std::io::Write as _;
use std::process::ExitCode;

use mail_examples::inspect::inspect;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() || files.iter().any(|f| f == "-h" || f == "--help") {
        eprintln!(
            "usage: mail-inspect FILE...\n\nPrints one JSON line per message file (RFC 5322 / MIME)."
        );
        return if files.is_empty() {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut status = ExitCode::SUCCESS;
    for file in &files {
        match std::fs::read(file) {
            Ok(bytes) => {
                if writeln!(out, "{}", inspect(file, &bytes)).is_err() {
                    return ExitCode::FAILURE;
                }
            }
            Err(error) => {
                eprintln!("mail-inspect: {file}: {error}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
