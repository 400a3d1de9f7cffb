//! `mail-server [OPTIONS]`: the reference mail server — SMTP (MX), submission and LMTP into
//! Maildirs, POP3 out of them, with STARTTLS/STLS and implicit TLS. `--help` lists every option.

#![allow(clippy::print_stdout, clippy::print_stderr)] // A command-line program prints.

use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use clap::Parser as _;
use mail_examples::server::options::Options;
use tracing_subscriber::filter::LevelFilter;

fn main() -> ExitCode {
    let options = Options::parse();
    let level = std::env::var("MAIL_SERVER_LOG")
        .ok()
        .and_then(|l| l.parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::INFO);
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_ansi(false)
        .init();
    let prepared = match options.prepare() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("mail-server: {e}");
            return ExitCode::from(2);
        }
    };
    for notice in &prepared.notices {
        println!("{notice}");
    }
    let (stop_tx, stop_rx) = mpsc::channel();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    }) {
        eprintln!("mail-server: cannot catch Ctrl-C: {e}");
        return ExitCode::FAILURE;
    }
    let running = match mail_examples::server::start(prepared.config) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("mail-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    for (service, addr) in running.listeners() {
        println!("{service} listening on {addr}");
    }
    let _ = stop_rx.recv();
    println!("shutting down");
    running.shutdown(Duration::from_secs(10));
    ExitCode::SUCCESS
}
