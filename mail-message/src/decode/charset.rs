//! Charset decoding (RFC 2045 §5.1 `charset`, RFC 2046 §4.1.2) with `encoding_rs`.
//!
//! A MIME charset label names how octets map to characters. Labels are matched
//! case-insensitively (RFC 2046 §4.1.2) and resolved in this order:
//!
//! 1. The labels mail needs to be treated specially:
//!    - `us-ascii` and its IANA aliases are decoded as ASCII, on a fast path. (The WHATWG
//!      Encoding Standard, which `encoding_rs` implements, maps them to windows-1252.) 8-bit
//!      octets in "ASCII" text are reported as [`DefectKind::MalformedCharsetData`] and decoded
//!      as UTF-8 when they form valid UTF-8, else as windows-1252.
//!    - `utf-8`, on a fast path that borrows valid input.
//!    - `utf-16` without a byte order mark is big-endian, as RFC 2781 §4.3 says (WHATWG makes it
//!      little-endian); `utf-32` likewise (with `utf-32be` / `utf-32le`).
//!    - `utf-7` (RFC 2152), `iso-2022-kr` (RFC 1557) and `hz-gb-2312` (RFC 1843): WHATWG maps
//!      the latter two to its "replacement" encoding, which would turn a whole text into one
//!      U+FFFD; they are decoded here instead.
//!    - `unknown-8bit` (RFC 1428), `x-unknown`, `unknown` and `x-user-defined` say that the
//!      sender did not know the charset: decoded as UTF-8 when valid, else as windows-1252,
//!      without a defect.
//! 2. The charsets of the WHATWG Encoding Standard, which `encoding_rs` implements: UTF-8,
//!    UTF-16BE/LE, ISO-8859-x, windows-125x, KOI8-R/U, IBM866, macintosh, GBK (`gb2312`),
//!    GB18030, Big5, EUC-JP, ISO-2022-JP, `Shift_JIS`, EUC-KR (`ks_c_5601-1987`):
//!    - first by a table of their common names and of the spellings mailers use that WHATWG
//!      lacks, matched on the label's letters and digits only, so that `ISO-8859-1`,
//!      `ISO_8859-1:1987` and `iso8859_1` are one name (`latin9`, `win-1251`, `cp932`, `cp936`,
//!      `cp949`, `cp950`, `euc-cn`, `ujis`, `iso-2022-jp-2`, `tis620`, `mac-roman`, Microsoft
//!      code page numbers such as `cp65001` or `cp28591` ...); this is also the fast path;
//!    - then by every label of the Encoding Standard (`Encoding::for_label`).
//!
//!    Like WHATWG, `iso-8859-1` decodes as windows-1252 and `iso-8859-9` as windows-1254: they
//!    are supersets that only differ in the C1 control range, which real mail labelled
//!    ISO-8859-1 uses for Windows punctuation.
//!
//! An unknown label gives [`DefectKind::UnknownCharset`] and the text decoded as UTF-8, lossily.
//! Octets that are not valid in their charset become U+FFFD, reported once as
//! [`DefectKind::MalformedCharsetData`] at the first bad octet.

mod legacy;

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding};

use crate::defect::{Defect, DefectKind, push};

/// What a charset label resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charset {
    /// US-ASCII (RFC 2046 §4.1.2).
    Ascii,
    /// UTF-8 (RFC 3629).
    Utf8,
    /// UTF-16 with an optional byte order mark, big-endian without one (RFC 2781 §4.3).
    Utf16,
    /// UTF-32; `None` sniffs a byte order mark and defaults to big-endian.
    Utf32(Option<Endian>),
    /// UTF-7 (RFC 2152).
    Utf7,
    /// ISO-2022-KR (RFC 1557).
    Iso2022Kr,
    /// HZ-GB-2312 (RFC 1843).
    HzGb2312,
    /// "I do not know": UTF-8 if valid, else windows-1252.
    Unknown8bit,
    /// An encoding of the WHATWG Encoding Standard.
    Whatwg(&'static Encoding),
}

/// Byte order of a UTF-32 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endian {
    /// Most significant byte first.
    Big,
    /// Least significant byte first.
    Little,
}

/// The longest label worth normalising (longer ones can only match `for_label` exactly).
const MAX_KEY: usize = 40;

/// Resolves a charset label (see the [module docs](self) for the order).
pub(crate) fn lookup(label: &str) -> Option<Charset> {
    if label.eq_ignore_ascii_case("utf-8") {
        return Some(Charset::Utf8);
    }
    let label = label.trim_matches(|c: char| c.is_ascii_whitespace() || c == '"' || c == '\'');
    let mut buf = [0u8; MAX_KEY];
    let key = normalise(label, &mut buf);
    if let Some(c) = special(key) {
        return Some(c);
    }
    // The common mail charsets by their normalised key first (no binary search, and
    // `ISO_8859-1`, `iso8859_1` and `ISO-8859-1` are the same key), then every WHATWG label.
    alias(key)
        .or_else(|| Encoding::for_label_no_replacement(label.as_bytes()))
        .map(Charset::Whatwg)
}

/// Lowercase letters and digits of `label` before any `:` (`iso_8859-1:1987` → `iso88591`).
fn normalise<'k>(label: &str, buf: &'k mut [u8; MAX_KEY]) -> &'k [u8] {
    let mut n = 0;
    let head = label.split(':').next().unwrap_or_default();
    for b in head.bytes().filter(u8::is_ascii_alphanumeric) {
        let Some(slot) = buf.get_mut(n) else {
            return &[];
        };
        *slot = b.to_ascii_lowercase();
        n += 1;
    }
    buf.get(..n).unwrap_or_default()
}

/// The labels decoded by this module rather than by `encoding_rs`.
fn special(key: &[u8]) -> Option<Charset> {
    Some(match key {
        b"usascii" | b"ascii" | b"ansix341968" | b"ansix341986" | b"iso646us" | b"csascii"
        | b"us" | b"cp367" | b"ibm367" | b"iso646irv1991" | b"isoir6" | b"cp20127" => {
            Charset::Ascii
        }
        b"utf8" | b"unicode11utf8" | b"unicode20utf8" | b"xunicode20utf8" | b"cp65001" => {
            Charset::Utf8
        }
        b"utf16" => Charset::Utf16,
        b"utf32" | b"ucs4" | b"iso10646ucs4" | b"csucs4" => Charset::Utf32(None),
        b"utf32be" | b"cp12001" => Charset::Utf32(Some(Endian::Big)),
        b"utf32le" | b"cp12000" => Charset::Utf32(Some(Endian::Little)),
        b"utf7" | b"unicode11utf7" | b"csunicode11utf7" | b"cp65000" => Charset::Utf7,
        b"iso2022kr" | b"csiso2022kr" | b"cp50225" => Charset::Iso2022Kr,
        b"hzgb2312" | b"hz" | b"cp52936" => Charset::HzGb2312,
        b"unknown8bit" | b"xunknown" | b"unknown" | b"xuserdefined" => Charset::Unknown8bit,
        _ => return None,
    })
}

/// Spellings of WHATWG encodings that the WHATWG label list lacks.
fn alias(key: &[u8]) -> Option<&'static Encoding> {
    use encoding_rs as e;
    let enc = match key {
        b"latin9" | b"latin0" | b"cp28605" => e::ISO_8859_15,
        b"latin10" | b"l10" => e::ISO_8859_16,
        b"latin7" | b"l7" | b"cp28603" => e::ISO_8859_13,
        b"latin8" | b"l8" => e::ISO_8859_14,
        b"shiftjis" | b"sjis" | b"xsjis" | b"mskanji" | b"windows31j" | b"cswindows31j"
        | b"cp932" | b"windows932" | b"ms932" => e::SHIFT_JIS,
        b"gbk" | b"xgbk" | b"gb2312" | b"gb231280" | b"euccn" | b"xeuccn" | b"cngb" | b"cp936"
        | b"windows936" | b"ms936" => e::GBK,
        b"gb18030" | b"cp54936" => e::GB18030,
        b"euckr" | b"xeuckr" | b"ksc5601" | b"ksc56011987" | b"ksc56011989" | b"cp949"
        | b"windows949" | b"ms949" | b"uhc" | b"cp51949" => e::EUC_KR,
        b"big5" | b"big5hkscs" | b"cnbig5" | b"xxbig5" | b"csbig5" | b"cp950" | b"windows950"
        | b"ms950" => e::BIG5,
        b"eucjp" | b"xeucjp" | b"ujis" | b"cp51932" | b"cp20932" => e::EUC_JP,
        b"iso2022jp" | b"csiso2022jp" | b"iso2022jp1" | b"iso2022jp2" | b"iso2022jp3"
        | b"cp50220" | b"cp50221" | b"cp50222" => e::ISO_2022_JP,
        b"koi8r" | b"koi8" | b"cskoi8r" | b"cp20866" => e::KOI8_R,
        b"koi8u" | b"koi8ru" | b"cp21866" => e::KOI8_U,
        b"tis620" | b"iso885911" | b"cp874" | b"windows874" | b"dos874" => e::WINDOWS_874,
        b"macintosh" | b"mac" | b"macroman" | b"xmacroman" | b"csmacintosh" | b"cp10000" => {
            e::MACINTOSH
        }
        b"maccyrillic" | b"xmaccyrillic" | b"xmacukrainian" | b"cp10007" => e::X_MAC_CYRILLIC,
        b"ibm866" | b"cp866" | b"csibm866" => e::IBM866,
        b"utf16be" | b"cp1201" => e::UTF_16BE,
        b"utf16le" | b"cp1200" => e::UTF_16LE,
        _ => return numbered(key),
    };
    Some(enc)
}

/// `iso8859N`, `cp2859N` and `cp125N` / `win125N` / `windows125N` / `xcp125N` spellings.
fn numbered(key: &[u8]) -> Option<&'static Encoding> {
    use encoding_rs as e;
    let iso = key
        .strip_prefix(b"iso8859")
        .or_else(|| key.strip_prefix(b"cp2859").filter(|n| n.len() == 1));
    if let Some(n) = iso {
        return Some(match n {
            b"1" => e::WINDOWS_1252,
            b"2" => e::ISO_8859_2,
            b"3" => e::ISO_8859_3,
            b"4" => e::ISO_8859_4,
            b"5" => e::ISO_8859_5,
            b"6" | b"6e" | b"6i" => e::ISO_8859_6,
            b"7" => e::ISO_8859_7,
            b"8" | b"8e" => e::ISO_8859_8,
            b"8i" => e::ISO_8859_8_I,
            b"9" => e::WINDOWS_1254,
            b"10" => e::ISO_8859_10,
            b"11" => e::WINDOWS_874,
            b"13" => e::ISO_8859_13,
            b"14" => e::ISO_8859_14,
            b"15" => e::ISO_8859_15,
            b"16" => e::ISO_8859_16,
            _ => return None,
        });
    }
    let n = [&b"windows"[..], b"win", b"xcp", b"cp", b"mscp"]
        .iter()
        .find_map(|p| key.strip_prefix(*p))?;
    Some(match n {
        b"1250" => e::WINDOWS_1250,
        b"1251" => e::WINDOWS_1251,
        b"1252" => e::WINDOWS_1252,
        b"1253" => e::WINDOWS_1253,
        b"1254" => e::WINDOWS_1254,
        b"1255" => e::WINDOWS_1255,
        b"1256" => e::WINDOWS_1256,
        b"1257" => e::WINDOWS_1257,
        b"1258" => e::WINDOWS_1258,
        _ => return None,
    })
}

/// `true` if [`decode`] knows the charset `label` names (so it will not report
/// [`DefectKind::UnknownCharset`]).
///
/// ```
/// # use mail_message::decode::charset::is_known;
/// assert!(is_known("UTF-8") && is_known("ks_c_5601-1987") && is_known("latin9"));
/// assert!(!is_known("x-klingon"));
/// ```
pub fn is_known(label: &str) -> bool {
    lookup(label).is_some()
}

/// The canonical name of the charset `label` names, e.g. `windows-1252` for `latin1`, or
/// `None` for an unknown label.
pub fn canonical_name(label: &str) -> Option<&'static str> {
    Some(match lookup(label)? {
        Charset::Ascii => "US-ASCII",
        Charset::Utf8 => "UTF-8",
        Charset::Utf16 => "UTF-16",
        Charset::Utf32(None) => "UTF-32",
        Charset::Utf32(Some(Endian::Big)) => "UTF-32BE",
        Charset::Utf32(Some(Endian::Little)) => "UTF-32LE",
        Charset::Utf7 => "UTF-7",
        Charset::Iso2022Kr => "ISO-2022-KR",
        Charset::HzGb2312 => "HZ-GB-2312",
        Charset::Unknown8bit => "unknown-8bit",
        Charset::Whatwg(enc) => enc.name(),
    })
}

/// Decodes `bytes` from the charset `label` names into text (see the [module docs](self)).
///
/// Borrowed when the octets are already the text: valid UTF-8 in UTF-8, or ASCII in any
/// ASCII-compatible charset. An unknown label gives [`DefectKind::UnknownCharset`] (offset 0)
/// and lossy UTF-8; octets invalid in the charset give one
/// [`DefectKind::MalformedCharsetData`] at the first bad octet.
///
/// ```
/// # use mail_message::decode::charset::decode;
/// let mut defects = Vec::new();
/// assert_eq!(decode("ISO-8859-1", b"Andr\xe9", &mut defects), "André");
/// assert_eq!(decode("koi8-r", b"\xf0\xd2\xc9\xd7\xc5\xd4", &mut defects), "Привет");
/// assert!(defects.is_empty());
/// ```
pub fn decode<'b>(label: &str, bytes: &'b [u8], defects: &mut Vec<Defect>) -> Cow<'b, str> {
    decode_as(lookup(label), bytes, defects)
}

/// [`decode`] with the label already resolved (`None`: unknown).
pub(crate) fn decode_as<'b>(
    charset: Option<Charset>,
    bytes: &'b [u8],
    defects: &mut Vec<Defect>,
) -> Cow<'b, str> {
    let Some(charset) = charset else {
        push(defects, DefectKind::UnknownCharset, 0);
        return String::from_utf8_lossy(bytes);
    };
    match charset {
        Charset::Utf8 => utf8(
            bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
            defects,
        ),
        Charset::Ascii => {
            let ascii = Encoding::ascii_valid_up_to(bytes);
            if ascii == bytes.len() {
                return Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default());
            }
            push(defects, DefectKind::MalformedCharsetData, ascii);
            unknown_8bit(bytes)
        }
        Charset::Unknown8bit => unknown_8bit(bytes),
        Charset::Whatwg(enc) => {
            let (text, actual, errors) = enc.decode(bytes);
            if errors {
                let at = first_error(actual, bytes);
                push(defects, DefectKind::MalformedCharsetData, at);
            }
            text
        }
        Charset::Utf16 => {
            let (enc, bom) = match bytes {
                [0xFF, 0xFE, ..] => (encoding_rs::UTF_16LE, 2),
                [0xFE, 0xFF, ..] => (encoding_rs::UTF_16BE, 2),
                _ => (encoding_rs::UTF_16BE, 0),
            };
            let rest = bytes.get(bom..).unwrap_or_default();
            let (text, errors) = enc.decode_without_bom_handling(rest);
            if errors {
                let at = bom + first_error(enc, rest);
                push(defects, DefectKind::MalformedCharsetData, at);
            }
            text
        }
        Charset::Utf32(endian) => legacy::utf32(bytes, endian, defects),
        Charset::Utf7 => legacy::utf7(bytes, defects),
        Charset::Iso2022Kr => legacy::iso_2022_kr(bytes, defects),
        Charset::HzGb2312 => legacy::hz_gb_2312(bytes, defects),
    }
}

/// [`decode_as`], appending to `out` (for the WHATWG encodings without an intermediate
/// string).
pub(crate) fn decode_append(
    charset: Option<Charset>,
    bytes: &[u8],
    out: &mut String,
    defects: &mut Vec<Defect>,
) {
    if let Some(Charset::Whatwg(enc)) = charset {
        let mut decoder = enc.new_decoder();
        if let Some(max) = decoder.max_utf8_buffer_length(bytes.len()) {
            out.reserve(max);
            let (_, _, errors) = decoder.decode_to_string(bytes, out, true);
            if errors {
                push(
                    defects,
                    DefectKind::MalformedCharsetData,
                    first_error(enc, bytes),
                );
            }
            return;
        }
    }
    out.push_str(&decode_as(charset, bytes, defects));
}

/// UTF-8, borrowed when valid, else lossy with a defect at the first bad octet.
/// Checked by the vectorised validator first; the standard one only finds where an invalid
/// text goes wrong.
pub(crate) fn utf8<'b>(bytes: &'b [u8], defects: &mut Vec<Defect>) -> Cow<'b, str> {
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let valid_up_to = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
    push(defects, DefectKind::MalformedCharsetData, valid_up_to);
    String::from_utf8_lossy(bytes)
}

/// UTF-8 if the octets are valid UTF-8, else windows-1252 (which decodes every octet).
fn unknown_8bit(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Offset of the first octet `enc` cannot decode (a rare path: only after a decode reported
/// errors).
fn first_error(enc: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = enc.new_decoder_with_bom_removal();
    let mut scratch = [0u8; 1024];
    let mut read = 0;
    loop {
        let rest = bytes.get(read..).unwrap_or_default();
        let (result, r, _) = decoder.decode_to_utf8_without_replacement(rest, &mut scratch, true);
        read += r;
        match result {
            DecoderResult::InputEmpty => return 0,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, after) => {
                return read.saturating_sub(usize::from(bad) + usize::from(after));
            }
        }
    }
}

/// Decodes owned or borrowed octets, keeping the borrow when the charset allows it.
pub(crate) fn decode_cow<'b>(
    charset: Option<Charset>,
    bytes: Cow<'b, [u8]>,
    defects: &mut Vec<Defect>,
) -> Cow<'b, str> {
    match bytes {
        Cow::Borrowed(b) => decode_as(charset, b, defects),
        Cow::Owned(v) => match decode_as(charset, &v, defects) {
            Cow::Owned(s) => Cow::Owned(s),
            Cow::Borrowed(s) if s.len() == v.len() => Cow::Owned(
                String::from_utf8(v)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into()),
            ),
            Cow::Borrowed(s) => Cow::Owned(s.to_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The vectorised check gives what the standard one gives: the text, or U+FFFD and a
        /// defect at the first invalid octet.
        #[test]
        fn utf8_agrees_with_the_standard_check(
            bytes in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(b"a \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80".to_vec()),
                proptest::num::u8::ANY,
            ], 0..80)
        ) {
            let mut defects = Vec::new();
            let text = utf8(&bytes, &mut defects);
            proptest::prop_assert_eq!(&*text, &*String::from_utf8_lossy(&bytes));
            let expected: Vec<_> = std::str::from_utf8(&bytes)
                .err()
                .map(|e| e.valid_up_to())
                .into_iter()
                .collect();
            let offsets: Vec<_> = defects.iter().map(|d| d.offset).collect();
            proptest::prop_assert_eq!(offsets, expected);
        }
    }

    #[test]
    fn aliases_agree_with_whatwg() {
        // Labels of the Encoding Standard that the alias table also matches must resolve alike.
        for label in [
            "iso-8859-1",
            "iso_8859-1:1987",
            "l1",
            "latin1",
            "iso-8859-8-i",
            "csiso88598i",
            "iso-8859-6-e",
            "iso-8859-8-e",
            "iso-8859-9",
            "iso-8859-11",
            "iso-8859-16",
            "x-mac-ukrainian",
            "koi8-ru",
            "koi8",
            "dos-874",
            "ms932",
            "windows-949",
            "l9",
            "866",
            "x-sjis",
            "gb2312",
            "gb_2312-80",
            "csgb2312",
            "x-gbk",
            "big5-hkscs",
            "cn-big5",
            "x-euc-jp",
            "csiso2022jp",
            "ks_c_5601-1989",
            "mac",
            "windows-1258",
            "x-cp1250",
            "utf-16be",
            "utf-16le",
            "tis-620",
            "ksc5601",
            "gb18030",
            "cp1252",
            "cp866",
        ] {
            let whatwg = Encoding::for_label(label.as_bytes()).unwrap();
            assert_eq!(lookup(label), Some(Charset::Whatwg(whatwg)), "{label}");
        }
    }

    #[test]
    fn owned_input() {
        let mut d = Vec::new();
        let s = decode_cow(lookup("utf-8"), Cow::Owned(b"abc".to_vec()), &mut d);
        assert_eq!(s, "abc");
        let s = decode_cow(lookup("latin1"), Cow::Owned(b"\xe9".to_vec()), &mut d);
        assert_eq!(s, "é");
    }
}
