//! Message parsing beside Stalwart's `mail-parser` (0.11, and 1.0 with the `mail-parser-1`
//! feature) and `mailparse`, on the same bytes in the same run.
//!
//! Three groups, each over the same message set (every `MessageKind` at four body sizes):
//!
//! - `message/cut`: the header section cut into fields, values left as written (only the MIME
//!   fields typed where a library always types them).
//! - `message/typed`: the header section with every field decoded as mail-parser's default
//!   table does: addresses, dates, message ids, `Received`, RFC 2047 text, `Content-Type`.
//! - `message/full`: the MIME tree, the message's fields typed as above, each part's MIME
//!   fields, and every leaf body decoded (transfer encoding removed; text parts converted to
//!   UTF-8 text from their charset).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mail_benches::message_set;
use mail_message::field::address::AddressList;
use mail_message::field::content_type::{ContentDisposition, ContentType};
use mail_message::field::date::DateTime;
use mail_message::field::message_id::MessageId;
use mail_message::field::received::Received;
use mail_message::field::unstructured;
use mail_message::{HeaderSection, Headers, Message};

/// The body sizes of the message set.
const SIZES: [(usize, &str); 4] = [
    (2_048, "2KiB"),
    (16_384, "16KiB"),
    (131_072, "128KiB"),
    (1_048_576, "1MiB"),
];

/// How mail-parser's default table reads a field (the forms of its `HeaderForm`).
#[derive(Clone, Copy)]
enum Form {
    Raw,
    Text,
    Addresses,
    Date,
    MessageIds,
    Received,
    ContentType,
    ContentDisposition,
}

/// The form mail-parser 1.0 (and 0.11) gives a field by default.
fn form(name: &str) -> Form {
    const TEXT: [&str; 5] = [
        "subject",
        "comments",
        "content-description",
        "content-location",
        "content-transfer-encoding",
    ];
    const ADDRESSES: [&str; 18] = [
        "from",
        "to",
        "cc",
        "bcc",
        "reply-to",
        "sender",
        "resent-to",
        "resent-from",
        "resent-bcc",
        "resent-cc",
        "resent-sender",
        "list-archive",
        "list-help",
        "list-id",
        "list-owner",
        "list-post",
        "list-subscribe",
        "list-unsubscribe",
    ];
    const IDS: [&str; 6] = [
        "message-id",
        "references",
        "in-reply-to",
        "return-path",
        "content-id",
        "resent-message-id",
    ];
    let is = |list: &[&str]| list.iter().any(|n| n.eq_ignore_ascii_case(name));
    if name.eq_ignore_ascii_case("received") {
        Form::Received
    } else if name.eq_ignore_ascii_case("content-type") {
        Form::ContentType
    } else if name.eq_ignore_ascii_case("content-disposition") {
        Form::ContentDisposition
    } else if name.eq_ignore_ascii_case("date") || name.eq_ignore_ascii_case("resent-date") {
        Form::Date
    } else if is(&ADDRESSES) {
        Form::Addresses
    } else if is(&IDS) {
        Form::MessageIds
    } else if is(&TEXT) {
        Form::Text
    } else {
        Form::Raw
    }
}

/// mail-message: every field of `headers` decoded in its form; returns a count so nothing is
/// optimised away.
fn typed_ours(headers: Headers<'_>) -> usize {
    let mut defects = Vec::new();
    let mut n = 0;
    for f in headers {
        let raw = f.raw_value();
        n += match form(f.name()) {
            Form::Raw => black_box(raw).len(),
            Form::Text => black_box(unstructured::decode(raw, &mut defects)).len(),
            Form::Addresses => black_box(AddressList::parse(raw, &mut defects))
                .addresses
                .len(),
            Form::Date => usize::from(black_box(DateTime::parse(raw, &mut defects)).is_some()),
            Form::MessageIds => black_box(MessageId::parse_list(raw, &mut defects)).len(),
            Form::Received => {
                usize::from(black_box(Received::parse(raw, &mut defects)).date.is_some())
            }
            Form::ContentType => {
                usize::from(black_box(ContentType::parse(raw, &mut defects)).is_some())
            }
            Form::ContentDisposition => {
                usize::from(black_box(ContentDisposition::parse(raw, &mut defects)).is_some())
            }
        };
        defects.clear();
    }
    n
}

/// mailparse: every field decoded in the same form where mailparse has a parser for it
/// (it has none for `Received`, which is only unfolded and RFC 2047-decoded).
fn typed_mailparse(headers: &[mailparse::MailHeader<'_>]) -> usize {
    let mut n = 0;
    for h in headers {
        n += match form(&h.get_key_ref()) {
            Form::Raw => black_box(h.get_value_raw()).len(),
            Form::Text | Form::Received => black_box(h.get_value()).len(),
            Form::Addresses => mailparse::addrparse_header(h).map_or(0, |l| l.len()),
            Form::Date => usize::from(mailparse::dateparse(&h.get_value()).is_ok()),
            Form::MessageIds => mailparse::msgidparse(&h.get_value()).map_or(0, |l| l.len()),
            Form::ContentType => black_box(mailparse::parse_content_type(&h.get_value()))
                .params
                .len(),
            Form::ContentDisposition => {
                black_box(mailparse::parse_content_disposition(&h.get_value()))
                    .params
                    .len()
            }
        };
    }
    n
}

/// mail-message: the whole message as described in the module documentation.
fn full_ours(input: &[u8]) -> usize {
    let Ok(message) = Message::parse(input) else {
        return 0;
    };
    let mut n = typed_ours(message.headers());
    for part in message.parts().skip(1) {
        n += typed_ours(part.headers());
    }
    for part in message.leaf_parts() {
        n += if part.content_type().media_type.eq_ignore_ascii_case("text") {
            black_box(part.text()).len()
        } else {
            black_box(part.decoded_body()).len()
        };
    }
    n
}

/// mailparse: the same. `parse_mail` builds the tree and types each part's `Content-Type`;
/// bodies are decoded with `get_body` (text) and `get_body_raw` (other parts).
fn full_mailparse(input: &[u8]) -> usize {
    fn walk(part: &mailparse::ParsedMail<'_>, n: &mut usize) {
        if part.subparts.is_empty() {
            *n += if part.ctype.mimetype.starts_with("text/") {
                part.get_body().map_or(0, |b| black_box(b).len())
            } else {
                part.get_body_raw().map_or(0, |b| black_box(b).len())
            };
        } else {
            for sub in &part.subparts {
                *n += typed_mailparse(&sub.headers);
                walk(sub, n);
            }
        }
    }
    let Ok(mail) = mailparse::parse_mail(input) else {
        return 0;
    };
    let mut n = typed_mailparse(&mail.headers);
    walk(&mail, &mut n);
    n
}

/// mail-parser 0.11: `parse` already types the fields and decodes every body.
fn full_mail_parser_011(parser: &mail_parser::MessageParser, input: &[u8]) -> usize {
    parser.parse(input).map_or(0, |m| m.parts.len())
}

#[cfg(feature = "mail-parser-1")]
mod v1 {
    use std::hint::black_box;

    use mail_parser_1::{HeaderForm, MessageParser, PartKind};

    /// mail-parser 1.0 keeping every field raw but the MIME fields (always typed).
    pub(super) fn raw_parser() -> MessageParser {
        let names = [
            "Subject",
            "Comments",
            "From",
            "To",
            "Cc",
            "Bcc",
            "Reply-To",
            "Sender",
            "Resent-To",
            "Resent-From",
            "Resent-Bcc",
            "Resent-Cc",
            "Resent-Sender",
            "Date",
            "Resent-Date",
            "Message-ID",
            "References",
            "In-Reply-To",
            "Return-Path",
            "Resent-Message-ID",
            "Received",
            "Keywords",
        ];
        names
            .into_iter()
            .fold(MessageParser::new(), |p, n| p.header(n, HeaderForm::Raw))
    }

    /// Header-only parse (`parse_headers`): the root header block, typed by `parser`.
    pub(super) fn headers(parser: &MessageParser, input: &[u8]) -> usize {
        parser
            .parse_headers(input)
            .map_or(0, |m| m.root().headers().len())
    }

    /// `parse` (tree and typed fields; bodies are decoded on access), then every leaf body
    /// decoded: `text()` for text and HTML parts, `decoded()` for the others.
    pub(super) fn full(parser: &MessageParser, input: &[u8]) -> usize {
        let Some(message) = parser.parse(input) else {
            return 0;
        };
        let mut n = 0;
        for part in message.parts() {
            n += match part.kind() {
                PartKind::Text | PartKind::Html => part.text().map_or(0, |t| black_box(t).len()),
                PartKind::Binary | PartKind::InlineBinary => black_box(part.decoded()).len(),
                PartKind::Multipart | PartKind::Message(_) => 0,
            };
        }
        n
    }
}

fn parse(c: &mut Criterion) {
    let set = message_set(0x5EED, &SIZES.map(|(n, _)| n));
    let mp_typed = mail_parser::MessageParser::default();
    let mp_raw = mail_parser::MessageParser::new().with_mime_headers();
    #[cfg(feature = "mail-parser-1")]
    let (mp1_typed, mp1_raw) = (mail_parser_1::MessageParser::new(), v1::raw_parser());

    // Every library reads every message, with the same number of header fields.
    for (kind, len, m) in &set {
        let ours = HeaderSection::parse(m);
        let fields = ours.headers().len();
        let (theirs, body) = mailparse::parse_headers(m).unwrap();
        assert_eq!((theirs.len(), body), (fields, ours.body_offset()));
        let mp = mp_typed.parse_headers(m).unwrap();
        assert_eq!(mp.headers().len(), fields, "{kind:?} {len}");
        #[cfg(feature = "mail-parser-1")]
        assert_eq!(v1::headers(&mp1_typed, m), fields);
        let parts = Message::parse(m).unwrap().parts().count();
        assert_eq!(mp_typed.parse(m).unwrap().parts.len(), parts);
        assert!(full_ours(m) > 0 && full_mailparse(m) > 0);
        #[cfg(feature = "mail-parser-1")]
        assert_eq!(mp1_typed.parse(m).unwrap().parts().len(), parts);
    }

    for (size, label) in SIZES {
        let inputs: Vec<&[u8]> = set
            .iter()
            .filter(|(_, len, _)| *len == size)
            .map(|(_, _, m)| m.as_slice())
            .collect();
        let header_bytes: usize = inputs
            .iter()
            .map(|m| HeaderSection::parse(m).body_offset())
            .sum();
        let all_bytes: usize = inputs.iter().map(|m| m.len()).sum();

        let mut group = c.benchmark_group("message/cut");
        group.throughput(Throughput::Bytes(header_bytes as u64));
        group.bench_function(BenchmarkId::new("mail-message", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| HeaderSection::parse(black_box(m)).headers().len())
                    .sum::<usize>()
            });
        });
        group.bench_function(BenchmarkId::new("mail-parser-0.11", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| {
                        mp_raw
                            .parse_headers(black_box(m))
                            .map_or(0, |m| m.headers().len())
                    })
                    .sum::<usize>()
            });
        });
        #[cfg(feature = "mail-parser-1")]
        group.bench_function(BenchmarkId::new("mail-parser-1.0", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| v1::headers(&mp1_raw, black_box(m)))
                    .sum::<usize>()
            });
        });
        group.bench_function(BenchmarkId::new("mailparse", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| mailparse::parse_headers(black_box(m)).map_or(0, |(h, _)| h.len()))
                    .sum::<usize>()
            });
        });
        group.finish();

        let mut group = c.benchmark_group("message/typed");
        group.throughput(Throughput::Bytes(header_bytes as u64));
        group.bench_function(BenchmarkId::new("mail-message", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| typed_ours(HeaderSection::parse(black_box(m)).headers()))
                    .sum::<usize>()
            });
        });
        group.bench_function(BenchmarkId::new("mail-parser-0.11", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| {
                        mp_typed
                            .parse_headers(black_box(m))
                            .map_or(0, |m| m.headers().len())
                    })
                    .sum::<usize>()
            });
        });
        #[cfg(feature = "mail-parser-1")]
        group.bench_function(BenchmarkId::new("mail-parser-1.0", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| v1::headers(&mp1_typed, black_box(m)))
                    .sum::<usize>()
            });
        });
        group.bench_function(BenchmarkId::new("mailparse", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| {
                        mailparse::parse_headers(black_box(m))
                            .map_or(0, |(h, _)| typed_mailparse(&h))
                    })
                    .sum::<usize>()
            });
        });
        group.finish();

        let mut group = c.benchmark_group("message/full");
        group.throughput(Throughput::Bytes(all_bytes as u64));
        if size >= 1_048_576 {
            group.sample_size(20);
        }
        group.bench_function(BenchmarkId::new("mail-message", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| full_ours(black_box(m)))
                    .sum::<usize>()
            });
        });
        group.bench_function(BenchmarkId::new("mail-parser-0.11", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| full_mail_parser_011(&mp_typed, black_box(m)))
                    .sum::<usize>()
            });
        });
        #[cfg(feature = "mail-parser-1")]
        group.bench_function(BenchmarkId::new("mail-parser-1.0", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| v1::full(&mp1_typed, black_box(m)))
                    .sum::<usize>()
            });
        });
        group.bench_function(BenchmarkId::new("mailparse", label), |b| {
            b.iter(|| {
                inputs
                    .iter()
                    .map(|m| full_mailparse(black_box(m)))
                    .sum::<usize>()
            });
        });
        group.finish();
    }
}

criterion_group!(benches, parse);
criterion_main!(benches);
