//! Helpers shared by the RFC example tests of the reply codec.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use smtp_proto::reply::{Capability, EhloReply, Parsed, Reply, ReplyCode};

pub(crate) fn reply(code: u16, enhanced: Option<&str>, lines: &[&'static str]) -> Reply<'static> {
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
pub(crate) fn session(server_lines: &[&str], expected: &[Reply<'_>]) -> Vec<Reply<'static>> {
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

pub(crate) fn ehlo(
    reply: &Reply<'_>,
    domain: &str,
    greeting: Option<&str>,
    capabilities: &[Capability<'_>],
) -> EhloReply<'static> {
    let e = EhloReply::from_reply(reply.clone()).unwrap();
    assert_eq!(e.domain, domain);
    assert_eq!(e.greeting.as_deref(), greeting);
    assert_eq!(e.capabilities.to_vec(), capabilities);
    assert_eq!(
        e.to_reply().unwrap(),
        *reply,
        "EHLO reply re-encodes the same"
    );
    e.into_owned()
}

pub(crate) fn other(keyword: &str) -> Capability<'_> {
    Capability::Other {
        keyword: keyword.into(),
        params: vec![],
    }
}
