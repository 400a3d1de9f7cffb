//! DATA and BDAT codecs of smtp-proto on arbitrary bytes: the Unstuffer never panics, gives the
//! same content, report (long lines included) and end position however its input is split, and
//! ends only at CRLF "." CRLF; the Stuffer's output un-stuffs to the line-normalised input and
//! holds the end of data indicator only at its end; a BdatReader takes exactly its size.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_proto::data::{
    BareLinebreaks, BdatReader, END_OF_DATA, Unstuffer, normalise, stuff, unstuff,
};

fuzz_target!(|data: &[u8]| {
    let Some((&control, input)) = data.split_first() else {
        return;
    };
    let policy = match control % 3 {
        0 => BareLinebreaks::Reject,
        1 => BareLinebreaks::Normalise,
        _ => BareLinebreaks::Allow,
    };
    let piece = usize::from(control / 3).max(1);
    // Small line limits, so that the long-line count is exercised on short inputs too.
    let limit = u64::from(control % 37);

    // Whole input against pieces of `piece` octets.
    let run = |pieces: &mut dyn Iterator<Item = &[u8]>| {
        let mut u = Unstuffer::new(policy).with_line_limit(limit);
        let mut content = Vec::new();
        let mut consumed = 0;
        for p in pieces {
            let d = u.decode(p, |c| content.extend_from_slice(c));
            consumed += d.consumed;
            if d.finished {
                break;
            }
            assert_eq!(d.consumed, p.len());
        }
        (content, consumed, u.is_finished(), *u.report())
    };
    let whole = run(&mut std::iter::once(input));
    assert_eq!(run(&mut input.chunks(piece)), whole);
    let (content, consumed, finished, report) = &whole;
    assert_eq!(report.size, content.len() as u64);
    if *finished {
        // The end is CRLF "." CRLF, or "." CRLF at the very start.
        let end = &input[..*consumed];
        assert!(end.ends_with(END_OF_DATA) || end == b".\r\n");
        assert_eq!(
            unstuff(input, policy)
                .map(|m| m.consumed)
                .unwrap_or(*consumed),
            *consumed
        );
    } else {
        assert_eq!(*consumed, input.len());
    }

    // Round trip through the Stuffer.
    let wire = stuff(input);
    let first_end = wire.windows(5).position(|w| w == END_OF_DATA);
    assert!(first_end.is_none_or(|at| at + 5 == wire.len()));
    let m = unstuff(&wire, policy).expect("stuffed output always un-stuffs");
    assert_eq!(m.consumed, wire.len());
    let mut expected = normalise(input).into_owned();
    if !expected.is_empty() && !expected.ends_with(b"\r\n") {
        expected.extend_from_slice(b"\r\n");
    }
    assert_eq!(&m.content[..], &expected[..]);

    // BDAT: exactly `size` octets.
    let mut reader = BdatReader::new(u64::from(control), false);
    let mut taken = 0;
    for p in input.chunks(piece) {
        taken += reader.read(p).len();
    }
    assert_eq!(taken, input.len().min(usize::from(control)));
});
