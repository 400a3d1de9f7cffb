//! Every example with mechanism data in the RFCs this crate implements: RFC 4616 §4
//! (PLAIN), RFC 2195 §2 (CRAM-MD5), RFC 7677 §3 (SCRAM-SHA-256), RFC 7628 §4 (OAUTHBEARER),
//! RFC 4954 §4.1 (SMTP AUTH), RFC 5034 §6 (POP3 AUTH), and the LOGIN prompts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unreachable
)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use mail_sasl::login::{PASSWORD_PROMPT, USERNAME_PROMPT};
use mail_sasl::{
    Answer, CramMd5Client, CramMd5Server, Failure, Limits, LoginClient, LoginServer, Malformed,
    OAuthBearerClient, OAuthBearerServer, OAuthError, PlainClient, PlainMessage, PlainServer,
    Rejection, Request, SaslError, ScramCredentials, ScramSha256Client, ScramSha256Server, Secret,
    ServerStep, TokenVerdict, Verdict,
};

fn b64(text: &str) -> Vec<u8> {
    let compact: String = text.split_whitespace().collect();
    BASE64.decode(compact).unwrap()
}

fn expect_request(step: ServerStep) -> Request {
    match step {
        ServerStep::Request(request) => request,
        other => panic!("expected a request, got {other:?}"),
    }
}

fn expect_challenge(step: ServerStep) -> Vec<u8> {
    match step {
        ServerStep::Challenge(challenge) => challenge,
        other => panic!("expected a challenge, got {other:?}"),
    }
}

// ---------------------------------------------------------------- RFC 4616 §4

#[test]
fn rfc4616_plain_without_authzid() {
    // "C: a002 AUTHENTICATE "PLAIN" {20+}  C: <NUL>tim<NUL>tanstaaftanstaaf"
    let mut client = PlainClient::new(None, "tim", Secret::from("tanstaaftanstaaf")).unwrap();
    let message = client.initial_response().unwrap();
    assert_eq!(message, b"\0tim\0tanstaaftanstaaf");

    let mut server = PlainServer::new(Limits::default());
    let Request::Password {
        authzid,
        authcid,
        password,
    } = expect_request(server.start(Some(&message)).unwrap())
    else {
        panic!("expected a password request")
    };
    assert_eq!((authzid, authcid.as_str()), (None, "tim"));
    assert_eq!(password.expose(), "tanstaaftanstaaf");
    let ServerStep::Success(outcome) = server.answer(Answer::Verdict(Verdict::Accept)).unwrap()
    else {
        panic!()
    };
    assert_eq!(outcome.identity(), "tim");
    client.finish(None).unwrap();
}

#[test]
fn rfc4616_plain_with_authzid() {
    // "C: a002 AUTHENTICATE "PLAIN" {20+}  C: Ursel<NUL>Kurt<NUL>xipj3plmq"
    let mut client = PlainClient::new(Some("Ursel"), "Kurt", Secret::from("xipj3plmq")).unwrap();
    let message = client.initial_response().unwrap();
    assert_eq!(message, b"Ursel\0Kurt\0xipj3plmq");
    let mut server = PlainServer::new(Limits::default());
    let Request::Password {
        authzid, authcid, ..
    } = expect_request(server.start(Some(&message)).unwrap())
    else {
        panic!()
    };
    assert_eq!(authzid.as_deref(), Some("Ursel"));
    assert_eq!(authcid, "Kurt");
    // "S: a002 NO "Not authorized to requested authorization identity""
    let step = server
        .answer(Answer::Verdict(Verdict::Reject(
            Rejection::AuthzidNotPermitted,
        )))
        .unwrap();
    assert!(matches!(
        step,
        ServerStep::Failure(Failure::Rejected(Rejection::AuthzidNotPermitted))
    ));
}

// ---------------------------------------------------------------- RFC 2195 §2

#[test]
fn rfc2195_cram_md5_example() {
    let mut server = CramMd5Server::new(
        "<1896.697170952@postoffice.reston.mci.net>",
        Limits::default(),
    )
    .unwrap();
    let challenge = expect_challenge(server.start(None).unwrap());
    // S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
    assert_eq!(
        challenge,
        b64("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")
    );

    let mut client = CramMd5Client::new("tim", Secret::from("tanstaaftanstaaf")).unwrap();
    assert_eq!(client.initial_response(), None);
    let response = client.step(&challenge).unwrap();
    assert_eq!(response, b"tim b913a602c7eda7a495b4e6e7334d3890");
    // C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
    assert_eq!(
        response,
        b64("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")
    );

    let Request::CramMd5Secret { authcid } = expect_request(server.step(&response).unwrap()) else {
        panic!()
    };
    assert_eq!(authcid, "tim");
    let step = server
        .answer(Answer::CramMd5Secret(Ok(Secret::from("tanstaaftanstaaf"))))
        .unwrap();
    let ServerStep::Success(outcome) = step else {
        panic!("{step:?}")
    };
    assert_eq!(outcome.authcid, "tim");
    assert_eq!(outcome.additional_data, None);
    client.finish(None).unwrap();
}

// ---------------------------------------------------------------- RFC 7677 §3

const CLIENT_FIRST: &str = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
const SERVER_FIRST: &str =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const CLIENT_FINAL: &str = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
                            p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const SERVER_FINAL: &str = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

#[test]
fn rfc7677_scram_sha256_client() {
    let mut client =
        ScramSha256Client::new("user", Secret::from("pencil"), "rOprNGfwEbeRWgbNEkqO").unwrap();
    assert_eq!(client.initial_response().unwrap(), CLIENT_FIRST.as_bytes());
    assert_eq!(
        client.step(SERVER_FIRST.as_bytes()).unwrap(),
        CLIENT_FINAL.as_bytes()
    );
    // Server-final as additional data with success.
    client.finish(Some(SERVER_FINAL.as_bytes())).unwrap();
}

#[test]
fn rfc7677_scram_sha256_client_server_final_as_challenge() {
    let mut client =
        ScramSha256Client::new("user", Secret::from("pencil"), "rOprNGfwEbeRWgbNEkqO").unwrap();
    // Without SASL-IR the server starts with an empty challenge.
    assert_eq!(client.step(b"").unwrap(), CLIENT_FIRST.as_bytes());
    assert_eq!(
        client.step(SERVER_FIRST.as_bytes()).unwrap(),
        CLIENT_FINAL.as_bytes()
    );
    assert_eq!(client.step(SERVER_FINAL.as_bytes()).unwrap(), b"");
    client.finish(None).unwrap();
}

#[test]
fn rfc7677_scram_sha256_server() {
    let mut server =
        ScramSha256Server::new("%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", Limits::default()).unwrap();
    let Request::ScramCredentials { authzid, authcid } =
        expect_request(server.start(Some(CLIENT_FIRST.as_bytes())).unwrap())
    else {
        panic!()
    };
    assert_eq!((authzid, authcid.as_str()), (None, "user"));
    let credentials =
        ScramCredentials::derive("pencil", &b64("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096).unwrap();
    let challenge = expect_challenge(
        server
            .answer(Answer::ScramCredentials(Ok(credentials)))
            .unwrap(),
    );
    assert_eq!(challenge, SERVER_FIRST.as_bytes());
    let ServerStep::Success(outcome) = server.step(CLIENT_FINAL.as_bytes()).unwrap() else {
        panic!()
    };
    assert_eq!(outcome.authcid, "user");
    assert_eq!(
        outcome.additional_data.as_deref(),
        Some(SERVER_FINAL.as_bytes())
    );
}

#[test]
fn rfc7677_forged_server_signature_fails() {
    let mut client =
        ScramSha256Client::new("user", Secret::from("pencil"), "rOprNGfwEbeRWgbNEkqO").unwrap();
    client.initial_response().unwrap();
    client.step(SERVER_FIRST.as_bytes()).unwrap();
    let forged = "v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    assert_eq!(
        client.finish(Some(forged.as_bytes())),
        Err(SaslError::ServerSignatureMismatch)
    );
    // Nor can the exchange be finished another way afterwards.
    assert!(matches!(
        client.finish(None),
        Err(SaslError::UnexpectedStep { .. })
    ));

    for forged in ["v=AAAA", "e=other-error", "v=", ""] {
        let mut client =
            ScramSha256Client::new("user", Secret::from("pencil"), "rOprNGfwEbeRWgbNEkqO").unwrap();
        client.initial_response().unwrap();
        client.step(SERVER_FIRST.as_bytes()).unwrap();
        let result = client.finish(Some(forged.as_bytes()));
        assert!(result.is_err(), "{forged:?}");
    }
    let mut client =
        ScramSha256Client::new("user", Secret::from("pencil"), "rOprNGfwEbeRWgbNEkqO").unwrap();
    client.initial_response().unwrap();
    client.step(SERVER_FIRST.as_bytes()).unwrap();
    assert_eq!(client.finish(None), Err(SaslError::MissingServerSignature));
}

// ---------------------------------------------------------------- RFC 7628 §4

const OAUTH_IMAP_IR: &str = "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB";
const OAUTH_TOKEN: &str = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==";

#[test]
fn rfc7628_4_1_imap_success() {
    let mut client = OAuthBearerClient::new(
        Some("user@example.com"),
        Some("server.example.com"),
        Some(143),
        Secret::from(OAUTH_TOKEN),
    )
    .unwrap();
    let ir = client.initial_response().unwrap();
    assert_eq!(ir, b64(OAUTH_IMAP_IR));
    assert_eq!(
        ir,
        b"n,a=user@example.com,\x01host=server.example.com\x01port=143\x01\
          auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"
    );
    let mut server = OAuthBearerServer::new(Limits::default());
    let Request::Token(request) = expect_request(server.start(Some(&ir)).unwrap()) else {
        panic!()
    };
    assert_eq!(request.user.as_deref(), Some("user@example.com"));
    assert_eq!(request.host.as_deref(), Some("server.example.com"));
    assert_eq!(request.port, Some(143));
    assert_eq!(request.token.as_ref().unwrap().expose(), OAUTH_TOKEN);
    let step = server
        .answer(Answer::Token(TokenVerdict::Accept {
            authcid: "user@example.com".into(),
        }))
        .unwrap();
    let ServerStep::Success(outcome) = step else {
        panic!()
    };
    assert_eq!(outcome.identity(), "user@example.com");
    client.finish(None).unwrap();
}

#[test]
fn rfc7628_4_1_smtp_success() {
    let ir = b64(
        "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9NTg3AWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB",
    );
    let mut client = OAuthBearerClient::new(
        Some("user@example.com"),
        Some("server.example.com"),
        Some(587),
        Secret::from(OAUTH_TOKEN),
    )
    .unwrap();
    assert_eq!(client.initial_response().unwrap(), ir);
    let mut server = OAuthBearerServer::new(Limits::default());
    let Request::Token(request) = expect_request(server.start(Some(&ir)).unwrap()) else {
        panic!()
    };
    assert_eq!(request.port, Some(587));
}

const FAILURE_JSON_B64: &str = "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxl
    X3Njb3BlIiwib3BlbmlkLWNvbmZpZ3VyYXRpb24iOiJodHRwczovL2V4
    YW1wbGUuY29tLy53ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9u
    In0=";

#[test]
fn rfc7628_4_3_failed_exchange() {
    let ir =
        b64("bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9AQE=");
    assert_eq!(
        ir,
        b"n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=\x01\x01"
    );
    let mut server = OAuthBearerServer::new(Limits::default());
    let Request::Token(request) = expect_request(server.start(Some(&ir)).unwrap()) else {
        panic!()
    };
    // The empty auth value is a discovery request: no token.
    assert!(request.token.is_none());
    let error = OAuthError {
        status: "invalid_token".into(),
        scope: Some("example_scope".into()),
        openid_configuration: Some("https://example.com/.well-known/openid-configuration".into()),
        ..OAuthError::default()
    };
    let challenge = expect_challenge(
        server
            .answer(Answer::Token(TokenVerdict::Reject(error.clone())))
            .unwrap(),
    );
    assert_eq!(challenge, b64(FAILURE_JSON_B64));

    // The client side: the error result gets the dummy response "AQ==" (0x01).
    let mut client = OAuthBearerClient::new(
        Some("user@example.com"),
        Some("server.example.com"),
        Some(143),
        Secret::from(OAUTH_TOKEN),
    )
    .unwrap();
    client.initial_response().unwrap();
    let dummy = client.step(&challenge).unwrap();
    assert_eq!(dummy, b64("AQ=="));
    assert_eq!(client.server_error(), Some(&error));

    let step = server.step(&dummy).unwrap();
    assert!(matches!(step, ServerStep::Failure(Failure::TokenRefused(ref e)) if *e == error));
    assert_eq!(
        client.finish(None),
        Err(SaslError::OAuthRefused(Some(error)))
    );
}

#[test]
fn rfc7628_4_4_smtp_failed_negotiation() {
    let ir = b64(
        "bix1c2VyPXNvbWV1c2VyQGV4YW1wbGUuY29tLAFhdXRoPUJlYXJlciB2RjlkZnQ0cW1UYzJOdmIzUmxja0JoZEhSaGRtbHpkR0V1WTI5dENnPT0BAQ==",
    );
    assert_eq!(
        ir,
        b"n,user=someuser@example.com,\x01auth=Bearer vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg==\x01\x01"
    );
    // The example's GS2 header puts "user=" where RFC 5801 allows only "a=" (an error in
    // the RFC's example); this server refuses it as malformed rather than guessing.
    let mut server = OAuthBearerServer::new(Limits::default());
    assert!(matches!(
        server.start(Some(&ir)).unwrap(),
        ServerStep::Failure(Failure::Malformed(Malformed::BadGs2Header))
    ));

    // The error result of the example, byte for byte.
    let error = OAuthError {
        status: "invalid_token".into(),
        schemes: Some("bearer mac".into()),
        scope: Some("https://mail.example.com/".into()),
        ..OAuthError::default()
    };
    let json = b64(
        "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NoZW1lcyI6ImJlYXJlciBtYWMiLCJzY29wZSI6Imh0dHBzOi8vbWFpbC5leGFtcGxlLmNvbS8ifQ==",
    );
    assert_eq!(error.to_json().as_bytes(), json);

    // With a well-formed header, the same exchange runs as in the example.
    let mut client = OAuthBearerClient::new(
        Some("someuser@example.com"),
        None,
        None,
        Secret::from("vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg=="),
    )
    .unwrap();
    let ir = client.initial_response().unwrap();
    let mut server = OAuthBearerServer::new(Limits::default());
    expect_request(server.start(Some(&ir)).unwrap());
    let challenge = expect_challenge(
        server
            .answer(Answer::Token(TokenVerdict::Reject(error)))
            .unwrap(),
    );
    assert_eq!(challenge, json);
    let dummy = client.step(&challenge).unwrap();
    assert_eq!(dummy, b64("AQ=="));
    assert!(matches!(
        server.step(&dummy).unwrap(),
        ServerStep::Failure(Failure::TokenRefused(_))
    ));
}

// ---------------------------------------------------------------- RFC 4954 §4.1, RFC 5034 §6

#[test]
fn rfc4954_smtp_auth_plain() {
    // C: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=   (and the same after "334 ")
    let message = b64("dGVzdAB0ZXN0ADEyMzQ=");
    let mut client = PlainClient::new(Some("test"), "test", Secret::from("1234")).unwrap();
    assert_eq!(client.initial_response().unwrap(), message);
    let parsed = PlainMessage::parse(&message).unwrap();
    assert_eq!(
        (parsed.authzid, parsed.authcid, parsed.password),
        (Some("test"), "test", "1234")
    );

    // Without initial response: "S: 334 " (empty challenge) then the message.
    let mut client = PlainClient::new(Some("test"), "test", Secret::from("1234")).unwrap();
    let mut server = PlainServer::new(Limits::default());
    let challenge = expect_challenge(server.start(None).unwrap());
    assert!(challenge.is_empty());
    let response = client.step(&challenge).unwrap();
    assert_eq!(response, message);
    expect_request(server.step(&response).unwrap());
}

#[test]
fn rfc4954_smtp_auth_cram_md5() {
    // S: 334 PDQxOTI5NDIzNDEuMTI4Mjg0NzJAc291cmNlZm91ci5hbmRyZXcuY211LmVkdT4=
    // C: cmpzMyBlYzNhNTlmZWQzOTVhYmExZWM2MzY3YzRmNGI0MWFjMA==
    let challenge = b64("PDQxOTI5NDIzNDEuMTI4Mjg0NzJAc291cmNlZm91ci5hbmRyZXcuY211LmVkdT4=");
    assert_eq!(
        challenge,
        b"<4192942341.12828472@sourcefour.andrew.cmu.edu>"
    );
    let mut server =
        CramMd5Server::new(core::str::from_utf8(&challenge).unwrap(), Limits::default()).unwrap();
    assert_eq!(expect_challenge(server.start(None).unwrap()), challenge);
    let response = b64("cmpzMyBlYzNhNTlmZWQzOTVhYmExZWM2MzY3YzRmNGI0MWFjMA==");
    let Request::CramMd5Secret { authcid } = expect_request(server.step(&response).unwrap()) else {
        panic!()
    };
    assert_eq!(authcid, "rjs3");
    // The RFC does not give rjs3's secret; any other secret must fail.
    let step = server
        .answer(Answer::CramMd5Secret(Ok(Secret::from("not-it"))))
        .unwrap();
    assert!(matches!(
        step,
        ServerStep::Failure(Failure::InvalidCredentials)
    ));
}

#[test]
fn rfc5034_pop3_auth_plain() {
    // C: AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=
    let message = b64("dGVzdAB0ZXN0AHRlc3Q=");
    let mut client = PlainClient::new(Some("test"), "test", Secret::from("test")).unwrap();
    assert_eq!(client.initial_response().unwrap(), message);
}

#[test]
fn login_prompts_and_both_client_forms() {
    assert_eq!(BASE64.encode(USERNAME_PROMPT), "VXNlcm5hbWU6");
    assert_eq!(BASE64.encode(PASSWORD_PROMPT), "UGFzc3dvcmQ6");

    // Form 1: S: 334 VXNlcm5hbWU6  C: <user>  S: 334 UGFzc3dvcmQ6  C: <password>
    let mut server = LoginServer::new(Limits::default());
    let mut client = LoginClient::new("tim", Secret::from("tanstaaftanstaaf")).unwrap();
    assert_eq!(client.initial_response(), None);
    let prompt = expect_challenge(server.start(None).unwrap());
    assert_eq!(prompt, b"Username:");
    let user = client.step(&prompt).unwrap();
    assert_eq!(user, b"tim");
    let prompt = expect_challenge(server.step(&user).unwrap());
    assert_eq!(prompt, b"Password:");
    let password = client.step(&prompt).unwrap();
    let Request::Password {
        authzid,
        authcid,
        password,
    } = expect_request(server.step(&password).unwrap())
    else {
        panic!()
    };
    assert_eq!(
        (authzid, authcid.as_str(), password.expose().as_str()),
        (None, "tim", "tanstaaftanstaaf")
    );

    // Form 2: C: AUTH LOGIN dGlt  S: 334 UGFzc3dvcmQ6  C: <password>
    let mut server = LoginServer::new(Limits::default());
    let mut client = LoginClient::new("tim", Secret::from("tanstaaftanstaaf"))
        .unwrap()
        .with_username_as_initial_response();
    let ir = client.initial_response().unwrap();
    assert_eq!(BASE64.encode(&ir), "dGlt");
    let prompt = expect_challenge(server.start(Some(&ir)).unwrap());
    assert_eq!(prompt, b"Password:");
    assert_eq!(client.step(&prompt).unwrap(), b"tanstaaftanstaaf");

    // Servers with other prompt texts: the client answers by step order.
    let mut client = LoginClient::new("tim", Secret::from("pw")).unwrap();
    assert_eq!(client.step(b"User Name\0").unwrap(), b"tim");
    assert_eq!(client.step(b"password:").unwrap(), b"pw");
    assert!(matches!(
        client.step(b"more?"),
        Err(SaslError::UnexpectedStep { .. })
    ));
}
