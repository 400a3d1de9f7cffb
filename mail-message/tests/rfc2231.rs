//! RFC 2231 parameter values: every example of RFC 2231 (§3, §4, §4.1, §5), continuations in
//! any order, missing and repeated sections, charsets, and the leniency real mail needs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use mail_message::decode::rfc2047::decode_text;
use mail_message::decode::rfc2231::{RawParameter, decode_parameters};
use mail_message::field::content_type::{
    ContentDisposition, ContentType, Parameter, parse_parameters,
};
use mail_message::{Defect, DefectKind};
use proptest::prelude::*;

fn content_type(raw: &[u8]) -> (ContentType<'_>, Vec<Defect>) {
    let mut d = Vec::new();
    let ct = ContentType::parse(raw, &mut d).expect("type/subtype");
    (ct, d)
}

fn params(raw: &[u8]) -> (Vec<Parameter<'_>>, Vec<Defect>) {
    let mut d = Vec::new();
    let p = parse_parameters(raw, &mut d);
    (p, d)
}

fn one(raw: &[u8]) -> (String, Option<String>, Vec<Defect>) {
    let (p, d) = params(raw);
    assert_eq!(p.len(), 1, "{p:?}");
    let p = p.into_iter().next().unwrap();
    (p.value.into_owned(), p.language.map(Cow::into_owned), d)
}

// --- RFC 2231 §3: parameter value continuations -----------------------------------------------

#[test]
fn section_3_continuations() {
    let (ct, d) = content_type(
        b" message/external-body; access-type=URL;\r\n URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"",
    );
    assert_eq!(d, vec![]);
    assert!(ct.is("message", "external-body"));
    assert_eq!(ct.parameter("access-type"), Some("URL"));
    assert_eq!(
        ct.parameter("url"),
        Some("ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar")
    );
    assert_eq!(ct.parameters.len(), 2);
    assert_eq!(ct.parameters[1].name, "URL");
    // "is semantically identical to"
    let (same, d) = content_type(
        b" message/external-body; access-type=URL;\r\n  URL=\"ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"",
    );
    assert_eq!(d, vec![]);
    assert_eq!(same, ct);
}

#[test]
fn section_3_mixed_quoted_and_unquoted() {
    // "it is explicitly permitted to have a mixture of quoted and unquoted continuation fields"
    let (value, language, d) = one(b"; URL*0=ftp://; URL*1=\"cs.utk.edu/x\"; ");
    assert_eq!(value, "ftp://cs.utk.edu/x");
    assert_eq!(language, None);
    assert_eq!(d, vec![]);
}

// --- RFC 2231 §4: charset and language ---------------------------------------------------------

#[test]
fn section_4_charset_and_language() {
    let (ct, d) = content_type(
        b" application/x-stuff;\r\n title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A",
    );
    assert_eq!(d, vec![]);
    assert!(ct.is("application", "x-stuff"));
    let title = ct.get("title").unwrap();
    assert_eq!(title.name, "title");
    assert_eq!(title.value, "This is ***fun***");
    assert_eq!(title.language.as_deref(), Some("en-us"));
}

#[test]
fn section_4_blank_charset_or_language() {
    assert_eq!(one(b"title*=''a%20b"), ("a b".into(), None, vec![]));
    assert_eq!(
        one(b"title*='de'Gr%C3%BC%C3%9Fe"),
        ("Grüße".into(), Some("de".into()), vec![])
    );
    assert_eq!(one(b"title*=utf-8''x"), ("x".into(), None, vec![]));
}

// --- RFC 2231 §4.1: charset, language and continuations combined ------------------------------

#[test]
fn section_4_1_combined() {
    // The RFC's example, exactly: it has no `;` between the parameters, which is tolerated and
    // reported once per missing `;`.
    let raw = b" application/x-stuff\r\n title*0*=us-ascii'en'This%20is%20even%20more%20\r\n title*1*=%2A%2A%2Afun%2A%2A%2A%20\r\n title*2=\"isn't it!\"";
    let (ct, d) = content_type(raw);
    let title = ct.get("title").unwrap();
    assert_eq!(title.value, "This is even more ***fun*** isn't it!");
    assert_eq!(title.language.as_deref(), Some("en"));
    assert_eq!(ct.parameters.len(), 1);
    let at = |needle: &[u8]| raw.windows(needle.len()).position(|w| w == needle).unwrap();
    assert_eq!(
        d,
        vec![
            Defect::new(DefectKind::InvalidParameter, at(b"title*0*")),
            Defect::new(DefectKind::InvalidParameter, at(b"title*1*")),
            Defect::new(DefectKind::InvalidParameter, at(b"title*2")),
        ]
    );
    // With the semicolons, no defect.
    let (ct, d) = content_type(
        b" application/x-stuff;\r\n title*0*=us-ascii'en'This%20is%20even%20more%20;\r\n title*1*=%2A%2A%2Afun%2A%2A%2A%20;\r\n title*2=\"isn't it!\"",
    );
    assert_eq!(d, vec![]);
    assert_eq!(
        ct.parameter("TITLE"),
        Some("This is even more ***fun*** isn't it!")
    );
}

#[test]
fn section_4_1_only_starred_sections_are_percent_decoded() {
    assert_eq!(
        one(b"a*0*=utf-8''%41; a*1=%42; a*2*=%43"),
        ("A%42C".into(), None, vec![])
    );
}

#[test]
fn section_4_1_sections_join_as_octets_before_charset_decoding() {
    // "é" = C3 A9 split over two sections.
    assert_eq!(
        one(b"name*0*=UTF-8''caf%C3; name*1*=%A9.txt"),
        ("caf\u{e9}.txt".into(), None, vec![])
    );
    // Shift_JIS "日本" = 93 FA 96 7B, split inside the first character.
    assert_eq!(
        one(b"n*0*=shift_jis''%93; n*1*=%FA%96%7B"),
        ("\u{65e5}\u{672c}".into(), None, vec![])
    );
}

// --- RFC 2231 §5: language in encoded words ----------------------------------------------------

#[test]
fn section_5_encoded_word_language() {
    // From: =?US-ASCII*EN?Q?Keith_Moore?= <moore@cs.utk.edu>
    let mut d = Vec::new();
    assert_eq!(
        decode_text(b"=?US-ASCII*EN?Q?Keith_Moore?=", &mut d),
        "Keith Moore"
    );
    assert_eq!(d, vec![]);
}

// --- Continuations in real mail -----------------------------------------------------------------

#[test]
fn sections_out_of_order() {
    assert_eq!(
        one(b"; name*2=\"c\"; name*0=\"a\"; name*1=\"b\""),
        ("abc".into(), None, vec![])
    );
    // The joined parameter takes the place of its first section.
    let (p, d) = params(b"x=1; n*1=b; y=2; n*0=a");
    assert_eq!(d, vec![]);
    let names: Vec<_> = p
        .iter()
        .map(|p| (p.name.as_ref(), p.value.as_ref()))
        .collect();
    assert_eq!(names, [("x", "1"), ("n", "ab"), ("y", "2")]);
}

#[test]
fn missing_and_repeated_sections() {
    // Section 1 is missing: best effort, reported at the first section written.
    assert_eq!(
        one(b"name*0=a; name*2=c"),
        (
            "ac".into(),
            None,
            vec![Defect::new(DefectKind::InvalidParameterContinuation, 0)]
        )
    );
    // No section 0.
    assert_eq!(
        one(b"name*1=b"),
        (
            "b".into(),
            None,
            vec![Defect::new(DefectKind::InvalidParameterContinuation, 0)]
        )
    );
    // Section 0 twice: the first one wins, the repeat is reported where it is.
    assert_eq!(
        one(b"name*0=a; name*0=x; name*1=b"),
        (
            "ab".into(),
            None,
            vec![Defect::new(DefectKind::InvalidParameterContinuation, 10)]
        )
    );
    // `name*` and `name*0*` are both section 0.
    assert_eq!(
        one(b"name*=''a; name*0*=''x"),
        (
            "a".into(),
            None,
            vec![Defect::new(DefectKind::InvalidParameterContinuation, 11)]
        )
    );
    // A section number too large to be real.
    let (p, d) = params(b"name*0=a; name*99999999999=b");
    assert_eq!(p[0].value, "a");
    assert_eq!(
        d,
        vec![Defect::new(DefectKind::InvalidParameterContinuation, 10)]
    );
}

#[test]
fn plain_and_extended_forms_together() {
    // Mailers send both for old readers; the RFC 2231 form wins, in the first position.
    let (p, d) = params(b"; filename=\"EURO.txt\"; size=3; filename*=UTF-8''%E2%82%AC.txt");
    assert_eq!(d, vec![]);
    let got: Vec<_> = p
        .iter()
        .map(|p| (p.name.as_ref(), p.value.as_ref()))
        .collect();
    assert_eq!(got, [("filename", "\u{20ac}.txt"), ("size", "3")]);
    let (p, _) = params(b"; filename*=UTF-8''a.txt; FILENAME=\"b.txt\"");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].value, "a.txt");
}

#[test]
fn charsets_in_extended_values() {
    assert_eq!(
        one(b"filename*=iso-8859-1''caf%E9.txt"),
        ("caf\u{e9}.txt".into(), None, vec![])
    );
    assert_eq!(
        one(b"filename*=windows-1251''%CF%F0%E8%E2%E5%F2.doc"),
        ("Привет.doc".into(), None, vec![])
    );
    assert_eq!(
        one(b"filename*=x-klingon''a%20b"),
        (
            "a b".into(),
            None,
            vec![Defect::new(DefectKind::UnknownCharset, 0)]
        )
    );
    assert_eq!(
        one(b"filename*=utf-8''%FF"),
        (
            "\u{FFFD}".into(),
            None,
            vec![Defect::new(DefectKind::MalformedCharsetData, 0)]
        )
    );
}

#[test]
fn malformed_extended_values() {
    // No apostrophes: percent-decoded as UTF-8, reported.
    assert_eq!(
        one(b"title*=a%20b"),
        (
            "a b".into(),
            None,
            vec![Defect::new(DefectKind::InvalidParameter, 0)]
        )
    );
    // One apostrophe: taken as the charset.
    assert_eq!(
        one(b"title*=utf-8'a%C3%A9"),
        (
            "a\u{e9}".into(),
            None,
            vec![Defect::new(DefectKind::InvalidParameter, 0)]
        )
    );
    // A bad escape is kept.
    assert_eq!(
        one(b"title*=''100%"),
        (
            "100%".into(),
            None,
            vec![Defect::new(DefectKind::InvalidParameter, 0)]
        )
    );
    // A quoted extended value (not allowed, but sent): the quotes are not part of it.
    assert_eq!(
        one(b"title*=\"utf-8''a%20b\""),
        ("a b".into(), None, vec![])
    );
}

#[test]
fn encoded_words_in_quoted_values() {
    // What Outlook and Thunderbird send for non-ASCII file names.
    let mut d = Vec::new();
    let cd = ContentDisposition::parse(
        b" attachment;\r\n filename=\"=?UTF-8?B?w6l0w6kgMjAyNC5wZGY=?=\"",
        &mut d,
    )
    .unwrap();
    assert_eq!(cd.filename(), Some("\u{e9}t\u{e9} 2024.pdf"));
    // Split over RFC 2231 sections without a charset, too.
    assert_eq!(
        one(b"name*0=\"=?utf-8?q?caf?=\"; name*1=\"=?utf-8?q?=C3=A9?=\""),
        ("caf\u{e9}".into(), None, vec![])
    );
    // Never in a boundary.
    let (ct, _) = content_type(b"multipart/mixed; boundary=\"=?utf-8?q?x?=\"");
    assert_eq!(ct.boundary(), Some("=?utf-8?q?x?="));
    assert_eq!(d, vec![]);
}

#[test]
fn values_borrow_when_unchanged() {
    let (p, _) = params(b"; a*0=\"plain\"; b*=''plain; c=\"plain\"");
    for param in &p {
        assert!(matches!(param.value, Cow::Borrowed("plain")), "{param:?}");
        assert!(matches!(param.name, Cow::Borrowed(_)));
    }
    let ct = content_type(b"text/plain; title*=us-ascii'en'x").0;
    assert!(matches!(
        ct.get("title").unwrap().language,
        Some(Cow::Borrowed("en"))
    ));
    let owned = ct.into_owned();
    assert_eq!(owned.get("title").unwrap().language.as_deref(), Some("en"));
}

#[test]
fn raw_parameters_can_come_from_elsewhere() {
    // E.g. an IMAP BODYSTRUCTURE parameter list (RFC 2231 §6).
    let raw = vec![
        RawParameter {
            name: "NAME*1*".into(),
            value: Cow::Borrowed(&b"%A9"[..]),
            offset: 1,
        },
        RawParameter {
            name: "NAME*0*".into(),
            value: Cow::Owned(b"utf-8'fr'caf%C3".to_vec()),
            offset: 0,
        },
    ];
    let mut d = Vec::new();
    let p = decode_parameters(raw, &mut d);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].name, "NAME");
    assert_eq!(p[0].value, "caf\u{e9}");
    assert_eq!(p[0].language.as_deref(), Some("fr"));
    assert_eq!(d, vec![]);
}

proptest! {
    #[test]
    fn parameter_lists_never_panic(input in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut d = Vec::new();
        let _ = parse_parameters(&input, &mut d);
        for defect in &d {
            prop_assert!(defect.offset <= input.len());
        }
    }

    #[test]
    fn rfc2231_like_lists_never_panic(
        parts in proptest::collection::vec(
            prop_oneof![
                Just(&b"name"[..]), Just(&b"*"[..]), Just(&b"*0"[..]), Just(&b"*1*"[..]),
                Just(&b"="[..]), Just(&b"'"[..]), Just(&b"%"[..]), Just(&b"%C3"[..]),
                Just(&b";"[..]), Just(&b"\""[..]), Just(&b"utf-8"[..]), Just(&b" "[..]),
                Just(&b"("[..]), Just(&b")"[..]), Just(&b"\\"[..]), Just(&b"\r\n "[..]),
            ],
            0..40,
        )
    ) {
        let input = parts.concat();
        let mut d = Vec::new();
        let _ = parse_parameters(&input, &mut d);
        let _ = ContentType::parse(&input, &mut d);
        let _ = ContentDisposition::parse(&input, &mut d);
    }

    #[test]
    fn continuations_join_in_any_order(
        s in "[a-zA-Z0-9 ./é€]{1,40}",
        cuts in proptest::collection::vec(any::<usize>(), 0..5),
        seed in any::<u64>(),
    ) {
        // Percent-encode the value, cut it at arbitrary octets, write the sections shuffled.
        let bytes = s.as_bytes();
        let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        points.extend([0, bytes.len()]);
        points.sort_unstable();
        points.dedup();
        let mut sections: Vec<String> = points
            .windows(2)
            .enumerate()
            .map(|(i, w)| {
                let enc: String = bytes[w[0]..w[1]].iter().map(|b| format!("%{b:02X}")).collect();
                let prefix = if i == 0 { "utf-8''" } else { "" };
                format!("f*{i}*={prefix}{enc}")
            })
            .collect();
        let n = sections.len();
        for i in 0..n {
            let j = (seed.rotate_left(i as u32) as usize) % n;
            sections.swap(i, j);
        }
        let input = format!("; {}", sections.join("; "));
        let mut d = Vec::new();
        let p = parse_parameters(input.as_bytes(), &mut d);
        prop_assert_eq!(d, vec![]);
        prop_assert_eq!(p.len(), 1);
        prop_assert_eq!(p[0].value.as_ref(), s.as_str());
    }
}
