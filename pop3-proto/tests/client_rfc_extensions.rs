//! The example exchanges of RFC 2449 (CAPA, response codes), RFC 2595 (STLS) and RFC 5034
//! (SASL), replayed byte for byte against the client (whole, and in pieces of 1, 2 and 7
//! octets). Where the RFC shows only part of a session, the missing greeting or `CAPA` is
//! added, and each test says so. SASL mechanisms the RFCs use that mail-sasl does not
//! implement (`DIGEST-MD5`, `KERBEROS_V4`) are replaced by CRAM-MD5 (RFC 2195's own example) and
//! SCRAM-SHA-256 (RFC 7677's example) in the same shape of exchange.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod client_support;

use client_support::{config, replay, run, transcript};
use mail_sasl::{Credentials, Secret};
use pop3_proto::client::{Client, ClientConfig, TlsPolicy};

#[test]
fn rfc2449_capa_then_cram_md5_and_pipelining() {
    // RFC 2449 §5's CAPA response (greeting added); the login with the CRAM-MD5 the server
    // offers (RFC 2195's example user, secret and challenge); then, with PIPELINING, STAT,
    // LIST and QUIT go in one write.
    let script = transcript(
        "S: +OK POP3 server ready
         C: CAPA
         S: +OK Capability list follows
         S: TOP
         S: USER
         S: SASL CRAM-MD5 KERBEROS_V4
         S: RESP-CODES
         S: LOGIN-DELAY 900
         S: PIPELINING
         S: EXPIRE 60
         S: UIDL
         S: IMPLEMENTATION Shlemazle-Plotz-v302
         S: .
         C: AUTH CRAM-MD5
         S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
         C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
         S: +OK tim's maildrop has 1 message
         C: STAT
         C: LIST
         C: QUIT
         S: +OK 1 120
         S: +OK 1 messages (120 octets)
         S: 1 120
         S: .
         S: +OK bye",
    );
    let events = run(
        || Client::new(config("tim", "tanstaaftanstaaf", TlsPolicy::Opportunistic)),
        &script,
        |client, event| {
            if event == "Ready 9" {
                client.stat().unwrap();
                client.list(None).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(
        events,
        [
            "Greeting +OK POP3 server ready",
            "Authenticated Sasl(CramMd5)",
            "Ready 9",
            "Stat 1 120",
            "Scan 1 120",
            "ListingEnd LIST",
            "Closed +OK bye",
        ]
    );
}

#[test]
fn rfc2449_in_use_response_code() {
    // RFC 2449 §8.1.1: APOP refused with [IN-USE] (greeting and CAPA added).
    let script = transcript(
        "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
         C: CAPA
         S: +OK Capability list follows
         S: RESP-CODES
         S: .
         C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
         S: -ERR [IN-USE] Do you have another POP session running?
         C: QUIT
         S: +OK bye",
    );
    let events = run(
        || Client::new(config("mrose", "tanstaaf", TlsPolicy::Opportunistic)),
        &script,
        |_, _| {},
    );
    assert_eq!(
        events,
        [
            "Greeting +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>",
            "SessionFailed Auth Rejected APOP -ERR [IN-USE] Do you have another POP session running?",
            "Closed +OK bye",
        ]
    );
}

#[test]
fn rfc2595_stls_then_capa_again() {
    // RFC 2595 §4's STLS exchange (greeting and CAPA added): the upgrade, the capabilities
    // asked for again, and only then USER/PASS.
    let script = transcript(
        "S: +OK POP3 server ready
         C: CAPA
         S: +OK Capability list follows
         S: STLS
         S: USER
         S: .
         C: STLS
         S: +OK Begin TLS negotiation
         C: CAPA
         S: +OK Capability list follows
         S: USER
         S: .
         C: USER mrose
         S: +OK mrose is a real hoopy frood
         C: PASS secret
         S: +OK maildrop locked and ready
         C: QUIT
         S: +OK bye",
    );
    let events = run(
        || Client::new(config("mrose", "secret", TlsPolicy::Required)),
        &script,
        |client, event| {
            if event == "Ready 1" {
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(
        events,
        [
            "Greeting +OK POP3 server ready",
            "StartTls",
            "Authenticated UserPass",
            "Ready 1",
            "Closed +OK bye",
        ]
    );
}

#[test]
fn rfc2595_bytes_before_the_upgrade_are_dropped() {
    // A server (or an attacker) that sends more after "+OK Begin TLS negotiation" in the
    // clear: none of it may be read as a response after the upgrade.
    let mut client = Client::new(config("mrose", "secret", TlsPolicy::Required));
    let script = transcript(
        "S: +OK POP3 server ready
         C: CAPA
         S: +OK Capability list follows
         S: STLS
         S: .
         C: STLS
         S: +OK Begin TLS negotiation
         S: +OK Capability list follows
         S: SASL PLAIN
         S: .
         C: CAPA
         S: +OK Capability list follows
         S: USER
         S: .
         C: USER mrose",
    );
    let out = replay(&mut client, &script, usize::MAX, |_, _| {});
    assert_eq!(out.starttls, 1);
    assert_eq!(out.events, ["Greeting +OK POP3 server ready", "StartTls"]);
}

#[test]
fn rfc2595_stls_refused() {
    // RFC 2595 §4's refusal: opportunistic TLS goes on in the clear (and then has no
    // plaintext login unless allowed); required TLS gives up.
    let refused = "S: +OK POP3 server ready
         C: CAPA
         S: +OK Capability list follows
         S: STLS
         S: USER
         S: .
         C: STLS
         S: -ERR Command not permitted when TLS active
         C: QUIT
         S: +OK bye";
    let events = run(
        || Client::new(config("mrose", "secret", TlsPolicy::Required)),
        &transcript(refused),
        |_, _| {},
    );
    assert_eq!(
        events[1],
        "SessionFailed TlsRefused -ERR Command not permitted when TLS active"
    );
    let events = run(
        || Client::new(config("mrose", "secret", TlsPolicy::Opportunistic)),
        &transcript(refused),
        |_, _| {},
    );
    assert_eq!(events[1], "SessionFailed Auth NoMethod");
    let allowed = transcript(&refused.replace(
        "C: QUIT",
        "C: USER mrose
         S: +OK
         C: PASS secret
         S: +OK
         C: QUIT",
    ));
    let events = run(
        || {
            Client::new(
                config("mrose", "secret", TlsPolicy::Opportunistic).with_auth_without_tls(true),
            )
        },
        &allowed,
        |client, event| {
            if event.starts_with("Ready") {
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(events[1..3], ["Authenticated UserPass", "Ready 2"]);
}

fn rfc5034_credentials(initial_response: bool) -> ClientConfig {
    // "dGVzdAB0ZXN0AHRlc3Q=" is "test\0test\0test": authzid, user and password "test".
    ClientConfig::new()
        .with_credentials(
            Credentials::password("test", Secret::new("test".to_owned())).with_authzid("test"),
            "",
        )
        .with_sasl_initial_response(initial_response)
}

#[test]
fn rfc5034_auth_plain_with_initial_response_under_stls() {
    // RFC 5034 §6, first example, whole.
    let script = transcript(
        "S: +OK pop.example.com BlurdyBlurp POP3 server ready
         C: CAPA
         S: +OK List of capabilities follows
         S: SASL DIGEST-MD5 GSSAPI ANONYMOUS
         S: STLS
         S: IMPLEMENTATION BlurdyBlurp POP3 server
         S: .
         C: STLS
         S: +OK Begin TLS negotiation now
         C: CAPA
         S: +OK List of capabilities follows
         S: SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS
         S: IMPLEMENTATION BlurdyBlurp POP3 server
         S: .
         C: AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=
         S: +OK Maildrop locked and ready",
    );
    let events = run(
        || Client::new(rfc5034_credentials(true)),
        &script,
        |_, _| {},
    );
    assert_eq!(
        events,
        [
            "Greeting +OK pop.example.com BlurdyBlurp POP3 server ready",
            "StartTls",
            "Authenticated Sasl(Plain)",
            "Ready 2",
        ]
    );
}

#[test]
fn rfc5034_auth_plain_after_empty_challenge() {
    // RFC 5034 §6, second example: "parts of the negotiation before the TLS layer was
    // established have been omitted" — the session starts under implicit TLS here, with a
    // greeting added.
    let script = transcript(
        "S: +OK pop.example.com BlurdyBlurp POP3 server ready
         C: CAPA
         S: +OK List of capabilities follows
         S: SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS
         S: IMPLEMENTATION BlurdyBlurp POP3 server
         S: .
         C: AUTH PLAIN
         S: + 
         C: dGVzdAB0ZXN0AHRlc3Q=
         S: +OK Maildrop locked and ready",
    );
    let events = run(
        || Client::new_tls(rfc5034_credentials(false)),
        &script,
        |_, _| {},
    );
    assert_eq!(events[1], "Authenticated Sasl(Plain)");
}

#[test]
fn rfc5034_server_first_mechanism_scram() {
    // RFC 5034 §6, third example's shape (challenge, response, challenge, empty response,
    // +OK) with SCRAM-SHA-256 and RFC 7677 §3's messages in place of DIGEST-MD5; the
    // server's signature is checked before the login counts.
    let scram = |v: &str| {
        transcript(&format!(
            "S: +OK pop.example.com BlurdyBlurp POP3 server ready
             C: CAPA
             S: +OK List of capabilities follows
             S: SASL SCRAM-SHA-256 PLAIN
             S: .
             C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
             S: + cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
             C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
             S: + {v}
             C: {}
             S: +OK Maildrop locked and ready",
            if v.starts_with("dj02") { "" } else { "*" }
        ))
    };
    let make = || Client::new(config("user", "pencil", TlsPolicy::Never));
    let good = scram("dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==");
    let events = run(make, &good, |_, _| {});
    assert_eq!(events[1], "Authenticated Sasl(ScramSha256)");
    // A forged server signature: the client cancels with "*" and never counts the +OK.
    let mut bad = scram("dj1BQUFBVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==");
    bad.push((client_support::Side::Client, b"QUIT\r\n".to_vec()));
    bad.push((client_support::Side::Server, b"+OK bye\r\n".to_vec()));
    let events = run(make, &bad, |_, _| {});
    assert!(
        events[1].starts_with("SessionFailed Auth Sasl("),
        "{events:?}"
    );
    assert_eq!(events.len(), 3);
}

#[test]
fn rfc5034_no_common_mechanism_and_no_plaintext() {
    // RFC 5034 §6, third example's server offers only DIGEST-MD5, GSSAPI and ANONYMOUS, and
    // STLS; with TLS off and no APOP timestamp nothing fits: no credential is sent.
    let script = transcript(
        "S: +OK pop.example.com BlurdyBlurp POP3 server ready
         C: CAPA
         S: +OK List of capabilities follows
         S: SASL DIGEST-MD5 GSSAPI ANONYMOUS
         S: STLS
         S: IMPLEMENTATION BlurdyBlurp POP3 server
         S: .
         C: QUIT
         S: +OK bye",
    );
    let events = run(
        || Client::new(config("chris", "secret", TlsPolicy::Never)),
        &script,
        |_, _| {},
    );
    assert_eq!(events[1], "SessionFailed Auth NoMethod");
}
