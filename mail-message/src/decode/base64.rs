//! The base64 content transfer encoding, decoding side (RFC 2045 §6.8, RFC 4648 §4).
//!
//! RFC 2045 §6.8 is lenient by design: "All line breaks or other characters not found in
//! Table 1 must be ignored by decoding software", and "the occurrence of any `=` characters may
//! be taken as evidence that the end of the data has been reached". This decoder follows it:
//!
//! - line breaks and white space are skipped silently;
//! - any other byte outside the alphabet is skipped and reported as
//!   [`DefectKind::InvalidBase64`] (one defect per run of such bytes);
//! - `=` padding ends a group; a short or long run of padding is reported. Data after the
//!   padding is reported and decoded as the start of new base64 data: some senders encode line by
//!   line and pad every line, and their data must not be lost (RFC 2045 §6.8 only says `=`
//!   *may* be taken as the end of the data);
//! - a final group without its padding is decoded anyway (two or three characters give one or
//!   two octets) and reported; a single dangling character cannot make an octet and is dropped.
//!
//! Well-formed lines (a whole number of groups, as every encoder writes) are gathered without
//! their line breaks, up to 16 KiB at a time, and decoded by one call of the `base64` crate's
//! vectorised engine, which also checks the alphabet (a batch it refuses is read again line by
//! line). Only a line that fails that is scanned octet by octet: its alphabet runs are copied into a
//! staging buffer that the engine decodes in blocks, so no path pushes octet by octet.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};

use crate::defect::{Defect, DefectKind, push};

/// The engine configuration: the staging buffer never holds padding, and the unused low bits of
/// a final group are not checked (RFC 2045 does not ask a decoder to reject them).
const CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_allow_trailing_bits(true)
    .with_decode_padding_mode(DecodePaddingMode::RequireNone);

#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
static ENGINE: std::sync::LazyLock<base64::engine::Simd> =
    std::sync::LazyLock::new(|| base64::engine::Simd::standard(CONFIG));

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
static ENGINE: base64::engine::GeneralPurpose =
    base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, CONFIG);

/// Size of the staging buffer of the careful path: large enough for the engine's vector loop,
/// small enough to stay in the L1 cache.
const STAGE: usize = 16 * 1024;

/// `true` for the 64 characters of RFC 2045 §6.8 Table 1.
#[inline]
fn in_alphabet(b: u8) -> bool {
    super::in_set(super::BASE64_ALPHABET, b)
}

#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0b' | b'\x0c')
}

/// Decodes base64 data as RFC 2045 §6.8 describes (see the [module docs](self) for the exact
/// leniency). Never fails: what cannot be decoded is skipped and reported as
/// [`DefectKind::InvalidBase64`] with an offset into `input`.
///
/// ```
/// # use mail_message::decode::base64::decode;
/// let mut defects = Vec::new();
/// assert_eq!(decode(b"SGVsbG8s\r\nIHdvcmxkIQ==\r\n", &mut defects), b"Hello, world!");
/// assert!(defects.is_empty());
/// ```
pub fn decode(input: &[u8], defects: &mut Vec<Defect>) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    decode_into(input, &mut out, defects);
    out
}

/// [`decode`], appending to `out`: the leading lines of one length are decoded by
/// [`whole_lines`], the rest by the general reader ([`decode_lines`]).
pub(crate) fn decode_into(input: &[u8], out: &mut Vec<u8>, defects: &mut Vec<Defect>) {
    let start = whole_lines(input, out);
    let rest = input.get(start..).unwrap_or_default();
    let before = defects.len();
    decode_lines(rest, out, defects, true);
    for d in defects.get_mut(before..).unwrap_or_default() {
        d.offset += start;
    }
}

/// Characters gathered per engine call by [`whole_lines`]: enough for the engine's vector
/// loop, small enough that the decoded octets are copied out by a short vector loop (larger
/// copies and zeroed output room cost a pass over memory).
const BATCH: usize = 2048;

/// Decodes the leading lines of `input` that are all as long as the first (a whole number of
/// groups, no padding) and end with the same line break (CRLF or LF), as every encoder
/// writes them, appending to `out`; returns where it stopped (a line start, `0` if the first
/// line is not such a line). The lines are copied without their breaks into a batch on the
/// stack (the usual lengths by fixed-size moves), which the engine decodes (and checks) in
/// one call. A batch the engine refuses ends the run at its first line, so the general
/// reader sees it, and reports what it finds, as if it had read from the start: every line
/// before is clean, which leaves it no state.
fn whole_lines(input: &[u8], out: &mut Vec<u8>) -> usize {
    let Some(first) = memchr::memchr(b'\n', input) else {
        return 0;
    };
    let crlf = first > 0 && input.get(first - 1) == Some(&b'\r');
    let len = first - usize::from(crlf);
    if len == 0 || len % 4 != 0 {
        return 0;
    }
    match (len, crlf) {
        (76, true) => lines::<76, 78>(input, out),
        (76, false) => lines::<76, 77>(input, out),
        (72, true) => lines::<72, 74>(input, out),
        (64, true) => lines::<64, 66>(input, out),
        (64, false) => lines::<64, 65>(input, out),
        _ => lines_of(input, len, len + 1 + usize::from(crlf), out),
    }
}

/// [`whole_lines`] for lines of `L` characters, `STEP` octets with the line break.
fn lines<const L: usize, const STEP: usize>(input: &[u8], out: &mut Vec<u8>) -> usize {
    let line_break: &[u8] = if STEP == L + 2 { b"\r\n" } else { b"\n" };
    let mut batch = [0u8; BATCH];
    let capacity = BATCH / L * L;
    out.reserve(input.len() / STEP * (L / 4 * 3));
    let mut pos = 0;
    loop {
        let start = pos;
        let mut filled = 0;
        while let (Some(line), Some(slot)) = (
            input.get(pos..).and_then(|s| s.first_chunk::<STEP>()),
            batch
                .get_mut(filled..capacity)
                .and_then(|s| s.first_chunk_mut::<L>()),
        ) {
            let (Some(chars), Some(end)) = (line.first_chunk::<L>(), line.get(L..)) else {
                break;
            };
            if end != line_break {
                break;
            }
            *slot = *chars;
            filled += L;
            pos += STEP;
        }
        if !decode_batch_onto(batch.get(..filled), out) {
            pos = start;
            break;
        }
        if filled < capacity {
            break;
        }
    }
    pos
}

/// [`lines`] for any length `len` (`step` octets with the line break).
fn lines_of(input: &[u8], len: usize, step: usize, out: &mut Vec<u8>) -> usize {
    let line_break: &[u8] = if step == len + 2 { b"\r\n" } else { b"\n" };
    let capacity = (BATCH / len).max(1) * len;
    let mut batch = Vec::with_capacity(capacity);
    out.reserve(input.len() / step * (len / 4 * 3));
    let mut pos = 0;
    loop {
        let start = pos;
        batch.clear();
        while let Some(line) = input.get(pos..pos + step) {
            if batch.len() + len > capacity || line.get(len..) != Some(line_break) {
                break;
            }
            batch.extend_from_slice(line.get(..len).unwrap_or_default());
            pos += step;
        }
        let full = batch.len() + len > capacity;
        if !decode_batch_onto(Some(&batch), out) {
            pos = start;
            break;
        }
        if !full {
            break;
        }
    }
    pos
}

/// Decodes `batch` (whole groups, if any) onto the end of `out` through a buffer on the
/// stack; `false` if the engine refuses it (or there was nothing to decode).
fn decode_batch_onto(batch: Option<&[u8]>, out: &mut Vec<u8>) -> bool {
    let Some(batch) = batch.filter(|b| !b.is_empty()) else {
        return false;
    };
    let mut octets = [0u8; BATCH / 4 * 3];
    if let Some(room) = octets.get_mut(..batch.len() / 4 * 3)
        && let Ok(n) = ENGINE.decode_slice(batch, room)
    {
        out.extend_from_slice(room.get(..n).unwrap_or_default());
        return true;
    }
    // Longer than a batch (a line over `BATCH` characters, from `lines_of`): the engine
    // decodes onto `out` itself.
    let before = out.len();
    if batch.len() > BATCH && ENGINE.decode_vec(batch, out).is_ok() {
        return true;
    }
    out.truncate(before);
    false
}

/// [`decode_into`]; with `predict`, a line break is first looked for where the previous line's
/// length puts it (encoders write lines of one length), and `memchr` runs only when it is not
/// there. A predicted line only ever goes into a batch, which the engine refuses if it holds
/// a line break or anything else outside the alphabet; the refused batch is then read again
/// line by line with `memchr`, so the octets and defects are those of the unpredicted reading.
fn decode_lines(input: &[u8], out: &mut Vec<u8>, defects: &mut Vec<Defect>, predict: bool) {
    let mut slow = Slow {
        stage: Vec::new(),
        in_garbage: false,
    };
    // Consecutive lines of whole groups without padding are gathered without their line
    // breaks and decoded by one engine call (an engine call per 76-character line costs
    // more than the decoding). A batch the engine refuses is read again line by line.
    let mut batch: Vec<u8> = Vec::new();
    let mut batch_start = 0;
    let mut careful_until = 0;
    let mut pos = 0;
    let mut predicted = 0usize;
    'outer: loop {
        while let Some(rest) = input.get(pos..).filter(|r| !r.is_empty()) {
            let next = match rest.get(predicted.wrapping_sub(1)) {
                Some(b'\n') if predict && predicted > 1 && pos >= careful_until => predicted,
                _ => memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1),
            };
            predicted = next;
            let with_break = rest.get(..next).unwrap_or_default();
            let line = with_break.strip_suffix(b"\n").unwrap_or(with_break);
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if pos >= careful_until
                && slow.stage.is_empty()
                && !line.is_empty()
                && line.len() % 4 == 0
                && line.last() != Some(&b'=')
                && batch.len() + line.len() <= STAGE
            {
                if batch.is_empty() {
                    batch.reserve(STAGE);
                    batch_start = pos;
                }
                batch.extend_from_slice(line);
                pos += next;
                continue;
            }
            if !batch.is_empty() {
                if decode_batch(&mut batch, out) {
                    slow.in_garbage = false;
                } else {
                    careful_until = pos;
                    pos = batch_start;
                }
                // Look at this line again with the batch empty.
                continue;
            }
            // A padded line or one after a refused batch: the same fast path per line.
            if slow.stage.is_empty() && !line.is_empty() {
                let pads = line
                    .iter()
                    .rev()
                    .take(2)
                    .take_while(|&&b| b == b'=')
                    .count();
                let data = line.get(..line.len() - pads).unwrap_or_default();
                let whole = match pads {
                    0 => data.len() % 4 == 0,
                    _ => {
                        (data.len() + pads) % 4 == 0
                            && input
                                .get(pos + next..)
                                .unwrap_or_default()
                                .iter()
                                .all(|&b| is_space(b))
                    }
                };
                let before = out.len();
                if whole && ENGINE.decode_vec(data, out).is_ok() {
                    slow.in_garbage = false;
                    if pads > 0 {
                        return;
                    }
                    pos += next;
                    continue;
                }
                out.truncate(before);
            }
            match slow.line(input, pos, next, out, defects) {
                None => pos += next,
                Some(at) => {
                    // Padding: the group it ends is complete, decode it.
                    flush(&mut slow.stage, out);
                    let resume = padding(input, at, slow.stage.len(), defects);
                    finish_group(&mut slow.stage, out);
                    match resume {
                        Some(resume) => pos = resume,
                        None => return,
                    }
                }
            }
        }
        if batch.is_empty() || decode_batch(&mut batch, out) {
            break 'outer;
        }
        careful_until = pos;
        pos = batch_start;
    }
    flush(&mut slow.stage, out);
    // At most three characters are left: a final group without its padding.
    if !slow.stage.is_empty() {
        push(defects, DefectKind::InvalidBase64, input.len());
    }
    finish_group(&mut slow.stage, out);
}

/// Decodes a batch of whole groups into `out` and empties it; `false` (with `out` as it was)
/// when the engine refuses it (a byte outside the alphabet).
fn decode_batch(batch: &mut Vec<u8>, out: &mut Vec<u8>) -> bool {
    let before = out.len();
    let ok = ENGINE.decode_vec(batch.as_slice(), out).is_ok();
    if !ok {
        out.truncate(before);
    }
    batch.clear();
    ok
}

/// Decodes the incomplete last group left in `stage` (after [`flush`]): a lone character
/// cannot make an octet; two or three make one or two.
fn finish_group(stage: &mut Vec<u8>, out: &mut Vec<u8>) {
    if stage.len() >= 2 {
        let _ = ENGINE.decode_vec(stage.as_slice(), out);
    }
    stage.clear();
}

/// Decodes the text of an RFC 2047 §4.1 "B" encoded word, appending to `out`. Returns `false`,
/// with nothing appended, if the text holds a character other than the alphabet, `=` and
/// white space: then it is not an encoded word. Otherwise decodes as leniently as [`decode`].
pub(crate) fn decode_word(text: &[u8], out: &mut Vec<u8>, defects: &mut Vec<Defect>) -> bool {
    let pads = text
        .iter()
        .rev()
        .take(2)
        .take_while(|&&b| b == b'=')
        .count();
    let data = text.get(..text.len() - pads).unwrap_or_default();
    if (data.len() + pads) % 4 == 0 {
        // The engine checks the alphabet as it decodes.
        let before = out.len();
        if ENGINE.decode_vec(data, out).is_ok() {
            return true;
        }
        out.truncate(before);
    }
    const WORD_TEXT: super::AsciiSet = super::BASE64_ALPHABET | 1 << b'=' | 1 << b' ' | 1 << b'\t';
    if !text.iter().all(|&b| super::in_set(WORD_TEXT, b)) {
        return false;
    }
    decode_into(text, out, defects);
    true
}

/// The careful path: alphabet runs are staged, everything else is skipped or reported.
struct Slow {
    stage: Vec<u8>,
    in_garbage: bool,
}

impl Slow {
    /// Handles `input[pos..pos + len]`; returns the offset of an `=` (padding) if one ends it.
    fn line(
        &mut self,
        input: &[u8],
        mut pos: usize,
        len: usize,
        out: &mut Vec<u8>,
        defects: &mut Vec<Defect>,
    ) -> Option<usize> {
        let end = pos + len;
        while let Some(rest) = input.get(pos..end).filter(|r| !r.is_empty()) {
            let run = rest
                .iter()
                .position(|&b| !in_alphabet(b))
                .unwrap_or(rest.len());
            if run > 0 {
                self.stage
                    .extend_from_slice(rest.get(..run).unwrap_or_default());
                pos += run;
                self.in_garbage = false;
                if self.stage.len() >= STAGE {
                    flush(&mut self.stage, out);
                }
                continue;
            }
            let b = rest.first().copied().unwrap_or(b'=');
            if b == b'=' {
                return Some(pos);
            }
            if !is_space(b) && !self.in_garbage {
                push(defects, DefectKind::InvalidBase64, pos);
                self.in_garbage = true;
            }
            pos += 1;
        }
        flush(&mut self.stage, out);
        None
    }
}

/// Decodes every complete group in `stage` into `out` and keeps the incomplete rest.
fn flush(stage: &mut Vec<u8>, out: &mut Vec<u8>) {
    let whole = stage.len() / 4 * 4;
    if whole == 0 {
        return;
    }
    // Only alphabet characters in whole groups: the engine cannot fail.
    let _ = ENGINE.decode_vec(stage.get(..whole).unwrap_or_default(), out);
    stage.drain(..whole);
}

/// Checks the padding that starts at `input[pos]` (an `=`) for a final group holding `partial`
/// characters. Returns where data starts again after the padding and white space (reported:
/// it should not be there), or `None` at the end of the input.
fn padding(input: &[u8], pos: usize, partial: usize, defects: &mut Vec<Defect>) -> Option<usize> {
    let expected = match partial {
        2 => 2,
        3 => 1,
        // Padding after a complete group, or after a lone character: misplaced.
        _ => 0,
    };
    let mut pads = 0;
    let mut i = pos;
    let mut reported = false;
    while let Some(&b) = input.get(i) {
        if b == b'=' {
            pads += 1;
            if pads > expected && !reported {
                push(defects, DefectKind::InvalidBase64, i);
                reported = true;
            }
        } else if !is_space(b) {
            // More data after the padding.
            if !reported {
                push(defects, DefectKind::InvalidBase64, i);
            }
            return Some(i);
        }
        i += 1;
    }
    if pads < expected && !reported {
        push(defects, DefectKind::InvalidBase64, input.len());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Octets and defects of a decoding with or without line-length prediction.
    fn both(input: &[u8]) -> [(Vec<u8>, Vec<Defect>); 2] {
        [true, false].map(|predict| {
            let (mut out, mut defects) = (Vec::new(), Vec::new());
            decode_lines(input, &mut out, &mut defects, predict);
            (out, defects)
        })
    }

    #[test]
    fn a_mispredicted_line_gives_what_memchr_gives() {
        for input in [
            &b"SGVs\r\nbG8s\r\nIH\nd\r\nb3Js\r\n"[..],
            b"SGVsbG8s\r\nIHdv\ncmxk\r\nISEh\r\n",
            b"SGVs\r\nbG8=\r\nIHdv\r\n",
            b"SGVs\nbG8s\r\nIHdv\r\n",
        ] {
            let [predicted, plain] = both(input);
            assert_eq!(predicted, plain, "{:?}", String::from_utf8_lossy(input));
        }
    }

    proptest::proptest! {
        #[test]
        fn prediction_agrees_with_memchr(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(vec![
                    "SGVs", "bG8s", "IHdv", "cmxk", "IQ==", "SQ=", "=", "\r\n", "\n", "\r",
                    " ", "!", "A",
                ]),
            ], 0..40)
        ) {
            let input = pieces.concat();
            let [predicted, plain] = both(input.as_bytes());
            proptest::prop_assert_eq!(predicted, plain);
        }
    }

    /// Octets and defects of [`decode`] (with [`whole_lines`] first) and of the general reader
    /// alone, without line-length prediction.
    fn against_general(input: &[u8]) {
        let (mut fast, mut fast_defects) = (b"kept".to_vec(), Vec::new());
        decode_into(input, &mut fast, &mut fast_defects);
        let (mut general, mut general_defects) = (b"kept".to_vec(), Vec::new());
        decode_lines(input, &mut general, &mut general_defects, false);
        let shown = String::from_utf8_lossy(input);
        assert_eq!(fast, general, "{shown:?}");
        assert_eq!(fast_defects, general_defects, "{shown:?}");
        // `decode` starts from an empty output.
        let mut defects = Vec::new();
        assert_eq!(
            decode(input, &mut defects),
            general.get(4..).unwrap_or_default()
        );
        assert_eq!(defects, general_defects);
    }

    #[test]
    fn whole_lines_stop_where_the_shape_ends() {
        let line = "QUJD".repeat(19);
        for (input, consumed, octets) in [
            // Three lines of 76, then a short padded one.
            (
                format!("{line}\r\n{line}\r\n{line}\r\nQQ==\r\n"),
                3 * 78,
                3 * 57,
            ),
            // LF line ends.
            (format!("{line}\n{line}\nQQ=="), 2 * 77, 2 * 57),
            // A line break of the other kind ends the run.
            (format!("{line}\r\n{line}\n{line}\r\n"), 78, 57),
            // A character outside the alphabet: the run ends before its batch.
            (format!("{line}\r\n{}!\r\n", &line[1..]), 0, 0),
            // Another length: the general copy.
            ("QUJDQUJD\r\nQUJDQUJD\r\nQUJD\r\n".to_string(), 20, 12),
            // The first line is not whole groups, or is empty.
            ("QUJ\r\nQUJD\r\n".to_string(), 0, 0),
            ("\r\nQUJD\r\n".to_string(), 0, 0),
        ] {
            let mut out = Vec::new();
            assert_eq!(
                whole_lines(input.as_bytes(), &mut out),
                consumed,
                "{input:?}"
            );
            assert_eq!(out.len(), octets, "{input:?}");
            against_general(input.as_bytes());
        }
        // Lines longer than a batch.
        let long = "QUJD".repeat(525);
        let input = format!("{long}\r\n{long}\r\nQQ==");
        let mut out = Vec::new();
        assert_eq!(whole_lines(input.as_bytes(), &mut out), 2 * 2102);
        assert_eq!(out, b"ABC".repeat(2 * 525));
        against_general(input.as_bytes());
        // More than one batch of lines.
        let many = format!("{line}\r\n").repeat(1000);
        let mut out = Vec::new();
        assert_eq!(whole_lines(many.as_bytes(), &mut out), many.len());
        assert_eq!(out, b"ABC".repeat(19 * 1000));
        against_general(many.as_bytes());
    }

    proptest::proptest! {
        #[test]
        fn whole_lines_agree_with_the_general_reader(
            lines in proptest::collection::vec((
                proptest::collection::vec(proptest::sample::select(vec![
                    "QUJD", "SGVs", "bG8s", "IQ==", "QQ", "ab!d", "A=BC", "A BC", "A\rBC",
                ]), 0..22),
                proptest::sample::select(vec!["\r\n", "\n", "\r", " \r\n", ""]),
                proptest::bool::weighted(0.7),
            ), 0..12)
        ) {
            // Mostly lines of 19 clean groups (76 characters), some of other lengths or with
            // defects, CR or LF alone, or no break.
            let mut input = String::new();
            for (groups, line_break, standard) in lines {
                if standard {
                    input.push_str(&"SGVs".repeat(19));
                } else {
                    input.push_str(&groups.concat());
                }
                input.push_str(line_break);
            }
            against_general(input.as_bytes());
        }
    }

    #[test]
    fn a_refused_batch_is_read_again_line_by_line() {
        // The batch `SGVsbG8sIH!vcmxk` is refused; line by line, `!` is skipped and reported,
        // and `IHv` + `cmxk` + `IQ==` misses a character before the padding (reported too).
        let mut defects = Vec::new();
        let bad = decode(b"SGVs\r\nbG8s\r\nIH!v\r\ncmxk\r\nIQ==\r\n", &mut defects);
        let kinds: Vec<_> = defects.iter().map(|d| (d.kind, d.offset)).collect();
        assert_eq!(
            kinds,
            [
                (DefectKind::InvalidBase64, 14),
                (DefectKind::InvalidBase64, 26)
            ]
        );
        // The same octets as reading every line on its own gives.
        assert_eq!(bad, [72, 101, 108, 108, 111, 44, 32, 123, 220, 155, 25, 8]);
        let mut none = Vec::new();
        // A long run of whole lines (more than one batch) decodes as one.
        let line = b"QUJDRA==".to_vec();
        let mut many = Vec::new();
        for _ in 0..5000 {
            many.extend_from_slice(b"QUJDQUJDQUJDQUJD\r\n");
        }
        many.extend_from_slice(&line);
        let decoded = decode(&many, &mut none);
        assert_eq!(decoded.len(), 5000 * 12 + 4);
        assert!(decoded.starts_with(b"ABCABCABCABC") && decoded.ends_with(b"ABCD"));
        assert!(none.is_empty());
    }

    fn run(input: &[u8]) -> (Vec<u8>, Vec<(DefectKind, usize)>) {
        let mut d = Vec::new();
        let out = decode(input, &mut d);
        (out, d.into_iter().map(|d| (d.kind, d.offset)).collect())
    }

    #[test]
    fn clean() {
        assert_eq!(run(b""), (vec![], vec![]));
        assert_eq!(run(b"QUJD"), (b"ABC".to_vec(), vec![]));
        assert_eq!(run(b"QUI="), (b"AB".to_vec(), vec![]));
        assert_eq!(run(b"QQ=="), (b"A".to_vec(), vec![]));
        assert_eq!(run(b"QU\r\nJD\nRA =\t=\r\n"), (b"ABCD".to_vec(), vec![]));
    }

    #[test]
    fn large_input_crosses_the_stage() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let enc = base64::engine::general_purpose::STANDARD.encode(&data);
        let mut wrapped = Vec::new();
        for line in enc.as_bytes().chunks(76) {
            wrapped.extend_from_slice(line);
            wrapped.extend_from_slice(b"\r\n");
        }
        assert_eq!(run(&wrapped), (data, vec![]));
    }

    #[test]
    fn lenient_cases() {
        // Missing padding: decoded, reported at the end.
        assert_eq!(
            run(b"QUJDRA"),
            (b"ABCD".to_vec(), vec![(DefectKind::InvalidBase64, 6)])
        );
        // Only one of two pads.
        assert_eq!(
            run(b"QQ="),
            (b"A".to_vec(), vec![(DefectKind::InvalidBase64, 3)])
        );
        // A dangling character.
        assert_eq!(
            run(b"QUJDR"),
            (b"ABC".to_vec(), vec![(DefectKind::InvalidBase64, 5)])
        );
        // Garbage: one defect per run.
        assert_eq!(
            run(b"QU!!JD*"),
            (
                b"ABC".to_vec(),
                vec![
                    (DefectKind::InvalidBase64, 2),
                    (DefectKind::InvalidBase64, 6)
                ]
            )
        );
        // Extra padding, and data after the padding.
        assert_eq!(
            run(b"QQ==="),
            (b"A".to_vec(), vec![(DefectKind::InvalidBase64, 4)])
        );
        // Data after the padding (a sender that pads every line): reported, and decoded.
        assert_eq!(
            run(b"QQ==\r\nQkM="),
            (b"ABC".to_vec(), vec![(DefectKind::InvalidBase64, 6)])
        );
        assert_eq!(
            run(b"QQ==QkM=RA=="),
            (
                b"ABCD".to_vec(),
                vec![
                    (DefectKind::InvalidBase64, 4),
                    (DefectKind::InvalidBase64, 8)
                ]
            )
        );
        // Padding after a complete group.
        assert_eq!(
            run(b"QUJD="),
            (b"ABC".to_vec(), vec![(DefectKind::InvalidBase64, 4)])
        );
    }
}
