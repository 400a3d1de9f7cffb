//! IMAP FETCH responses as a server sends them to a client that lists a mailbox
//! (`UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE`) or downloads messages
//! (`UID BODY[]` with the message as a literal), from a fixed seed.

use crate::{Rng, message, text};

const NAMES: &[(&str, &str, &str)] = &[
    ("Terry Gray", "gray", "cac.washington.edu"),
    ("Ana Lima", "ana.lima", "example.com.br"),
    ("Jörg Müller", "joerg", "example.de"),
    ("Mei Chen", "mei", "mail.example.cn"),
    ("Build Bot", "noreply", "ci.example.org"),
    ("Olu Adeyemi", "olu", "example.ng"),
];

const KEYWORDS: &[&str] = &[
    "\\Seen",
    "\\Answered",
    "\\Flagged",
    "$Forwarded",
    "$Junk",
    "\\Draft",
];

/// An `address` list of `n` entries, or `NIL`.
fn addresses(rng: &mut Rng, n: usize) -> String {
    if n == 0 {
        return "NIL".to_owned();
    }
    let mut out = String::from("(");
    for _ in 0..n {
        let (name, mailbox, host) = *rng.pick(NAMES);
        let name = if name.is_ascii() {
            format!("\"{name}\"")
        } else {
            // RFC 2047 encoded-word, as servers pass the header's text through.
            format!(
                "\"=?UTF-8?Q?{}?=\"",
                name.replace(' ', "_")
                    .replace('ö', "=C3=B6")
                    .replace('ü', "=C3=BC")
            )
        };
        out.push_str(&format!("({name} NIL \"{mailbox}\" \"{host}\")"));
    }
    out.push(')');
    out
}

fn envelope(rng: &mut Rng, uid: usize) -> String {
    let day = rng.range(1, 29);
    let subject_len = rng.range(12, 70);
    let subject = text(rng, subject_len).replace(['"', '\\', '\r', '\n'], "");
    let from = addresses(rng, 1);
    let to_n = rng.range(1, 4);
    let to = addresses(rng, to_n);
    let cc_n = rng.range(0, 3);
    let cc = addresses(rng, cc_n);
    format!(
        "(\"Wed, {day:02} Jul 2026 02:23:25 -0700 (PDT)\" \"{subject}\" {from} {from} {from} {} {} NIL {} \"<{uid}.{}@example.com>\")",
        to,
        cc,
        if rng.range(0, 2) == 0 {
            "NIL".to_owned()
        } else {
            format!(
                "\"<{}.{}@example.com>\"",
                uid.saturating_sub(1),
                rng.next_u64() % 100_000
            )
        },
        rng.next_u64() % 1_000_000,
    )
}

fn text_part(rng: &mut Rng, subtype: &str, encoding: &str) -> String {
    let size = rng.range(200, 40_000);
    format!(
        "(\"TEXT\" \"{subtype}\" (\"CHARSET\" \"utf-8\") NIL NIL \"{encoding}\" {size} {} NIL NIL NIL NIL)",
        size / 60 + 1
    )
}

fn attachment(rng: &mut Rng) -> String {
    let (kind, sub, ext) = *rng.pick(&[
        ("APPLICATION", "PDF", "pdf"),
        ("IMAGE", "PNG", "png"),
        (
            "APPLICATION",
            "VND.OPENXMLFORMATS-OFFICEDOCUMENT.SPREADSHEETML.SHEET",
            "xlsx",
        ),
    ]);
    let size = rng.range(10_000, 2_000_000);
    let name = format!("report-{}.{ext}", rng.next_u64() % 1000);
    format!(
        "(\"{kind}\" \"{sub}\" (\"NAME\" \"{name}\") NIL NIL \"BASE64\" {size} NIL (\"ATTACHMENT\" (\"FILENAME\" \"{name}\" \"SIZE\" \"{}\")) NIL NIL)",
        size * 3 / 4
    )
}

fn alternative(rng: &mut Rng) -> String {
    format!(
        "({}{} \"ALTERNATIVE\" (\"BOUNDARY\" \"b1_{:x}\") NIL NIL NIL)",
        text_part(rng, "PLAIN", "QUOTED-PRINTABLE"),
        text_part(rng, "HTML", "BASE64"),
        rng.next_u64()
    )
}

fn bodystructure(rng: &mut Rng, uid: usize) -> String {
    match rng.range(0, 8) {
        0 | 1 => text_part(rng, "PLAIN", "7BIT"),
        2..=4 => alternative(rng),
        5 | 6 => {
            let mut parts = alternative(rng);
            for _ in 0..rng.range(1, 3) {
                parts.push_str(&attachment(rng));
            }
            format!(
                "({parts} \"MIXED\" (\"BOUNDARY\" \"m_{:x}\") NIL NIL NIL)",
                rng.next_u64()
            )
        }
        _ => {
            // A forwarded message: message/rfc822 with its own envelope and body.
            let inner_env = envelope(rng, uid + 7);
            let inner_body = text_part(rng, "PLAIN", "8BIT");
            let size = rng.range(1_000, 30_000);
            format!(
                "({}(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" {size} {inner_env} {inner_body} {} NIL NIL NIL NIL) \"MIXED\" (\"BOUNDARY\" \"f_{:x}\") NIL NIL NIL)",
                text_part(rng, "PLAIN", "7BIT"),
                size / 60,
                rng.next_u64()
            )
        }
    }
}

/// `count` untagged FETCH responses carrying `UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE
/// BODYSTRUCTURE`, as one byte stream (each response ends with CRLF).
pub fn fetch_envelopes(rng: &mut Rng, count: usize) -> Vec<u8> {
    let mut out = String::new();
    for seq in 1..=count {
        let uid = 1000 + seq * 3;
        let flags: Vec<&str> = (0..rng.range(0, 3)).map(|_| *rng.pick(KEYWORDS)).collect();
        let flags = {
            let mut f = flags;
            f.dedup();
            f.join(" ")
        };
        let env = envelope(rng, uid);
        let body = bodystructure(rng, uid);
        out.push_str(&format!(
            "* {seq} FETCH (UID {uid} FLAGS ({flags}) INTERNALDATE \"{:02}-Jul-2026 09:{:02}:{:02} +0000\" RFC822.SIZE {} ENVELOPE {env} BODYSTRUCTURE {body})\r\n",
            rng.range(1, 29),
            rng.range(0, 60),
            rng.range(0, 60),
            rng.range(900, 3_000_000)
        ));
    }
    out.into_bytes()
}

/// `count` untagged FETCH responses carrying `UID` and `BODY[]` with a 2-16 KB message as a
/// literal, as one byte stream.
pub fn fetch_bodies(rng: &mut Rng, count: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for seq in 1..=count {
        let len = rng.range(2_000, 16_000);
        let body = message(rng, len);
        out.extend_from_slice(
            format!(
                "* {seq} FETCH (UID {} BODY[] {{{}}}\r\n",
                5000 + seq,
                body.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&body);
        out.extend_from_slice(b")\r\n");
    }
    out
}
