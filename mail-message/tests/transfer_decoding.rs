//! Body decoding: the base64 (RFC 2045 §6.8, RFC 4648) and quoted-printable (RFC 2045 §6.7)
//! transfer encodings, and charsets (RFC 2046 §4.1.2), with exact outputs and defects.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use base64::Engine as _;
use mail_message::decode::{base64 as b64, charset, quoted_printable as qp};
use mail_message::{Defect, DefectKind};
use proptest::prelude::*;

fn base64(input: &[u8]) -> (Vec<u8>, Vec<(DefectKind, usize)>) {
    let mut d = Vec::new();
    let out = b64::decode(input, &mut d);
    (out, d.into_iter().map(|d| (d.kind, d.offset)).collect())
}

fn qp(input: &[u8]) -> (Cow<'_, [u8]>, Vec<(DefectKind, usize)>) {
    let mut d = Vec::new();
    let out = qp::decode(input, &mut d);
    (out, d.into_iter().map(|d| (d.kind, d.offset)).collect())
}

fn cs(label: &str, bytes: &[u8]) -> String {
    let mut d = Vec::new();
    let out = charset::decode(label, bytes, &mut d).into_owned();
    assert_eq!(d, vec![], "{label}");
    out
}

const B64: DefectKind = DefectKind::InvalidBase64;
const QP: DefectKind = DefectKind::InvalidQuotedPrintable;

// --- base64 ---------------------------------------------------------------------------------

#[test]
fn rfc4648_test_vectors() {
    // RFC 4648 §10.
    for (plain, encoded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(
            base64(encoded.as_bytes()),
            (plain.as_bytes().to_vec(), vec![])
        );
    }
}

#[test]
fn base64_ignores_line_breaks_and_white_space() {
    // RFC 2045 §6.8: "All line breaks or other characters not found in Table 1 must be ignored".
    assert_eq!(base64(b"Zm9v\r\nYmFy\r\n"), (b"foobar".to_vec(), vec![]));
    assert_eq!(base64(b" Zm 9v\tYm\nFy "), (b"foobar".to_vec(), vec![]));
    assert_eq!(base64(b"Zm9vYg=\r\n=\r\n"), (b"foob".to_vec(), vec![]));
}

#[test]
fn base64_garbage_is_skipped_and_reported() {
    // One defect per run of characters outside the alphabet.
    assert_eq!(base64(b"Zm9v*YmFy"), (b"foobar".to_vec(), vec![(B64, 4)]));
    assert_eq!(
        base64(b"Zm9v-_.\x80YmFy!"),
        (b"foobar".to_vec(), vec![(B64, 4), (B64, 12)])
    );
    // White space between garbage does not end the run.
    assert_eq!(base64(b"Zm9v- -YmFy"), (b"foobar".to_vec(), vec![(B64, 4)]));
}

#[test]
fn base64_padding() {
    // Missing padding: decoded, reported at the end.
    assert_eq!(base64(b"Zm9vYg"), (b"foob".to_vec(), vec![(B64, 6)]));
    assert_eq!(base64(b"Zm9vYmE\r\n"), (b"fooba".to_vec(), vec![(B64, 9)]));
    // One pad where two are due.
    assert_eq!(base64(b"Zm9vYg="), (b"foob".to_vec(), vec![(B64, 7)]));
    // Extra padding.
    assert_eq!(base64(b"Zm9vYmE=="), (b"fooba".to_vec(), vec![(B64, 8)]));
    // Padding where no group is open.
    assert_eq!(base64(b"Zm9v="), (b"foo".to_vec(), vec![(B64, 4)]));
    // A truncated final group: one character cannot make an octet.
    assert_eq!(base64(b"Zm9vY"), (b"foo".to_vec(), vec![(B64, 5)]));
    assert_eq!(base64(b"Zm9vY="), (b"foo".to_vec(), vec![(B64, 5)]));
}

#[test]
fn base64_data_after_padding_is_reported_and_kept() {
    // RFC 2045 §6.8 says "=" *may* be taken as the end of the data; a sender that encodes and
    // pads line by line still means every line, so the rest is decoded, with a defect.
    assert_eq!(
        base64(b"Zg==\r\nZm8=\r\n"),
        (b"ffo".to_vec(), vec![(B64, 6)])
    );
    assert_eq!(base64(b"Zg==\r\n\r\n"), (b"f".to_vec(), vec![]));
}

// --- quoted-printable -------------------------------------------------------------------------

#[test]
fn rfc2045_soft_line_break_example() {
    // RFC 2045 §6.7 rule 5.
    let encoded = b"Now's the time =\r\nfor all folk to come=\r\n to the aid of their country.";
    assert_eq!(
        qp(encoded),
        (
            Cow::Owned(
                b"Now's the time for all folk to come to the aid of their country.".to_vec()
            ),
            vec![]
        )
    );
}

#[test]
fn qp_rules() {
    // Rule 1: =XX, including "=0C" and "=3D" from the RFC; lowercase accepted (note (1)).
    assert_eq!(&*qp(b"=0C=3D=3d=e9").0, b"\x0c==\xe9");
    // Rule 3: trailing white space is transport padding and goes; encoded white space stays.
    assert_eq!(
        qp(b"a \t\r\nb=20\r\nc=09 \t"),
        (Cow::Owned(b"a\r\nb \r\nc\t".to_vec()), vec![])
    );
    // Rule 3: white space before a soft break is data; padding after the "=" is not.
    assert_eq!(qp(b"a =  \r\nb"), (Cow::Owned(b"a b".to_vec()), vec![]));
    // Rule 4: line breaks are kept as written, CRLF or bare LF.
    assert_eq!(
        qp(b"a=\nb\nc\r\nd"),
        (Cow::Owned(b"ab\nc\r\nd".to_vec()), vec![])
    );
    // "=0D=0A" is data, not a line break.
    assert_eq!(&*qp(b"=0D=0A").0, b"\r\n");
    // An "=" at the very end is a soft break (no final line break).
    assert_eq!(qp(b"end="), (Cow::Owned(b"end".to_vec()), vec![]));
}

#[test]
fn qp_illegal_sequences() {
    // Note (2): "=" followed by a non-hex character is kept with what follows.
    assert_eq!(
        qp(b"1+1=2 =G0 x=\rz"),
        (
            Cow::Borrowed(&b"1+1=2 =G0 x=\rz"[..]),
            vec![(QP, 3), (QP, 6), (QP, 11)]
        )
    );
    // Note (3): "=" as the penultimate character.
    assert_eq!(qp(b"ab=4"), (Cow::Borrowed(&b"ab=4"[..]), vec![(QP, 2)]));
    // Note (4): control and 8-bit characters are kept.
    assert_eq!(qp(b"\x01\xff"), (Cow::Borrowed(&b"\x01\xff"[..]), vec![]));
    // A bad escape among good ones.
    assert_eq!(
        qp(b"=41=4=42"),
        (Cow::Owned(b"A=4B".to_vec()), vec![(QP, 3)])
    );
}

#[test]
fn qp_borrows_when_unchanged() {
    for s in [&b""[..], b"abc", b"a b\r\nc\td\n", b"\r\n\r\n"] {
        assert!(matches!(qp(s).0, Cow::Borrowed(b) if b == s));
    }
    assert!(matches!(qp(b"a \r\n").0, Cow::Owned(_)));
    assert!(matches!(qp(b"a ").0, Cow::Owned(_)));
}

// --- charsets ---------------------------------------------------------------------------------

#[test]
fn charsets_with_known_octets() {
    assert_eq!(cs("UTF-8", "Grüße, 世界 😀".as_bytes()), "Grüße, 世界 😀");
    assert_eq!(cs("us-ascii", b"plain"), "plain");
    assert_eq!(cs("ISO-8859-1", b"caf\xe9"), "café");
    assert_eq!(cs("iso-8859-2", b"\xa3\xf3d\xbc"), "Łódź");
    assert_eq!(cs("ISO-8859-15", b"\xa4 \xbd \xa6"), "€ œ Š");
    assert_eq!(cs("windows-1251", b"\xcf\xf0\xe8\xe2\xe5\xf2"), "Привет");
    assert_eq!(
        cs("windows-1252", b"\x93quoted\x94 \x96 \x80"),
        "\u{201c}quoted\u{201d} \u{2013} \u{20ac}"
    );
    assert_eq!(cs("KOI8-R", b"\xf0\xd2\xc9\xd7\xc5\xd4"), "Привет");
    assert_eq!(cs("Shift_JIS", b"\x93\xfa\x96\x7b\x8c\xea"), "日本語");
    assert_eq!(cs("ISO-2022-JP", b"\x1b$BF|K\\8l\x1b(B"), "日本語");
    assert_eq!(cs("EUC-JP", b"\xc6\xfc\xcb\xdc"), "日本");
    assert_eq!(cs("GB2312", b"\xd6\xd0\xce\xc4"), "中文");
    assert_eq!(cs("GBK", b"\xd6\xd0\xce\xc4\x81\x40"), "中文丂");
    assert_eq!(cs("Big5", b"\xa4\xa4\xa4\xe5"), "中文");
    assert_eq!(cs("EUC-KR", b"\xc7\xd1\xb1\xb9\xbe\xee"), "한국어");
    assert_eq!(cs("ks_c_5601-1987", b"\xc7\xd1\xb1\xb9\xbe\xee"), "한국어");
    // UTF-16: big-endian without a byte order mark (RFC 2781 §4.3), else as the mark says.
    assert_eq!(cs("UTF-16", b"\x00h\x00\xe9"), "hé");
    assert_eq!(cs("utf-16", b"\xfe\xff\x00h\x00\xe9"), "hé");
    assert_eq!(cs("utf-16", b"\xff\xfeh\x00\xe9\x00"), "hé");
    assert_eq!(cs("UTF-16LE", b"h\x00\xe9\x00"), "hé");
    assert_eq!(cs("UTF-16BE", b"\x00h\x00\xe9"), "hé");
}

#[test]
fn charsets_with_the_encoder() {
    // Octets built with encoding_rs's encoder for the charsets whose tables are long.
    let text = "Grüße 中文 𠀀 €";
    for label in ["gb18030", "utf-8"] {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        let (bytes, _, unmappable) = enc.encode(text);
        assert!(!unmappable);
        assert_eq!(cs(label, &bytes), text);
    }
}

#[test]
fn charset_borrowing_and_defects() {
    let mut d = Vec::new();
    assert!(matches!(
        charset::decode("utf-8", b"abc", &mut d),
        Cow::Borrowed("abc")
    ));
    assert!(matches!(
        charset::decode("US-ASCII", b"abc", &mut d),
        Cow::Borrowed("abc")
    ));
    assert!(matches!(
        charset::decode("latin1", b"abc", &mut d),
        Cow::Borrowed("abc")
    ));
    assert!(d.is_empty());
    assert_eq!(charset::decode("euc-kr", b"ab\xc7", &mut d), "ab\u{FFFD}");
    assert_eq!(
        charset::decode("x-no-such", b"a\xc3\xa9", &mut d),
        "a\u{e9}"
    );
    assert_eq!(
        d,
        vec![
            Defect::new(DefectKind::MalformedCharsetData, 2),
            Defect::new(DefectKind::UnknownCharset, 0)
        ]
    );
    assert!(charset::is_known("utf8") && charset::is_known("CP1252"));
    assert!(!charset::is_known("x-no-such"));
    assert_eq!(charset::canonical_name("latin1"), Some("windows-1252"));
}

#[test]
fn charset_labels() {
    assert_eq!(charset::canonical_name("us-ascii"), Some("US-ASCII"));
    assert_eq!(charset::canonical_name(" \"UTF8\" "), Some("UTF-8"));
    assert_eq!(charset::canonical_name("utf_8"), Some("UTF-8"));
    assert_eq!(charset::canonical_name("ISO-8859-1"), Some("windows-1252"));
    assert_eq!(charset::canonical_name("ISO_8859_15"), Some("ISO-8859-15"));
    assert_eq!(charset::canonical_name("iso8859_2"), Some("ISO-8859-2"));
    assert_eq!(charset::canonical_name("latin9"), Some("ISO-8859-15"));
    assert_eq!(charset::canonical_name("win-1251"), Some("windows-1251"));
    assert_eq!(charset::canonical_name("CP1252"), Some("windows-1252"));
    assert_eq!(charset::canonical_name("ks_c_5601-1987"), Some("EUC-KR"));
    assert_eq!(charset::canonical_name("cp949"), Some("EUC-KR"));
    assert_eq!(charset::canonical_name("cp932"), Some("Shift_JIS"));
    assert_eq!(charset::canonical_name("euc-cn"), Some("GBK"));
    assert_eq!(charset::canonical_name("gb2312"), Some("GBK"));
    assert_eq!(
        charset::canonical_name("iso-2022-jp-2"),
        Some("ISO-2022-JP")
    );
    assert_eq!(charset::canonical_name("utf-16"), Some("UTF-16"));
    assert_eq!(charset::canonical_name("iso-2022-kr"), Some("ISO-2022-KR"));
    assert_eq!(
        charset::canonical_name("unknown-8bit"),
        Some("unknown-8bit")
    );
    assert_eq!(charset::canonical_name("iso-2022-cn"), None);
    assert_eq!(charset::canonical_name("x-klingon"), None);
    assert_eq!(charset::canonical_name(""), None);
}

#[test]
fn charset_borrowing() {
    let mut d = Vec::new();
    assert!(matches!(
        charset::decode("utf-8", "é".as_bytes(), &mut d),
        Cow::Borrowed("é")
    ));
    assert!(matches!(
        charset::decode("us-ascii", b"abc", &mut d),
        Cow::Borrowed("abc")
    ));
    assert!(matches!(
        charset::decode("iso-8859-2", b"abc", &mut d),
        Cow::Borrowed("abc")
    ));
    assert!(matches!(
        charset::decode("utf-8", b"\xEF\xBB\xBFabc", &mut d),
        Cow::Borrowed("abc")
    ));
    assert!(d.is_empty());
}

#[test]
fn charset_defects() {
    let mut d = Vec::new();
    assert_eq!(charset::decode("utf-8", b"ab\xffc", &mut d), "ab\u{FFFD}c");
    assert_eq!(d, vec![Defect::new(DefectKind::MalformedCharsetData, 2)]);
    d.clear();
    assert_eq!(
        charset::decode("x-klingon", b"a\xffb", &mut d),
        "a\u{FFFD}b"
    );
    assert_eq!(d, vec![Defect::new(DefectKind::UnknownCharset, 0)]);
    d.clear();
    assert_eq!(charset::decode("us-ascii", "zé".as_bytes(), &mut d), "zé");
    assert_eq!(charset::decode("us-ascii", b"z\xe9", &mut d), "zé");
    assert_eq!(
        d,
        vec![
            Defect::new(DefectKind::MalformedCharsetData, 1),
            Defect::new(DefectKind::MalformedCharsetData, 1)
        ]
    );
    d.clear();
    assert_eq!(
        charset::decode("shift_jis", b"ab\x82", &mut d),
        "ab\u{FFFD}"
    );
    assert_eq!(d, vec![Defect::new(DefectKind::MalformedCharsetData, 2)]);
    d.clear();
    assert_eq!(charset::decode("unknown-8bit", b"caf\xe9", &mut d), "café");
    assert!(d.is_empty());
}

// --- properties ---------------------------------------------------------------------------------

/// A test-only quoted-printable encoder (RFC 2045 §6.7) for binary data: every octet that is
/// not a safe printable character is `=XX`, lines are at most 76 characters with soft breaks.
fn qp_encode(data: &[u8], crlf: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut line = 0;
    for (i, &b) in data.iter().enumerate() {
        let last = i + 1 == data.len();
        let literal = (b'!'..=b'~').contains(&b) && b != b'=' || (b == b' ' && !last);
        let piece = if literal {
            vec![b]
        } else {
            format!("={b:02X}").into_bytes()
        };
        if line + piece.len() > 75 {
            out.extend_from_slice(if crlf { b"=\r\n" } else { b"=\n" });
            line = 0;
        }
        line += piece.len();
        out.extend_from_slice(&piece);
    }
    out
}

proptest! {
    #[test]
    fn base64_round_trip(data in proptest::collection::vec(any::<u8>(), 0..600), width in 1usize..100) {
        let encoded = base64::engine::general_purpose::STANDARD.encode(&data);
        let mut wrapped = Vec::new();
        for line in encoded.as_bytes().chunks(width * 4) {
            wrapped.extend_from_slice(line);
            wrapped.extend_from_slice(b"\r\n");
        }
        let mut d = Vec::new();
        prop_assert_eq!(b64::decode(&wrapped, &mut d), data);
        prop_assert_eq!(d, vec![]);
    }

    #[test]
    fn base64_round_trip_odd_wrapping(data in proptest::collection::vec(any::<u8>(), 0..300), width in 1usize..80) {
        let encoded = base64::engine::general_purpose::STANDARD.encode(&data);
        let wrapped: Vec<u8> = encoded.as_bytes().chunks(width).collect::<Vec<_>>().join(&b"\n"[..]);
        let mut d = Vec::new();
        prop_assert_eq!(b64::decode(&wrapped, &mut d), data);
        prop_assert_eq!(d, vec![]);
    }

    #[test]
    fn qp_round_trip(data in proptest::collection::vec(any::<u8>(), 0..600), crlf in any::<bool>()) {
        let encoded = qp_encode(&data, crlf);
        let mut d = Vec::new();
        prop_assert_eq!(&*qp::decode(&encoded, &mut d), &data[..]);
        prop_assert_eq!(d, vec![]);
    }

    #[test]
    fn qp_text_lines_round_trip(lines in proptest::collection::vec("[ -<>-~]{0,70}[!-<>-~]", 0..8)) {
        // Printable text without "=" and without trailing white space is its own encoding,
        // hard line breaks included: decoding borrows.
        let text = lines.join("\r\n");
        let mut d = Vec::new();
        let out = qp::decode(text.as_bytes(), &mut d);
        prop_assert!(matches!(out, Cow::Borrowed(_)));
        prop_assert_eq!(&*out, text.as_bytes());
    }

    #[test]
    fn decoders_never_panic(input in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut d = Vec::new();
        let _ = b64::decode(&input, &mut d);
        let out = qp::decode(&input, &mut d);
        prop_assert!(out.len() <= input.len());
        for label in ["utf-8", "us-ascii", "utf-16", "utf-32", "utf-7", "iso-2022-kr",
                      "hz-gb-2312", "shift_jis", "iso-2022-jp", "gb18030", "x-unknown", "nope"] {
            let _ = charset::decode(label, &input, &mut d);
        }
        for defect in &d {
            prop_assert!(defect.offset <= input.len());
        }
    }

    #[test]
    fn legacy_charsets_round_trip(s in "[a-z ]{0,10}[\u{4e00}-\u{4e2f}\u{ac00}-\u{ac2f}]{0,10}") {
        // Characters of the CJK and Hangul blocks through their encoders, checked against the
        // same text.
        for label in ["gb18030", "big5", "euc-kr", "shift_jis", "euc-jp", "iso-2022-jp"] {
            let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
            let (bytes, _, unmappable) = enc.encode(&s);
            if !unmappable {
                let mut d = Vec::new();
                prop_assert_eq!(charset::decode(label, &bytes, &mut d), s.as_str());
                prop_assert_eq!(d, vec![]);
            }
        }
    }
}

// --- Part::text over quoted-printable (the straight-to-text path) ---------------------------

/// `Part::text` of a one-part message with this charset and quoted-printable body, and the
/// text the general path gives: the octets decoded, then the charset.
fn qp_text(charset_label: &str, body: &[u8]) -> (String, String) {
    let mut message = format!(
        "Content-Type: text/plain; charset={charset_label}\r\n\
         Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    .into_bytes();
    message.extend_from_slice(body);
    let m = mail_message::Message::parse(&message).unwrap();
    let part = m.parts().next().unwrap();
    let octets = qp::decode(body, &mut Vec::new());
    let general = charset::decode(charset_label, &octets, &mut Vec::new()).into_owned();
    (part.text().into_owned(), general)
}

#[test]
fn part_text_of_quoted_printable() {
    let cases: [(&str, &[u8], &str); 9] = [
        // A character split by a soft line break; white space at line ends.
        ("utf-8", b"caf=C3=\r\n=A9 \r\nna=C3=AFve\t", "café\r\nnaïve"),
        // Literal UTF-8 and escapes mixed.
        ("utf-8", "déjà =E2=82=AC vu".as_bytes(), "déjà € vu"),
        // A byte order mark, literal or escaped, goes (general path).
        ("utf-8", b"=EF=BB=BFhello", "hello"),
        // Escapes that are not UTF-8: U+FFFD (general path).
        ("utf-8", b"caf=E9", "caf\u{FFFD}"),
        // US-ASCII: plain text takes the shortcut; 8-bit octets go the general way (read as
        // UTF-8 when they are, else windows-1252).
        ("us-ascii", b"a=3Db=\r\nc", "a=bc"),
        ("us-ascii", b"caf=C3=A9", "caf\u{e9}"),
        ("us-ascii", b"caf=E9", "caf\u{e9}"),
        // Another charset: the general path.
        ("iso-8859-1", b"caf=E9", "café"),
        // Nothing to change: borrowed text.
        ("utf-8", "plain é text\r\n".as_bytes(), "plain é text\r\n"),
    ];
    for (label, body, expected) in cases {
        let (text, general) = qp_text(label, body);
        assert_eq!(text, expected, "{label} {body:?}");
        assert_eq!(text, general, "{label} {body:?}");
    }
}

proptest! {
    #[test]
    fn part_text_of_quoted_printable_is_the_general_path(
        label in prop::sample::select(vec!["utf-8", "us-ascii", "UTF8", "latin1"]),
        pieces in prop::collection::vec(prop::sample::select(vec![
            "=C3=A9", "=C3=", "=\r\n", "=A9", "=E9", "=EF=BB=BF", "=3D", "=G", "= ", "\u{e9}",
            "\u{FEFF}", " \r\n", "\t\n", "\r", "word", " ",
        ]), 0..30)
    ) {
        let (text, general) = qp_text(label, pieces.concat().as_bytes());
        prop_assert_eq!(text, general);
    }
}
