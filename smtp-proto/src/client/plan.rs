//! Preparing a message for sending: the `MAIL` and `RCPT` lines, the extensions the content
//! needs, its size, and how it goes (`DATA` or `BDAT`).

use mail_message::envelope::Envelope;

use crate::command::{Body, Command, ParseOptions};
use crate::data::{Normaliser, Stuffer};

use super::config::ClientConfig;
use super::error::UsageError;
use super::event::{Extension, SendFailure};
use super::session::Session;

/// How the content goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    /// `DATA`: line endings made CRLF, dot-stuffed (RFC 5321 §4.5.2).
    Data,
    /// `BDAT` chunks (RFC 3030): the octets as given (`binary`, `BODY=BINARYMIME`) or with
    /// line endings made CRLF.
    Bdat { binary: bool },
}

/// A message ready to go.
#[derive(Debug)]
pub(super) struct Plan {
    pub(super) mail: Vec<u8>,
    pub(super) rcpts: Vec<Vec<u8>>,
    pub(super) method: Method,
}

/// The octets the server will count: what [`Method`] makes of `message`.
pub(super) fn content_size(message: &[u8], method: Method) -> u64 {
    match method {
        Method::Bdat { binary: true } => message.len() as u64,
        Method::Bdat { binary: false } => {
            let mut n = Normaliser::new();
            n.encode(message, |_| {});
            n.finish(|_| {});
            n.report().size
        }
        Method::Data => {
            let mut s = Stuffer::new();
            s.encode(message, |_| {});
            s.finish(|_| {});
            s.report().size
        }
    }
}

/// Reads `line` as a command, as a server would (with SMTPUTF8, so that any address the
/// envelope could hold reads back).
fn parse(line: &str) -> Result<Command<'_>, UsageError> {
    let options = ParseOptions::new()
        .with_smtputf8(true)
        .with_space_after_colon(false);
    Ok(Command::parse(line.as_bytes(), &options)?)
}

/// Builds the commands of a transaction, or says why the message cannot be sent to this
/// server.
///
/// `SIZE`, `BODY` and `SMTPUTF8` are the client's business: the size is the content's
/// (RFC 1870 §6, only when `SIZE` is offered), `BODY` is `8BITMIME` for octets above 127
/// (RFC 6152), `BINARYMIME` for NUL octets or when the envelope asked for it (RFC 3030 §3),
/// and `SMTPUTF8` is set when an address is not ASCII or the envelope asked for it
/// (RFC 6531 §3.4). Other parameters go as the envelope gives them.
///
/// # Errors
/// [`UsageError`] for an envelope that cannot be written.
pub(super) fn prepare(
    envelope: &Envelope<'_>,
    message: &[u8],
    session: &Session,
    config: &ClientConfig,
) -> Result<Result<Plan, SendFailure<'static>>, UsageError> {
    if envelope.recipients.is_empty() {
        return Err(UsageError::NoRecipients);
    }
    let line = format!("MAIL FROM:{}", envelope.mail_argument());
    let Command::Mail {
        reverse_path,
        mut parameters,
    } = parse(&line)?
    else {
        return Err(UsageError::InvalidEnvelope(
            crate::command::CommandError::Empty,
        ));
    };
    let mut rcpts = Vec::with_capacity(envelope.recipients.len());
    for recipient in &envelope.recipients {
        let line = format!("RCPT TO:{recipient}");
        let command = parse(&line)?;
        rcpts.push(command.to_bytes()?);
    }

    let binary = memchr::memchr(0, message).is_some() || parameters.body == Some(Body::BinaryMime);
    let eight_bit = !message.is_ascii() || parameters.body == Some(Body::EightBitMime);
    let smtputf8 = envelope.requires_smtputf8() || parameters.smtputf8;
    let offers = |keyword| session.offers(keyword);
    let missing = if binary && !offers("CHUNKING") {
        Some(Extension::Chunking)
    } else if binary && !offers("BINARYMIME") {
        Some(Extension::BinaryMime)
    } else if eight_bit && !binary && !offers("8BITMIME") {
        Some(Extension::EightBitMime)
    } else if smtputf8 && !offers("SMTPUTF8") {
        Some(Extension::SmtpUtf8)
    } else {
        None
    };
    if let Some(extension) = missing {
        return Ok(Err(SendFailure::NeedsExtension(extension)));
    }
    let method = if binary {
        Method::Bdat { binary: true }
    } else if config.prefer_chunking && offers("CHUNKING") {
        Method::Bdat { binary: false }
    } else {
        Method::Data
    };
    parameters.size = None;
    if offers("SIZE") {
        let size = content_size(message, method);
        if let Some(limit) = session.capabilities.size_limit()
            && size > limit
        {
            return Ok(Err(SendFailure::TooBig { size, limit }));
        }
        parameters.size = Some(size);
    }
    parameters.body = if binary {
        Some(Body::BinaryMime)
    } else if eight_bit {
        Some(Body::EightBitMime)
    } else {
        None
    };
    parameters.smtputf8 = smtputf8;
    let mail = Command::Mail {
        reverse_path,
        parameters,
    }
    .to_bytes()?;
    Ok(Ok(Plan {
        mail,
        rcpts,
        method,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_as_the_server_counts_them() {
        // DATA: line ends repaired and a last CRLF added; stuffing periods not counted.
        assert_eq!(content_size(b"a\n.b", Method::Data), 7);
        assert_eq!(content_size(b"", Method::Data), 0);
        // BDAT text: line ends repaired, nothing added.
        assert_eq!(content_size(b"a\n.b", Method::Bdat { binary: false }), 5);
        // BDAT binary: as is.
        assert_eq!(content_size(b"a\n\0b", Method::Bdat { binary: true }), 4);
    }

    #[test]
    fn the_client_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<super::super::Client>();
    }
}
