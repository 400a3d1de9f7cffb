//! IMAP commands: the command parser (and the AUTHENTICATE and IDLE continuation lines)
//! survive arbitrary bytes; every command that parses is written back (under encoding options
//! taken from the input) to bytes with no CR, LF or NUL outside literals but the final CRLF,
//! which parse to the same command.
#![no_main]

use imap_proto::command::{AuthenticateResponse, Command, Done};
use imap_proto::encode::{Encode, EncodeOptions, EncodedFragment, NonSyncLiterals, Writer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let options = EncodeOptions {
        non_sync_literals: match selector >> 6 {
            0 => NonSyncLiterals::Never,
            1 => NonSyncLiterals::Always,
            _ => NonSyncLiterals::UpTo4096,
        },
        utf8: selector & 0x20 != 0,
        max_quoted: usize::from(selector & 0x1f) * 4,
    };
    if let Ok((line, _)) = AuthenticateResponse::parse(input) {
        let wire = line.to_wire();
        assert_eq!(AuthenticateResponse::parse(&wire).unwrap().0, line);
    }
    let _ = Done::parse(input);
    let Ok((command, _)) = Command::parse(input) else {
        return;
    };
    let mut w = Writer::new(options);
    w.value(&command);
    let fragments: Vec<_> = w.fragments().collect();
    for (i, f) in fragments.iter().enumerate() {
        if let EncodedFragment::Line { bytes, .. } = f {
            let body = bytes.strip_suffix(b"\r\n").unwrap_or(bytes);
            assert!(
                !body.iter().any(|&b| matches!(b, 0 | b'\r' | b'\n')),
                "CR, LF or NUL outside a literal: {bytes:?}"
            );
            assert!(i + 1 < fragments.len() || bytes.ends_with(b"\r\n"));
        }
    }
    let wire = w.into_bytes();
    let (again, rest) = Command::parse(&wire).expect("written command parses");
    assert!(rest.is_empty());
    assert_eq!(again, command);
});
