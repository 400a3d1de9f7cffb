//! MIME header fields: `Content-Type` (RFC 2045 §5, RFC 2046), `Content-Disposition`
//! (RFC 2183), `Content-Transfer-Encoding` (RFC 2045 §6) and unstructured fields (RFC 5322
//! §3.2.5), with the examples of those RFCs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use mail_message::field::content_type::{ContentDisposition, ContentType, parse_parameters};
use mail_message::field::transfer_encoding::TransferEncoding;
use mail_message::field::unstructured;
use mail_message::{Defect, DefectKind};
use proptest::prelude::*;

fn ct(raw: &[u8]) -> ContentType<'_> {
    let mut d = Vec::new();
    let ct = ContentType::parse(raw, &mut d).unwrap();
    assert_eq!(d, vec![], "{:?}", String::from_utf8_lossy(raw));
    ct
}

fn cd(raw: &[u8]) -> ContentDisposition<'_> {
    let mut d = Vec::new();
    let cd = ContentDisposition::parse(raw, &mut d).unwrap();
    assert_eq!(d, vec![], "{:?}", String::from_utf8_lossy(raw));
    cd
}

// --- RFC 2045 §5.1 ------------------------------------------------------------------------------

#[test]
fn rfc2045_5_1_examples() {
    // "Content-type: text/plain; charset=us-ascii (Plain text)" and
    // "Content-type: text/plain; charset="us-ascii"" are equivalent.
    let a = ct(b" text/plain; charset=us-ascii (Plain text)");
    let b = ct(b" text/plain; charset=\"us-ascii\"");
    assert_eq!(a, b);
    assert_eq!(a.charset(), Some("us-ascii"));
    // "the following form is also acceptable": matching is case-insensitive.
    let c = ct(b" text/plain; charset=US-ASCII");
    assert!(c.is("Text", "Plain"));
    assert!(c.charset().unwrap().eq_ignore_ascii_case("us-ascii"));
    // Section 5.2's default, as the caller builds it, is in `Part`; here only `is`.
    assert!(!c.is_multipart());
}

#[test]
fn rfc2046_examples() {
    // §5.1.1
    let m = ct(b" multipart/mixed; boundary=gc0p4Jq0M2Yt08j34c0p");
    assert!(m.is_multipart());
    assert_eq!(m.boundary(), Some("gc0p4Jq0M2Yt08j34c0p"));
    let m = ct(b" multipart/mixed; boundary=\"simple boundary\"");
    assert_eq!(m.boundary(), Some("simple boundary"));
    // §4.1.2: the charset parameter.
    assert_eq!(
        ct(b" text/plain; charset=iso-8859-1").charset(),
        Some("iso-8859-1")
    );
    // §5.2.3: message/external-body.
    let e = ct(b" message/external-body; access-type=local-file;\r\n\tname=\"/u/nsb/Me.jpeg\"");
    assert!(e.is("message", "external-body"));
    assert_eq!(e.parameter("NAME"), Some("/u/nsb/Me.jpeg"));
}

#[test]
fn comments_and_folds_everywhere() {
    let t = ct(b"(a)text(b)/(c)html(d);(e)charset(f)=(g)\"utf-8\"(h);\r\n\tformat=flowed");
    assert!(t.is("text", "html"));
    assert_eq!(t.charset(), Some("utf-8"));
    assert_eq!(t.parameter("format"), Some("flowed"));
}

#[test]
fn invalid_content_types() {
    for raw in [
        &b""[..],
        b"   ",
        b"text",
        b"text/",
        b"/html",
        b"(unterminated",
        b"\"text/plain\"",
    ] {
        let mut d = Vec::new();
        assert_eq!(ContentType::parse(raw, &mut d), None, "{raw:?}");
        assert!(d.iter().any(|d| d.kind == DefectKind::InvalidContentType));
    }
}

#[test]
fn lenient_content_types() {
    let mut d = Vec::new();
    let t = ContentType::parse(b"text/html charset=utf-8", &mut d).unwrap();
    assert_eq!(t.charset(), Some("utf-8"));
    assert_eq!(d, vec![Defect::new(DefectKind::InvalidParameter, 10)]);
    d.clear();
    let t = ContentType::parse(b"application/octet-stream; name=Report 2024.pdf", &mut d).unwrap();
    assert_eq!(t.parameter("name"), Some("Report 2024.pdf"));
    assert_eq!(d, vec![Defect::new(DefectKind::InvalidParameter, 31)]);
    d.clear();
    let t = ContentType::parse("text/plain; name=\"résumé.txt\"".as_bytes(), &mut d).unwrap();
    assert_eq!(t.parameter("name"), Some("résumé.txt"));
    assert!(d.is_empty());
}

#[test]
fn content_type_owned_and_borrowed() {
    let raw = String::from("text/plain; charset=utf-8; name=\"a b\"");
    let t = ContentType::parse(raw.as_bytes(), &mut Vec::new()).unwrap();
    let owned: ContentType<'static> = t.clone().into_owned();
    let name: Option<Cow<'_, str>> = t.into_parameter("name");
    assert!(matches!(name, Some(Cow::Borrowed("a b"))));
    drop(raw);
    assert_eq!(owned.charset(), Some("utf-8"));
    assert_eq!(owned.parameter("name"), Some("a b"));
}

// --- RFC 2183 -----------------------------------------------------------------------------------

#[test]
fn rfc2183_examples() {
    // §3: "Content-Disposition: inline"
    let i = cd(b" inline");
    assert!(i.is_inline() && !i.is_attachment());
    assert_eq!(i.filename(), None);
    // "Content-Disposition: attachment; filename=genome.jpeg;
    //    modification-date="Wed, 12 Feb 1997 16:29:51 -0500";"
    let a = cd(
        b" attachment; filename=genome.jpeg;\r\n  modification-date=\"Wed, 12 Feb 1997 16:29:51 -0500\";",
    );
    assert!(a.is_attachment());
    assert_eq!(a.filename(), Some("genome.jpeg"));
    assert_eq!(
        a.parameter("Modification-Date"),
        Some("Wed, 12 Feb 1997 16:29:51 -0500")
    );
    assert_eq!(a.parameters.len(), 2);
    // Case-insensitive type; other parameters of §2.
    let a = cd(
        b"ATTACHMENT; filename=\"x.bin\"; size=1234; read-date=\"Thu, 13 Feb 1997 00:00:00 +0000\"",
    );
    assert!(a.is_attachment());
    assert_eq!(a.parameter("size"), Some("1234"));
    assert_eq!(a.clone().into_owned(), a);
    assert_eq!(a.into_parameter("FILENAME").as_deref(), Some("x.bin"));
}

#[test]
fn disposition_filenames() {
    let a = cd(b"attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf");
    assert_eq!(a.filename(), Some("\u{20ac} rates.pdf"));
    let a = cd(b"attachment; filename=\"=?iso-8859-1?q?caf=E9.txt?=\"");
    assert_eq!(a.filename(), Some("caf\u{e9}.txt"));
    let mut d = Vec::new();
    assert_eq!(ContentDisposition::parse(b"", &mut d), None);
    assert_eq!(
        d,
        vec![Defect::new(DefectKind::InvalidContentDisposition, 0)]
    );
}

// --- RFC 2045 §6: Content-Transfer-Encoding -----------------------------------------------------

#[test]
fn transfer_encodings() {
    let p = |raw: &'static [u8]| TransferEncoding::parse(raw, &mut Vec::new());
    assert_eq!(p(b" 7bit"), TransferEncoding::SevenBit);
    assert_eq!(p(b" 8BIT"), TransferEncoding::EightBit);
    assert_eq!(p(b" Binary"), TransferEncoding::Binary);
    assert_eq!(p(b" QUOTED-PRINTABLE"), TransferEncoding::QuotedPrintable);
    assert_eq!(p(b" base64 (encoded)\r\n"), TransferEncoding::Base64);
    assert_eq!(
        p(b" x-token"),
        TransferEncoding::Other(Cow::Borrowed("x-token"))
    );
    assert!(p(b" 8bit").is_identity());
    assert!(!p(b" base64").is_identity());
    assert!(!p(b" x-token").is_identity());
    assert_eq!(p(b" QUOTED-PRINTABLE").as_str(), "quoted-printable");
    assert_eq!(p(b" X-Token").as_str(), "X-Token");
    assert_eq!(p(b" X-Token").to_string(), "X-Token");
    assert_eq!(p(b" x").into_owned(), TransferEncoding::Other("x".into()));
}

#[test]
fn transfer_decoding() {
    let mut d = Vec::new();
    let body = b"SGVsbG8=\r\n";
    assert_eq!(&*TransferEncoding::Base64.decode(body, &mut d), b"Hello");
    let qp = b"H=C3=A9llo=\r\n world\r\n";
    assert_eq!(
        &*TransferEncoding::QuotedPrintable.decode(qp, &mut d),
        "H\u{e9}llo world\r\n".as_bytes()
    );
    assert!(matches!(
        TransferEncoding::QuotedPrintable.decode(b"plain\r\n", &mut d),
        Cow::Borrowed(_)
    ));
    for identity in [
        TransferEncoding::SevenBit,
        TransferEncoding::EightBit,
        TransferEncoding::Binary,
    ] {
        assert!(matches!(identity.decode(qp, &mut d), Cow::Borrowed(b) if b == qp));
    }
    assert!(d.is_empty());
    let out = TransferEncoding::Other("x-uuencode".into()).decode(qp, &mut d);
    assert_eq!(&*out, qp);
    assert_eq!(d, vec![Defect::new(DefectKind::UnknownTransferEncoding, 0)]);
}

// --- RFC 5322 §3.2.5 unstructured ---------------------------------------------------------------

#[test]
fn unstructured_fields() {
    let mut d = Vec::new();
    // RFC 5322 §A.5-style folded subject.
    assert_eq!(
        unstructured::decode(b" This is a test\r\n message.", &mut d),
        "This is a test message."
    );
    assert!(matches!(
        unstructured::decode(b" Saying Hello\r\n", &mut d),
        Cow::Borrowed("Saying Hello")
    ));
    assert_eq!(
        unstructured::decode(
            b" =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus\r\n =?UTF-8?B?S8O2bG4=?=",
            &mut d
        ),
        "Grüße aus Köln"
    );
    assert!(d.is_empty());
    // Offsets are relative to the raw value.
    assert_eq!(unstructured::decode(b"  =?x?q?abc", &mut d), "=?x?q?abc");
    assert_eq!(d, vec![Defect::new(DefectKind::InvalidEncodedWord, 2)]);
}

// --- Parameter lists ------------------------------------------------------------------------

type Pairs = Vec<(String, String)>;
type Found = Vec<(DefectKind, usize)>;

fn params(input: &[u8]) -> (Pairs, Found) {
    let mut d = Vec::new();
    let p = parse_parameters(input, &mut d)
        .into_iter()
        .map(|p| (p.name.into_owned(), p.value.into_owned()))
        .collect();
    (p, d.into_iter().map(|d| (d.kind, d.offset)).collect())
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn lenient_lists() {
    assert_eq!(
        params(b"; ;a=1;; b = \"2\" ;"),
        (pairs(&[("a", "1"), ("b", "2")]), vec![])
    );
    assert_eq!(
        params(b"charset=utf-8 format=flowed"),
        (
            pairs(&[("charset", "utf-8"), ("format", "flowed")]),
            vec![(DefectKind::InvalidParameter, 14)]
        )
    );
    assert_eq!(
        params(b"; name=My File.pdf; x=y"),
        (
            pairs(&[("name", "My File.pdf"), ("x", "y")]),
            vec![(DefectKind::InvalidParameter, 7)]
        )
    );
    assert_eq!(
        params(b"; boundary=----=_Part_1/2?; name=\xc3\xa9"),
        (
            pairs(&[("boundary", "----=_Part_1/2?"), ("name", "é")]),
            vec![]
        )
    );
    assert_eq!(
        params(b"; junk; a=1; =2; b"),
        (
            pairs(&[("a", "1")]),
            vec![
                (DefectKind::InvalidParameter, 2),
                (DefectKind::InvalidParameter, 13),
                (DefectKind::InvalidParameter, 17)
            ]
        )
    );
    assert_eq!(
        params(b"a=\"open; b=2"),
        (
            pairs(&[("a", "open; b=2")]),
            vec![(DefectKind::UnterminatedQuotedString, 2)]
        )
    );
    assert_eq!(
        params(b"a=1 (comment"),
        (
            pairs(&[("a", "1")]),
            vec![(DefectKind::UnterminatedComment, 4)]
        )
    );
    assert_eq!(
        params(b"a=\"x\"junk; b=2"),
        (
            pairs(&[("a", "x"), ("b", "2")]),
            vec![(DefectKind::InvalidParameter, 5)]
        )
    );
}

#[test]
fn borrowed_values() {
    let mut d = Vec::new();
    let ct = ContentType::parse(b"text/plain; charset=\"utf-8\"; name=a.txt", &mut d).unwrap();
    assert!(
        ct.parameters
            .iter()
            .all(|p| matches!(p.value, Cow::Borrowed(_)))
    );
    assert!(matches!(ct.media_type, Cow::Borrowed("text")));
    let name = ct.into_parameter("NAME");
    assert!(matches!(name, Some(Cow::Borrowed("a.txt"))));
}

#[test]
fn invalid_types() {
    let mut d = Vec::new();
    assert_eq!(ContentType::parse(b" text", &mut d), None);
    assert_eq!(ContentType::parse(b"/plain", &mut d), None);
    assert_eq!(ContentDisposition::parse(b" ;filename=a", &mut d), None);
    assert_eq!(
        d,
        vec![
            Defect::new(DefectKind::InvalidContentType, 1),
            Defect::new(DefectKind::InvalidContentType, 0),
            Defect::new(DefectKind::InvalidContentDisposition, 1),
        ]
    );
    let ct = ContentType::parse(b"(c) text / html (x)", &mut d).unwrap();
    assert!(ct.is("text", "html"));
}

proptest! {
    #[test]
    fn field_parsers_never_panic(input in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut d = Vec::new();
        if let Some(t) = ContentType::parse(&input, &mut d) {
            let _ = t.boundary();
            let _ = t.into_owned();
        }
        if let Some(c) = ContentDisposition::parse(&input, &mut d) {
            let _ = c.filename();
        }
        let te = TransferEncoding::parse(&input, &mut d);
        let _ = te.decode(&input, &mut d);
        let _ = unstructured::decode(&input, &mut d);
        for defect in &d {
            prop_assert!(defect.offset <= input.len());
        }
    }

    #[test]
    fn generated_content_types_round_trip(
        t in "[a-z]{1,8}", s in "[a-z0-9.+-]{1,12}",
        params in proptest::collection::vec(("[a-z]{1,8}", "[ -~]{0,20}"), 0..5),
    ) {
        // Any value survives being written as a quoted string.
        let mut raw = format!("{t}/{s}");
        for (name, value) in &params {
            let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
            raw.push_str(&format!(";\r\n {name}=\"{quoted}\""));
        }
        let mut d = Vec::new();
        let parsed = ContentType::parse(raw.as_bytes(), &mut d).unwrap();
        prop_assert_eq!(d, vec![]);
        prop_assert_eq!(parsed.media_type.as_ref(), t.as_str());
        prop_assert_eq!(parsed.subtype.as_ref(), s.as_str());
        let got: Vec<(String, String)> = parsed
            .parameters
            .iter()
            .map(|p| (p.name.to_string(), p.value.to_string()))
            .collect();
        // Values that hold an encoded word would be decoded: the generator cannot make one
        // that is valid often enough to matter, so compare directly but skip those.
        if !params.iter().any(|(_, v)| v.contains("=?")) {
            prop_assert_eq!(got, params);
        }
    }
}
