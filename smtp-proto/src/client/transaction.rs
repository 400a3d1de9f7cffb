//! A mail transaction (RFC 5321 §3.3): `MAIL`, `RCPT`…, `DATA` or `BDAT`, the content, and
//! the replies matched to each command in order — pipelined (RFC 2920) or one at a time.

use std::fmt;

use crate::command::{Command, Verb};
use crate::reply::{Reply, ReplyCode};

use super::Adv;
use super::config::Protocol;
use super::content::Content;
use super::event::{Event, SendFailure};
use super::plan::{Method, Plan};
use super::session::{Core, Expect, Queued};

/// Where a transaction stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    /// Waiting for the reply to the `RSET` sent first; `MAIL` not sent yet.
    Reset,
    /// `MAIL` and `RCPT` sent (all at once, or one at a time).
    Envelope,
    /// `DATA` sent, `354` awaited.
    DataCommand,
    /// The content is being handed out.
    Content,
    /// The content is complete; the final replies are awaited.
    Final,
}

/// The message bytes, owned in whatever form the application had them.
pub(super) type Message = Box<dyn AsRef<[u8]> + Send + Sync>;

/// One transaction in progress.
pub(super) struct Transaction {
    pub(super) message: Message,
    pub(super) method: Method,
    pub(super) rcpts: Vec<Vec<u8>>,
    /// `RCPT` commands sent.
    pub(super) rcpts_sent: usize,
    /// `RCPT` replies read.
    pub(super) rcpt_replies: usize,
    /// The recipients accepted, in order.
    pub(super) accepted: Vec<usize>,
    /// The reply to `MAIL`: `None` until read.
    pub(super) mail_accepted: Option<bool>,
    /// `DATA` went out with the envelope (pipelined).
    pub(super) data_sent: bool,
    pub(super) failure: Option<SendFailure<'static>>,
    pub(super) stage: Stage,
    pub(super) content: Option<Content>,
    /// Replies of this transaction still expected.
    pub(super) outstanding: usize,
    pub(super) delivered: usize,
    pub(super) undelivered: usize,
}

impl fmt::Debug for Transaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transaction")
            .field("message_len", &(*self.message).as_ref().len())
            .field("method", &self.method)
            .field("recipients", &self.rcpts.len())
            .field("accepted", &self.accepted)
            .field("stage", &self.stage)
            .field("failure", &self.failure)
            .field("outstanding", &self.outstanding)
            .finish_non_exhaustive()
    }
}

impl Transaction {
    pub(super) fn bytes(&self) -> &[u8] {
        (*self.message).as_ref()
    }

    /// Records the first reason the transaction failed.
    fn fail(&mut self, failure: SendFailure<'static>) {
        if self.failure.is_none() {
            self.failure = Some(failure);
        }
    }
}

impl Core {
    /// Starts a transaction: `RSET` first if needed, then `MAIL` and, with `PIPELINING`, every
    /// `RCPT` and `DATA` in the same group (RFC 2920 §3.1: `DATA` last). `BDAT`, and `DATA`
    /// when every recipient must be accepted, wait for the recipients' replies.
    pub(super) fn start(&mut self, plan: Plan, message: Message) {
        let tx = Transaction {
            message,
            method: plan.method,
            rcpts: plan.rcpts,
            rcpts_sent: 0,
            rcpt_replies: 0,
            accepted: Vec::new(),
            mail_accepted: None,
            data_sent: false,
            failure: None,
            stage: Stage::Reset,
            content: None,
            outstanding: 0,
            delivered: 0,
            undelivered: 0,
        };
        self.tx = Some(Box::new(tx));
        let mail = plan.mail;
        if self.needs_rset {
            self.needs_rset = false;
            self.command(&Command::Rset, Expect::Rset { silent: true });
            if !self.pipelining() {
                self.pending_mail = Some(mail);
                return;
            }
        }
        self.send_envelope(&mail);
    }

    /// `MAIL`, and with `PIPELINING` the recipients and `DATA`.
    pub(super) fn send_envelope(&mut self, mail: &[u8]) {
        let pipelining = self.pipelining();
        let require_all = self.config.require_all_recipients;
        let Some(tx) = self.tx.as_deref_mut() else {
            return;
        };
        tx.stage = Stage::Envelope;
        self.output.extend_from_slice(mail);
        self.expect.push_back(Expect::Mail);
        tx.outstanding += 1;
        if pipelining {
            for (i, line) in tx.rcpts.iter().enumerate() {
                self.output.extend_from_slice(line);
                self.expect.push_back(Expect::Rcpt(i));
            }
            tx.outstanding += tx.rcpts.len();
            tx.rcpts_sent = tx.rcpts.len();
            if tx.method == Method::Data && !require_all {
                self.output.extend_from_slice(b"DATA\r\n");
                self.expect.push_back(Expect::Data);
                tx.outstanding += 1;
                tx.data_sent = true;
            }
        }
    }

    /// The reply to the `RSET` the client sent on its own.
    pub(super) fn on_silent_rset(&mut self) {
        if let Some(mail) = self.pending_mail.take() {
            self.send_envelope(&mail);
        }
    }

    pub(super) fn on_mail<'i>(&mut self, reply: Reply<'i>) -> Adv<'i> {
        let Some(tx) = self.tx.as_deref_mut() else {
            return Adv::Continue;
        };
        tx.outstanding = tx.outstanding.saturating_sub(1);
        let ok = reply.code.is_positive_completion();
        tx.mail_accepted = Some(ok);
        if !ok {
            tx.fail(SendFailure::SenderRejected(reply.into_owned()));
        }
        self.progress();
        Adv::Continue
    }

    pub(super) fn on_rcpt<'i>(&mut self, index: usize, reply: Reply<'i>) -> Adv<'i> {
        let Some(tx) = self.tx.as_deref_mut() else {
            return Adv::Continue;
        };
        tx.outstanding = tx.outstanding.saturating_sub(1);
        tx.rcpt_replies += 1;
        if reply.code.is_positive_completion() && tx.mail_accepted == Some(true) {
            tx.accepted.push(index);
        }
        self.progress();
        Adv::Event(Event::Recipient { index, reply })
    }

    pub(super) fn on_data<'i>(&mut self, reply: Reply<'i>) -> Adv<'i> {
        let pipelined = self.pipelining();
        let Some(tx) = self.tx.as_deref_mut() else {
            return Adv::Continue;
        };
        tx.outstanding = tx.outstanding.saturating_sub(1);
        if reply.code.is_positive_intermediate() {
            if tx.failure.is_some() || tx.accepted.is_empty() {
                // RFC 2920 §3.1: content was asked for although no recipient is left: end it
                // at once, empty.
                tx.fail(SendFailure::NoValidRecipients);
                self.output.extend_from_slice(b".\r\n");
                self.expect.push_back(Expect::EndOfData(None));
                tx.outstanding += 1;
                tx.stage = Stage::Final;
                self.next_job();
            } else {
                tx.stage = Stage::Content;
                tx.content = Some(Content::new(tx.method, pipelined));
            }
            return Adv::Continue;
        }
        if tx.accepted.is_empty() {
            tx.fail(SendFailure::NoValidRecipients);
        } else {
            tx.fail(SendFailure::DataRejected(reply.into_owned()));
        }
        self.needs_rset |= tx.mail_accepted == Some(true);
        tx.stage = Stage::Final;
        self.progress();
        Adv::Continue
    }

    /// The reply to a `BDAT` chunk that is not the last.
    pub(super) fn on_bdat<'i>(&mut self, reply: Reply<'i>) -> Adv<'i> {
        let Some(tx) = self.tx.as_deref_mut() else {
            return Adv::Continue;
        };
        tx.outstanding = tx.outstanding.saturating_sub(1);
        if reply.code.is_positive_completion() {
            if let Some(Content::Bdat(chunker)) = &mut tx.content {
                chunker.awaiting = false;
            }
        } else {
            // RFC 3030 §2: after a failed chunk, no more chunks; the transaction is reset.
            tx.fail(SendFailure::DataRejected(reply.into_owned()));
            self.needs_rset = true;
            if tx.stage == Stage::Content {
                tx.content = None;
                tx.stage = Stage::Final;
            }
            self.progress();
        }
        Adv::Continue
    }

    /// The reply to the end of the content (SMTP), or one recipient's (LMTP, RFC 2033 §4.2).
    pub(super) fn on_end<'i>(&mut self, index: Option<usize>, reply: Reply<'i>) -> Adv<'i> {
        let Some(tx) = self.tx.as_deref_mut() else {
            return Adv::Continue;
        };
        tx.outstanding = tx.outstanding.saturating_sub(1);
        if tx.failure.is_some() {
            self.progress();
            return Adv::Continue;
        }
        let positive = reply.code.is_positive_completion();
        match index {
            None => {
                self.tx = None;
                self.next_job();
                Adv::Event(match positive {
                    true => Event::MessageAccepted { reply },
                    false => Event::MessageFailed {
                        failure: SendFailure::MessageRejected(reply),
                    },
                })
            }
            Some(index) => {
                if positive {
                    tx.delivered += 1;
                } else {
                    tx.undelivered += 1;
                }
                self.progress();
                Adv::Event(Event::Delivery { index, reply })
            }
        }
    }

    /// Decides what comes next once replies are in: the next `RCPT` (one at a time), `DATA`
    /// or the first chunk, or the end of the transaction with its last event.
    pub(super) fn progress(&mut self) {
        let pipelining = self.pipelining();
        let require_all = self.config.require_all_recipients;
        let Some(tx) = self.tx.as_deref_mut() else {
            return;
        };
        if tx.outstanding > 0 {
            return;
        }
        match tx.stage {
            Stage::Reset | Stage::Content | Stage::DataCommand => return,
            Stage::Envelope if tx.mail_accepted == Some(true) => {
                if let Some(line) = tx.rcpts.get(tx.rcpts_sent) {
                    self.output.extend_from_slice(line);
                    self.expect.push_back(Expect::Rcpt(tx.rcpts_sent));
                    tx.rcpts_sent += 1;
                    tx.outstanding += 1;
                    return;
                }
                if tx.accepted.is_empty() {
                    tx.fail(SendFailure::NoValidRecipients);
                    self.needs_rset = true;
                } else if require_all && tx.accepted.len() < tx.rcpts.len() {
                    tx.fail(SendFailure::RecipientsRejected);
                    self.needs_rset = true;
                } else {
                    match tx.method {
                        Method::Data => {
                            self.output.extend_from_slice(b"DATA\r\n");
                            self.expect.push_back(Expect::Data);
                            tx.outstanding += 1;
                            tx.stage = Stage::DataCommand;
                        }
                        Method::Bdat { .. } => {
                            // RFC 3030 §4.2: chunks follow the envelope's replies. LMTP
                            // waits for each chunk's reply: after a failed chunk a server
                            // answers the last one once, not once per recipient.
                            let pipelined = pipelining && self.config.protocol != Protocol::Lmtp;
                            tx.stage = Stage::Content;
                            tx.content = Some(Content::new(tx.method, pipelined));
                        }
                    }
                    return;
                }
            }
            Stage::Envelope | Stage::Final => {}
        }
        // Nothing more to send and every reply read: the transaction is over.
        let Some(tx) = self.tx.take() else {
            return;
        };
        let event = match tx.failure {
            Some(failure) => Event::MessageFailed { failure },
            None if tx.delivered + tx.undelivered > 0 => Event::DeliveryComplete {
                delivered: tx.delivered,
                failed: tx.undelivered,
            },
            None => Event::MessageFailed {
                failure: SendFailure::NoValidRecipients,
            },
        };
        self.queued.push_back(Queued::Event(event));
        self.next_job();
    }

    /// Hands out the next piece of content into `output`, or a range of the message to hand
    /// out as it is.
    pub(super) fn content_step(&mut self) -> Option<std::ops::Range<usize>> {
        let piece = self.config.limits.transmit_piece;
        let chunk_size = self.config.limits.bdat_chunk_size;
        let lmtp = self.config.protocol == Protocol::Lmtp;
        let tx = self.tx.as_deref_mut()?;
        let content = tx.content.as_mut()?;
        if content.awaiting() {
            return None;
        }
        let message = (*tx.message).as_ref();
        let step = content.step(message, &mut self.output, piece, chunk_size);
        let finals = |tx: &Transaction| {
            if lmtp && !tx.accepted.is_empty() {
                tx.accepted
                    .iter()
                    .map(|&i| Expect::EndOfData(Some(i)))
                    .collect()
            } else {
                vec![Expect::EndOfData(None)]
            }
        };
        match step.chunk {
            Some(true) => {
                let ends = finals(tx);
                tx.outstanding += ends.len();
                self.expect.extend(ends);
            }
            Some(false) => {
                tx.outstanding += 1;
                self.expect.push_back(Expect::Bdat);
            }
            None => {}
        }
        if step.done {
            if tx.method == Method::Data {
                let ends = finals(tx);
                tx.outstanding += ends.len();
                self.expect.extend(ends);
            }
            tx.content = None;
            tx.stage = Stage::Final;
            self.next_job();
        }
        step.zero_copy
    }

    /// Content is being handed out: replies wait until it is complete (or a chunk's reply
    /// is due), so that no reply is read before the command it answers went out.
    pub(super) fn sending_content(&self) -> bool {
        self.tx
            .as_deref()
            .and_then(|tx| tx.content.as_ref())
            .is_some_and(|c| !c.awaiting())
    }

    /// The reply to an application's `RSET`, `NOOP`, `VRFY` or `EXPN`.
    pub(super) fn on_other<'i>(&mut self, verb: Verb, reply: Reply<'i>) -> Adv<'i> {
        if verb == Verb::Rset && reply.code == ReplyCode::OK {
            self.needs_rset = false;
        }
        self.next_job();
        Adv::Event(Event::Reply { verb, reply })
    }
}
