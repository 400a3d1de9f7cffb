//! Building the MIME tree in one forward pass (RFC 2045 §5, RFC 2046 §5).
//!
//! Every entity (the message, a body part, an encapsulated message) is parsed by the same
//! routine: its header section, then — depending on its media type — its body as a leaf, as a
//! multipart, or as an encapsulated message. A stack of the boundaries of every enclosing
//! multipart is kept; a leaf body ends at the first line that is a delimiter of *any* of them,
//! checked innermost first, so the innermost boundary wins and a missing close delimiter costs
//! only the multipart that lacked it. Bodies are scanned once, with `memchr`, and never copied.

use std::borrow::Cow;

use memchr::memmem::Finder;

use crate::defect::{Defect, DefectKind, push};
use crate::field::content_type::ContentType;
use crate::field::transfer_encoding::TransferEncoding;
use crate::header::{FieldSpan, parse_section, trim_line_break};
use crate::lex::is_wsp;
use crate::message::{LimitError, Limits};

use super::{PartKind, PartSpan};

/// A delimiter line found while scanning (RFC 2046 §5.1.1).
#[derive(Debug, Clone, Copy)]
struct Delimiter {
    /// Index of the boundary in the stack (0 = outermost).
    level: usize,
    /// Offset of the first `-` of the line.
    line_start: usize,
    /// Offset just after the line's line break.
    line_end: usize,
    /// `true` for a close delimiter (`--boundary--`).
    close: bool,
}

/// Where a scan for the next delimiter stopped.
#[derive(Debug, Clone, Copy)]
struct Stop {
    /// End of the content before the delimiter: the line break before a delimiter belongs to
    /// the delimiter (RFC 2046 §5.1.1).
    content_end: usize,
    /// The delimiter found, or `None` at the end of the input.
    at: Option<Delimiter>,
}

/// What the tree holds once built.
pub(crate) struct Tree {
    pub(crate) fields: Vec<FieldSpan>,
    pub(crate) parts: Vec<PartSpan>,
    pub(crate) defects: Vec<Defect>,
}

/// Builds the MIME tree of `data`.
pub(crate) fn build(data: &[u8], limits: &Limits) -> Result<Tree, LimitError> {
    let mut builder = Builder {
        data,
        limits,
        fields: Vec::with_capacity(32),
        parts: Vec::with_capacity(4),
        defects: Vec::new(),
        boundaries: Vec::new(),
        line_dashes: Finder::new(b"\n--"),
    };
    builder.entity(0, None, 0, false)?;
    Ok(Tree {
        fields: builder.fields,
        parts: builder.parts,
        defects: builder.defects,
    })
}

struct Builder<'d, 'l> {
    data: &'d [u8],
    limits: &'l Limits,
    fields: Vec<FieldSpan>,
    parts: Vec<PartSpan>,
    defects: Vec<Defect>,
    /// Boundaries of the enclosing multiparts, outermost first.
    boundaries: Vec<Cow<'d, [u8]>>,
    line_dashes: Finder<'static>,
}

/// Does `line` (without its line break) delimit one of `boundaries`? Innermost first.
/// Returns the boundary's level and whether it is a close delimiter.
fn match_delimiter(boundaries: &[Cow<'_, [u8]>], line: &[u8]) -> Option<(usize, bool)> {
    let after_dashes = line.strip_prefix(b"--")?;
    boundaries.iter().enumerate().rev().find_map(|(level, b)| {
        let rest = after_dashes.strip_prefix(b.as_ref())?;
        // Transport padding (RFC 2046 §5.1.1) is allowed after either delimiter form.
        if rest.iter().all(|&c| is_wsp(c)) {
            Some((level, false))
        } else {
            let rest = rest.strip_prefix(b"--")?;
            rest.iter().all(|&c| is_wsp(c)).then_some((level, true))
        }
    })
}

/// The media type of an entity, as far as the tree cares.
enum Media<'d> {
    Leaf,
    Multipart {
        boundary: Cow<'d, [u8]>,
        digest: bool,
    },
    Message,
}

impl<'d> Builder<'d, '_> {
    /// Parses the entity whose header section starts at `start`; returns its index and where
    /// its body stopped.
    fn entity(
        &mut self,
        start: usize,
        parent: Option<usize>,
        depth: usize,
        in_digest: bool,
    ) -> Result<(usize, Stop), LimitError> {
        if depth > self.limits.max_depth {
            return Err(LimitError::NestingTooDeep {
                limit: self.limits.max_depth,
                offset: start,
            });
        }
        if self.parts.len() >= self.limits.max_parts {
            return Err(LimitError::TooManyParts {
                limit: self.limits.max_parts,
                offset: start,
            });
        }
        let idx = self.parts.len();
        let first_field = self.fields.len();
        let boundaries = &self.boundaries;
        let section = parse_section(
            self.data,
            start,
            self.data.len(),
            parent.is_none(),
            &mut self.fields,
            &mut self.defects,
            &|line| match_delimiter(boundaries, line).is_some(),
        );
        let body_start = section.body_start;
        let fields = first_field..self.fields.len();
        self.parts.push(PartSpan {
            start,
            fields: fields.clone(),
            body_start,
            body_end: body_start,
            parent,
            first_child: None,
            next_sibling: None,
            depth,
            kind: PartKind::Leaf,
            in_digest,
        });
        let stop = match self.media(fields, in_digest) {
            Media::Leaf => self.scan(body_start),
            Media::Message => {
                if let Some(p) = self.parts.get_mut(idx) {
                    p.kind = PartKind::Message;
                }
                let (child, stop) = self.entity(body_start, Some(idx), depth + 1, false)?;
                if let Some(p) = self.parts.get_mut(idx) {
                    p.first_child = Some(child);
                }
                stop
            }
            Media::Multipart { boundary, digest } => {
                self.multipart(idx, body_start, boundary, digest, depth)?
            }
        };
        if let Some(p) = self.parts.get_mut(idx) {
            p.body_end = stop.content_end.max(body_start);
        }
        Ok((idx, stop))
    }

    /// Decides how the body of the entity with these fields is parsed.
    fn media(&mut self, fields: std::ops::Range<usize>, in_digest: bool) -> Media<'d> {
        // Without a (valid) Content-Type, a part of a digest is a message (RFC 2046 §5.1.5).
        let default = if in_digest {
            Media::Message
        } else {
            Media::Leaf
        };
        let data = self.data;
        let spans = self.fields.get(fields).unwrap_or_default();
        let value = |name: &str| {
            spans.iter().find_map(|f| {
                let n = data.get(f.start..f.name_end)?;
                n.eq_ignore_ascii_case(name.as_bytes())
                    .then(|| (f.value_start, data.get(f.value_start..f.value_end)))
            })
        };
        let Some((ct_offset, Some(ct_raw))) = value("content-type") else {
            return default;
        };
        let mut defects = Vec::new();
        let ct = ContentType::parse(ct_raw, &mut defects);
        self.defects.extend(
            defects
                .into_iter()
                .map(|d| Defect::new(d.kind, d.offset + ct_offset)),
        );
        let Some(ct) = ct else { return default };
        let composite =
            ct.is_multipart() || ct.is("message", "rfc822") || ct.is("message", "global");
        if !composite {
            return Media::Leaf;
        }
        // RFC 2045 §6.4: composite types are never encoded, so they can be parsed in place.
        if let Some((cte_offset, Some(cte_raw))) = value("content-transfer-encoding") {
            let identity = matches!(
                TransferEncoding::parse(cte_raw, &mut Vec::new()),
                TransferEncoding::SevenBit | TransferEncoding::EightBit | TransferEncoding::Binary
            );
            if !identity {
                // message/global may be encoded (RFC 6532 §3.5); the others may not.
                if !ct.is("message", "global") {
                    push(
                        &mut self.defects,
                        DefectKind::InvalidCompositeEncoding,
                        cte_offset,
                    );
                }
                return Media::Leaf;
            }
        }
        if !ct.is_multipart() {
            return Media::Message;
        }
        match ct.boundary() {
            Some(b) if !b.is_empty() => Media::Multipart {
                boundary: boundary_bytes(ct_raw, b),
                digest: ct.subtype.eq_ignore_ascii_case("digest"),
            },
            _ => {
                push(
                    &mut self.defects,
                    DefectKind::MultipartWithoutBoundary,
                    ct_offset,
                );
                Media::Leaf
            }
        }
    }

    /// Parses the body of multipart entity `idx` (RFC 2046 §5.1.1): preamble, body parts,
    /// epilogue. Returns where the multipart's body ended.
    fn multipart(
        &mut self,
        idx: usize,
        body_start: usize,
        boundary: Cow<'d, [u8]>,
        digest: bool,
        depth: usize,
    ) -> Result<Stop, LimitError> {
        self.boundaries.push(boundary);
        let level = self.boundaries.len() - 1;
        if let Some(p) = self.parts.get_mut(idx) {
            p.kind = PartKind::Multipart {
                preamble: (body_start, body_start),
                epilogue: None,
            };
        }
        let first = self.scan(body_start);
        self.set_preamble(idx, body_start, first.content_end);
        let mut delimiter = match first.at {
            Some(d) if d.level == level => d,
            _ => {
                // No delimiter of ours before the end (or before an enclosing one).
                push(
                    &mut self.defects,
                    DefectKind::StartBoundaryNotFound,
                    body_start,
                );
                self.boundaries.pop();
                return Ok(first);
            }
        };
        let mut last_child: Option<usize> = None;
        while !delimiter.close {
            let (child, stop) = self.entity(delimiter.line_end, Some(idx), depth + 1, digest)?;
            self.link_child(idx, last_child, child);
            last_child = Some(child);
            match stop.at {
                Some(d) if d.level == level => delimiter = d,
                _ => {
                    let at = stop.at.map_or(self.data.len(), |d| d.line_start);
                    push(&mut self.defects, DefectKind::CloseBoundaryNotFound, at);
                    self.boundaries.pop();
                    return Ok(stop);
                }
            }
        }
        // The close delimiter: what follows, up to the next enclosing delimiter, is the epilogue.
        self.boundaries.pop();
        let epilogue = self.scan(delimiter.line_end);
        if let Some(PartSpan {
            kind: PartKind::Multipart { epilogue: e, .. },
            ..
        }) = self.parts.get_mut(idx)
        {
            *e = Some((
                delimiter.line_end,
                epilogue.content_end.max(delimiter.line_end),
            ));
        }
        Ok(epilogue)
    }

    fn set_preamble(&mut self, idx: usize, start: usize, end: usize) {
        if let Some(PartSpan {
            kind: PartKind::Multipart { preamble, .. },
            ..
        }) = self.parts.get_mut(idx)
        {
            *preamble = (start, end.max(start));
        }
    }

    fn link_child(&mut self, parent: usize, previous: Option<usize>, child: usize) {
        let slot = match previous {
            None => self.parts.get_mut(parent).map(|p| &mut p.first_child),
            Some(prev) => self.parts.get_mut(prev).map(|p| &mut p.next_sibling),
        };
        if let Some(slot) = slot {
            *slot = Some(child);
        }
    }

    /// Finds the first line at or after `from` (a line start) that is a delimiter of an
    /// enclosing multipart.
    fn scan(&self, from: usize) -> Stop {
        let data = self.data;
        let end_of_input = Stop {
            content_end: data.len(),
            at: None,
        };
        if self.boundaries.is_empty() {
            return end_of_input;
        }
        let mut candidate = Some(from);
        let mut search_from = from;
        loop {
            let line_start = match candidate.take() {
                Some(p) => p,
                None => {
                    let rest = data.get(search_from..).unwrap_or_default();
                    match self.line_dashes.find(rest) {
                        Some(i) => search_from + i + 1,
                        None => return end_of_input,
                    }
                }
            };
            search_from = line_start;
            let line_end = data
                .get(line_start..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
                .map_or(data.len(), |i| line_start + i + 1);
            let line = data.get(line_start..line_end).unwrap_or_default();
            let line = trim_line_break(line);
            if let Some((level, close)) = match_delimiter(&self.boundaries, line) {
                let content_end = if line_start == from {
                    from
                } else if line_start >= from + 2 && data.get(line_start - 2) == Some(&b'\r') {
                    line_start - 2
                } else {
                    line_start - 1
                };
                return Stop {
                    content_end,
                    at: Some(Delimiter {
                        level,
                        line_start,
                        line_end,
                        close,
                    }),
                };
            }
            if line_start >= data.len() {
                return end_of_input;
            }
        }
    }
}

/// The boundary as bytes: borrowed from the raw field when it appears there verbatim.
fn boundary_bytes<'d>(raw: &'d [u8], boundary: &str) -> Cow<'d, [u8]> {
    match memchr::memmem::find(raw, boundary.as_bytes()) {
        Some(i) => raw
            .get(i..i + boundary.len())
            .map_or_else(|| Cow::Owned(boundary.as_bytes().to_vec()), Cow::Borrowed),
        None => Cow::Owned(boundary.as_bytes().to_vec()),
    }
}
