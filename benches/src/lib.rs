//! Deterministic input generators shared by the benchmarks in `benches/benches/`.
//!
//! Everything is generated from a fixed seed by the project's own code (no downloads), so every
//! run measures the same bytes.

pub mod imap_fetch;

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

/// The shapes of message in [`message_set`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// A single `text/plain` body, quoted-printable, with no MIME structure.
    Plain,
    /// `multipart/alternative`: quoted-printable `text/plain` and base64 `text/html`.
    Alternative,
    /// `multipart/mixed`: a `multipart/alternative` (quoted-printable text and HTML) and two
    /// base64 attachments.
    Attachments,
}

impl MessageKind {
    /// Every kind, in the order [`message_set`] generates them.
    pub const ALL: [MessageKind; 3] = [
        MessageKind::Plain,
        MessageKind::Alternative,
        MessageKind::Attachments,
    ];

    /// A short name for benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Plain => "plain",
            MessageKind::Alternative => "alternative",
            MessageKind::Attachments => "attachments",
        }
    }
}

/// The header section shared by every generated message: 12-30 folded `Received` fields
/// (RFC 5321 §4.4), RFC 2047 encoded words in `From` and `Subject`, an address list with a
/// quoted name, a group, `Date`, `Message-ID` and `MIME-Version`.
fn message_header(rng: &mut Rng, m: &mut String) {
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
    m.push_str(&format!(
        "Message-ID: <{:x}.{}@mx.example.org>\r\n",
        rng.next_u64(),
        rng.range(0, 100_000)
    ));
    m.push_str("MIME-Version: 1.0\r\n");
}

/// Quoted-printable text (RFC 2045 §6.7) of about `len` octets: words with `é` written as
/// `=C3=A9`, lines under 76 octets.
fn qp_text(rng: &mut Rng, len: usize) -> String {
    text(rng, len).replace("the ", "th=C3=A9 ")
}

/// A message of `kind` with roughly `body_len` body bytes (RFC 5322, MIME per RFC 2045-2046)
/// and the shared header section (12-30 folded `Received` fields, RFC 2047 names and subject).
pub fn message_of(rng: &mut Rng, kind: MessageKind, body_len: usize) -> Vec<u8> {
    let mut m = String::new();
    message_header(rng, &mut m);
    match kind {
        MessageKind::Plain => {
            m.push_str("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
            m.push_str(&qp_text(rng, body_len));
        }
        MessageKind::Alternative => {
            m.push_str("Content-Type: multipart/alternative; boundary=\"alt-boundary\"\r\n\r\n");
            m.push_str("--alt-boundary\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
            m.push_str(&qp_text(rng, body_len / 3));
            m.push_str("--alt-boundary\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            let html = format!(
                "<html><body><p>{}</p></body></html>",
                text(rng, body_len / 2)
            );
            m.push_str(&base64_lines(html.as_bytes()));
            m.push_str("--alt-boundary--\r\n");
        }
        MessageKind::Attachments => {
            m.push_str("Content-Type: multipart/mixed; boundary=\"outer-boundary\"\r\n\r\n");
            m.push_str("This is a multi-part message in MIME format.\r\n--outer-boundary\r\n");
            m.push_str("Content-Type: multipart/alternative; boundary=\"inner-boundary\"\r\n\r\n");
            let text_len = body_len / 8;
            m.push_str("--inner-boundary\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
            m.push_str(&qp_text(rng, text_len));
            m.push_str("--inner-boundary\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<html><body><p>\r\n");
            m.push_str(&text(rng, text_len));
            m.push_str("</p></body></html>\r\n--inner-boundary--\r\n\r\n--outer-boundary\r\n");
            m.push_str("Content-Type: application/pdf; name=\"report.pdf\"\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            m.push_str(&base64_block(rng, body_len / 2));
            m.push_str("--outer-boundary\r\n");
            m.push_str("Content-Type: image/png; name=\"=?utf-8?q?Gr=C3=BC=C3=9Fe.png?=\"\r\nContent-Disposition: attachment; filename*=utf-8''Gr%C3%BC%C3%9Fe.png\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            m.push_str(&base64_block(rng, body_len / 8));
            m.push_str("--outer-boundary--\r\n");
        }
    }
    m.into_bytes()
}

/// A realistic message of roughly `body_len` body bytes: 12-30 folded `Received` fields,
/// RFC 2047 subject and names, and a multipart/mixed body with a multipart/alternative
/// (quoted-printable text and HTML) and base64 attachments ([`MessageKind::Attachments`]).
pub fn message(rng: &mut Rng, body_len: usize) -> Vec<u8> {
    message_of(rng, MessageKind::Attachments, body_len)
}

/// The message set of the parsing benchmarks: every [`MessageKind`] at each of `body_lens`,
/// from one seed, as `(kind, body_len, bytes)`.
pub fn message_set(seed: u64, body_lens: &[usize]) -> Vec<(MessageKind, usize, Vec<u8>)> {
    let mut rng = Rng::new(seed);
    let mut set = Vec::new();
    for &len in body_lens {
        for kind in MessageKind::ALL {
            set.push((kind, len, message_of(&mut rng, kind, len)));
        }
    }
    set
}

/// `bytes` in base64 (RFC 4648 §4) cut into lines of 76 characters, each ended by CRLF
/// (RFC 2045 §6.8).
fn base64_lines(bytes: &[u8]) -> String {
    let encoded = base64(bytes);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 38 + 2);
    for line in encoded.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push_str("\r\n");
    }
    out
}

const USERS: &[&str] = &[
    "alice",
    "bob",
    "carol.jones",
    "dave",
    "erin_smith",
    "frank+lists",
    "grace.hopper",
    "heidi",
    "ivan",
    "judy.w",
];

const DOMAINS: &[&str] = &[
    "example.org",
    "example.net",
    "mail.example.com",
    "lists.example.edu",
    "corp.example.co.uk",
];

/// A mailbox `user@domain` from the fixed lists.
fn mailbox(rng: &mut Rng) -> String {
    format!("{}@{}", rng.pick(USERS), rng.pick(DOMAINS))
}

/// Base64 of `bytes` (RFC 4648 §4, with padding).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A client's side of `transactions` SMTP mail transactions (RFC 5321 §3.3), one command per
/// CRLF-terminated line, as a server reads them.
///
/// Sessions of 5 to 14 transactions each open with `EHLO` and `AUTH PLAIN` with an initial
/// response (RFC 4954 §4) and end with `QUIT`. A transaction is `MAIL FROM` with `SIZE`
/// (RFC 1870), `BODY` (RFC 6152), sometimes `SMTPUTF8` (RFC 6531), `RET` and `ENVID`
/// (RFC 3461); 1 to 6 `RCPT TO` with `NOTIFY` and often `ORCPT` (RFC 3461); `DATA`; and now and
/// then a `NOOP` or an abandoned transaction ended by `RSET`. All paths and parameters are
/// ASCII and valid, so every strict parser accepts every line.
pub fn command_stream(rng: &mut Rng, transactions: usize) -> Vec<u8> {
    const NOTIFY: &[&str] = &[
        "SUCCESS,FAILURE",
        "FAILURE",
        "NEVER",
        "SUCCESS,FAILURE,DELAY",
        "FAILURE,DELAY",
    ];
    let mut out = String::new();
    let mut left = transactions;
    let mut session = 0;
    while left > 0 {
        session += 1;
        out.push_str(&format!("EHLO client{session}.{}\r\n", rng.pick(DOMAINS)));
        let user = mailbox(rng);
        let password = format!("pw-{:x}", rng.next_u64());
        let auth = base64(format!("\0{user}\0{password}").as_bytes());
        out.push_str(&format!("AUTH PLAIN {auth}\r\n"));
        for _ in 0..rng.range(5, 15).min(left) {
            left -= 1;
            out.push_str(&format!(
                "MAIL FROM:<{}> SIZE={} BODY={}",
                mailbox(rng),
                rng.range(300, 30_000_000),
                if rng.range(0, 4) == 0 {
                    "7BIT"
                } else {
                    "8BITMIME"
                }
            ));
            if rng.range(0, 3) == 0 {
                out.push_str(" SMTPUTF8");
            }
            out.push_str(&format!(
                " RET={} ENVID=QQ{:X}+2Bx{}\r\n",
                if rng.range(0, 2) == 0 { "HDRS" } else { "FULL" },
                rng.next_u64() & 0xFFFF_FFFF,
                rng.range(0, 1000)
            ));
            for _ in 0..rng.range(1, 7) {
                let to = mailbox(rng);
                out.push_str(&format!("RCPT TO:<{to}> NOTIFY={}", rng.pick(NOTIFY)));
                if rng.range(0, 3) != 0 {
                    out.push_str(&format!(" ORCPT=rfc822;{}", to.replace('+', "+2B")));
                }
                out.push_str("\r\n");
            }
            match rng.range(0, 10) {
                0 => out.push_str("RSET\r\n"),
                1 => out.push_str("NOOP\r\nDATA\r\n"),
                _ => out.push_str("DATA\r\n"),
            }
        }
        out.push_str("QUIT\r\n");
    }
    out.into_bytes()
}

/// The SMTP reply lines of `code` (RFC 5321 §4.2): `code-text` CRLF for all lines but the last,
/// `code SP text` CRLF for the last.
fn reply(out: &mut String, code: u16, lines: &[String]) {
    for (i, line) in lines.iter().enumerate() {
        let sep = if i + 1 == lines.len() { ' ' } else { '-' };
        out.push_str(&format!("{code}{sep}{line}\r\n"));
    }
}

/// `count` positive EHLO replies (RFC 5321 §4.1.1.1), each with 6 to 16 capabilities drawn
/// from the common service extensions (`SIZE n`, `PIPELINING`, `8BITMIME`, `SMTPUTF8`,
/// `AUTH PLAIN LOGIN ...`, `STARTTLS`, `CHUNKING`, `DSN`, `ENHANCEDSTATUSCODES`,
/// `DELIVERBY n`, ...), each a whole multi-line reply, back to back.
pub fn ehlo_replies(rng: &mut Rng, count: usize) -> Vec<u8> {
    const AUTH: &[&str] = &[
        "AUTH PLAIN LOGIN",
        "AUTH PLAIN LOGIN CRAM-MD5",
        "AUTH LOGIN PLAIN XOAUTH2",
        "AUTH SCRAM-SHA-256 PLAIN",
    ];
    let mut out = String::new();
    for i in 0..count {
        let mut caps: Vec<String> = vec![
            format!("SIZE {}", rng.range(10, 200) * 1_048_576),
            "PIPELINING".into(),
            "8BITMIME".into(),
            (*rng.pick(AUTH)).into(),
            "ENHANCEDSTATUSCODES".into(),
            "STARTTLS".into(),
        ];
        let optional = [
            "SMTPUTF8".to_owned(),
            "CHUNKING".into(),
            "DSN".into(),
            format!("DELIVERBY {}", rng.range(60, 3600)),
            "BINARYMIME".into(),
            "VRFY".into(),
            "ETRN".into(),
            "HELP".into(),
            "REQUIRETLS".into(),
            "MT-PRIORITY MIXER".into(),
        ];
        for cap in optional {
            if caps.len() < 16 && rng.range(0, 3) != 0 {
                caps.push(cap);
            }
        }
        let mut lines = vec![format!(
            "mx{i}.{} Hello client.example.net [192.0.2.{}]",
            rng.pick(DOMAINS),
            rng.range(1, 255)
        )];
        lines.extend(caps);
        reply(&mut out, 250, &lines);
    }
    out.into_bytes()
}

/// `count` replies of the kinds a client reads in a transaction, back to back: greetings
/// (220), `250` with enhanced status codes (RFC 3463, RFC 2034), `354`, `550` and `451`
/// refusals, single-line and multi-line (every line carrying the same enhanced code), and
/// `221`.
pub fn transaction_replies(rng: &mut Rng, count: usize) -> Vec<u8> {
    let mut out = String::new();
    for i in 0..count {
        match rng.range(0, 10) {
            0 => reply(
                &mut out,
                220,
                &[format!(
                    "mx{i}.{} ESMTP Postfix (Debian/GNU)",
                    rng.pick(DOMAINS)
                )],
            ),
            1 | 2 => reply(&mut out, 250, &["2.1.0 Ok".into()]),
            3 | 4 => reply(&mut out, 250, &["2.1.5 Ok".into()]),
            5 => reply(&mut out, 354, &["End data with <CR><LF>.<CR><LF>".into()]),
            6 => reply(
                &mut out,
                250,
                &[format!("2.0.0 Ok: queued as {:X}", rng.next_u64())],
            ),
            7 => reply(
                &mut out,
                550,
                &[format!(
                    "5.1.1 <{}>: Recipient address rejected: User unknown in virtual mailbox table",
                    mailbox(rng)
                )],
            ),
            8 => {
                let lines: Vec<String> = (0..rng.range(2, 6))
                    .map(|n| {
                        format!(
                            "5.7.1 Message rejected as spam by policy rule {n}; see https://{}/policy",
                            rng.pick(DOMAINS)
                        )
                    })
                    .collect();
                reply(&mut out, 550, &lines);
            }
            _ => reply(
                &mut out,
                451,
                &[
                    "4.7.1 Greylisted, please try again later".into(),
                    "4.7.1 See https://example.org/greylisting".into(),
                ],
            ),
        }
    }
    out.into_bytes()
}

/// The multi-line response to `LIST` (RFC 1939 §5) for a maildrop of `count` messages:
/// `+OK` with the count, `count` scan listings `n size` with sizes of 1 KB to 2 MB, and the
/// terminating `.` line.
pub fn pop3_scan_listing(rng: &mut Rng, count: usize) -> Vec<u8> {
    let mut out = format!("+OK {count} messages\r\n");
    for n in 1..=count {
        out.push_str(&format!("{n} {}\r\n", rng.range(1_000, 2_000_000)));
    }
    out.push_str(".\r\n");
    out.into_bytes()
}

/// The multi-line response to `UIDL` (RFC 1939 §7) for `count` messages: unique-ids of 20 to
/// 40 characters from 0x21-0x7E (here letters, digits, `.`, `-`, `_` and `+`).
pub fn pop3_uidl_listing(rng: &mut Rng, count: usize) -> Vec<u8> {
    const UID: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_+";
    let mut out = String::from("+OK unique-id listing follows\r\n");
    for n in 1..=count {
        out.push_str(&format!("{n} "));
        for _ in 0..rng.range(20, 41) {
            out.push(char::from(*rng.pick(UID)));
        }
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    out.into_bytes()
}

/// A message of about `len` octets as a maildrop stores it (CRLF lines): a short header
/// section and a text body in which about one line in eight starts with `.` (a
/// quoted signature separator, `...`, `.hidden`), so that dot-stuffing has work to do.
pub fn pop3_message(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut m = format!(
        "Received: from relay.example.net (relay.example.net [192.0.2.7])\r\n\tby mx.example.org with ESMTPS id 4F{:X}; Tue, 1 Jul 2003 10:52:37 +0200\r\nFrom: {}\r\nTo: {}\r\nSubject: {}\r\nDate: Tue, 1 Jul 2003 10:52:37 +0200\r\nMessage-ID: <{:x}@mx.example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
        rng.next_u64() & 0xFFFF_FFFF,
        mailbox(rng),
        mailbox(rng),
        text(rng, 30).trim_end(),
        rng.next_u64()
    );
    let body = text(rng, len.saturating_sub(m.len()));
    for line in body.split_inclusive("\r\n") {
        match rng.range(0, 24) {
            0 => m.push_str(".\r\n"),
            1 => m.push_str("...\r\n"),
            2 => m.push_str(".hidden "),
            _ => {}
        }
        m.push_str(line);
    }
    m.into_bytes()
}

/// `message` as the response to `RETR` (RFC 1939 §§3, 5): `+OK n octets`, the message with
/// every line that starts with `.` given one more `.`, and the terminating `.` line.
/// `message` must consist of CRLF-ended lines.
pub fn pop3_retr_response(message: &[u8]) -> Vec<u8> {
    let mut out = format!("+OK {} octets\r\n", message.len()).into_bytes();
    for line in message.split_inclusive(|&b| b == b'\n') {
        if line.first() == Some(&b'.') {
            out.push(b'.');
        }
        out.extend_from_slice(line);
    }
    out.extend_from_slice(b".\r\n");
    out
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
        assert_eq!(
            command_stream(&mut Rng::new(7), 20),
            command_stream(&mut Rng::new(7), 20)
        );
    }

    #[test]
    fn pop3_inputs() {
        let listing = pop3_scan_listing(&mut Rng::new(3), 1000);
        assert_eq!(listing.split(|&b| b == b'\n').count(), 1003);
        assert!(listing.ends_with(b"\r\n1000 ") || listing.ends_with(b"\r\n.\r\n"));
        let m = pop3_message(&mut Rng::new(3), 8192);
        assert!((8000..9000).contains(&m.len()), "{}", m.len());
        let r = pop3_retr_response(&m);
        assert_eq!(
            r.len() - m.len(),
            format!("+OK {} octets\r\n.\r\n", m.len()).len()
                + m.split(|&b| b == b'\n')
                    .filter(|l| l.first() == Some(&b'.'))
                    .count()
        );
    }

    #[test]
    fn base64_rfc4648_vectors() {
        for (input, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), encoded);
        }
    }

    #[test]
    fn command_stream_shape() {
        let stream = command_stream(&mut Rng::new(1), 100);
        let text = String::from_utf8(stream).unwrap();
        assert!(text.ends_with("QUIT\r\n"));
        let mails = text.lines().filter(|l| l.starts_with("MAIL FROM:")).count();
        assert_eq!(mails, 100);
        let rcpts = text.lines().filter(|l| l.starts_with("RCPT TO:")).count();
        assert!((100..=600).contains(&rcpts), "{rcpts}");
    }
}
