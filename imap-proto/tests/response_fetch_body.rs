//! BODYSTRUCTURE of real-world shapes, and each server deviation: accepted by default,
//! refused with `Quirks::STRICT`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use imap_proto::encode::EncodeOptions;
use imap_proto::response::Quirks;
use imap_proto::response::fetch::{
    BodyExtension, BodyKind, BodyStructure, Language, MAX_BODY_DEPTH, MessageAttribute,
    MessageSubtype, encode_msg_atts, parse_msg_atts,
};
use imap_proto::types::Flag;
use imap_proto::{ParseError, Rule};

fn body_of(items: &[MessageAttribute<'_>]) -> BodyStructure<'static> {
    match &items[0] {
        MessageAttribute::BodyStructure(b) | MessageAttribute::Body(b) => {
            (**b).clone().into_owned()
        }
        other => panic!("{other:?}"),
    }
}

/// Strict parse, exact re-encoding, equal re-parse.
fn strict_round_trip(wire: &str) -> BodyStructure<'static> {
    let (items, rest) = parse_msg_atts(wire.as_bytes(), Quirks::STRICT).unwrap();
    assert!(rest.is_empty());
    let written = encode_msg_atts(&items, EncodeOptions::default());
    assert_eq!(String::from_utf8_lossy(&written), wire);
    assert_eq!(parse_msg_atts(&written, Quirks::STRICT).unwrap().0, items);
    body_of(&items)
}

/// Accepted by default, refused strictly; the lenient value re-encodes to strict bytes.
fn quirk_only(wire: impl AsRef<[u8]>) -> Vec<MessageAttribute<'static>> {
    let wire = wire.as_ref();
    assert!(
        parse_msg_atts(wire, Quirks::STRICT).is_err(),
        "strict accepted {wire:?}"
    );
    let (items, rest) = parse_msg_atts(wire, Quirks::default()).unwrap();
    assert!(rest.is_empty());
    let written = encode_msg_atts(&items, EncodeOptions::default());
    let (again, _) = parse_msg_atts(&written, Quirks::STRICT).unwrap();
    assert_eq!(again, items);
    items
        .into_iter()
        .map(MessageAttribute::into_owned)
        .collect()
}

#[test]
fn multipart_mixed_with_nested_message() {
    let wire = concat!(
        r#"(BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "QUOTED-PRINTABLE" 1234 40 NIL NIL NIL NIL)"#,
        r#"("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 5678 ("Mon, 1 Jan 2024 00:00:00 +0000" "Fwd" "#,
        r#"(("A" NIL "a" "example.com")) NIL NIL NIL NIL NIL NIL "<x@y>") "#,
        r#"(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 10 1)("APPLICATION" "PDF" ("NAME" "a.pdf") NIL NIL "BASE64" 400) "MIXED") 120 NIL ("ATTACHMENT" ("FILENAME" "fwd.eml")) NIL NIL)"#,
        r#" "MIXED" ("BOUNDARY" "b1") NIL ("EN" "DE") "http://x/" 7 ("x" (1 NIL))))"#,
    );
    let body = strict_round_trip(wire);
    let BodyStructure::Multi {
        parts, extension, ..
    } = &body
    else {
        panic!()
    };
    assert_eq!(parts.len(), 2);
    let BodyStructure::Single {
        part,
        extension: e1,
    } = &parts[1]
    else {
        panic!()
    };
    let BodyKind::Message {
        subtype,
        envelope,
        body: inner,
        lines,
    } = &part.kind
    else {
        panic!()
    };
    assert_eq!(*subtype, MessageSubtype::Rfc822);
    assert_eq!(*lines, 120);
    assert_eq!(envelope.from.len(), 1);
    assert!(matches!(**inner, BodyStructure::Multi { ref parts, .. } if parts.len() == 2));
    let disposition = e1
        .as_ref()
        .unwrap()
        .rest
        .as_ref()
        .unwrap()
        .disposition
        .as_ref();
    assert_eq!(disposition.unwrap().kind.as_bytes(), b"ATTACHMENT");
    let rest = extension.as_ref().unwrap().rest.as_ref().unwrap();
    assert!(matches!(&rest.language, Some(Language::List(l)) if l.len() == 2));
    assert_eq!(rest.extensions.len(), 2);
    assert_eq!(rest.extensions[0], BodyExtension::Number(7));
}

#[test]
fn gmail_style_lowercase_and_message_global() {
    // Gmail and Dovecot write types in lower case; the writer uses the RFC's case for TEXT.
    let wire = br#"(BODYSTRUCTURE ("text" "html" ("charset" "UTF-8") NIL NIL "base64" 2048 27 NIL NIL NIL NIL))"#;
    let (items, _) = parse_msg_atts(wire, Quirks::STRICT).unwrap();
    let written = encode_msg_atts(&items, EncodeOptions::default());
    assert!(written.starts_with(br#"(BODYSTRUCTURE ("TEXT" "html""#));
    assert_eq!(parse_msg_atts(&written, Quirks::STRICT).unwrap().0, items);
    let body = strict_round_trip(
        r#"(BODY ("MESSAGE" "GLOBAL" NIL NIL NIL "8BIT" 10 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("TEXT" "PLAIN" NIL NIL NIL "8BIT" 3 1) 2))"#,
    );
    assert!(matches!(
        body,
        BodyStructure::Single { ref part, .. }
            if matches!(part.kind, BodyKind::Message { subtype: MessageSubtype::Global, .. })
    ));
}

#[test]
fn quirk_nil_body_fields() {
    // Exchange: NIL encoding, a NIL parameter value, `()` for no parameters.
    let items = quirk_only(
        r#"(BODYSTRUCTURE ("application" "octet-stream" ("name" NIL) NIL NIL NIL 1234 NIL ("attachment" ()) NIL NIL))"#,
    );
    let body = body_of(&items);
    let BodyStructure::Single { part, .. } = &body else {
        panic!()
    };
    assert_eq!(part.fields.encoding.as_bytes(), b"");
    assert_eq!(part.fields.params[0].value.as_bytes(), b"");
    quirk_only(r#"(BODY ("TEXT" "PLAIN" () NIL NIL "7BIT" 1 1))"#);
}

#[test]
fn quirk_string_disposition() {
    let items = quirk_only(
        r#"(BODYSTRUCTURE ("TEXT" "HTML" NIL NIL NIL "7BIT" 12 1 NIL "inline" NIL NIL))"#,
    );
    let BodyStructure::Single { extension, .. } = body_of(&items) else {
        panic!()
    };
    let rest = extension.unwrap().rest.unwrap();
    assert_eq!(rest.disposition.unwrap().kind.as_bytes(), b"inline");
}

#[test]
fn quirk_extra_spaces() {
    let items = quirk_only("(UID 5  FLAGS (\\Seen ) )");
    assert_eq!(items[1], MessageAttribute::Flags(vec![Flag::Seen]));
    quirk_only(
        r#"(BODY (("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1) ("TEXT" "HTML" NIL NIL NIL "7BIT" 1 1)  "ALTERNATIVE" ))"#,
    );
    quirk_only(
        r#"(ENVELOPE (NIL NIL ((NIL NIL "a" "b") (NIL NIL "c" "d")) NIL NIL NIL NIL NIL NIL NIL))"#,
    );
}

#[test]
fn quirk_eight_bit_quoted() {
    let items = quirk_only(b"(ENVELOPE (NIL \"Gr\xfc\xdfe\" NIL NIL NIL NIL NIL NIL NIL NIL))");
    let MessageAttribute::Envelope(e) = &items[0] else {
        panic!()
    };
    assert_eq!(e.subject.0.as_ref().unwrap().as_bytes(), b"Gr\xfc\xdfe");
    // UTF-8 is valid quoted text either way (RFC 9051 QUOTED-CHAR).
    let utf8 = "(ENVELOPE (NIL \"Grüße\" NIL NIL NIL NIL NIL NIL NIL NIL))";
    assert!(parse_msg_atts(utf8.as_bytes(), Quirks::STRICT).is_ok());
}

#[test]
fn quirk_odd_and_wildcard_flags() {
    let items = quirk_only("(FLAGS (\\Seen \\* $Label]1 foo%))");
    assert_eq!(items[0], MessageAttribute::Flags(vec![Flag::Seen]));
}

#[test]
fn depth_is_bounded() {
    let nest = |n: usize| {
        let mut s = String::from("(BODY ");
        for _ in 0..n {
            s.push('(');
        }
        s.push_str(r#""TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1"#);
        for _ in 1..n {
            s.push_str(r#") "MIXED""#);
        }
        s.push_str("))");
        s
    };
    assert!(parse_msg_atts(nest(MAX_BODY_DEPTH).as_bytes(), Quirks::STRICT).is_ok());
    let deep = nest(MAX_BODY_DEPTH + 1);
    assert!(matches!(
        parse_msg_atts(deep.as_bytes(), Quirks::STRICT),
        Err(ParseError::Invalid {
            rule: Rule::BodyDepth,
            ..
        })
    ));
    // A deep body-extension list is refused the same way, and a huge one never overflows.
    let ext = format!(
        r#"(BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL NIL NIL NIL {}1{}))"#,
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    assert!(matches!(
        parse_msg_atts(ext.as_bytes(), Quirks::LENIENT),
        Err(ParseError::Invalid {
            rule: Rule::BodyDepth,
            ..
        })
    ));
}
