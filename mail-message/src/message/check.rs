//! Collecting every defect of a message: its structure, every known structured field and every
//! body, decoded once.

use crate::decode::charset;
use crate::defect::Defect;
use crate::field::address::{AddressList, Mailbox};
use crate::field::content_type::{ContentDisposition, ContentType};
use crate::field::date::DateTime;
use crate::field::message_id::MessageId;
use crate::field::received::Received;
use crate::field::transfer_encoding::TransferEncoding;
use crate::field::unstructured;
use crate::header::HeaderField;

use super::Message;

/// Decodes one field if its name is one this crate knows, recording defects at their offsets
/// in the message.
fn check_field(field: HeaderField<'_>, out: &mut Vec<Defect>) {
    let raw = field.raw_value();
    let mut defects = Vec::new();
    let name = field.name().to_ascii_lowercase();
    match name.as_str() {
        "from" | "reply-to" | "to" | "cc" | "bcc" | "resent-from" | "resent-to" | "resent-cc"
        | "resent-bcc" => {
            AddressList::parse(raw, &mut defects);
        }
        "sender" | "resent-sender" => {
            Mailbox::parse(raw, &mut defects);
        }
        "date" | "resent-date" => {
            DateTime::parse(raw, &mut defects);
        }
        "message-id" | "resent-message-id" | "content-id" => {
            MessageId::parse(raw, &mut defects);
        }
        "in-reply-to" | "references" => {
            MessageId::parse_list(raw, &mut defects);
        }
        "subject" | "comments" | "content-description" => {
            unstructured::decode(raw, &mut defects);
        }
        "content-type" => {
            ContentType::parse(raw, &mut defects);
        }
        "content-disposition" => {
            ContentDisposition::parse(raw, &mut defects);
        }
        "content-transfer-encoding" => {
            TransferEncoding::parse(raw, &mut defects);
        }
        "received" => {
            Received::parse(raw, &mut defects);
        }
        _ => {}
    }
    let base = field.value_offset();
    out.extend(
        defects
            .into_iter()
            .map(|d| Defect::new(d.kind, d.offset + base)),
    );
}

impl Message<'_> {
    /// Every defect of the message: those of its structure ([`Message::defects`]) and those found
    /// by decoding every structured field this crate knows (addresses, dates, message ids, MIME
    /// fields, `Received`, RFC 2047 text) in every entity, and every leaf body (transfer
    /// encoding, and the charset of `text/*` parts). Sorted by offset, without duplicates.
    ///
    /// This decodes the whole message once; use it to judge a message, not on a hot path.
    pub fn all_defects(&self) -> Vec<Defect> {
        let mut out = self.defects().to_vec();
        for part in self.parts() {
            for field in part.headers() {
                check_field(field, &mut out);
            }
            if part.is_leaf() {
                let mut defects = Vec::new();
                let body = part
                    .transfer_encoding()
                    .decode(part.raw_body(), &mut defects);
                let base = part.body_offset();
                let ct = part.content_type();
                if ct.media_type.eq_ignore_ascii_case("text") {
                    let label = ct.charset().unwrap_or("us-ascii");
                    // Charset defects point at the body as a whole.
                    let mut charset_defects = Vec::new();
                    charset::decode(label, &body, &mut charset_defects);
                    defects.extend(charset_defects.into_iter().map(|d| Defect::new(d.kind, 0)));
                }
                out.extend(
                    defects
                        .into_iter()
                        .map(|d| Defect::new(d.kind, d.offset + base)),
                );
            }
        }
        out.sort_by_key(|d| (d.offset, d.kind.name()));
        out.dedup();
        out
    }
}
