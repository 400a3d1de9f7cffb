//! A Maildir message store: `DIR/<user>/Maildir/{tmp,new,cur}`.
//!
//! Delivery follows the Maildir convention (qmail's `maildir(5)`): the message is written to a
//! file with a unique name in `tmp/`, flushed to disk, renamed into `new/`, and the directory
//! itself is flushed, so that once [`Maildir::deliver`] returns the message survives a crash,
//! and a crash before that leaves at most a file in `tmp/`, which readers never look at.
//!
//! Unique names are `SECONDS.M<microseconds>P<pid>Q<counter>.<host>,W=<size>`: the time, the
//! process and a per-process counter make the name unique on one host; `W=` (a Maildir++ and
//! Dovecot convention) records the size of the message with CRLF line ends, which POP3 reports.
//! Flags, if any, follow a `:`; the part before it, the base name, never changes and serves as
//! the message's unique id (POP3 `UIDL`, RFC 1939 §7: at most 70 characters from `!` to `~`).
//!
//! A reader (the POP3 server) takes a [`MaildropLock`] on a user's Maildir: one session at a time,
//! within this process ([`Store::lock`]); it lists, reads and finally deletes a set of messages.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The longest host name part of a unique name, so that names stay short enough to be POP3
/// unique ids (RFC 1939 §7: 70 characters).
const MAX_HOST_IN_NAME: usize = 20;

/// The root of the store: one Maildir per user under `root/<user>/Maildir`.
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
    host: String,
    pid: u32,
    counter: AtomicU64,
    locked: Arc<Mutex<HashSet<String>>>,
}

/// Why a [`MaildropLock`] could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another session holds the maildrop (POP3's `[IN-USE]`, RFC 2449 §8.1.2).
    #[error("[IN-USE] the maildrop is in use by another session")]
    InUse,
    /// The Maildir could not be opened or listed.
    #[error("the maildrop cannot be opened: {0}")]
    Io(#[from] io::Error),
}

impl Store {
    /// A store rooted at `root` (created if missing); `host` is this machine's name, used in
    /// unique file names.
    ///
    /// # Errors
    /// `root` cannot be created.
    pub fn open(root: impl Into<PathBuf>, host: &str) -> io::Result<Store> {
        let root = root.into();
        fs::create_dir_all(&root)?;
        Ok(Store {
            root,
            host: name_safe_host(host),
            pid: std::process::id(),
            counter: AtomicU64::new(0),
            locked: Arc::default(),
        })
    }

    /// The store's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The Maildir of `user` (created if missing). `user` must be a safe name (see
    /// [`is_safe_user_name`]).
    ///
    /// # Errors
    /// The name is not safe, or the directories cannot be created.
    pub fn maildir(&self, user: &str) -> io::Result<Maildir> {
        if !is_safe_user_name(user) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "unsafe user name",
            ));
        }
        Maildir::create(self.root.join(user).join("Maildir"))
    }

    /// A fresh unique file name for a message of `crlf_size` octets (CRLF form), made at
    /// `now` (see the [module](self) overview).
    pub fn unique_name(&self, now: SystemTime, crlf_size: u64) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let since = now.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
        format!(
            "{}.M{}P{}Q{}.{},W={}",
            since.as_secs(),
            since.subsec_micros(),
            self.pid,
            n,
            self.host,
            crlf_size
        )
    }

    /// Delivers `parts` (written one after the other: trace fields, then the message) to
    /// `user`'s Maildir under a fresh unique name; returns the name once the message is
    /// durable in `new/`.
    ///
    /// # Errors
    /// Any file system error; nothing is then visible in `new/`.
    pub fn deliver(&self, user: &str, now: SystemTime, parts: &[&[u8]]) -> io::Result<String> {
        let maildir = self.maildir(user)?;
        let size = crlf_size_of_parts(parts);
        let name = self.unique_name(now, size);
        maildir.deliver(&name, parts)?;
        Ok(name)
    }

    /// Takes `user`'s maildrop for one reading session and lists its messages. Only one lock
    /// per user exists at a time in this process; it is released when dropped.
    ///
    /// # Errors
    /// [`LockError::InUse`] if another session holds it, [`LockError::Io`] if the Maildir
    /// cannot be listed.
    pub fn lock(&self, user: &str) -> Result<MaildropLock, LockError> {
        let maildir = self.maildir(user)?;
        {
            let mut locked = self.locked.lock().map_err(|_| LockError::InUse)?;
            if !locked.insert(user.to_owned()) {
                return Err(LockError::InUse);
            }
        }
        let guard = Held {
            user: user.to_owned(),
            locked: Arc::clone(&self.locked),
        };
        let messages = maildir.list()?;
        Ok(MaildropLock {
            maildir,
            messages,
            _held: guard,
        })
    }
}

/// `true` if `name` can be a directory name under the store: 1 to 64 characters of ASCII
/// letters, digits, `.`, `_`, `-`, not starting with `.`.
pub fn is_safe_user_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The host name as it may appear in a unique name: `/` and `:` written `\057` and `\072`
/// (the Maildir convention), other characters outside `!`..`~` dropped, at most
/// [`MAX_HOST_IN_NAME`] characters.
fn name_safe_host(host: &str) -> String {
    let mut out = String::new();
    for c in host.chars() {
        match c {
            '/' => out.push_str("\\057"),
            ':' => out.push_str("\\072"),
            ',' => out.push_str("\\054"),
            '!'..='~' => out.push(c),
            _ => {}
        }
        if out.len() >= MAX_HOST_IN_NAME {
            break;
        }
    }
    out.truncate(MAX_HOST_IN_NAME);
    if out.is_empty() {
        out.push_str("localhost");
    }
    out
}

/// The size of `bytes` once every bare LF is written CRLF (RFC 1939 counts octets on the wire,
/// where lines end in CRLF).
pub fn crlf_size(bytes: &[u8]) -> u64 {
    crlf_size_of_parts(&[bytes])
}

/// [`crlf_size`] of the concatenation of `parts`.
pub fn crlf_size_of_parts(parts: &[&[u8]]) -> u64 {
    let mut size = 0u64;
    let mut previous = 0u8;
    for part in parts {
        size += part.len() as u64;
        for &b in *part {
            if b == b'\n' && previous != b'\r' {
                size += 1;
            }
            previous = b;
        }
    }
    size
}

/// One user's Maildir.
#[derive(Debug, Clone)]
pub struct Maildir {
    path: PathBuf,
}

/// A message listed in a Maildir.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The base name (before any `:`): the message's unique id, stable across sessions.
    pub uid: String,
    /// Where the file is now.
    pub path: PathBuf,
    /// The size in octets of the message with CRLF line ends.
    pub size: u64,
}

impl Maildir {
    /// Opens the Maildir at `path`, creating `tmp/`, `new/` and `cur/` if missing.
    ///
    /// # Errors
    /// A directory cannot be created.
    pub fn create(path: impl Into<PathBuf>) -> io::Result<Maildir> {
        let path = path.into();
        for sub in ["tmp", "new", "cur"] {
            fs::create_dir_all(path.join(sub))?;
        }
        Ok(Maildir { path })
    }

    /// The Maildir's directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `parts` to `tmp/<name>`, flushes it, renames it to `new/<name>` and flushes
    /// `new/`. When this returns `Ok`, the message is durable and visible.
    ///
    /// # Errors
    /// Any file system error; the `tmp/` file is then removed (if it can be).
    pub fn deliver(&self, name: &str, parts: &[&[u8]]) -> io::Result<()> {
        if name.contains('/') || name.starts_with('.') || name.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "bad unique name",
            ));
        }
        let tmp = self.path.join("tmp").join(name);
        let new = self.path.join("new").join(name);
        let written = (|| {
            let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
            for part in parts {
                file.write_all(part)?;
            }
            file.sync_all()?;
            drop(file);
            fs::rename(&tmp, &new)?;
            File::open(self.path.join("new"))?.sync_all()
        })();
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    }

    /// Every message in `new/` and `cur/` (never `tmp/`), oldest first (by name, which starts
    /// with the delivery time).
    ///
    /// # Errors
    /// A directory cannot be read.
    pub fn list(&self) -> io::Result<Vec<Entry>> {
        let mut entries = Vec::new();
        for sub in ["new", "cur"] {
            for item in fs::read_dir(self.path.join(sub))? {
                let item = item?;
                let file_name = item.file_name();
                let Some(name) = file_name.to_str() else {
                    continue;
                };
                if name.starts_with('.') || !item.file_type()?.is_file() {
                    continue;
                }
                let uid = name.split(':').next().unwrap_or(name).to_owned();
                let path = item.path();
                let size = match size_from_name(&uid) {
                    Some(size) => size,
                    None => crlf_size(&fs::read(&path)?),
                };
                entries.push(Entry { uid, path, size });
            }
        }
        entries.sort_by(|a, b| order_key(&a.uid).cmp(&order_key(&b.uid)));
        Ok(entries)
    }

    /// The message's bytes as stored.
    ///
    /// # Errors
    /// The file cannot be read (it may have been removed by another reader).
    pub fn read(&self, entry: &Entry) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        File::open(&entry.path)?.read_to_end(&mut out)?;
        Ok(out)
    }

    /// Removes these messages (already missing ones are not an error) and flushes the
    /// directories.
    ///
    /// # Errors
    /// A file could not be removed.
    pub fn delete<'e>(&self, entries: impl IntoIterator<Item = &'e Entry>) -> io::Result<()> {
        for entry in entries {
            match fs::remove_file(&entry.path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        for sub in ["new", "cur"] {
            File::open(self.path.join(sub))?.sync_all()?;
        }
        Ok(())
    }
}

/// `W=<size>` in a base name, as written by [`Store::unique_name`].
fn size_from_name(uid: &str) -> Option<u64> {
    uid.split(',')
        .skip(1)
        .find_map(|field| field.strip_prefix("W="))
        .and_then(|n| n.parse().ok())
}

/// Sorts names by delivery time (the leading seconds, then the microseconds), then by name.
fn order_key(uid: &str) -> (u64, u64, &str) {
    let mut fields = uid.split('.');
    let secs = fields
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(u64::MAX);
    let micros = fields
        .next()
        .and_then(|s| s.strip_prefix('M'))
        .and_then(|s| s.split('P').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (secs, micros, uid)
}

/// A maildrop held by one reading session: the messages as listed when it was taken.
#[derive(Debug)]
pub struct MaildropLock {
    maildir: Maildir,
    messages: Vec<Entry>,
    _held: Held,
}

impl MaildropLock {
    /// The messages, numbered from 1 in this order (POP3's message numbers).
    pub fn messages(&self) -> &[Entry] {
        &self.messages
    }

    /// The bytes of message `index` (0-based).
    ///
    /// # Errors
    /// No such message, or the file cannot be read.
    pub fn read(&self, index: usize) -> io::Result<Vec<u8>> {
        let entry = self
            .messages
            .get(index)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such message"))?;
        self.maildir.read(entry)
    }

    /// Opens message `index` (0-based) for reading, so that it can be streamed rather than
    /// read whole.
    ///
    /// # Errors
    /// No such message, or the file cannot be opened (another program may have removed it).
    pub fn open(&self, index: usize) -> io::Result<File> {
        let entry = self
            .messages
            .get(index)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such message"))?;
        File::open(&entry.path)
    }

    /// Deletes the messages at these 0-based indices (POP3's `UPDATE` state) and releases
    /// the lock.
    ///
    /// # Errors
    /// A file could not be removed.
    pub fn delete(self, indices: &[usize]) -> io::Result<()> {
        let chosen = indices.iter().filter_map(|&i| self.messages.get(i));
        self.maildir.delete(chosen)
    }
}

/// Releases a user's lock when dropped.
#[derive(Debug)]
struct Held {
    user: String,
    locked: Arc<Mutex<HashSet<String>>>,
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Ok(mut locked) = self.locked.lock() {
            locked.remove(&self.user);
        }
    }
}

#[cfg(test)]
mod tests;
