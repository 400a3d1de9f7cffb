//! Every example message of RFC 5322 Appendix A (A.1.1 - A.6.3), whole, through `Message` and
//! its field accessors: the header section is cut into the right fields (folds, white space
//! before colons, lines of white space only), the body is found, and every field decodes to
//! what the RFC text says it means. (The field parsers alone are tested in
//! `rfc5322_fields.rs`.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt::Write as _;

use mail_message::field::address::{Address, AddressList};
use mail_message::{DefectKind, Message};

/// The RFC's examples are indented by three spaces and use LF; messages use CRLF.
fn message(example: &str) -> Vec<u8> {
    example
        .lines()
        .map(|l| l.strip_prefix("   ").unwrap_or(l))
        .map(|l| format!("{l}\r\n"))
        .collect::<String>()
        .into_bytes()
}

fn list(l: &AddressList<'_>) -> String {
    let mut out = String::new();
    for a in &l.addresses {
        if !out.is_empty() {
            out.push_str(", ");
        }
        let mbox = |m: &mail_message::field::address::Mailbox<'_>| match &m.name {
            Some(n) => format!("{n:?} {}", m.address()),
            None => m.address(),
        };
        match a {
            Address::Mailbox(m) => out.push_str(&mbox(m)),
            Address::Group(g) => {
                let members: Vec<String> = g.members.iter().map(mbox).collect();
                let _ = write!(out, "{:?}: [{}]", g.name, members.join(", "));
            }
        }
    }
    out
}

/// Everything the accessors decode, one line each (empty ones left out).
fn summary(m: &Message<'_>) -> String {
    let h = m.headers();
    let mut out = String::new();
    let mut line = |name: &str, value: String| {
        if !value.is_empty() {
            let _ = writeln!(out, "{name}: {value}");
        }
    };
    line(
        "fields",
        h.iter().map(|f| f.name()).collect::<Vec<_>>().join(","),
    );
    for name in ["resent-from", "resent-to", "from", "reply-to", "to", "cc"] {
        line(name, list(&h.addresses(name)));
    }
    line(
        "sender",
        h.sender().map(|s| s.address()).unwrap_or_default(),
    );
    line(
        "subject",
        h.subject().map(|s| s.into_owned()).unwrap_or_default(),
    );
    line("date", h.date().map(|d| d.to_rfc3339()).unwrap_or_default());
    line(
        "message-id",
        h.message_id()
            .map(|id| id.0.into_owned())
            .unwrap_or_default(),
    );
    line(
        "in-reply-to",
        h.in_reply_to()
            .iter()
            .map(|id| id.0.as_ref())
            .collect::<Vec<_>>()
            .join(" "),
    );
    line(
        "references",
        h.references()
            .iter()
            .map(|id| id.0.as_ref())
            .collect::<Vec<_>>()
            .join(" "),
    );
    line("body", format!("{:?}", String::from_utf8_lossy(m.body())));
    out
}

fn check(example: &str, expected: &str) {
    let data = message(example);
    let m = Message::parse(&data).unwrap();
    assert_eq!(summary(&m), expected);
    assert_eq!(m.defects(), [], "structure defects");
    assert_eq!(m.all_defects(), [], "field defects");
}

const A_1_1: &str = "   From: John Doe <jdoe@machine.example>
   To: Mary Smith <mary@example.net>
   Subject: Saying Hello
   Date: Fri, 21 Nov 1997 09:55:06 -0600
   Message-ID: <1234@local.machine.example>

   This is a message just to say hello.
   So, \"Hello\".";

#[test]
fn a_1_1_simple_addressing() {
    check(
        A_1_1,
        r#"fields: From,To,Subject,Date,Message-ID
from: "John Doe" jdoe@machine.example
to: "Mary Smith" mary@example.net
subject: Saying Hello
date: 1997-11-21T09:55:06-06:00
message-id: 1234@local.machine.example
body: "This is a message just to say hello.\r\nSo, \"Hello\".\r\n"
"#,
    );
    check(
        "   From: John Doe <jdoe@machine.example>
   Sender: Michael Jones <mjones@machine.example>
   To: Mary Smith <mary@example.net>
   Subject: Saying Hello
   Date: Fri, 21 Nov 1997 09:55:06 -0600
   Message-ID: <1234@local.machine.example>

   This is a message just to say hello.
   So, \"Hello\".",
        r#"fields: From,Sender,To,Subject,Date,Message-ID
from: "John Doe" jdoe@machine.example
to: "Mary Smith" mary@example.net
sender: mjones@machine.example
subject: Saying Hello
date: 1997-11-21T09:55:06-06:00
message-id: 1234@local.machine.example
body: "This is a message just to say hello.\r\nSo, \"Hello\".\r\n"
"#,
    );
}

#[test]
fn a_1_2_different_types_of_mailboxes() {
    check(
        r#"   From: "Joe Q. Public" <john.q.public@example.com>
   To: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>
   Cc: <boss@nil.test>, "Giant; \"Big\" Box" <sysservices@example.net>
   Date: Tue, 1 Jul 2003 10:52:37 +0200
   Message-ID: <5678.21-Nov-1997@example.com>

   Hi everyone."#,
        r#"fields: From,To,Cc,Date,Message-ID
from: "Joe Q. Public" john.q.public@example.com
to: "Mary Smith" mary@x.test, jdoe@example.org, "Who?" one@y.test
cc: boss@nil.test, "Giant; \"Big\" Box" sysservices@example.net
date: 2003-07-01T10:52:37+02:00
message-id: 5678.21-Nov-1997@example.com
body: "Hi everyone.\r\n"
"#,
    );
}

#[test]
fn a_1_3_group_addresses() {
    check(
        "   From: Pete <pete@silly.example>
   To: A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;
   Cc: Undisclosed recipients:;
   Date: Thu, 13 Feb 1969 23:32:54 -0330
   Message-ID: <testabcd.1234@silly.example>

   Testing.",
        r#"fields: From,To,Cc,Date,Message-ID
from: "Pete" pete@silly.example
to: "A Group": ["Ed Jones" c@a.test, joe@where.test, "John" jdoe@one.test]
cc: "Undisclosed recipients": []
date: 1969-02-13T23:32:54-03:30
message-id: testabcd.1234@silly.example
body: "Testing.\r\n"
"#,
    );
}

#[test]
fn a_2_reply_messages() {
    check(A_1_1, &summary(&Message::parse(&message(A_1_1)).unwrap()));
    check(
        r#"   From: Mary Smith <mary@example.net>
   To: John Doe <jdoe@machine.example>
   Reply-To: "Mary Smith: Personal Account" <smith@home.example>
   Subject: Re: Saying Hello
   Date: Fri, 21 Nov 1997 10:01:10 -0600
   Message-ID: <3456@example.net>
   In-Reply-To: <1234@local.machine.example>
   References: <1234@local.machine.example>

   This is a reply to your hello."#,
        r#"fields: From,To,Reply-To,Subject,Date,Message-ID,In-Reply-To,References
from: "Mary Smith" mary@example.net
reply-to: "Mary Smith: Personal Account" smith@home.example
to: "John Doe" jdoe@machine.example
subject: Re: Saying Hello
date: 1997-11-21T10:01:10-06:00
message-id: 3456@example.net
in-reply-to: 1234@local.machine.example
references: 1234@local.machine.example
body: "This is a reply to your hello.\r\n"
"#,
    );
    check(
        r#"   To: "Mary Smith: Personal Account" <smith@home.example>
   From: John Doe <jdoe@machine.example>
   Subject: Re: Saying Hello
   Date: Fri, 21 Nov 1997 11:00:00 -0600
   Message-ID: <abcd.1234@local.machine.test>
   In-Reply-To: <3456@example.net>
   References: <1234@local.machine.example> <3456@example.net>

   This is a reply to your reply."#,
        r#"fields: To,From,Subject,Date,Message-ID,In-Reply-To,References
from: "John Doe" jdoe@machine.example
to: "Mary Smith: Personal Account" smith@home.example
subject: Re: Saying Hello
date: 1997-11-21T11:00:00-06:00
message-id: abcd.1234@local.machine.test
in-reply-to: 3456@example.net
references: 1234@local.machine.example 3456@example.net
body: "This is a reply to your reply.\r\n"
"#,
    );
}

#[test]
fn a_3_resent_messages() {
    let data = message(
        "   Resent-From: Mary Smith <mary@example.net>
   Resent-To: Jane Brown <j-brown@other.example>
   Resent-Date: Mon, 24 Nov 1997 14:22:01 -0800
   Resent-Message-ID: <78910@example.net>
   From: John Doe <jdoe@machine.example>
   To: Mary Smith <mary@example.net>
   Subject: Saying Hello
   Date: Fri, 21 Nov 1997 09:55:06 -0600
   Message-ID: <1234@local.machine.example>

   This is a message just to say hello.
   So, \"Hello\".",
    );
    let m = Message::parse(&data).unwrap();
    assert_eq!(
        summary(&m),
        r#"fields: Resent-From,Resent-To,Resent-Date,Resent-Message-ID,From,To,Subject,Date,Message-ID
resent-from: "Mary Smith" mary@example.net
resent-to: "Jane Brown" j-brown@other.example
from: "John Doe" jdoe@machine.example
to: "Mary Smith" mary@example.net
subject: Saying Hello
date: 1997-11-21T09:55:06-06:00
message-id: 1234@local.machine.example
body: "This is a message just to say hello.\r\nSo, \"Hello\".\r\n"
"#
    );
    assert_eq!(m.all_defects(), []);
    // The resent block is the first fields, in order (RFC 5322 §3.6.6).
    let resent_date = m.header("resent-date").unwrap();
    let mut defects = Vec::new();
    let date =
        mail_message::field::date::DateTime::parse(resent_date.raw_value(), &mut defects).unwrap();
    assert_eq!(date.to_rfc3339(), "1997-11-24T14:22:01-08:00");
}

#[test]
fn a_4_trace_fields() {
    let data = message(
        "   Received: from x.y.test
      by example.net
      via TCP
      with ESMTP
      id ABC12345
      for <mary@example.net>;  21 Nov 1997 10:05:43 -0600
   Received: from node.example by x.y.test; 21 Nov 1997 10:01:22 -0600
   From: John Doe <jdoe@node.example>
   To: Mary Smith <mary@example.net>
   Subject: Saying Hello
   Date: Fri, 21 Nov 1997 09:55:06 -0600
   Message-ID: <1234@local.node.example>

   This is a message just to say hello.
   So, \"Hello\".",
    );
    let m = Message::parse(&data).unwrap();
    assert_eq!(m.all_defects(), []);
    let received: Vec<_> = m
        .headers()
        .get_all("received")
        .map(|f| mail_message::field::received::Received::parse(f.raw_value(), &mut Vec::new()))
        .collect();
    assert_eq!(received.len(), 2);
    // The first field is folded over six lines: the raw value keeps every fold.
    assert_eq!(
        m.header("received")
            .unwrap()
            .raw_value()
            .split(|&b| b == b'\n')
            .count(),
        6
    );
    assert_eq!(received[0].with.as_deref(), Some("ESMTP"));
    assert_eq!(received[0].id.as_deref(), Some("ABC12345"));
    assert_eq!(
        received[0].for_address.as_ref().unwrap().address(),
        "mary@example.net"
    );
    assert_eq!(
        received[0].date.unwrap().to_rfc3339(),
        "1997-11-21T10:05:43-06:00"
    );
    assert_eq!(received[1].by.as_ref().unwrap().domain, "x.y.test");
    assert_eq!(
        received[1].date.unwrap().to_rfc3339(),
        "1997-11-21T10:01:22-06:00"
    );
    assert_eq!(m.date().unwrap().to_rfc3339(), "1997-11-21T09:55:06-06:00");
}

#[test]
fn a_5_white_space_comments_and_other_oddities() {
    check(
        r"   From: Pete(A nice \) chap) <pete(his account)@silly.test(his host)>
   To:A Group(Some people)
        :Chris Jones <c@(Chris's host.)public.example>,
            joe@example.org,
     John <jdoe@one.test> (my dear friend); (the end of the group)
   Cc:(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;
   Date: Thu,
         13
           Feb
             1969
         23:32
                  -0330 (Newfoundland Time)
   Message-ID:              <testabcd.1234@silly.test>

   Testing.",
        r#"fields: From,To,Cc,Date,Message-ID
from: "Pete" pete@silly.test
to: "A Group": ["Chris Jones" c@public.example, joe@example.org, "John" jdoe@one.test]
cc: "Hidden recipients": []
date: 1969-02-13T23:32:00-03:30
message-id: testabcd.1234@silly.test
body: "Testing.\r\n"
"#,
    );
}

#[test]
fn a_6_1_obsolete_addressing() {
    check(
        "   From: Joe Q. Public <john.q.public@example.com>
   To: Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example
   Date: Tue, 1 Jul 2003 10:52:37 +0200
   Message-ID: <5678.21-Nov-1997@example.com>

   Hi everyone.",
        r#"fields: From,To,Date,Message-ID
from: "Joe Q. Public" john.q.public@example.com
to: "Mary Smith" mary@example.net, jdoe@test.example
date: 2003-07-01T10:52:37+02:00
message-id: 5678.21-Nov-1997@example.com
body: "Hi everyone.\r\n"
"#,
    );
}

#[test]
fn a_6_2_obsolete_dates() {
    check(
        "   From: John Doe <jdoe@machine.example>
   To: Mary Smith <mary@example.net>
   Subject: Saying Hello
   Date: 21 Nov 97 09:55:06 GMT
   Message-ID: <1234@local.machine.example>

   This is a message just to say hello.
   So, \"Hello\".",
        r#"fields: From,To,Subject,Date,Message-ID
from: "John Doe" jdoe@machine.example
to: "Mary Smith" mary@example.net
subject: Saying Hello
date: 1997-11-21T09:55:06+00:00
message-id: 1234@local.machine.example
body: "This is a message just to say hello.\r\nSo, \"Hello\".\r\n"
"#,
    );
}

#[test]
fn a_6_3_obsolete_white_space_and_comments() {
    // "__" in the RFC stands for two spaces: a line of white space only, part of the fold.
    let data = message(
        "   From  : John Doe <jdoe@machine(comment).  example>
   To    : Mary Smith
     
             <mary@example.net>
   Subject     : Saying Hello
   Date  : Fri, 21 Nov 1997 09(comment):   55  :  06 -0600
   Message-ID  : <1234   @   local(blah)  .machine .example>

   This is a message just to say hello.
   So, \"Hello\".",
    );
    let m = Message::parse(&data).unwrap();
    assert_eq!(
        summary(&m),
        r#"fields: From,To,Subject,Date,Message-ID
from: "John Doe" jdoe@machine.example
to: "Mary Smith" mary@example.net
subject: Saying Hello
date: 1997-11-21T09:55:06-06:00
message-id: 1234@local.machine.example
body: "This is a message just to say hello.\r\nSo, \"Hello\".\r\n"
"#
    );
    // The obsolete white space before each colon is accepted and reported (RFC 5322 §4.5).
    let kinds: Vec<DefectKind> = m.defects().iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [DefectKind::WhitespaceBeforeColon; 5]);
    assert_eq!(
        m.header("to").unwrap().raw_value(),
        b" Mary Smith\r\n  \r\n          <mary@example.net>"
    );
}
