//! SMTP command lines: parsing never panics, and every command that parses is written back
//! (`encode`) to a line that parses to the same command, with no control character but the
//! final CRLF.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_proto::command::{Command, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, line)) = data.split_first() else {
        return;
    };
    let options = ParseOptions::new()
        .with_smtputf8(flags & 1 != 0)
        .with_lmtp(flags & 2 != 0)
        .with_space_after_colon(flags & 4 != 0);
    let options = if flags & 8 != 0 {
        ParseOptions::lenient().with_lmtp(flags & 2 != 0)
    } else {
        options
    };
    let Ok(command) = Command::parse(line, &options) else {
        return;
    };
    let mut wire = Vec::new();
    if command.encode_with_limit(&mut wire, usize::MAX).is_err() {
        return;
    }
    let body = wire
        .strip_suffix(b"\r\n")
        .expect("encoded commands end with CRLF");
    assert!(
        !body.iter().any(|&b| b < 0x20 || b == 0x7f),
        "control character in {wire:?}"
    );
    // Read back with the same options: a leniency (an underscore in a name) stays in the value.
    let again = Command::parse(body, &options).expect("an encoded command parses");
    assert_eq!(again, command);
});
