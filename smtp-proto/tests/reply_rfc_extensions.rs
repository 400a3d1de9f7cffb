//! Every server reply of the example sessions in RFC 4954 §4.1 and §6, RFC 2033 §4.2,
//! RFC 3207 §4-§5, RFC 2034 §6, RFC 6152 §4 and RFC 8689 Appendix A: parsed to the exact
//! value, re-encoded to the same bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod reply_support;

use reply_support::{ehlo, other, reply, session};
use smtp_proto::reply::{
    Capability, EhloReply, EnhancedStatusCode, Parsed, Reply, ReplyCode, ReplyError,
};

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
        e.capabilities.auth_mechanisms().collect::<Vec<_>>(),
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
        e.capabilities.auth_mechanisms().collect::<Vec<_>>(),
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
