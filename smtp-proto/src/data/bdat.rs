//! BDAT chunks (RFC 3030 §2): `BDAT chunk-size [LAST]` followed by exactly `chunk-size`
//! octets, counted, never scanned.

use std::iter::FusedIterator;

/// Server side: takes exactly the octets of one BDAT chunk off the input.
///
/// Create one for each `BDAT` command with its `chunk-size` (the command codec parses it) and
/// feed it the octets that follow the command line. The octets are neither scanned nor changed:
/// no stuffing, no end indicator, binary allowed (RFC 3030 §2, with `BODY=BINARYMIME`). When the
/// server refuses the chunk it must still read and discard its octets (RFC 3030 §2): use the
/// reader all the same and drop what it returns.
///
/// ```
/// use smtp_proto::data::BdatReader;
///
/// let mut reader = BdatReader::new(5, true);
/// let input = b"ab\r\n.QUIT\r\n";
/// let data = reader.read(input);
/// assert_eq!(data, b"ab\r\n.");
/// assert!(reader.is_complete());
/// assert_eq!(&input[data.len()..], b"QUIT\r\n");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BdatReader {
    size: u64,
    remaining: u64,
    last: bool,
}

impl BdatReader {
    /// A reader for a chunk of `size` octets; `last` when the command carried `LAST`.
    pub fn new(size: u64, last: bool) -> Self {
        BdatReader {
            size,
            remaining: size,
            last,
        }
    }

    /// Takes the chunk's octets from the start of `input`: returns the prefix of `input` that
    /// belongs to the chunk (all of it, or as much as the chunk still lacks). The caller
    /// advances its input by the returned length; what follows a complete chunk is the next
    /// command.
    pub fn read<'i>(&mut self, input: &'i [u8]) -> &'i [u8] {
        let take = usize::try_from(self.remaining).map_or(input.len(), |r| r.min(input.len()));
        self.remaining -= take as u64;
        input.get(..take).unwrap_or_default()
    }

    /// Octets the chunk still lacks.
    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    /// Whether all of the chunk's octets have been read.
    pub fn is_complete(&self) -> bool {
        self.remaining == 0
    }

    /// The chunk's size, as announced.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether this is the message's last chunk (`BDAT … LAST`).
    pub fn is_last(&self) -> bool {
        self.last
    }
}

/// One chunk for the client to send: `BDAT {size}` (with ` LAST` when `last`), CRLF, then
/// `data` as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BdatChunk<'a> {
    /// The chunk's octets.
    pub data: &'a [u8],
    /// Whether the command carries `LAST`.
    pub last: bool,
}

impl BdatChunk<'_> {
    /// The `chunk-size` to announce: the length of `data` in octets.
    pub fn size(&self) -> u64 {
        self.data.len() as u64
    }
}

/// Cuts `message` into BDAT chunks of at most `max_chunk_size` octets, the last one marked
/// `LAST` (RFC 3030 §2). An empty message is one empty chunk (`BDAT 0 LAST`);
/// `max_chunk_size` 0 means no limit (the whole message in one chunk).
///
/// Nothing is stuffed or changed: give text in canonical CRLF form (see
/// [`normalise`](super::normalise)).
///
/// ```
/// use smtp_proto::data::{BdatChunk, bdat_chunks};
///
/// let chunks: Vec<_> = bdat_chunks(b"hello, world", 5).collect();
/// assert_eq!(chunks.len(), 3);
/// assert_eq!(chunks[2], BdatChunk { data: b"ld", last: true });
/// ```
pub fn bdat_chunks(message: &[u8], max_chunk_size: usize) -> BdatChunks<'_> {
    BdatChunks {
        rest: message,
        max: if max_chunk_size == 0 {
            usize::MAX
        } else {
            max_chunk_size
        },
        done: false,
    }
}

/// The iterator of [`bdat_chunks`].
#[derive(Debug, Clone)]
pub struct BdatChunks<'a> {
    rest: &'a [u8],
    max: usize,
    done: bool,
}

impl<'a> Iterator for BdatChunks<'a> {
    type Item = BdatChunk<'a>;

    fn next(&mut self) -> Option<BdatChunk<'a>> {
        if self.done {
            return None;
        }
        let (data, rest) = self.rest.split_at(self.max.min(self.rest.len()));
        self.rest = rest;
        let last = rest.is_empty();
        self.done = last;
        Some(BdatChunk { data, last })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = if self.done {
            0
        } else {
            self.rest.len().div_ceil(self.max).max(1)
        };
        (n, Some(n))
    }
}

impl ExactSizeIterator for BdatChunks<'_> {}
impl FusedIterator for BdatChunks<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_takes_exactly_size() {
        let mut r = BdatReader::new(3, false);
        assert_eq!(r.read(b"a"), b"a");
        assert_eq!(r.remaining(), 2);
        assert_eq!(r.read(b""), b"");
        assert_eq!(r.read(b"bcd"), b"bc");
        assert!(r.is_complete());
        assert_eq!(r.read(b"d"), b"");
        assert_eq!(BdatReader::new(0, true).read(b"x"), b"");
        let mut huge = BdatReader::new(u64::MAX, false);
        assert_eq!(huge.read(b"xyz"), b"xyz");
        assert_eq!(huge.remaining(), u64::MAX - 3);
    }

    #[test]
    fn chunks() {
        let all: Vec<_> = bdat_chunks(b"", 10).collect();
        assert_eq!(
            all,
            [BdatChunk {
                data: b"",
                last: true
            }]
        );
        let all: Vec<_> = bdat_chunks(b"abcdef", 3).collect();
        assert_eq!(
            all,
            [
                BdatChunk {
                    data: b"abc",
                    last: false
                },
                BdatChunk {
                    data: b"def",
                    last: true
                }
            ]
        );
        assert_eq!(bdat_chunks(b"abcdefg", 3).len(), 3);
        assert_eq!(bdat_chunks(b"abcdefg", 0).len(), 1);
        assert_eq!(bdat_chunks(b"", 0).len(), 1);
    }
}
