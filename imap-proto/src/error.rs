//! Why bytes could not be parsed, or a value could not be made or written.

use std::fmt;

/// The ABNF rule (RFC 3501 §9, RFC 9051 §9 and the extensions' grammars) a parser was reading
/// when it met a byte that does not fit. Shown by its rule name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// `tag`.
    Tag,
    /// `atom`.
    Atom,
    /// `astring`.
    AString,
    /// `nstring`.
    NString,
    /// `string`.
    String,
    /// `quoted`.
    Quoted,
    /// `literal`.
    Literal,
    /// `literal8` (RFC 3516 §4.2, RFC 4466 §4.3).
    Literal8,
    /// `number` (a 32-bit unsigned number).
    Number,
    /// `nz-number`.
    NzNumber,
    /// `number64` (RFC 9051: 0 ≤ n < 2^63).
    Number64,
    /// `sequence-set` (with `seq-last-command`, RFC 5182).
    SequenceSet,
    /// `mailbox`.
    Mailbox,
    /// Modified UTF-7 mailbox naming (RFC 3501 §5.1.3).
    ModifiedUtf7,
    /// `flag`, `flag-keyword`, `flag-extension`.
    Flag,
    /// `flag-perm`.
    FlagPerm,
    /// `date`.
    Date,
    /// `date-time`.
    DateTime,
    /// `command` (a command's structure: its name, `SP`, `CRLF`).
    Command,
    /// `base64` (AUTHENTICATE data, RFC 3501 §9).
    Base64,
    /// `flag-list`.
    FlagList,
    /// `status-att`.
    StatusAtt,
    /// `list-mailbox`.
    ListMailbox,
    /// `select-param` (RFC 4466 §2.1, RFC 7162 §7).
    SelectParam,
    /// `create-param` (RFC 4466 §2.2, RFC 6154 §6).
    CreateParam,
    /// `use-attr` (RFC 6154 §6).
    UseAttr,
    /// `store-att-flags`.
    StoreAttFlags,
    /// `store-modifier` (RFC 4466 §2.5, RFC 7162 §7).
    StoreModifier,
    /// `id-params-list` (RFC 2971 §4).
    IdParams,
    /// `mod-sequence-value` (RFC 7162 §7).
    ModSequence,
    /// `append-data` (RFC 4466 §2.3: `literal` / `literal8`).
    AppendData,
    /// `idle` (RFC 2177 §3: `DONE`).
    Idle,
    /// `fetch-att`.
    FetchAtt,
    /// `section`, `section-binary`.
    Section,
    /// `partial`.
    Partial,
    /// `fetch-modifier` (RFC 4466 §2.4, RFC 7162 §7).
    FetchModifier,
    /// `search-key` (also reported when nesting is deeper than the limit).
    SearchKey,
    /// `search-return-opt` (RFC 4731 §3.1, RFC 9051 §9).
    SearchReturnOpt,
    /// `list-select-opt` (RFC 5258 §6).
    ListSelectOpt,
    /// `return-option` (RFC 5258 §6, RFC 5819 §4).
    ListReturnOpt,
    /// `response` (a whole server response line, RFC 3501 §9).
    Response,
    /// `greeting` (RFC 3501 §7.1, §9).
    Greeting,
    /// `resp-cond-state`, `resp-cond-bye`, `resp-cond-auth` (`OK`/`NO`/`BAD`/`PREAUTH`/`BYE`).
    RespCondState,
    /// `resp-text`.
    RespText,
    /// `resp-text-code` (RFC 3501 §7.1, RFC 9051 §7.1 and the extensions' codes).
    RespTextCode,
    /// `capability-data` (RFC 3501 §7.2.1).
    CapabilityData,
    /// `mailbox-data` (FLAGS, LIST, LSUB, SEARCH, STATUS, EXISTS, RECENT, …).
    MailboxData,
    /// `message-data` (EXPUNGE, FETCH, VANISHED).
    MessageData,
    /// `msg-att` (a FETCH response data item, RFC 3501 §7.4.2).
    MsgAtt,
    /// `envelope`.
    Envelope,
    /// `address`.
    Address,
    /// `body` (BODY / BODYSTRUCTURE, RFC 3501 §7.4.2, RFC 9051 §9).
    Body,
    /// `body-fields` and its `body-fld-*` parts.
    BodyFields,
    /// `body-ext-1part`, `body-ext-mpart`, `body-extension`.
    BodyExtension,
    /// `continue-req` (RFC 3501 §7.5).
    ContinueReq,
    /// `namespace-response` (RFC 2342 §5).
    Namespace,
    /// `quota-response`, `quotaroot-response` (RFC 9208 §6).
    Quota,
    /// `thread-data`, `thread-list` (RFC 5256 §4).
    ThreadData,
    /// `sort-data` (RFC 5256 §4).
    SortData,
    /// `esearch-response` (RFC 4731 §3.2, RFC 9051 §9).
    EsearchResponse,
    /// `sort-criterion` (RFC 5256 §4).
    SortCriterion,
    /// `thread-alg` (RFC 5256 §4).
    ThreadAlg,
    /// `setquota-resource`, `resource-name` (RFC 9208 §6).
    QuotaResource,
    /// `objectid` (RFC 8474 §7).
    ObjectId,
    /// `body`, `body-extension` nested deeper than
    /// [`MAX_BODY_DEPTH`](crate::response::fetch::MAX_BODY_DEPTH).
    BodyDepth,
}

impl Rule {
    /// The rule's name as the RFC writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::Tag => "tag",
            Rule::Atom => "atom",
            Rule::AString => "astring",
            Rule::NString => "nstring",
            Rule::String => "string",
            Rule::Quoted => "quoted",
            Rule::Literal => "literal",
            Rule::Literal8 => "literal8",
            Rule::Number => "number",
            Rule::NzNumber => "nz-number",
            Rule::Number64 => "number64",
            Rule::SequenceSet => "sequence-set",
            Rule::Mailbox => "mailbox",
            Rule::ModifiedUtf7 => "modified UTF-7",
            Rule::Flag => "flag",
            Rule::FlagPerm => "flag-perm",
            Rule::Date => "date",
            Rule::DateTime => "date-time",
            Rule::Command => "command",
            Rule::Base64 => "base64",
            Rule::FlagList => "flag-list",
            Rule::StatusAtt => "status-att",
            Rule::ListMailbox => "list-mailbox",
            Rule::SelectParam => "select-param",
            Rule::CreateParam => "create-param",
            Rule::UseAttr => "use-attr",
            Rule::StoreAttFlags => "store-att-flags",
            Rule::StoreModifier => "store-modifier",
            Rule::IdParams => "id-params-list",
            Rule::ModSequence => "mod-sequence-value",
            Rule::AppendData => "append-data",
            Rule::Idle => "idle",
            Rule::FetchAtt => "fetch-att",
            Rule::Section => "section",
            Rule::Partial => "partial",
            Rule::FetchModifier => "fetch-modifier",
            Rule::SearchKey => "search-key",
            Rule::SearchReturnOpt => "search-return-opt",
            Rule::ListSelectOpt => "list-select-opt",
            Rule::ListReturnOpt => "list-return-opt",
            Rule::Response => "response",
            Rule::Greeting => "greeting",
            Rule::RespCondState => "resp-cond-state",
            Rule::RespText => "resp-text",
            Rule::RespTextCode => "resp-text-code",
            Rule::CapabilityData => "capability-data",
            Rule::MailboxData => "mailbox-data",
            Rule::MessageData => "message-data",
            Rule::MsgAtt => "msg-att",
            Rule::Envelope => "envelope",
            Rule::Address => "address",
            Rule::Body => "body",
            Rule::BodyFields => "body-fields",
            Rule::BodyExtension => "body-extension",
            Rule::ContinueReq => "continue-req",
            Rule::Namespace => "namespace-response",
            Rule::Quota => "quota-response",
            Rule::ThreadData => "thread-data",
            Rule::SortData => "sort-data",
            Rule::EsearchResponse => "esearch-response",
            Rule::SortCriterion => "sort-criterion",
            Rule::ThreadAlg => "thread-alg",
            Rule::QuotaResource => "setquota-resource",
            Rule::ObjectId => "objectid",
            Rule::BodyDepth => "body (nested too deep)",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why bytes could not be parsed.
///
/// Parsers read a prefix of their input and never guess: when the input ends before the value
/// is known to end (an atom that may go on, a quoted string without its closing quote, a
/// literal whose octets have not all arrived) they say [`Incomplete`](ParseError::Incomplete);
/// a byte that cannot be there is [`Invalid`](ParseError::Invalid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The input ended too soon: more octets may complete it.
    #[error("incomplete input: at least {needed} more octets needed")]
    Incomplete {
        /// At least this many more octets are needed (1 when not known better; the exact
        /// remainder of a literal's octets).
        needed: usize,
    },
    /// A byte that the rule does not allow there.
    #[error("invalid {rule} at offset {offset}")]
    Invalid {
        /// The rule being read.
        rule: Rule,
        /// Where the offending byte is, from the start of the input given to the parser.
        offset: usize,
    },
}

impl ParseError {
    /// Whether more input could complete the value.
    pub fn is_incomplete(&self) -> bool {
        matches!(self, ParseError::Incomplete { .. })
    }
}

/// Why a value could not be made: it holds a byte its rule does not allow (a space or a
/// CR in an atom, a NUL in a string, `+` in a tag, …), or it is empty, out of range or not
/// canonical where it must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("invalid {rule}: offending byte at offset {offset}")]
pub struct InvalidValue {
    /// The rule the value must follow.
    pub rule: Rule,
    /// Where in the value the offending byte is (its length when it is empty or ends too soon).
    pub offset: usize,
}
