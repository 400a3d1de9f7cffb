//! The character classes of the grammar (RFC 3501 §9, RFC 9051 §9).

/// `CHAR` (`%x01-7F`) minus `CTL` (`%x00-1F / %x7F`) minus `SP`: the visible ASCII range.
const fn is_visible(b: u8) -> bool {
    b > b' ' && b < 0x7f
}

/// `list-wildcards = "%" / "*"`.
pub const fn is_list_wildcard(b: u8) -> bool {
    matches!(b, b'%' | b'*')
}

/// `quoted-specials = DQUOTE / "\"`.
pub const fn is_quoted_special(b: u8) -> bool {
    matches!(b, b'"' | b'\\')
}

/// `ATOM-CHAR = <any CHAR except atom-specials>`, where
/// `atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials /
/// resp-specials`.
pub const fn is_atom_char(b: u8) -> bool {
    is_visible(b)
        && !matches!(b, b'(' | b')' | b'{' | b']')
        && !is_list_wildcard(b)
        && !is_quoted_special(b)
}

/// `ASTRING-CHAR = ATOM-CHAR / resp-specials` (`resp-specials = "]"`).
pub const fn is_astring_char(b: u8) -> bool {
    is_atom_char(b) || b == b']'
}

/// A character of a `tag`: `<any ASTRING-CHAR except "+">`.
pub const fn is_tag_char(b: u8) -> bool {
    is_astring_char(b) && b != b'+'
}

/// `list-char = ATOM-CHAR / list-wildcards / resp-specials` (the unquoted form of
/// `list-mailbox`).
pub const fn is_list_char(b: u8) -> bool {
    is_astring_char(b) || is_list_wildcard(b)
}

/// `TEXT-CHAR = <any CHAR except CR and LF>`: 7-bit, no NUL, no CR, no LF.
pub const fn is_text_char(b: u8) -> bool {
    b != 0 && b < 0x80 && b != b'\r' && b != b'\n'
}

/// `CHAR8 = %x01-ff`: any octet but NUL.
pub const fn is_char8(b: u8) -> bool {
    b != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let atom: Vec<u8> = (0..=255u8).filter(|&b| is_atom_char(b)).collect();
        assert_eq!(atom.len(), 94 - 8);
        for b in *b"(){ %*\"\\]" {
            assert!(!is_atom_char(b), "{b}");
        }
        assert!(is_astring_char(b']'));
        assert!(!is_tag_char(b'+'));
        assert!(is_astring_char(b'+'));
        assert!(is_list_char(b'%') && is_list_char(b'*'));
        assert!(!is_text_char(b'\r') && !is_text_char(0) && !is_text_char(0xc3));
        assert!(is_text_char(b'"'));
        assert!(!is_char8(0) && is_char8(0xff));
    }
}
