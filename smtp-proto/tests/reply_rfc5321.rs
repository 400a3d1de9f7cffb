//! Every server reply of the example sessions in RFC 5321 Appendix D and §4.2.1, RFC 2920 §4,
//! RFC 3030 §4 and RFC 1870 §8: parsed to the exact value, re-encoded to the same bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod reply_support;

use reply_support::{ehlo, other, reply, session};
use smtp_proto::reply::{Capability, ReplyCode};

const D_EHLO: [&str; 5] = [
    "250-foo.com greets bar.com",
    "250-8BITMIME",
    "250-SIZE",
    "250-DSN",
    "250 HELP",
];

#[test]
fn rfc5321_d1_typical_transaction() {
    let mut lines = vec!["220 foo.com Simple Mail Transfer Service Ready"];
    lines.extend(D_EHLO);
    lines.extend([
        "250 OK",
        "250 OK",
        "550 No such user here",
        "250 OK",
        "354 Start mail input; end with <CRLF>.<CRLF>",
        "250 OK",
        "221 foo.com Service closing transmission channel",
    ]);
    let ehlo_reply = reply(
        250,
        None,
        &["foo.com greets bar.com", "8BITMIME", "SIZE", "DSN", "HELP"],
    );
    let r = session(
        &lines,
        &[
            reply(220, None, &["foo.com Simple Mail Transfer Service Ready"]),
            ehlo_reply.clone(),
            reply(250, None, &["OK"]),
            reply(250, None, &["OK"]),
            reply(550, None, &["No such user here"]),
            reply(250, None, &["OK"]),
            reply(354, None, &["Start mail input; end with <CRLF>.<CRLF>"]),
            reply(250, None, &["OK"]),
            reply(221, None, &["foo.com Service closing transmission channel"]),
        ],
    );
    let e = ehlo(
        &r[1],
        "foo.com",
        Some("greets bar.com"),
        &[
            Capability::EightBitMime,
            Capability::Size(None),
            Capability::Dsn,
            other("HELP"),
        ],
    );
    assert_eq!(e.capabilities.size_limit(), None);
    assert!(e.capabilities.supports("size") && e.capabilities.supports("help"));
    assert_eq!(r[0].code, ReplyCode::SERVICE_READY);
    assert_eq!(r[4].code, ReplyCode::MAILBOX_UNAVAILABLE);
    assert_eq!(r[6].code, ReplyCode::START_MAIL_INPUT);
    assert_eq!(r[8].code, ReplyCode::SERVICE_CLOSING);
}

#[test]
fn rfc5321_d2_aborted_transaction() {
    let mut lines = vec!["220 foo.com Simple Mail Transfer Service Ready"];
    lines.extend(D_EHLO);
    lines.extend([
        "250 OK",
        "250 OK",
        "550 No such user here",
        "250 OK",
        "221 foo.com Service closing transmission channel",
    ]);
    session(
        &lines,
        &[
            reply(220, None, &["foo.com Simple Mail Transfer Service Ready"]),
            reply(
                250,
                None,
                &["foo.com greets bar.com", "8BITMIME", "SIZE", "DSN", "HELP"],
            ),
            reply(250, None, &["OK"]),
            reply(250, None, &["OK"]),
            reply(550, None, &["No such user here"]),
            reply(250, None, &["OK"]),
            reply(221, None, &["foo.com Service closing transmission channel"]),
        ],
    );
}

#[test]
fn rfc5321_d3_relayed_mail() {
    // Step 1 has the same server side as D.1 without the rejected recipient.
    let mut lines = vec!["220 foo.com Simple Mail Transfer Service Ready"];
    lines.extend(D_EHLO);
    lines.extend([
        "250 OK",
        "250 OK",
        "354 Start mail input; end with <CRLF>.<CRLF>",
        "250 OK",
        "221 foo.com Service closing transmission channel",
    ]);
    session(
        &lines,
        &[
            reply(220, None, &["foo.com Simple Mail Transfer Service Ready"]),
            reply(
                250,
                None,
                &["foo.com greets bar.com", "8BITMIME", "SIZE", "DSN", "HELP"],
            ),
            reply(250, None, &["OK"]),
            reply(250, None, &["OK"]),
            reply(354, None, &["Start mail input; end with <CRLF>.<CRLF>"]),
            reply(250, None, &["OK"]),
            reply(221, None, &["foo.com Service closing transmission channel"]),
        ],
    );
    // Step 2: a one-line EHLO reply.
    let r = session(
        &[
            "220 xyz.com Simple Mail Transfer Service Ready",
            "250 xyz.com is on the air",
            "250 OK",
            "250 OK",
            "354 Start mail input; end with <CRLF>.<CRLF>",
            "250 OK",
            "221 foo.com Service closing transmission channel",
        ],
        &[
            reply(220, None, &["xyz.com Simple Mail Transfer Service Ready"]),
            reply(250, None, &["xyz.com is on the air"]),
            reply(250, None, &["OK"]),
            reply(250, None, &["OK"]),
            reply(354, None, &["Start mail input; end with <CRLF>.<CRLF>"]),
            reply(250, None, &["OK"]),
            reply(221, None, &["foo.com Service closing transmission channel"]),
        ],
    );
    ehlo(&r[1], "xyz.com", Some("is on the air"), &[]);
}

#[test]
fn rfc5321_d4_verifying_and_sending() {
    let r = session(
        &[
            "220 foo.com Simple Mail Transfer Service Ready",
            "250-foo.com greets bar.com",
            "250-8BITMIME",
            "250-SIZE",
            "250-DSN",
            "250-VRFY",
            "250 HELP",
            "250 Mark Crispin <Admin.MRC@foo.com>",
            "250 OK",
            "250 OK",
            "354 Start mail input; end with <CRLF>.<CRLF>",
            "250 OK",
            "221 foo.com Service closing transmission channel",
        ],
        &[
            reply(220, None, &["foo.com Simple Mail Transfer Service Ready"]),
            reply(
                250,
                None,
                &[
                    "foo.com greets bar.com",
                    "8BITMIME",
                    "SIZE",
                    "DSN",
                    "VRFY",
                    "HELP",
                ],
            ),
            reply(250, None, &["Mark Crispin <Admin.MRC@foo.com>"]),
            reply(250, None, &["OK"]),
            reply(250, None, &["OK"]),
            reply(354, None, &["Start mail input; end with <CRLF>.<CRLF>"]),
            reply(250, None, &["OK"]),
            reply(221, None, &["foo.com Service closing transmission channel"]),
        ],
    );
    let e = ehlo(
        &r[1],
        "foo.com",
        Some("greets bar.com"),
        &[
            Capability::EightBitMime,
            Capability::Size(None),
            Capability::Dsn,
            other("VRFY"),
            other("HELP"),
        ],
    );
    assert!(e.capabilities.supports("vrfy"));
}

#[test]
fn rfc2920_pipelining_sessions() {
    // Without pipelining: HELO answered with a one-line 250.
    session(
        &[
            "220 Innosoft.com SMTP service ready",
            "250 Innosoft.com",
            "250 sender <mrose@dbc.mtview.ca.us> OK",
            "250 recipient <ned@innosoft.com> OK",
            "250 recipient <dan@innosoft.com> OK",
            "250 recipient <kvc@innosoft.com> OK",
            "354 enter mail, end with line containing only \".\"",
            "250 message sent",
            "221 goodbye",
        ],
        &[
            reply(220, None, &["Innosoft.com SMTP service ready"]),
            reply(250, None, &["Innosoft.com"]),
            reply(250, None, &["sender <mrose@dbc.mtview.ca.us> OK"]),
            reply(250, None, &["recipient <ned@innosoft.com> OK"]),
            reply(250, None, &["recipient <dan@innosoft.com> OK"]),
            reply(250, None, &["recipient <kvc@innosoft.com> OK"]),
            reply(
                354,
                None,
                &["enter mail, end with line containing only \".\""],
            ),
            reply(250, None, &["message sent"]),
            reply(221, None, &["goodbye"]),
        ],
    );
    let head = [
        "220 innosoft.com SMTP service ready",
        "250-innosoft.com",
        "250 PIPELINING",
        "250 sender <mrose@dbc.mtview.ca.us> OK",
    ];
    let head_replies = [
        reply(220, None, &["innosoft.com SMTP service ready"]),
        reply(250, None, &["innosoft.com", "PIPELINING"]),
        reply(250, None, &["sender <mrose@dbc.mtview.ca.us> OK"]),
    ];
    // Pipelined, all accepted.
    let mut lines = head.to_vec();
    lines.extend([
        "250 recipient <ned@innosoft.com> OK",
        "250 recipient <dan@innosoft.com> OK",
        "250 recipient <kvc@innosoft.com> OK",
        "354 enter mail, end with line containing only \".\"",
        "250 message sent",
        "221 goodbye",
    ]);
    let mut want = head_replies.to_vec();
    want.extend([
        reply(250, None, &["recipient <ned@innosoft.com> OK"]),
        reply(250, None, &["recipient <dan@innosoft.com> OK"]),
        reply(250, None, &["recipient <kvc@innosoft.com> OK"]),
        reply(
            354,
            None,
            &["enter mail, end with line containing only \".\""],
        ),
        reply(250, None, &["message sent"]),
        reply(221, None, &["goodbye"]),
    ]);
    let r = session(&lines, &want);
    ehlo(&r[1], "innosoft.com", None, &[Capability::Pipelining]);
    // All recipients rejected, DATA refused.
    let mut lines = head.to_vec();
    lines.extend([
        "550 remote mail to <nsb@thumper.bellore.com> not allowed",
        "550 remote mail to <galvin@tis.com> not allowed",
        "554 no valid recipients given",
        "221 goodbye",
    ]);
    let mut want = head_replies.to_vec();
    want.extend([
        reply(
            550,
            None,
            &["remote mail to <nsb@thumper.bellore.com> not allowed"],
        ),
        reply(550, None, &["remote mail to <galvin@tis.com> not allowed"]),
        reply(554, None, &["no valid recipients given"]),
        reply(221, None, &["goodbye"]),
    ]);
    session(&lines, &want);
    // All recipients rejected, DATA accepted, the message refused after the dot.
    let mut lines = head.to_vec();
    lines.extend([
        "550 remote mail to <nsb@thumper.bellore.com> not allowed",
        "550 remote mail to <galvin@tis.com> not allowed",
        "354 enter mail, end with line containing only \".\"",
        "554 no valid recipients",
        "221 goodbye",
    ]);
    let mut want = head_replies.to_vec();
    want.extend([
        reply(
            550,
            None,
            &["remote mail to <nsb@thumper.bellore.com> not allowed"],
        ),
        reply(550, None, &["remote mail to <galvin@tis.com> not allowed"]),
        reply(
            354,
            None,
            &["enter mail, end with line containing only \".\""],
        ),
        reply(554, None, &["no valid recipients"]),
        reply(221, None, &["goodbye"]),
    ]);
    session(&lines, &want);
}

#[test]
fn rfc3030_chunking_and_binarymime() {
    let r = session(
        &[
            "220 cnri.reston.va.us SMTP service ready",
            "250-cnri.reston.va.us says hello",
            "250 CHUNKING",
            "250 <Sam@Random.com> Sender ok",
            "250 <Susan@random.com> Recipient ok",
            "250 Message OK, 86 octets received",
            "221 Goodbye",
        ],
        &[
            reply(220, None, &["cnri.reston.va.us SMTP service ready"]),
            reply(250, None, &["cnri.reston.va.us says hello", "CHUNKING"]),
            reply(250, None, &["<Sam@Random.com> Sender ok"]),
            reply(250, None, &["<Susan@random.com> Recipient ok"]),
            reply(250, None, &["Message OK, 86 octets received"]),
            reply(221, None, &["Goodbye"]),
        ],
    );
    ehlo(
        &r[1],
        "cnri.reston.va.us",
        Some("says hello"),
        &[Capability::Chunking],
    );
    let r = session(
        &[
            "220 cnri.reston.va.us SMTP service ready",
            "250-cnri.reston.va.us says hello",
            "250-PIPELINING",
            "250-BINARYMIME",
            "250 CHUNKING",
            "250 <ned@ymir.claremont.edu>... Sender and BINARYMIME ok",
            "250 <gvaudre@cnri.reston.va.us>... Recipient ok",
            "250 <jstewart@cnri.reston.va.us>... Recipient ok",
            "250 100000 octets received",
            "250 324 octets received",
            "250 Message OK, 100324 octets received",
            "221 Goodbye",
        ],
        &[
            reply(220, None, &["cnri.reston.va.us SMTP service ready"]),
            reply(
                250,
                None,
                &[
                    "cnri.reston.va.us says hello",
                    "PIPELINING",
                    "BINARYMIME",
                    "CHUNKING",
                ],
            ),
            reply(
                250,
                None,
                &["<ned@ymir.claremont.edu>... Sender and BINARYMIME ok"],
            ),
            reply(250, None, &["<gvaudre@cnri.reston.va.us>... Recipient ok"]),
            reply(250, None, &["<jstewart@cnri.reston.va.us>... Recipient ok"]),
            reply(250, None, &["100000 octets received"]),
            reply(250, None, &["324 octets received"]),
            reply(250, None, &["Message OK, 100324 octets received"]),
            reply(221, None, &["Goodbye"]),
        ],
    );
    ehlo(
        &r[1],
        "cnri.reston.va.us",
        Some("says hello"),
        &[
            Capability::Pipelining,
            Capability::BinaryMime,
            Capability::Chunking,
        ],
    );
}

#[test]
fn rfc1870_size() {
    let r = session(
        &[
            "220 sigurd.innosoft.com -- Server SMTP (PMDF V4.2-6 #1992)",
            "250-sigurd.innosoft.com",
            "250-EXPN",
            "250-HELP",
            "250 SIZE 1000000",
            "250 Address Ok.",
            "250 ned@innosoft.com OK; can accomodate 500000 byte message",
            "552 Channel size limit exceeded: ned@YMIR.CLAREMONT.EDU",
            "452 Insufficient channel storage: ned@hmcvax.CLAREMONT.EDU",
            "354 Send message, ending in CRLF.CRLF.",
            "250 Some recipients OK",
            "221 Goodbye",
        ],
        &[
            reply(
                220,
                None,
                &["sigurd.innosoft.com -- Server SMTP (PMDF V4.2-6 #1992)"],
            ),
            reply(
                250,
                None,
                &["sigurd.innosoft.com", "EXPN", "HELP", "SIZE 1000000"],
            ),
            reply(250, None, &["Address Ok."]),
            reply(
                250,
                None,
                &["ned@innosoft.com OK; can accomodate 500000 byte message"],
            ),
            reply(
                552,
                None,
                &["Channel size limit exceeded: ned@YMIR.CLAREMONT.EDU"],
            ),
            reply(
                452,
                None,
                &["Insufficient channel storage: ned@hmcvax.CLAREMONT.EDU"],
            ),
            reply(354, None, &["Send message, ending in CRLF.CRLF."]),
            reply(250, None, &["Some recipients OK"]),
            reply(221, None, &["Goodbye"]),
        ],
    );
    let e = ehlo(
        &r[1],
        "sigurd.innosoft.com",
        None,
        &[
            other("EXPN"),
            other("HELP"),
            Capability::Size(Some(1_000_000)),
        ],
    );
    assert_eq!(e.capabilities.size_limit(), Some(1_000_000));
    assert_eq!(r[4].code, ReplyCode::EXCEEDED_STORAGE);
    assert_eq!(r[5].code, ReplyCode::INSUFFICIENT_STORAGE);
}

#[test]
fn rfc5321_4_2_1_multiline_example() {
    session(
        &[
            "250-First line",
            "250-Second line",
            "250-234 Text beginning with numbers",
            "250 The last line",
        ],
        &[reply(
            250,
            None,
            &[
                "First line",
                "Second line",
                "234 Text beginning with numbers",
                "The last line",
            ],
        )],
    );
}
