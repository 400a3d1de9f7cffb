//! `Received` trace fields: RFC 5321 §4.4 `Time-stamp-line` (with RFC 5322 §3.6.7's loose
//! `received` syntax as the fallback).
