//! Message content through the server: DATA ends only at CRLF.CRLF (the smuggling family),
//! bare line-break policies, BDAT chunks (RFC 3030) and their sequence rules.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod server_support;

use server_support::{accept_all, crlf, drive};
use smtp_proto::data::BareLinebreaks;
use smtp_proto::server::{Server, ServerConfig};

fn server() -> Server {
    Server::new(ServerConfig::new("mx.example.org"))
}

const START: &[u8] = b"EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n";

#[test]
fn smuggled_end_of_data_stays_content() {
    for fake in [
        &b"\n.\n"[..],
        b"\r.\r",
        b"\n.\r\n",
        b"\r\n.\n",
        b"\r\n.\r\r\n",
        b"\r.\r\n",
        b"\n.\r",
        b"\r\n.\r",
    ] {
        let mut input = START.to_vec();
        input.extend_from_slice(b"first");
        input.extend_from_slice(fake);
        input.extend_from_slice(b"MAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\nsmuggled\r\n.\r\nNOOP\r\n");
        for policy in [BareLinebreaks::Normalise, BareLinebreaks::Allow] {
            let mut server =
                Server::new(ServerConfig::new("mx.example.org").with_bare_linebreaks(policy));
            let out = drive(&mut server, &[&input], accept_all);
            assert_eq!(
                out.codes(),
                [220, 250, 250, 250, 354, 250, 250],
                "{fake:?} {policy:?}"
            );
            assert_eq!(out.messages.len(), 1);
            let message = String::from_utf8_lossy(&out.messages[0]).into_owned();
            assert!(
                message.contains("MAIL FROM:<evil@example.com>"),
                "{fake:?}: {message:?}"
            );
            assert!(message.ends_with("smuggled\r\n"));
            assert!(!out.events.iter().any(|e| e.contains("evil")));
        }
        // Under Reject the whole message is refused, and still nothing is smuggled.
        let mut server = Server::new(
            ServerConfig::new("mx.example.org").with_bare_linebreaks(BareLinebreaks::Reject),
        );
        let out = drive(&mut server, &[&input], accept_all);
        assert_eq!(out.codes(), [220, 250, 250, 250, 354, 550, 250], "{fake:?}");
        assert!(out.output_str().contains("550 5.6.0 "));
        assert!(out.messages.is_empty());
    }
}

#[test]
fn data_arrives_in_any_split() {
    let mut input = START.to_vec();
    input.extend_from_slice(b"line one\r\n.dot\r\n..two dots\r\n.\r\nQUIT\r\n");
    let whole = drive(&mut server(), &[&input], accept_all);
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    let split = drive(&mut server(), &bytes, accept_all);
    assert_eq!(whole.output, split.output);
    assert_eq!(whole.messages, split.messages);
    assert_eq!(
        whole.messages,
        [b"line one\r\ndot\r\n.two dots\r\n".to_vec()]
    );
}

#[test]
fn empty_message() {
    let mut input = START.to_vec();
    input.extend_from_slice(b".\r\n");
    let out = drive(&mut server(), &[&input], accept_all);
    assert_eq!(out.codes(), [220, 250, 250, 250, 354, 250]);
    assert_eq!(out.messages, [Vec::<u8>::new()]);
}

/// RFC 3030 §4.2: a pipelined BDAT transfer.
#[test]
fn rfc_3030_pipelined_bdat() {
    let chunk1 = vec![b'a'; 100];
    let chunk2 = vec![b'b'; 324];
    let mut input = b"EHLO c\r\nMAIL FROM:<Sam@Random.com> BODY=BINARYMIME\r\nRCPT TO:<Susan@Random.com>\r\nRCPT TO:<Bill@Random.com>\r\n".to_vec();
    input.extend_from_slice(b"BDAT 100\r\n");
    input.extend_from_slice(&chunk1);
    input.extend_from_slice(b"BDAT 324\r\n");
    input.extend_from_slice(&chunk2);
    input.extend_from_slice(b"BDAT 0 LAST\r\nQUIT\r\n");
    let out = drive(&mut server(), &[&input], accept_all);
    assert_eq!(out.codes(), [220, 250, 250, 250, 250, 250, 250, 250, 221]);
    assert!(out.output_str().contains("250 2.0.0 100 octets received\r\n250 2.0.0 324 octets received\r\n250 2.0.0 Message accepted\r\n"));
    let mut expected = chunk1.clone();
    expected.extend_from_slice(&chunk2);
    assert_eq!(out.messages, [expected]);
    assert!(out.events.contains(&"MessageEnd 424 1".to_owned()));
}

#[test]
fn bdat_content_is_never_scanned() {
    // A chunk holding what would end DATA, and what looks like commands.
    let chunk = b"x\r\n.\r\nMAIL FROM:<evil@example.com>\r\n";
    let mut input = b"EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\n".to_vec();
    input.extend_from_slice(format!("BDAT {} LAST\r\n", chunk.len()).as_bytes());
    input.extend_from_slice(chunk);
    let out = drive(&mut server(), &[&input], accept_all);
    assert_eq!(out.codes(), [220, 250, 250, 250, 250]);
    assert_eq!(out.messages, [chunk.to_vec()]);
}

#[test]
fn refused_bdat_chunks_are_still_read() {
    // No MAIL yet: the chunk is read and dropped, then 503; the next command is a command.
    let out = drive(
        &mut server(),
        &[b"EHLO c\r\nBDAT 10\r\n0123456789NOOP\r\n"],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 503, 250]);
    // BDAT where CHUNKING is not offered.
    let mut config = ServerConfig::new("mx.example.org");
    config.extensions.chunking = false;
    let out = drive(
        &mut Server::new(config),
        &[b"EHLO c\r\nBDAT 4 LAST\r\nABCDNOOP\r\n"],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 502, 250]);
}

#[test]
fn data_after_bdat_and_binarymime_rules() {
    let out = drive(
        &mut server(),
        &[&crlf(
            "EHLO c\nMAIL FROM:<a@example.com>\nRCPT TO:<b@example.org>\nBDAT 1\nxDATA\n",
        )],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 250, 250, 250, 503]);
    let out = drive(
        &mut server(),
        &[&crlf(
            "EHLO c\nMAIL FROM:<a@example.com> BODY=BINARYMIME\nRCPT TO:<b@example.org>\nDATA\n",
        )],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 250, 250, 503]);
    assert!(
        out.output_str()
            .ends_with("503 5.5.1 BINARYMIME needs BDAT\r\n")
    );
}

#[test]
fn bdat_size_limit_counts_every_chunk() {
    let mut config = ServerConfig::new("mx.example.org");
    config.limits.max_message_size = 10;
    let mut input = b"EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nBDAT 6\r\n123456BDAT 6 LAST\r\n123456".to_vec();
    input.extend_from_slice(b"NOOP\r\n");
    let out = drive(&mut Server::new(config), &[&input], accept_all);
    assert_eq!(out.codes(), [220, 250, 250, 250, 250, 552, 250]);
    assert!(out.events.contains(&"MessageRefused 552".to_owned()));
}
