//! Header injection: CR, LF and NUL in every header input the builder takes are refused
//! with a typed error naming the field and the piece of it.

use std::borrow::Cow;

use super::{base, date, err};
use mail_message::builder::{BuildError, Component, MessageBuilder, MimePart, mailbox};
use mail_message::field::address::{Address, Group};
use mail_message::field::message_id::MessageId;

fn injected(b: &MessageBuilder<'_>) -> (String, Component, char) {
    match err(b) {
        BuildError::InvalidCharacter {
            field,
            what,
            character,
            ..
        } => (field, what, character),
        other => panic!("expected InvalidCharacter, got {other:?}"),
    }
}

#[test]
fn header_injection_is_refused_everywhere() {
    for bad in ["\r", "\n", "\0", "\r\nBcc: victim@example.com"] {
        let v = |s: &str| Cow::Owned(format!("ok{bad}{s}"));
        let mb = |name: Option<Cow<'static, str>>,
                  local: Cow<'static, str>,
                  domain: Cow<'static, str>| {
            mail_message::field::address::Mailbox {
                name,
                local_part: local,
                domain,
            }
        };
        let c = bad.chars().next().unwrap();
        let cases: Vec<(MessageBuilder<'static>, &str, Component)> = vec![
            (base().subject(v("")), "Subject", Component::Value),
            (base().header(v(""), "x"), "", Component::FieldName),
            (base().header("X-Test", v("")), "X-Test", Component::Value),
            (
                base().to(mb(Some(v("")), "a".into(), "b.test".into())),
                "To",
                Component::DisplayName,
            ),
            (
                base().cc(mb(None, v(""), "b.test".into())),
                "Cc",
                Component::LocalPart,
            ),
            (
                base().reply_to(mb(None, "a".into(), v(".test"))),
                "Reply-To",
                Component::Domain,
            ),
            (
                base()
                    .bcc(mb(None, "a".into(), v(".test")))
                    .include_bcc(true),
                "Bcc",
                Component::Domain,
            ),
            (
                base().sender(mb(Some(v("")), "a".into(), "b.test".into())),
                "Sender",
                Component::DisplayName,
            ),
            (
                MessageBuilder::new().date(date()).from(mb(
                    Some(v("")),
                    "a".into(),
                    "b.test".into(),
                )),
                "From",
                Component::DisplayName,
            ),
            (
                base().to(Address::Group(Group {
                    name: v(""),
                    members: vec![],
                })),
                "To",
                Component::DisplayName,
            ),
            (
                base().message_id(MessageId(v("@x"))),
                "Message-ID",
                Component::MessageId,
            ),
            (
                base().in_reply_to(MessageId(v("@x"))),
                "In-Reply-To",
                Component::MessageId,
            ),
            (
                base().references(MessageId(v("@x"))),
                "References",
                Component::MessageId,
            ),
            (
                base().body(MimePart::new(v("/plain"), &b""[..])),
                "Content-Type",
                Component::MediaType,
            ),
            (
                base().body(MimePart::text("x").parameter(v(""), "v")),
                "Content-Type",
                Component::ParameterName,
            ),
            (
                base().body(MimePart::text("x").parameter("format", v(""))),
                "Content-Type",
                Component::ParameterValue,
            ),
            (
                base().body(MimePart::attachment("a/b", v(".pdf"), &b""[..])),
                "Content-Type",
                Component::ParameterValue,
            ),
            (
                base().body(MimePart::text("x").disposition(v(""))),
                "Content-Disposition",
                Component::DispositionType,
            ),
            (
                base().body(MimePart::text("x").disposition_parameter("size", v(""))),
                "Content-Disposition",
                Component::ParameterValue,
            ),
            (
                base().body(MimePart::text("x").content_id(MessageId(v("@x")))),
                "Content-ID",
                Component::MessageId,
            ),
            (
                base().body(MimePart::text("x").description(v(""))),
                "Content-Description",
                Component::Value,
            ),
            (
                base().body(MimePart::text("x").header("Content-Language", v(""))),
                "Content-Language",
                Component::Value,
            ),
            (
                base().body(MimePart::message(
                    MessageBuilder::new()
                        .date(date())
                        .from(mailbox("a@b.test"))
                        .subject(v("")),
                )),
                "Subject",
                Component::Value,
            ),
        ];
        for (i, (builder, field, what)) in cases.into_iter().enumerate() {
            let (f, w, ch) = injected(&builder);
            if what != Component::FieldName {
                assert_eq!(f, field, "case {i} {bad:?}");
            }
            assert_eq!((w, ch), (what, c), "case {i} {bad:?}");
        }
    }
}
