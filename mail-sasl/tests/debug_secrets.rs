//! `Debug` of every type that holds a credential never shows it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unreachable
)]

use mail_sasl::{
    Answer, ClientMechanism, CramMd5Client, CramMd5Server, Credential, Credentials, Limits,
    LoginClient, LoginServer, Mechanism, OAuthBearerClient, OAuthBearerServer, PlainClient,
    PlainMessage, PlainServer, Request, ScramCredentials, ScramSha256Client, ScramSha256Server,
    Secret, ServerConfig, ServerMechanism, ServerStep, XOAuth2Client, XOAuth2Server,
};

const PASSWORD: &str = "Zebra-Quokka-7391-distinctive";
const TOKEN: &str = "Zebra7391QuokkaDistinctiveToken";

fn assert_hidden(what: &str, shown: &str) {
    for needle in [PASSWORD, TOKEN, "Zebra", "Quokka", "7391"] {
        assert!(
            !shown.contains(needle),
            "{what} shows the credential: {shown}"
        );
    }
}

macro_rules! check {
    ($value:expr) => {{
        let value = &$value;
        assert_hidden(stringify!($value), &format!("{value:?}"));
        assert_hidden(stringify!($value), &format!("{value:#?}"));
    }};
}

#[test]
fn clients_hide_credentials() {
    let password = || Secret::from(PASSWORD);
    let token = || Secret::from(TOKEN);
    check!(password());
    check!(Credential::Password(password()));
    check!(Credentials::password("user", password()));
    check!(Credentials::bearer_token("user", token()));
    check!(PlainClient::new(None, "user", password()).unwrap());
    check!(LoginClient::new("user", password()).unwrap());
    check!(CramMd5Client::new("user", password()).unwrap());
    check!(XOAuth2Client::new("user", token()).unwrap());
    check!(OAuthBearerClient::new(Some("user"), None, None, token()).unwrap());
    check!(ScramSha256Client::new("user", password(), "nonce").unwrap());
    for mechanism in [
        Mechanism::Plain,
        Mechanism::Login,
        Mechanism::CramMd5,
        Mechanism::ScramSha256,
    ] {
        let mut client = ClientMechanism::new(
            &mechanism,
            &Credentials::password("user", password()),
            "nonce",
        )
        .unwrap();
        check!(client);
        let _ = client.initial_response();
        check!(client);
    }
    // SCRAM mid-exchange holds derived keys.
    let mut scram = ScramSha256Client::new("user", password(), "nonce").unwrap();
    scram.initial_response().unwrap();
    scram
        .step(b"r=nonceSERVER,s=QSXCR+Q6sek8bf92,i=4096")
        .unwrap();
    check!(scram);
    let mut plain = PlainClient::new(None, "user", password()).unwrap();
    let message = plain.initial_response().unwrap();
    check!(PlainMessage::parse(&message).unwrap());
}

#[test]
fn servers_requests_and_answers_hide_credentials() {
    let limits = Limits::default();
    let wire = format!("\0user\0{PASSWORD}");
    let mut plain = PlainServer::new(limits);
    let step = plain.start(Some(wire.as_bytes())).unwrap();
    check!(step);
    check!(plain);
    let mut login = LoginServer::new(limits);
    let _ = login.start(Some(b"user")).unwrap();
    check!(login.step(PASSWORD.as_bytes()).unwrap());
    check!(login);

    let mut cram = CramMd5Server::new("<1.2@host>", limits).unwrap();
    let _ = cram.start(None).unwrap();
    let _ = cram.step(b"user b913a602c7eda7a495b4e6e7334d3890").unwrap();
    let answer = Answer::CramMd5Secret(Ok(Secret::from(PASSWORD)));
    check!(answer);
    check!(cram);

    for (mut server, message) in [
        (
            ServerMechanism::from(XOAuth2Server::new(limits)),
            format!("user=u\x01auth=Bearer {TOKEN}\x01\x01"),
        ),
        (
            ServerMechanism::from(OAuthBearerServer::new(limits)),
            format!("n,,\x01auth=Bearer {TOKEN}\x01\x01"),
        ),
    ] {
        let step = server.start(Some(message.as_bytes())).unwrap();
        assert!(matches!(step, ServerStep::Request(Request::Token(_))));
        check!(step);
        check!(server);
    }

    let credentials = ScramCredentials::derive(PASSWORD, b"salt", 4096).unwrap();
    check!(credentials);
    let mut scram = ScramSha256Server::new("srv", limits).unwrap();
    let _ = scram.start(Some(b"n,,n=user,r=cli")).unwrap();
    let _ = scram
        .answer(Answer::ScramCredentials(Ok(credentials.clone())))
        .unwrap();
    check!(scram);
    check!(Answer::ScramCredentials(Ok(credentials)));
    let config = ServerConfig::new("host")
        .with_scram_mock_credentials_key(Secret::from(PASSWORD.as_bytes()));
    check!(config);
}

#[test]
fn secret_equality_is_by_content() {
    assert_eq!(Secret::from(PASSWORD), Secret::from(PASSWORD));
    assert_ne!(Secret::from(PASSWORD), Secret::from(TOKEN));
}
