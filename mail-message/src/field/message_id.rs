//! Message identifiers: RFC 5322 §3.6.4 `msg-id` in `Message-ID`, `In-Reply-To`,
//! `References` (and `Content-ID`, RFC 2045 §7).

use std::borrow::Cow;

/// One `msg-id`, without its angle brackets: `id-left "@" id-right`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MessageId<'a>(pub Cow<'a, str>);
