//! Writing commands (the client side): every argument in its cheapest correct form, literals
//! marked so the client can wait for `+` ([`Writer::fragments`]).

use crate::encode::{Encode, Writer};
use crate::types::{DateTime, Mailbox, SequenceSet};

use super::args::{AppendData, FlagList, QResync, SelectParameter, StoreOperation};
use super::ext::write_labels;
use super::list::write_list;
use super::parse::{AuthenticateResponse, Done};
use super::quota::write_setquota_list;
use super::search::{write_keys, write_return_options};
use super::sort::{write_search_criteria, write_sort_criteria};
use super::{Command, CommandBody};

impl Encode for Command<'_> {
    /// `tag SP command CRLF`.
    fn encode(&self, w: &mut Writer) {
        w.value(&self.tag).sp();
        self.body.encode(w);
        w.crlf();
    }
}

fn list<T>(w: &mut Writer, items: &[T], mut each: impl FnMut(&mut Writer, &T)) {
    w.push_raw(b"(");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        each(w, item);
    }
    w.push_raw(b")");
}

/// `append-message` without its leading `SP`.
fn append_message(
    w: &mut Writer,
    flags: Option<&FlagList<'_>>,
    date: Option<&DateTime>,
    message: &AppendData<'_>,
) {
    if let Some(f) = flags {
        w.value(f).sp();
    }
    if let Some(date) = date {
        w.value(date).sp();
    }
    w.value(message);
}

/// `store-modifiers` and the STORE item's name: `[(UNCHANGEDSINCE n) ]["+"/"-"]name[.SILENT] `.
fn store_head(
    w: &mut Writer,
    uid: bool,
    set: &SequenceSet,
    unchanged_since: Option<u64>,
    operation: StoreOperation,
    name: &[u8],
    silent: bool,
) {
    w.push_raw(if uid { &b"UID STORE "[..] } else { b"STORE " });
    w.value(set).sp();
    if let Some(modseq) = unchanged_since {
        w.push_raw(b"(UNCHANGEDSINCE ");
        w.number(modseq);
        w.push_raw(b") ");
    }
    match operation {
        StoreOperation::Replace => {}
        StoreOperation::Add => w.push_raw(b"+"),
        StoreOperation::Remove => w.push_raw(b"-"),
    }
    w.push_raw(name);
    if silent {
        w.push_raw(b".SILENT");
    }
    w.sp();
}

fn set_and_mailbox(w: &mut Writer, uid: bool, name: &str, set: &SequenceSet, m: &Mailbox<'_>) {
    if uid {
        w.push_raw(b"UID ");
    }
    w.push_raw(name.as_bytes());
    w.sp().value(set).sp().value(m);
}

fn qresync(w: &mut Writer, q: &QResync) {
    w.push_raw(b"QRESYNC (");
    w.number(u64::from(q.uid_validity.get()));
    w.sp();
    w.number(q.mod_seq);
    if let Some(known) = &q.known_uids {
        w.sp().value(known);
    }
    if let Some((sequences, uids)) = &q.seq_match {
        w.push_raw(b" (");
        w.value(sequences).sp().value(uids);
        w.push_raw(b")");
    }
    w.push_raw(b")");
}

impl Encode for CommandBody<'_> {
    /// The command without tag and line end.
    fn encode(&self, w: &mut Writer) {
        use CommandBody as C;
        match self {
            C::Id(params) => {
                w.push_raw(b"ID ");
                match params {
                    None => w.push_raw(b"NIL"),
                    Some(params) => list(w, params, |w, (k, v)| {
                        w.value(k).sp().value(v);
                    }),
                }
            }
            C::Enable(caps) => {
                w.push_raw(b"ENABLE");
                for cap in caps {
                    w.sp().value(cap);
                }
            }
            C::Login { username, password } => {
                w.push_raw(b"LOGIN ");
                w.value(username).sp().value(password.expose());
            }
            C::Authenticate {
                mechanism,
                initial_response,
            } => {
                w.push_raw(b"AUTHENTICATE ");
                w.value(mechanism);
                if let Some(data) = initial_response {
                    w.sp();
                    match data.expose().as_bytes() {
                        [] => w.push_raw(b"="),
                        text => w.push_raw(text),
                    }
                }
            }
            C::Select {
                mailbox,
                parameters,
            }
            | C::Examine {
                mailbox,
                parameters,
            } => {
                w.push_raw(self.name().as_bytes());
                w.sp().value(mailbox);
                if !parameters.is_empty() {
                    w.sp();
                    list(w, parameters, |w, p| match p {
                        SelectParameter::CondStore => w.push_raw(b"CONDSTORE"),
                        SelectParameter::QResync(q) => qresync(w, q),
                    });
                }
            }
            C::Create {
                mailbox,
                special_use,
            } => {
                w.push_raw(b"CREATE ");
                w.value(mailbox);
                if let Some(uses) = special_use {
                    w.push_raw(b" (USE ");
                    list(w, uses, |w, u| {
                        w.value(u);
                    });
                    w.push_raw(b")");
                }
            }
            C::Delete(m) | C::Subscribe(m) | C::Unsubscribe(m) => {
                w.push_raw(self.name().as_bytes());
                w.sp().value(m);
            }
            C::Rename { from, to } => {
                w.push_raw(b"RENAME ");
                w.value(from).sp().value(to);
            }
            C::List {
                selection,
                reference,
                patterns,
                return_options,
            } => {
                w.push_raw(b"LIST");
                write_list(
                    w,
                    selection.as_deref(),
                    reference,
                    patterns,
                    return_options.as_deref(),
                );
            }
            C::Lsub { reference, pattern } => {
                w.push_raw(b"LSUB ");
                w.value(reference).sp().value(pattern);
            }
            C::Status {
                mailbox,
                attributes,
            } => {
                w.push_raw(b"STATUS ");
                w.value(mailbox).sp();
                list(w, attributes, |w, a| {
                    w.value(a);
                });
            }
            C::Append {
                mailbox,
                flags,
                date,
                message,
                more,
            } => {
                w.push_raw(b"APPEND ");
                w.value(mailbox).sp();
                append_message(w, flags.as_ref(), date.as_ref(), message);
                for m in more {
                    w.sp();
                    append_message(w, m.flags.as_ref(), m.date.as_ref(), &m.message);
                }
            }
            C::UidExpunge(set) => {
                w.push_raw(b"UID EXPUNGE ");
                w.value(set);
            }
            C::Copy {
                uid,
                sequence_set,
                mailbox,
            }
            | C::Move {
                uid,
                sequence_set,
                mailbox,
            } => set_and_mailbox(w, *uid, self.name(), sequence_set, mailbox),
            C::Store {
                uid,
                sequence_set,
                unchanged_since,
                operation,
                silent,
                flags,
            } => {
                store_head(
                    w,
                    *uid,
                    sequence_set,
                    *unchanged_since,
                    *operation,
                    b"FLAGS",
                    *silent,
                );
                w.value(flags);
            }
            C::StoreLabels {
                uid,
                sequence_set,
                unchanged_since,
                operation,
                silent,
                labels,
            } => {
                store_head(
                    w,
                    *uid,
                    sequence_set,
                    *unchanged_since,
                    *operation,
                    b"X-GM-LABELS",
                    *silent,
                );
                write_labels(w, labels);
            }
            C::Sort {
                uid,
                criteria,
                charset,
                search,
            } => {
                w.push_raw(if *uid { &b"UID SORT "[..] } else { b"SORT " });
                write_sort_criteria(w, criteria);
                w.sp();
                write_search_criteria(w, charset, search);
            }
            C::Thread {
                uid,
                algorithm,
                charset,
                search,
            } => {
                w.push_raw(if *uid {
                    &b"UID THREAD "[..]
                } else {
                    b"THREAD "
                });
                w.value(algorithm).sp();
                write_search_criteria(w, charset, search);
            }
            C::GetQuota(root) => {
                w.push_raw(b"GETQUOTA ");
                w.value(root);
            }
            C::GetQuotaRoot(mailbox) => {
                w.push_raw(b"GETQUOTAROOT ");
                w.value(mailbox);
            }
            C::SetQuota { root, limits } => {
                w.push_raw(b"SETQUOTA ");
                w.value(root).sp();
                write_setquota_list(w, limits);
            }
            C::Compress { algorithm } => {
                w.push_raw(b"COMPRESS ");
                w.value(algorithm);
            }
            C::Search {
                uid,
                return_options,
                charset,
                criteria,
            } => {
                w.push_raw(if *uid { &b"UID SEARCH"[..] } else { b"SEARCH" });
                if let Some(options) = return_options {
                    write_return_options(w, options);
                }
                if let Some(charset) = charset {
                    w.push_raw(b" CHARSET ");
                    w.value(charset);
                }
                w.sp();
                write_keys(w, criteria);
            }
            C::Fetch {
                uid,
                sequence_set,
                items,
                changed_since,
                vanished,
            } => {
                w.push_raw(if *uid { &b"UID FETCH "[..] } else { b"FETCH " });
                w.value(sequence_set).sp().value(items);
                match (changed_since, vanished) {
                    (None, false) => {}
                    (Some(modseq), false) => {
                        w.push_raw(b" (CHANGEDSINCE ");
                        w.number(*modseq);
                        w.push_raw(b")");
                    }
                    (None, true) => w.push_raw(b" (VANISHED)"),
                    (Some(modseq), true) => {
                        w.push_raw(b" (CHANGEDSINCE ");
                        w.number(*modseq);
                        w.push_raw(b" VANISHED)");
                    }
                }
            }
            C::Capability
            | C::Noop
            | C::Logout
            | C::StartTls
            | C::Namespace
            | C::Idle
            | C::Check
            | C::Close
            | C::Unselect
            | C::Expunge => w.push_raw(self.name().as_bytes()),
        }
    }
}

impl Encode for AuthenticateResponse<'_> {
    /// `base64 CRLF` or `"*" CRLF`.
    fn encode(&self, w: &mut Writer) {
        match self {
            AuthenticateResponse::Data(data) => w.push_raw(data.expose().as_bytes()),
            AuthenticateResponse::Cancel => w.push_raw(b"*"),
        }
        w.crlf();
    }
}

impl Encode for Done {
    /// `DONE CRLF`.
    fn encode(&self, w: &mut Writer) {
        w.push_raw(b"DONE");
        w.crlf();
    }
}
