//! IMAP responses: the response and greeting parsers survive arbitrary bytes under both quirk
//! settings (the first byte chooses); every response that parses is written back to bytes
//! with no CR, LF or NUL outside literals but the final CRLF, which parse strictly to the
//! same response.
#![no_main]

use imap_proto::encode::{Encode, EncodedFragment, Writer};
use imap_proto::response::{Greeting, Quirks, Response};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let quirks = if selector & 1 == 0 {
        Quirks::default()
    } else {
        Quirks::STRICT
    };
    if let Ok((greeting, _)) = Greeting::parse_with(input, quirks) {
        let wire = greeting.to_wire();
        assert_eq!(
            Greeting::parse_with(&wire, Quirks::STRICT).unwrap().0,
            greeting
        );
    }
    let mut rest = input;
    // A stream of responses, as a client reads them.
    for _ in 0..8 {
        let Ok((response, more)) = Response::parse_with(rest, quirks) else {
            return;
        };
        let mut w = Writer::default();
        w.value(&response);
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
        let (again, tail) =
            Response::parse_with(&wire, Quirks::STRICT).expect("written response parses");
        assert!(tail.is_empty());
        assert_eq!(again, response);
        assert_eq!(again.into_owned(), response);
        rest = more;
    }
});
