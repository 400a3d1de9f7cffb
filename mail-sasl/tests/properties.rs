//! Property tests: no panic on arbitrary bytes at every step of every mechanism, client and
//! server; encode → parse round trips of the PLAIN and SCRAM messages, mechanism names and
//! the OAuth error result.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unreachable
)]

mod common;

use common::{Directory, PASSWORD, SuccessData, TOKEN, run};
use mail_sasl::scram::{ChannelBindingFlag, ClientFinal, ClientFirst, ServerFinal, ServerFirst};
use mail_sasl::{
    ClientMechanism, Credentials, Mechanism, OAuthError, PlainMessage, SaslError, ScramServerError,
    ScramSha256Client, Secret, ServerConfig, ServerMechanism, ServerStep, saslprep,
};
use proptest::prelude::*;
use std::sync::LazyLock;

const ALL: [Mechanism; 6] = [
    Mechanism::Plain,
    Mechanism::Login,
    Mechanism::CramMd5,
    Mechanism::XOAuth2,
    Mechanism::OAuthBearer,
    Mechanism::ScramSha256,
];

fn credentials(mechanism: &Mechanism) -> Credentials {
    match mechanism {
        Mechanism::XOAuth2 | Mechanism::OAuthBearer => {
            Credentials::bearer_token("user@example.com", Secret::from(TOKEN))
                .with_host("mail.example.com", 993)
        }
        _ => Credentials::password("user", Secret::from(PASSWORD)),
    }
}

/// Built once: PBKDF2 is slow in debug builds.
static DIRECTORY: LazyLock<Directory> = LazyLock::new(Directory::default);
static VALID: LazyLock<Vec<Vec<Vec<u8>>>> = LazyLock::new(|| {
    ALL.iter()
        .map(|m| valid_client_messages(m, &DIRECTORY))
        .collect()
});

fn messages() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(prop::collection::vec(any::<u8>(), 0..200), 0..5)
}

/// The client messages of a successful exchange, to build prefixes from.
fn valid_client_messages(mechanism: &Mechanism, directory: &Directory) -> Vec<Vec<u8>> {
    let client = ClientMechanism::new(mechanism, &credentials(mechanism), "cnonce").unwrap();
    let server = ServerMechanism::new(mechanism, &ServerConfig::new("h"), "snonce").unwrap();
    let outcome = run(
        client,
        server,
        directory,
        mechanism.is_client_first(),
        SuccessData::WithOutcome,
    );
    outcome
        .transcript
        .into_iter()
        .filter(|(c, _)| *c)
        .map(|(_, m)| m)
        .collect()
}

proptest! {
    #[test]
    fn servers_never_panic(
        which in 0..ALL.len(),
        use_ir in any::<bool>(),
        valid_prefix in 0usize..3,
        garbage in messages(),
    ) {
        let mechanism = &ALL[which];
        let directory = &*DIRECTORY;
        let mut inputs: Vec<Vec<u8>> = VALID[which].iter().take(valid_prefix).cloned().collect();
        inputs.extend(garbage);
        let mut server = ServerMechanism::new(mechanism, &ServerConfig::new("h"), "snonce").unwrap();
        let mut inputs = inputs.into_iter();
        let initial = if use_ir { inputs.next() } else { None };
        let mut step = server.start_with(directory, initial.as_deref()).unwrap();
        for input in inputs {
            match step {
                ServerStep::Challenge(_) => match server.step_with(directory, &input) {
                    Ok(next) => step = next,
                    Err(e) => {
                        let unexpected = matches!(e, SaslError::UnexpectedStep { .. });
                        prop_assert!(unexpected, "{:?}", e);
                        break;
                    }
                },
                ServerStep::Request(_) => prop_assert!(false, "start_with returned a request"),
                _ => {
                    // Finished: further steps are API misuse, reported as errors.
                    prop_assert!(server.step(&input).is_err());
                    break;
                }
            }
        }
    }

    #[test]
    fn clients_never_panic(
        which in 0..ALL.len(),
        use_ir in any::<bool>(),
        challenges in messages(),
        additional in prop::option::of(prop::collection::vec(any::<u8>(), 0..100)),
    ) {
        let mechanism = &ALL[which];
        let mut client = ClientMechanism::new(mechanism, &credentials(mechanism), "cnonce").unwrap();
        if use_ir {
            let _ = client.initial_response();
        }
        for challenge in &challenges {
            if client.step(challenge).is_err() {
                break;
            }
        }
        let _ = client.finish(additional.as_deref());
        let _ = client.step(b"");
        let _ = client.finish(None);
    }

    #[test]
    fn scram_client_never_panics_after_valid_server_first(
        tail in messages(),
        additional in prop::option::of(prop::collection::vec(any::<u8>(), 0..100)),
    ) {
        let mut client = ScramSha256Client::new("user", Secret::from("pencil"), "cnonce")
            .unwrap()
            .with_iteration_range(1, 1);
        client.initial_response().unwrap();
        client.step(b"r=cnonceSERVER,s=QSXCR+Q6sek8bf92,i=1").unwrap();
        for challenge in &tail {
            if client.step(challenge).is_err() {
                break;
            }
        }
        // Garbage never passes for the server's signature.
        prop_assert!(client.finish(additional.as_deref()).is_err());
    }

    #[test]
    fn plain_round_trip(
        authzid in prop::option::of("[^\u{0}]{1,40}"),
        authcid in "[^\u{0}]{1,40}",
        password in "[^\u{0}]{1,40}",
    ) {
        let message = PlainMessage { authzid: authzid.as_deref(), authcid: &authcid, password: &password };
        let wire = message.encode().unwrap();
        prop_assert_eq!(PlainMessage::parse(&wire).unwrap(), message);
    }

    #[test]
    fn plain_parse_never_panics_and_reencodes(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
        if let Ok(message) = PlainMessage::parse(&bytes) {
            prop_assert_eq!(message.encode().unwrap(), bytes);
        }
    }

    #[test]
    fn scram_client_first_round_trip(
        flag in prop_oneof![
            Just(ChannelBindingFlag::None),
            Just(ChannelBindingFlag::ClientSupported),
            "[a-z0-9.-]{1,20}".prop_map(ChannelBindingFlag::Required),
        ],
        authzid in prop::option::of("[^\u{0}]{1,30}"),
        username in "[^\u{0}]{1,30}",
        nonce in "[!-+--~]{1,40}",
    ) {
        let message = ClientFirst { channel_binding: flag, authzid, username, nonce };
        let wire = message.encode().unwrap();
        prop_assert_eq!(ClientFirst::parse(wire.as_bytes()).unwrap(), message);
    }

    #[test]
    fn scram_server_messages_round_trip(
        nonce in "[!-+--~]{1,40}",
        salt in prop::collection::vec(any::<u8>(), 1..40),
        iterations in 1u32..,
        channel_binding in prop::collection::vec(any::<u8>(), 1..40),
        proof in prop::collection::vec(any::<u8>(), 1..40),
        verifier in prop::collection::vec(any::<u8>(), 1..40),
        error in "[a-z-]{1,30}",
    ) {
        let first = ServerFirst { nonce: nonce.clone(), salt, iterations };
        prop_assert_eq!(ServerFirst::parse(first.encode().unwrap().as_bytes()).unwrap(), first);
        let fin = ClientFinal { channel_binding, nonce, proof };
        let wire = fin.encode().unwrap();
        let (parsed, without_proof) = ClientFinal::parse(wire.as_bytes()).unwrap();
        prop_assert_eq!(&wire[..without_proof], fin.without_proof().unwrap());
        prop_assert_eq!(parsed, fin);
        let v = ServerFinal::Verifier(verifier);
        prop_assert_eq!(ServerFinal::parse(v.encode().unwrap().as_bytes()).unwrap(), v);
        let e = ServerFinal::Error(ScramServerError::from_value(&error));
        prop_assert_eq!(ServerFinal::parse(e.encode().unwrap().as_bytes()).unwrap(), e);
    }

    #[test]
    fn scram_parsers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..120)) {
        let _ = ClientFirst::parse(&bytes);
        let _ = ServerFirst::parse(&bytes);
        let _ = ClientFinal::parse(&bytes);
        let _ = ServerFinal::parse(&bytes);
        let _ = OAuthError::from_json(&bytes);
        let _ = Mechanism::from_bytes(&bytes);
    }

    #[test]
    fn mechanism_names_round_trip(name in "[A-Za-z0-9_-]{1,20}") {
        let mechanism: Mechanism = name.parse().unwrap();
        prop_assert_eq!(mechanism.to_string(), name.to_ascii_uppercase());
        prop_assert_eq!(mechanism.to_string().parse::<Mechanism>().unwrap(), mechanism);
    }

    #[test]
    fn oauth_error_json_round_trip(
        status in ".{0,20}",
        schemes in prop::option::of(".{0,20}"),
        scope in prop::option::of(".{0,20}"),
        openid in prop::option::of(".{0,20}"),
    ) {
        let error = OAuthError { status, schemes, scope, openid_configuration: openid };
        prop_assert_eq!(OAuthError::from_json(error.to_json().as_bytes()), Some(error));
    }

    #[test]
    fn saslprep_is_idempotent(input in ".{0,20}") {
        if let Ok(prepared) = saslprep(&input) {
            let again = saslprep(&prepared).unwrap();
            prop_assert_eq!(again.as_ref(), prepared.as_ref());
        }
    }
}
