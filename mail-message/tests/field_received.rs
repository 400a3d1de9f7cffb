//! `Received::parse`: RFC 5321 §4.4 `Stamp` clauses in the shapes the common servers write
//! (Postfix, Gmail, Exchange, Dovecot LMTP, Exim, Sendmail, qmail; examples written for these
//! tests), the RFC 5322 §3.6.7 fallback, and the defects.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;
use std::net::IpAddr;

use mail_message::DefectKind;
use mail_message::field::address::Mailbox;
use mail_message::field::date::DateTime;
use mail_message::field::received::{ExtendedDomain, Received, ReceivedClause};

fn parse(raw: &[u8]) -> (Received<'_>, Vec<(DefectKind, usize)>) {
    let mut defects = Vec::new();
    let r = Received::parse(raw, &mut defects);
    (r, defects.iter().map(|d| (d.kind, d.offset)).collect())
}

fn clean(raw: &[u8]) -> Received<'_> {
    let (r, defects) = parse(raw);
    assert_eq!(defects, [], "{}", String::from_utf8_lossy(raw));
    r
}

fn host(domain: &str, tcp_info: Option<&str>, ip: Option<&str>) -> Option<ExtendedDomain<'static>> {
    Some(ExtendedDomain {
        domain: Cow::Owned(domain.to_owned()),
        tcp_info: tcp_info.map(|t| Cow::Owned(t.to_owned())),
        ip: ip.map(|i| i.parse::<IpAddr>().unwrap()),
    })
}

fn rcpt(local: &str, domain: &str) -> Option<Mailbox<'static>> {
    Some(Mailbox {
        name: None,
        local_part: Cow::Owned(local.to_owned()),
        domain: Cow::Owned(domain.to_owned()),
    })
}

fn dt(y: u16, mo: u8, d: u8, h: u8, mi: u8, s: u8, off: Option<i16>) -> Option<DateTime> {
    Some(DateTime::new(y, mo, d, h, mi, s, off).unwrap())
}

fn s(v: &str) -> Option<Cow<'static, str>> {
    Some(Cow::Owned(v.to_owned()))
}

#[test]
fn postfix_mx_with_tls() {
    let r = clean(
        b" from mail.sender.example (mail.sender.example [198.51.100.23])\r\n\
          \t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\r\n\
          \t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)\r\n\
          \t(No client certificate requested)\r\n\
          \tby mx.receiver.example (Postfix) with ESMTPS id 4XyZ1234AbC\r\n\
          \tfor <alice@receiver.example>; Mon,  3 Jun 2024 14:05:09 +0200 (CEST)",
    );
    assert_eq!(
        r.from,
        host(
            "mail.sender.example",
            Some("mail.sender.example [198.51.100.23]"),
            Some("198.51.100.23")
        )
    );
    assert_eq!(r.by, host("mx.receiver.example", Some("Postfix"), None));
    assert!(matches!(r.with, Some(Cow::Borrowed(_))));
    assert_eq!((r.via, r.with, r.id), (None, s("ESMTPS"), s("4XyZ1234AbC")));
    assert_eq!(r.for_address, rcpt("alice", "receiver.example"));
    assert_eq!(r.additional_clauses, []);
    assert_eq!(r.date, dt(2024, 6, 3, 14, 5, 9, Some(120)));
    // Everything is borrowed from the field.
    let from = r.from.unwrap();
    assert!(matches!(from.domain, Cow::Borrowed(_)));
    assert!(matches!(from.tcp_info, Some(Cow::Borrowed(_))));
}

#[test]
fn postfix_local_pickup() {
    let r = clean(
        b" by mail.example.org (Postfix, from userid 1000)\r\n\tid 0B1C2D3E4F; \
          Tue,  4 Jun 2024 09:00:00 +0000 (UTC)",
    );
    assert_eq!(r.from, None);
    assert_eq!(
        r.by,
        host("mail.example.org", Some("Postfix, from userid 1000"), None)
    );
    assert_eq!(r.id, s("0B1C2D3E4F"));
    assert_eq!(r.date, dt(2024, 6, 4, 9, 0, 0, Some(0)));
}

#[test]
fn gmail_inbound_and_internal_hop() {
    let r = clean(
        b" from mail-ej1-f41.example.com (mail-ej1-f41.example.com. [203.0.113.41])\r\n        \
          by mx.google.example with SMTPS id a640c23a62f3a-a6f0f1234sor123456566b.12.2024.06.05.07.30.45\r\n        \
          for <bob@example.net>\r\n        (Google Transport Security);\r\n        \
          Wed, 05 Jun 2024 07:30:45 -0700 (PDT)",
    );
    assert_eq!(
        r.from,
        host(
            "mail-ej1-f41.example.com",
            Some("mail-ej1-f41.example.com. [203.0.113.41]"),
            Some("203.0.113.41")
        )
    );
    assert_eq!(r.by, host("mx.google.example", None, None));
    assert_eq!(r.with, s("SMTPS"));
    assert_eq!(
        r.id,
        s("a640c23a62f3a-a6f0f1234sor123456566b.12.2024.06.05.07.30.45")
    );
    assert_eq!(r.for_address, rcpt("bob", "example.net"));
    assert_eq!(r.date, dt(2024, 6, 5, 7, 30, 45, Some(-420)));

    let r = clean(
        b" by 2002:a05:6a10:1234:b0:5a1:abcd:ef01 with SMTP id x12csp345678pxb;\r\n        \
          Wed, 5 Jun 2024 07:30:46 -0700 (PDT)",
    );
    assert_eq!(
        r.by,
        host(
            "2002:a05:6a10:1234:b0:5a1:abcd:ef01",
            None,
            Some("2002:a05:6a10:1234:b0:5a1:abcd:ef01")
        )
    );
    assert_eq!((r.with, r.id), (s("SMTP"), s("x12csp345678pxb")));
    assert_eq!(r.date, dt(2024, 6, 5, 7, 30, 46, Some(-420)));
}

#[test]
fn exchange() {
    let r = clean(
        b" from DM6PR11MB1234.namprd11.prod.example.com (2603:10b6:5:1a0::15) by\r\n \
          DM6PR11MB5678.namprd11.prod.example.com (2603:10b6:5:2b0::22) with\r\n \
          Microsoft SMTP Server (version=TLS1_2,\r\n \
          cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7633.21; Thu, 6 Jun\r\n \
          2024 10:11:12 +0000",
    );
    assert_eq!(
        r.from,
        host(
            "DM6PR11MB1234.namprd11.prod.example.com",
            Some("2603:10b6:5:1a0::15"),
            Some("2603:10b6:5:1a0::15")
        )
    );
    assert_eq!(
        r.by,
        host(
            "DM6PR11MB5678.namprd11.prod.example.com",
            Some("2603:10b6:5:2b0::22"),
            Some("2603:10b6:5:2b0::22")
        )
    );
    assert_eq!(r.with, s("Microsoft SMTP Server"));
    assert!(matches!(r.with, Some(Cow::Borrowed(_))));
    assert_eq!(r.id, s("15.20.7633.21"));
    assert_eq!(r.date, dt(2024, 6, 6, 10, 11, 12, Some(0)));

    let r = clean(
        b" from EX1.corp.example (10.1.2.3) by EX2.corp.example (10.1.2.4) with Microsoft\r\n \
          SMTP Server id 15.1.2507.39 via Frontend Transport; Fri, 7 Jun 2024 08:00:00 +0200",
    );
    assert_eq!(
        r.from,
        host("EX1.corp.example", Some("10.1.2.3"), Some("10.1.2.3"))
    );
    assert_eq!(
        r.by,
        host("EX2.corp.example", Some("10.1.2.4"), Some("10.1.2.4"))
    );
    // Folded between the words: joined with single spaces.
    assert_eq!(r.with, s("Microsoft SMTP Server"));
    assert_eq!(r.via, s("Frontend Transport"));
    assert_eq!(r.id, s("15.1.2507.39"));
    assert_eq!(r.date, dt(2024, 6, 7, 8, 0, 0, Some(120)));
}

#[test]
fn dovecot_lmtp() {
    let r = clean(
        b" from mail.example.org\r\n\tby mail.example.org with LMTP\r\n\t\
          id kBkJBc3kX2ZyGwAAhG3nTw\r\n\t(envelope-from <sender@example.com>)\r\n\t\
          for <carol@example.org>; Sat, 08 Jun 2024 12:34:56 +0200",
    );
    assert_eq!(r.from, host("mail.example.org", None, None));
    assert_eq!(r.by, host("mail.example.org", None, None));
    assert_eq!((r.with, r.id), (s("LMTP"), s("kBkJBc3kX2ZyGwAAhG3nTw")));
    assert_eq!(r.for_address, rcpt("carol", "example.org"));
    assert_eq!(r.date, dt(2024, 6, 8, 12, 34, 56, Some(120)));
}

#[test]
fn exim_with_tls_clause() {
    let r = clean(
        b" from [192.0.2.77] (helo=client.example)\r\n\tby smtp.example.com with esmtpsa  (TLS1.3) \
          tls TLS_AES_256_GCM_SHA384\r\n\t(Exim 4.97)\r\n\t(envelope-from <dave@example.com>)\r\n\t\
          id 1sFxyz-000ABC-1q\r\n\tfor erin@example.net; Sun, 09 Jun 2024 18:00:00 +0100",
    );
    assert_eq!(
        r.from,
        host(
            "[192.0.2.77]",
            Some("helo=client.example"),
            Some("192.0.2.77")
        )
    );
    assert_eq!(r.by, host("smtp.example.com", None, None));
    assert_eq!(r.with, s("esmtpsa"));
    assert_eq!(
        r.additional_clauses,
        [ReceivedClause {
            name: "tls".into(),
            value: "TLS_AES_256_GCM_SHA384".into()
        }]
    );
    assert_eq!(r.id, s("1sFxyz-000ABC-1q"));
    assert_eq!(r.for_address, rcpt("erin", "example.net"));
    assert_eq!(r.date, dt(2024, 6, 9, 18, 0, 0, Some(60)));
}

#[test]
fn sendmail_and_ipv6_literals() {
    let r = clean(
        b" from client.example (client.example [192.0.2.9] (may be forged))\r\n\t\
          by mx.example.net (8.17.1/8.17.1) with ESMTP id 459AbCdE012345\r\n\t\
          for <frank@example.net>; Mon, 10 Jun 2024 11:22:33 -0400",
    );
    assert_eq!(
        r.from,
        host(
            "client.example",
            Some("client.example [192.0.2.9] (may be forged)"),
            Some("192.0.2.9")
        )
    );
    assert_eq!(r.by, host("mx.example.net", Some("8.17.1/8.17.1"), None));
    assert_eq!(r.for_address, rcpt("frank", "example.net"));
    assert_eq!(r.date, dt(2024, 6, 10, 11, 22, 33, Some(-240)));

    let r = clean(
        b" from mail.example ([IPv6:2001:db8::25]) by [IPv6:2001:db8::1] with ESMTP;\
          Mon, 10 Jun 2024 11:22:33 -0400",
    );
    assert_eq!(
        r.from,
        host(
            "mail.example",
            Some("[IPv6:2001:db8::25]"),
            Some("2001:db8::25")
        )
    );
    assert_eq!(r.by, host("[IPv6:2001:db8::1]", None, Some("2001:db8::1")));
}

#[test]
fn qmail() {
    let r = clean(b" (qmail 12345 invoked by uid 89); 11 Jun 2024 12:00:00 -0000");
    assert_eq!((r.from, r.by, r.with, r.id), (None, None, None, None));
    assert_eq!(r.date, dt(2024, 6, 11, 12, 0, 0, None));

    let r = clean(
        b" from unknown (HELO client.example) (192.0.2.10)\r\n  by mx.example.org with SMTP; \
          11 Jun 2024 12:00:01 -0000",
    );
    assert_eq!(
        r.from,
        host("unknown", Some("HELO client.example"), Some("192.0.2.10"))
    );
    assert_eq!(r.with, s("SMTP"));
}

#[test]
fn keywords_are_case_insensitive_and_ids_may_be_msg_ids() {
    let r = clean(
        b" FROM a.example BY b.example WITH ESMTP ID <x.1@b.example> FOR <u@b.example>; \
                     Mon, 10 Jun 2024 11:22:33 -0400",
    );
    assert_eq!(r.from, host("a.example", None, None));
    assert_eq!(r.by, host("b.example", None, None));
    assert_eq!(r.id, s("x.1@b.example"));
    assert_eq!(r.for_address, rcpt("u", "b.example"));
    // Several `for` paths (deprecated by RFC 5321 §7.2): the first is kept.
    let r = clean(b" by b.example for <u@b.example>, <v@b.example>; 10 Jun 2024 11:22:33 -0400");
    assert_eq!(r.for_address, rcpt("u", "b.example"));
}

#[test]
fn defects_and_fallbacks() {
    // No `;`: no date.
    let raw = b" from a.example by b.example";
    let (r, defects) = parse(raw);
    assert_eq!(r.by, host("b.example", None, None));
    assert_eq!(r.date, None);
    assert_eq!(defects, [(DefectKind::InvalidReceived, raw.len())]);
    // A stray token: skipped and reported once; the rest is still read.
    let (r, defects) =
        parse(b" from a.example <junk> [x] by b.example; 10 Jun 2024 11:22:33 -0400");
    assert_eq!(r.from, host("a.example", None, None));
    assert_eq!(r.by, host("b.example", None, None));
    assert!(r.date.is_some());
    assert_eq!(defects, [(DefectKind::InvalidReceived, 16)]);
    // A clause without a value, a repeated clause.
    let (_, defects) = parse(b" from a by ; 10 Jun 2024 11:22:33 -0400");
    assert_eq!(defects, [(DefectKind::InvalidReceived, 8)]);
    let (r, defects) = parse(b" with SMTP with ESMTP; 10 Jun 2024 11:22:33 -0400");
    assert_eq!(r.with, s("SMTP"));
    assert_eq!(defects, [(DefectKind::InvalidReceived, 11)]);
    // The date does not parse: its defect is at its place in the field.
    let (r, defects) = parse(b" by b.example; yesterday");
    assert_eq!(r.date, None);
    assert_eq!(defects, [(DefectKind::InvalidDate, 15)]);
    // The date is after the last `;` outside comments.
    let r = clean(b" by b (x;y) for <\"a;b\"@c>; 10 Jun 2024 11:22:33 -0400 (a; b)");
    assert_eq!(r.by, host("b", Some("x;y"), None));
    assert_eq!(r.for_address, rcpt("a;b", "c"));
    assert_eq!(r.date, dt(2024, 6, 10, 11, 22, 33, Some(-240)));
    // An empty field.
    let (r, defects) = parse(b"");
    assert_eq!((r.from, r.date), (None, None));
    assert_eq!(defects, [(DefectKind::InvalidReceived, 0)]);
}

#[test]
fn into_owned_keeps_the_values() {
    let raw = b" from a.example (a.example [192.0.2.1]) by b.example with ESMTP id X tls T \
                for <u@b.example>; 10 Jun 2024 11:22:33 -0400"
        .to_vec();
    let owned: Received<'static> = Received::parse(&raw, &mut Vec::new()).into_owned();
    let again = Received::parse(&raw, &mut Vec::new());
    assert_eq!(owned, again);
    drop(raw);
    assert_eq!(owned.from.unwrap().ip, Some("192.0.2.1".parse().unwrap()));
}
