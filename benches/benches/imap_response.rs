//! IMAP responses other than FETCH, as a client reads them (`imap_response/mailbox`): a
//! session's greeting, capabilities, SELECT's untagged data and codes, LIST, LSUB, STATUS,
//! SEARCH, EXPUNGE, status responses and tagged completions; the same bytes through our
//! `Response::parse`, djc's `imap-proto` (`parser::parse_response`) and `imap-codec`
//! (`ResponseCodec`), beside our framing stage alone. Target: ours faster than both.
//!
//! Every parser reads every response to a value; the first run checks they all count the
//! same responses.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use imap_codec::ResponseCodec;
use imap_codec::decode::Decoder;
use imap_proto::frame::{Direction, Framer};
use imap_proto::response::Response;

/// A session's worth of responses, `rounds` times over: about 40 responses a round.
fn workload(rounds: usize) -> (Vec<u8>, usize) {
    let mut out = String::new();
    let mut n = 0;
    let mut push = |line: String| {
        out.push_str(&line);
        out.push_str("\r\n");
        n += 1;
    };
    for r in 0..rounds {
        push("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot ready.".into());
        push("* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SPECIAL-USE".into());
        push(format!("a{r}1 OK Logged in"));
        push("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded $Junk)".into());
        push("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded $Junk \\*)] Flags permitted.".into());
        push(format!("* {} EXISTS", 1000 + r));
        push("* 0 RECENT".into());
        push("* OK [UNSEEN 17] First unseen.".into());
        push("* OK [UIDVALIDITY 1690000000] UIDs valid".into());
        push(format!("* OK [UIDNEXT {}] Predicted next UID", 5000 + r));
        push(format!(
            "a{r}2 OK [READ-WRITE] Select completed (0.001 + 0.000 secs)."
        ));
        for (i, name) in [
            "Drafts",
            "Sent",
            "Trash",
            "Junk",
            "Archive",
            "Lists/rust",
            "Lists/imap",
            "Work/2024",
            "Work/2025",
            "Family",
        ]
        .iter()
        .enumerate()
        {
            push(format!(
                "* LIST (\\HasNoChildren{}) \"/\" \"{name}\"",
                if i % 3 == 0 { " \\Marked" } else { "" }
            ));
        }
        push("* LIST (\\HasChildren) \"/\" INBOX".into());
        push(format!("a{r}3 OK List completed (0.001 + 0.000 secs)."));
        push("* LSUB () \"/\" Lists/rust".into());
        for name in ["INBOX", "Drafts", "Lists/rust", "Work/2025"] {
            push(format!(
                "* STATUS \"{name}\" (MESSAGES {} UNSEEN {} UIDNEXT {} UIDVALIDITY 1690000000)",
                10 + r,
                r % 7,
                100 + r
            ));
        }
        push(format!("a{r}4 OK Status completed."));
        let numbers: Vec<String> = (1..60).map(|i| (i * 7 + r).to_string()).collect();
        push(format!("* SEARCH {}", numbers.join(" ")));
        push(format!("a{r}5 OK Search completed (0.002 + 0.000 secs)."));
        push(format!("* {} EXPUNGE", 3 + r % 5));
        push(format!("* {} EXISTS", 999 + r));
        push(format!("a{r}6 NO [TRYCREATE] Mailbox doesn't exist: Foo"));
        push(format!(
            "a{r}7 BAD Error in IMAP command UID: Invalid arguments."
        ));
        push("* BYE Logging out".into());
        push(format!("a{r}8 OK Logout completed (0.001 + 0.000 secs)."));
    }
    (out.into_bytes(), n)
}

fn ours(mut input: &[u8]) -> usize {
    let mut n = 0;
    while !input.is_empty() {
        match Response::parse(input) {
            Ok((response, rest)) => {
                black_box(&response);
                input = rest;
                n += 1;
            }
            Err(_) => break,
        }
    }
    n
}

fn ours_framed(mut input: &[u8]) -> usize {
    let mut framer = Framer::new(Direction::Responses);
    let mut n = 0;
    while let Ok(Some(step)) = framer.next(input) {
        n += usize::from(step.message_end);
        input = &input[step.consumed..];
    }
    n
}

fn djc(mut input: &[u8]) -> usize {
    let mut n = 0;
    while !input.is_empty() {
        match djc_imap_proto::parser::parse_response(input) {
            Ok((rest, response)) => {
                black_box(&response);
                input = rest;
                n += 1;
            }
            Err(_) => break,
        }
    }
    n
}

fn codec(mut input: &[u8]) -> usize {
    let codec = ResponseCodec::default();
    let mut n = 0;
    while !input.is_empty() {
        match codec.decode(input) {
            Ok((rest, response)) => {
                black_box(&response);
                input = rest;
                n += 1;
            }
            Err(_) => break,
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let (bytes, count) = workload(50);
    assert_eq!(ours(&bytes), count, "ours");
    assert_eq!(ours_framed(&bytes), count, "framing");
    assert_eq!(djc(&bytes), count, "imap-proto (djc)");
    assert_eq!(codec(&bytes), count, "imap-codec");
    for unit in ["bytes", "responses"] {
        let mut group = c.benchmark_group(format!("imap_response/mailbox-{unit}"));
        group.throughput(if unit == "bytes" {
            Throughput::Bytes(bytes.len() as u64)
        } else {
            Throughput::Elements(count as u64)
        });
        group.bench_function("ours", |b| b.iter(|| ours(black_box(&bytes))));
        group.bench_function("imap-proto (djc)", |b| b.iter(|| djc(black_box(&bytes))));
        group.bench_function("imap-codec", |b| b.iter(|| codec(black_box(&bytes))));
        if unit == "bytes" {
            group.bench_function("framing only (ours)", |b| {
                b.iter(|| ours_framed(black_box(&bytes)))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
