//! POP3 command lines: parsing never panics, and every command that parses is written back
//! (`encode`) to a line with no CR, LF or NUL but the final CRLF, which parses to the same
//! command.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pop3_proto::command::Command;

fuzz_target!(|line: &[u8]| {
    let Ok(command) = Command::parse(line) else {
        return;
    };
    // A parsed line may be longer than the encoder's limit (the parser is not the framer).
    let Ok(wire) = command.to_bytes() else {
        return;
    };
    let body = wire
        .strip_suffix(b"\r\n")
        .expect("encoded commands end with CRLF");
    assert!(
        !body.iter().any(|&b| matches!(b, b'\r' | b'\n' | 0)),
        "line break or NUL in {wire:?}"
    );
    let again = Command::parse(body).expect("an encoded command parses");
    assert_eq!(again, command);
});
