//! Reading commands (RFC 3501 §9, RFC 9051 §9 and the extensions' grammars) from the octets
//! of a whole message, without copying: strings, mailbox names and APPEND's literal borrow
//! from the input.

use crate::chars::is_atom_char;
use crate::cursor::Cursor;
use crate::error::{ParseError, Rule};
use crate::types::number::{number64, nz_number};
use crate::types::{
    AString, Atom, DateTime, Flag, IString, Literal, Literal8, Mailbox, NString, NonEmpty, Secret,
    SequenceSet, Tag,
};

use super::args::{
    AppendData, AppendMessage, AuthData, FlagList, QResync, SelectParameter, StatusAttribute,
    StoreOperation, UseAttribute,
};
use super::ext::read_labels;
use super::fetch::read_items;
use super::list::{list_mailbox, read_list};
use super::quota::read_setquota_list;
use super::search::{MAX_SEARCH_DEPTH, read_key, read_return_options};
use super::sort::{read_search_criteria, read_sort_criteria, read_thread_algorithm};
use super::{Command, CommandBody, CommandError, CommandErrorKind};

/// Why a command body could not be read.
enum Fail {
    Parse(ParseError),
    /// An unknown command name at this offset.
    Unknown(usize),
}

impl From<ParseError> for Fail {
    fn from(e: ParseError) -> Self {
        Fail::Parse(e)
    }
}

/// A keyword (command name, parameter, status attribute), upper-cased on the stack. Longer
/// words than any keyword are kept empty, which matches nothing.
pub(super) struct Word {
    buf: [u8; 20],
    len: usize,
}

impl Word {
    pub(super) fn get(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }
}

/// Reads `1*ATOM-CHAR` as a keyword.
fn word(c: &mut Cursor<'_>, rule: Rule) -> Result<Word, ParseError> {
    word_of(c, is_atom_char, rule)
}

/// Reads a keyword of the bytes `ok` allows.
pub(super) fn word_of(
    c: &mut Cursor<'_>,
    ok: impl Fn(u8) -> bool,
    rule: Rule,
) -> Result<Word, ParseError> {
    let start = c.pos;
    let run = c.take_while(ok)?;
    if run.is_empty() {
        return Err(c.invalid_at(start, rule));
    }
    let mut w = Word {
        buf: [0; 20],
        len: 0,
    };
    if run.len() <= w.buf.len() {
        for (d, s) in w.buf.iter_mut().zip(run) {
            *d = s.to_ascii_uppercase();
        }
        w.len = run.len();
    }
    Ok(w)
}

pub(super) fn sp(c: &mut Cursor<'_>) -> Result<(), ParseError> {
    c.expect(b' ', Rule::Command)
}

/// `CRLF`; a bare LF is taken too, as the framing stage may deliver one
/// ([`LineEndings::AcceptBareLf`](crate::frame::LineEndings)). A literal's announcement
/// still needs its CRLF (`Literal::parse`), as the framer announces none after a bare LF:
/// both stages see `{n}` LF as the end of a message, which is then a syntax error.
fn line_end(c: &mut Cursor<'_>) -> Result<(), ParseError> {
    match c.need()? {
        b'\n' => {
            c.bump();
            Ok(())
        }
        b'\r' => {
            c.bump();
            c.expect(b'\n', Rule::Command)
        }
        _ => Err(c.invalid(Rule::Command)),
    }
}

/// Runs a public `parse(&[u8]) -> (T, rest)` at the cursor, offsets made relative to the
/// cursor's input.
pub(super) fn via<'a, T>(
    c: &mut Cursor<'a>,
    parse: impl FnOnce(&'a [u8]) -> Result<(T, &'a [u8]), ParseError>,
) -> Result<T, ParseError> {
    let rest = c.rest();
    match parse(rest) {
        Ok((value, after)) => {
            c.pos += rest.len() - after.len();
            Ok(value)
        }
        Err(ParseError::Invalid { rule, offset }) => Err(ParseError::Invalid {
            rule,
            offset: c.pos + offset,
        }),
        Err(e) => Err(e),
    }
}

impl<'a> Command<'a> {
    /// Reads one command, up to and including its line break, at the start of `input`
    /// (a whole message, as the [`Framer`](crate::frame::Framer) delivers it); returns it and
    /// the rest.
    ///
    /// # Errors
    /// [`CommandError`] with the tag when it could be read:
    /// [`CommandErrorKind::UnknownCommand`] for a command this crate does not parse,
    /// [`CommandErrorKind::Syntax`] at the first byte that breaks the grammar,
    /// [`CommandErrorKind::Incomplete`] when `input` ends inside the command.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), CommandError<'a>> {
        let (tag, rest) = Tag::parse(input).map_err(|e| CommandError::from_parse(None, 0, e))?;
        let mut c = Cursor::new(input);
        c.pos = input.len() - rest.len();
        let fail = |tag: Tag<'a>, c: &Cursor<'a>, f: Fail| match f {
            Fail::Parse(e) => CommandError::from_parse(Some(tag), c.input.len(), e),
            Fail::Unknown(offset) => CommandError {
                tag: Some(tag),
                offset,
                kind: CommandErrorKind::UnknownCommand,
            },
        };
        let body = match sp(&mut c)
            .map_err(Fail::from)
            .and_then(|()| body(&mut c))
            .and_then(|b| line_end(&mut c).map(|()| b).map_err(Fail::from))
        {
            Ok(body) => body,
            Err(f) => return Err(fail(tag, &c, f)),
        };
        Ok((Command { tag, body }, c.rest()))
    }
}

/// `command-any / command-auth / command-nonauth / command-select` without the line end.
fn body<'a>(c: &mut Cursor<'a>) -> Result<CommandBody<'a>, Fail> {
    use CommandBody as C;
    let at = c.pos;
    let name = word(c, Rule::Command)?;
    Ok(match name.get() {
        b"CAPABILITY" => C::Capability,
        b"NOOP" => C::Noop,
        b"LOGOUT" => C::Logout,
        b"STARTTLS" => C::StartTls,
        b"NAMESPACE" => C::Namespace,
        b"IDLE" => C::Idle,
        b"CHECK" => C::Check,
        b"CLOSE" => C::Close,
        b"UNSELECT" => C::Unselect,
        b"EXPUNGE" => C::Expunge,
        b"ID" => {
            sp(c)?;
            C::Id(id_params(c)?)
        }
        b"ENABLE" => {
            sp(c)?;
            let mut caps = NonEmpty::one(Atom::read(c)?);
            while c.peek() == Some(b' ') {
                c.bump();
                caps.push(Atom::read(c)?);
            }
            C::Enable(caps)
        }
        b"LOGIN" => {
            sp(c)?;
            let username = AString::read(c)?;
            sp(c)?;
            let password = Secret::new(AString::read(c)?);
            C::Login { username, password }
        }
        b"AUTHENTICATE" => authenticate(c)?,
        b"SELECT" => {
            let (mailbox, parameters) = select(c)?;
            C::Select {
                mailbox,
                parameters,
            }
        }
        b"EXAMINE" => {
            let (mailbox, parameters) = select(c)?;
            C::Examine {
                mailbox,
                parameters,
            }
        }
        b"CREATE" => create(c)?,
        b"DELETE" => C::Delete(sp_mailbox(c)?),
        b"SUBSCRIBE" => C::Subscribe(sp_mailbox(c)?),
        b"UNSUBSCRIBE" => C::Unsubscribe(sp_mailbox(c)?),
        b"RENAME" => C::Rename {
            from: sp_mailbox(c)?,
            to: sp_mailbox(c)?,
        },
        b"LIST" => read_list(c)?,
        b"LSUB" => {
            let reference = sp_mailbox(c)?;
            sp(c)?;
            C::Lsub {
                reference,
                pattern: list_mailbox(c)?,
            }
        }
        b"STATUS" => status(c)?,
        b"APPEND" => append(c)?,
        b"COPY" => copy_or_move(c, false, false)?,
        b"MOVE" => copy_or_move(c, false, true)?,
        b"STORE" => store(c, false)?,
        b"FETCH" => fetch(c, false)?,
        b"SEARCH" => search(c, false)?,
        b"SORT" => sort(c, false)?,
        b"THREAD" => thread(c, false)?,
        b"GETQUOTA" => {
            sp(c)?;
            C::GetQuota(AString::read(c)?)
        }
        b"GETQUOTAROOT" => C::GetQuotaRoot(sp_mailbox(c)?),
        b"SETQUOTA" => {
            sp(c)?;
            let root = AString::read(c)?;
            sp(c)?;
            C::SetQuota {
                root,
                limits: read_setquota_list(c)?,
            }
        }
        b"COMPRESS" => {
            sp(c)?;
            C::Compress {
                algorithm: Atom::read(c)?,
            }
        }
        b"UID" => {
            sp(c)?;
            let at = c.pos;
            match word(c, Rule::Command)?.get() {
                b"COPY" => copy_or_move(c, true, false)?,
                b"MOVE" => copy_or_move(c, true, true)?,
                b"STORE" => store(c, true)?,
                b"FETCH" => fetch(c, true)?,
                b"SEARCH" => search(c, true)?,
                b"SORT" => sort(c, true)?,
                b"THREAD" => thread(c, true)?,
                b"EXPUNGE" => {
                    sp(c)?;
                    C::UidExpunge(SequenceSet::read(c)?)
                }
                _ => return Err(Fail::Unknown(at)),
            }
        }
        _ => return Err(Fail::Unknown(at)),
    })
}

fn sp_mailbox<'a>(c: &mut Cursor<'a>) -> Result<Mailbox<'a>, ParseError> {
    sp(c)?;
    Mailbox::read(c)
}

/// `id-params-list = "(" *(string SP nstring) ")" / nil` (RFC 2971 §4; pairs separated by
/// `SP`, as in its examples).
type IdParams<'a> = Option<Vec<(IString<'a>, NString<'a>)>>;

fn id_params<'a>(c: &mut Cursor<'a>) -> Result<IdParams<'a>, ParseError> {
    if matches!(c.need()?, b'N' | b'n') {
        c.expect_word(b"NIL", Rule::IdParams)?;
        return Ok(None);
    }
    c.expect(b'(', Rule::IdParams)?;
    let mut params = Vec::new();
    if c.need()? != b')' {
        loop {
            let field = IString::read(c)?;
            sp(c)?;
            params.push((field, NString::read(c)?));
            if c.need()? == b')' {
                break;
            }
            sp(c)?;
        }
    }
    c.bump();
    Ok(Some(params))
}

/// `"AUTHENTICATE" SP auth-type [SP initial-resp]`, `initial-resp = base64 / "="`
/// (RFC 4959 §7).
fn authenticate<'a>(c: &mut Cursor<'a>) -> Result<CommandBody<'a>, ParseError> {
    sp(c)?;
    let mechanism = Atom::read(c)?;
    let mut initial_response = None;
    if c.peek() == Some(b' ') {
        c.bump();
        let start = c.pos;
        let run = c.take_while(is_base64_char)?;
        let data = if run == b"=" {
            AuthData::new(&b""[..])
        } else if run.is_empty() {
            return Err(c.invalid_at(start, Rule::Base64));
        } else {
            AuthData::new(run)
        }
        .map_err(|e| c.invalid_at(start + e.offset, Rule::Base64))?;
        initial_response = Some(Secret::new(data));
    }
    Ok(CommandBody::Authenticate {
        mechanism,
        initial_response,
    })
}

fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// `SP mailbox [select-params]`, `select-params = SP "(" select-param *(SP select-param)
/// ")"` (RFC 4466 §2.1) with `CONDSTORE` and `QRESYNC` (RFC 7162 §7).
fn select<'a>(c: &mut Cursor<'a>) -> Result<(Mailbox<'a>, Vec<SelectParameter>), ParseError> {
    let mailbox = sp_mailbox(c)?;
    let mut params = Vec::new();
    if c.peek() == Some(b' ') {
        c.bump();
        c.expect(b'(', Rule::SelectParam)?;
        loop {
            let at = c.pos;
            params.push(match word(c, Rule::SelectParam)?.get() {
                b"CONDSTORE" => SelectParameter::CondStore,
                b"QRESYNC" => {
                    sp(c)?;
                    SelectParameter::QResync(qresync(c)?)
                }
                _ => return Err(c.invalid_at(at, Rule::SelectParam)),
            });
            if c.need()? == b')' {
                break;
            }
            sp(c)?;
        }
        c.bump();
    }
    Ok((mailbox, params))
}

/// `mod-sequence-value = 1*DIGIT`, 1 ≤ n < 2^63 (RFC 7162 §7).
fn mod_sequence_value(c: &mut Cursor<'_>) -> Result<u64, ParseError> {
    let at = c.pos;
    match number64(c)? {
        0 => Err(c.invalid_at(at, Rule::ModSequence)),
        n => Ok(n),
    }
}

/// `"(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"`.
fn qresync(c: &mut Cursor<'_>) -> Result<QResync, ParseError> {
    c.expect(b'(', Rule::SelectParam)?;
    let uid_validity = nz_number(c)?;
    sp(c)?;
    let mod_seq = mod_sequence_value(c)?;
    let (mut known_uids, mut seq_match) = (None, None);
    if c.need()? == b' ' {
        c.bump();
        if c.need()? != b'(' {
            known_uids = Some(SequenceSet::read(c)?);
            if c.need()? == b' ' {
                c.bump();
            }
        }
        if c.need()? == b'(' {
            c.bump();
            let sequences = SequenceSet::read(c)?;
            sp(c)?;
            let uids = SequenceSet::read(c)?;
            c.expect(b')', Rule::SelectParam)?;
            seq_match = Some((sequences, uids));
        }
    }
    c.expect(b')', Rule::SelectParam)?;
    Ok(QResync {
        uid_validity,
        mod_seq,
        known_uids,
        seq_match,
    })
}

/// `"CREATE" SP mailbox [create-params]` with the one parameter `"USE" SP "(" [use-attr
/// *(SP use-attr)] ")"` (RFC 6154 §6).
fn create<'a>(c: &mut Cursor<'a>) -> Result<CommandBody<'a>, ParseError> {
    let mailbox = sp_mailbox(c)?;
    let mut special_use = None;
    if c.peek() == Some(b' ') {
        c.bump();
        c.expect(b'(', Rule::CreateParam)?;
        c.expect_word(b"USE", Rule::CreateParam)?;
        sp(c)?;
        c.expect(b'(', Rule::CreateParam)?;
        let mut uses = Vec::new();
        if c.need()? != b')' {
            loop {
                c.expect(b'\\', Rule::UseAttr)?;
                uses.push(UseAttribute::from_atom(Atom::read(c)?));
                if c.need()? == b')' {
                    break;
                }
                sp(c)?;
            }
        }
        c.bump();
        c.expect(b')', Rule::CreateParam)?;
        special_use = Some(uses);
    }
    Ok(CommandBody::Create {
        mailbox,
        special_use,
    })
}

/// `"STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"`.
fn status<'a>(c: &mut Cursor<'a>) -> Result<CommandBody<'a>, ParseError> {
    let mailbox = sp_mailbox(c)?;
    sp(c)?;
    c.expect(b'(', Rule::StatusAtt)?;
    let mut attributes = NonEmpty::one(status_att(c)?);
    while c.need()? != b')' {
        sp(c)?;
        attributes.push(status_att(c)?);
    }
    c.bump();
    Ok(CommandBody::Status {
        mailbox,
        attributes,
    })
}

pub(super) fn status_att(c: &mut Cursor<'_>) -> Result<StatusAttribute, ParseError> {
    let at = c.pos;
    let name = word(c, Rule::StatusAtt)?;
    std::str::from_utf8(name.get())
        .ok()
        .and_then(StatusAttribute::from_name)
        .ok_or_else(|| c.invalid_at(at, Rule::StatusAtt))
}

/// A `flag` as a client may send it: not `\Recent` (RFC 3501 §9 `flag`), which is a syntax
/// error (rule `flag`) at its backslash.
fn flag<'a>(c: &mut Cursor<'a>) -> Result<Flag<'a>, ParseError> {
    let at = c.pos;
    match Flag::read(c)? {
        Flag::Recent => Err(c.invalid_at(at, Rule::Flag)),
        f => Ok(f),
    }
}

/// `flag-list = "(" [flag *(SP flag)] ")"`.
fn flag_list<'a>(c: &mut Cursor<'a>) -> Result<FlagList<'a>, ParseError> {
    c.expect(b'(', Rule::FlagList)?;
    let mut flags = FlagList::default();
    if c.need()? != b')' {
        loop {
            flags.push_checked(flag(c)?);
            if c.need()? == b')' {
                break;
            }
            sp(c)?;
        }
    }
    c.bump();
    Ok(flags)
}

/// `"APPEND" SP mailbox 1*append-message` (RFC 3502 §6; one message without MULTIAPPEND,
/// RFC 3501 §9), `append-message = [SP flag-list] [SP date-time] SP (literal / literal8)`.
fn append<'a>(c: &mut Cursor<'a>) -> Result<CommandBody<'a>, ParseError> {
    let mailbox = sp_mailbox(c)?;
    let first = append_message(c)?;
    let mut more = Vec::new();
    while c.peek() == Some(b' ') {
        more.push(append_message(c)?);
    }
    Ok(CommandBody::Append {
        mailbox,
        flags: first.flags,
        date: first.date,
        message: first.message,
        more,
    })
}

/// `append-message`, its leading `SP` included.
fn append_message<'a>(c: &mut Cursor<'a>) -> Result<AppendMessage<'a>, ParseError> {
    sp(c)?;
    let mut flags = None;
    if c.need()? == b'(' {
        flags = Some(flag_list(c)?);
        sp(c)?;
    }
    let mut date = None;
    if c.need()? == b'"' {
        date = Some(via(c, DateTime::parse)?);
        sp(c)?;
    }
    let message = match c.need()? {
        b'{' => AppendData::Literal(via(c, Literal::parse)?),
        b'~' => AppendData::Literal8(via(c, Literal8::parse)?),
        _ => return Err(c.invalid(Rule::AppendData)),
    };
    Ok(AppendMessage {
        flags,
        date,
        message,
    })
}

/// `SP sequence-set SP mailbox` of COPY and MOVE.
fn copy_or_move<'a>(
    c: &mut Cursor<'a>,
    uid: bool,
    is_move: bool,
) -> Result<CommandBody<'a>, ParseError> {
    sp(c)?;
    let sequence_set = SequenceSet::read(c)?;
    let mailbox = sp_mailbox(c)?;
    Ok(if is_move {
        CommandBody::Move {
            uid,
            sequence_set,
            mailbox,
        }
    } else {
        CommandBody::Copy {
            uid,
            sequence_set,
            mailbox,
        }
    })
}

/// `"STORE" SP sequence-set [store-modifiers] SP store-att-flags` (RFC 4466 §2.5) with
/// `store-modifier = "UNCHANGEDSINCE" SP mod-sequence-valzer` (RFC 7162 §7), and
/// `store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))`.
fn store<'a>(c: &mut Cursor<'a>, uid: bool) -> Result<CommandBody<'a>, ParseError> {
    sp(c)?;
    let sequence_set = SequenceSet::read(c)?;
    sp(c)?;
    let mut unchanged_since = None;
    if c.need()? == b'(' {
        c.bump();
        c.expect_word(b"UNCHANGEDSINCE", Rule::StoreModifier)?;
        sp(c)?;
        unchanged_since = Some(number64(c)?);
        c.expect(b')', Rule::StoreModifier)?;
        sp(c)?;
    }
    let at = c.pos;
    let name = word(c, Rule::StoreAttFlags)?;
    let (operation, rest) = match name.get() {
        [b'+', rest @ ..] => (StoreOperation::Add, rest),
        [b'-', rest @ ..] => (StoreOperation::Remove, rest),
        rest => (StoreOperation::Replace, rest),
    };
    let (labels, silent) = match rest {
        b"FLAGS" => (false, false),
        b"FLAGS.SILENT" => (false, true),
        b"X-GM-LABELS" => (true, false),
        b"X-GM-LABELS.SILENT" => (true, true),
        _ => return Err(c.invalid_at(at, Rule::StoreAttFlags)),
    };
    sp(c)?;
    if labels {
        return Ok(CommandBody::StoreLabels {
            uid,
            sequence_set,
            unchanged_since,
            operation,
            silent,
            labels: read_labels(c)?,
        });
    }
    let flags = if c.need()? == b'(' {
        flag_list(c)?
    } else {
        let mut flags = FlagList::default();
        flags.push_checked(flag(c)?);
        while c.peek() == Some(b' ') {
            c.bump();
            flags.push_checked(flag(c)?);
        }
        flags
    };
    Ok(CommandBody::Store {
        uid,
        sequence_set,
        unchanged_since,
        operation,
        silent,
        flags,
    })
}

/// `"FETCH" SP sequence-set SP (…) [fetch-modifiers]` (RFC 9051 §9, RFC 4466 §2.4) with
/// `CHANGEDSINCE` and `VANISHED` (RFC 7162 §7).
fn fetch<'a>(c: &mut Cursor<'a>, uid: bool) -> Result<CommandBody<'a>, ParseError> {
    sp(c)?;
    let sequence_set = SequenceSet::read(c)?;
    let items = read_items(c)?;
    let (mut changed_since, mut vanished) = (None, false);
    if c.peek() == Some(b' ') {
        c.bump();
        c.expect(b'(', Rule::FetchModifier)?;
        loop {
            let at = c.pos;
            match word(c, Rule::FetchModifier)?.get() {
                b"CHANGEDSINCE" if changed_since.is_none() => {
                    sp(c)?;
                    changed_since = Some(mod_sequence_value(c)?);
                }
                b"VANISHED" if !vanished => vanished = true,
                _ => return Err(c.invalid_at(at, Rule::FetchModifier)),
            }
            if c.need()? == b')' {
                break;
            }
            sp(c)?;
        }
        c.bump();
    }
    Ok(CommandBody::Fetch {
        uid,
        sequence_set,
        items,
        changed_since,
        vanished,
    })
}

/// `search = "SEARCH" [search-return-opts] SP search-program`, `search-program =
/// ["CHARSET" SP charset SP] search-key *(SP search-key)` (RFC 9051 §9, RFC 4731 §3.1).
fn search<'a>(c: &mut Cursor<'a>, uid: bool) -> Result<CommandBody<'a>, ParseError> {
    let return_options = read_return_options(c)?;
    sp(c)?;
    let mut charset = None;
    let mut probe = *c;
    if probe.expect_word(b"CHARSET ", Rule::SearchKey).is_ok() {
        *c = probe;
        charset = Some(AString::read(c)?);
        sp(c)?;
    }
    let mut criteria = NonEmpty::one(read_key(c, MAX_SEARCH_DEPTH)?);
    while c.peek() == Some(b' ') {
        c.bump();
        criteria.push(read_key(c, MAX_SEARCH_DEPTH)?);
    }
    Ok(CommandBody::Search {
        uid,
        return_options,
        charset,
        criteria,
    })
}

/// `SP sort-criteria SP search-criteria` after `SORT` (RFC 5256 §5).
fn sort<'a>(c: &mut Cursor<'a>, uid: bool) -> Result<CommandBody<'a>, ParseError> {
    sp(c)?;
    let criteria = read_sort_criteria(c)?;
    sp(c)?;
    let (charset, search) = read_search_criteria(c)?;
    Ok(CommandBody::Sort {
        uid,
        criteria,
        charset,
        search,
    })
}

/// `SP thread-alg SP search-criteria` after `THREAD` (RFC 5256 §5).
fn thread<'a>(c: &mut Cursor<'a>, uid: bool) -> Result<CommandBody<'a>, ParseError> {
    sp(c)?;
    let algorithm = read_thread_algorithm(c)?;
    sp(c)?;
    let (charset, search) = read_search_criteria(c)?;
    Ok(CommandBody::Thread {
        uid,
        algorithm,
        charset,
        search,
    })
}

/// A line the client sends during AUTHENTICATE (RFC 3501 §6.2.2, RFC 9051 §6.2.2): its
/// response to a server challenge, `base64 CRLF`, or `"*" CRLF` to cancel the exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthenticateResponse<'a> {
    /// The response (possibly empty), never shown.
    Data(Secret<AuthData<'a>>),
    /// `*`: the client cancels; the server answers `BAD`.
    Cancel,
}

impl<'a> AuthenticateResponse<'a> {
    /// Reads one such line, line break included, at the start of `input`; returns it and the
    /// rest.
    ///
    /// ```
    /// use imap_proto::command::AuthenticateResponse;
    /// let (r, _) = AuthenticateResponse::parse(b"dGVzdAB0ZXN0AHRlc3Q=\r\n").unwrap();
    /// let AuthenticateResponse::Data(data) = r else { unreachable!() };
    /// assert_eq!(data.expose().as_bytes(), b"dGVzdAB0ZXN0AHRlc3Q=");
    /// assert_eq!(AuthenticateResponse::parse(b"*\r\n").unwrap().0, AuthenticateResponse::Cancel);
    /// ```
    ///
    /// # Errors
    /// [`ParseError::Invalid`] (rule `base64`) for text that is not base64;
    /// [`ParseError::Incomplete`] before the line break.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        let mut c = Cursor::new(input);
        let value = if c.need()? == b'*' {
            c.bump();
            AuthenticateResponse::Cancel
        } else {
            let run = c.take_while(is_base64_char)?;
            let data = AuthData::new(run).map_err(|e| c.invalid_at(e.offset, Rule::Base64))?;
            AuthenticateResponse::Data(Secret::new(data))
        };
        line_end(&mut c).map_err(|e| match e {
            ParseError::Invalid { offset, .. } => c.invalid_at(offset, Rule::Base64),
            other => other,
        })?;
        Ok((value, c.rest()))
    }

    /// The same line, owning its data.
    pub fn into_owned(self) -> AuthenticateResponse<'static> {
        match self {
            AuthenticateResponse::Data(d) => {
                AuthenticateResponse::Data(super::args::owned_secret(&d, AuthData::into_owned))
            }
            AuthenticateResponse::Cancel => AuthenticateResponse::Cancel,
        }
    }
}

/// The `DONE` line that ends IDLE (RFC 2177 §3: `idle = "IDLE" CRLF "DONE"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Done;

impl Done {
    /// Reads `DONE` (without case) and its line break at the start of `input`; returns the
    /// rest.
    ///
    /// # Errors
    /// [`ParseError::Invalid`] (rule `idle`) for anything else; [`ParseError::Incomplete`]
    /// on a prefix of it.
    pub fn parse(input: &[u8]) -> Result<(Self, &[u8]), ParseError> {
        let mut c = Cursor::new(input);
        c.expect_word(b"DONE", Rule::Idle)?;
        line_end(&mut c).map_err(|e| match e {
            ParseError::Invalid { offset, .. } => c.invalid_at(offset, Rule::Idle),
            other => other,
        })?;
        Ok((Done, c.rest()))
    }
}
