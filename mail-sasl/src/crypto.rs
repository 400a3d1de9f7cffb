//! The primitives: HMAC (RFC 2104) over MD5 and SHA-256, SHA-256, PBKDF2 (`Hi()` of
//! RFC 5802 §2.2), and constant-time comparison. All from `RustCrypto` and `subtle`.

use hmac::Hmac;
use hmac::digest::block_api::EagerHash;
use hmac::digest::common::Key;
use hmac::digest::{Digest, KeyInit, Mac, Output};
use md5::Md5;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// HMAC with the key prepared as RFC 2104 §2 says (a key longer than the block is hashed,
/// then zero-padded), so that construction cannot fail for any key length.
fn hmac<D: EagerHash>(key: &[u8], parts: &[&[u8]]) -> Output<Hmac<D>> {
    let mut block = Key::<Hmac<D>>::default();
    if key.len() > block.len() {
        let hashed = D::digest(key);
        block
            .iter_mut()
            .zip(hashed.iter())
            .for_each(|(b, k)| *b = *k);
    } else {
        block.iter_mut().zip(key).for_each(|(b, k)| *b = *k);
    }
    let mut mac = <Hmac<D> as KeyInit>::new(&block);
    block.iter_mut().for_each(|b| *b = 0);
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes()
}

/// HMAC-MD5 (RFC 2104), the keyed MD5 of CRAM-MD5 (RFC 2195 §2).
pub(crate) fn hmac_md5(key: &[u8], data: &[u8]) -> [u8; 16] {
    hmac::<Md5>(key, &[data]).into()
}

/// HMAC-SHA-256 over the concatenation of `parts`.
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    hmac::<Sha256>(key, parts).into()
}

/// SHA-256, the `H()` of RFC 5802 §2.2 for SCRAM-SHA-256.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// `Hi(str, salt, i)` of RFC 5802 §2.2: PBKDF2 with HMAC-SHA-256 and one 32-octet block.
pub(crate) fn pbkdf2_sha256(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut out);
    out
}

/// Constant-time equality (length is not hidden).
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    bool::from(a.ct_eq(b))
}

/// Lower-case hexadecimal (RFC 2195 §2: "using lower-case ASCII characters").
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            if let Some(&d) = DIGITS.get(usize::from(nibble)) {
                out.push(char::from(d));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2202_hmac_md5_test_cases() {
        // RFC 2202 §2 test case 2 and 6 (key longer than the block).
        assert_eq!(
            hex_lower(&hmac_md5(b"Jefe", b"what do ya want for nothing?")),
            "750c783e6ab0b503eaa86e310a5db738"
        );
        assert_eq!(
            hex_lower(&hmac_md5(
                &[0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd"
        );
    }

    #[test]
    fn rfc4231_hmac_sha256_test_cases() {
        // RFC 4231 §4.3 (test case 2) and §4.7 (test case 6, 131-octet key).
        assert_eq!(
            hex_lower(&hmac_sha256(
                b"Jefe",
                &[b"what do ya want ", b"for nothing?"]
            )),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex_lower(&hmac_sha256(
                &[0xaa; 131],
                &[b"Test Using Larger Than Block-Size Key - Hash Key First"]
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn pbkdf2_known_answer() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1 (first 32 octets).
        assert_eq!(
            hex_lower(&pbkdf2_sha256(b"passwd", b"salt", 1)),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
    }
}
