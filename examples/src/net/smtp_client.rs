//! Running an [`smtp_proto::client::Client`] on a blocking connection.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use mail_message::envelope::Envelope;
use smtp_proto::Poll;
use smtp_proto::client::{Client, Event};

use super::{Connection, Input};

/// One message to send: its envelope and its bytes.
#[derive(Debug, Clone)]
pub struct Job {
    /// The envelope (`MAIL FROM`, `RCPT TO`).
    pub envelope: Envelope<'static>,
    /// The message, as the client machine takes it.
    pub message: Vec<u8>,
}

/// TLS for the client side: the configuration and the name to verify the server as.
#[derive(Debug, Clone)]
pub struct ClientTls {
    /// The rustls configuration.
    pub config: Arc<rustls::ClientConfig>,
    /// The server's name (for SNI and certificate checks).
    pub server_name: String,
}

/// Drives `client` over `connection`: sends every job when the session is ready (one after
/// the other on the same connection), then `QUIT`; upgrades to TLS with `tls` when the client
/// says `StartTls`; hands every event to `on_event`. Returns when the session is closed.
///
/// # Errors
/// An I/O error, a TLS failure, `StartTls` without a TLS configuration, or a job the client
/// refuses (a malformed envelope).
pub fn run(
    connection: Connection,
    client: &mut Client,
    tls: Option<&ClientTls>,
    jobs: &[Job],
    mut on_event: impl FnMut(&Event<'_>),
) -> io::Result<()> {
    let mut conn = connection;
    let mut jobs = jobs.iter();
    let mut quit = false;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match client.poll() {
            Poll::Transmit(bytes) => {
                conn.write_all(bytes)?;
                conn.flush()?;
            }
            Poll::Event(event) => on_event(&event),
            Poll::NeedInput => {
                let wait = client.timeout().map(|t| t.max(Duration::from_millis(1)));
                match conn.read_within(&mut buf, wait)? {
                    Input::Data(data) => client.receive(data),
                    Input::Eof => client.handle_eof(),
                    Input::TimedOut => client.handle_timeout(),
                    Input::Interrupted => {}
                }
            }
            Poll::Waiting if quit => return Err(io::Error::other("the client waits after QUIT")),
            Poll::Waiting => {
                let sent = match jobs.next() {
                    Some(job) => client.send(&job.envelope, job.message.clone()),
                    None => {
                        quit = true;
                        client.quit()
                    }
                };
                sent.map_err(io::Error::other)?;
            }
            Poll::StartTls => {
                let tls =
                    tls.ok_or_else(|| io::Error::other("STARTTLS without a TLS configuration"))?;
                conn = conn.into_client_tls(Arc::clone(&tls.config), &tls.server_name)?;
            }
            Poll::Closed => return Ok(()),
        }
    }
}
