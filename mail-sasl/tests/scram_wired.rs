//! SCRAM-SHA-256 client and server wired together: mutual authentication, iteration
//! policy, channel binding flags, nonces, mock credentials, name escaping and preparation.
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
    Answer, Authenticator, Failure, Limits, Mechanism, Rejection, Request, SaslError,
    ScramCredentials, ScramServerError, ScramSha256Client, ScramSha256Server, Secret,
    ServerMechanism, ServerStep,
};

#[test]
fn scram_client_rejects_any_change_to_server_messages() {
    let credentials = password("user", PASSWORD);
    let outcome = run(
        client(&Mechanism::ScramSha256, &credentials),
        server(&Mechanism::ScramSha256),
        &Directory::default(),
        true,
        SuccessData::AsChallenge,
    );
    outcome.client.unwrap();
    let server_messages: Vec<Vec<u8>> = outcome
        .transcript
        .iter()
        .filter(|(c, _)| !*c)
        .map(|(_, m)| m.clone())
        .collect();
    assert_eq!(server_messages.len(), 2);
    let client_accepts = |index: usize, replacement: &[u8]| -> bool {
        let mut c = client(&Mechanism::ScramSha256, &credentials);
        c.initial_response().unwrap();
        for (i, message) in server_messages.iter().enumerate() {
            let message = if i == index {
                replacement
            } else {
                message.as_slice()
            };
            if c.step(message).is_err() {
                return false;
            }
        }
        c.finish(None).is_ok()
    };
    assert!(client_accepts(usize::MAX, b""));
    for (index, original) in server_messages.iter().enumerate() {
        for cut in 0..original.len() {
            assert!(
                !client_accepts(index, &original[..cut]),
                "message {index} cut at {cut}"
            );
        }
        for pos in 0..original.len() {
            let mut garbled = original.clone();
            garbled[pos] ^= 0x01;
            assert!(
                !client_accepts(index, &garbled),
                "message {index} byte {pos}"
            );
        }
    }
}

#[test]
fn scram_server_signature_from_another_password_is_refused() {
    // A server that does not know the password (an impostor holding other keys) cannot
    // produce the signature, even when it plays the rest of the protocol correctly.
    let impostor = Directory::new(b"other-salt", 4096);
    struct Impostor(Directory);
    impl Authenticator for Impostor {
        fn scram_sha256_credentials(
            &self,
            _: Option<&str>,
            _: &str,
        ) -> Result<ScramCredentials, Rejection> {
            Ok(ScramCredentials::derive("guess", &self.0.salt, self.0.iterations).unwrap())
        }
    }
    let mut c = ScramSha256Client::new("user", Secret::from(PASSWORD), CLIENT_NONCE).unwrap();
    let mut s = ScramSha256Server::new(SERVER_NONCE, Limits::default()).unwrap();
    let auth = Impostor(impostor);
    let ServerStep::Challenge(first) = s
        .start_with(&auth, c.initial_response().as_deref())
        .unwrap()
    else {
        panic!()
    };
    let final_message = c.step(&first).unwrap();
    // The impostor's proof check fails, but suppose it sends a signature anyway:
    assert!(matches!(
        s.step_with(&auth, &final_message).unwrap(),
        ServerStep::Failure(Failure::InvalidCredentials)
    ));
    assert_eq!(
        c.finish(Some(b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")),
        Err(SaslError::ServerSignatureMismatch)
    );
}

#[test]
fn scram_iteration_policy_and_server_errors() {
    let weak = Directory::new(b"per-user-salt-16", 1000);
    let outcome = run(
        client(&Mechanism::ScramSha256, &password("user", PASSWORD)),
        server(&Mechanism::ScramSha256),
        &weak,
        true,
        SuccessData::WithOutcome,
    );
    assert_eq!(
        outcome.client,
        Err(SaslError::IterationCountOutOfRange {
            count: 1000,
            min: 4096,
            max: 1_000_000
        })
    );

    let relaxed = ScramSha256Client::new("user", Secret::from(PASSWORD), CLIENT_NONCE)
        .unwrap()
        .with_iteration_range(1000, 10_000);
    let outcome = run(
        relaxed.into(),
        server(&Mechanism::ScramSha256),
        &weak,
        true,
        SuccessData::WithOutcome,
    );
    outcome.client.unwrap();

    let mut c = ScramSha256Client::new("user", Secret::from(PASSWORD), CLIENT_NONCE).unwrap();
    c.initial_response().unwrap();
    assert_eq!(
        c.step(b"e=unknown-user"),
        Err(SaslError::ScramServerError(ScramServerError::UnknownUser))
    );

    let mut c = ScramSha256Client::new("user", Secret::from(PASSWORD), CLIENT_NONCE).unwrap();
    c.initial_response().unwrap();
    assert_eq!(
        c.step(b"r=someoneelse,s=QSXCR+Q6sek8bf92,i=4096"),
        Err(SaslError::NonceMismatch)
    );
    let mut c = ScramSha256Client::new("user", Secret::from(PASSWORD), CLIENT_NONCE).unwrap();
    c.initial_response().unwrap();
    // The server must add its own nonce part.
    assert_eq!(
        c.step(format!("r={CLIENT_NONCE},s=QSXCR+Q6sek8bf92,i=4096").as_bytes()),
        Err(SaslError::NonceMismatch)
    );
}

#[test]
fn scram_server_checks_channel_binding_and_nonce() {
    let directory = Directory::default();
    let start = |message: &[u8]| {
        let mut s = ScramSha256Server::new(SERVER_NONCE, Limits::default()).unwrap();
        let step = s.start_with(&directory, Some(message)).unwrap();
        (s, step)
    };
    let (_, step) = start(b"p=tls-server-end-point,,n=user,r=abc");
    assert!(matches!(
        step,
        ServerStep::Failure(Failure::ChannelBindingNotSupported)
    ));
    // "y": the client supports channel binding but thinks we do not; we do not, so go on.
    let (mut s, step) = start(b"y,,n=user,r=abc");
    assert!(matches!(step, ServerStep::Challenge(_)));
    // c= must be the base64 of "y,," (eSws), not "n,," (biws).
    let step = s
        .step_with(
            &directory,
            format!("c=biws,r=abc{SERVER_NONCE},p=AAAA").as_bytes(),
        )
        .unwrap();
    assert!(matches!(
        step,
        ServerStep::Failure(Failure::ChannelBindingMismatch)
    ));
    let (mut s, _) = start(b"n,,n=user,r=abc");
    let step = s
        .step_with(&directory, b"c=biws,r=abcOTHER,p=AAAA")
        .unwrap();
    assert!(matches!(step, ServerStep::Failure(Failure::NonceMismatch)));
    let (_, step) = start(b"n,,n=\xe2\x80\xae,r=abc");
    assert!(
        matches!(step, ServerStep::Failure(ref f) if f.scram_error() == ScramServerError::InvalidUsernameEncoding)
    );
}

#[test]
fn scram_mock_credentials_hide_unknown_users() {
    let config =
        config().with_scram_mock_credentials_key(Secret::new(b"server-wide secret".to_vec()));
    let attempt = |user: &str| {
        let c = client(&Mechanism::ScramSha256, &password(user, PASSWORD));
        let s = ServerMechanism::new(&Mechanism::ScramSha256, &config, SERVER_NONCE).unwrap();
        run(c, s, &Directory::default(), true, SuccessData::WithOutcome)
    };
    let first = attempt("nobody");
    let second = attempt("nobody");
    // The exchange went through the server-first message and failed after the proof.
    assert_eq!(first.transcript.len(), 3);
    assert_eq!(
        first.server.unwrap_err(),
        Failure::Rejected(Rejection::UnknownUser)
    );
    // Same salt on every attempt, as for a real user.
    assert_eq!(first.transcript[1], second.transcript[1]);
    assert_ne!(first.transcript[1], attempt("someone-else").transcript[1]);
    attempt("user").server.unwrap();
}

#[test]
fn scram_username_escaping_and_preparation() {
    let mut c =
        ScramSha256Client::new("a,b=c\u{A0}d", Secret::from("x\u{A0}y"), CLIENT_NONCE).unwrap();
    let first = c.initial_response().unwrap();
    assert_eq!(
        first,
        format!("n,,n=a=2Cb=3Dc d,r={CLIENT_NONCE}").as_bytes()
    );
    let mut s = ScramSha256Server::new(SERVER_NONCE, Limits::default()).unwrap();
    let ServerStep::Request(Request::ScramCredentials { authcid, .. }) =
        s.start(Some(&first)).unwrap()
    else {
        panic!()
    };
    assert_eq!(authcid, "a,b=c d");
    // The stored credentials derived from the prepared password match.
    let credentials = ScramCredentials::derive("x y", b"salt-salt", 4096).unwrap();
    let ServerStep::Challenge(server_first) =
        s.answer(Answer::ScramCredentials(Ok(credentials))).unwrap()
    else {
        panic!()
    };
    let final_message = c.step(&server_first).unwrap();
    let ServerStep::Success(outcome) = s.step(&final_message).unwrap() else {
        panic!()
    };
    c.finish(outcome.additional_data.as_deref()).unwrap();
}
