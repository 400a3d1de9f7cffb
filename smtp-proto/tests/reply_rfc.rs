//! Every server reply of the example sessions in RFC 5321 Appendix D, RFC 2920 §4, RFC 3030
//! §4, RFC 1870 §8, RFC 4954 §4.1 and §6, RFC 2033 §4.2, RFC 3207 §4-§5, RFC 2034 §6, RFC 6152
//! §4 and RFC 8689 Appendix A: parsed to the exact value, re-encoded to the same bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use smtp_proto::reply::{
    Capability, EhloReply, EnhancedStatusCode, Parsed, Reply, ReplyCode, ReplyError,
};

fn reply(code: u16, enhanced: Option<&str>, lines: &[&'static str]) -> Reply<'static> {
    Reply {
        code: ReplyCode::new(code).unwrap(),
        enhanced: enhanced.map(|e| e.parse().unwrap()),
        lines: lines.iter().map(|&l| Cow::Borrowed(l)).collect(),
    }
}

/// The server's lines of a session (as printed after `S: `), sent as one stream with CRLF:
/// parsed reply after reply (as a pipelining client reads them), each compared with the
/// expected value and re-encoded to its own bytes; every proper prefix of a reply is
/// `Incomplete`.
fn session(server_lines: &[&str], expected: &[Reply<'_>]) -> Vec<Reply<'static>> {
    let mut stream = Vec::new();
    for line in server_lines {
        stream.extend_from_slice(line.as_bytes());
        stream.extend_from_slice(b"\r\n");
    }
    let mut pos = 0;
    let mut got = Vec::new();
    for want in expected {
        let (value, consumed) = Reply::parse(&stream[pos..]).unwrap().complete().unwrap();
        assert_eq!(&value, want);
        let bytes = &stream[pos..pos + consumed];
        assert_eq!(
            String::from_utf8(value.to_bytes().unwrap()).unwrap(),
            std::str::from_utf8(bytes).unwrap()
        );
        for cut in 0..bytes.len() {
            assert_eq!(Reply::parse(&bytes[..cut]), Ok(Parsed::Incomplete));
        }
        got.push(value.into_owned());
        pos += consumed;
    }
    assert_eq!(pos, stream.len(), "replies left over");
    got
}

fn ehlo(
    reply: &Reply<'_>,
    domain: &str,
    greeting: Option<&str>,
    capabilities: &[Capability<'_>],
) -> EhloReply<'static> {
    let e = EhloReply::from_reply(reply.clone()).unwrap();
    assert_eq!(e.domain, domain);
    assert_eq!(e.greeting.as_deref(), greeting);
    assert_eq!(e.capabilities.as_slice(), capabilities);
    assert_eq!(
        e.to_reply().unwrap(),
        *reply,
        "EHLO reply re-encodes the same"
    );
    e.into_owned()
}

fn other(keyword: &str) -> Capability<'_> {
    Capability::Other {
        keyword: keyword.into(),
        params: vec![],
    }
}

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
fn rfc4954_auth_examples() {
    // The examples print the greeting as "220-smtp.example.com ESMTP Server" with no last
    // line: as bytes, that reply never completes.
    assert_eq!(
        Reply::parse(b"220-smtp.example.com ESMTP Server\r\n"),
        Ok(Parsed::Incomplete)
    );
    let hello = "smtp.example.com Hello client.example.com";
    let before_tls = |mechanisms: &'static str| {
        reply(
            250,
            None,
            &[
                "smtp.example.com Hello client.example.com",
                mechanisms,
                "ENHANCEDSTATUSCODES",
                "STARTTLS",
            ],
        )
    };
    let success = reply(235, Some("2.7.0"), &["Authentication successful"]);
    // PLAIN with an initial response, after STARTTLS.
    let r = session(
        &[
            "250-smtp.example.com Hello client.example.com",
            "250-AUTH GSSAPI DIGEST-MD5",
            "250-ENHANCEDSTATUSCODES",
            "250 STARTTLS",
            "220 Ready to start TLS",
            "250-smtp.example.com Hello client.example.com",
            "250 AUTH GSSAPI DIGEST-MD5 PLAIN",
            "235 2.7.0 Authentication successful",
        ],
        &[
            before_tls("AUTH GSSAPI DIGEST-MD5"),
            reply(220, None, &["Ready to start TLS"]),
            reply(250, None, &[hello, "AUTH GSSAPI DIGEST-MD5 PLAIN"]),
            success.clone(),
        ],
    );
    let e = ehlo(
        &r[0],
        "smtp.example.com",
        Some("Hello client.example.com"),
        &[
            Capability::Auth(vec!["GSSAPI".into(), "DIGEST-MD5".into()]),
            Capability::EnhancedStatusCodes,
            Capability::StartTls,
        ],
    );
    assert!(e.capabilities.supports_auth("digest-md5"));
    assert!(!e.capabilities.supports_auth("PLAIN"));
    let e = ehlo(
        &r[2],
        "smtp.example.com",
        Some("Hello client.example.com"),
        &[Capability::Auth(vec![
            "GSSAPI".into(),
            "DIGEST-MD5".into(),
            "PLAIN".into(),
        ])],
    );
    assert_eq!(
        e.capabilities.auth_mechanisms(),
        ["GSSAPI", "DIGEST-MD5", "PLAIN"]
    );
    assert_eq!(r[3].code, ReplyCode::AUTH_SUCCEEDED);
    assert_eq!(r[3].enhanced, Some(EnhancedStatusCode::AUTH_SUCCEEDED));
    // PLAIN without an initial response: "a single space following the 334".
    let r = session(
        &[
            "250-smtp.example.com Hello client.example.com",
            "250 AUTH GSSAPI DIGEST-MD5 PLAIN",
            "334 ",
            "235 2.7.0 Authentication successful",
        ],
        &[
            reply(250, None, &[hello, "AUTH GSSAPI DIGEST-MD5 PLAIN"]),
            reply(334, None, &[""]),
            success.clone(),
        ],
    );
    assert_eq!(r[1].code, ReplyCode::AUTH_CHALLENGE);
    // CRAM-MD5: a server challenge (folded over two lines in the RFC's print).
    let r = session(
        &[
            "250-smtp.example.com Hello client.example.com",
            "250-AUTH DIGEST-MD5 CRAM-MD5",
            "250-ENHANCEDSTATUSCODES",
            "250 STARTTLS",
            "334 PDQxOTI5NDIzNDEuMTI4Mjg0NzJAc291cmNlZm91ci5hbmRyZXcuY211LmVkdT4=",
            "235 2.7.0 Authentication successful",
        ],
        &[
            before_tls("AUTH DIGEST-MD5 CRAM-MD5"),
            reply(
                334,
                None,
                &["PDQxOTI5NDIzNDEuMTI4Mjg0NzJAc291cmNlZm91ci5hbmRyZXcuY211LmVkdT4="],
            ),
            success.clone(),
        ],
    );
    let e = EhloReply::from_reply(r[0].clone()).unwrap();
    assert!(e.capabilities.supports_auth("CRAM-MD5"));
    // EXTERNAL after STARTTLS.
    let r = session(
        &[
            "250-smtp.example.com Hello client.example.com",
            "250-AUTH GSSAPI DIGEST-MD5",
            "250-ENHANCEDSTATUSCODES",
            "250 STARTTLS",
            "220 Ready to start TLS",
            "250-smtp.example.com Hello client.example.com",
            "250 AUTH EXTERNAL GSSAPI DIGEST-MD5 PLAIN",
            "235 2.7.0 Authentication successful",
        ],
        &[
            before_tls("AUTH GSSAPI DIGEST-MD5"),
            reply(220, None, &["Ready to start TLS"]),
            reply(250, None, &[hello, "AUTH EXTERNAL GSSAPI DIGEST-MD5 PLAIN"]),
            success,
        ],
    );
    let e = EhloReply::from_reply(r[2].clone()).unwrap();
    assert_eq!(
        e.capabilities.auth_mechanisms(),
        ["EXTERNAL", "GSSAPI", "DIGEST-MD5", "PLAIN"]
    );
    // Section 5: MAIL FROM with the AUTH= parameter, accepted.
    session(
        &["250 OK", "250 OK"],
        &[reply(250, None, &["OK"]), reply(250, None, &["OK"])],
    );
}

#[test]
fn rfc4954_status_codes() {
    let r = session(
        &[
            "235 2.7.0  Authentication Succeeded",
            "432 4.7.12  A password transition is needed",
            "454 4.7.0  Temporary authentication failure",
            "534 5.7.9  Authentication mechanism is too weak",
            "535 5.7.8  Authentication credentials invalid",
            "500 5.5.6  Authentication Exchange line is too long",
            "530 5.7.0  Authentication required",
            "538 5.7.11  Encryption required for requested authentication mechanism",
        ],
        &[
            reply(235, Some("2.7.0"), &[" Authentication Succeeded"]),
            reply(432, Some("4.7.12"), &[" A password transition is needed"]),
            reply(454, Some("4.7.0"), &[" Temporary authentication failure"]),
            reply(
                534,
                Some("5.7.9"),
                &[" Authentication mechanism is too weak"],
            ),
            reply(535, Some("5.7.8"), &[" Authentication credentials invalid"]),
            reply(
                500,
                Some("5.5.6"),
                &[" Authentication Exchange line is too long"],
            ),
            reply(530, Some("5.7.0"), &[" Authentication required"]),
            reply(
                538,
                Some("5.7.11"),
                &[" Encryption required for requested authentication mechanism"],
            ),
        ],
    );
    let codes = [
        (
            ReplyCode::AUTH_SUCCEEDED,
            EnhancedStatusCode::AUTH_SUCCEEDED,
        ),
        (
            ReplyCode::PASSWORD_TRANSITION_NEEDED,
            EnhancedStatusCode::PASSWORD_TRANSITION_NEEDED,
        ),
        (
            ReplyCode::TEMPORARY_FAILURE,
            EnhancedStatusCode::TEMPORARY_AUTH_FAILURE,
        ),
        (
            ReplyCode::AUTH_MECHANISM_TOO_WEAK,
            EnhancedStatusCode::AUTH_MECHANISM_TOO_WEAK,
        ),
        (
            ReplyCode::AUTH_CREDENTIALS_INVALID,
            EnhancedStatusCode::AUTH_CREDENTIALS_INVALID,
        ),
        (
            ReplyCode::SYNTAX_ERROR,
            EnhancedStatusCode::AUTH_LINE_TOO_LONG,
        ),
        (ReplyCode::AUTH_REQUIRED, EnhancedStatusCode::SECURITY_OTHER),
        (
            ReplyCode::ENCRYPTION_REQUIRED,
            EnhancedStatusCode::ENCRYPTION_REQUIRED_FOR_AUTH,
        ),
    ];
    for (reply, (code, enhanced)) in r.iter().zip(codes) {
        assert_eq!((reply.code, reply.enhanced), (code, Some(enhanced)));
        // The RFC's text is the meaning the catalogue gives the reply code or the status
        // code.
        let text = reply.lines[0].trim_start();
        assert!(
            [code.description(), enhanced.description()]
                .into_iter()
                .flatten()
                .any(|d| d.contains(text)),
            "{code} {enhanced} {text}"
        );
    }
}

#[test]
fn rfc2033_lmtp_one_reply_per_recipient() {
    let r = session(
        &[
            "220 foo.edu LMTP server ready",
            "250-foo.edu",
            "250-PIPELINING",
            "250 SIZE",
            "250 OK",
            "250 OK",
            "550 No such user here",
            "250 OK",
            "354 Start mail input; end with <CRLF>.<CRLF>",
            // After the dot: one reply per accepted recipient (pat, green), RFC 2033 §4.2.
            "250 OK",
            "452 <green@foo.edu> is temporarily over quota",
            "221 foo.edu closing connection",
        ],
        &[
            reply(220, None, &["foo.edu LMTP server ready"]),
            reply(250, None, &["foo.edu", "PIPELINING", "SIZE"]),
            reply(250, None, &["OK"]),
            reply(250, None, &["OK"]),
            reply(550, None, &["No such user here"]),
            reply(250, None, &["OK"]),
            reply(354, None, &["Start mail input; end with <CRLF>.<CRLF>"]),
            reply(250, None, &["OK"]),
            reply(452, None, &["<green@foo.edu> is temporarily over quota"]),
            reply(221, None, &["foo.edu closing connection"]),
        ],
    );
    ehlo(
        &r[1],
        "foo.edu",
        None,
        &[Capability::Pipelining, Capability::Size(None)],
    );
}

#[test]
fn rfc3207_starttls() {
    let r = session(
        &[
            "220 mail.imc.org SMTP service ready",
            "250-mail.imc.org offers a warm hug of welcome",
            "250-8BITMIME",
            "250-STARTTLS",
            "250 DSN",
            "220 Go ahead",
            "250-mail.imc.org touches your hand gently for a moment",
            "250-8BITMIME",
            "250 DSN",
            // Section 4's replies to STARTTLS.
            "220 Ready to start TLS",
            "501 Syntax error (no parameters allowed)",
            "454 TLS not available due to temporary reason",
            "530 Must issue a STARTTLS command first",
        ],
        &[
            reply(220, None, &["mail.imc.org SMTP service ready"]),
            reply(
                250,
                None,
                &[
                    "mail.imc.org offers a warm hug of welcome",
                    "8BITMIME",
                    "STARTTLS",
                    "DSN",
                ],
            ),
            reply(220, None, &["Go ahead"]),
            reply(
                250,
                None,
                &[
                    "mail.imc.org touches your hand gently for a moment",
                    "8BITMIME",
                    "DSN",
                ],
            ),
            reply(220, None, &["Ready to start TLS"]),
            reply(501, None, &["Syntax error (no parameters allowed)"]),
            reply(454, None, &["TLS not available due to temporary reason"]),
            reply(530, None, &["Must issue a STARTTLS command first"]),
        ],
    );
    let before = ehlo(
        &r[1],
        "mail.imc.org",
        Some("offers a warm hug of welcome"),
        &[
            Capability::EightBitMime,
            Capability::StartTls,
            Capability::Dsn,
        ],
    );
    assert!(before.capabilities.supports("STARTTLS"));
    let after = ehlo(
        &r[3],
        "mail.imc.org",
        Some("touches your hand gently for a moment"),
        &[Capability::EightBitMime, Capability::Dsn],
    );
    assert!(!after.capabilities.supports("starttls"));
}

#[test]
fn rfc2034_enhanced_status_codes() {
    let r = session(
        &[
            "220 dbc.mtview.ca.us SMTP service ready",
            "250-dbc.mtview.ca.us says hello",
            "250 ENHANCEDSTATUSCODES",
            "250 2.1.0 Originator <ned@ymir.claremont.edu> ok",
            "250 2.1.5 Recipient <mrose@dbc.mtview.ca.us> ok",
            "550 5.1.1 Mailbox \"nosuchuser\" does not exist",
            "551-5.7.1 Forwarding to remote hosts disabled",
            "551 5.7.1 Select another host to act as your forwarder",
            "354 Send message, ending in CRLF.CRLF.",
            "250 2.6.0 Message accepted",
            "221 2.0.0 Goodbye",
        ],
        &[
            reply(220, None, &["dbc.mtview.ca.us SMTP service ready"]),
            reply(
                250,
                None,
                &["dbc.mtview.ca.us says hello", "ENHANCEDSTATUSCODES"],
            ),
            reply(
                250,
                Some("2.1.0"),
                &["Originator <ned@ymir.claremont.edu> ok"],
            ),
            reply(
                250,
                Some("2.1.5"),
                &["Recipient <mrose@dbc.mtview.ca.us> ok"],
            ),
            reply(
                550,
                Some("5.1.1"),
                &["Mailbox \"nosuchuser\" does not exist"],
            ),
            reply(
                551,
                Some("5.7.1"),
                &[
                    "Forwarding to remote hosts disabled",
                    "Select another host to act as your forwarder",
                ],
            ),
            reply(354, None, &["Send message, ending in CRLF.CRLF."]),
            reply(250, Some("2.6.0"), &["Message accepted"]),
            reply(221, Some("2.0.0"), &["Goodbye"]),
        ],
    );
    ehlo(
        &r[1],
        "dbc.mtview.ca.us",
        Some("says hello"),
        &[Capability::EnhancedStatusCodes],
    );
    assert_eq!(r[2].enhanced, Some(EnhancedStatusCode::ADDRESS_OK));
    assert_eq!(
        r[3].enhanced,
        Some(EnhancedStatusCode::DESTINATION_ADDRESS_VALID)
    );
    assert_eq!(
        r[4].enhanced,
        Some(EnhancedStatusCode::BAD_DESTINATION_MAILBOX)
    );
    assert_eq!(
        r[5].enhanced,
        Some(EnhancedStatusCode::DELIVERY_NOT_AUTHORIZED)
    );
    assert_eq!(r[7].enhanced, Some(EnhancedStatusCode::MESSAGE_ACCEPTED));
    assert_eq!(r[8].enhanced, Some(EnhancedStatusCode::SUCCESS));
    // The status lines the DSN of that example reports.
    for (code, text) in [
        ("2.1.5", "Destination address valid"),
        ("5.1.1", "Bad destination mailbox address"),
        ("5.7.1", "Delivery not authorized, message refused"),
    ] {
        let c: EnhancedStatusCode = code.parse().unwrap();
        assert_eq!(c.description(), Some(text));
    }
}

#[test]
fn rfc6152_8bitmime() {
    let r = session(
        &[
            "220 dbc.mtview.ca.us SMTP service ready",
            "250-dbc.mtview.ca.us says hello",
            "250 8BITMIME",
            "250 <ned@ymir.claremont.edu>... Sender and 8BITMIME ok",
            "250 <mrose@dbc.mtview.ca.us>... Recipient ok",
            "354 Send 8BITMIME message, ending in CRLF.CRLF.",
            "250 OK",
            "250 Goodbye",
        ],
        &[
            reply(220, None, &["dbc.mtview.ca.us SMTP service ready"]),
            reply(250, None, &["dbc.mtview.ca.us says hello", "8BITMIME"]),
            reply(
                250,
                None,
                &["<ned@ymir.claremont.edu>... Sender and 8BITMIME ok"],
            ),
            reply(250, None, &["<mrose@dbc.mtview.ca.us>... Recipient ok"]),
            reply(354, None, &["Send 8BITMIME message, ending in CRLF.CRLF."]),
            reply(250, None, &["OK"]),
            reply(250, None, &["Goodbye"]),
        ],
    );
    ehlo(
        &r[1],
        "dbc.mtview.ca.us",
        Some("says hello"),
        &[Capability::EightBitMime],
    );
}

#[test]
fn rfc8689_requiretls() {
    let ehlo_lines = |extra: Option<&'static str>| {
        let mut v = vec![
            "250-mail.example.net Hello example.org [192.0.2.1]",
            "250-SIZE 52428800",
            "250-8BITMIME",
            "250-PIPELINING",
        ];
        v.extend(extra);
        v.push("250 HELP");
        v
    };
    let mut lines = vec!["220 mail.example.net ESMTP"];
    lines.extend(ehlo_lines(Some("250-STARTTLS")));
    let r = session(
        &lines,
        &[
            reply(220, None, &["mail.example.net ESMTP"]),
            reply(
                250,
                None,
                &[
                    "mail.example.net Hello example.org [192.0.2.1]",
                    "SIZE 52428800",
                    "8BITMIME",
                    "PIPELINING",
                    "STARTTLS",
                    "HELP",
                ],
            ),
        ],
    );
    ehlo(
        &r[1],
        "mail.example.net",
        Some("Hello example.org [192.0.2.1]"),
        &[
            Capability::Size(Some(52_428_800)),
            Capability::EightBitMime,
            Capability::Pipelining,
            Capability::StartTls,
            other("HELP"),
        ],
    );
    // The RFC prints the answer to STARTTLS without its code: not a reply.
    assert_eq!(
        Reply::parse(b"TLS go ahead\r\n"),
        Err(ReplyError::InvalidCode { offset: 0 })
    );
    let mut lines = vec!["220 mail.example.net ESMTP"];
    lines.extend(ehlo_lines(Some("250-REQUIRETLS")));
    lines.extend([
        "250 OK",
        "250 Accepted",
        "354 Enter message, ending with \".\" on a line by itself",
        "250 OK",
    ]);
    let r = session(
        &lines,
        &[
            reply(220, None, &["mail.example.net ESMTP"]),
            reply(
                250,
                None,
                &[
                    "mail.example.net Hello example.org [192.0.2.1]",
                    "SIZE 52428800",
                    "8BITMIME",
                    "PIPELINING",
                    "REQUIRETLS",
                    "HELP",
                ],
            ),
            reply(250, None, &["OK"]),
            reply(250, None, &["Accepted"]),
            reply(
                354,
                None,
                &["Enter message, ending with \".\" on a line by itself"],
            ),
            reply(250, None, &["OK"]),
        ],
    );
    let e = ehlo(
        &r[1],
        "mail.example.net",
        Some("Hello example.org [192.0.2.1]"),
        &[
            Capability::Size(Some(52_428_800)),
            Capability::EightBitMime,
            Capability::Pipelining,
            Capability::RequireTls,
            other("HELP"),
        ],
    );
    assert!(e.capabilities.supports("RequireTLS"));
    // The status codes RFC 8689 §4.2.1 names for the non-delivery report.
    assert_eq!(
        EnhancedStatusCode::REQUIRETLS_REQUIRED.description(),
        Some("REQUIRETLS support required")
    );
    assert_eq!(
        EnhancedStatusCode::ENCRYPTION_NEEDED.description(),
        Some("Encryption Needed")
    );
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
