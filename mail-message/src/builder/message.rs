//! Writing a whole message: the header fields of RFC 5322 §3.6 in their recommended order,
//! then the MIME body.

use crate::field::message_id::MessageId;

use super::address::{msg_id, write_address_list, write_mailbox_list};
use super::encoded_word::write_unstructured;
use super::error::{BuildError, Component};
use super::fold::{FieldWriter, check_injection};
use super::render::{Entity, Renderer, write_extra_field, write_raw_field};
use super::{MessageBuilder, MimePart, RESERVED};

impl MessageBuilder<'_> {
    /// Writes the message with `renderer` (shared with an enclosing message); returns the
    /// boundaries used inside.
    pub(crate) fn write_message(
        &self,
        renderer: &mut Renderer<'_>,
        out: &mut Vec<u8>,
    ) -> Result<Vec<String>, BuildError> {
        let date = self.date.ok_or(BuildError::MissingField("Date"))?;
        if self.from.is_empty() {
            return Err(BuildError::MissingField("From"));
        }
        if self.from.len() > 1 && self.sender.is_none() {
            return Err(BuildError::SenderRequired);
        }
        let entity = self.render_body(renderer)?;
        let utf8 = renderer.smtputf8;
        out.extend_from_slice(format!("Date: {date}\r\n").as_bytes());
        let mut w = FieldWriter::new(out, "From");
        write_mailbox_list(&mut w, "From", &self.from, utf8)?;
        w.finish();
        if let Some(sender) = &self.sender {
            let mut w = FieldWriter::new(out, "Sender");
            write_mailbox_list(&mut w, "Sender", std::slice::from_ref(sender), utf8)?;
            w.finish();
        }
        let lists = [
            ("Reply-To", &self.reply_to, true),
            ("To", &self.to, true),
            ("Cc", &self.cc, true),
            ("Bcc", &self.bcc, self.include_bcc),
        ];
        for (name, list, write) in lists {
            if write && !list.is_empty() {
                let mut w = FieldWriter::new(out, name);
                write_address_list(&mut w, name, list.iter(), utf8)?;
                w.finish();
            }
        }
        if let Some(id) = &self.message_id {
            write_ids(out, "Message-ID", std::slice::from_ref(id))?;
        }
        write_ids(out, "In-Reply-To", &self.in_reply_to)?;
        write_ids(out, "References", &self.references)?;
        if let Some(subject) = &self.subject {
            check_injection("Subject", Component::Value, subject)?;
            let mut w = FieldWriter::new(out, "Subject");
            write_unstructured(&mut w, subject);
            w.finish();
        }
        for (name, value, raw) in &self.fields {
            if *raw {
                write_raw_field(out, name, value, &RESERVED)?;
            } else {
                write_extra_field(out, name, value, &RESERVED)?;
            }
        }
        let boundaries = match entity {
            Some(entity) => {
                out.extend_from_slice(b"MIME-Version: 1.0\r\n");
                out.extend_from_slice(&entity.fields);
                out.extend_from_slice(b"\r\n");
                out.extend_from_slice(&entity.body);
                entity.boundaries
            }
            None => {
                out.extend_from_slice(b"\r\n");
                Vec::new()
            }
        };
        Ok(boundaries)
    }

    /// Writes the body: the part tree, or the one composed of text, HTML and attachments.
    fn render_body(&self, renderer: &mut Renderer<'_>) -> Result<Option<Entity>, BuildError> {
        let composed = match (&self.text, &self.html) {
            (Some(text), Some(html)) => Some(MimePart::alternative(vec![
                MimePart::text(text.as_ref()),
                MimePart::html(html.as_ref()),
            ])),
            (Some(text), None) => Some(MimePart::text(text.as_ref())),
            (None, Some(html)) => Some(MimePart::html(html.as_ref())),
            (None, None) => None,
        };
        let main: Option<&MimePart<'_>> = composed.as_ref().or(self.body.as_ref());
        if self.attachments.is_empty() {
            return main.map(|part| renderer.render(part)).transpose();
        }
        let children: Vec<&MimePart<'_>> = main.into_iter().chain(&self.attachments).collect();
        renderer
            .multipart(&MimePart::mixed(Vec::new()), &children)
            .map(Some)
    }
}

/// Writes a field of message identifiers (nothing for an empty list), folding between them.
fn write_ids(out: &mut Vec<u8>, name: &str, ids: &[MessageId<'_>]) -> Result<(), BuildError> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut w = FieldWriter::new(out, name);
    for id in ids {
        w.unit(b" ", msg_id(name, id)?.as_bytes(), false);
    }
    w.finish();
    Ok(())
}
