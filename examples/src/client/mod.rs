//! The reference mail client: `mail-client send` (SMTP, submission, LMTP) and `mail-client
//! pop3`. Each subcommand is a module.

pub mod pop3;
pub mod send;
pub mod tls;

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A small mail client driving the project's engines.
#[derive(Debug, Parser)]
#[command(name = "mail-client", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Send a message over SMTP, submission or LMTP; one line per recipient
    /// ("ADDR accepted" or "ADDR rejected CODE TEXT"); exit 0 iff all were accepted.
    Send(send::SendArgs),
    /// Read a POP3 maildrop: stat, list, uidl, retr N (the message's exact octets to standard
    /// output), top N LINES, dele N; exit 0 iff the command succeeded.
    Pop3(pop3::Pop3Args),
}

/// TLS options every subcommand takes.
#[derive(Debug, Clone, Args)]
pub struct TlsArgs {
    /// Trust this certificate (PEM), e.g. the server's self-signed one.
    #[arg(long, value_name = "FILE")]
    pub ca: Option<PathBuf>,
    /// Do not check the server's certificate (for self-signed local servers).
    #[arg(long, conflicts_with = "ca")]
    pub insecure: bool,
}

/// Runs `cli`, reading a message from `stdin` when asked, writing results to `out`; returns
/// the process exit status (0 success, 1 some recipient refused or a failure; clap exits with
/// 2 on bad usage before this runs).
/// Errors are one line on `err`.
pub fn run(cli: Cli, stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match cli.command {
        Command::Send(args) => send::send(&args, stdin, out),
        Command::Pop3(args) => pop3::pop3(&args, out),
    };
    match result {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(e) => {
            let _ = writeln!(err, "mail-client: {e}");
            1
        }
    }
}
