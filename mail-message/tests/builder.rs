//! The message builder: exact wire bytes for small messages (RFC 5322, RFC 2045-2047, RFC 2231),
//! header-injection refusals, and the other errors an application can run into.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_message::Message;
use mail_message::builder::{
    AddressProblem, BuildError, Component, MessageBuilder, MimePart, SequentialBoundaries, mailbox,
    named_mailbox,
};
use mail_message::field::address::{Address, Group};
use mail_message::field::date::DateTime;
use mail_message::field::message_id::MessageId;
use mail_message::field::transfer_encoding::TransferEncoding;

fn date() -> DateTime {
    DateTime::new(1997, 11, 21, 9, 55, 6, Some(-360)).unwrap()
}

/// A builder with the two required fields.
fn base() -> MessageBuilder<'static> {
    MessageBuilder::new()
        .date(date())
        .from(named_mailbox("John Doe", "jdoe@machine.example"))
}

fn build(b: &MessageBuilder<'_>) -> String {
    let bytes = b.build(&mut SequentialBoundaries::default()).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn err(b: &MessageBuilder<'_>) -> BuildError {
    b.build(&mut SequentialBoundaries::default()).unwrap_err()
}

/// The header section of a built message.
fn header(s: &str) -> &str {
    &s[..s.find("\r\n\r\n").unwrap() + 2]
}

/// Every line (CRLF-terminated) of the output, checking there is no bare CR or LF.
fn lines(s: &str) -> Vec<&str> {
    assert!(s.ends_with("\r\n"));
    let lines: Vec<&str> = s[..s.len() - 2].split("\r\n").collect();
    for l in &lines {
        assert!(
            !l.contains('\r') && !l.contains('\n'),
            "bare CR/LF in {l:?}"
        );
    }
    lines
}

// --- RFC 5322 Appendix A.1.1, as the builder writes it ---------------------------------------

#[test]
fn rfc5322_a_1_1_simple_message() {
    let b = MessageBuilder::new()
        .from(named_mailbox("John Doe", "jdoe@machine.example"))
        .to(named_mailbox("Mary Smith", "mary@example.net"))
        .subject("Saying Hello")
        .date(date())
        .message_id(MessageId("1234@local.machine.example".into()))
        .text_body("This is a message just to say hello.\nSo, \"Hello\".");
    assert_eq!(
        build(&b),
        "Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n\
         From: John Doe <jdoe@machine.example>\r\n\
         To: Mary Smith <mary@example.net>\r\n\
         Message-ID: <1234@local.machine.example>\r\n\
         Subject: Saying Hello\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 7bit\r\n\
         \r\n\
         This is a message just to say hello.\r\n\
         So, \"Hello\".\r\n"
    );
}

#[test]
fn rfc5322_a_1_2_groups_and_quoted_names() {
    // Appendix A.1.2: a group and a display name that needs quoting.
    let b = MessageBuilder::new()
        .from(named_mailbox("Joe Q. Public", "john.q.public@example.com"))
        .to(named_mailbox("Mary Smith", "mary@x.test"))
        .to(mailbox("jdoe@example.org"))
        .to(named_mailbox("Who?", "one@y.test"))
        .cc(named_mailbox(
            "Giant; \"Big\" Box",
            "sysservices@example.net",
        ))
        .date(date());
    assert_eq!(
        build(&b),
        "Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n\
         From: \"Joe Q. Public\" <john.q.public@example.com>\r\n\
         To: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>\r\n\
         Cc: \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>\r\n\
         \r\n"
    );
    // A.1.3: an empty group.
    let b = base().to(Address::Group(Group {
        name: "Undisclosed recipients".into(),
        members: vec![],
    }));
    assert!(build(&b).contains("\r\nTo: Undisclosed recipients:;\r\n"));
}

#[test]
fn field_order_follows_rfc5322_3_6() {
    let b = base()
        .header("X-Mailer", "test")
        .subject("s")
        .references(MessageId("a@b".into()))
        .in_reply_to(MessageId("a@b".into()))
        .message_id(MessageId("m@b".into()))
        .cc(mailbox("c@d.test"))
        .to(mailbox("t@d.test"))
        .reply_to(mailbox("r@d.test"))
        .sender(mailbox("s@d.test"))
        .text_body("x");
    let s = build(&b);
    let names: Vec<&str> = lines(header(&s))
        .iter()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Date",
            "From",
            "Sender",
            "Reply-To",
            "To",
            "Cc",
            "Message-ID",
            "In-Reply-To",
            "References",
            "Subject",
            "X-Mailer",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding"
        ]
    );
}

#[test]
fn no_body_means_no_mime_fields() {
    assert_eq!(
        build(&base()),
        "Date: Fri, 21 Nov 1997 09:55:06 -0600\r\nFrom: John Doe <jdoe@machine.example>\r\n\r\n"
    );
}

// --- Header text: RFC 2047 and folding -------------------------------------------------------

#[test]
fn utf8_subject_exact_encoded_words() {
    // Adjacent words that need encoding form one run, the space between them encoded inside
    // (white space between encoded words is dropped by decoders); B here (40 characters
    // against 42 for Q), Q for the word alone (33 against 36).
    let b = base().subject("Überweisungsbestätigung für Mai");
    assert!(
        build(&b)
            .contains("\r\nSubject: =?utf-8?b?w5xiZXJ3ZWlzdW5nc2Jlc3TDpHRpZ3VuZyBmw7xy?= Mai\r\n")
    );
    let b = base().subject("Überweisungsbestätigung");
    assert!(build(&b).contains("\r\nSubject: =?utf-8?q?=C3=9Cberweisungsbest=C3=A4tigung?=\r\n"));
    // RFC 2047 §8 example name, in UTF-8: "André" is shorter in B.
    let b = base().to(named_mailbox("André Pirard", "PIRARD@vm1.ulg.ac.be"));
    assert!(build(&b).contains("\r\nTo: =?utf-8?b?QW5kcsOp?= Pirard <PIRARD@vm1.ulg.ac.be>\r\n"));
    // Non-atoms next to non-ASCII words are encoded with them; atoms stay plain.
    let b = base().to(named_mailbox("Zoë (Paris)", "z@x.test"));
    assert!(build(&b).contains("\r\nTo: =?utf-8?b?Wm/DqyAoUGFyaXMp?= <z@x.test>\r\n"));
    let b = base().to(named_mailbox("Zoë Martin", "z@x.test"));
    assert!(build(&b).contains("\r\nTo: =?utf-8?q?Zo=C3=AB?= Martin <z@x.test>\r\n"));
}

#[test]
fn long_subject_folds_at_exactly_78() {
    // "Subject:" (8) + 7 × " abcdefghi" (70) = 78 octets; the eighth word goes on a new line.
    let subject = ["abcdefghi"; 9].join(" ");
    let s = build(&base().subject(subject));
    assert!(s.contains(&format!(
        "\r\nSubject: {}\r\n abcdefghi abcdefghi\r\n",
        ["abcdefghi"; 7].join(" ")
    )));
    // One octet more on the first line and the seventh word moves down too.
    let subject = format!("x{}", ["abcdefghi"; 9].join(" "));
    let s = build(&base().subject(subject));
    assert!(s.contains(&format!(
        "\r\nSubject: x{}\r\n {}\r\n",
        ["abcdefghi"; 6].join(" "),
        ["abcdefghi"; 3].join(" ")
    )));
}

#[test]
fn long_encoded_subject_respects_76_and_75() {
    let subject = "Ünïcödé ".repeat(20);
    let s = build(&base().subject(subject.as_str()));
    let h = header(&s);
    let mut in_subject = false;
    for l in lines(h) {
        in_subject = l.starts_with("Subject:") || (in_subject && l.starts_with(' '));
        if in_subject {
            assert!(l.len() <= 76, "{l}");
            for w in l.split(' ').filter(|w| w.starts_with("=?")) {
                assert!(w.len() <= 75);
            }
        }
    }
}

#[test]
fn overlong_ascii_word_becomes_encoded_words() {
    // A word that no line of 998 octets can hold is encoded (encoded words can be split).
    let word = "y".repeat(1200);
    let s = build(&base().subject(word.as_str()));
    for l in lines(header(&s)) {
        assert!(l.len() <= 78, "{}", l.len());
    }
    assert!(s.contains("Subject: =?utf-8?q?yyyy"));
    // A long word that fits in 998 stays as it is, alone on its line.
    let word = "z".repeat(500);
    let s = build(&base().subject(format!("a {word} b")));
    assert!(s.contains(&format!("Subject: a\r\n {word}\r\n b\r\n")));
}

// --- Bodies and transfer encodings -----------------------------------------------------------

#[test]
fn quoted_printable_body_with_long_line_and_trailing_spaces() {
    let text = format!("Grüße  \n{}é\nend", "a".repeat(80));
    let s = build(&base().text_body(text));
    let body = &s[s.find("\r\n\r\n").unwrap() + 4..];
    assert!(s.contains("Content-Transfer-Encoding: quoted-printable\r\n"));
    assert_eq!(
        body,
        format!(
            "Gr=C3=BC=C3=9Fe =20\r\n{}=\r\n{}=C3=A9\r\nend\r\n",
            "a".repeat(75),
            "a".repeat(5)
        )
    );
}

#[test]
fn eight_bit_only_when_allowed() {
    let s = build(&base().allow_8bit(true).text_body("Grüße\n"));
    assert!(s.contains("Content-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n"));
}

#[test]
fn base64_attachment_in_76_character_lines() {
    let data: Vec<u8> = (0..=255u8).collect();
    let b = base().body(MimePart::attachment(
        "application/octet-stream",
        "bytes.bin",
        data,
    ));
    let s = build(&b);
    assert!(s.contains(
        "Content-Type: application/octet-stream; name=bytes.bin\r\n\
         Content-Transfer-Encoding: base64\r\n\
         Content-Disposition: attachment; filename=bytes.bin\r\n\r\n"
    ));
    let body = &s[s.find("\r\n\r\n").unwrap() + 4..];
    let body_lines = lines(body);
    assert_eq!(body_lines.len(), 5);
    assert!(body_lines[..4].iter().all(|l| l.len() == 76));
    assert_eq!(
        body_lines[0],
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4"
    );
    assert_eq!(body_lines[4], "5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==");
}

#[test]
fn rfc2231_filename_with_continuations() {
    let name = "Jahresabschluss für das Geschäftsjahr 2023 (geprüft und endgültig).pdf";
    let b = base().body(MimePart::attachment("application/pdf", name, &b"%PDF"[..]));
    let s = build(&b);
    assert!(
        s.contains(
            "Content-Disposition: attachment;\r\n \
         filename*0*=utf-8''Jahresabschluss%20f%C3%BCr%20das%20Gesch%C3%A4ftsjahr%202;\r\n \
         filename*1*=023%20%28gepr%C3%BCft%20und%20endg%C3%BCltig%29.pdf\r\n"
        ),
        "{s}"
    );
    // Never RFC 2047 inside a parameter.
    assert!(!s.contains("=?utf-8?"));
    // A long ASCII name uses quoted continuations.
    let name = format!("{}.txt", "report-".repeat(14));
    let s = build(&base().body(MimePart::attachment(
        "text/plain",
        name.as_str(),
        &b"x\r\n"[..],
    )));
    assert!(
        s.contains("filename*0=\"report-") && s.contains("filename*1=\""),
        "{s}"
    );
    for l in lines(header(&s)) {
        assert!(l.len() <= 78, "{l}");
    }
}

#[test]
fn alternative_inside_mixed_exact() {
    let b = base()
        .to(mailbox("mary@example.net"))
        .subject("Report")
        .text_body("See attachment.")
        .html_body("<p>See attachment.</p>")
        .attachment(MimePart::attachment(
            "text/csv",
            "data.csv",
            &b"a,b\r\n1,2\r\n"[..],
        ));
    assert_eq!(
        build(&b),
        "Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n\
         From: John Doe <jdoe@machine.example>\r\n\
         To: mary@example.net\r\n\
         Subject: Report\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"=_boundary_2_\"\r\n\
         \r\n\
         --=_boundary_2_\r\n\
         Content-Type: multipart/alternative; boundary=\"=_boundary_1_\"\r\n\
         \r\n\
         --=_boundary_1_\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 7bit\r\n\
         \r\n\
         See attachment.\r\n\
         \r\n\
         --=_boundary_1_\r\n\
         Content-Type: text/html; charset=utf-8\r\n\
         Content-Transfer-Encoding: 7bit\r\n\
         \r\n\
         <p>See attachment.</p>\r\n\
         \r\n\
         --=_boundary_1_--\r\n\
         \r\n\
         --=_boundary_2_\r\n\
         Content-Type: text/csv; name=data.csv\r\n\
         Content-Transfer-Encoding: 7bit\r\n\
         Content-Disposition: attachment; filename=data.csv\r\n\
         \r\n\
         a,b\r\n\
         1,2\r\n\
         \r\n\
         --=_boundary_2_--\r\n"
    );
    let s = build(&b);
    let m = Message::parse(s.as_bytes()).unwrap();
    assert!(m.defects().is_empty());
    let leaves: Vec<_> = m.leaf_parts().map(|p| p.raw_body().to_vec()).collect();
    assert_eq!(
        leaves,
        [
            &b"See attachment.\r\n"[..],
            b"<p>See attachment.</p>\r\n",
            b"a,b\r\n1,2\r\n"
        ]
    );
}

#[test]
fn nested_message_rfc822_exact() {
    let inner = MessageBuilder::new()
        .date(date())
        .from(mailbox("inner@example.org"))
        .subject("Inner")
        .text_body("inner body");
    let b = base().subject("Fwd: Inner").body(MimePart::mixed(vec![
        MimePart::text("See below."),
        MimePart::message(inner),
    ]));
    let s = build(&b);
    assert!(
        s.ends_with(
            "--=_boundary_1_\r\n\
         Content-Type: message/rfc822\r\n\
         \r\n\
         Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n\
         From: inner@example.org\r\n\
         Subject: Inner\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 7bit\r\n\
         \r\n\
         inner body\r\n\
         \r\n\
         --=_boundary_1_--\r\n"
        ),
        "{s}"
    );
    let m = Message::parse(s.as_bytes()).unwrap();
    assert!(m.defects().is_empty());
    let part = m.root().children().nth(1).unwrap();
    let inner = part.message().unwrap();
    assert_eq!(inner.headers().raw_value("subject").unwrap(), b" Inner");
    assert_eq!(inner.raw_body(), b"inner body\r\n");
}

#[test]
fn raw_message_is_normalised() {
    let b = base().body(MimePart::raw_message(
        &b"From: a@b.test\nSubject: x\n\nbody"[..],
    ));
    let s = build(&b);
    assert!(s.ends_with(
        "Content-Type: message/rfc822\r\n\r\nFrom: a@b.test\r\nSubject: x\r\n\r\nbody\r\n"
    ));
    let b = base().body(MimePart::raw_message("Subject: é\r\n\r\n".as_bytes()));
    assert_eq!(err(&b), BuildError::InvalidEncapsulatedMessage);
    let s = build(&b.allow_8bit(true));
    assert!(s.contains("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n"));
}

#[test]
fn preamble_and_epilogue() {
    let b = base().body(
        MimePart::mixed(vec![MimePart::text("x")])
            .preamble("This is a multi-part message in MIME format.")
            .epilogue("bye"),
    );
    let s = build(&b);
    assert!(s.ends_with(
        "\r\n\r\nThis is a multi-part message in MIME format.\r\n--=_boundary_1_\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nx\r\n\
         \r\n--=_boundary_1_--\r\nbye\r\n"
    ));
    let m = Message::parse(s.as_bytes()).unwrap();
    assert_eq!(
        m.root().preamble().unwrap(),
        b"This is a multi-part message in MIME format."
    );
    let b = base().body(MimePart::mixed(vec![MimePart::text("x")]).preamble("é"));
    assert_eq!(err(&b), BuildError::InvalidMultipartText("preamble"));
}

// --- Bcc and the envelope --------------------------------------------------------------------

#[test]
fn bcc_absent_unless_asked() {
    let b = base()
        .to(mailbox("to@example.net"))
        .bcc(named_mailbox("Secret", "hidden@example.net"))
        .text_body("hi");
    let s = build(&b);
    assert!(!s.contains("Bcc") && !s.contains("hidden@"));
    let s = build(&b.clone().include_bcc(true));
    assert!(s.contains("\r\nTo: to@example.net\r\nBcc: Secret <hidden@example.net>\r\n"));
    let rcpt: Vec<String> = b
        .recipients()
        .iter()
        .map(|m| format!("{}@{}", m.local_part, m.domain))
        .collect();
    assert_eq!(rcpt, ["to@example.net", "hidden@example.net"]);
}

#[test]
fn recipients_expand_groups_and_drop_duplicates() {
    let b = base()
        .to(mailbox("a@x.test"))
        .cc(Address::Group(Group {
            name: "Team".into(),
            members: vec![mailbox("b@x.test"), mailbox("a@X.TEST")],
        }))
        .bcc(mailbox("c@x.test"));
    let rcpt: Vec<String> = b
        .recipients()
        .iter()
        .map(|m| format!("{}@{}", m.local_part, m.domain))
        .collect();
    assert_eq!(rcpt, ["a@x.test", "b@x.test", "c@x.test"]);
}

// --- Boundaries ------------------------------------------------------------------------------

#[test]
fn boundary_occurring_in_content_is_replaced() {
    let b = base().body(MimePart::mixed(vec![MimePart::text(
        "--=_boundary_1_ is here",
    )]));
    let s = build(&b);
    assert!(s.contains("boundary=\"=_boundary_2_\""));
    let mut same = || "fixed".to_owned();
    let b = base().body(MimePart::mixed(vec![MimePart::text("--fixed")]));
    assert_eq!(
        b.build(&mut same).unwrap_err(),
        BuildError::BoundaryCollision { tries: 16 }
    );
    let mut closure_count = 0;
    let mut generator = || {
        closure_count += 1;
        format!("b{closure_count}x")
    };
    let s = String::from_utf8(b.build(&mut generator).unwrap()).unwrap();
    assert!(s.contains("boundary=b1x"));
}

// --- Errors ----------------------------------------------------------------------------------

#[test]
fn required_fields() {
    let no_date = MessageBuilder::new().from(mailbox("a@b.test"));
    assert_eq!(err(&no_date), BuildError::MissingField("Date"));
    let no_from = MessageBuilder::new().date(date());
    assert_eq!(err(&no_from), BuildError::MissingField("From"));
    let two = base().from(mailbox("b@c.test"));
    assert_eq!(err(&two), BuildError::SenderRequired);
    assert!(build(&two.sender(mailbox("b@c.test"))).contains("\r\nSender: b@c.test\r\n"));
}

#[test]
fn invalid_values() {
    assert_eq!(
        err(&base().header("Subject", "x")),
        BuildError::ReservedField {
            name: "Subject".into()
        }
    );
    assert!(matches!(
        err(&base().header("Bad Name", "x")),
        BuildError::InvalidToken {
            what: Component::FieldName,
            ..
        }
    ));
    assert!(matches!(
        err(&base().to(mailbox("jörg@example.org"))),
        BuildError::InvalidAddress {
            problem: AddressProblem::NonAscii,
            ..
        }
    ));
    assert!(
        build(&base().smtputf8(true).to(mailbox("jörg@例え.jp"))).contains("To: jörg@例え.jp\r\n")
    );
    assert!(matches!(
        err(&base().message_id(MessageId("no-at-sign".into()))),
        BuildError::InvalidMessageId { .. }
    ));
    assert!(matches!(
        err(&base().body(MimePart::new("text", &b"x"[..]))),
        BuildError::InvalidToken {
            what: Component::MediaType,
            ..
        }
    ));
    assert_eq!(
        err(&base().body(MimePart::mixed(vec![]))),
        BuildError::EmptyMultipart
    );
    let nameless = Address::Group(Group {
        name: " ".into(),
        members: vec![],
    });
    assert!(matches!(
        err(&base().to(nameless)),
        BuildError::InvalidToken {
            what: Component::DisplayName,
            ..
        }
    ));
    let forced = MimePart::text("é").transfer_encoding(TransferEncoding::SevenBit);
    assert!(matches!(
        err(&base().body(forced)),
        BuildError::UnsuitableTransferEncoding { .. }
    ));
    let forced = MimePart::text("x").transfer_encoding(TransferEncoding::Binary);
    assert!(matches!(
        err(&base().body(forced)),
        BuildError::UnsuitableTransferEncoding { .. }
    ));
    let forced = MimePart::text("plain").transfer_encoding(TransferEncoding::Base64);
    assert!(
        build(&base().body(forced))
            .ends_with("Content-Transfer-Encoding: base64\r\n\r\ncGxhaW4NCg==\r\n")
    );
}

#[test]
fn write_to_appends_or_leaves_untouched() {
    let mut out = b"prefix".to_vec();
    let bad = base().subject("a\nb");
    assert!(
        bad.write_to(&mut out, &mut SequentialBoundaries::default())
            .is_err()
    );
    assert_eq!(out, b"prefix");
    base()
        .write_to(&mut out, &mut SequentialBoundaries::default())
        .unwrap();
    assert!(out.starts_with(b"prefixDate: "));
}

#[path = "builder/injection.rs"]
mod injection;

#[test]
fn bodies_may_hold_anything() {
    let data = b"\0\r\x80\n\r\n".to_vec();
    let s = build(&base().body(MimePart::new("application/octet-stream", data)));
    assert!(s.ends_with("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAA2ACg0K\r\n"));
}

#[test]
fn structured_header_is_written_as_given() {
    let url = "<https://example.com/unsubscribe?id=?42&x=1>, <mailto:leave@example.com>";
    let s = build(&base().structured_header("List-Unsubscribe", url));
    assert!(s.contains(
        "\r\nList-Unsubscribe: <https://example.com/unsubscribe?id=?42&x=1>,\r\n <mailto:leave@example.com>\r\n"
    ));
    // The same value as unstructured text would have its "=?" word encoded.
    let s = build(&base().header("X-Url", "see https://example.com/?a=?b"));
    assert!(s.contains("X-Url: see =?utf-8?"));
    assert!(matches!(
        err(&base().structured_header("X-Raw", "é")),
        BuildError::InvalidCharacter {
            what: Component::Value,
            character: 'é',
            position: 0,
            ..
        }
    ));
    assert!(matches!(
        err(&base().structured_header("X-Raw", "a\r\nBcc: x")),
        BuildError::InvalidCharacter { .. }
    ));
    assert_eq!(
        err(&base().structured_header("X-Raw", "y".repeat(998))),
        BuildError::LineTooLong {
            field: "X-Raw".into()
        }
    );
    assert_eq!(
        err(&base().structured_header("Subject", "x")),
        BuildError::ReservedField {
            name: "Subject".into()
        }
    );
}

#[test]
fn long_field_name_folds_after_the_colon_for_encoded_words() {
    let name = format!("X-{}", "N".repeat(70));
    let s = build(&base().header(name.as_str(), "ünïcödé"));
    assert!(s.contains(&format!("\r\n{name}:\r\n =?utf-8?")), "{s}");
    for l in lines(header(&s)) {
        assert!(l.len() <= 78);
    }
}

#[test]
fn envelope_for_smtp() {
    let b = base()
        .to(mailbox("to@example.net"))
        .cc(named_mailbox("Q", "john smith@example.net"))
        .bcc(mailbox("hidden@example.net"));
    let env = b.envelope().unwrap();
    assert_eq!(env.reverse_path.to_string(), "<jdoe@machine.example>");
    let rcpt: Vec<String> = env
        .recipients
        .iter()
        .map(|r| r.forward_path.to_string())
        .collect();
    assert_eq!(
        rcpt,
        [
            "<to@example.net>",
            "<\"john smith\"@example.net>",
            "<hidden@example.net>"
        ]
    );
    let env = base()
        .sender(mailbox("bounce@example.org"))
        .envelope()
        .unwrap();
    assert_eq!(env.reverse_path.to_string(), "<bounce@example.org>");
    // RFC 5321 §4.5.3.1.1: a local part of at most 64 octets.
    let long = format!("{}@example.net", "l".repeat(65));
    assert!(matches!(
        base().to(mailbox(&long)).envelope(),
        Err(BuildError::InvalidAddress {
            problem: AddressProblem::NotSmtp,
            ..
        })
    ));
    assert_eq!(
        MessageBuilder::new().envelope(),
        Err(BuildError::MissingField("From"))
    );
}
