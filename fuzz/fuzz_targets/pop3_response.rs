//! POP3 response lines: the parsers never panic on any line, and every status line, listing,
//! capability and continuation that parses and re-encodes reads back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pop3_proto::body::Unstuffer;
use pop3_proto::response::{
    Capability, Continuation, MaildropStat, ScanListing, StatusLine, UniqueIdListing,
};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, line)) = data.split_first() else {
        return;
    };
    match selector % 6 {
        0 => {
            if let Ok(status) = StatusLine::parse(line) {
                if let Some(ts) = status.apop_timestamp() {
                    assert!(ts.starts_with(b"<") && ts.ends_with(b">") && ts.contains(&b'@'));
                }
                if let Ok(wire) = status.to_bytes() {
                    let back = StatusLine::parse(&wire[..wire.len() - 2]).expect("reads back");
                    assert_eq!(back, status);
                }
            }
        }
        1 => {
            if let Ok(stat) = MaildropStat::parse(line) {
                let wire = stat.status_line();
                assert_eq!(MaildropStat::parse(wire.text.as_bytes()), Ok(stat));
            }
            if let Ok(scan) = ScanListing::parse(line) {
                let mut wire = Vec::new();
                scan.encode(&mut wire);
                assert_eq!(ScanListing::parse(&wire[..wire.len() - 2]), Ok(scan));
            }
        }
        2 => {
            if let Ok(uid) = UniqueIdListing::parse(line) {
                let mut wire = Vec::new();
                uid.encode(&mut wire);
                assert_eq!(UniqueIdListing::parse(&wire[..wire.len() - 2]), Ok(uid));
            }
        }
        3 => {
            if let Ok(cap) = Capability::parse(line) {
                let mut wire = Vec::new();
                if cap.encode(&mut wire).is_ok() {
                    let back = Capability::parse(&wire[..wire.len() - 2]).expect("reads back");
                    assert_eq!(back, cap);
                }
            }
        }
        4 => {
            if let Ok(c) = Continuation::parse(line) {
                let mut wire = Vec::new();
                c.encode(&mut wire);
                assert_eq!(Continuation::parse(&wire[..wire.len() - 2]), Ok(c.clone()));
                let _ = c.decode();
            }
        }
        _ => {
            // The un-stuffer: the same body and end however the input is cut (at 0xFF).
            let pieces: Vec<&[u8]> = line.split(|&b| b == 0xFF).collect();
            let joined: Vec<u8> = pieces.join(&[][..]);
            assert_eq!(unstuff(&pieces), unstuff(&[&joined]));
        }
    }
});

fn unstuff(pieces: &[&[u8]]) -> (Vec<u8>, Option<usize>) {
    let mut u = Unstuffer::new();
    let mut out = Vec::new();
    let mut offset = 0;
    for piece in pieces {
        let mut rest = *piece;
        loop {
            let step = u.decode(rest);
            out.extend_from_slice(step.data);
            offset += step.consumed;
            rest = &rest[step.consumed..];
            if step.end {
                return (out, Some(offset));
            }
            if rest.is_empty() && step.data.is_empty() {
                break;
            }
        }
    }
    (out, None)
}
