//! The envelope parsers (RFC 5321 paths and ESMTP parameters) on arbitrary bytes: never panic,
//! and whatever parses is written back (`Display`) so that it parses to the same value, with
//! no control character on the wire.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mail_message::envelope::{
    EnvelopeOptions, ForwardPath, Recipient, ReversePath, decode_xtext, encode_xtext,
    parse_parameters,
};

fn no_controls(s: &str) {
    assert!(
        !s.bytes().any(|b| b < 0x20 || b == 0x7f),
        "control character in {s:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, input)) = data.split_first() else {
        return;
    };
    let opts = EnvelopeOptions::new()
        .with_smtputf8(flags & 1 != 0)
        .with_lax_dot_string(flags & 2 != 0)
        .with_lax_brackets(flags & 4 != 0)
        .with_lax_spaces(flags & 8 != 0)
        .with_lax_underscore(flags & 16 != 0);
    // The canonical form is read back with the same options (an underscore accepted in a
    // domain stays in it).
    let again = opts;

    if let Ok((path, rest)) = ReversePath::parse_prefix(input, opts) {
        assert!(rest.len() <= input.len());
        let wire = path.to_string();
        no_controls(&wire);
        assert_eq!(
            ReversePath::parse(wire.as_bytes(), again).as_ref(),
            Ok(&path)
        );
    }
    if let Ok((path, _)) = ForwardPath::parse_prefix(input, opts) {
        let wire = path.to_string();
        no_controls(&wire);
        assert_eq!(
            ForwardPath::parse(wire.as_bytes(), again).as_ref(),
            Ok(&path)
        );
    }
    if let Ok(rcpt) = Recipient::parse(input, opts) {
        let wire = rcpt.to_string();
        no_controls(&wire);
        assert_eq!(Recipient::parse(wire.as_bytes(), again).as_ref(), Ok(&rcpt));
    }
    if let Ok(params) = parse_parameters(input, opts) {
        let wire = params.to_string();
        no_controls(&wire);
    }
    if let Ok(decoded) = decode_xtext(input) {
        assert_eq!(
            decode_xtext(encode_xtext(&decoded).as_bytes()).as_deref(),
            Ok(&decoded[..])
        );
    }
    let encoded = encode_xtext(input);
    assert_eq!(decode_xtext(encoded.as_bytes()).as_deref(), Ok(input));
});
