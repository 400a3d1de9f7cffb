//! SMTP smuggling (SEC Consult, 2023): every end-of-data look-alike other than `CRLF . CRLF` is
//! message content, under every policy and however the input is split (RFC 5321 §4.1.1.4,
//! §2.3.8).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use smtp_proto::data::{
    BareLinebreaks, DataReport, END_OF_DATA, Unstuffer, normalise, stuff, unstuff,
};

const PREFIX: &[u8] = b"Subject: s\r\n\r\nhello";
const SMUGGLED: &[u8] = b"MAIL FROM:<x@y>\r\nRCPT TO:<v@z>\r\nDATA\r\nforged";
const REAL_END: &[u8] = b"\r\n.\r\n";
const NEXT: &[u8] = b"QUIT\r\n";

/// (end-of-data look-alike, content of "hello" + it under Allow, under Normalise).
const VARIANTS: &[(&[u8], &[u8], &[u8])] = &[
    (b"\n.\n", b"hello\n.\n", b"hello\r\n.\r\n"),
    (b"\r.\r", b"hello\r.\r", b"hello\r\n.\r\n"),
    (b"\n.\r\n", b"hello\n.\r\n", b"hello\r\n.\r\n"),
    (b"\r\n.\n", b"hello\r\n\n", b"hello\r\n\r\n"),
    (b"\r\n.\r\r\n", b"hello\r\n\r\r\n", b"hello\r\n\r\n\r\n"),
    (b"\r.\r\n", b"hello\r.\r\n", b"hello\r\n.\r\n"),
    (b"\n.\r", b"hello\n.\r", b"hello\r\n.\r\n"),
    (b"\r\n.\r", b"hello\r\n\r", b"hello\r\n\r\n"),
    // Mixtures.
    (b"\r\n.\n\r\n", b"hello\r\n\n\r\n", b"hello\r\n\r\n\r\n"),
    (
        b"\n\r\n.\n.\r\n",
        b"hello\n\r\n\n.\r\n",
        b"hello\r\n\r\n\r\n.\r\n",
    ),
    (
        b"\r\r\n.\r\r\n",
        b"hello\r\r\n\r\r\n",
        b"hello\r\n\r\n\r\n\r\n",
    ),
    (
        b"\r\n\n.\n\n",
        b"hello\r\n\n.\n\n",
        b"hello\r\n\r\n.\r\n\r\n",
    ),
    (b"\n..\n", b"hello\n..\n", b"hello\r\n..\r\n"),
    (b"\r\n.\r\r", b"hello\r\n\r\r", b"hello\r\n\r\n\r\n"),
    (b"\n\r.\r\n", b"hello\n\r.\r\n", b"hello\r\n\r\n.\r\n"),
];

/// Runs the decoder over `pieces` in turn, as a server does over its reads.
fn decode_pieces(pieces: &[&[u8]], policy: BareLinebreaks) -> (Vec<u8>, usize, bool, DataReport) {
    let mut u = Unstuffer::new(policy);
    let mut content = Vec::new();
    let mut consumed = 0;
    for piece in pieces {
        let d = u.decode(piece, |c| content.extend_from_slice(c));
        consumed += d.consumed;
        if d.finished {
            return (content, consumed, true, *u.report());
        }
        assert_eq!(d.consumed, piece.len());
    }
    (content, consumed, false, *u.report())
}

/// Whole input, every two-piece split, and one octet at a time must agree.
fn decode_every_split(input: &[u8], policy: BareLinebreaks) -> (Vec<u8>, usize, bool, DataReport) {
    let whole = decode_pieces(&[input], policy);
    for at in 0..=input.len() {
        let (a, b) = input.split_at(at);
        assert_eq!(decode_pieces(&[a, b], policy), whole, "split at {at}");
    }
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    assert_eq!(decode_pieces(&bytes, policy), whole, "one octet at a time");
    whole
}

fn session(variant: &[u8]) -> Vec<u8> {
    [PREFIX, variant, SMUGGLED, REAL_END, NEXT].concat()
}

#[test]
fn every_look_alike_is_content_under_every_policy() {
    for &(variant, allowed, normalised) in VARIANTS {
        let input = session(variant);
        let end = input.len() - NEXT.len();
        for policy in [
            BareLinebreaks::Reject,
            BareLinebreaks::Normalise,
            BareLinebreaks::Allow,
        ] {
            let (content, consumed, finished, report) = decode_every_split(&input, policy);
            let what = format!("{:?} under {policy:?}", String::from_utf8_lossy(variant));
            assert!(finished, "{what}");
            assert_eq!(consumed, end, "{what}: consumed");
            let middle = match policy {
                BareLinebreaks::Normalise => normalised,
                _ => allowed,
            };
            let expected = [b"Subject: s\r\n\r\n", middle, SMUGGLED, b"\r\n"].concat();
            assert_eq!(
                String::from_utf8_lossy(&content),
                String::from_utf8_lossy(&expected),
                "{what}"
            );
            assert!(report.has_bare_linebreaks(), "{what}");
            assert_eq!(report.first_bare_linebreak, {
                let first = variant.iter().enumerate().position(|(i, &b)| {
                    (b == b'\r' && variant.get(i + 1) != Some(&b'\n'))
                        || (b == b'\n' && (i == 0 || variant[i - 1] != b'\r'))
                });
                first.map(|i| (PREFIX.len() + i) as u64)
            });
            let mut u = Unstuffer::new(policy);
            u.decode(&input, |_| {});
            assert_eq!(u.must_reject(), policy == BareLinebreaks::Reject, "{what}");
            assert_eq!(
                unstuff(&input, policy).is_err(),
                policy == BareLinebreaks::Reject
            );
        }
    }
}

#[test]
fn a_stuffed_dot_line_is_not_an_end_either() {
    for variant in [
        &b"\r\n..\r\n"[..],
        b"\r\n .\r\n",
        b"\r\n.. \r\n",
        b"\r\n.x\r\n",
    ] {
        let input = session(variant);
        for policy in [BareLinebreaks::Reject, BareLinebreaks::Normalise] {
            let (content, consumed, finished, report) = decode_every_split(&input, policy);
            assert!(finished);
            assert_eq!(consumed, input.len() - NEXT.len());
            assert!(!report.has_bare_linebreaks());
            let mut unstuffed_variant = variant.to_vec();
            if variant[2] == b'.' {
                unstuffed_variant.remove(2);
            }
            let expected = [PREFIX, &unstuffed_variant, SMUGGLED, b"\r\n"].concat();
            assert_eq!(content, expected);
        }
    }
}

#[test]
fn look_alikes_at_the_very_start() {
    // The data starts at a line start, so `.` CRLF there is the (empty) end, but `.` with a bare
    // line break is not.
    let cases: [(&[u8], &[u8], &[u8]); 5] = [
        (b".\n", b"\n", b"\r\n"),
        (b".\r", b"\r", b"\r\n"),
        (b"\n.\n", b"\n.\n", b"\r\n.\r\n"),
        (b"\r.\r\n", b"\r.\r\n", b"\r\n.\r\n"),
        (b".\r\r\n", b"\r\r\n", b"\r\n\r\n"),
    ];
    for (start, allowed, normalised) in cases {
        let input = [start, SMUGGLED, REAL_END, NEXT].concat();
        for (policy, middle) in [
            (BareLinebreaks::Allow, allowed),
            (BareLinebreaks::Normalise, normalised),
        ] {
            let (content, consumed, finished, _) = decode_every_split(&input, policy);
            assert!(finished);
            assert_eq!(consumed, input.len() - NEXT.len());
            assert_eq!(content, [middle, SMUGGLED, b"\r\n"].concat());
        }
    }
}

#[test]
fn no_end_without_crlf_dot_crlf() {
    // Without the real end, none of the look-alikes finishes the message, and everything is
    // consumed (nothing is left over to be read as a command).
    for &(variant, _, _) in VARIANTS {
        let input = [PREFIX, variant, SMUGGLED, b"\r\n"].concat();
        for policy in [
            BareLinebreaks::Reject,
            BareLinebreaks::Normalise,
            BareLinebreaks::Allow,
        ] {
            let (_, consumed, finished, _) = decode_every_split(&input, policy);
            assert!(!finished);
            assert_eq!(consumed, input.len());
        }
    }
}

#[test]
fn relaying_normalised_or_allowed_content_never_smuggles() {
    // The danger named in the module docs: normalised content may hold `CRLF . CRLF` as data.
    // Our Stuffer stuffs it, and a message kept under Allow is normalised then stuffed, so the
    // next server sees the end only at the real end, and the content survives.
    for &(variant, _, _) in VARIANTS {
        let input = session(variant);
        for policy in [BareLinebreaks::Normalise, BareLinebreaks::Allow] {
            let content = unstuff(&input, policy).unwrap().content;
            let relayed = stuff(&content);
            let first_end = relayed
                .windows(END_OF_DATA.len())
                .position(|w| w == END_OF_DATA)
                .unwrap();
            assert_eq!(first_end + END_OF_DATA.len(), relayed.len());
            let next_hop = unstuff(&relayed, BareLinebreaks::Reject).unwrap();
            assert_eq!(next_hop.content, normalise(&content));
            assert_eq!(next_hop.consumed, relayed.len());
        }
    }
}
