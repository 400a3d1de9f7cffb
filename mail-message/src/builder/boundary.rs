//! Multipart boundaries (RFC 2046 §5.1.1): where they come from and what they must satisfy.
//!
//! The builder reads no clock and draws no random number, so boundaries come from the
//! application: any `FnMut() -> String` closure (typically one that draws random characters),
//! or [`SequentialBoundaries`] for reproducible output in tests. The builder checks each
//! boundary's syntax and that its delimiter does not occur in the content it is to enclose,
//! asking for another one when it does.

use super::error::{BoundaryProblem, BuildError};

/// A source of multipart boundaries (RFC 2046 §5.1.1).
///
/// Boundaries must be 1-70 characters from `bchars` (letters, digits and `'()+_,-./:=? `) and
/// must not end with a space. A boundary that occurs in the multipart's content is refused and
/// the generator asked again, up to [`MAX_BOUNDARY_TRIES`] times.
pub trait BoundaryGenerator {
    /// The next boundary to try.
    fn next_boundary(&mut self) -> String;
}

impl<F: FnMut() -> String> BoundaryGenerator for F {
    fn next_boundary(&mut self) -> String {
        self()
    }
}

/// How many boundaries the builder asks for, per multipart, before giving up with
/// [`BuildError::BoundaryCollision`].
pub const MAX_BOUNDARY_TRIES: usize = 16;

/// Deterministic boundaries `<prefix>1_`, `<prefix>2_`, … — for tests and reproducible output.
///
/// The default prefix `=_boundary_` starts with `=_`, which can never occur in quoted-printable
/// or base64 content, and the closing `_` keeps one boundary from being a prefix of another
/// (`=_boundary_1_` is no prefix of `=_boundary_10_`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequentialBoundaries {
    prefix: String,
    next: u64,
}

impl SequentialBoundaries {
    /// Boundaries `<prefix>1_`, `<prefix>2_`, …
    pub fn new(prefix: impl Into<String>) -> Self {
        SequentialBoundaries {
            prefix: prefix.into(),
            next: 1,
        }
    }
}

impl Default for SequentialBoundaries {
    fn default() -> Self {
        SequentialBoundaries::new("=_boundary_")
    }
}

impl BoundaryGenerator for SequentialBoundaries {
    fn next_boundary(&mut self) -> String {
        let b = format!("{}{}_", self.prefix, self.next);
        self.next += 1;
        b
    }
}

/// RFC 2046 §5.1.1 `bcharsnospace`.
fn is_bchar_no_space(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"'()+_,-./:=?".contains(&b)
}

/// Checks the syntax of a boundary (RFC 2046 §5.1.1: `0*69<bchars> bcharsnospace`).
///
/// # Errors
/// [`BuildError::InvalidBoundary`] saying what is wrong.
pub fn validate_boundary(boundary: &str) -> Result<(), BuildError> {
    let problem = if boundary.is_empty() || boundary.len() > 70 {
        Some(BoundaryProblem::Length)
    } else if !boundary.bytes().all(|b| b == b' ' || is_bchar_no_space(b)) {
        Some(BoundaryProblem::Character)
    } else if boundary.ends_with(' ') {
        Some(BoundaryProblem::TrailingSpace)
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(BuildError::InvalidBoundary {
            boundary: boundary.to_owned(),
            problem,
        }),
    }
}

/// Asks `generator` for a boundary whose delimiter (`--boundary`) occurs in none of `content`
/// and that neither is a prefix of, nor starts with, any boundary in `nested` (the boundaries
/// of enclosed multiparts, so no reader can confuse the levels).
///
/// # Errors
/// [`BuildError::InvalidBoundary`] for a malformed boundary, [`BuildError::BoundaryCollision`]
/// after [`MAX_BOUNDARY_TRIES`] collisions.
pub(crate) fn choose_boundary(
    generator: &mut dyn BoundaryGenerator,
    content: &[&[u8]],
    nested: &[String],
) -> Result<String, BuildError> {
    for _ in 0..MAX_BOUNDARY_TRIES {
        let boundary = generator.next_boundary();
        validate_boundary(&boundary)?;
        let delimiter = format!("--{boundary}");
        let finder = memchr::memmem::Finder::new(delimiter.as_bytes());
        let in_content = content.iter().any(|c| finder.find(c).is_some());
        let clash = nested
            .iter()
            .any(|n| n.starts_with(&boundary) || boundary.starts_with(n.as_str()));
        if !in_content && !clash {
            return Ok(boundary);
        }
    }
    Err(BuildError::BoundaryCollision {
        tries: MAX_BOUNDARY_TRIES,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax() {
        assert!(validate_boundary("simple boundary").is_ok());
        assert!(validate_boundary("gc0p4Jq0M2Yt08jU534c0p").is_ok());
        assert!(validate_boundary(&"a".repeat(70)).is_ok());
        let problem = |b: &str| match validate_boundary(b) {
            Err(BuildError::InvalidBoundary { problem, .. }) => Some(problem),
            _ => None,
        };
        assert_eq!(problem(""), Some(BoundaryProblem::Length));
        assert_eq!(problem(&"a".repeat(71)), Some(BoundaryProblem::Length));
        assert_eq!(problem("a;b"), Some(BoundaryProblem::Character));
        assert_eq!(problem("a\r\nb"), Some(BoundaryProblem::Character));
        assert_eq!(problem("ab "), Some(BoundaryProblem::TrailingSpace));
    }

    #[test]
    fn collisions_ask_again() {
        let mut g = SequentialBoundaries::new("b");
        let b = choose_boundary(&mut g, &[b"x\r\n--b1_\r\n--b2_"], &[]).unwrap();
        assert_eq!(b, "b3_");
        let mut g = SequentialBoundaries::new("b");
        let b = choose_boundary(&mut g, &[], &["b1_x".to_owned()]).unwrap();
        assert_eq!(b, "b2_");
        let mut same = || "same".to_owned();
        assert_eq!(
            choose_boundary(&mut same, &[b"--same"], &[]),
            Err(BuildError::BoundaryCollision { tries: 16 })
        );
        let mut bad = || "bad;".to_owned();
        assert!(matches!(
            choose_boundary(&mut bad, &[], &[]),
            Err(BuildError::InvalidBoundary { .. })
        ));
    }
}
