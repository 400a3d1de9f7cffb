//! `mail-trace --protocol smtp|lmtp|pop3|imap [--roundtrip] [--crlf] FILE...`: decodes
//! recorded sessions and prints how every message parsed (see [`mail_examples::trace`]).
//!
//! FILE `-` is the standard input. The exit status is 0 when no message had an error, 1 when
//! one did or a file could not be read, 2 for a command line that does not fit the usage.

#![allow(clippy::print_stdout, clippy::print_stderr)] // A command-line program prints.

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use mail_examples::trace::cli::{Invocation, USAGE, parse_args};
use mail_examples::trace::trace;

fn main() -> ExitCode {
    let (options, files) = match parse_args(std::env::args().skip(1)) {
        Ok(Invocation::Trace { options, files }) => (options, files),
        Ok(Invocation::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("mail-trace: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut status = ExitCode::SUCCESS;
    for file in &files {
        let bytes = if file == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
        } else {
            std::fs::read(file)
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("mail-trace: {file}: {error}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        let report = trace(&bytes, &options);
        let header = if files.len() > 1 {
            format!("==> {file} <==\n")
        } else {
            String::new()
        };
        if write!(out, "{header}{report}").is_err() {
            return ExitCode::FAILURE;
        }
        if !report.is_ok() {
            status = ExitCode::FAILURE;
        }
    }
    status
}
