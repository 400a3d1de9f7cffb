//! A minimal JSON value and writer (RFC 8259), enough for the reference programs' output.
//!
//! Hand-written instead of pulling in `serde_json`: the programs print a few fixed shapes, and
//! the writer is the only part they need.

use std::fmt::Write as _;

/// A JSON value with object keys kept in insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A non-negative integer.
    Number(u64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object; keys in the order given.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A string value, or `null` for `None`.
    pub fn opt_string(s: Option<impl Into<String>>) -> Json {
        s.map_or(Json::Null, |s| Json::String(s.into()))
    }

    /// Writes the value on one line, with no insignificant white space except after `:` and `,`.
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => {
                let _ = write!(out, "{n}");
            }
            Json::String(s) => write_string(out, s),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_string(out, key);
                    out.push_str(": ");
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        self.write(&mut out);
        f.write_str(&out)
    }
}

/// Writes `s` as a JSON string: `"` and `\` escaped, control characters as `\uXXXX` (or their
/// short forms), everything else as UTF-8.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_compact_json() {
        let v = Json::Object(vec![
            ("a".into(), Json::String("x\"y\\z\r\n\u{1}é".into())),
            (
                "b".into(),
                Json::Array(vec![Json::Null, Json::Number(7), Json::Bool(true)]),
            ),
            ("c".into(), Json::Object(vec![])),
        ]);
        assert_eq!(
            v.to_string(),
            r#"{"a": "x\"y\\z\r\n\u0001é", "b": [null, 7, true], "c": {}}"#
        );
    }
}
