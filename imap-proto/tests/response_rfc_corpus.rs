//! Every server line of the RFCs' examples (RFC 3501, RFC 9051 and the extensions, taken from
//! their `S:` lines, wrapped lines joined) in `tests/data/response_rfc_lines.txt`:
//!
//! - `RFC:LINE: text` parses as one response under [`Quirks::STRICT`] and the defaults, and
//!   is written back to exactly `text`;
//! - a following `  => other` line gives the bytes the encoder writes instead (a name quoted
//!   in the RFC written as an atom, `\NoSelect` as `\Noselect`, an empty text after its `SP`);
//! - `RFC:LINE:~ text` parses only with the quirks (the RFC's example deviates from its
//!   grammar in a way real servers do too);
//! - `RFC:LINE:! text` does not parse (an example that breaks the grammar, or a response of an
//!   extension this crate does not know).
//!
//! Every parsed value is also written and parsed again to the same value. FETCH responses
//! that span lines (a literal, the RFCs' editorial line breaks) are in the FETCH tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use imap_proto::encode::Encode;
use imap_proto::response::{Quirks, Response};

const LINES: &str = include_str!("data/response_rfc_lines.txt");

struct Case {
    place: String,
    text: &'static str,
    mark: char,
    encoded: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    for line in LINES.lines().filter(|l| !l.is_empty()) {
        if let Some(enc) = line.strip_prefix("  => ") {
            out.last_mut().unwrap().encoded = Some(enc);
            continue;
        }
        let mut parts = line.splitn(3, ':');
        let (rfc, n, rest) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let mut chars = rest.chars();
        let mark = chars.next().unwrap();
        out.push(Case {
            place: format!("RFC {rfc} line {n}"),
            text: rest[mark.len_utf8()..].trim_start_matches(' '),
            mark,
            encoded: None,
        });
    }
    out
}

#[test]
fn every_rfc_server_line() {
    let cases = cases();
    assert!(cases.len() > 500, "{}", cases.len());
    let bless = std::env::var_os("BLESS").is_some();
    let mut blessed = String::new();
    for case in &cases {
        let wire = format!("{}\r\n", case.text);
        let quirks = Quirks::default();
        let lenient = Response::parse_with(wire.as_bytes(), quirks);
        let strict = Response::parse_with(wire.as_bytes(), Quirks::STRICT);
        let (place, text) = (&case.place, case.text);
        if bless {
            let mark = match (&lenient, &strict) {
                (Err(_), _) => '!',
                (Ok(_), Err(_)) => '~',
                _ => ' ',
            };
            let (rfc, n) = place
                .strip_prefix("RFC ")
                .unwrap()
                .split_once(" line ")
                .unwrap();
            blessed.push_str(&format!("{rfc}:{n}:{mark} {text}\n"));
            if let Ok((r, _)) = &lenient {
                let enc = r.to_wire();
                if enc != wire.as_bytes() {
                    let enc = String::from_utf8(enc).unwrap();
                    blessed.push_str(&format!("  => {}\n", enc.trim_end_matches("\r\n")));
                }
            }
            continue;
        }
        match case.mark {
            '!' => {
                assert!(lenient.is_err(), "{place}: {text} should not parse");
                continue;
            }
            '~' => assert!(strict.is_err(), "{place}: {text} parses strictly"),
            _ => assert_eq!(
                strict.as_ref().map(|(r, _)| r),
                lenient.as_ref().map(|(r, _)| r),
                "{place}: {text}"
            ),
        }
        let (response, rest) = lenient.unwrap_or_else(|e| panic!("{place}: {text}: {e}"));
        assert!(rest.is_empty(), "{place}");
        let encoded = response.to_wire();
        let expected = format!("{}\r\n", case.encoded.unwrap_or(text));
        assert_eq!(
            String::from_utf8_lossy(&encoded),
            expected,
            "{place}: written form"
        );
        let (again, rest) = Response::parse_with(&encoded, Quirks::STRICT)
            .unwrap_or_else(|e| panic!("{place}: written form does not parse strictly: {e}"));
        assert!(rest.is_empty());
        assert_eq!(again, response, "{place}: round trip");
        assert_eq!(again.into_owned(), response, "{place}: owned");
    }
    if bless {
        std::fs::write(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/response_rfc_lines.txt"
            ),
            blessed,
        )
        .unwrap();
    }
}
