//! Collects the pieces a streaming transform emitted for one input into a `Cow`: borrowed while
//! the pieces are one contiguous run of the input, owned from the first piece that is not.

use std::borrow::Cow;

/// The collector used by the one-shot functions ([`stuff`](super::stuff),
/// [`unstuff`](super::unstuff), [`normalise`](super::normalise)).
#[derive(Debug)]
pub(crate) struct CowSink<'a> {
    input: &'a [u8],
    /// While borrowing: the input range emitted so far.
    start: usize,
    end: usize,
    owned: Option<Vec<u8>>,
}

impl<'a> CowSink<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        CowSink {
            input,
            start: 0,
            end: 0,
            owned: None,
        }
    }

    /// Appends `piece`.
    pub(crate) fn push(&mut self, piece: &[u8]) {
        if piece.is_empty() {
            return;
        }
        if let Some(v) = &mut self.owned {
            v.extend_from_slice(piece);
            return;
        }
        // Where the piece lies in the input, if it is a sub-slice of it. (A piece equal in
        // address to a part of the input IS those input octets, so this can never borrow the
        // wrong bytes.)
        let base = self.input.as_ptr() as usize;
        let at = (piece.as_ptr() as usize).wrapping_sub(base);
        let inside = at <= self.input.len() && piece.len() <= self.input.len() - at;
        if inside && self.start == self.end {
            self.start = at;
            self.end = at + piece.len();
            return;
        }
        if inside && at == self.end {
            self.end += piece.len();
            return;
        }
        let kept = self.input.get(self.start..self.end).unwrap_or_default();
        let mut v = Vec::with_capacity(self.input.len() + 16);
        v.extend_from_slice(kept);
        v.extend_from_slice(piece);
        self.owned = Some(v);
    }

    pub(crate) fn finish(self) -> Cow<'a, [u8]> {
        match self.owned {
            Some(v) => Cow::Owned(v),
            None => Cow::Borrowed(self.input.get(self.start..self.end).unwrap_or_default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguous_pieces_borrow() {
        let input = b"hello world";
        let mut s = CowSink::new(input);
        s.push(&input[2..4]);
        s.push(&input[4..4]);
        s.push(&input[4..7]);
        assert!(matches!(s.finish(), Cow::Borrowed(b"llo w")));
    }

    #[test]
    fn a_gap_or_a_foreign_piece_owns() {
        let input = b"hello world";
        let mut s = CowSink::new(input);
        s.push(&input[0..2]);
        s.push(&input[3..5]);
        assert_eq!(s.finish(), Cow::<[u8]>::Owned(b"helo".to_vec()));
        let mut s = CowSink::new(input);
        s.push(&input[0..2]);
        s.push(b"\r\n");
        s.push(&input[2..3]);
        assert_eq!(s.finish(), Cow::<[u8]>::Owned(b"he\r\nl".to_vec()));
        assert_eq!(CowSink::new(input).finish(), Cow::Borrowed(&b""[..]));
    }
}
