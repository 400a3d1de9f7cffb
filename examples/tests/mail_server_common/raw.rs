#![allow(unreachable_pub)]

//! A minimal SMTP dialogue written by hand, for tests that need exact bytes on the wire.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// One connection and a line reader on it.
pub struct Raw {
    pub stream: TcpStream,
    pub reader: BufReader<TcpStream>,
}

impl Raw {
    pub fn connect(addr: SocketAddr) -> std::io::Result<Raw> {
        let stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let reader = BufReader::new(stream.try_clone()?);
        let mut raw = Raw { stream, reader };
        raw.reply()?;
        Ok(raw)
    }

    pub fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// The next complete reply, its lines joined (`250-a\r\n250 b\r\n`).
    pub fn reply(&mut self) -> std::io::Result<String> {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            all.push_str(&line);
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(all);
            }
        }
    }

    /// Sends `command` and returns the reply.
    pub fn command(&mut self, command: &str) -> std::io::Result<String> {
        self.send(command.as_bytes())?;
        self.send(b"\r\n")?;
        self.reply()
    }

    /// One transaction, one command at a time; returns the reply to the end of data.
    pub fn transaction(&mut self, from: &str, to: &str, content: &[u8]) -> std::io::Result<String> {
        let mail = self.command(&format!("MAIL FROM:<{from}>"))?;
        if !mail.starts_with("250") {
            return Ok(mail);
        }
        let rcpt = self.command(&format!("RCPT TO:<{to}>"))?;
        if !rcpt.starts_with("250") {
            return Ok(rcpt);
        }
        let data = self.command("DATA")?;
        if !data.starts_with("354") {
            return Ok(data);
        }
        self.send(content)?;
        self.send(b".\r\n")?;
        self.reply()
    }
}

/// A test message with a unique tag; ends with `END <tag>` so a truncated copy shows.
pub fn tagged_message(tag: &str, body_lines: usize) -> Vec<u8> {
    let mut m = format!("Message-ID: <{tag}@test.example>\r\nSubject: {tag}\r\n\r\n").into_bytes();
    for i in 0..body_lines {
        m.extend_from_slice(
            format!("line {i} of {tag} ..............................................\r\n")
                .as_bytes(),
        );
    }
    m.extend_from_slice(format!("END {tag}\r\n").as_bytes());
    m
}
