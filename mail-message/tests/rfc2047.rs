//! RFC 2047 encoded words: every example of RFC 2047 §8, the RFC 2231 §5 language suffix,
//! multi-byte characters split across words, leniency, and properties.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use base64::Engine as _;
use mail_message::decode::rfc2047::{decode_phrase, decode_text};
use mail_message::field::unstructured;
use mail_message::{Defect, DefectKind};
use proptest::prelude::*;

fn text(input: &[u8]) -> (Cow<'_, str>, Vec<Defect>) {
    let mut d = Vec::new();
    let out = decode_text(input, &mut d);
    (out, d)
}

fn clean(input: &[u8]) -> String {
    let (out, d) = text(input);
    assert_eq!(
        d,
        vec![],
        "defects for {:?}",
        String::from_utf8_lossy(input)
    );
    out.into_owned()
}

fn phrase(input: &[u8]) -> String {
    let mut d = Vec::new();
    let out = decode_phrase(input, &mut d).into_owned();
    assert_eq!(d, vec![]);
    out
}

// --- RFC 2047 §8, the header examples ---------------------------------------------------------

#[test]
fn section_8_header_examples() {
    // From: =?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>
    assert_eq!(phrase(b" =?US-ASCII?Q?Keith_Moore?= "), "Keith Moore");
    // To: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>
    assert_eq!(
        phrase(b"=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?="),
        "Keld J\u{f8}rn Simonsen"
    );
    // CC: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>
    assert_eq!(
        phrase(b"=?ISO-8859-1?Q?Andr=E9?= Pirard"),
        "Andr\u{e9} Pirard"
    );
    // Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=
    //     =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=
    let subject = b" =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=";
    let mut d = Vec::new();
    assert_eq!(
        unstructured::decode(subject, &mut d),
        "If you can read this you understand the example."
    );
    assert_eq!(d, vec![]);
    // The same, unfolded.
    assert_eq!(
        clean(b"=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?="),
        "If you can read this you understand the example."
    );
    // From: =?ISO-8859-1?Q?Olle_J=E4rnefors?= <ojarnef@admin.kth.se>
    assert_eq!(
        phrase(b"=?ISO-8859-1?Q?Olle_J=E4rnefors?="),
        "Olle J\u{e4}rnefors"
    );
    // Subject: Time for ISO 10646?   (no encoded word: borrowed as is)
    let (out, d) = text(b"Time for ISO 10646?");
    assert!(matches!(out, Cow::Borrowed("Time for ISO 10646?")));
    assert!(d.is_empty());
    // From: =?ISO-8859-1?Q?Patrik_F=E4ltstr=F6m?= <paf@nada.kth.se>
    assert_eq!(
        phrase(b"=?ISO-8859-1?Q?Patrik_F=E4ltstr=F6m?="),
        "Patrik F\u{e4}ltstr\u{f6}m"
    );
    // Subject: Re: RFC-HDR care and feeding
    assert!(matches!(
        text(b"Re: RFC-HDR care and feeding").0,
        Cow::Borrowed("Re: RFC-HDR care and feeding")
    ));
    // From: Nathaniel Borenstein <nsb@thumper.bellcore.com>
    //       (=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)
    // ISO-8859-8 octets ED E5 EC F9 20 EF E1 20 E9 EC E8 F4 F0 (Hebrew letters, visual order).
    assert_eq!(
        clean(b"(=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)"),
        "(\u{5dd}\u{5d5}\u{5dc}\u{5e9} \u{5df}\u{5d1} \u{5d9}\u{5dc}\u{5d8}\u{5e4}\u{5e0})"
    );
}

// --- RFC 2047 §8, the table of encoded forms and how they are displayed ----------------------

#[test]
fn section_8_display_table() {
    let table: [(&[u8], &str); 8] = [
        (b"(=?ISO-8859-1?Q?a?=)", "(a)"),
        (b"(=?ISO-8859-1?Q?a?= b)", "(a b)"),
        (b"(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)", "(ab)"),
        (b"(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(ab)"),
        // Folded, as on the wire, and as unfolded.
        (b"(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)", "(ab)"),
        (b"(=?ISO-8859-1?Q?a?=    =?ISO-8859-1?Q?b?=)", "(ab)"),
        (b"(=?ISO-8859-1?Q?a_b?=)", "(a b)"),
        (b"(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)", "(a b)"),
    ];
    for (encoded, displayed) in table {
        assert_eq!(clean(encoded), displayed);
    }
}

// --- RFC 2231 §5: language in encoded words ---------------------------------------------------

#[test]
fn rfc2231_section_5_language_suffix() {
    // From: =?US-ASCII*EN?Q?Keith_Moore?= <moore@cs.utk.edu>
    assert_eq!(clean(b"=?US-ASCII*EN?Q?Keith_Moore?="), "Keith Moore");
    assert_eq!(phrase(b"=?US-ASCII*EN?Q?Keith_Moore?="), "Keith Moore");
    assert_eq!(clean(b"=?utf-8*en?Q?a?= =?UTF-8*de?q?b?="), "ab");
}

// --- Multi-byte characters split across words --------------------------------------------------

#[test]
fn utf8_split_across_b_words() {
    // "café!" with the two octets of "é" (C3 A9) in two words.
    let w1 = base64::engine::general_purpose::STANDARD.encode(b"caf\xC3");
    let w2 = base64::engine::general_purpose::STANDARD.encode(b"\xA9!");
    let input = format!("=?UTF-8?B?{w1}?= =?utf-8?b?{w2}?=");
    assert_eq!(clean(input.as_bytes()), "caf\u{e9}!");
    // A four-octet character (U+1F600, F0 9F 98 80) over three words, folded.
    assert_eq!(
        clean(b"=?utf-8?B?8A==?=\r\n =?utf-8?B?n5g=?=\r\n =?UTF8?B?gA==?="),
        "\u{1F600}"
    );
}

#[test]
fn utf8_split_across_q_words() {
    assert_eq!(clean(b"=?utf-8?q?caf=C3?= =?utf-8?q?=A9?="), "caf\u{e9}");
    assert_eq!(clean(b"=?UTF-8?Q?=E2=82?==?UTF-8?Q?=AC_5?="), "\u{20ac} 5");
    // A split character in a multi-byte legacy charset too (Shift_JIS "日" = 93 FA).
    assert_eq!(
        clean(b"=?shift_jis?q?=93?= =?Shift_JIS?q?=FA?="),
        "\u{65e5}"
    );
}

#[test]
fn different_charsets_are_not_joined() {
    let (out, d) = text(b"=?utf-8?q?=C3?= =?iso-8859-1?q?=A9?=");
    assert_eq!(out, "\u{FFFD}\u{a9}");
    assert_eq!(d, vec![Defect::new(DefectKind::MalformedCharsetData, 0)]);
}

// --- Leniency ----------------------------------------------------------------------------------

#[test]
fn encoded_words_touching_text() {
    assert_eq!(clean(b"Re:=?utf-8?q?x?="), "Re:x");
    assert_eq!(clean(b"[list]=?utf-8?q?x?=(y)"), "[list]x(y)");
    assert_eq!(clean(b"Re: =?utf-8?q?x?= y"), "Re: x y");
}

#[test]
fn broken_encoders() {
    // Unencoded spaces inside a Q word.
    assert_eq!(
        clean(b"=?iso-8859-1?q?caf=E9 au lait?="),
        "caf\u{e9} au lait"
    );
    // Spaces inside a B word.
    assert_eq!(clean(b"=?utf-8?b?Y2Fm w6k=?="), "caf\u{e9}");
    // Lowercase encoding letter and hex.
    assert_eq!(clean(b"=?utf-8?q?=c3=a9?="), "\u{e9}");
    // Raw UTF-8 around encoded words (RFC 6532).
    assert_eq!(
        clean("Grüße =?utf-8?q?aus?= Köln".as_bytes()),
        "Grüße aus Köln"
    );
}

#[test]
fn not_encoded_words_stay_text() {
    for s in [
        &b"a =? b ?= c"[..],
        b"=??q?abc?=",
        b"=?utf 8?q?abc?=",
        b"2+2=?",
        b"=?",
        b"=?utf-8?",
        b"=?utf-8?q",
    ] {
        let (out, d) = text(s);
        assert!(matches!(out, Cow::Borrowed(_)), "{s:?}");
        assert_eq!(out.as_bytes(), s);
        assert_eq!(d, vec![], "{s:?}");
    }
}

#[test]
fn malformed_words_are_kept_with_a_defect() {
    let cases: [(&[u8], usize); 4] = [
        (b"=?utf-8?q?abc", 0),
        (b"x =?utf-8?q?a?b?= y", 2),
        (b"=?utf-8?b?a*b?=", 0),
        (b"=?utf-8?q?tab\x01?=", 0),
    ];
    for (input, offset) in cases {
        let (out, d) = text(input);
        assert_eq!(out.as_bytes(), input);
        assert_eq!(d, vec![Defect::new(DefectKind::InvalidEncodedWord, offset)]);
    }
    // A malformed word between two good ones: neither join nor drop the text around it.
    let (out, d) = text(b"=?utf-8?q?a?= =?utf-8?q?b =?utf-8?q?c?=");
    assert_eq!(out, "a =?utf-8?q?b c");
    assert_eq!(d, vec![Defect::new(DefectKind::InvalidEncodedWord, 14)]);
}

#[test]
fn defects_in_words() {
    let (out, d) = text(b"=?x-unheard-of?q?abc?=");
    assert_eq!(out, "abc");
    assert_eq!(d, vec![Defect::new(DefectKind::UnknownCharset, 0)]);
    let (out, d) = text(b"=?utf-8?q?100=?=");
    assert_eq!(out, "100=");
    assert_eq!(d, vec![Defect::new(DefectKind::InvalidQuotedPrintable, 13)]);
    let (out, d) = text(b"=?utf-8?b?YWJj?= =?utf-8?b?ZA?=");
    assert_eq!(out, "abcd");
    assert_eq!(d, vec![Defect::new(DefectKind::InvalidBase64, 29)]);
    let (out, d) = text(b"caf\xe9 =?utf-8?q?x?=");
    assert_eq!(out, "caf\u{FFFD} x");
    assert_eq!(d, vec![Defect::new(DefectKind::InvalidUtf8InHeader, 3)]);
}

// --- Phrases ------------------------------------------------------------------------------------

#[test]
fn phrases() {
    let mut d = Vec::new();
    assert!(matches!(
        decode_phrase(b" Joe Q. Public ", &mut d),
        Cow::Borrowed("Joe Q. Public")
    ));
    assert!(matches!(
        decode_phrase(b"\"Joe Q. Public\"", &mut d),
        Cow::Borrowed("Joe Q. Public")
    ));
    assert_eq!(phrase(b"\"Giant; \\\"Big\\\" Box\""), "Giant; \"Big\" Box");
    assert_eq!(phrase(b"Mary (the boss)\r\n Smith"), "Mary Smith");
    // Encoded words in a quoted string (what Outlook sends) are decoded.
    assert_eq!(phrase(b"\"=?UTF-8?B?SsO2cmc=?=\""), "J\u{f6}rg");
    // The §8 rule across words: white space between encoded words vanishes.
    assert_eq!(
        phrase(b"=?utf-8?q?J=C3?=\r\n =?utf-8?q?=B6rg?= Doe"),
        "J\u{f6}rg Doe"
    );
    // The documented contract: decode_text on the words joined by single spaces agrees.
    assert_eq!(
        clean(b"=?utf-8?q?J=C3?= =?utf-8?q?=B6rg?= Doe"),
        "J\u{f6}rg Doe"
    );
    assert!(d.is_empty());
}

// --- More cases ---------------------------------------------------------------------------------

fn run(input: &[u8]) -> (Cow<'_, str>, Vec<(DefectKind, usize)>) {
    let mut d = Vec::new();
    let out = decode_text(input, &mut d);
    (out, d.into_iter().map(|d| (d.kind, d.offset)).collect())
}

#[test]
fn unit_borrowed_when_plain() {
    assert!(matches!(run(b"Hello").0, Cow::Borrowed("Hello")));
    assert!(matches!(run("Grüße".as_bytes()).0, Cow::Borrowed(_)));
    assert!(matches!(run(b"a =? b").0, Cow::Borrowed("a =? b")));
    assert!(matches!(run(b"").0, Cow::Borrowed("")));
}

#[test]
fn unit_words_and_text() {
    assert_eq!(run(b"Re:=?utf-8?q?x?=").0, "Re:x");
    assert_eq!(run(b"=?utf-8?q?x?=y").0, "xy");
    assert_eq!(run(b"a =?utf-8?q?b?= c").0, "a b c");
    assert_eq!(run(b"=?utf-8?q?caf=C3=A9 au lait?=").0, "café au lait");
    assert_eq!(run(b"=?UTF-8?B?Y2Fmw6k=?=").0, "café");
    assert_eq!(run(b"=?utf-8?Q??=").0, "");
    assert_eq!(run(b"a\r\n b").0, "a b");
}

#[test]
fn unit_malformed() {
    assert_eq!(
        run(b"=?utf-8?q?abc"),
        (
            Cow::Borrowed("=?utf-8?q?abc"),
            vec![(DefectKind::InvalidEncodedWord, 0)]
        )
    );
    assert_eq!(
        run(b"x =?utf-8?b?a!b?= y"),
        (
            Cow::Borrowed("x =?utf-8?b?a!b?= y"),
            vec![(DefectKind::InvalidEncodedWord, 2)]
        )
    );
    // An encoded word in an encoding RFC 2047 does not define: shown as text (§6.2), reported.
    assert_eq!(
        run(b"=?utf-8?x?abc?="),
        (
            Cow::Borrowed("=?utf-8?x?abc?="),
            vec![(DefectKind::InvalidEncodedWord, 0)]
        )
    );
    // Not an encoded word at all: no defect.
    assert_eq!(run(b"=? x ?q?a?=").1, vec![]);
    // An unencoded `?` ends the encoded text: the word is malformed.
    assert_eq!(
        run(b"=?utf-8?q?why?_?=").1,
        vec![(DefectKind::InvalidEncodedWord, 0)]
    );
}

#[test]
fn unit_defects_inside_words() {
    assert_eq!(
        run(b"=?x-klingon?q?a?="),
        (
            Cow::Owned("a".into()),
            vec![(DefectKind::UnknownCharset, 0)]
        )
    );
    assert_eq!(
        run(b"ab =?utf-8?q?=FF?="),
        (
            Cow::Owned("ab \u{FFFD}".into()),
            vec![(DefectKind::MalformedCharsetData, 3)]
        )
    );
    assert_eq!(
        run(b"=?utf-8?q?a=Zb?="),
        (
            Cow::Owned("a=Zb".into()),
            vec![(DefectKind::InvalidQuotedPrintable, 11)]
        )
    );
    assert_eq!(
        run(b"=?utf-8?b?YWI?="),
        (
            Cow::Owned("ab".into()),
            vec![(DefectKind::InvalidBase64, 13)]
        )
    );
    assert_eq!(
        run(b"\xff =?utf-8?q?a?="),
        (
            Cow::Owned("\u{FFFD} a".into()),
            vec![(DefectKind::InvalidUtf8InHeader, 0)]
        )
    );
}

#[test]
fn unit_phrases() {
    let p = |s: &[u8]| {
        let mut d = Vec::new();
        let out = decode_phrase(s, &mut d).into_owned();
        (out, d)
    };
    assert!(matches!(
        decode_phrase(b"Joe Q. Public", &mut Vec::new()),
        Cow::Borrowed("Joe Q. Public")
    ));
    assert!(matches!(
        decode_phrase(b"\"Joe Q. Public\"", &mut Vec::new()),
        Cow::Borrowed("Joe Q. Public")
    ));
    assert_eq!(p(b"Joe\r\n  Q.\t Public").0, "Joe Q. Public");
    assert_eq!(p(b"\"a \\\"b\\\"\"  c").0, "a \"b\" c");
    assert_eq!(p(b"=?utf-8?q?a?=  =?utf-8?q?b?= c").0, "ab c");
    assert_eq!(p(b"\"=?utf-8?b?w6k=?=\" x").0, "é x");
    assert_eq!(p(b"a\"b\"").0, "ab");
    let (out, d) = p(b"a \"b");
    assert_eq!(out, "a b");
    assert_eq!(
        d,
        vec![Defect::new(DefectKind::UnterminatedQuotedString, 2)]
    );
    let (out, d) = p(b"a (b");
    assert_eq!(out, "a");
    assert_eq!(d, vec![Defect::new(DefectKind::UnterminatedComment, 1)]);
}

// --- Properties ---------------------------------------------------------------------------------

/// A test-only "Q" encoder (RFC 2047 §4.2): everything but letters and digits as `=XX`.
fn q_encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b' ' => "_".to_string(),
            b if b.is_ascii_alphanumeric() => char::from(b).to_string(),
            b => format!("={b:02X}"),
        })
        .collect()
}

/// Splits `bytes` into chunks at the given (arbitrary) cut points, even inside characters.
fn chunks(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.push(0);
    points.push(bytes.len());
    points.sort_unstable();
    points.dedup();
    points
        .windows(2)
        .map(|w| bytes[w[0]..w[1]].to_vec())
        .collect()
}

proptest! {
    #[test]
    fn never_panics_and_borrows_only_unchanged_text(input in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut d = Vec::new();
        let out = decode_text(&input, &mut d);
        for defect in &d {
            prop_assert!(defect.offset <= input.len());
        }
        // Borrowed exactly when nothing changes: valid UTF-8, nothing to unfold, no encoded
        // word decoded (so in particular whenever there is no `=?` at all).
        let unchanged = std::str::from_utf8(&input).is_ok()
            && !input.contains(&b'\r') && !input.contains(&b'\n')
            && out.as_bytes() == &input[..];
        prop_assert_eq!(matches!(out, Cow::Borrowed(_)), unchanged);
        if std::str::from_utf8(&input).is_ok()
            && memchr::memmem::find(&input, b"=?").is_none()
            && !input.contains(&b'\r') && !input.contains(&b'\n')
        {
            prop_assert!(matches!(out, Cow::Borrowed(_)));
        }
    }

    #[test]
    fn phrase_borrows_a_slice_of_the_input(input in "[ a-zA-Z.\"()=?_]{0,30}") {
        let mut d = Vec::new();
        if let Cow::Borrowed(s) = decode_phrase(input.as_bytes(), &mut d) {
            prop_assert!(input.contains(s));
        }
    }

    #[test]
    fn encoded_word_like_input_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                Just(&b"=?"[..]), Just(&b"?="[..]), Just(&b"?q?"[..]), Just(&b"?B?"[..]),
                Just(&b"utf-8"[..]), Just(&b" "[..]), Just(&b"=C3"[..]), Just(&b"\xC3"[..]),
                Just(&b"w6k="[..]), Just(&b"\r\n "[..]), Just(&b"*en"[..]), Just(&b"_"[..]),
            ],
            0..30,
        )
    ) {
        let input = parts.concat();
        let mut d = Vec::new();
        let _ = decode_text(&input, &mut d);
        let _ = decode_phrase(&input, &mut d);
        let _ = unstructured::decode(&input, &mut d);
    }

    #[test]
    fn phrase_never_panics(input in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut d = Vec::new();
        let _ = decode_phrase(&input, &mut d);
    }

    #[test]
    fn b_words_round_trip(s in "\\PC{0,40}", cuts in proptest::collection::vec(any::<usize>(), 0..6), fold in any::<bool>()) {
        let sep = if fold { "\r\n " } else { " " };
        let words: Vec<String> = chunks(s.as_bytes(), &cuts)
            .iter()
            .map(|c| format!("=?UTF-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(c)))
            .collect();
        let input = words.join(sep);
        let mut d = Vec::new();
        prop_assert_eq!(decode_text(input.as_bytes(), &mut d), s.as_str());
        prop_assert_eq!(d, vec![]);
    }

    #[test]
    fn q_words_round_trip(s in "\\PC{0,40}", cuts in proptest::collection::vec(any::<usize>(), 0..6)) {
        let words: Vec<String> = chunks(s.as_bytes(), &cuts)
            .iter()
            .map(|c| format!("=?utf-8?q?{}?=", q_encode(c)))
            .collect();
        let input = format!("Re: {}", words.join("  "));
        let mut d = Vec::new();
        prop_assert_eq!(decode_text(input.as_bytes(), &mut d), format!("Re: {s}"));
        prop_assert_eq!(d, vec![]);
    }
}
