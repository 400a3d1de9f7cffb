//! Structured header fields, decoded on demand from a field's raw value.
//!
//! Every parser here reads the raw, still folded value of a field (as
//! [`HeaderField::raw_value`](crate::header::HeaderField::raw_value) gives it), never fails, and
//! records what it had to repair as [`Defect`](crate::Defect)s whose offsets are relative to that
//! value.

pub mod address;
pub mod content_type;
pub mod date;
pub mod message_id;
pub mod received;
pub mod transfer_encoding;
pub mod unstructured;
