//! Client and server mechanisms wired together, for every mechanism: success, wrong
//! password, unknown user, authzid handling, garbled and truncated messages at every step.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unreachable
)]

mod common;

use common::*;
use mail_sasl::{
    Answer, Authenticator, ClientMechanism, Credentials, Failure, Limits, Mechanism, Rejection,
    SaslError, ScramSha256Client, Secret, ServerMechanism, ServerStep,
};

#[test]
fn every_password_mechanism_succeeds_with_and_without_initial_response() {
    for mechanism in &PASSWORD_MECHS {
        for use_ir in [true, false] {
            for data in [SuccessData::WithOutcome, SuccessData::AsChallenge] {
                let outcome = exchange(mechanism, &password("user", PASSWORD), use_ir, data);
                let authenticated = outcome
                    .server
                    .unwrap_or_else(|f| panic!("{mechanism} {use_ir} {f:?}"));
                assert_eq!(authenticated.identity(), "user");
                assert_eq!(authenticated.authzid, None);
                outcome.client.unwrap();
            }
        }
    }
}

#[test]
fn every_token_mechanism_succeeds() {
    for mechanism in &TOKEN_MECHS {
        for use_ir in [true, false] {
            let outcome = exchange(
                mechanism,
                &token_credentials(TOKEN),
                use_ir,
                SuccessData::WithOutcome,
            );
            let authenticated = outcome.server.unwrap();
            assert_eq!(authenticated.authcid, "user@example.com");
            outcome.client.unwrap();
        }
    }
}

#[test]
fn wrong_password_fails_everywhere() {
    for mechanism in &PASSWORD_MECHS {
        let outcome = exchange(
            mechanism,
            &password("user", "pencil"),
            true,
            SuccessData::WithOutcome,
        );
        let expected = match mechanism {
            Mechanism::Plain | Mechanism::Login => Failure::Rejected(Rejection::BadCredentials),
            _ => Failure::InvalidCredentials,
        };
        assert_eq!(outcome.server.unwrap_err(), expected, "{mechanism}");
    }
}

#[test]
fn wrong_token_fails_with_error_result_and_dummy_response() {
    for mechanism in &TOKEN_MECHS {
        let outcome = exchange(
            mechanism,
            &token_credentials("bm90LWl0"),
            true,
            SuccessData::WithOutcome,
        );
        let Failure::TokenRefused(error) = outcome.server.unwrap_err() else {
            panic!()
        };
        assert_eq!(error.status, "invalid_token");
        // IR, error JSON challenge, dummy response.
        assert_eq!(outcome.transcript.len(), 3);
        assert_eq!(
            outcome.transcript[1].1,
            br#"{"status":"invalid_token","scope":"mail"}"#
        );
        let dummy: &[u8] = if *mechanism == Mechanism::OAuthBearer {
            b"\x01"
        } else {
            b""
        };
        assert_eq!(outcome.transcript[2].1, dummy);
    }
}

#[test]
fn token_for_wrong_host_or_user_is_refused() {
    let credentials = Credentials::bearer_token("user@example.com", Secret::from(TOKEN))
        .with_host("evil.example", 993);
    let outcome = exchange(
        &Mechanism::OAuthBearer,
        &credentials,
        true,
        SuccessData::WithOutcome,
    );
    assert!(matches!(outcome.server, Err(Failure::TokenRefused(_))));
    let credentials = token_credentials(TOKEN).with_authzid("other@example.com");
    let outcome = exchange(
        &Mechanism::OAuthBearer,
        &credentials,
        true,
        SuccessData::WithOutcome,
    );
    assert!(matches!(outcome.server, Err(Failure::TokenRefused(_))));
}

#[test]
fn unknown_user_fails_everywhere() {
    for mechanism in &PASSWORD_MECHS {
        let outcome = exchange(
            mechanism,
            &password("nobody", PASSWORD),
            true,
            SuccessData::WithOutcome,
        );
        assert_eq!(
            outcome.server.unwrap_err(),
            Failure::Rejected(Rejection::UnknownUser),
            "{mechanism}"
        );
    }
}

#[test]
fn authzid_permitted_and_refused() {
    for mechanism in [Mechanism::Plain, Mechanism::ScramSha256] {
        let ok = exchange(
            &mechanism,
            &password("user", PASSWORD).with_authzid("shared"),
            true,
            SuccessData::WithOutcome,
        );
        let authenticated = ok.server.unwrap();
        assert_eq!(authenticated.authcid, "user");
        assert_eq!(authenticated.identity(), "shared");
        ok.client.unwrap();

        let refused = exchange(
            &mechanism,
            &password("user", PASSWORD).with_authzid("root"),
            true,
            SuccessData::WithOutcome,
        );
        assert_eq!(
            refused.server.unwrap_err(),
            Failure::Rejected(Rejection::AuthzidNotPermitted),
            "{mechanism}"
        );

        let admin = exchange(
            &mechanism,
            &password("admin", "admin-secret").with_authzid("user"),
            true,
            SuccessData::WithOutcome,
        );
        assert_eq!(admin.server.unwrap().identity(), "user");
    }
    for mechanism in [Mechanism::Login, Mechanism::CramMd5, Mechanism::XOAuth2] {
        let credentials = match mechanism {
            Mechanism::XOAuth2 => token_credentials(TOKEN),
            _ => password("user", PASSWORD),
        }
        .with_authzid("shared");
        assert!(matches!(
            ClientMechanism::new(&mechanism, &credentials, CLIENT_NONCE),
            Err(SaslError::AuthzidNotSupported { .. })
        ));
        assert!(!credentials.mechanisms().contains(&mechanism));
    }
}

#[test]
fn credentials_pick_mechanisms_of_their_kind() {
    assert_eq!(
        password("u", "p").mechanisms(),
        [
            Mechanism::ScramSha256,
            Mechanism::CramMd5,
            Mechanism::Plain,
            Mechanism::Login
        ]
    );
    assert_eq!(
        token_credentials(TOKEN).mechanisms(),
        [Mechanism::OAuthBearer, Mechanism::XOAuth2]
    );
    assert!(matches!(
        ClientMechanism::new(&Mechanism::Plain, &token_credentials(TOKEN), CLIENT_NONCE),
        Err(SaslError::WrongCredentialKind { .. })
    ));
    assert!(matches!(
        ClientMechanism::new(
            &Mechanism::Other("GSSAPI".into()),
            &password("u", "p"),
            CLIENT_NONCE
        ),
        Err(SaslError::UnsupportedMechanism(_))
    ));
    assert!(matches!(
        ServerMechanism::new(&Mechanism::Other("GSSAPI".into()), &config(), SERVER_NONCE),
        Err(SaslError::UnsupportedMechanism(_))
    ));
}

/// Replays the client's recorded messages into a fresh server with message `index` replaced,
/// and returns whether the server ever reported success. With `use_ir` the first message is
/// the initial response.
fn server_accepts(
    directory: &Directory,
    mechanism: &Mechanism,
    messages: &[Vec<u8>],
    use_ir: bool,
    index: usize,
    replacement: &[u8],
) -> bool {
    let mut server = server(mechanism);
    // After the recorded messages, answer any further challenge with OAUTHBEARER's dummy.
    let message = |i: usize| {
        if i == index {
            replacement.to_vec()
        } else {
            messages.get(i).cloned().unwrap_or_else(|| b"\x01".to_vec())
        }
    };
    let mut next = 0;
    let initial = use_ir.then(|| {
        next = 1;
        message(0)
    });
    let mut step = server.start_with(directory, initial.as_deref()).unwrap();
    for _ in 0..6 {
        match step {
            ServerStep::Challenge(_) => match server.step_with(directory, &message(next)) {
                Ok(s) => {
                    step = s;
                    next += 1;
                }
                Err(_) => return false,
            },
            ServerStep::Success(_) => return true,
            ServerStep::Failure(_) => return false,
            ServerStep::Request(_) => unreachable!(),
        }
    }
    false
}

#[test]
fn garbled_or_truncated_client_messages_never_succeed() {
    let cases: Vec<(Mechanism, Credentials)> = PASSWORD_MECHS
        .iter()
        .map(|m| (m.clone(), password("user", PASSWORD)))
        .chain(
            TOKEN_MECHS
                .iter()
                .map(|m| (m.clone(), token_credentials(TOKEN))),
        )
        .collect();
    let directory = Directory::default();
    for (mechanism, credentials) in &cases {
        let use_ir = mechanism.is_client_first();
        let outcome = run(
            client(mechanism, credentials),
            server(mechanism),
            &Directory::default(),
            use_ir,
            SuccessData::WithOutcome,
        );
        outcome.server.as_ref().unwrap();
        let messages: Vec<Vec<u8>> = outcome
            .transcript
            .iter()
            .filter(|(c, _)| *c)
            .map(|(_, m)| m.clone())
            .collect();
        assert!(
            server_accepts(&directory, mechanism, &messages, use_ir, usize::MAX, b""),
            "{mechanism}: clean replay"
        );
        for (index, original) in messages.iter().enumerate() {
            for cut in 0..original.len() {
                assert!(
                    !server_accepts(
                        &directory,
                        mechanism,
                        &messages,
                        use_ir,
                        index,
                        &original[..cut]
                    ),
                    "{mechanism}: message {index} cut at {cut}"
                );
            }
            for pos in 0..original.len() {
                let mut garbled = original.clone();
                garbled[pos] ^= 0x01;
                assert!(
                    !server_accepts(&directory, mechanism, &messages, use_ir, index, &garbled),
                    "{mechanism}: message {index} byte {pos} flipped"
                );
            }
        }
    }
}

#[test]
fn answers_can_come_later_and_misuse_is_an_error() {
    // An application that checks passwords asynchronously: take the request, answer later.
    let mut s = server(&Mechanism::Plain);
    let ServerStep::Request(request) = s.start(Some(b"\0user\0pw")).unwrap() else {
        panic!()
    };
    assert!(matches!(
        s.step(b"more"),
        Err(SaslError::UnexpectedStep { .. })
    ));
    assert!(matches!(
        s.answer(Answer::CramMd5Secret(Err(Rejection::UnknownUser))),
        Err(SaslError::UnexpectedAnswer { .. })
    ));
    let answer = request.answer_with(&Directory::default());
    assert!(matches!(
        s.answer(answer).unwrap(),
        ServerStep::Failure(Failure::Rejected(Rejection::BadCredentials))
    ));
    assert!(matches!(
        s.answer(Answer::Verdict(mail_sasl::Verdict::Accept)),
        Err(SaslError::UnexpectedAnswer { .. })
    ));
    assert!(matches!(
        s.start(None),
        Err(SaslError::UnexpectedStep { .. })
    ));

    for mechanism in PASSWORD_MECHS.iter().chain(&TOKEN_MECHS) {
        let mut s = server(mechanism);
        assert!(
            matches!(s.step(b"x"), Err(SaslError::UnexpectedStep { .. })),
            "{mechanism}"
        );
        assert!(
            matches!(
                s.answer(Answer::Verdict(mail_sasl::Verdict::Accept)),
                Err(SaslError::UnexpectedAnswer { .. })
            ),
            "{mechanism}"
        );
    }
}

#[test]
fn default_authenticator_refuses_everything() {
    struct Nothing;
    impl Authenticator for Nothing {}
    for (mechanism, credentials) in PASSWORD_MECHS
        .iter()
        .map(|m| (m, password("user", PASSWORD)))
        .chain(TOKEN_MECHS.iter().map(|m| (m, token_credentials(TOKEN))))
    {
        let mut c = client(mechanism, &credentials);
        let mut s = server(mechanism);
        let mut step = s
            .start_with(&Nothing, c.initial_response().as_deref())
            .unwrap();
        let result = loop {
            match step {
                ServerStep::Challenge(ch) => {
                    step = s.step_with(&Nothing, &c.step(&ch).unwrap()).unwrap();
                }
                ServerStep::Failure(f) => break Err(f),
                ServerStep::Success(a) => break Ok(a),
                ServerStep::Request(_) => unreachable!(),
            }
        };
        assert!(result.is_err(), "{mechanism}");
    }
}

#[test]
fn oversized_messages_fail_before_parsing() {
    let small = config().with_limits(Limits::with_max_message_len(64));
    for mechanism in PASSWORD_MECHS.iter().chain(&TOKEN_MECHS) {
        let mut s = ServerMechanism::new(mechanism, &small, SERVER_NONCE).unwrap();
        let big = vec![b'a'; 65];
        let step = match s.start(Some(&big)).unwrap() {
            ServerStep::Challenge(_) => s.step(&big).unwrap(),
            other => other,
        };
        assert!(
            matches!(
                step,
                ServerStep::Failure(Failure::TooLong { len: 65, max: 64 })
                    | ServerStep::Failure(Failure::Malformed(_))
            ),
            "{mechanism}: {step:?}"
        );
    }
    let mut c = ScramSha256Client::new("user", Secret::from(PASSWORD), CLIENT_NONCE)
        .unwrap()
        .with_limits(Limits::with_max_message_len(16));
    c.initial_response().unwrap();
    assert!(matches!(
        c.step(&[b'r'; 17]),
        Err(SaslError::MessageTooLong {
            len: 17,
            max: 16,
            ..
        })
    ));
}
