//! Client commands (RFC 3501 §6, RFC 9051 §6 and the extensions listed below): a
//! [`Command`] is parsed by a server from a whole message as the [`Framer`](crate::frame)
//! delivers it (lines and literals contiguous, up to the final line break), and encoded by a
//! client through a [`Writer`](crate::encode::Writer), whose
//! [`fragments`](crate::encode::Writer::fragments) say where to wait
//! for `+` before a synchronizing literal.
//!
//! `command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF`
//! (RFC 9051 §9). The commands covered, by state:
//!
//! | state | commands |
//! |---|---|
//! | any | `CAPABILITY`, `NOOP`, `LOGOUT`, `ID` (RFC 2971), `ENABLE` (RFC 5161) |
//! | not authenticated | `STARTTLS`, `LOGIN`, `AUTHENTICATE` with SASL-IR (RFC 4959) |
//! | authenticated | `SELECT`/`EXAMINE` (`CONDSTORE`, `QRESYNC` parameters, RFC 7162), `CREATE` (`USE`, RFC 6154), `DELETE`, `RENAME`, `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST` (with LIST-EXTENDED selection and return options and several patterns, RFC 5258; `SPECIAL-USE`, RFC 6154; `STATUS`, LIST-STATUS RFC 5819), `LSUB`, `NAMESPACE` (RFC 2342), `STATUS` (with `MAILBOXID` RFC 8474, `DELETED-STORAGE` RFC 9208), `APPEND` (`literal`/`literal8`; several messages, MULTIAPPEND RFC 3502), `IDLE` (RFC 2177), `GETQUOTA`/`GETQUOTAROOT`/`SETQUOTA` (RFC 9208), `COMPRESS` (RFC 4978) |
//! | selected | `CHECK`, `CLOSE`, `UNSELECT` (RFC 3691), `EXPUNGE`, `UID EXPUNGE` (RFC 4315), `COPY`, `MOVE` (RFC 6851), `STORE` (`UNCHANGEDSINCE`, RFC 7162; Gmail's `X-GM-LABELS`), `FETCH` (sections, partials, `BINARY` RFC 3516, `MODSEQ`, `CHANGEDSINCE`/`VANISHED` RFC 7162, `EMAILID`/`THREADID` RFC 8474, `X-GM-MSGID`/`X-GM-THRID`/`X-GM-LABELS`), `SEARCH` (every key, nested up to [`MAX_SEARCH_DEPTH`], `CHARSET`, ESEARCH `RETURN` options RFC 4731, `SAVE` RFC 5182, `MODSEQ` key with its metadata entry, `EMAILID`/`THREADID`, the `X-GM-` keys), `SORT` and `THREAD` (RFC 5256), and `UID COPY`/`MOVE`/`STORE`/`FETCH`/`SEARCH`/`SORT`/`THREAD` |
//!
//! The lines that are not commands: the client's answers during AUTHENTICATE
//! ([`AuthenticateResponse`], base64 or `*`) and the end of IDLE ([`Done`]).
//!
//! Gmail's `X-GM-EXT-1` has no RFC; its items follow Google's "IMAP Extensions" page.
//! `\Recent` cannot be sent in STORE or APPEND: [`FlagList`] refuses it.
//!
//! **Not yet**: LIST-EXTENDED's generic `option-extension`s, ESORT's `RETURN (…)` on SORT
//! (RFC 5267), `UTF8 (…)` APPEND data (RFC 6855), ESEARCH's `IN`/`TAG` forms (RFC 7377),
//! generic `tagged-ext` parameters. They parse as
//! [`CommandErrorKind::UnknownCommand`] (or a syntax error at the unknown parameter), with
//! the tag, so a server can answer `BAD`.
//!
//! ```
//! use imap_proto::command::{Command, CommandBody};
//! use imap_proto::encode::{Encode, EncodeOptions, EncodedFragment, Writer};
//! use imap_proto::types::Mailbox;
//!
//! // RFC 3501 §6.3.1.
//! let (command, rest) = Command::parse(b"A142 SELECT INBOX\r\n")?;
//! assert_eq!(command.tag.as_str(), "A142");
//! assert!(matches!(command.body, CommandBody::Select { mailbox: Mailbox::Inbox, ref parameters } if parameters.is_empty()));
//! assert!(rest.is_empty());
//!
//! // A client's LOGIN with a password that needs a literal: wait for "+" after the first line.
//! let (login, _) = Command::parse(b"a1 LOGIN fred {5}\r\npa\"s\n\r\n")?;
//! let mut w = Writer::new(EncodeOptions::default());
//! w.value(&login);
//! let fragments: Vec<_> = w.fragments().collect();
//! assert_eq!(fragments[0], EncodedFragment::Line { bytes: b"a1 LOGIN fred {5}\r\n", wait_for_continuation: true });
//! assert_eq!(fragments[1], EncodedFragment::Literal(b"pa\"s\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod args;
mod encode;
mod error;
mod ext;
pub(crate) mod fetch;
mod list;
mod parse;
mod quota;
mod search;
mod sort;

pub use args::{
    AppendData, AppendMessage, AuthData, FlagList, ListMailbox, QResync, SelectParameter,
    StatusAttribute, StoreOperation, UseAttribute, UseAttributeExtension,
};
pub use error::{CommandError, CommandErrorKind};
pub use ext::{GmailLabel, MAX_OBJECT_ID, ObjectId};
pub use fetch::{FetchAttribute, FetchItems, Partial, Section, SectionText};
pub use list::{ListReturnOption, ListSelectOption};
pub use parse::{AuthenticateResponse, Done};
pub use quota::{QuotaResource, QuotaResourceExtension};
pub use search::{EntryType, MAX_SEARCH_DEPTH, SearchKey, SearchReturnOption};
pub use sort::{SortCriterion, SortKey, ThreadAlgorithm, ThreadAlgorithmExtension};

use crate::types::{
    AString, Atom, DateTime, IString, Mailbox, NString, NonEmpty, Quoted, Secret, SequenceSet, Tag,
};
use args::owned_secret;

/// A command: `tag SP <command> CRLF` (RFC 3501 §2.2.1, §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command<'a> {
    /// The client's tag, echoed in the tagged completion.
    pub tag: Tag<'a>,
    /// What the command asks.
    pub body: CommandBody<'a>,
}

impl Command<'_> {
    /// The same command, owning everything it borrowed.
    pub fn into_owned(self) -> Command<'static> {
        Command {
            tag: self.tag.into_owned(),
            body: self.body.into_owned(),
        }
    }
}

/// The commands (see the [module](self) overview for which), each a variant named as in
/// the RFC, holding its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommandBody<'a> {
    /// `CAPABILITY` (RFC 3501 §6.1.1).
    Capability,
    /// `NOOP` (RFC 3501 §6.1.2).
    Noop,
    /// `LOGOUT` (RFC 3501 §6.1.3).
    Logout,
    /// `id = "ID" SP id-params-list`, `id-params-list = "(" *(string SP nstring) ")" / nil`
    /// (RFC 2971 §4): `None` for `NIL`.
    Id(Option<Vec<(IString<'a>, NString<'a>)>>),
    /// `enable = "ENABLE" 1*(SP capability)` (RFC 5161 §4; RFC 9051 §6.3.1): never empty.
    Enable(NonEmpty<Atom<'a>>),
    /// `STARTTLS` (RFC 3501 §6.2.1).
    StartTls,
    /// `login = "LOGIN" SP userid SP password` (RFC 3501 §6.2.3).
    Login {
        /// `userid = astring`.
        username: AString<'a>,
        /// `password = astring`, never shown.
        password: Secret<AString<'a>>,
    },
    /// `authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp]` (RFC 3501 §6.2.2,
    /// `initial-resp` from SASL-IR, RFC 4959 §7). The exchange that follows is made of
    /// [`AuthenticateResponse`] lines.
    Authenticate {
        /// `auth-type = atom`: the SASL mechanism.
        mechanism: Atom<'a>,
        /// `initial-resp = base64 / "="`; `=` (an empty response) is an empty [`AuthData`].
        initial_response: Option<Secret<AuthData<'a>>>,
    },
    /// `select = "SELECT" SP mailbox [select-params]` (RFC 3501 §6.3.1, RFC 4466 §2.1).
    Select {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// `select-params`, empty when there are none.
        parameters: Vec<SelectParameter>,
    },
    /// `examine = "EXAMINE" SP mailbox [select-params]` (RFC 3501 §6.3.2).
    Examine {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// `select-params`, empty when there are none.
        parameters: Vec<SelectParameter>,
    },
    /// `create = "CREATE" SP mailbox [create-params]` (RFC 3501 §6.3.3, RFC 4466 §2.2).
    Create {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The `USE` parameter (RFC 6154 §3, CREATE-SPECIAL-USE): `None` when absent.
        special_use: Option<Vec<UseAttribute<'a>>>,
    },
    /// `delete = "DELETE" SP mailbox` (RFC 3501 §6.3.4).
    Delete(Mailbox<'a>),
    /// `rename = "RENAME" SP mailbox SP mailbox` (RFC 3501 §6.3.5).
    Rename {
        /// The existing name.
        from: Mailbox<'a>,
        /// The new name.
        to: Mailbox<'a>,
    },
    /// `subscribe = "SUBSCRIBE" SP mailbox` (RFC 3501 §6.3.6).
    Subscribe(Mailbox<'a>),
    /// `unsubscribe = "UNSUBSCRIBE" SP mailbox` (RFC 3501 §6.3.7).
    Unsubscribe(Mailbox<'a>),
    /// `list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]`
    /// (RFC 3501 §6.3.8, RFC 9051 §6.3.9, LIST-EXTENDED RFC 5258 §6).
    List {
        /// `list-select-opts` (`None` when absent, as in the basic form).
        selection: Option<Vec<ListSelectOption>>,
        /// The reference name.
        reference: Mailbox<'a>,
        /// `mbox-or-pat`: one pattern, or several in parentheses.
        patterns: NonEmpty<ListMailbox<'a>>,
        /// `list-return-opts` (`None` when absent).
        return_options: Option<Vec<ListReturnOption>>,
    },
    /// `lsub = "LSUB" SP mailbox SP list-mailbox` (RFC 3501 §6.3.9).
    Lsub {
        /// The reference name.
        reference: Mailbox<'a>,
        /// The pattern.
        pattern: ListMailbox<'a>,
    },
    /// `NAMESPACE` (RFC 2342 §5, RFC 9051 §6.3.10).
    Namespace,
    /// `status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"` (RFC 3501
    /// §6.3.10).
    Status {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// What to report.
        attributes: NonEmpty<StatusAttribute>,
    },
    /// `append = "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal` (RFC 3501
    /// §6.3.11; `literal8` from RFC 3516 §4.4), and with MULTIAPPEND (RFC 3502 §6)
    /// `"APPEND" SP mailbox 1*append-message`, `append-message = [SP flag-list] [SP
    /// date-time] SP literal`: the first message's fields, then the others in `more`.
    Append {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// `flag-list` (`None` when absent; it cannot hold `\Recent`).
        flags: Option<FlagList<'a>>,
        /// The internal date to give the message.
        date: Option<DateTime>,
        /// The message, borrowed from the input.
        message: AppendData<'a>,
        /// MULTIAPPEND's further messages, in order (empty for a plain APPEND).
        more: Vec<AppendMessage<'a>>,
    },
    /// `idle = "IDLE" CRLF "DONE"` (RFC 2177 §3): the command; its end is a [`Done`] line.
    Idle,
    /// `CHECK` (RFC 3501 §6.4.1; removed by RFC 9051).
    Check,
    /// `CLOSE` (RFC 3501 §6.4.2).
    Close,
    /// `UNSELECT` (RFC 3691 §2).
    Unselect,
    /// `EXPUNGE` (RFC 3501 §6.4.3).
    Expunge,
    /// `uid-expunge = "EXPUNGE" SP sequence-set` after `UID` (RFC 4315 §2.1).
    UidExpunge(SequenceSet),
    /// `copy = "COPY" SP sequence-set SP mailbox` (RFC 3501 §6.4.7), `UID COPY` when `uid`.
    Copy {
        /// `UID COPY`: the set holds UIDs.
        uid: bool,
        /// The messages.
        sequence_set: SequenceSet,
        /// The destination.
        mailbox: Mailbox<'a>,
    },
    /// `move = "MOVE" SP sequence-set SP mailbox` (RFC 6851 §3), `UID MOVE` when `uid`.
    Move {
        /// `UID MOVE`: the set holds UIDs.
        uid: bool,
        /// The messages.
        sequence_set: SequenceSet,
        /// The destination.
        mailbox: Mailbox<'a>,
    },
    /// `fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "("
    /// fetch-att *(SP fetch-att) ")") [fetch-modifiers]` (RFC 3501 §6.4.5, RFC 9051 §6.4.5,
    /// RFC 4466 §2.4), `UID FETCH` when `uid`.
    Fetch {
        /// `UID FETCH`: the set holds UIDs.
        uid: bool,
        /// The messages.
        sequence_set: SequenceSet,
        /// What to fetch.
        items: FetchItems<'a>,
        /// `CHANGEDSINCE mod-sequence-value` (RFC 7162 §3.1.4.1).
        changed_since: Option<u64>,
        /// `VANISHED` (RFC 7162 §3.2.6; only valid in `UID FETCH` with `CHANGEDSINCE`, which
        /// the server checks).
        vanished: bool,
    },
    /// `search = "SEARCH" [search-return-opts] SP search-program` (RFC 3501 §6.4.4, RFC 9051
    /// §6.4.4, RFC 4731 §3.1), `UID SEARCH` when `uid`.
    Search {
        /// `UID SEARCH`: the result holds UIDs.
        uid: bool,
        /// `RETURN (…)` (ESEARCH): `None` when absent, `Some(empty)` for `RETURN ()`.
        return_options: Option<Vec<SearchReturnOption>>,
        /// `CHARSET charset`.
        charset: Option<AString<'a>>,
        /// The keys, all of which must match.
        criteria: NonEmpty<SearchKey<'a>>,
    },
    /// `store = "STORE" SP sequence-set [store-modifiers] SP store-att-flags` (RFC 3501
    /// §6.4.6, RFC 4466 §2.5), `UID STORE` when `uid`.
    Store {
        /// `UID STORE`: the set holds UIDs.
        uid: bool,
        /// The messages.
        sequence_set: SequenceSet,
        /// `UNCHANGEDSINCE mod-sequence-valzer` (RFC 7162 §3.1.3).
        unchanged_since: Option<u64>,
        /// `FLAGS`, `+FLAGS` or `-FLAGS`.
        operation: StoreOperation,
        /// `.SILENT`: no untagged FETCH in return.
        silent: bool,
        /// The flags (never `\Recent`); written as a `flag-list`.
        flags: FlagList<'a>,
    },
    /// Gmail's label STORE (`X-GM-EXT-1`): `"STORE" SP sequence-set [store-modifiers] SP
    /// ["+" / "-"] "X-GM-LABELS" [".SILENT"] SP (label / "(" [label *(SP label)] ")")`,
    /// `UID STORE` when `uid`.
    StoreLabels {
        /// `UID STORE`: the set holds UIDs.
        uid: bool,
        /// The messages.
        sequence_set: SequenceSet,
        /// `UNCHANGEDSINCE mod-sequence-valzer` (RFC 7162 §3.1.3).
        unchanged_since: Option<u64>,
        /// Replace, add or remove the labels.
        operation: StoreOperation,
        /// `.SILENT`: no untagged FETCH in return.
        silent: bool,
        /// The labels; written as a parenthesised list.
        labels: Vec<GmailLabel<'a>>,
    },
    /// `sort = ["UID" SP] "SORT" SP sort-criteria SP search-criteria` (RFC 5256 §5),
    /// `search-criteria = charset 1*(SP search-key)`.
    Sort {
        /// `UID SORT`: the result holds UIDs.
        uid: bool,
        /// `sort-criteria`, most significant first.
        criteria: NonEmpty<SortCriterion>,
        /// `charset = atom / quoted` (mandatory).
        charset: Quoted<'a>,
        /// The search keys, all of which must match.
        search: NonEmpty<SearchKey<'a>>,
    },
    /// `thread = ["UID" SP] "THREAD" SP thread-alg SP search-criteria` (RFC 5256 §5).
    Thread {
        /// `UID THREAD`: the result holds UIDs.
        uid: bool,
        /// `thread-alg`.
        algorithm: ThreadAlgorithm<'a>,
        /// `charset = atom / quoted` (mandatory).
        charset: Quoted<'a>,
        /// The search keys, all of which must match.
        search: NonEmpty<SearchKey<'a>>,
    },
    /// `getquota = "GETQUOTA" SP quota-root-name` (RFC 9208 §4.2, §7).
    GetQuota(AString<'a>),
    /// `getquotaroot = "GETQUOTAROOT" SP mailbox` (RFC 9208 §4.3, §7).
    GetQuotaRoot(Mailbox<'a>),
    /// `setquota = "SETQUOTA" SP quota-root-name SP setquota-list` (RFC 9208 §4.1, §7).
    SetQuota {
        /// `quota-root-name = astring`.
        root: AString<'a>,
        /// `setquota-resource`s: each resource and its new limit (empty: remove them all).
        limits: Vec<(QuotaResource<'a>, u64)>,
    },
    /// `compress = "COMPRESS" SP algorithm` (RFC 4978 §4): `DEFLATE`, or another algorithm
    /// as an atom for the server to refuse.
    Compress {
        /// `algorithm`.
        algorithm: Atom<'a>,
    },
}

impl CommandBody<'_> {
    /// The command's name as written on the wire (`UID` commands without the `UID`).
    pub fn name(&self) -> &'static str {
        match self {
            CommandBody::Capability => "CAPABILITY",
            CommandBody::Noop => "NOOP",
            CommandBody::Logout => "LOGOUT",
            CommandBody::Id(_) => "ID",
            CommandBody::Enable(_) => "ENABLE",
            CommandBody::StartTls => "STARTTLS",
            CommandBody::Login { .. } => "LOGIN",
            CommandBody::Authenticate { .. } => "AUTHENTICATE",
            CommandBody::Select { .. } => "SELECT",
            CommandBody::Examine { .. } => "EXAMINE",
            CommandBody::Create { .. } => "CREATE",
            CommandBody::Delete(_) => "DELETE",
            CommandBody::Rename { .. } => "RENAME",
            CommandBody::Subscribe(_) => "SUBSCRIBE",
            CommandBody::Unsubscribe(_) => "UNSUBSCRIBE",
            CommandBody::List { .. } => "LIST",
            CommandBody::Lsub { .. } => "LSUB",
            CommandBody::Namespace => "NAMESPACE",
            CommandBody::Status { .. } => "STATUS",
            CommandBody::Append { .. } => "APPEND",
            CommandBody::Idle => "IDLE",
            CommandBody::Check => "CHECK",
            CommandBody::Close => "CLOSE",
            CommandBody::Unselect => "UNSELECT",
            CommandBody::Expunge | CommandBody::UidExpunge(_) => "EXPUNGE",
            CommandBody::Copy { .. } => "COPY",
            CommandBody::Move { .. } => "MOVE",
            CommandBody::Store { .. } | CommandBody::StoreLabels { .. } => "STORE",
            CommandBody::Sort { .. } => "SORT",
            CommandBody::Thread { .. } => "THREAD",
            CommandBody::GetQuota(_) => "GETQUOTA",
            CommandBody::GetQuotaRoot(_) => "GETQUOTAROOT",
            CommandBody::SetQuota { .. } => "SETQUOTA",
            CommandBody::Compress { .. } => "COMPRESS",
            CommandBody::Fetch { .. } => "FETCH",
            CommandBody::Search { .. } => "SEARCH",
        }
    }

    /// The same command, owning everything it borrowed.
    pub fn into_owned(self) -> CommandBody<'static> {
        use CommandBody as C;
        match self {
            C::Capability => C::Capability,
            C::Noop => C::Noop,
            C::Logout => C::Logout,
            C::Id(params) => C::Id(params.map(|p| {
                p.into_iter()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })),
            C::Enable(caps) => C::Enable(caps.map(Atom::into_owned)),
            C::StartTls => C::StartTls,
            C::Login { username, password } => C::Login {
                username: username.into_owned(),
                password: owned_secret(&password, AString::into_owned),
            },
            C::Authenticate {
                mechanism,
                initial_response,
            } => C::Authenticate {
                mechanism: mechanism.into_owned(),
                initial_response: initial_response.map(|r| owned_secret(&r, AuthData::into_owned)),
            },
            C::Select {
                mailbox,
                parameters,
            } => C::Select {
                mailbox: mailbox.into_owned(),
                parameters,
            },
            C::Examine {
                mailbox,
                parameters,
            } => C::Examine {
                mailbox: mailbox.into_owned(),
                parameters,
            },
            C::Create {
                mailbox,
                special_use,
            } => C::Create {
                mailbox: mailbox.into_owned(),
                special_use: special_use
                    .map(|u| u.into_iter().map(UseAttribute::into_owned).collect()),
            },
            C::Delete(m) => C::Delete(m.into_owned()),
            C::Rename { from, to } => C::Rename {
                from: from.into_owned(),
                to: to.into_owned(),
            },
            C::Subscribe(m) => C::Subscribe(m.into_owned()),
            C::Unsubscribe(m) => C::Unsubscribe(m.into_owned()),
            C::List {
                selection,
                reference,
                patterns,
                return_options,
            } => C::List {
                selection,
                reference: reference.into_owned(),
                patterns: patterns.map(ListMailbox::into_owned),
                return_options,
            },
            C::Lsub { reference, pattern } => C::Lsub {
                reference: reference.into_owned(),
                pattern: pattern.into_owned(),
            },
            C::Namespace => C::Namespace,
            C::Status {
                mailbox,
                attributes,
            } => C::Status {
                mailbox: mailbox.into_owned(),
                attributes,
            },
            C::Append {
                mailbox,
                flags,
                date,
                message,
                more,
            } => C::Append {
                mailbox: mailbox.into_owned(),
                flags: flags.map(FlagList::into_owned),
                date,
                message: message.into_owned(),
                more: more.into_iter().map(AppendMessage::into_owned).collect(),
            },
            C::Idle => C::Idle,
            C::Check => C::Check,
            C::Close => C::Close,
            C::Unselect => C::Unselect,
            C::Expunge => C::Expunge,
            C::UidExpunge(set) => C::UidExpunge(set),
            C::Copy {
                uid,
                sequence_set,
                mailbox,
            } => C::Copy {
                uid,
                sequence_set,
                mailbox: mailbox.into_owned(),
            },
            C::Move {
                uid,
                sequence_set,
                mailbox,
            } => C::Move {
                uid,
                sequence_set,
                mailbox: mailbox.into_owned(),
            },
            C::Search {
                uid,
                return_options,
                charset,
                criteria,
            } => C::Search {
                uid,
                return_options,
                charset: charset.map(AString::into_owned),
                criteria: criteria.map(SearchKey::into_owned),
            },
            C::Fetch {
                uid,
                sequence_set,
                items,
                changed_since,
                vanished,
            } => C::Fetch {
                uid,
                sequence_set,
                items: items.into_owned(),
                changed_since,
                vanished,
            },
            C::Store {
                uid,
                sequence_set,
                unchanged_since,
                operation,
                silent,
                flags: f,
            } => C::Store {
                uid,
                sequence_set,
                unchanged_since,
                operation,
                silent,
                flags: f.into_owned(),
            },
            C::StoreLabels {
                uid,
                sequence_set,
                unchanged_since,
                operation,
                silent,
                labels,
            } => C::StoreLabels {
                uid,
                sequence_set,
                unchanged_since,
                operation,
                silent,
                labels: labels.into_iter().map(AString::into_owned).collect(),
            },
            C::Sort {
                uid,
                criteria,
                charset,
                search,
            } => C::Sort {
                uid,
                criteria,
                charset: charset.into_owned(),
                search: search.map(SearchKey::into_owned),
            },
            C::Thread {
                uid,
                algorithm,
                charset,
                search,
            } => C::Thread {
                uid,
                algorithm: algorithm.into_owned(),
                charset: charset.into_owned(),
                search: search.map(SearchKey::into_owned),
            },
            C::GetQuota(root) => C::GetQuota(root.into_owned()),
            C::GetQuotaRoot(m) => C::GetQuotaRoot(m.into_owned()),
            C::SetQuota { root, limits } => C::SetQuota {
                root: root.into_owned(),
                limits: limits
                    .into_iter()
                    .map(|(r, n)| (r.into_owned(), n))
                    .collect(),
            },
            C::Compress { algorithm } => C::Compress {
                algorithm: algorithm.into_owned(),
            },
        }
    }
}
