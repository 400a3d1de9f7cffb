//! What `mail-inspect` prints for one message: a JSON object on one line.

use mail_message::field::address::AddressList;
use mail_message::{HeaderSection, Headers, Message};

use crate::json::Json;

/// The JSON summary of one message (`file` is the label printed as the `file` member).
///
/// The shape is fixed: `file`, `subject`, `from`, `to`, `cc`, `date` (RFC 3339), `message_id`
/// (without angle brackets), `parts` (the leaf MIME parts depth-first, with their IMAP section
/// `path`, `content_type`, `charset`, `transfer_encoding`, `disposition`, `filename` and
/// `decoded_size`) and `defects` (the names of every defect, in the order of their offsets).
/// A message over a resource limit (nesting, part count) gets an `error` member instead of
/// `parts`; its fields and defects then come from its header section alone.
pub fn inspect(file: &str, bytes: &[u8]) -> Json {
    let mut members = vec![("file".to_owned(), Json::String(file.to_owned()))];
    match Message::parse(bytes) {
        Ok(message) => {
            members.extend(summary(message.headers()));
            members.push((
                "parts".to_owned(),
                Json::Array(message.leaf_parts().map(|p| part(&p)).collect()),
            ));
            let defects = message
                .all_defects()
                .iter()
                .map(|d| Json::String(d.kind.name().to_owned()))
                .collect();
            members.push(("defects".to_owned(), Json::Array(defects)));
        }
        Err(error) => {
            // Over a limit: the MIME tree is not built, but the header section still is.
            let section = HeaderSection::parse(bytes);
            members.extend(summary(section.headers()));
            members.push(("error".to_owned(), Json::String(error.to_string())));
            let defects = section
                .defects()
                .iter()
                .map(|d| Json::String(d.kind.name().to_owned()))
                .collect();
            members.push(("defects".to_owned(), Json::Array(defects)));
        }
    }
    Json::Object(members)
}

fn summary(m: Headers<'_>) -> Vec<(String, Json)> {
    vec![
        ("subject".to_owned(), Json::opt_string(m.subject())),
        ("from".to_owned(), addresses(&m.from())),
        ("to".to_owned(), addresses(&m.to())),
        ("cc".to_owned(), addresses(&m.cc())),
        (
            "date".to_owned(),
            Json::opt_string(m.date().map(|d| d.to_rfc3339())),
        ),
        (
            "message_id".to_owned(),
            Json::opt_string(m.message_id().map(|id| id.0)),
        ),
    ]
}

fn addresses(list: &AddressList<'_>) -> Json {
    Json::Array(
        list.mailboxes()
            .map(|m| {
                Json::Object(vec![
                    ("name".to_owned(), Json::opt_string(m.name.as_deref())),
                    ("address".to_owned(), Json::String(m.address())),
                ])
            })
            .collect(),
    )
}

fn part(p: &mail_message::Part<'_>) -> Json {
    let ct = p.content_type();
    let transfer_encoding = p
        .headers()
        .get("content-transfer-encoding")
        .map(|_| p.transfer_encoding().as_str().to_ascii_lowercase());
    Json::Object(vec![
        ("path".to_owned(), Json::String(p.section().to_string())),
        (
            "content_type".to_owned(),
            Json::String(format!("{}/{}", ct.media_type, ct.subtype).to_ascii_lowercase()),
        ),
        (
            "charset".to_owned(),
            Json::opt_string(p.charset().map(|c| c.to_ascii_lowercase())),
        ),
        (
            "transfer_encoding".to_owned(),
            Json::opt_string(transfer_encoding),
        ),
        (
            "disposition".to_owned(),
            Json::opt_string(p.disposition().map(|d| d.kind.to_ascii_lowercase())),
        ),
        ("filename".to_owned(), Json::opt_string(p.filename())),
        (
            "decoded_size".to_owned(),
            Json::Number(p.decoded_body().len() as u64),
        ),
    ])
}
