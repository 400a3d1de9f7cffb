//! Driving the engines over real sockets: blocking TCP connections, optionally upgraded to TLS
//! (rustls), and the poll loops that move bytes between a socket and a state machine.

pub mod pop3_client;
pub mod pop3_server;
pub mod smtp_client;
pub mod smtp_server;
pub mod tls;

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// What one bounded read of a [`Connection`] gave ([`Connection::read_within`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Input<'b> {
    /// Bytes from the peer.
    Data(&'b [u8]),
    /// The peer closed the connection.
    Eof,
    /// Nothing arrived within the wait.
    TimedOut,
    /// A signal interrupted the read before anything arrived.
    Interrupted,
}

/// A connection that may be upgraded to TLS in the middle (STARTTLS) or start with it.
#[derive(Debug)]
pub enum Connection {
    /// Plain TCP.
    Plain(TcpStream),
    /// TLS, server side.
    ServerTls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
    /// TLS, client side.
    ClientTls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
}

impl Connection {
    /// Reads once into `buf`, waiting at most `wait` (`None`: no limit). The outcomes every
    /// poll loop tells apart come back as [`Input`]; only real I/O errors are `Err`.
    ///
    /// # Errors
    /// Setting the read timeout failed (e.g. a zero `wait`), or the read failed.
    pub fn read_within<'b>(
        &mut self,
        buf: &'b mut [u8],
        wait: Option<Duration>,
    ) -> io::Result<Input<'b>> {
        self.tcp().set_read_timeout(wait)?;
        match self.read(buf) {
            Ok(0) => Ok(Input::Eof),
            Ok(n) => Ok(Input::Data(buf.get(..n).unwrap_or_default())),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Ok(Input::TimedOut)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(Input::Interrupted),
            Err(e) => Err(e),
        }
    }

    /// The TCP stream underneath.
    pub fn tcp(&self) -> &TcpStream {
        match self {
            Connection::Plain(s) => s,
            Connection::ServerTls(s) => s.get_ref(),
            Connection::ClientTls(s) => s.get_ref(),
        }
    }

    /// Upgrades a plain connection to server-side TLS and completes the handshake.
    ///
    /// # Errors
    /// The handshake failed, or the connection is already TLS.
    pub fn into_server_tls(
        self,
        config: std::sync::Arc<rustls::ServerConfig>,
    ) -> io::Result<Connection> {
        let Connection::Plain(tcp) = self else {
            return Err(io::Error::other("the connection is already TLS"));
        };
        let session = rustls::ServerConnection::new(config).map_err(io::Error::other)?;
        let mut stream = rustls::StreamOwned::new(session, tcp);
        while stream.conn.is_handshaking() {
            stream.conn.complete_io(&mut stream.sock)?;
        }
        Ok(Connection::ServerTls(Box::new(stream)))
    }

    /// Upgrades a plain connection to client-side TLS for `server_name` and completes the
    /// handshake.
    ///
    /// # Errors
    /// The name is invalid, the handshake failed, or the connection is already TLS.
    pub fn into_client_tls(
        self,
        config: std::sync::Arc<rustls::ClientConfig>,
        server_name: &str,
    ) -> io::Result<Connection> {
        let Connection::Plain(tcp) = self else {
            return Err(io::Error::other("the connection is already TLS"));
        };
        let name = rustls::pki_types::ServerName::try_from(server_name.to_owned())
            .map_err(io::Error::other)?;
        let session = rustls::ClientConnection::new(config, name).map_err(io::Error::other)?;
        let mut stream = rustls::StreamOwned::new(session, tcp);
        while stream.conn.is_handshaking() {
            stream.conn.complete_io(&mut stream.sock)?;
        }
        Ok(Connection::ClientTls(Box::new(stream)))
    }
}

impl Read for Connection {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Connection::Plain(s) => s.read(buf),
            Connection::ServerTls(s) => s.read(buf),
            Connection::ClientTls(s) => s.read(buf),
        }
    }
}

impl Write for Connection {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Connection::Plain(s) => s.write(buf),
            Connection::ServerTls(s) => s.write(buf),
            Connection::ClientTls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Connection::Plain(s) => s.flush(),
            Connection::ServerTls(s) => s.flush(),
            Connection::ClientTls(s) => s.flush(),
        }
    }
}
