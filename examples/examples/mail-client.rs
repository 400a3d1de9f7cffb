//! `mail-client send ...` / `mail-client pop3 ...`: the reference mail client. `--help` lists the subcommands and
//! their options.

use std::process::ExitCode;

use clap::Parser as _;
use mail_examples::client::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = run(
        cli,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(status)
}
