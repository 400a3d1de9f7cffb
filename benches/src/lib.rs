//! Deterministic input generators shared by the benchmarks in `benches/benches/`.
//!
//! Everything is generated from a fixed seed by the project's own code (no downloads), so every
//! run measures the same bytes.

/// A small deterministic pseudo-random generator (xorshift64*), enough for shaping test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator with the given seed (0 is replaced by a fixed non-zero seed).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..hi` (`lo` if the range is empty).
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % (hi - lo) as u64) as usize
    }

    /// One element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "message",
    "delivery",
    "server",
    "report",
    "quarterly",
    "meeting",
    "agenda",
    "invoice",
    "attached",
    "please",
    "review",
    "update",
    "mailbox",
    "protocol",
    "status",
    "weekend",
    "project",
];

/// Text of about `len` bytes made of words and CRLF line breaks (lines under 76 octets).
pub fn text(rng: &mut Rng, len: usize) -> String {
    let mut out = String::with_capacity(len + 80);
    let mut line = 0;
    while out.len() < len {
        let w = rng.pick(WORDS);
        if line + w.len() + 1 > 72 {
            out.push_str("\r\n");
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += w.len();
    }
    out.push_str("\r\n");
    out
}

/// Base64 of `len` pseudo-random bytes in 76-character lines.
pub fn base64_block(rng: &mut Rng, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let chars = len.div_ceil(3) * 4;
    let mut out = String::with_capacity(chars + chars / 76 * 2 + 2);
    for i in 0..chars {
        if i > 0 && i % 76 == 0 {
            out.push_str("\r\n");
        }
        out.push(char::from(ALPHABET[rng.range(0, 64)]));
    }
    out.push_str("\r\n");
    out
}

/// A realistic message of roughly `body_len` body bytes: 12-30 folded `Received` fields,
/// RFC 2047 subject and names, and a multipart/mixed body with a multipart/alternative
/// (quoted-printable text and HTML) and a base64 attachment.
pub fn message(rng: &mut Rng, body_len: usize) -> Vec<u8> {
    let mut m = String::new();
    for i in 0..rng.range(12, 31) {
        m.push_str(&format!(
            "Received: from relay{i}.example.net (relay{i}.example.net [192.0.2.{}])\r\n\tby mx{i}.example.org (Postfix) with ESMTPS id 4F{:X}\r\n\tfor <user@example.org>; Tue, 1 Jul 2003 10:52:{:02} +0200\r\n",
            i + 1,
            rng.next_u64() & 0xFFFF_FFFF,
            i % 60
        ));
    }
    m.push_str("From: =?utf-8?q?J=C3=B6rg_M=C3=BCller?= <joerg@example.com>\r\n");
    m.push_str("To: Mary Smith <mary@example.net>, \"Doe, John\" <jdoe@example.org>\r\n");
    m.push_str("Cc: team: alice@example.org, bob@example.org;\r\n");
    m.push_str("Subject: =?utf-8?b?w4RuZGVydW5nZW4gYW0gUHJvamVrdA==?= and more\r\n");
    m.push_str("Date: Tue, 1 Jul 2003 10:52:37 +0200\r\n");
    m.push_str("Message-ID: <1234.5678@mx.example.org>\r\n");
    m.push_str("MIME-Version: 1.0\r\n");
    m.push_str("Content-Type: multipart/mixed; boundary=\"outer-boundary\"\r\n\r\n");
    m.push_str("This is a multi-part message in MIME format.\r\n--outer-boundary\r\n");
    m.push_str("Content-Type: multipart/alternative; boundary=\"inner-boundary\"\r\n\r\n");
    let text_len = body_len / 4;
    m.push_str("--inner-boundary\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
    m.push_str(&text(rng, text_len).replace("the ", "th=C3=A9 "));
    m.push_str("--inner-boundary\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<html><body><p>\r\n");
    m.push_str(&text(rng, text_len));
    m.push_str("</p></body></html>\r\n--inner-boundary--\r\n\r\n--outer-boundary\r\n");
    m.push_str("Content-Type: application/pdf; name=\"report.pdf\"\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    m.push_str(&base64_block(rng, body_len / 2));
    m.push_str("--outer-boundary--\r\n");
    m.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic() {
        assert_eq!(
            message(&mut Rng::new(7), 4096),
            message(&mut Rng::new(7), 4096)
        );
    }
}
