//! Properties of the command codec: `parse(encode(x)) == x` for generated valid commands of
//! every variant (every typed parameter, unknown parameters too), parse-encode-parse
//! stability for whatever the parser accepts, and no panic on arbitrary bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::net::Ipv4Addr;

use mail_message::envelope::{
    AddressLiteral, Domain, EnvelopeOptions, EsmtpKeyword, EsmtpParameter, EsmtpValue, ForwardPath,
    Host, LocalPart, Mailbox, ReversePath,
};
use proptest::prelude::*;
use smtp_proto::EncodeError;
use smtp_proto::command::{
    Body, ByMode, ClientName, Command, DateTime, DeliverBy, FutureRelease, InitialResponse,
    MailAuth, MailParameters, Mechanism, Notify, NotifyOn, Orcpt, ParseOptions, RcptParameters,
    Ret, Text, Xtext,
};

fn envelope(utf8: bool) -> EnvelopeOptions {
    EnvelopeOptions::new().with_smtputf8(utf8)
}

// ---- envelope values -------------------------------------------------------------------------

fn local_part(utf8: bool) -> impl Strategy<Value = LocalPart<'static>> {
    let atoms = if utf8 {
        "[A-Za-z0-9!#$%&'*+/=?^_`{|}~é日-]{1,8}"
    } else {
        "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,8}"
    };
    let dot_string = proptest::collection::vec(atoms, 1..4).prop_map(|a| a.join("."));
    let quoted = "[ -~]{0,20}";
    prop_oneof![4 => dot_string, 1 => quoted]
        .prop_filter_map("invalid", move |s| LocalPart::new(s, envelope(utf8)).ok())
}

fn domain(utf8: bool) -> impl Strategy<Value = Domain<'static>> {
    let label = if utf8 {
        "[a-z0-9]([a-z0-9é-]{0,10}[a-z0-9])?"
    } else {
        "[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?"
    };
    proptest::collection::vec(label, 1..4).prop_filter_map("invalid", move |l| {
        Domain::new(l.join("."), envelope(utf8)).ok()
    })
}

fn host(utf8: bool) -> impl Strategy<Value = Host<'static>> {
    prop_oneof![
        4 => domain(utf8).prop_map(Host::Domain),
        1 => any::<u32>().prop_map(|a| Host::AddressLiteral(AddressLiteral::Ipv4(Ipv4Addr::from(a)))),
        1 => any::<[u16; 8]>().prop_map(|g| Host::AddressLiteral(AddressLiteral::Ipv6(g.into()))),
    ]
}

fn mailbox(utf8: bool) -> impl Strategy<Value = Mailbox<'static>> {
    (local_part(utf8), host(utf8)).prop_filter_map("too long", |(l, h)| Mailbox::new(l, h).ok())
}

// ---- argument values -------------------------------------------------------------------------

fn text() -> impl Strategy<Value = Text<'static>> {
    "[ -~éß日😀]{1,40}".prop_filter_map("spaces at the ends", |s| Text::new(s).ok())
}

fn client_name(utf8: bool) -> impl Strategy<Value = ClientName<'static>> {
    let token = if utf8 { "[!-~é]{1,20}" } else { "[!-~]{1,20}" };
    prop_oneof![
        host(utf8).prop_map(ClientName::Host),
        token.prop_map(move |t| ClientName::new(t, envelope(utf8)).unwrap()),
        "[a-z]{1,5}_[a-z]{1,5}\\.local"
            .prop_map(move |t| ClientName::new(t, envelope(utf8)).unwrap()),
    ]
}

fn mechanism() -> impl Strategy<Value = Mechanism<'static>> {
    "[A-Za-z0-9_-]{1,20}".prop_map(|m| Mechanism::new(m).unwrap())
}

fn initial_response() -> impl Strategy<Value = InitialResponse<'static>> {
    prop_oneof![
        Just(InitialResponse::new("=").unwrap()),
        proptest::collection::vec(any::<u8>(), 0..120).prop_map(|d| InitialResponse::encode(&d)),
    ]
}

fn xtext() -> impl Strategy<Value = Xtext<'static>> {
    let raw = proptest::collection::vec(prop_oneof!["[!-*,-<>-~]", "\\+[0-9A-F]{2}"], 1..12)
        .prop_map(|parts| Xtext::new(parts.concat()).unwrap());
    let from_bytes = proptest::collection::vec(any::<u8>(), 1..30)
        .prop_map(|b| Xtext::from_bytes(&b).unwrap().into_owned());
    prop_oneof![raw, from_bytes]
}

fn unknown_parameter(utf8: bool) -> impl Strategy<Value = EsmtpParameter<'static>> {
    let value = if utf8 {
        "[!-<>-~é]{1,10}"
    } else {
        "[!-<>-~]{1,10}"
    };
    ("X-[A-Za-z0-9-]{0,8}", proptest::option::of(value)).prop_map(move |(k, v)| {
        EsmtpParameter::new(
            EsmtpKeyword::new(k).unwrap(),
            v.map(|v| EsmtpValue::new(v, envelope(utf8)).unwrap()),
        )
    })
}

fn date_time() -> impl Strategy<Value = DateTime<'static>> {
    (
        (0u16..=9999, 1u8..=12, 1u8..=28, any::<bool>()),
        (0u8..=23, 0u8..=59, 0u8..=60),
        proptest::option::of("[0-9]{1,9}"),
        prop_oneof![
            Just("Z".to_owned()),
            Just("z".to_owned()),
            (any::<bool>(), 0u8..=23, 0u8..=59)
                .prop_map(|(neg, h, m)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' })),
        ],
    )
        .prop_map(|((y, mo, d, t), (h, mi, s), frac, off)| {
            let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
            let t = if t { 'T' } else { 't' };
            DateTime::new(format!(
                "{y:04}-{mo:02}-{d:02}{t}{h:02}:{mi:02}:{s:02}{frac}{off}"
            ))
            .unwrap()
        })
}

fn deliver_by() -> impl Strategy<Value = DeliverBy> {
    (
        -999_999_999i32..=999_999_999,
        prop_oneof![Just(ByMode::Notify), Just(ByMode::Return)],
        any::<bool>(),
    )
        .prop_map(|(seconds, mode, trace)| DeliverBy {
            seconds: if mode == ByMode::Return {
                seconds.unsigned_abs().clamp(1, 999_999_999) as i32
            } else {
                seconds
            },
            mode,
            trace,
        })
}

fn mail_parameters(utf8: bool) -> impl Strategy<Value = MailParameters<'static>> {
    let a = (
        proptest::option::of(any::<u64>()),
        proptest::option::of(prop_oneof![
            Just(Body::SevenBit),
            Just(Body::EightBitMime),
            Just(Body::BinaryMime)
        ]),
        any::<bool>(),
        proptest::option::of(prop_oneof![Just(Ret::Full), Just(Ret::Hdrs)]),
        proptest::option::of(xtext()),
        proptest::option::of(prop_oneof![
            Just(MailAuth::null()),
            mailbox(utf8).prop_map(MailAuth::from_mailbox),
        ]),
    );
    let b = (
        any::<bool>(),
        proptest::option::of(-9i8..=9),
        proptest::option::of(deliver_by()),
        proptest::option::of(prop_oneof![
            (0u32..=999_999_999).prop_map(FutureRelease::HoldFor),
            date_time().prop_map(FutureRelease::HoldUntil),
        ]),
        proptest::collection::vec(unknown_parameter(utf8), 0..3),
    );
    (a, b).prop_map(
        |((size, body, smtputf8, ret, envid, auth), (requiretls, mt, by, release, unknown))| {
            let mut p = MailParameters::new();
            p.size = size;
            p.body = body;
            p.smtputf8 = smtputf8;
            p.ret = ret;
            p.envid = envid;
            p.auth = auth;
            p.requiretls = requiretls;
            p.mt_priority = mt;
            p.deliver_by = by;
            p.future_release = release;
            p.unknown = unknown;
            p
        },
    )
}

fn rcpt_parameters(utf8: bool) -> impl Strategy<Value = RcptParameters<'static>> {
    let notify = prop_oneof![
        Just(Notify::Never),
        (any::<bool>(), any::<bool>(), any::<bool>())
            .prop_filter("one condition", |&(s, f, d)| s || f || d)
            .prop_map(|(success, failure, delay)| Notify::On(NotifyOn {
                success,
                failure,
                delay
            })),
    ];
    let orcpt = ("[A-Za-z0-9-]{1,10}", xtext()).prop_map(|(t, x)| Orcpt::new(t, x).unwrap());
    (
        proptest::option::of(notify),
        proptest::option::of(orcpt),
        proptest::collection::vec(unknown_parameter(utf8), 0..3),
    )
        .prop_map(|(notify, orcpt, unknown)| {
            let mut p = RcptParameters::new();
            p.notify = notify;
            p.orcpt = orcpt;
            p.unknown = unknown;
            p
        })
}

// ---- commands --------------------------------------------------------------------------------

/// A valid command for a session with these options.
fn command(utf8: bool, lmtp: bool) -> impl Strategy<Value = Command<'static>> {
    let hello = client_name(utf8).prop_map(move |name| {
        if lmtp {
            Command::Lhlo { name }
        } else {
            Command::Ehlo { name }
        }
    });
    let helo = client_name(utf8).prop_map(move |name| {
        if lmtp {
            Command::Lhlo { name }
        } else {
            Command::Helo { name }
        }
    });
    let reverse_path = prop_oneof![
        1 => Just(ReversePath::Null),
        4 => mailbox(utf8).prop_map(ReversePath::Mailbox),
    ];
    let forward_path = prop_oneof![
        1 => Just(ForwardPath::Postmaster),
        4 => mailbox(utf8).prop_map(ForwardPath::Mailbox),
    ];
    let vrfy =
        (text(), any::<bool>(), any::<bool>())
            .prop_filter("reads back as the flag", |(t, flag, _)| {
                *flag
                    || !t.as_str().rsplit(' ').next().is_some_and(|w| {
                        t.as_str().contains(' ') && w.eq_ignore_ascii_case("SMTPUTF8")
                    })
            })
            .prop_map(|(argument, smtputf8, expn)| {
                if expn {
                    Command::Expn { argument, smtputf8 }
                } else {
                    Command::Vrfy { argument, smtputf8 }
                }
            });
    prop_oneof![
        hello,
        helo,
        (reverse_path, mail_parameters(utf8)).prop_map(|(reverse_path, parameters)| {
            Command::Mail {
                reverse_path,
                parameters,
            }
        }),
        (forward_path, rcpt_parameters(utf8)).prop_map(|(forward_path, parameters)| {
            Command::Rcpt {
                forward_path,
                parameters,
            }
        }),
        Just(Command::Data),
        (any::<u64>(), any::<bool>()).prop_map(|(size, last)| Command::Bdat { size, last }),
        Just(Command::Rset),
        proptest::option::of(text()).prop_map(Command::Noop),
        vrfy,
        proptest::option::of(text()).prop_map(Command::Help),
        Just(Command::Quit),
        Just(Command::StartTls),
        (mechanism(), proptest::option::of(initial_response())).prop_map(
            |(mechanism, initial_response)| Command::Auth {
                mechanism,
                initial_response,
            }
        ),
        ("X[A-Za-z0-9-]{0,8}", proptest::option::of(text())).prop_map(|(verb, arguments)| {
            Command::Unknown {
                verb: verb.into(),
                arguments,
            }
        }),
    ]
}

fn session() -> impl Strategy<Value = (bool, bool, Command<'static>)> {
    (any::<bool>(), any::<bool>())
        .prop_flat_map(|(utf8, lmtp)| (Just(utf8), Just(lmtp), command(utf8, lmtp)))
}

/// Every combination of the options, for the no-panic properties.
fn all_options() -> Vec<ParseOptions> {
    let mut v = Vec::new();
    for lenient in [false, true] {
        for utf8 in [false, true] {
            for lmtp in [false, true] {
                let base = if lenient {
                    ParseOptions::lenient()
                } else {
                    ParseOptions::new().with_space_after_colon(false)
                };
                v.push(base.with_smtputf8(utf8).with_lmtp(lmtp));
            }
        }
    }
    v
}

/// Encodes a command that the parser produced and checks that it reads back the same.
fn reencode(cmd: &Command<'_>, opts: &ParseOptions) {
    let mut line = Vec::new();
    match cmd.encode_with_limit(&mut line, usize::MAX) {
        Ok(()) => {
            assert!(line.ends_with(b"\r\n"));
            let text = &line[..line.len() - 2];
            assert!(!text.iter().any(|&b| b < 0x20 || b == 0x7f));
            let again = Command::parse(text, opts).unwrap();
            assert_eq!(&again, cmd);
        }
        // Only HELO / EHLO in LMTP and LHLO in SMTP come back as Unknown with a known verb.
        Err(e) => {
            assert_eq!(e, EncodeError::Reserved { element: "verb" });
            assert!(matches!(cmd, Command::Unknown { .. }));
        }
    }
}

/// Lines that start like commands, to reach deep into the parsers.
fn command_like() -> impl Strategy<Value = Vec<u8>> {
    let head = prop_oneof![
        Just("MAIL FROM:"),
        Just("RCPT TO:"),
        Just("mail from: "),
        Just("EHLO "),
        Just("LHLO "),
        Just("AUTH "),
        Just("BDAT "),
        Just("VRFY "),
        Just("NOOP "),
        Just("DATA"),
        Just("X-CMD "),
    ];
    let tail = proptest::collection::vec(
        prop_oneof![
            Just("<a@b.c>".to_owned()),
            Just(" ".to_owned()),
            Just("=".to_owned()),
            Just("SIZE=12".to_owned()),
            Just("BODY=8bitmime".to_owned()),
            Just("NOTIFY=SUCCESS,DELAY".to_owned()),
            Just("ORCPT=rfc822;x+2By@z".to_owned()),
            Just("HOLDUNTIL=2026-01-01T00:00:00Z".to_owned()),
            Just("BY=10;RT".to_owned()),
            Just("SMTPUTF8".to_owned()),
            Just("LAST".to_owned()),
            "[ -~]{1,6}",
            "[^\r\n]{1,3}",
        ],
        0..8,
    );
    (head, tail).prop_map(|(h, t)| {
        let mut v = h.as_bytes().to_vec();
        v.extend(t.concat().into_bytes());
        v
    })
}

proptest! {
    #[test]
    fn round_trip((utf8, lmtp, cmd) in session()) {
        let opts = ParseOptions::new().with_smtputf8(utf8).with_lmtp(lmtp);
        let mut line = Vec::new();
        cmd.encode_with_limit(&mut line, usize::MAX).unwrap();
        prop_assert!(line.ends_with(b"\r\n"));
        let text = &line[..line.len() - 2];
        prop_assert!(!text.iter().any(|&b| b < 0x20 || b == 0x7f));
        let parsed = Command::parse(text, &opts).unwrap();
        prop_assert_eq!(&parsed, &cmd);
        prop_assert_eq!(parsed.clone().into_owned(), cmd.clone());
        // The default limit either holds or is reported, never silently broken.
        match cmd.to_bytes() {
            Ok(bytes) => {
                prop_assert_eq!(&bytes, &line);
                prop_assert!(bytes.len() <= cmd.line_limit());
            }
            Err(EncodeError::LineTooLong { len, limit }) => {
                prop_assert_eq!(len, line.len());
                prop_assert_eq!(limit, cmd.line_limit());
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    #[test]
    fn lenient_parse_of_canonical_lines((utf8, lmtp, cmd) in session()) {
        // What the strict parser reads, the lenient one reads the same way, except client
        // names that lax_underscore turns into domains.
        let line = cmd.to_bytes().unwrap_or_else(|_| {
            let mut v = Vec::new();
            cmd.encode_with_limit(&mut v, usize::MAX).unwrap();
            v
        });
        let lax = ParseOptions::lenient().with_smtputf8(utf8).with_lmtp(lmtp);
        let parsed = Command::parse(&line[..line.len() - 2], &lax).unwrap();
        if !matches!(cmd, Command::Helo { .. } | Command::Ehlo { .. } | Command::Lhlo { .. }) {
            prop_assert_eq!(parsed, cmd);
        }
    }

    #[test]
    fn no_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        for opts in all_options() {
            match Command::parse(&bytes, &opts) {
                Ok(cmd) => reencode(&cmd, &opts),
                Err(e) => {
                    prop_assert!(e.offset() <= bytes.len());
                    prop_assert!((500..=555).contains(&e.reply_code()));
                }
            }
        }
    }

    #[test]
    fn no_panic_on_command_like_lines(bytes in command_like()) {
        for opts in all_options() {
            match Command::parse(&bytes, &opts) {
                Ok(cmd) => reencode(&cmd, &opts),
                Err(e) => {
                    prop_assert!(e.offset() <= bytes.len());
                    let _ = e.to_string();
                }
            }
        }
    }
}
