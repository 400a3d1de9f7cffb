//! [`Secret`]: a wrapper for credentials (passwords, bearer tokens, derived keys) that never
//! shows its content in `Debug`, compares in constant time and overwrites its memory on drop.

use core::fmt;
use core::hint::black_box;

use subtle::ConstantTimeEq;

/// A credential: a password, a bearer token, a CRAM-MD5 shared secret or a SCRAM key.
///
/// * `Debug` prints `Secret(***)`, never the content, so a credential cannot leak into a log
///   through a `{:?}` of any type that holds one.
/// * [`PartialEq`] compares in constant time with respect to the content (the length is not
///   hidden: two secrets of different lengths compare unequal at once), using
///   [`subtle::ConstantTimeEq`].
/// * On drop the content is overwritten with zeros (see [`Wipe`]). This is a best-effort
///   measure written in safe Rust: copies the allocator made when a `String` or `Vec` grew,
///   or copies the application made before wrapping the value, are not reached. The crate
///   does not pull in `zeroize` for this.
///
/// The content is read with [`expose`](Secret::expose); the name makes every read of a
/// credential easy to find in a review.
///
/// ```
/// use mail_sasl::Secret;
///
/// let password = Secret::new(String::from("correct horse battery staple"));
/// assert_eq!(format!("{password:?}"), "Secret(***)");
/// assert_eq!(password.expose(), "correct horse battery staple");
/// ```
pub struct Secret<T: Wipe>(T);

impl<T: Wipe> Secret<T> {
    /// Wraps a credential.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// Gives read access to the credential.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Wipe> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<&[u8]> for Secret<Vec<u8>> {
    fn from(value: &[u8]) -> Self {
        Self(value.to_vec())
    }
}

impl<T: Wipe + Clone> Clone for Secret<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T: Wipe> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl<T: Wipe + AsRef<[u8]>> PartialEq for Secret<T> {
    /// Constant-time with respect to the content; secrets of different lengths are unequal.
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.0.as_ref().ct_eq(other.0.as_ref()))
    }
}

impl<T: Wipe + AsRef<[u8]>> Eq for Secret<T> {}

impl<T: Wipe> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.wipe();
    }
}

/// Types whose memory [`Secret`] can overwrite on drop.
///
/// Implemented for `String`, `Vec<u8>` and byte arrays. The overwrite is best effort: it
/// covers the current allocation (including spare capacity), and [`core::hint::black_box`]
/// discourages the compiler from removing the writes.
pub trait Wipe {
    /// Overwrites the value's bytes with zeros (leaving a valid, possibly empty, value).
    fn wipe(&mut self);
}

impl Wipe for Vec<u8> {
    fn wipe(&mut self) {
        // Zero the spare capacity too: a shorter password may have replaced a longer one.
        self.resize(self.capacity(), 0);
        self.iter_mut().for_each(|b| *b = 0);
        black_box(&mut *self);
        self.clear();
    }
}

impl Wipe for String {
    fn wipe(&mut self) {
        let mut bytes = core::mem::take(self).into_bytes();
        bytes.wipe();
        // Hand the (now zeroed, empty) buffer back so the allocation is released by the String.
        *self = String::from_utf8(bytes).unwrap_or_default();
    }
}

impl<const N: usize> Wipe for [u8; N] {
    fn wipe(&mut self) {
        self.iter_mut().for_each(|b| *b = 0);
        black_box(&mut *self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_content() {
        let s = Secret::new(String::from("hunter2-distinctive"));
        let shown = format!("{s:?} {s:#?}");
        assert!(!shown.contains("hunter2"));
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }

    #[test]
    fn equality_is_by_content() {
        let a: Secret<Vec<u8>> = Secret::from(&b"abc"[..]);
        let b: Secret<Vec<u8>> = Secret::from(&b"abc"[..]);
        let c: Secret<Vec<u8>> = Secret::from(&b"abd"[..]);
        let d: Secret<Vec<u8>> = Secret::from(&b"ab"[..]);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn wipe_zeroes_and_empties() {
        let mut v = b"secret".to_vec();
        v.wipe();
        assert!(v.is_empty());
        let mut s = String::from("secret");
        s.wipe();
        assert!(s.is_empty());
        let mut a = [7u8; 4];
        a.wipe();
        assert_eq!(a, [0; 4]);
    }
}
