//! `Message::parse` on arbitrary bytes: never panics, the MIME tree's offsets are consistent
//! (every entity inside its parent, header fields inside their entity), and every decoder the
//! message offers (fields, bodies, charsets) runs without panicking, reporting defects at
//! offsets inside the message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mail_message::{HeaderSection, Message};

fuzz_target!(|data: &[u8]| {
    let section = HeaderSection::parse(data);
    assert!(section.body_offset() <= data.len());
    let Ok(message) = Message::parse(data) else {
        return;
    };
    assert_eq!(message.headers().len(), section.headers().len());
    for part in message.parts() {
        let body_end = part.body_offset() + part.raw_body().len();
        assert!(part.offset() <= part.body_offset() && body_end <= data.len());
        for field in part.headers() {
            assert!(field.offset() >= part.offset());
            assert!(field.offset() + field.raw().len() <= part.body_offset());
        }
        if let Some(parent) = part.parent() {
            assert!(part.offset() >= parent.body_offset());
            assert!(body_end <= parent.body_offset() + parent.raw_body().len());
        }
        let _ = part.content_type();
        let _ = part.transfer_encoding();
        let _ = part.section();
        let _ = part.filename();
        if part.is_leaf() {
            let _ = part.text();
        }
        let headers = part.headers();
        let _ = (
            headers.subject(),
            headers.from(),
            headers.to(),
            headers.sender(),
        );
        let _ = (headers.date(), headers.message_id(), headers.references());
    }
    for defect in message.all_defects() {
        assert!(
            defect.offset <= data.len(),
            "{defect:?} outside the message"
        );
    }
});
