//! The MIME tree: RFC 2046 §5.1 boundary rules, RFC 2049 Appendix A, defects and limits.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_message::{DefectKind, LimitError, Limits, Message, Part};

/// Turns LF line ends into CRLF (the RFC examples are written with LF here).
fn crlf(s: &str) -> Vec<u8> {
    s.replace('\n', "\r\n").into_bytes()
}

fn kinds(m: &Message<'_>) -> Vec<DefectKind> {
    m.defects().iter().map(|d| d.kind).collect()
}

fn ct(p: &Part<'_>) -> String {
    let ct = p.content_type();
    format!("{}/{}", ct.media_type, ct.subtype).to_ascii_lowercase()
}

/// `(section, content type)` of every leaf part.
fn leaves(m: &Message<'_>) -> Vec<(String, String)> {
    m.leaf_parts()
        .map(|p| (p.section().to_string(), ct(&p)))
        .collect()
}

const RFC2046_SIMPLE: &str = "From: Nathaniel Borenstein <nsb@bellcore.com>
To: Ned Freed <ned@innosoft.com>
Date: Sun, 21 Mar 1993 23:56:48 -0800 (PST)
Subject: Sample message
MIME-Version: 1.0
Content-type: multipart/mixed; boundary=\"simple boundary\"

This is the preamble.  It is to be ignored, though it
is a handy place for composition agents to include an
explanatory note to non-MIME conformant readers.

--simple boundary

This is implicitly typed plain US-ASCII text.
It does NOT end with a linebreak.
--simple boundary
Content-type: text/plain; charset=us-ascii

This is explicitly typed plain US-ASCII text.
It DOES end with a linebreak.

--simple boundary--

This is the epilogue.  It is also to be ignored.
";

#[test]
fn rfc2046_simple_boundary_example() {
    let data = crlf(RFC2046_SIMPLE);
    let m = Message::parse(&data).unwrap();
    assert!(m.defects().is_empty(), "{:?}", m.defects());
    let root = m.root();
    assert!(root.is_multipart());
    assert_eq!(root.headers().len(), 6);
    assert_eq!(
        root.preamble().unwrap(),
        b"This is the preamble.  It is to be ignored, though it\r\nis a handy place for composition agents to include an\r\nexplanatory note to non-MIME conformant readers.\r\n"
    );
    let parts: Vec<_> = root.children().collect();
    assert_eq!(parts.len(), 2);
    assert!(parts[0].headers().is_empty());
    assert_eq!(
        parts[0].raw_body(),
        b"This is implicitly typed plain US-ASCII text.\r\nIt does NOT end with a linebreak."
    );
    assert_eq!(ct(&parts[0]), "text/plain");
    assert_eq!(parts[0].content_type().charset(), Some("us-ascii"));
    assert_eq!(parts[1].headers().len(), 1);
    assert_eq!(
        parts[1].raw_body(),
        b"This is explicitly typed plain US-ASCII text.\r\nIt DOES end with a linebreak.\r\n"
    );
    assert_eq!(
        root.epilogue().unwrap(),
        b"\r\nThis is the epilogue.  It is also to be ignored.\r\n"
    );
    assert_eq!(
        leaves(&m),
        [
            ("1".into(), "text/plain".into()),
            ("2".into(), "text/plain".into())
        ]
    );
    // The same message with bare LF line ends has the same structure.
    let m = Message::parse(RFC2046_SIMPLE.as_bytes()).unwrap();
    assert!(m.defects().is_empty());
    let parts: Vec<_> = m.root().children().collect();
    assert_eq!(
        parts[0].raw_body(),
        b"This is implicitly typed plain US-ASCII text.\nIt does NOT end with a linebreak."
    );
}

const RFC2049_COMPLEX: &str = "MIME-Version: 1.0
From: Nathaniel Borenstein <nsb@nsb.fv.com>
To: Ned Freed <ned@innosoft.com>
Date: Fri, 07 Oct 1994 16:15:05 -0700 (PDT)
Subject: A multipart example
Content-Type: multipart/mixed;
              boundary=unique-boundary-1

This is the preamble area of a multipart message.
Mail readers that understand multipart format
should ignore this preamble.

If you are reading this text, you might want to
consider changing to a mail reader that understands
how to properly display multipart messages.

--unique-boundary-1

  ... Some text appears here ...

[Note that the blank between the boundary and the start
 of the text in this part means no header fields were
 given and this is text in the US-ASCII character set.
 It could have been done with explicit typing as in the
 next part.]

--unique-boundary-1
Content-type: text/plain; charset=US-ASCII

This could have been part of the previous part, but
illustrates explicit versus implicit typing of body
parts.

--unique-boundary-1
Content-Type: multipart/parallel; boundary=unique-boundary-2

--unique-boundary-2
Content-Type: audio/basic
Content-Transfer-Encoding: base64

  ... base64-encoded 8000 Hz single-channel
      mu-law-format audio data goes here ...

--unique-boundary-2
Content-Type: image/jpeg
Content-Transfer-Encoding: base64

  ... base64-encoded image data goes here ...

--unique-boundary-2--

--unique-boundary-1
Content-type: text/enriched

This is <bold><italic>enriched.</italic></bold>
<smaller>as defined in RFC 1896</smaller>

Isn't it
<bigger><bigger>cool?</bigger></bigger>

--unique-boundary-1
Content-Type: message/rfc822

From: (mailbox in US-ASCII)
To: (address in US-ASCII)
Subject: (subject in US-ASCII)
Content-Type: Text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: Quoted-printable

  ... Additional text in ISO-8859-1 goes here ...

--unique-boundary-1--
";

#[test]
fn rfc2049_complex_multipart_example() {
    let data = crlf(RFC2049_COMPLEX);
    let m = Message::parse(&data).unwrap();
    assert!(m.defects().is_empty(), "{:?}", m.defects());
    assert_eq!(
        leaves(&m),
        [
            ("1".into(), "text/plain".into()),
            ("2".into(), "text/plain".into()),
            ("3.1".into(), "audio/basic".into()),
            ("3.2".into(), "image/jpeg".into()),
            ("4".into(), "text/enriched".into()),
            ("5.1".into(), "text/plain".into()),
        ]
    );
    let all: Vec<_> = m
        .parts()
        .map(|p| (p.section().to_string(), ct(&p), p.depth()))
        .collect();
    assert_eq!(
        all,
        [
            ("".into(), "multipart/mixed".into(), 0),
            ("1".into(), "text/plain".into(), 1),
            ("2".into(), "text/plain".into(), 1),
            ("3".into(), "multipart/parallel".into(), 1),
            ("3.1".into(), "audio/basic".into(), 2),
            ("3.2".into(), "image/jpeg".into(), 2),
            ("4".into(), "text/enriched".into(), 1),
            ("5".into(), "message/rfc822".into(), 1),
            ("5.1".into(), "text/plain".into(), 2),
        ]
    );
    let parallel = m.root().children().nth(2).unwrap();
    assert_eq!(parallel.preamble().unwrap(), b"");
    assert_eq!(parallel.epilogue().unwrap(), b"");
    let image = parallel.children().nth(1).unwrap();
    assert_eq!(
        image.raw_body(),
        b"  ... base64-encoded image data goes here ...\r\n"
    );
    let rfc822 = m.root().children().nth(4).unwrap();
    assert!(rfc822.is_message());
    let inner = rfc822.message().unwrap();
    assert_eq!(inner.headers().len(), 5);
    assert_eq!(
        inner.headers().get("subject").unwrap().raw_value(),
        b" (subject in US-ASCII)"
    );
    assert_eq!(
        inner.raw_body(),
        b"  ... Additional text in ISO-8859-1 goes here ...\r\n"
    );
    assert_eq!(inner.parent().unwrap().section().to_string(), "5");
    // The epilogue of the outer multipart is empty: the message ends after the close delimiter.
    assert_eq!(m.root().epilogue().unwrap(), b"");
}

#[test]
fn non_multipart_message_is_part_one() {
    let m = Message::parse(b"Subject: x\r\n\r\nhello\r\n").unwrap();
    assert_eq!(leaves(&m), [("1".into(), "text/plain".into())]);
    assert_eq!(m.body(), b"hello\r\n");
    assert!(m.root().children().next().is_none());
    assert!(m.root().preamble().is_none());
}

#[test]
fn missing_close_delimiter() {
    let data = crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b\n\ntwo\n");
    let m = Message::parse(&data).unwrap();
    assert_eq!(kinds(&m), [DefectKind::CloseBoundaryNotFound]);
    let parts: Vec<_> = m.root().children().collect();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].raw_body(), b"one");
    assert_eq!(parts[1].raw_body(), b"two\r\n");
    assert_eq!(m.root().epilogue(), None);
}

#[test]
fn outer_delimiter_ends_unterminated_inner_multipart() {
    let data = crlf(
        "Content-Type: multipart/mixed; boundary=outer\n\n--outer\nContent-Type: multipart/alternative; boundary=inner\n\n--inner\n\na\n--outer\n\nb\n--outer--\n",
    );
    let m = Message::parse(&data).unwrap();
    assert_eq!(kinds(&m), [DefectKind::CloseBoundaryNotFound]);
    assert_eq!(
        leaves(&m),
        [
            ("1.1".into(), "text/plain".into()),
            ("2".into(), "text/plain".into())
        ]
    );
    let inner = m.root().children().next().unwrap();
    assert_eq!(inner.children().next().unwrap().raw_body(), b"a");
    assert_eq!(m.root().children().nth(1).unwrap().raw_body(), b"b");
}

#[test]
fn innermost_boundary_wins() {
    // Both multiparts use the same boundary: the inner one takes every delimiter until its own
    // close delimiter; then the outer one continues.
    let data = crlf(
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\ninner1\n--b\n\ninner2\n--b--\n--b\n\nouter2\n--b--\n",
    );
    let m = Message::parse(&data).unwrap();
    assert!(m.defects().is_empty(), "{:?}", m.defects());
    let bodies: Vec<_> = m
        .leaf_parts()
        .map(|p| (p.section().to_string(), p.raw_body().to_vec()))
        .collect();
    assert_eq!(
        bodies,
        [
            ("1.1".into(), b"inner1".to_vec()),
            ("1.2".into(), b"inner2".to_vec()),
            ("2".into(), b"outer2".to_vec())
        ]
    );
}

#[test]
fn boundary_that_extends_another_is_not_confused() {
    let data = crlf(
        "Content-Type: multipart/mixed; boundary=abc\n\n--abc\nContent-Type: multipart/mixed; boundary=abcdef\n\n--abcdef\n\nx\n--abcdef--\n--abc\n\ny\n--abc--\n",
    );
    let m = Message::parse(&data).unwrap();
    assert!(m.defects().is_empty(), "{:?}", m.defects());
    let bodies: Vec<_> = m.leaf_parts().map(|p| p.raw_body().to_vec()).collect();
    assert_eq!(bodies, [b"x".to_vec(), b"y".to_vec()]);
}

#[test]
fn delimiters_only_at_line_start_with_padding_allowed() {
    let data = crlf(
        "Content-Type: multipart/mixed; boundary=b\n\n--b \t\n\nx --b\n--bx\n--b--y\n--b--  \n",
    );
    let m = Message::parse(&data).unwrap();
    assert!(m.defects().is_empty(), "{:?}", m.defects());
    let part = m.root().children().next().unwrap();
    assert_eq!(part.raw_body(), b"x --b\r\n--bx\r\n--b--y");
}

#[test]
fn multipart_without_boundary_is_a_leaf() {
    let m = Message::parse(b"Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\nbody\r\n").unwrap();
    assert_eq!(kinds(&m), [DefectKind::MultipartWithoutBoundary]);
    assert!(m.root().is_leaf());
    assert_eq!(leaves(&m), [("1".into(), "multipart/mixed".into())]);
}

#[test]
fn start_boundary_not_found() {
    let m = Message::parse(b"Content-Type: multipart/mixed; boundary=zz\r\n\r\nno parts here\r\n")
        .unwrap();
    assert_eq!(kinds(&m), [DefectKind::StartBoundaryNotFound]);
    assert!(m.root().is_multipart());
    assert_eq!(m.root().children().count(), 0);
    assert_eq!(m.root().preamble().unwrap(), b"no parts here\r\n");
}

#[test]
fn digest_parts_default_to_message_rfc822() {
    let data = crlf(
        "Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\n\nbody one\n--d\nContent-Type: text/plain\n\nplain\n--d--\n",
    );
    let m = Message::parse(&data).unwrap();
    assert!(m.defects().is_empty(), "{:?}", m.defects());
    assert_eq!(
        leaves(&m),
        [
            ("1.1".into(), "text/plain".into()),
            ("2".into(), "text/plain".into())
        ]
    );
    let first = m.root().children().next().unwrap();
    assert_eq!(ct(&first), "message/rfc822");
    assert_eq!(
        first
            .message()
            .unwrap()
            .headers()
            .get("subject")
            .unwrap()
            .raw_value(),
        b" one"
    );
}

#[test]
fn encoded_composite_is_a_leaf_with_defect() {
    let data = crlf(
        "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nU3ViamVjdDogeA0KDQpoaQ==\n",
    );
    let m = Message::parse(&data).unwrap();
    assert_eq!(kinds(&m), [DefectKind::InvalidCompositeEncoding]);
    assert!(m.root().is_leaf());
    // message/global may be encoded (RFC 6532 §3.5): a leaf, but no defect.
    let data = crlf(
        "Content-Type: message/global\nContent-Transfer-Encoding: base64\n\nU3ViamVjdDogeA0KDQpoaQ==\n",
    );
    let m = Message::parse(&data).unwrap();
    assert!(m.defects().is_empty());
    assert!(m.root().is_leaf());
}

#[test]
fn delimiter_inside_part_header_section() {
    let data = crlf(
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n--b\n\nsecond\n--b--\n",
    );
    let m = Message::parse(&data).unwrap();
    assert_eq!(kinds(&m), [DefectKind::MissingHeaderBodySeparator]);
    let parts: Vec<_> = m.root().children().collect();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].headers().len(), 1);
    assert_eq!(parts[0].raw_body(), b"");
    assert_eq!(parts[1].raw_body(), b"second");
}

fn nested_multiparts(depth: usize) -> Vec<u8> {
    let mut s = String::new();
    for i in 0..depth {
        s.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n"
        ));
    }
    s.push_str("\nleaf\n");
    for i in (0..depth).rev() {
        s.push_str(&format!("--b{i}--\n"));
    }
    crlf(&s)
}

#[test]
fn nesting_limit() {
    // 64 nested multiparts put the leaf at depth 64: allowed.
    let data = nested_multiparts(64);
    let m = Message::parse(&data).unwrap();
    assert!(m.defects().is_empty());
    let leaf = m.leaf_parts().next().unwrap();
    assert_eq!(leaf.depth(), 64);
    assert_eq!(leaf.raw_body(), b"leaf");
    assert_eq!(leaf.section().0, vec![1; 64]);
    // One more is too deep.
    let data = nested_multiparts(65);
    assert!(matches!(
        Message::parse(&data),
        Err(LimitError::NestingTooDeep { limit: 64, .. })
    ));
    // Encapsulated messages count as nesting too.
    let mut s = String::new();
    for _ in 0..70 {
        s.push_str("Content-Type: message/rfc822\n\n");
    }
    assert!(matches!(
        Message::parse(s.as_bytes()),
        Err(LimitError::NestingTooDeep { limit: 64, .. })
    ));
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    assert!(Message::parse_with_limits(&nested_multiparts(3), &limits).is_ok());
    assert_eq!(
        Message::parse_with_limits(&nested_multiparts(4), &limits).unwrap_err(),
        LimitError::NestingTooDeep {
            limit: 3,
            offset: 4 * 52
        }
    );
}

#[test]
fn parts_limit() {
    let mut s = String::from("Content-Type: multipart/mixed; boundary=b\n\n");
    for _ in 0..9_999 {
        s.push_str("--b\n\nx\n");
    }
    s.push_str("--b--\n");
    let m = Message::parse(s.as_bytes()).unwrap();
    assert_eq!(m.parts().count(), 10_000);
    let mut more = s.replace("--b--\n", "");
    more.push_str("--b\n\nx\n--b--\n");
    assert!(matches!(
        Message::parse(more.as_bytes()),
        Err(LimitError::TooManyParts { limit: 10_000, .. })
    ));
}

#[test]
fn into_owned_keeps_everything() {
    let data = crlf(RFC2049_COMPLEX);
    let owned = {
        #[allow(clippy::redundant_clone)]
        // A copy whose borrow ends here, to prove into_owned detaches.
        let copy = data.clone();
        Message::parse(&copy).unwrap().into_owned()
    };
    assert_eq!(owned.as_bytes(), &data[..]);
    assert_eq!(leaves(&owned).len(), 6);
    let parsed = Message::parse_owned(data, &Limits::default()).unwrap();
    assert_eq!(leaves(&parsed), leaves(&owned));
}

#[test]
fn raw_fields_reassemble_the_header_section() {
    let data = crlf(RFC2049_COMPLEX);
    let m = Message::parse(&data).unwrap();
    let mut joined = Vec::new();
    for f in m.headers().iter() {
        assert_eq!(&data[f.offset()..f.offset() + f.raw().len()], f.raw());
        joined.extend_from_slice(f.raw());
    }
    let body_at = m.root().body_offset();
    assert_eq!(joined, &data[..body_at - 2]);
    let ct = m.header("CONTENT-TYPE").unwrap();
    assert_eq!(ct.name(), "Content-Type");
    assert_eq!(
        ct.raw_value(),
        b" multipart/mixed;\r\n              boundary=unique-boundary-1"
    );
    assert_eq!(
        ct.unfolded_value().as_ref(),
        b"multipart/mixed;              boundary=unique-boundary-1"
    );
}
