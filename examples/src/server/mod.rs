//! The reference mail server: SMTP (MX), submission, LMTP and implicit-TLS submission
//! listeners delivering into a Maildir store, and POP3 (STLS or implicit TLS) reading from it,
//! one thread per connection.
//!
//! [`start`] binds the listeners and returns a [`Running`] server; [`Running::shutdown`] stops
//! accepting, asks every open session to end (`421`, RFC 5321 §3.8) and waits for them. The
//! `mail-server` example is [`options::Options`] plus this; the tests start the same code on
//! port 0.

pub mod certificate;
pub mod options;
pub mod pop3;
pub mod session;
pub mod trace;
pub mod users;

use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use smtp_proto::server::Limits;

use crate::maildir::Store;
use users::Users;

/// What a listener serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// SMTP in the MX role (RFC 5321): mail for local users, from anyone, no relaying.
    Smtp,
    /// Message submission (RFC 6409): `AUTH` required, then mail to local users.
    Submission,
    /// LMTP (RFC 2033): local delivery, one reply per recipient.
    Lmtp,
    /// Submission over implicit TLS (RFC 8314 §3.3).
    Smtps,
    /// POP3 (RFC 1939) with `STLS` (RFC 2595).
    Pop3,
    /// POP3 over implicit TLS (RFC 8314 §3.3).
    Pop3s,
}

impl Service {
    /// The name printed and logged.
    pub fn name(self) -> &'static str {
        match self {
            Service::Smtp => "smtp",
            Service::Submission => "submission",
            Service::Lmtp => "lmtp",
            Service::Smtps => "smtps",
            Service::Pop3 => "pop3",
            Service::Pop3s => "pop3s",
        }
    }

    /// `true` for the services that take mail from authenticated users only.
    pub fn is_submission(self) -> bool {
        matches!(self, Service::Submission | Service::Smtps)
    }

    /// `true` for the POP3 services.
    pub fn is_pop3(self) -> bool {
        matches!(self, Service::Pop3 | Service::Pop3s)
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything the server needs to start.
#[derive(Debug)]
pub struct Config {
    /// The listeners to open.
    pub listeners: Vec<(Service, SocketAddr)>,
    /// Where the Maildirs are.
    pub data: PathBuf,
    /// The users (each has a Maildir; their addresses are `name@domain`).
    pub users: Users,
    /// The mail domain of the users; also this server's name in greetings and trace fields.
    pub domain: String,
    /// This machine's name, used in Maildir file names.
    pub host: String,
    /// The TLS configuration for STARTTLS and the implicit-TLS listener.
    pub tls: Arc<rustls::ServerConfig>,
    /// The SMTP engine's limits.
    pub limits: Limits,
    /// The POP3 engine's limits.
    pub pop3_limits: pop3_proto::server::Limits,
}

/// What every session shares.
#[derive(Debug)]
pub struct Shared {
    /// The message store.
    pub store: Store,
    /// The users.
    pub users: Users,
    /// The mail domain.
    pub domain: String,
    /// TLS.
    pub tls: Arc<rustls::ServerConfig>,
    /// The SMTP engine's limits.
    pub limits: Limits,
    /// The POP3 engine's limits.
    pub pop3_limits: pop3_proto::server::Limits,
    /// This machine's name (in APOP timestamps).
    pub host: String,
    /// Set when the server shuts down.
    pub stopping: AtomicBool,
    /// Numbers sessions and queue ids.
    pub counter: AtomicU64,
}

/// A started server.
#[derive(Debug)]
pub struct Running {
    shared: Arc<Shared>,
    bound: Vec<(Service, SocketAddr)>,
    acceptors: Vec<JoinHandle<()>>,
    sessions: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

/// Binds every listener of `config` and starts accepting connections.
///
/// # Errors
/// The store cannot be created or a listener cannot be bound.
pub fn start(config: Config) -> io::Result<Running> {
    let store = Store::open(&config.data, &config.host)?;
    for user in config.users.iter() {
        store.maildir(&user.name)?;
    }
    let shared = Arc::new(Shared {
        store,
        users: config.users,
        domain: config.domain,
        tls: config.tls,
        limits: config.limits,
        pop3_limits: config.pop3_limits,
        host: config.host,
        stopping: AtomicBool::new(false),
        counter: AtomicU64::new(0),
    });
    let mut listeners = Vec::new();
    for (service, addr) in config.listeners {
        let listener = TcpListener::bind(addr)
            .map_err(|e| io::Error::new(e.kind(), format!("{service} on {addr}: {e}")))?;
        let local = listener.local_addr()?;
        listeners.push((service, listener, local));
    }
    let sessions: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
    let mut bound = Vec::new();
    let mut acceptors = Vec::new();
    for (service, listener, local) in listeners {
        bound.push((service, local));
        let shared = Arc::clone(&shared);
        let sessions = Arc::clone(&sessions);
        acceptors.push(thread::spawn(move || {
            accept_loop(service, &listener, &shared, &sessions);
        }));
    }
    Ok(Running {
        shared,
        bound,
        acceptors,
        sessions,
    })
}

fn accept_loop(
    service: Service,
    listener: &TcpListener,
    shared: &Arc<Shared>,
    sessions: &Mutex<Vec<JoinHandle<()>>>,
) {
    loop {
        let accepted = listener.accept();
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                tracing::warn!(%service, error = %e, "accept failed");
                // Out of file descriptors and the like: do not spin.
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let shared = Arc::clone(shared);
        let handle = thread::spawn(move || {
            if service.is_pop3() {
                pop3::run(service, stream, peer, &shared);
            } else {
                session::run(service, stream, peer, &shared);
            }
        });
        if let Ok(mut all) = sessions.lock() {
            all.retain(|h| !h.is_finished());
            all.push(handle);
        }
    }
}

impl Running {
    /// The listeners, with the addresses they are bound to (the real port when 0 was asked).
    pub fn listeners(&self) -> &[(Service, SocketAddr)] {
        &self.bound
    }

    /// The address of the first listener of `service`.
    pub fn addr(&self, service: Service) -> Option<SocketAddr> {
        self.bound
            .iter()
            .find(|(s, _)| *s == service)
            .map(|(_, a)| *a)
    }

    /// What the sessions share (the store, the users).
    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Stops accepting connections, asks every session to end, and waits for them (at most
    /// `grace`; sessions still running then are left to the process's exit).
    pub fn shutdown(self, grace: Duration) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        for (_, addr) in &self.bound {
            // Wake the blocking accept() so that it sees the flag.
            let _ = TcpStream::connect_timeout(&reachable(*addr), Duration::from_secs(1));
        }
        for acceptor in self.acceptors {
            let _ = acceptor.join();
        }
        let deadline = Instant::now() + grace;
        let handles = self
            .sessions
            .lock()
            .map(|mut all| std::mem::take(&mut *all))
            .unwrap_or_default();
        for handle in handles {
            while !handle.is_finished() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(10));
            }
            if handle.is_finished() {
                let _ = handle.join();
            }
        }
        tracing::info!("server stopped");
    }
}

/// An address a connection can reach: the loopback address for a wildcard one.
fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), addr.port())
        }
        _ => addr,
    }
}
