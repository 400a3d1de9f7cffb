//! Receiving message content: `DATA` (un-stuffed, ended only by CRLF.CRLF) and `BDAT` chunks
//! (counted, never scanned), with the size limit enforced while the octets arrive.

use crate::data::DataReport;
use crate::reply::{Reply, ReplyCode};

use super::Adv;
use super::event::Event;
use super::session::{Core, Pending, Phase};

impl Core {
    /// Feeds `rest` (the unprocessed input) to the `DATA` un-stuffer.
    pub(super) fn data_content<'i>(&mut self, rest: &'i [u8]) -> Adv<'i> {
        let max = self.config.limits.max_message_size;
        let Phase::Data { unstuffer, discard } = &mut self.phase else {
            return Adv::Continue;
        };
        let step = unstuffer.step(rest);
        self.pos += step.consumed;
        if max > 0 && unstuffer.received() > max {
            *discard = true;
        }
        if !step.content.is_empty() && !*discard {
            return Adv::Event(Event::MessageData(step.content));
        }
        if step.finished {
            let report = *unstuffer.report();
            let refused = *discard;
            let bare = unstuffer.must_reject();
            self.phase = Phase::Command;
            return self.content_end(report.size, Some(report), refused, bare);
        }
        if step.consumed == 0 {
            Adv::NeedInput
        } else {
            Adv::Continue
        }
    }

    /// Feeds `rest` to the current `BDAT` chunk.
    pub(super) fn bdat_content<'i>(&mut self, rest: &'i [u8]) -> Adv<'i> {
        let Phase::Bdat {
            reader,
            discard,
            refusal,
        } = &mut self.phase
        else {
            return Adv::Continue;
        };
        let piece = reader.read(rest);
        self.pos += piece.len();
        if !piece.is_empty() && !*discard {
            return Adv::Event(Event::MessageData(piece));
        }
        if !reader.is_complete() {
            return Adv::NeedInput;
        }
        let (size, last, refusal) = (reader.size(), reader.is_last(), refusal.take());
        self.phase = Phase::Command;
        if let Some(refusal) = refusal {
            return Adv::Event(self.error(Some(crate::command::Verb::Bdat), refusal));
        }
        let (total, too_big) = self
            .session
            .transaction
            .as_ref()
            .map_or((0, true), |t| (t.bdat_size, t.too_big));
        if last {
            return self.content_end(total, None, too_big, false);
        }
        self.send(&Reply::new(
            ReplyCode::OK,
            format!("2.0.0 {size} octets received"),
        ));
        Adv::Continue
    }

    /// The content is complete: refuse it ourselves (too big, bare line breaks) or ask the
    /// application.
    fn content_end<'i>(
        &mut self,
        size: u64,
        report: Option<DataReport>,
        too_big: bool,
        bare: bool,
    ) -> Adv<'i> {
        let refusal = if too_big {
            Some(Reply::new(
                ReplyCode::EXCEEDED_STORAGE,
                "5.3.4 Message size exceeds fixed maximum message size",
            ))
        } else if bare {
            Some(Reply::new(
                ReplyCode::MAILBOX_UNAVAILABLE,
                "5.6.0 Message contains bare CR or LF characters",
            ))
        } else {
            None
        };
        if let Some(reply) = refusal {
            // In LMTP every accepted recipient gets the answer (RFC 2033 §4.2).
            let n = if self.lmtp() { self.recipients() } else { 1 };
            for _ in 0..n.max(1) {
                self.send(&reply);
            }
            self.reset_transaction();
            return Adv::Event(Event::MessageRefused { reply });
        }
        let replies = if self.lmtp() {
            self.recipients().max(1)
        } else {
            1
        };
        self.pending = Some(Pending::MessageEnd { remaining: replies });
        Adv::Event(Event::MessageEnd {
            size,
            replies,
            report,
        })
    }

    /// Recipients accepted in the current transaction.
    pub(super) fn recipients(&self) -> usize {
        self.session
            .transaction
            .as_ref()
            .map_or(0, |t| t.recipients)
    }
}
