//! The one driving shape shared by every state machine of the workspace (the same enum as
//! `smtp_proto::Poll`, so a driver written for one protocol reads the same for the others).

/// What a state machine wants its driver to do next.
///
/// A driver calls `poll()` in a loop and does what it is told; nothing else happens inside the
/// machine. The same variants, with the same meaning, are used by the SMTP, POP3 and IMAP client
/// and server machines:
///
/// ```text
/// loop {
///     match machine.poll() {
///         Poll::Transmit(bytes) => socket.write_all(bytes)?,     // send these bytes
///         Poll::Event(event)    => app.handle(event),            // decide, answer
///         Poll::NeedInput       => machine.receive(&read(socket)?),
///         Poll::Waiting         => app.answer_pending(&mut machine),
///         Poll::StartTls        => socket = tls_upgrade(socket)?, // then keep polling
///         Poll::Closed          => break,
///     }
/// }
/// ```
#[derive(Debug, PartialEq, Eq)]
#[must_use]
pub enum Poll<'a, E> {
    /// Write these bytes to the peer, all of them, before the next `poll()`. They are taken out
    /// of the machine's queue by the next call to `poll()`.
    Transmit(&'a [u8]),
    /// Something happened. Events that need a decision say so in their documentation and are
    /// answered with a method call on the machine before it goes on.
    Event(E),
    /// Nothing more can happen until more bytes arrive from the peer: read and `receive()`
    /// them. (Wait at most the machine's `timeout()`, then call `handle_timeout()`.)
    NeedInput,
    /// The machine waits for the application to answer the last decision event. Bytes from the
    /// peer may still be received meanwhile; they stay buffered.
    Waiting,
    /// Upgrade the connection to TLS now, then keep polling. Every byte received before this
    /// point that was not yet processed has been discarded, so no plaintext sent by the peer
    /// before the handshake can be taken for protected input (RFC 2595 §4).
    StartTls,
    /// The session is over: close the connection.
    Closed,
}
