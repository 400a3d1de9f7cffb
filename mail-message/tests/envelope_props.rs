//! Properties of the SMTP envelope codec: `parse(encode(x)) == x` for generated valid values,
//! safe output, no panic on arbitrary bytes, and prefix parsing that accounts for every byte.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::net::{Ipv4Addr, Ipv6Addr};

use mail_message::envelope::{
    AddressLiteral, Domain, Envelope, EnvelopeOptions, EsmtpKeyword, EsmtpParameter,
    EsmtpParameters, EsmtpValue, ForwardPath, GeneralAddressLiteral, Host, LocalPart, Mailbox,
    Recipient, ReversePath, decode_xtext, encode_xtext, parse_parameters,
};
use proptest::prelude::*;

const ASCII: EnvelopeOptions = EnvelopeOptions::new();
const UTF8: EnvelopeOptions = EnvelopeOptions::new().with_smtputf8(true);

/// Every combination of the switches, for the no-panic properties.
fn all_options() -> Vec<EnvelopeOptions> {
    let mut v = Vec::new();
    for utf8 in [false, true] {
        for lax in [false, true] {
            let base = if lax {
                EnvelopeOptions::lenient()
            } else {
                EnvelopeOptions::new()
            };
            v.push(base.with_smtputf8(utf8));
        }
    }
    v
}

// ---- strategies for valid values -------------------------------------------------------------

/// Non-ASCII characters of several widths (none a C1 control).
const UTF8_CHARS: &[char] = &['é', 'ö', 'ß', 'θ', 'Ж', '日', '本', '€', '😀', '\u{a0}'];

fn content_char(utf8: bool) -> BoxedStrategy<char> {
    let ascii = prop_oneof![
        4 => proptest::char::range('a', 'z'),
        1 => proptest::char::range(' ', '~'),
        1 => proptest::sample::select(vec!['"', '\\', ' ', '.', '@', '<', '>']),
    ];
    if utf8 {
        prop_oneof![4 => ascii, 1 => proptest::sample::select(UTF8_CHARS)].boxed()
    } else {
        ascii.boxed()
    }
}

fn local_part(utf8: bool) -> impl Strategy<Value = LocalPart<'static>> {
    let opts = if utf8 { UTF8 } else { ASCII };
    let dot_string = proptest::collection::vec("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,8}", 1..4)
        .prop_map(|atoms| atoms.join("."));
    let any = proptest::collection::vec(content_char(utf8), 0..40).prop_map(String::from_iter);
    prop_oneof![dot_string, any].prop_filter_map("too long", move |s| LocalPart::new(s, opts).ok())
}

fn label(utf8: bool) -> BoxedStrategy<String> {
    let ldh = "[A-Za-z0-9]([A-Za-z0-9-]{0,12}[A-Za-z0-9])?".boxed();
    if utf8 {
        let u = proptest::collection::vec(
            prop_oneof![
                proptest::char::range('a', 'z'),
                proptest::sample::select(&['é', 'ö', 'θ', 'ж', '日', '本'][..])
            ],
            1..10,
        )
        .prop_map(String::from_iter);
        prop_oneof![ldh, u].boxed()
    } else {
        ldh
    }
}

fn domain(utf8: bool) -> impl Strategy<Value = Domain<'static>> {
    let opts = if utf8 { UTF8 } else { ASCII };
    proptest::collection::vec(label(utf8), 1..5).prop_filter_map("invalid", move |labels| {
        Domain::new(labels.join("."), opts).ok()
    })
}

fn ipv6() -> impl Strategy<Value = Ipv6Addr> {
    // Many zero groups, so that every "::" position and the IPv4-mapped form come up.
    let group = prop_oneof![2 => Just(0u16), 1 => Just(0xffff), 3 => any::<u16>()];
    proptest::array::uniform8(group).prop_map(Ipv6Addr::from)
}

fn address_literal() -> impl Strategy<Value = AddressLiteral<'static>> {
    prop_oneof![
        any::<u32>().prop_map(|a| AddressLiteral::Ipv4(Ipv4Addr::from(a))),
        ipv6().prop_map(AddressLiteral::Ipv6),
        any::<Ipv4Addr>().prop_map(|a| AddressLiteral::Ipv6(a.to_ipv6_mapped())),
        ("[A-Za-z0-9-]{0,6}[A-Za-z0-9]", "[!-Z^-~]{1,30}").prop_filter_map(
            "IPv6 tag",
            |(tag, content)| GeneralAddressLiteral::new(tag, content)
                .ok()
                .map(AddressLiteral::General)
        ),
    ]
}

fn host(utf8: bool) -> impl Strategy<Value = Host<'static>> {
    prop_oneof![
        3 => domain(utf8).prop_map(Host::Domain),
        1 => address_literal().prop_map(Host::AddressLiteral),
    ]
}

fn mailbox(utf8: bool) -> impl Strategy<Value = Mailbox<'static>> {
    (local_part(utf8), host(utf8)).prop_filter_map("too long", |(l, h)| Mailbox::new(l, h).ok())
}

fn reverse_path(utf8: bool) -> impl Strategy<Value = ReversePath<'static>> {
    prop_oneof![1 => Just(ReversePath::Null), 5 => mailbox(utf8).prop_map(ReversePath::Mailbox)]
}

fn forward_path(utf8: bool) -> impl Strategy<Value = ForwardPath<'static>> {
    prop_oneof![1 => Just(ForwardPath::Postmaster), 5 => mailbox(utf8).prop_map(ForwardPath::Mailbox)]
}

fn parameter(utf8: bool) -> impl Strategy<Value = EsmtpParameter<'static>> {
    let opts = if utf8 { UTF8 } else { ASCII };
    let value = if utf8 {
        proptest::collection::vec(
            prop_oneof![4 => proptest::char::range('!', '<'), 4 => proptest::char::range('>', '~'),
                        1 => proptest::sample::select(UTF8_CHARS)],
            1..16,
        )
        .prop_map(String::from_iter)
        .boxed()
    } else {
        "[!-<>-~]{1,16}".boxed()
    };
    ("[A-Za-z0-9][A-Za-z0-9-]{0,8}", proptest::option::of(value)).prop_filter_map(
        "invalid",
        move |(k, v)| {
            let value = match v {
                Some(v) => Some(EsmtpValue::new(v, opts).ok()?),
                None => None,
            };
            Some(EsmtpParameter::new(EsmtpKeyword::new(k).ok()?, value))
        },
    )
}

fn parameters(utf8: bool) -> impl Strategy<Value = EsmtpParameters<'static>> {
    proptest::collection::vec(parameter(utf8), 0..5).prop_map(EsmtpParameters::from)
}

fn envelope(utf8: bool) -> impl Strategy<Value = Envelope<'static>> {
    let rcpt =
        (forward_path(utf8), parameters(utf8)).prop_map(|(forward_path, parameters)| Recipient {
            forward_path,
            parameters,
        });
    (
        reverse_path(utf8),
        parameters(utf8),
        proptest::collection::vec(rcpt, 0..4),
    )
        .prop_map(|(reverse_path, mail_parameters, recipients)| Envelope {
            reverse_path,
            mail_parameters,
            recipients,
        })
}

/// The wire form never holds a control character (C0, DEL or C1).
fn assert_safe(s: &str) {
    assert!(
        !s.chars().any(|c| c.is_control()),
        "control character in {s:?}"
    );
}

/// Bytes drawn mostly from the characters the grammar cares about.
fn envelope_bytes() -> impl Strategy<Value = Vec<u8>> {
    let alphabet: Vec<u8> = b"<>@.:,[]\"\\ =+-_aZ09PostmaIPv6\r\n\0\x7f\xc3\xa9\x85\xff".to_vec();
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..80),
        1 => proptest::collection::vec(proptest::sample::select(alphabet.clone()), 0..80),
        2 => mutated_argument(alphabet),
    ]
}

/// A valid `MAIL` or `RCPT` argument with a few bytes replaced, inserted or removed, so that
/// the parsers get deep before they meet the damage (and often succeed).
fn mutated_argument(alphabet: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let edit = (
        any::<prop::sample::Index>(),
        0u8..3,
        proptest::sample::select(alphabet),
    );
    (envelope(true), proptest::collection::vec(edit, 0..3)).prop_map(|(e, edits)| {
        let mut bytes = match e.recipients.first() {
            Some(r) => r.to_string().into_bytes(),
            None => e.mail_argument().to_string().into_bytes(),
        };
        for (at, op, b) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 if i < bytes.len() => bytes[i] = b,
                1 => bytes.insert(i, b),
                _ if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ => {}
            }
        }
        bytes
    })
}

// ---- properties ----------------------------------------------------------------------------

proptest! {
    #[test]
    fn mailbox_round_trips(utf8 in any::<bool>(), m in mailbox(false), mu in mailbox(true)) {
        let (m, opts) = if utf8 { (mu, UTF8) } else { (m, ASCII) };
        let wire = m.to_string();
        assert_safe(&wire);
        prop_assert_eq!(wire.len(), m.encoded_len());
        prop_assert!(wire.len() <= 254);
        prop_assert_eq!(Mailbox::parse(wire.as_bytes(), opts), Ok(m.clone()));
        // The parts round-trip on their own too.
        let lp = m.local_part();
        let lp_wire = lp.to_string();
        prop_assert_eq!(LocalPart::parse(lp_wire.as_bytes(), opts), Ok(lp.clone()));
        prop_assert_eq!(lp.to_string().len(), lp.encoded_len());
        prop_assert!(lp.encoded_len() <= 64);
        let host_wire = m.host().to_string();
        prop_assert_eq!(Host::parse(host_wire.as_bytes(), opts), Ok(m.host().clone()));
        // A value that is not ASCII is refused without SMTPUTF8.
        prop_assert_eq!(Mailbox::parse(wire.as_bytes(), ASCII).is_ok(), m.is_ascii());
    }

    #[test]
    fn paths_round_trip(utf8 in any::<bool>(), r in reverse_path(true), f in forward_path(true),
                        ra in reverse_path(false), fa in forward_path(false)) {
        let (r, f, opts) = if utf8 { (r, f, UTF8) } else { (ra, fa, ASCII) };
        let (rw, fw) = (r.to_string(), f.to_string());
        assert_safe(&rw);
        assert_safe(&fw);
        prop_assert!(rw.len() <= 256 && fw.len() <= 256);
        prop_assert_eq!(ReversePath::parse(rw.as_bytes(), opts), Ok(r));
        prop_assert_eq!(ForwardPath::parse(fw.as_bytes(), opts), Ok(f));
    }

    #[test]
    fn address_literals_round_trip(a in address_literal()) {
        let wire = a.to_string();
        assert_safe(&wire);
        prop_assert_eq!(wire.len(), a.encoded_len());
        prop_assert_eq!(AddressLiteral::parse(wire.as_bytes()), Ok(a));
    }

    #[test]
    fn envelopes_round_trip(utf8 in any::<bool>(), e in envelope(true), ea in envelope(false)) {
        let (e, opts) = if utf8 { (e, UTF8) } else { (ea, ASCII) };
        let mail = e.mail_argument().to_string();
        assert_safe(&mail);
        let mut parsed = Envelope::parse_mail_argument(mail.as_bytes(), opts).unwrap();
        let rcpts: Vec<String> = e.recipients.iter().map(ToString::to_string).collect();
        for r in &rcpts {
            assert_safe(r);
            parsed.recipients.push(Recipient::parse(r.as_bytes(), opts).unwrap());
        }
        prop_assert_eq!(&parsed, &e);
        let params_wire = e.mail_parameters.to_string();
        prop_assert_eq!(EsmtpParameters::parse(params_wire.as_bytes(), opts),
                        Ok(e.mail_parameters.clone()));
        if !e.requires_smtputf8() {
            prop_assert!(Envelope::parse_mail_argument(mail.as_bytes(), ASCII).is_ok());
        }
    }

    #[test]
    fn xtext_round_trips(octets in proptest::collection::vec(any::<u8>(), 0..64)) {
        let text = encode_xtext(&octets);
        prop_assert!(text.bytes().all(|b| b.is_ascii_graphic() && b != b'='));
        let decoded = decode_xtext(text.as_bytes()).unwrap();
        prop_assert_eq!(decoded.as_ref(), &octets[..]);
        if let Some(value) = EsmtpValue::from_xtext(&octets) {
            prop_assert_eq!(EsmtpValue::new(value.as_str().to_owned(), ASCII), Ok(value.clone().into_owned()));
            let decoded = value.decode_xtext().unwrap();
            prop_assert_eq!(decoded.as_ref(), &octets[..]);
        }
    }

    #[test]
    fn no_panic_and_consistent_on_arbitrary_bytes(input in envelope_bytes()) {
        for opts in all_options() {
            let _ = Domain::parse(&input, opts);
            let _ = LocalPart::parse(&input, opts);
            let _ = AddressLiteral::parse(&input);
            let _ = EsmtpParameters::parse(&input, opts);
            let _ = decode_xtext(&input);
            if let Ok(p) = parse_parameters(&input, opts) {
                let wire = p.to_string();
                assert_safe(&wire);
                prop_assert_eq!(EsmtpParameters::parse(wire.as_bytes(), opts), Ok(p));
            }
            if let Ok(m) = Mailbox::parse(&input, opts) {
                let wire = m.to_string();
                assert_safe(&wire);
                prop_assert_eq!(Mailbox::parse(wire.as_bytes(), opts), Ok(m));
            }
            if let Ok(r) = Recipient::parse(&input, opts) {
                let wire = r.to_string();
                assert_safe(&wire);
                prop_assert_eq!(Recipient::parse(wire.as_bytes(), opts), Ok(r));
            }
            if let Ok(e) = Envelope::parse_mail_argument(&input, opts) {
                let wire = e.mail_argument().to_string();
                assert_safe(&wire);
                prop_assert_eq!(Envelope::parse_mail_argument(wire.as_bytes(), opts), Ok(e));
            }
        }
    }

    #[test]
    fn prefix_and_rest_reassemble(input in envelope_bytes(), tail in envelope_bytes()) {
        // A valid path followed by anything: the prefix parse takes exactly the path.
        let line: Vec<u8> = [&input[..], &tail[..]].concat();
        for opts in all_options() {
            if let Ok((path, rest)) = ReversePath::parse_prefix(&line, opts) {
                prop_assert!(line.ends_with(rest));
                let taken = &line[..line.len() - rest.len()];
                prop_assert_eq!(ReversePath::parse(taken, opts), Ok(path.clone()));
                prop_assert!(path.to_string().len() <= 256);
                if !opts.lax_dot_string && !opts.lax_brackets {
                    // Minimal quoting and canonical addresses never write more than was sent.
                    prop_assert!(path.to_string().len() <= taken.len());
                }
            }
            if let Ok((path, rest)) = ForwardPath::parse_prefix(&line, opts) {
                prop_assert!(line.ends_with(rest));
                let taken = &line[..line.len() - rest.len()];
                prop_assert_eq!(ForwardPath::parse(taken, opts), Ok(path.clone()));
                let wire = path.to_string();
                prop_assert_eq!(ForwardPath::parse(wire.as_bytes(), opts), Ok(path));
            }
            if let Ok((m, rest)) = Mailbox::parse_prefix(&line, opts) {
                prop_assert!(line.ends_with(rest));
                prop_assert_eq!(Mailbox::parse(&line[..line.len() - rest.len()], opts), Ok(m));
            }
            if let Ok((h, rest)) = Host::parse_prefix(&line, opts) {
                prop_assert!(line.ends_with(rest));
                prop_assert_eq!(Host::parse(&line[..line.len() - rest.len()], opts), Ok(h));
            }
        }
    }

    #[test]
    fn valid_path_then_parameters(utf8 in any::<bool>(), f in forward_path(true), fa in forward_path(false),
                                  p in parameters(false)) {
        let (f, opts) = if utf8 { (f, UTF8) } else { (fa, ASCII) };
        let params = if p.is_empty() { String::new() } else { format!(" {p}") };
        let line = format!("{f}{params}");
        let (path, rest) = ForwardPath::parse_prefix(line.as_bytes(), opts).unwrap();
        prop_assert_eq!(path, f);
        prop_assert_eq!(rest, params.as_bytes());
        prop_assert_eq!(parse_parameters(rest, opts), Ok(p));
    }
}
